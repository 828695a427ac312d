"""Triple stores: ``kg push`` and the query pack over HTTP, ``kg serve``.

Tests marked ``store`` start a real Oxigraph server and a real Virtuoso (once per module) on
127.0.0.1 with free ports, in temporary folders, and stop them at the end; they are skipped
when the binaries are missing. The unmarked tests run ``kg push`` against a small fake
Graph Store server (retries, authentication, chunking, error messages).
"""

from __future__ import annotations

import http.server
import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.parse
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pyoxigraph as ox
import pytest

from kg.errors import InputError, OutputError
from kg.push import DEFAULT_GRAPH, derive_query_endpoint, display_url, push_graph
from kg.query import execute, pack
from kg.serve import oxigraph_binary
from kg.store import load_store

ROOT = Path(__file__).resolve().parent.parent
FIXTURE = ROOT / "tests" / "fixtures" / "queries_graph.trig"
VIRTUOSO_INI = Path("/etc/virtuoso-opensource-7/virtuoso.ini")
DBA = {"KG_PUSH_USER": "dba", "KG_PUSH_PASSWORD": "dba"}
store_test = pytest.mark.store


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def wait_for(check: Any, timeout: float, what: str) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            if check():
                return
        except OSError:
            pass
        time.sleep(0.2)
    raise RuntimeError(f"{what} did not come up in {timeout} s")


def distinct_triples(path: Path) -> int:
    result = load_store([path]).query("SELECT (COUNT(*) AS ?n) WHERE { SELECT DISTINCT ?s ?p ?o "
                                      "WHERE { ?s ?p ?o } }", use_default_graph_as_union=True)
    return int(next(iter(result))["n"].value)


def sparql_select(url: str, query: str, default_graph: str | None = None) -> list[tuple[str, ...]]:
    """Rows of a SELECT over the SPARQL protocol, as lexical forms ("" when unbound)."""
    params = {"query": query}
    if default_graph:
        params["default-graph-uri"] = default_graph
    request = urllib.request.Request(
        url, data=urllib.parse.urlencode(params).encode(), method="POST",
        headers={"Accept": "application/sparql-results+json",
                 "Content-Type": "application/x-www-form-urlencoded"},
    )
    with urllib.request.urlopen(request, timeout=30) as response:
        doc = json.load(response)
    names = doc["head"]["vars"]
    return [tuple(b.get(v, {}).get("value", "") for v in names) for b in doc["results"]["bindings"]]


def embedded(store: ox.Store, name: str) -> list[tuple[str, ...]]:
    result = execute(store, pack()[name].text, name)
    assert isinstance(result, tuple)
    return [tuple("" if t is None else t.value for t in row) for row in result[1]]


def normal(rows: list[tuple[str, ...]]) -> list[tuple[str, ...]]:
    # Stores may differ in the lexical form of numbers (xsd:int vs integer) and in the order
    # of rows that ORDER BY leaves tied; compare canonical values, sorted.
    def canon(value: str) -> str:
        return str(int(value)) if re.fullmatch(r"[+-]?\d+", value) else value

    return sorted(tuple(canon(v) for v in row) for row in rows)


# ---------------------------------------------------------------------------- real servers


@dataclass
class Server:
    name: str
    gsp: str  # Graph Store protocol endpoint
    query: str  # SPARQL query endpoint
    env: dict[str, str]
    proc: subprocess.Popen[bytes]
    folder: Path
    sql_port: int = 0


def _stop(proc: subprocess.Popen[bytes], timeout: float) -> None:
    if proc.poll() is None:
        proc.terminate()
        try:
            proc.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


