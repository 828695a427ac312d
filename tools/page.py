"""Open an exported graph.html in headless Chromium (Debian's /usr/bin/chromium through
Playwright), served from 127.0.0.1 with every other origin blocked: for the benchmark's
time-to-interactive and the README's screenshot. The tests have their own fixtures."""

from __future__ import annotations

import contextlib
import functools
import http.server
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

CHROMIUM = Path("/usr/bin/chromium")
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync"]
# Resolves with window.kgReadyMs once the page has laid out its first view.
WAIT_READY = """() => new Promise((resolve, reject) => {
  if (window.kgReady) return resolve(window.kgReadyMs);
  document.addEventListener("kg:ready", () => resolve(window.kgReadyMs));
  setTimeout(() => reject(new Error("not ready after 120 s")), 120000);
})"""


def available() -> bool:
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return False
    return CHROMIUM.exists()


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args: Any) -> None:
        pass


@contextlib.contextmanager
def opened(page: Path, width: int = 1440, height: int = 900) -> Iterator[tuple[Any, float]]:
    """(Playwright page, milliseconds to kgReady) for ``page``."""
    from playwright.sync_api import sync_playwright

    server = http.server.ThreadingHTTPServer(
        ("127.0.0.1", 0), functools.partial(_Quiet, directory=str(page.parent)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    origin = f"http://127.0.0.1:{server.server_address[1]}"
    try:
        with sync_playwright() as pw:
            browser = pw.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=ARGS)
            try:
                tab = browser.new_page(viewport={"width": width, "height": height})
                tab.route("**/*", lambda route: route.continue_()
                          if route.request.url.startswith(origin) else route.abort())
                tab.goto(f"{origin}/{page.name}", timeout=120000)
                yield tab, tab.evaluate(WAIT_READY)
            finally:
                browser.close()
    finally:
        server.shutdown()
        server.server_close()
