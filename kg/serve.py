"""``kg serve``: a local SPARQL endpoint over the exported graph, with the Oxigraph server.

The graph files are loaded (``oxigraph load``) into a temporary database, which
``oxigraph serve --union-default-graph`` then serves: queries without GRAPH see every named
graph, as ``kg query`` does. A large graph (the threshold of kg.store.PERSIST_ABOVE_BYTES)
is served read-only (``oxigraph serve-read-only``) from the on-disk store ``kg query``
keeps for it (kg.store.persistent_store), made on first use: loading the graph of 10,000
notices takes a minute, opening its store a moment. The server listens on 127.0.0.1 unless
told otherwise. Ctrl-C (SIGINT) or SIGTERM stops it, a temporary database is removed and
the exit status is 0.

Endpoints (Oxigraph): ``/query`` (SPARQL query), ``/update``, ``/store`` (Graph Store
protocol) and a query editor at ``/``.
"""

from __future__ import annotations

import argparse
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from pathlib import Path
from types import FrameType

from kg.errors import ConfigError, InputError, KgError
from kg.store import (
    PERSIST_ABOVE_BYTES,
    default_graph_files,
    persistent_store,
    rdf_format,
    with_ontology,
)

DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 7878
START_TIMEOUT = 30.0  # seconds for the server to accept connections


def oxigraph_binary() -> str:
    """Path of the ``oxigraph`` server binary (pip package ``oxigraph``)."""
    beside = Path(sys.executable).with_name("oxigraph")
    if beside.is_file():
        return str(beside)
    found = shutil.which("oxigraph")
    if not found:
        raise ConfigError("the oxigraph server is not installed: pip install oxigraph")
    return found


def _free_port(host: str) -> int:
    with socket.socket(socket.AF_INET6 if ":" in host else socket.AF_INET) as s:
        s.bind((host, 0))
        return int(s.getsockname()[1])


def _check_port(host: str, port: int) -> None:
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    with socket.socket(family) as s:
        s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            s.bind((host, port))
        except OSError as exc:
            raise InputError(f"--port {port}: cannot listen on {host}: {exc.strerror}") from None


def _wait_until_up(proc: subprocess.Popen[bytes], host: str, port: int) -> None:
    deadline = time.monotonic() + START_TIMEOUT
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise InputError(f"oxigraph serve exited with status {proc.returncode}")
        try:
            socket.create_connection((host, port), timeout=0.5).close()
            return
        except OSError:
            time.sleep(0.1)
    raise InputError(f"oxigraph serve did not start listening on {host}:{port}")


def _url(host: str, port: int) -> str:
    return f"http://[{host}]:{port}/" if ":" in host else f"http://{host}:{port}/"


def serve(
    graphs: list[Path],
    host: str = DEFAULT_HOST,
    port: int = DEFAULT_PORT,
    *,
    announce: Callable[[str], None] | None = None,
    persist_above: int = PERSIST_ABOVE_BYTES,
) -> int:
    """Serve the graph files until interrupted; returns 0 after a clean stop.

    Args:
        graphs: RDF files; empty means the build's export (``exports/graph.trig``, else
            ``graph.ttl``), with ``ontology.ttl`` from the same folder if present.
        host: address to listen on (loopback by default).
        port: TCP port; 0 picks a free one.
        announce: receives the "serving at URL" line (stdout by default).
        persist_above: graphs larger than this many bytes are served read-only from their
            on-disk store (see :func:`kg.store.persistent_store`).

    Raises:
        InputError: missing or invalid graph file, port in use, server failed to start.
        ConfigError: the oxigraph binary is not installed.
    """
    announce = announce or (lambda line: print(line, flush=True))
    files = with_ontology(list(graphs) if graphs else default_graph_files())
    for f in files:
        rdf_format(f)
        if not f.is_file():
            raise InputError(f"{f}: no such file")
    binary = oxigraph_binary()
    port = _free_port(host) if port == 0 else port
    _check_port(host, port)

    # SIGINT and SIGTERM stop the server the same way, and are handled explicitly because a
    # process started in the background of a shell inherits SIGINT ignored.
    def interrupt(signum: int, frame: FrameType | None) -> None:
        raise KeyboardInterrupt

    stop_signals = (signal.SIGINT, signal.SIGTERM)
    previous = {}
    if threading.current_thread() is threading.main_thread():
        previous = {sig: signal.signal(sig, interrupt) for sig in stop_signals}
    tmp: Path | None = None
    proc: subprocess.Popen[bytes] | None = None
    try:
        db = persistent_store(files, persist_above=persist_above,
                              note=lambda line: print(line, file=sys.stderr, flush=True))
        mode = "serve-read-only" if db is not None else "serve"
        if db is None:
            tmp = Path(tempfile.mkdtemp(prefix="kg-serve-"))
            db = tmp / "db"
            load = subprocess.run(
                [binary, "load", "--location", str(db), "--file", *map(str, files)],
                capture_output=True, text=True, check=False,
            )
            if load.returncode != 0:
                detail = (load.stderr or load.stdout).strip().splitlines()
                raise InputError(
                    f"oxigraph load failed: {detail[-1] if detail else load.returncode}")
        proc = subprocess.Popen(
            [binary, mode, "--location", str(db), "--bind", f"{host}:{port}",
             "--union-default-graph"],
            stdin=subprocess.DEVNULL,
        )
        _wait_until_up(proc, host, port)
        url = _url(host, port)
        announce(f"serving {', '.join(map(str, files))} at {url} "
                 f"(SPARQL endpoint {url}query{'' if tmp else ', read-only'}); "
                 "press Ctrl-C to stop")
        proc.wait()
        if proc.returncode not in (0, -signal.SIGINT, -signal.SIGTERM):
            raise InputError(f"oxigraph serve exited with status {proc.returncode}")
        return 0
    except KeyboardInterrupt:
        return 0
    finally:
        if proc is not None and proc.poll() is None:
            proc.terminate()
            try:
                proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()
        if tmp is not None:
            shutil.rmtree(tmp, ignore_errors=True)
        for sig, handler in previous.items():
            signal.signal(sig, handler)


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """The options of ``kg serve``."""
    parser.add_argument("--port", type=int, default=DEFAULT_PORT,
                        help=f"TCP port (default {DEFAULT_PORT}; 0 picks a free one)")
    parser.add_argument("--host", default=DEFAULT_HOST,
                        help=f"address to listen on (default {DEFAULT_HOST})")
    parser.add_argument("--graph", action="append", type=Path, default=[], metavar="FILE",
                        help="RDF file to serve (repeatable; default exports/graph.trig)")


def command(args: argparse.Namespace) -> int:
    """``kg serve``."""
    try:
        return serve(args.graph, args.host, args.port)
    except KgError as exc:
        print(f"kg serve: error: {exc}", file=sys.stderr)
        return exc.exit_status


def main(argv: list[str] | None = None) -> int:
    """``python -m kg.serve``, the same as ``kg serve``."""
    parser = argparse.ArgumentParser(prog="kg serve", description=__doc__.split("\n")[0])
    add_arguments(parser)
    return command(parser.parse_args(argv))


if __name__ == "__main__":
    raise SystemExit(main())
