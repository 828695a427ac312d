"""``kg push``: replace a named graph in a triple store, then check the store holds it.

Uses the SPARQL 1.1 Graph Store HTTP Protocol (``PUT endpoint?graph=IRI`` replaces the graph,
``POST`` adds to it), so it works with Oxigraph (``/store``), Virtuoso
(``/sparql-graph-crud-auth``), Fuseki (``/{dataset}/data``) and GraphDB
(``/repositories/{id}/rdf-graphs/service``) alike; only urllib, no extra dependency.

- The file (TriG, Turtle, N-Triples ...) is flattened to the distinct triples of all its
  graphs and sent as N-Triples. Graphs larger than ``chunk_triples`` go in several requests:
  a PUT with the first chunk, then POSTs; each chunk is streamed from a temporary file.
  A graph with blank nodes is sent in one request, since a blank node label only means the
  same node within one request.
- Credentials come from ``KG_PUSH_USER`` / ``KG_PUSH_PASSWORD`` only (never from the command
  line or the URL) and are never printed: Basic or Digest, whichever the server asks for
  (Virtuoso asks for Digest).
- Connection errors, 5xx and 429 are retried with exponential back-off (bounded; a
  ``Retry-After`` header is honoured up to the bound). Re-sending a chunk is harmless: a
  graph is a set of triples.
- Afterwards ``SELECT (COUNT(*) AS ?n) WHERE { GRAPH <g> { ?s ?p ?o } }`` on the query
  endpoint must give the number of triples sent, or the push fails.
"""

from __future__ import annotations

import argparse
import base64
import http.client
import json
import os
import re
import ssl
import sys
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox

from kg.errors import InputError, KgError, OutputError
from kg.store import load_store
from kg.vocab import ID_NS

DEFAULT_GRAPH = f"{ID_NS}graph/all"
DEFAULT_FILES = (Path("exports/graph.nt"), Path("exports/graph.ttl"), Path("exports/graph.trig"))
USER_ENV = "KG_PUSH_USER"
PASSWORD_ENV = "KG_PUSH_PASSWORD"
CONTENT_TYPE = "application/n-triples"
RETRY_STATUSES = frozenset({408, 425, 429, 500, 502, 503, 504})
MAX_DELAY = 30.0  # seconds, the longest single wait between attempts
_READ_SIZE = 1 << 20


@dataclass(frozen=True)
class PushResult:
    """What a push did."""

    graph: str
    triples: int  # distinct triples sent, and found in the store afterwards
    requests: int  # chunks sent (1 PUT + n-1 POSTs)


@dataclass(frozen=True)
class _Payload:
    path: Path
    chunks: list[tuple[int, int, int]]  # byte start, byte end, triples
    triples: int


class _FileSlice:
    """A request body read from ``path[start:end]``; iterable again, so urllib can re-send it
    after an authentication challenge."""

    def __init__(self, path: Path, start: int, end: int) -> None:
        self.path, self.start, self.end = path, start, end

    def __iter__(self) -> Iterator[bytes]:
        with self.path.open("rb") as f:
            f.seek(self.start)
            left = self.end - self.start
            while left > 0:
                block = f.read(min(_READ_SIZE, left))
                if not block:
                    return
                left -= len(block)
                yield block


# ---------------------------------------------------------------------------- URLs


def _check_url(url: str, option: str) -> urllib.parse.SplitResult:
    parts = urllib.parse.urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise InputError(f"{option}: {display_url(url)} is not an http(s) URL")
    if parts.username is not None or parts.password is not None:
        raise InputError(
            f"{option}: put credentials in {USER_ENV} and {PASSWORD_ENV}, not in the URL"
        )
    return parts


def display_url(url: str) -> str:
    """``url`` without user info, query string or fragment: safe to print."""
    parts = urllib.parse.urlsplit(url)
    host = parts.hostname or ""
    if ":" in host:
        host = f"[{host}]"
    try:
        port = f":{parts.port}" if parts.port else ""
    except ValueError:
        port = ""
    return urllib.parse.urlunsplit((parts.scheme, host + port, parts.path, "", ""))


