"""Writes every export of a build: stage all files first, then move them over the old ones,
so that a build that fails or is interrupted leaves the previous exports as they were."""

from __future__ import annotations

import contextlib
import heapq
import json
import os
import shutil
import tempfile
import time
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from kg.errors import PUBLISHED, OutputError
from kg.exporters import rdf
from kg.exporters.rdf import Block
from kg.graph import mint
from kg.graph.build import EntityRefs, Triple
from kg.graph.reference import shared_triples

ONTOLOGY_GRAPH = "https://w3id.org/quality-month/ontology"


def _write(path: Path, chunks: Any) -> None:
    with open(path, "w", encoding="utf-8", newline="\n") as fh:
        for chunk in chunks:
            fh.write(chunk)


@contextlib.contextmanager
def _stage(name: str, say: Callable[[str], None]) -> Iterator[None]:
    """Times one stage of writing; the line ``kg: stage NAME S s`` is what ``bench/run.py``
    reads to report the share of each stage (validation must not dominate the build)."""
    t0 = time.perf_counter()
    yield
    say(f"kg: stage {name} {time.perf_counter() - t0:.3f} s")


@dataclass
class Rendered:
    """One notice's part of each serialisation, written by the worker that extracted it (the
    writing is spread over the cores, and the parent never holds the notices' triples)."""

    turtle: str  # its own triples (the union exports write campaign triples once)
    ntriples: str
    trig: str  # its named graph: own and campaign triples
    jsonld: str
    triples: int  # own triples


def render_notice(key: str, own: list[Triple], campaign: list[Triple]) -> Rendered:
    """``own`` and ``campaign`` sorted; their subjects are disjoint (the notice's own nodes,
    its campaigns), so the named graph's statements are the two lists' merged by subject."""
    graph = mint.named_graph(key)
    union = Block(graph, own)
    mine = list(rdf.statements(own))
    merged = heapq.merge(mine, rdf.statements(campaign), key=lambda st: st[0])
    named = Block(graph, sorted(set(own) | set(campaign)))
    return Rendered("".join(text for _, text in mine), rdf.ntriples_section(union),
                    rdf.trig_graph_of(graph, (text for _, text in merged)),
                    rdf.jsonld_graph(named), len(own))


_GRAPH_FILES = ("graph.ttl", "graph.nt", "graph.trig", "graph.jsonld")