@pytest.fixture(scope="module")
def oxigraph_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    try:
        binary = oxigraph_binary()
    except Exception:
        pytest.skip("the oxigraph server binary is not installed")
    folder = tmp_path_factory.mktemp("oxigraph")
    port = free_port()
    log = (folder / "server.log").open("wb")
    proc = subprocess.Popen(
        [binary, "serve", "--location", str(folder / "db"), "--bind", f"127.0.0.1:{port}"],
        stdin=subprocess.DEVNULL, stdout=log, stderr=subprocess.STDOUT,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        wait_for(lambda: socket.create_connection(("127.0.0.1", port), 0.5).close() is None,
                 20, "oxigraph")
        yield Server("oxigraph", f"{base}/store", f"{base}/query", {}, proc, folder)
    finally:
        _stop(proc, 10)
        log.close()


def _virtuoso_ini(folder: Path, sql_port: int, http_port: int) -> Path:
    """A copy of the system virtuoso.ini with its own ports and files, on loopback."""
    values = {
        ("Database", "DatabaseFile"): folder / "virtuoso.db",
        ("Database", "ErrorLogFile"): folder / "virtuoso.log",
        ("Database", "LockFile"): folder / "virtuoso.lck",
        ("Database", "TransactionFile"): folder / "virtuoso.trx",
        ("Database", "xa_persistent_file"): folder / "virtuoso.pxa",
        ("TempDatabase", "DatabaseFile"): folder / "virtuoso-temp.db",
        ("TempDatabase", "TransactionFile"): folder / "virtuoso-temp.trx",
        ("Parameters", "ServerPort"): f"127.0.0.1:{sql_port}",
        ("Parameters", "DirsAllowed"): f"., {folder}, /usr/share/virtuoso-opensource-7/vad",
        ("HTTPServer", "ServerPort"): f"127.0.0.1:{http_port}",
        ("URIQA", "DefaultHost"): f"127.0.0.1:{http_port}",
    }
    out, section = [], ""
    for line in VIRTUOSO_INI.read_text(encoding="utf-8", errors="replace").splitlines():
        header = re.match(r"\s*\[(.+)\]", line)
        section = header.group(1) if header else section
        key = re.match(r"\s*(\w+)\s*=", line)
        if key and (section, key.group(1)) in values:
            line = f"{key.group(1)} = {values[section, key.group(1)]}"
        elif key and (section == "Plugins" or key.group(1) == "VADInstallDir"):
            # No plugins and no Conductor package: a faster start, and nothing we need.
            line = ";" + line
        out.append(line)
    ini = folder / "virtuoso.ini"
    ini.write_text("\n".join(out) + "\n", encoding="utf-8")
    return ini


@pytest.fixture(scope="module")
def virtuoso_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    binary = shutil.which("virtuoso-t")
    if not binary or not VIRTUOSO_INI.is_file():
        pytest.skip("Virtuoso (virtuoso-t) is not installed")
    folder = tmp_path_factory.mktemp("virtuoso")
    sql_port, http_port = free_port(), free_port()
    ini = _virtuoso_ini(folder, sql_port, http_port)
    log = (folder / "stdout.log").open("wb")
    proc = subprocess.Popen([binary, "+foreground", "+configfile", str(ini)], cwd=folder,
                            stdin=subprocess.DEVNULL, stdout=log, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{http_port}"
    try:
        def up() -> bool:
            if proc.poll() is not None:
                raise RuntimeError(f"virtuoso-t exited: {(folder / 'virtuoso.log').read_text()}")
            return sparql_select(f"{base}/sparql", "SELECT (1 AS ?one) {}") == [("1",)]

        wait_for(up, 60, "Virtuoso")
        yield Server("virtuoso", f"{base}/sparql-graph-crud-auth", f"{base}/sparql", DBA, proc,
                     folder, sql_port)
    finally:
        _stop(proc, 30)
        log.close()


@pytest.fixture(scope="module", params=["oxigraph", "virtuoso"])
def server(request: pytest.FixtureRequest) -> Server:
    return request.getfixturevalue(f"{request.param}_server")


@pytest.fixture(scope="module")
def loaded(server: Server) -> Server:
    """The server with the fixture pushed into the default push graph."""
    push_graph(server.gsp, FIXTURE, env=server.env, log=lambda _: None)
    return server


@pytest.fixture(scope="module")
def fixture_store() -> ox.Store:
    return load_store([FIXTURE])


@store_test
def test_push_twice_replaces_instead_of_adding(server: Server) -> None:
    expected = distinct_triples(FIXTURE)
    graph = "https://w3id.org/quality-month/id/graph/push-twice"
    messages: list[str] = []
    first = push_graph(server.gsp, FIXTURE, graph, env=server.env, log=messages.append)
    second = push_graph(server.gsp, FIXTURE, graph, env=server.env, log=messages.append)
    assert first.triples == second.triples == expected
    query = f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH <{graph}> {{ ?s ?p ?o }} }}"
    assert sparql_select(server.query, query) == [(str(expected),)]