def derive_query_endpoint(endpoint: str) -> str:
    """The SPARQL query URL that goes with a Graph Store endpoint.

    Oxigraph ``/store`` → ``/query``; Virtuoso ``/sparql-graph-crud[-auth]`` → ``/sparql``;
    Fuseki ``/{dataset}/data`` → ``/{dataset}/query``; GraphDB
    ``/repositories/{id}/rdf-graphs/service`` → ``/repositories/{id}``.
    """
    parts = urllib.parse.urlsplit(endpoint)
    path = parts.path.rstrip("/")
    rules = (
        (r"/store$", "/query"),
        (r"/sparql-graph-crud(-auth)?$", "/sparql"),
        (r"/rdf-graphs/service$", ""),
        (r"/data$", "/query"),
    )
    for pattern, replacement in rules:
        if re.search(pattern, path):
            new = re.sub(pattern, replacement, path)
            return urllib.parse.urlunsplit((parts.scheme, parts.netloc, new, "", ""))
    raise InputError(
        f"--endpoint {display_url(endpoint)}: cannot tell its SPARQL query URL; "
        "pass --query-endpoint URL"
    )


def _graph_url(endpoint: str, graph: str) -> str:
    parts = urllib.parse.urlsplit(endpoint)
    query = urllib.parse.parse_qsl(parts.query, keep_blank_values=True)
    query = [(k, v) for k, v in query if k != "graph"] + [("graph", graph)]
    return urllib.parse.urlunsplit(parts._replace(query=urllib.parse.urlencode(query)))


# ---------------------------------------------------------------------------- payload


def _prepare(file: Path, folder: Path, chunk_triples: int) -> _Payload:
    """Write the distinct triples of ``file`` as N-Triples into ``folder``, in chunks."""
    store = load_store([file])
    rows = store.query(
        "SELECT DISTINCT ?s ?p ?o WHERE { ?s ?p ?o }", use_default_graph_as_union=True
    )
    assert isinstance(rows, ox.QuerySolutions)
    out = folder / "graph.nt"
    chunks: list[tuple[int, int, int]] = []
    start = pos = count = total = 0
    blank = False
    with out.open("wb") as f:
        for solution in rows:
            s, p, o = solution[0], solution[1], solution[2]
            blank = blank or isinstance(s, ox.BlankNode) or isinstance(o, ox.BlankNode)
            line = f"{s} {p} {o} .\n".encode()
            f.write(line)
            pos += len(line)
            count += 1
            total += 1
            if count >= chunk_triples:
                chunks.append((start, pos, count))
                start, count = pos, 0
    if count or not chunks:
        chunks.append((start, pos, count))
    if blank and len(chunks) > 1:
        chunks = [(0, pos, total)]
    return _Payload(out, chunks, total)


# ---------------------------------------------------------------------------- HTTP


class _Redactor:
    def __init__(self, secrets: list[str]) -> None:
        self.secrets = [s for s in secrets if s]

    def __call__(self, text: str) -> str:
        for secret in self.secrets:
            text = text.replace(secret, "***")
        return text


class _DigestAuth(urllib.request.HTTPDigestAuthHandler):
    """Digest authentication that answers a host's last challenge up front.

    urllib only answers a challenge after a 401, by sending the request again. A server that
    refuses an unauthenticated upload may close the connection while the body is still being
    sent (Virtuoso does), so :func:`push` first probes with a HEAD request and the uploads then
    carry their ``Authorization`` header from the start.
    """

    def __init__(self, manager: urllib.request.HTTPPasswordMgr) -> None:
        super().__init__(manager)
        self._challenges: dict[str, dict[str, str]] = {}

    def http_error_auth_reqed(self, authreq, host, req, headers):  # type: ignore[no-untyped-def]
        for header in headers.get_all(authreq) or []:
            scheme, _, rest = header.partition(" ")
            if scheme.lower() == "digest":
                items = urllib.request.parse_http_list(rest)
                self._challenges[host] = urllib.request.parse_keqv_list(items)
        return super().http_error_auth_reqed(authreq, host, req, headers)

    def http_request(self, req: urllib.request.Request) -> urllib.request.Request:
        challenge = self._challenges.get(req.host)
        if challenge and not req.has_header(self.auth_header):
            auth = self.get_authorization(req, challenge)
            if auth:
                req.add_unredirected_header(self.auth_header, f"Digest {auth}")
        return req

    https_request = http_request


