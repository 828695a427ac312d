"""``kg query`` keeps large graphs in an on-disk store between runs (kg.store.open_store)."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pyoxigraph as ox

from kg.query import pack
from kg.store import load_store, open_store


def _answers(store: ox.Store, name: str) -> list[tuple[str, ...]]:
    rows = store.query(pack()[name].sparql, use_default_graph_as_union=True)
    return [tuple(str(v) for v in row) for row in rows]


def _copy(seed_build: Path, tmp_path: Path) -> list[Path]:
    files = [tmp_path / "graph.trig", tmp_path / "ontology.ttl"]
    for f in files:
        shutil.copy(seed_build / f.name, f)
    return files


def test_a_large_graph_is_stored_once_and_answers_the_same(seed_build: Path,
                                                           tmp_path: Path) -> None:
    files = _copy(seed_build, tmp_path)
    memory = load_store(files)
    first = open_store(files, persist_above=0)
    stores = list((tmp_path / ".cache" / "store").iterdir())
    assert len(stores) == 1 and (stores[0] / "complete").is_file()
    made = (stores[0] / "complete").stat().st_mtime_ns
    again = open_store(files, persist_above=0)
    assert (stores[0] / "complete").stat().st_mtime_ns == made  # opened, not made again
    for name in ("theme_by_year", "departments_ranked", "fact_provenance"):
        assert _answers(first, name) == _answers(again, name) == _answers(memory, name)


def test_a_changed_graph_gets_a_new_store_and_the_old_one_goes(seed_build: Path,
                                                               tmp_path: Path) -> None:
    files = _copy(seed_build, tmp_path)
    open_store(files, persist_above=0)
    (old,) = (tmp_path / ".cache" / "store").iterdir()
    with open(files[0], "a", encoding="utf-8") as fh:
        fh.write('<urn:x:a> <urn:x:b> "changed" .\n')
    store = open_store(files, persist_above=0)
    (new,) = (tmp_path / ".cache" / "store").iterdir()
    assert new.name != old.name
    assert list(store.quads_for_pattern(ox.NamedNode("urn:x:a"), None, ox.Literal("changed")))


def test_a_folder_that_cannot_be_written_falls_back_to_memory(seed_build: Path,
                                                              tmp_path: Path) -> None:
    files = _copy(seed_build, tmp_path)
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("", encoding="utf-8")  # mkdir under a file fails, even for root
    store = open_store(files, cache_root=blocker / "store", persist_above=0)
    assert _answers(store, "theme_by_year") == _answers(load_store(files), "theme_by_year")
    assert os.path.isfile(blocker)


def test_the_on_disk_store_keeps_graph_files_in_named_graphs(seed_build: Path,
                                                             tmp_path: Path) -> None:
    # The default graph is left empty (a lookup in the union of the graphs then reads one
    # index instead of two); the ontology is still seen through the union.
    files = _copy(seed_build, tmp_path)
    store = open_store(files, persist_above=0)
    assert not list(store.quads_for_pattern(None, None, None, ox.DefaultGraph()))
    ontology = ox.NamedNode(files[1].resolve().as_uri())
    assert list(store.quads_for_pattern(None, None, None, ontology))
    ask = ("PREFIX qm: <https://w3id.org/quality-month/ontology#> "
           "PREFIX owl: <http://www.w3.org/2002/07/owl#> ASK { qm:Campaign a owl:Class }")
    assert bool(store.query(ask, use_default_graph_as_union=True))


def test_the_user_is_told_while_the_store_is_made_and_not_after(seed_build: Path,
                                                                tmp_path: Path) -> None:
    files = _copy(seed_build, tmp_path)
    notes: list[str] = []
    open_store(files, persist_above=0, note=notes.append)
    assert len(notes) == 1 and "on-disk store" in notes[0] and "once" in notes[0]
    open_store(files, persist_above=0, note=notes.append)  # opened: nothing to say
    open_store(files, note=notes.append)  # small enough for memory: nothing to say
    assert len(notes) == 1