@store_test
def test_push_in_chunks_then_a_smaller_graph(server: Server, tmp_path: Path) -> None:
    graph = "https://w3id.org/quality-month/id/graph/chunks"
    result = push_graph(server.gsp, FIXTURE, graph, env=server.env, chunk_triples=50,
                  log=lambda _: None)
    assert result.requests == -(-distinct_triples(FIXTURE) // 50)
    small = tmp_path / "small.ttl"
    small.write_text('<https://example.org/a> <https://example.org/b> "质量月"@zh, 1, 2 .\n',
                     encoding="utf-8")
    assert push_graph(server.gsp, small, graph, env=server.env, log=lambda _: None).triples == 3
    query = f"SELECT ?o WHERE {{ GRAPH <{graph}> {{ ?s ?p ?o }} }} ORDER BY STR(?o)"
    assert sparql_select(server.query, query) == [("1",), ("2",), ("质量月",)]


@store_test
@pytest.mark.parametrize("name", sorted(pack()))
def test_pack_query_over_http_matches_the_embedded_store(
    loaded: Server, fixture_store: ox.Store, name: str
) -> None:
    rows = sparql_select(loaded.query, pack()[name].sparql, default_graph=DEFAULT_GRAPH)
    want = embedded(fixture_store, name)
    assert want, "every pack query has rows on the fixture"
    assert normal(rows) == normal(want)


@store_test
def test_virtuoso_wrong_password_fails_without_showing_it(
    virtuoso_server: Server, capsys: pytest.CaptureFixture[str]
) -> None:
    secret = "not-the-password-7f3a"
    messages: list[str] = []
    with pytest.raises(OutputError, match="authentication failed") as info:
        push_graph(virtuoso_server.gsp, FIXTURE,
                   env={"KG_PUSH_USER": "dba", "KG_PUSH_PASSWORD": secret},
                   retries=1, backoff=0.01, log=messages.append)
    captured = capsys.readouterr()
    for text in (str(info.value), captured.out, captured.err, *messages):
        assert secret not in text
    assert "KG_PUSH_PASSWORD" in str(info.value)


@store_test
def test_virtuoso_public_graph_store_after_grants(virtuoso_server: Server) -> None:
    isql = shutil.which("isql-vt") or shutil.which("isql")
    if not isql:
        pytest.skip("isql-vt is not installed")
    grants = (
        'GRANT SPARQL_UPDATE TO "SPARQL"; '
        'GRANT EXECUTE ON DB.DBA.SPARQL_INSERT_DICT_CONTENT TO "SPARQL"; '
        'GRANT EXECUTE ON DB.DBA.SPARQL_DELETE_DICT_CONTENT TO "SPARQL"; '
        "DB.DBA.RDF_DEFAULT_USER_PERMS_SET ('nobody', 7);"
    )
    done = subprocess.run([isql, f"127.0.0.1:{virtuoso_server.sql_port}", "dba", "dba",
                           f"exec={grants}"], capture_output=True, text=True, timeout=30)
    assert done.returncode == 0, done.stdout + done.stderr
    public = virtuoso_server.gsp.replace("/sparql-graph-crud-auth", "/sparql-graph-crud")
    graph = "https://w3id.org/quality-month/id/graph/public"
    result = push_graph(public, FIXTURE, graph, env={}, log=lambda _: None)
    assert result.triples == distinct_triples(FIXTURE)


# ---------------------------------------------------------------------------- kg serve


@store_test
def test_serve_answers_queries_and_stops_cleanly_on_ctrl_c(
    tmp_path: Path, fixture_store: ox.Store
) -> None:
    try:
        oxigraph_binary()
    except Exception:
        pytest.skip("the oxigraph server binary is not installed")
    temp = tmp_path / "tmp"
    temp.mkdir()
    env = {**os.environ, "TMPDIR": str(temp), "PYTHONPATH": str(ROOT)}
    proc = subprocess.Popen(
        [sys.executable, "-m", "kg.serve", "--port", "0", "--graph", str(FIXTURE)],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env, cwd=tmp_path,
    )
    try:
        assert proc.stdout is not None
        line = proc.stdout.readline()
        match = re.search(r"SPARQL endpoint (http://127\.0\.0\.1:\d+/query)", line)
        assert match, line
        assert any(temp.iterdir()), "the database lives in a temporary folder"
        rows = sparql_select(match.group(1), pack()["theme_by_year"].sparql)
        assert normal(rows) == normal(embedded(fixture_store, "theme_by_year"))
        proc.send_signal(signal.SIGINT)
        assert proc.wait(timeout=15) == 0
    finally:
        _stop(proc, 5)  # type: ignore[arg-type]
    assert not any(temp.iterdir()), "the temporary database is removed"


_SERVE_PERSISTED = """
import sys
from pathlib import Path
from kg.serve import serve
raise SystemExit(serve([Path(sys.argv[1])], port=0, persist_above=0))
"""


@store_test
def test_serve_a_large_graph_read_only_from_its_on_disk_store(
    tmp_path: Path, fixture_store: ox.Store
) -> None:
    """Above the size threshold (0 here) the graph is served from the store kg query keeps
    for it, made once: a second start loads nothing."""
    try:
        oxigraph_binary()
    except Exception:
        pytest.skip("the oxigraph server binary is not installed")
    graph = tmp_path / "exports" / FIXTURE.name
    graph.parent.mkdir()
    shutil.copyfile(FIXTURE, graph)
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    stores: list[list[Path]] = []
    for _ in range(2):
        proc = subprocess.Popen([sys.executable, "-c", _SERVE_PERSISTED, str(graph)],
                                stdout=subprocess.PIPE, text=True, env=env, cwd=tmp_path)
        try:
            assert proc.stdout is not None
            line = proc.stdout.readline()
            match = re.search(r"SPARQL endpoint (http://127\.0\.0\.1:\d+/query), read-only",
                              line)
            assert match, line
            rows = sparql_select(match.group(1), pack()["theme_by_year"].sparql)
            assert normal(rows) == normal(embedded(fixture_store, "theme_by_year"))
            proc.send_signal(signal.SIGINT)
            assert proc.wait(timeout=15) == 0
        finally:
            _stop(proc, 5)  # type: ignore[arg-type]
        stores.append(sorted(graph.parent.glob(".cache/store/*/db")))
    assert len(stores[0]) == 1 and stores[1] == stores[0]
    made = (stores[0][0].parent / "complete").stat().st_mtime_ns
    assert made == (stores[1][0].parent / "complete").stat().st_mtime_ns, "made only once"


def test_serve_refuses_a_port_in_use(capsys: pytest.CaptureFixture[str]) -> None:
    from kg.serve import main as serve_main

    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        status = serve_main(["--port", str(port), "--graph", str(FIXTURE)])
    assert status == 2
    err = capsys.readouterr().err
    assert "cannot listen" in err or "oxigraph" in err  # or: no oxigraph binary


# ---------------------------------------------------------------------------- fake store


@dataclass
class Fake:
    """A scripted Graph Store: answers PUT/POST with the next scripted status (then 204)
    and counts the N-Triples lines of the current graph on /query."""

    script: list[int] = field(default_factory=list)
    auth: str | None = None  # expected Authorization header (Basic)
    requests: list[tuple[str, str, bytes]] = field(default_factory=list)
    lines: set[bytes] = field(default_factory=set)
    count_offset: int = 0
    retry_after: str | None = None


@pytest.fixture
def fake() -> Iterator[tuple[Fake, str]]:
    state = Fake()

    class Handler(http.server.BaseHTTPRequestHandler):
        def log_message(self, *args: Any) -> None:
            pass

        def _authorised(self) -> bool:
            if state.auth and self.headers.get("Authorization") != state.auth:
                self.send_response(401)
                self.send_header("WWW-Authenticate", 'Basic realm="fake"')
                self.send_header("Content-Length", "0")
                self.end_headers()
                return False
            return True

        def do_HEAD(self) -> None:
            if self._authorised():
                self.send_response(404)
                self.end_headers()

        def _upload(self) -> None:
            body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
            if not self._authorised():
                return
            state.requests.append((self.command, self.path, body))
            status = state.script.pop(0) if state.script else 204
            if status < 300:
                if self.command == "PUT":
                    state.lines.clear()
                state.lines.update(line for line in body.splitlines() if line.strip())
            self.send_response(status)
            if state.retry_after and status == 429:
                self.send_header("Retry-After", state.retry_after)
            payload = b"<html><body><h1>busy</h1> try later</body></html>" if status >= 300 else b""
            self.send_header("Content-Length", str(len(payload)))
            self.end_headers()
            self.wfile.write(payload)

        do_PUT = _upload

        def do_POST(self) -> None:
            if self.path.startswith("/query"):
                self.rfile.read(int(self.headers.get("Content-Length", 0)))
                n = len(state.lines) + state.count_offset
                doc = {"head": {"vars": ["n"]}, "results": {"bindings": [
                    {"n": {"type": "literal", "value": str(n),
                           "datatype": "http://www.w3.org/2001/XMLSchema#integer"}}]}}
                data = json.dumps(doc).encode()
                self.send_response(200)
                self.send_header("Content-Type", "application/sparql-results+json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)
            else:
                self._upload()

    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield state, f"http://127.0.0.1:{httpd.server_address[1]}/store"
    finally:
        httpd.shutdown()
        httpd.server_close()


QUICK = {"backoff": 0.01, "env": {}}


def test_push_retries_5xx_then_succeeds(fake: tuple[Fake, str]) -> None:
    state, url = fake
    state.script = [503, 502]
    messages: list[str] = []
    result = push_graph(url, FIXTURE, log=messages.append, **QUICK)  # type: ignore[arg-type]
    assert [r[0] for r in state.requests] == ["PUT", "PUT", "PUT"]
    assert result.triples == distinct_triples(FIXTURE) == len(state.lines)
    assert len(messages) == 2 and "HTTP 503" in messages[0] and "retrying" in messages[0]
    path = urllib.parse.urlsplit(state.requests[0][1])
    assert urllib.parse.parse_qs(path.query) == {"graph": [DEFAULT_GRAPH]}


def test_push_honours_retry_after_on_429(fake: tuple[Fake, str]) -> None:
    state, url = fake
    state.script, state.retry_after = [429], "0"
    start = time.monotonic()
    push_graph(url, FIXTURE, log=lambda _: None, backoff=5, env={})
    assert time.monotonic() - start < 4, "Retry-After: 0 beats the 5 s back-off"
    assert len(state.requests) == 2


def test_push_gives_up_after_the_retries(fake: tuple[Fake, str]) -> None:
    state, url = fake
    state.script = [500] * 10
    with pytest.raises(OutputError, match=r"giving up after 3 attempts: HTTP 500"):
        push_graph(url, FIXTURE, retries=2, log=lambda _: None, **QUICK)  # type: ignore[arg-type]
    assert len(state.requests) == 3


def test_push_does_not_retry_a_client_error(fake: tuple[Fake, str]) -> None:
    state, url = fake
    state.script = [415]
    with pytest.raises(OutputError, match=r"HTTP 415.*busy try later"):
        push_graph(url, FIXTURE, log=lambda _: None, **QUICK)  # type: ignore[arg-type]
    assert len(state.requests) == 1


def test_push_fails_when_the_store_count_differs(fake: tuple[Fake, str]) -> None:
    state, url = fake
    state.count_offset = 1
    expected = distinct_triples(FIXTURE)
    with pytest.raises(OutputError, match=f"holds {expected + 1} triples .* expected {expected}"):
        push_graph(url, FIXTURE, log=lambda _: None, **QUICK)  # type: ignore[arg-type]


def test_push_in_chunks_sends_every_triple_once(fake: tuple[Fake, str]) -> None:
    state, url = fake
    result = push_graph(url, FIXTURE, chunk_triples=100, log=lambda _: None, **QUICK)  # type: ignore[arg-type]
    methods = [r[0] for r in state.requests]
    assert methods == ["PUT"] + ["POST"] * (result.requests - 1) and result.requests == 4
    body = b"".join(r[2] for r in state.requests)
    triples = list(ox.parse(body, format=ox.RdfFormat.N_TRIPLES))
    assert len(triples) == len(set(triples)) == distinct_triples(FIXTURE)


def test_push_basic_auth_from_the_environment(
    fake: tuple[Fake, str], capsys: pytest.CaptureFixture[str]
) -> None:
    import base64

    state, url = fake
    secret = "s3cret-pass"
    state.auth = "Basic " + base64.b64encode(f"loader:{secret}".encode()).decode()
    messages: list[str] = []
    push_graph(url, FIXTURE, env={"KG_PUSH_USER": "loader", "KG_PUSH_PASSWORD": secret},
         backoff=0.01, log=messages.append)
    assert state.requests and secret not in "".join(messages) + str(capsys.readouterr())


def test_kg_push_command(
    fake: tuple[Fake, str], capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    import base64

    from kg.cli import main as kg_main

    state, url = fake
    secret = "pw-from-env-91"
    state.auth = "Basic " + base64.b64encode(f"loader:{secret}".encode()).decode()
    monkeypatch.setenv("KG_PUSH_USER", "loader")
    monkeypatch.setenv("KG_PUSH_PASSWORD", secret)
    assert kg_main(["push", "--endpoint", url, "--file", str(FIXTURE)]) == 0
    out, err = capsys.readouterr()
    assert out.startswith(f"pushed {distinct_triples(FIXTURE)} triples to <{DEFAULT_GRAPH}>")
    monkeypatch.setenv("KG_PUSH_PASSWORD", "wrong-" + secret)
    assert kg_main(["push", "--endpoint", url, "--file", str(FIXTURE), "--graph",
                    "https://example.org/g"]) == 2
    out, err = capsys.readouterr()
    assert len(err.strip().splitlines()) == 1 and "authentication failed" in err
    assert secret not in out + err


def test_push_without_credentials_is_told_how_to_give_them(fake: tuple[Fake, str]) -> None:
    state, url = fake
    state.auth = "Basic xyz"
    with pytest.raises(OutputError, match="set KG_PUSH_USER and KG_PUSH_PASSWORD"):
        push_graph(url, FIXTURE, log=lambda _: None, **QUICK)  # type: ignore[arg-type]
    assert not state.requests, "no upload before the credentials are known to work"


def test_push_connection_refused_is_retried_then_reported() -> None:
    url = f"http://127.0.0.1:{free_port()}/store"
    messages: list[str] = []
    with pytest.raises(OutputError, match="giving up after 3 attempts: cannot connect"):
        push_graph(url, FIXTURE, retries=2, backoff=0.01, env={}, log=messages.append)
    assert len(messages) == 2


def test_push_refuses_credentials_in_the_url() -> None:
    with pytest.raises(InputError) as info:
        push_graph("http://dba:hunter2@127.0.0.1:1/store", FIXTURE, env={})
    assert "hunter2" not in str(info.value) and "KG_PUSH_PASSWORD" in str(info.value)


@pytest.mark.parametrize(("endpoint", "query"), [
    ("http://127.0.0.1:7878/store", "http://127.0.0.1:7878/query"),
    ("http://h:8890/sparql-graph-crud-auth", "http://h:8890/sparql"),
    ("http://h:8890/sparql-graph-crud", "http://h:8890/sparql"),
    ("http://h:3030/qm/data", "http://h:3030/qm/query"),
    ("http://h:7200/repositories/qm/rdf-graphs/service", "http://h:7200/repositories/qm"),
])
def test_query_endpoint_is_derived(endpoint: str, query: str) -> None:
    assert derive_query_endpoint(endpoint) == query


def test_query_endpoint_that_cannot_be_derived() -> None:
    with pytest.raises(InputError, match="--query-endpoint"):
        derive_query_endpoint("http://h/some/endpoint")


def test_display_url_hides_secrets() -> None:
    assert display_url("https://u:p@h:1/store?token=abc#x") == "https://h:1/store"