class Staging:
    """The exports being written: a folder beside the old ones, filled notice by notice as
    the results arrive (in source order) and published only when complete.

    Each notice's parts go straight to the files; the entities shared by the notices
    (departments, places, campaigns ...) and the campaign triples, known only when every
    notice is in, close each file. Copies of a notice (the same key) add nothing.
    """

    def __init__(self, out: Path) -> None:
        try:
            out.mkdir(parents=True, exist_ok=True)
            for stale in out.glob(".kg-staging-*"):  # left by a killed build (we hold the lock)
                if (stale / READY).is_file():  # killed while publishing: finish that first
                    _finish_publish(stale, out)
                shutil.rmtree(stale, ignore_errors=True)
            self.dir = Path(tempfile.mkdtemp(prefix=".kg-staging-", dir=out))
        except OSError as exc:
            raise OutputError(f"{out}: cannot write the output folder ({exc.strerror})") from exc
        self.out = out
        self.keys: set[str] = set()
        self.campaign: set[Triple] = set()
        self.refs = EntityRefs()
        self.triples = 0
        self.entries: list[dict[str, Any]] = []
        self._fh: dict[str, Any] = {}
        self._graphs = 0
        self._loader = _StoreLoader()
        try:
            for name in _GRAPH_FILES:
                self._fh[name] = open(self.dir / name, "w", encoding="utf-8", newline="\n")
            self._fh["graph.ttl"].write(rdf.prefixes())
            self._fh["graph.trig"].write(rdf.prefixes())
            self._fh["graph.jsonld"].write(rdf.JSONLD_HEAD)
        except OSError as exc:
            self.discard()
            raise OutputError(f"{out}: cannot write the exports ({exc.strerror})") from exc

    def add(self, result: Any) -> None:
        """One file's result; its rendered parts are written (if it is a new notice) and
        dropped from the result."""
        if result.error:
            self.entries.append({"source": result.source, "error": result.error})
            return
        entry = {"source": result.source, "key": result.key, "encoding": result.encoding,
                 "script": result.script, "warnings": result.warnings}
        entry.update(result.summary)
        self.entries.append(entry)
        rendered, result.rendered = result.rendered, None
        if result.key in self.keys:
            return
        self.keys.add(result.key)
        self.campaign.update(result.campaign)
        self.refs.update(result.refs)
        self.triples += rendered.triples
        try:
            fh = self._fh
            fh["graph.ttl"].write(rendered.turtle)
            fh["graph.nt"].write(rendered.ntriples)
            fh["graph.trig"].write(rendered.trig)
            fh["graph.jsonld"].write((rdf.JSONLD_SEPARATOR if self._graphs else "")
                                     + rendered.jsonld)
            self._loader.feed(rendered.trig)
        except OSError as exc:
            raise OutputError(f"{self.out}: cannot write the exports "
                              f"({exc.strerror or exc})") from exc
        self._graphs += 1

    def close_graphs(self, gazetteer: Any) -> None:
        """Write the shared entities and the campaign triples, and close the graph files."""
        shared = Block(mint.SHARED_GRAPH, shared_triples(self.refs, gazetteer))
        campaigns = Block(mint.SHARED_GRAPH, sorted(self.campaign))
        self.triples += len(shared.triples) + len(campaigns.triples)
        fh = self._fh
        fh["graph.ttl"].write(rdf.turtle_section(shared) + rdf.turtle_section(campaigns))
        fh["graph.nt"].write(rdf.ntriples_section(shared) + rdf.ntriples_section(campaigns))
        shared_trig = rdf.trig_graph(shared)
        fh["graph.trig"].write(shared_trig)
        self._loader.feed(shared_trig)
        fh["graph.jsonld"].write((rdf.JSONLD_SEPARATOR if self._graphs else "")
                                 + rdf.jsonld_graph(shared) + rdf.JSONLD_TAIL)
        self._close()

    def store(self, ontology: Path | None = None) -> Any:
        """The store of the graph (its named graphs as in graph.trig, and the ontology in
        its own graph), loaded while the notices came in."""
        import pyoxigraph as ox

        store = self._loader.finish()
        if ontology is not None and ontology.exists():
            store.bulk_load(path=str(ontology), format=ox.RdfFormat.TURTLE,
                            to_graph=ox.NamedNode(ONTOLOGY_GRAPH))
        return store

    def _close(self) -> None:
        for fh in self._fh.values():
            fh.close()
        self._fh = {}

    def discard(self) -> None:
        """Remove the staging folder; if its exports were being published (READY), finish
        publishing them instead of leaving the folder a mix of two builds."""
        self._loader.stop()
        with contextlib.suppress(OSError):
            self._close()
        if (self.dir / READY).is_file():
            try:
                _finish_publish(self.dir, self.out)
            except OSError:
                return  # kept: the next build into the folder finishes it
        shutil.rmtree(self.dir, ignore_errors=True)


class _StoreLoader:
    """Loads the notices' TriG graphs into an in-memory store on a thread of its own while
    the workers extract: the parent is idle then, and after the last notice only the
    ontology is left to load. pyoxigraph parses without the GIL."""

    BATCH_CHARS = 4_000_000

    def __init__(self) -> None:
        import queue
        import threading

        import pyoxigraph as ox

        self._store = ox.Store()
        self._format = ox.RdfFormat.TRIG
        self._queue: queue.Queue[bytes | None] = queue.Queue(maxsize=8)
        self._pending: list[str] = []
        self._size = 0
        self._error: BaseException | None = None
        self._thread = threading.Thread(target=self._run, name="kg-store", daemon=True)
        self._thread.start()

    def _run(self) -> None:
        while (batch := self._queue.get()) is not None:
            if self._error is None:
                try:
                    self._store.load(batch, format=self._format)
                except BaseException as exc:  # reported by finish()
                    self._error = exc

    def feed(self, graph: str) -> None:
        self._pending.append(graph)
        self._size += len(graph)
        if self._size >= self.BATCH_CHARS:
            self._flush()

    def _flush(self) -> None:
        if self._pending:
            self._queue.put((rdf.prefixes() + "".join(self._pending)).encode("utf-8"))
            self._pending, self._size = [], 0

    def finish(self) -> Any:
        self._flush()
        self._queue.put(None)
        self._thread.join()
        if self._error is not None:
            raise self._error
        return self._store

    def stop(self) -> None:
        if self._thread.is_alive():
            self._pending = []
            self._error = self._error or RuntimeError("stopped")
            with contextlib.suppress(Exception):
                while not self._queue.empty():  # make room for the end mark
                    self._queue.get_nowait()
            self._queue.put(None)
            self._thread.join(timeout=30)


