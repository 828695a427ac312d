"""Take the README's picture of the network: ``python tools/screenshot.py [PAGE] [PNG]``
(default exports/graph.html → docs/graph.png), with one department selected so that the
side panel shows its labels, neighbours and source quotes."""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from page import available, opened  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
SELECT = "https://w3id.org/quality-month/id/dept/aqsiq"


def main(argv: list[str]) -> int:
    page = Path(argv[0]) if argv else ROOT / "exports" / "graph.html"
    png = Path(argv[1]) if len(argv) > 1 else ROOT / "docs" / "graph.png"
    if not available():
        print("screenshot: needs playwright and /usr/bin/chromium (bash tests/setup.sh)",
              file=sys.stderr)
        return 2
    with opened(page.resolve()) as (tab, ready_ms):
        tab.evaluate(f"kg.selectNode('{SELECT}')")
        tab.wait_for_timeout(1500)  # let the layout settle around the selection
        png.parent.mkdir(parents=True, exist_ok=True)
        tab.screenshot(path=str(png))
    print(f"screenshot: {png} (page ready after {ready_ms / 1000:.2f} s)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