class _BasicAuth(urllib.request.HTTPBasicAuthHandler):
    """Basic authentication, sent up front to a host once it has asked for it (see
    :class:`_DigestAuth`)."""

    def __init__(self, manager: urllib.request.HTTPPasswordMgr) -> None:
        super().__init__(manager)
        self._hosts: set[str] = set()

    def http_error_auth_reqed(self, authreq, host, req, headers):  # type: ignore[no-untyped-def]
        for header in headers.get_all(authreq) or []:
            if header.split(" ", 1)[0].lower() == "basic":
                self._hosts.add(host)
        return super().http_error_auth_reqed(authreq, host, req, headers)

    def http_request(self, req: urllib.request.Request) -> urllib.request.Request:
        if req.host in self._hosts and not req.has_header(self.auth_header):
            # realm None: the default realm, where _opener put the credentials
            user, password = self.passwd.find_user_password(None, req.full_url)  # type: ignore[arg-type]
            if user is not None:
                token = base64.b64encode(f"{user}:{password}".encode()).decode("ascii")
                req.add_unredirected_header(self.auth_header, f"Basic {token}")
        return req

    https_request = http_request


def _opener(
    urls: list[str], user: str | None, password: str | None
) -> urllib.request.OpenerDirector:
    handlers: list[urllib.request.BaseHandler] = []
    if user:
        manager = urllib.request.HTTPPasswordMgrWithDefaultRealm()
        for url in urls:
            parts = urllib.parse.urlsplit(url)
            manager.add_password(None, f"{parts.scheme}://{parts.netloc}/", user, password or "")
        # Digest first: Basic refuses (raises on) a Digest challenge it sees before Digest does.
        handlers += [_DigestAuth(manager), _BasicAuth(manager)]
    return urllib.request.build_opener(*handlers)


def _probe(opener: urllib.request.OpenerDirector, url: str, what: str, timeout: float,
           redact: _Redactor, has_credentials: bool) -> None:
    """A HEAD request, so that the authentication handlers learn the server's challenge."""
    try:
        with opener.open(urllib.request.Request(url, method="HEAD"), timeout=timeout):
            pass
    except urllib.error.HTTPError as exc:
        if exc.code == 401:
            hint = "check" if has_credentials else "set"
            raise OutputError(redact(
                f"{what}: authentication failed (HTTP 401 {exc.reason}); {hint} {USER_ENV} "
                f"and {PASSWORD_ENV}"
            )) from None
    except (urllib.error.URLError, OSError, http.client.HTTPException, ValueError):
        pass  # the upload itself reports (and retries) these


def _retry_after(exc: urllib.error.HTTPError) -> float | None:
    value = exc.headers.get("Retry-After") if exc.headers else None
    try:
        return float(value) if value is not None else None
    except ValueError:
        return None


def _request(
    opener: urllib.request.OpenerDirector,
    make: Callable[[], urllib.request.Request],
    what: str,
    *,
    retries: int,
    backoff: float,
    timeout: float,
    redact: _Redactor,
    log: Callable[[str], None],
    has_credentials: bool = False,
    sleep: Callable[[float], None] = time.sleep,
) -> bytes:
    """Send a request, retrying transient failures; the response body."""
    problem = ""
    for attempt in range(retries + 1):
        delay = min(backoff * 2**attempt, MAX_DELAY)
        try:
            with opener.open(make(), timeout=timeout) as response:
                return response.read()
        except urllib.error.HTTPError as exc:
            detail = exc.read(500).decode("utf-8", "replace") if exc.fp else ""
            detail = " ".join(re.sub(r"<[^>]+>", " ", detail).split())[:200]
            problem = f"HTTP {exc.code} {exc.reason}" + (f": {detail}" if detail else "")
            if exc.code == 401:
                hint = "check" if has_credentials else "set"
                raise OutputError(redact(
                    f"{what}: authentication failed ({problem}); {hint} {USER_ENV} and "
                    f"{PASSWORD_ENV}"
                )) from None
            if exc.code not in RETRY_STATUSES and exc.code < 500:
                raise OutputError(redact(f"{what}: {problem}")) from None
            wait = _retry_after(exc)
            if wait is not None:
                delay = min(max(wait, 0.0), MAX_DELAY)
        except urllib.error.URLError as exc:
            if isinstance(exc.reason, ssl.SSLError):
                raise OutputError(redact(f"{what}: TLS error: {exc.reason}")) from None
            problem = f"cannot connect: {exc.reason}"
        except (ConnectionError, TimeoutError, http.client.HTTPException) as exc:
            problem = f"connection failed: {type(exc).__name__}: {exc}"
        except ValueError as exc:  # urllib: an authentication scheme it does not support
            raise OutputError(redact(f"{what}: {exc}")) from None
        if attempt < retries:
            log(redact(f"{what}: {problem}; retrying in {delay:g} s"))
            sleep(delay)
    raise OutputError(redact(f"{what}: giving up after {retries + 1} attempts: {problem}"))


