"""The committed exports are those a build of the shipped corpus gives, and builds are
deterministic (the same input gives byte-identical files)."""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox
import rdflib

from kg.pipeline import build
from tests.helpers import NOTICES, ROOT

EXPORTS = ROOT / "exports"


def _files(folder: Path) -> dict[str, bytes]:
    return {
        p.relative_to(folder).as_posix(): p.read_bytes()
        for p in sorted(folder.rglob("*"))
        if p.is_file() and not any(part.startswith(".") for part in p.relative_to(folder).parts)
    }


def test_two_builds_give_byte_identical_exports(seed_build: Path, tmp_path: Path) -> None:
    build([NOTICES], tmp_path, jobs=2, cache=True, quiet=True)
    first, second = _files(seed_build), _files(tmp_path)
    assert sorted(first) == sorted(second)
    changed = [name for name in first if first[name] != second[name]]
    assert not changed


def test_committed_exports_are_current(seed_build: Path) -> None:
    fresh, committed = _files(seed_build), _files(EXPORTS)
    stale = sorted(n for n in fresh if committed.get(n) != fresh[n])
    extra = sorted(set(committed) - set(fresh))
    assert not stale and not extra, (
        f"exports/ is stale ({stale}, extra {extra}): run `kg build` and commit exports/"
    )


def test_graph_parses_with_rdflib_and_pyoxigraph(seed_build: Path) -> None:
    ttl = seed_build / "graph.ttl"
    g = rdflib.Graph().parse(ttl, format="turtle")
    ox_count = sum(1 for _ in ox.parse(path=str(ttl), format=ox.RdfFormat.TURTLE))
    assert len(g) == ox_count > 100


def test_every_export_is_the_same_graph(seed_build: Path) -> None:
    def triples(name: str, fmt: ox.RdfFormat) -> set[str]:
        return {
            f"{q.subject} {q.predicate} {q.object}"
            for q in ox.parse(path=str(seed_build / name), format=fmt)
        }

    ttl = triples("graph.ttl", ox.RdfFormat.TURTLE)
    assert triples("graph.nt", ox.RdfFormat.N_TRIPLES) == ttl
    assert triples("graph.trig", ox.RdfFormat.TRIG) == ttl
    assert triples("graph.jsonld", ox.RdfFormat.JSON_LD) == ttl


def test_every_qm_term_used_is_declared_in_the_ontology(seed_build: Path) -> None:
    from kg.vocab import QM_NS

    onto = rdflib.Graph().parse(ROOT / "ontology" / "qm.ttl", format="turtle")
    declared = {str(s) for s in onto.subjects() if str(s).startswith(QM_NS)}
    used = set()
    for q in ox.parse(path=str(seed_build / "graph.ttl"), format=ox.RdfFormat.TURTLE):
        for term in (q.predicate, q.object):
            if isinstance(term, ox.NamedNode) and term.value.startswith(QM_NS):
                used.add(term.value)
    assert used and not used - declared, sorted(used - declared)
