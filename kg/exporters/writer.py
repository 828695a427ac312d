"""Writes every export of a build: stage all files first, then move them over the old ones,
so that a build that fails or is interrupted leaves the previous exports as they were."""

from __future__ import annotations

import contextlib
import os
import shutil
import tempfile
import time
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import Any

from kg.errors import OutputError
from kg.exporters import rdf
from kg.exporters.rdf import Block
from kg.graph import mint
from kg.graph.build import Triple
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


def write_exports(
    results: Sequence[Any],
    out: Path,
    gazetteer: Any,
    *,
    validate: bool = True,
    html: bool = True,
    say: Callable[[str], None] = lambda msg: None,
) -> tuple[dict[str, Path], int, bool, str]:
    """Write all exports of ``results`` into ``out``; returns the files written, the number
    of distinct triples, whether the graph conforms to the shapes and the validation text."""
    from kg.exporters import report as report_mod
    from kg.pipeline import all_refs, notice_blocks

    notices = notice_blocks(results)
    shared = shared_triples(all_refs(results), gazetteer)
    campaign_union: list[Triple] = sorted({t for _, _, camp in notices for t in camp})
    union_blocks = [Block(mint.SHARED_GRAPH, shared), Block(mint.SHARED_GRAPH, campaign_union)]
    union_blocks += [Block(g, own) for g, own, _ in notices]
    named_blocks = [Block(mint.SHARED_GRAPH, shared)]
    named_blocks += [Block(g, sorted(own + camp)) for g, own, camp in notices]
    triples = len(shared) + len(campaign_union) + sum(len(own) for _, own, _ in notices)

    try:
        out.mkdir(parents=True, exist_ok=True)
        for stale in out.glob(".kg-staging-*"):  # left by a killed build (we hold the lock)
            shutil.rmtree(stale, ignore_errors=True)
        staging = Path(tempfile.mkdtemp(prefix=".kg-staging-", dir=out))
    except OSError as exc:
        raise OutputError(f"{out}: cannot write the output folder ({exc.strerror})") from exc
    try:
        say(f"kg: writing {triples} triples")
        with _stage("serialise", say):
            _write(staging / "graph.ttl", rdf.turtle(union_blocks))
            _write(staging / "graph.nt", rdf.ntriples(union_blocks))
            _write(staging / "graph.trig", rdf.trig(named_blocks))
            _write(staging / "graph.jsonld", rdf.jsonld(named_blocks))
            _write(staging / "context.jsonld", [_json(rdf.jsonld_context())])

            from kg.exporters.ontology_doc import write_ontology, write_ontology_docs

            write_ontology(staging)
            write_ontology_docs(staging)

        with _stage("store", say):
            store = load_store("".join(rdf.nquads(named_blocks)).encode("utf-8"),
                               staging / "ontology.ttl")
        conforms, validation_text = True, ""
        if validate:
            from kg.validate import validate_fast

            with _stage("validate", say):
                report = validate_fast(store)
            conforms, validation_text = report.conforms, report.text
            say("kg: the graph conforms to the shapes" if conforms else
                "kg: the graph does NOT conform to the shapes")

        from kg.exporters.queries import write_queries

        with _stage("queries", say):
            write_queries(staging / "queries", store)
        if html:
            from kg.exporters.html import render_html

            with _stage("html", say):
                render_html(store, staging / "graph.html")

        entries = []
        for r in sorted(results, key=lambda r: r.source):
            if r.error:
                entries.append({"source": r.source, "error": r.error})
                continue
            entry = {"source": r.source, "key": r.key, "encoding": r.encoding,
                     "script": r.script, "warnings": r.warnings}
            entry.update(report_mod.summarise(r.facts))
            entries.append(entry)
        ok = sum(1 for r in results if not r.error)
        summary = (f"{ok} notice(s) built, {len(results) - ok} skipped; {triples} triples; "
                   f"{'conforms' if conforms else 'does not conform'} to the shapes.")
        md, js = report_mod.render(entries, summary)
        _write(staging / "report.md", [md])
        _write(staging / "report.json", [js])
        if validation_text:
            _write(staging / "validation.txt", [validation_text])

        files = _publish(staging, out)
    except OSError as exc:  # disk full, file size limit ...: one line, not a traceback
        raise OutputError(f"{out}: cannot write the exports ({exc.strerror or exc})") from exc
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return files, triples, conforms, validation_text


def load_store(nquads: bytes, ontology: Path | None = None) -> Any:
    """An in-memory pyoxigraph store holding the graph (and the ontology in its own graph)."""
    import pyoxigraph as ox

    store = ox.Store()
    store.bulk_load(nquads, format=ox.RdfFormat.N_QUADS)
    if ontology is not None and ontology.exists():
        store.bulk_load(path=str(ontology), format=ox.RdfFormat.TURTLE,
                        to_graph=ox.NamedNode(ONTOLOGY_GRAPH))
    return store


def _json(value: Any) -> str:
    import json

    return json.dumps(value, ensure_ascii=False, indent=1, sort_keys=False) + "\n"


def _publish(staging: Path, out: Path) -> dict[str, Path]:
    """Move every staged file over its counterpart in ``out`` (each move is atomic)."""
    files: dict[str, Path] = {}
    for path in sorted(staging.rglob("*")):
        if path.is_dir():
            continue
        rel = path.relative_to(staging)
        target = out / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        os.chmod(path, 0o644)
        os.replace(path, target)
        files[rel.as_posix()] = target
    stale = out / "validation.txt"
    if "validation.txt" not in files and stale.exists():
        stale.unlink()
    return files