def count_triples(
    opener: urllib.request.OpenerDirector, query_endpoint: str, graph: str, **kwargs: object
) -> int:
    """How many triples the store holds in ``graph``, asked over the SPARQL protocol."""
    query = f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH <{graph}> {{ ?s ?p ?o }} }}"
    data = urllib.parse.urlencode({"query": query}).encode()

    def make() -> urllib.request.Request:
        return urllib.request.Request(
            query_endpoint, data=data, method="POST",
            headers={"Content-Type": "application/x-www-form-urlencoded",
                     "Accept": "application/sparql-results+json"},
        )

    what = f"count query at {display_url(query_endpoint)}"
    body = _request(opener, make, what, **kwargs)  # type: ignore[arg-type]
    try:
        bindings = json.loads(body)["results"]["bindings"]
        return int(bindings[0]["n"]["value"]) if bindings else 0
    except (ValueError, KeyError, IndexError, TypeError):
        raise OutputError(f"{what}: unexpected answer {body[:200]!r}") from None


def push_graph(
    endpoint: str,
    file: Path | None = None,
    graph: str = DEFAULT_GRAPH,
    *,
    query_endpoint: str | None = None,
    chunk_triples: int = 100_000,
    retries: int = 5,
    backoff: float = 0.5,
    timeout: float = 300.0,
    env: Mapping[str, str] | None = None,
    log: Callable[[str], None] | None = None,
) -> PushResult:
    """Replace ``graph`` at a Graph Store endpoint with the triples of ``file``; verify.

    Args:
        endpoint: the Graph Store HTTP Protocol URL (``http://host:7878/store``).
        file: RDF file to send; by default ``exports/graph.nt``, else ``.ttl``, else ``.trig``.
        graph: IRI of the named graph to replace.
        query_endpoint: SPARQL query URL for the check; derived from ``endpoint`` if omitted
            (see :func:`derive_query_endpoint`).
        chunk_triples: most triples per request.
        retries: how many times a failed request is retried.
        backoff: first wait in seconds; doubled at each retry, at most :data:`MAX_DELAY`.
        timeout: socket timeout per request, in seconds.
        env: where the credentials are read from (``os.environ`` by default).
        log: receives progress and retry messages (stderr by default).

    Raises:
        InputError: bad URL or graph IRI, missing or invalid file.
        OutputError: the store refused the data, could not be reached, or does not hold the
            expected number of triples afterwards. Messages never contain the password.
    """
    env = os.environ if env is None else env
    log = log or (lambda message: print(message, file=sys.stderr))
    _check_url(endpoint, "--endpoint")
    query_endpoint = query_endpoint or derive_query_endpoint(endpoint)
    _check_url(query_endpoint, "--query-endpoint")
    if not re.fullmatch(r"[A-Za-z][A-Za-z0-9+.\-]*:[^\s<>\"{}|\\^`]+", graph):
        raise InputError(f"--graph {graph!r}: not an absolute IRI")
    if chunk_triples < 1:
        raise InputError(f"--chunk-triples {chunk_triples}: must be at least 1")
    if file is None:
        file = next((f for f in DEFAULT_FILES if f.is_file()), None)
        if file is None:
            raise InputError("exports: no graph.nt, graph.ttl or graph.trig; pass --file FILE")

    user, password = env.get(USER_ENV) or None, env.get(PASSWORD_ENV)
    redact = _Redactor([password or ""])
    opener = _opener([endpoint, query_endpoint], user, password)
    http_options = dict(retries=retries, backoff=backoff, timeout=timeout, redact=redact,
                        log=log, has_credentials=bool(user))
    target = _graph_url(endpoint, graph)

    if not file.is_file():
        raise InputError(f"{file}: no such file")
    # Before the (slow) preparation, so that a credentials problem shows at once.
    _probe(opener, target, f"HEAD <{graph}> at {display_url(endpoint)}", timeout, redact,
           bool(user))
    with tempfile.TemporaryDirectory(prefix="kg-push-") as tmp:
        payload = _prepare(file, Path(tmp), chunk_triples)
        for number, (start, end, count) in enumerate(payload.chunks):
            method = "PUT" if number == 0 else "POST"

            def make(
                method: str = method, start: int = start, end: int = end
            ) -> urllib.request.Request:
                return urllib.request.Request(
                    target, data=_FileSlice(payload.path, start, end), method=method,
                    headers={"Content-Type": CONTENT_TYPE, "Content-Length": str(end - start)},
                )

            what = f"{method} <{graph}> at {display_url(endpoint)}"
            if len(payload.chunks) > 1:
                what += f" (chunk {number + 1}/{len(payload.chunks)}, {count} triples)"
                log(what)
            _request(opener, make, what, **http_options)  # type: ignore[arg-type]

    found = count_triples(opener, query_endpoint, graph, **http_options)
    if found != payload.triples:
        raise OutputError(
            f"{display_url(query_endpoint)}: graph <{graph}> holds {found} triples after the "
            f"push, expected {payload.triples}"
        )
    return PushResult(graph, payload.triples, len(payload.chunks))