def write_exports(
    staging: Staging,
    gazetteer: Any,
    *,
    validate: bool = True,
    html: bool = True,
    say: Callable[[str], None] = lambda msg: None,
) -> tuple[dict[str, Path], int, bool, str]:
    """Complete the exports ``staging`` holds the notices of, and publish them; returns the
    files written, the number of distinct triples, whether the graph conforms to the shapes
    and the validation text. The staging folder is gone afterwards, whatever happens."""
    from kg.exporters import report as report_mod

    out = staging.out
    try:
        with _stage("serialise", say):
            staging.close_graphs(gazetteer)
            triples = staging.triples
            say(f"kg: wrote {triples} triples")
            _write(staging.dir / "context.jsonld", [_json(rdf.jsonld_context())])

            from kg.exporters.ontology_files import write_ontology, write_ontology_docs

            write_ontology(staging.dir)
            write_ontology_docs(staging.dir)

        with _stage("store", say):
            store = staging.store(staging.dir / "ontology.ttl")
        conforms, validation_text = True, ""
        from kg.exporters.html import render_html
        from kg.exporters.queries import write_queries
        from kg.validate import validate_fast

        def validation() -> Any:
            with _stage("validate", say):
                return validate_fast(store)

        # Validation is mostly pyoxigraph's work, the page mostly Python's: they overlap.
        with ThreadPoolExecutor(1) as background:
            checked = background.submit(validation) if validate else None
            with _stage("queries", say):
                write_queries(staging.dir / "queries", store)
            if html:
                with _stage("html", say):
                    render_html(store, staging.dir / "graph.html")
            if checked is not None:
                report = checked.result()
                conforms, validation_text = report.conforms, report.text
                say("kg: the graph conforms to the shapes" if conforms else
                    "kg: the graph does NOT conform to the shapes")
        del store

        entries = sorted(staging.entries, key=lambda e: e["source"])
        ok = sum(1 for e in entries if "error" not in e)
        summary = (f"{ok} notice(s) built, {len(entries) - ok} skipped; {triples} triples; "
                   f"{'conforms' if conforms else 'does not conform'} to the shapes.")
        md, js = report_mod.render(entries, summary)
        _write(staging.dir / "report.md", [md])
        _write(staging.dir / "report.json", [js])
        if validation_text:
            _write(staging.dir / "validation.txt", [validation_text])

        try:
            files = _publish(staging.dir, out)
        except KeyboardInterrupt:
            if (staging.dir / READY).is_file():  # the new set is published all the same
                _finish_publish(staging.dir, out)
                raise KeyboardInterrupt(PUBLISHED) from None
            raise
    except OSError as exc:  # disk full, file size limit ...: one line, not a traceback
        raise OutputError(f"{out}: cannot write the exports ({exc.strerror or exc})") from exc
    finally:
        staging.discard()
    return files, triples, conforms, validation_text


def _json(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, indent=1, sort_keys=False) + "\n"


# In a staging folder whose exports are all written: the list of them, as JSON. From the
# moment it exists the new set of exports is the one to publish; a build killed while
# moving the files over the old ones leaves it behind, and the next build into the folder
# moves the rest before anything else (kg.exporters.writer.Staging), so that the folder
# never stays a mix of two builds' exports.
READY = ".kg-ready"


def _publish(staging: Path, out: Path) -> dict[str, Path]:
    """Move every staged file over its counterpart in ``out``: each move is atomic, and the
    set is completed by the next build if this one is killed half-way (READY)."""
    names = sorted(path.relative_to(staging).as_posix() for path in staging.rglob("*")
                   if path.is_file() and path.name != READY)
    ready = staging / READY
    ready.with_suffix(".tmp").write_text(json.dumps(names), encoding="utf-8")
    os.replace(ready.with_suffix(".tmp"), ready)
    return _finish_publish(staging, out)


def _finish_publish(staging: Path, out: Path) -> dict[str, Path]:
    """Move the files READY lists from ``staging`` to ``out`` (those still there: a killed
    publish moved some already) and remove a validation report the set has none of."""
    try:
        names = json.loads((staging / READY).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}  # not a complete set: discarded, the exports stay as they are
    files: dict[str, Path] = {}
    for rel in names:
        path, target = staging / rel, out / rel
        if path.is_file():
            target.parent.mkdir(parents=True, exist_ok=True)
            os.chmod(path, 0o644)
            os.replace(path, target)
        files[rel] = target
    stale = out / "validation.txt"
    if "validation.txt" not in files and stale.exists():
        stale.unlink()
    return files