def push(
    endpoint: str,
    *,
    graph_iri: str | None = None,
    file: Path | None = None,
    query_endpoint: str | None = None,
    chunk_triples: int = 100_000,
    retries: int = 5,
) -> int:
    """``kg push``: :func:`push_graph`, then one line on stdout; returns the exit status 0.

    Raises:
        KgError: as :func:`push_graph` (the CLI prints it as one line, exit status 2).
    """
    result = push_graph(
        endpoint, file, graph_iri or DEFAULT_GRAPH, query_endpoint=query_endpoint,
        chunk_triples=chunk_triples, retries=max(retries, 0),
    )
    requests = f"{result.requests} request{'s' if result.requests > 1 else ''}"
    print(f"pushed {result.triples} triples to <{result.graph}> at {display_url(endpoint)} "
          f"({requests}); the store holds them all")
    return 0


# ---------------------------------------------------------------------------- CLI


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """The options of ``kg push``."""
    parser.add_argument("--endpoint", required=True, metavar="URL",
                        help="Graph Store HTTP Protocol URL, e.g. http://127.0.0.1:7878/store")
    parser.add_argument("--graph", default=DEFAULT_GRAPH, metavar="IRI",
                        help=f"named graph to replace (default {DEFAULT_GRAPH})")
    parser.add_argument("--file", type=Path, metavar="FILE",
                        help="RDF file (default exports/graph.nt, .ttl or .trig)")
    parser.add_argument("--query-endpoint", metavar="URL",
                        help="SPARQL query URL for the check (default: derived from --endpoint)")
    parser.add_argument("--chunk-triples", type=int, default=100_000, metavar="N",
                        help="most triples per request (default 100000)")
    parser.add_argument("--retries", type=int, default=5, metavar="N",
                        help="retries of a failed request (default 5)")


def command(args: argparse.Namespace) -> int:
    """``kg push``. Credentials: environment variables KG_PUSH_USER and KG_PUSH_PASSWORD."""
    try:
        return push(args.endpoint, graph_iri=args.graph, file=args.file,
                    query_endpoint=args.query_endpoint, chunk_triples=args.chunk_triples,
                    retries=args.retries)
    except KgError as exc:
        print(f"kg push: error: {exc}", file=sys.stderr)
        return exc.exit_status


def main(argv: list[str] | None = None) -> int:
    """``python -m kg.push``, the same as ``kg push``."""
    parser = argparse.ArgumentParser(prog="kg push", description=__doc__.split("\n")[0])
    add_arguments(parser)
    return command(parser.parse_args(argv))


if __name__ == "__main__":
    raise SystemExit(main())
