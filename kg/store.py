"""Loading exported RDF files into an embedded pyoxigraph store.

``kg query`` and the query exporter run SPARQL over a :class:`pyoxigraph.Store`. Datasets
(TriG, N-Quads) keep their named graphs; graph files (Turtle, N-Triples, RDF/XML, JSON-LD)
go into the default graph. Queries are evaluated with the default graph as the union of all
graphs (``use_default_graph_as_union=True``), so the pack queries see the same triples
whichever export they run over.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import tempfile
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path

import pyoxigraph as ox

from kg.errors import InputError

# Extension -> format; ``.jsonld`` is last because JSON-LD needs a context and is the slowest.
FORMATS: dict[str, ox.RdfFormat] = {
    ".trig": ox.RdfFormat.TRIG,
    ".ttl": ox.RdfFormat.TURTLE,
    ".nt": ox.RdfFormat.N_TRIPLES,
    ".nq": ox.RdfFormat.N_QUADS,
    ".rdf": ox.RdfFormat.RDF_XML,
    ".owl": ox.RdfFormat.RDF_XML,
    ".jsonld": ox.RdfFormat.JSON_LD,
}

EXPORTS = Path("exports")
GRAPH_FILES = ("graph.trig", "graph.ttl", "graph.nt")
ONTOLOGY_FILE = "ontology.ttl"


def rdf_format(path: Path) -> ox.RdfFormat:
    """The RDF format of a file, from its extension."""
    try:
        return FORMATS[path.suffix.lower()]
    except KeyError:
        known = ", ".join(sorted(FORMATS))
        raise InputError(f"{path}: unknown RDF file extension (known: {known})") from None


def default_graph_files(exports: Path = EXPORTS) -> list[Path]:
    """The build's exported graph (``graph.trig``, else ``graph.ttl``, else ``graph.nt``)."""
    for name in GRAPH_FILES:
        if (exports / name).is_file():
            return [exports / name]
    raise InputError(
        f"{exports}: no exported graph ({', '.join(GRAPH_FILES)}); run `kg build` first "
        "or pass --graph FILE"
    )


def with_ontology(graphs: list[Path]) -> list[Path]:
    """``graphs`` plus the ``ontology.ttl`` that sits next to the first of them, if any."""
    if not graphs:
        return graphs
    ontology = graphs[0].parent / ONTOLOGY_FILE
    listed = {g.resolve() for g in graphs if g.exists()}
    if ontology.is_file() and ontology.resolve() not in listed:
        return [*graphs, ontology]
    return graphs


def load_store(paths: Iterable[Path], store: ox.Store | None = None,
               graph_per_file: bool = False) -> ox.Store:
    """Load RDF files into ``store`` (a new in-memory store by default).

    With ``graph_per_file``, a graph file (Turtle, N-Triples ...) goes into a named graph
    named by the file's ``file:`` URI instead of the default graph.

    Raises:
        InputError: a file is missing, has an unknown extension or does not parse; the
            message names the file and, for syntax errors, the position.
    """
    store = ox.Store() if store is None else store
    for path in paths:
        fmt = rdf_format(path)
        if not path.is_file():
            raise InputError(f"{path}: no such file")
        to_graph = None
        if graph_per_file and not fmt.supports_datasets:
            to_graph = ox.NamedNode(path.resolve().as_uri())
        try:
            store.bulk_load(path=str(path), format=fmt, to_graph=to_graph)
        except SyntaxError as exc:
            raise InputError(f"{path}: not valid {fmt.name}: {exc}") from None
        except (OSError, ValueError) as exc:
            raise InputError(f"{path}: cannot load: {exc}") from None
    return store


# Graphs larger than this are kept in an on-disk store between ``kg query`` runs.
PERSIST_ABOVE_BYTES = 16 * 1024 * 1024
_DONE = "complete"
# How the on-disk store is made; a change here makes stores made before it be made again.
# 2: compacted after loading (Store.optimize), which makes each lookup several times quicker.
# 3: graph files (the ontology) in a named graph, which leaves the default graph empty: a
#    lookup in the union of the graphs then seeks one index instead of two (10-25 % quicker).
_LAYOUT = "3"


def _stamp(paths: Sequence[Path]) -> str:
    """Names one version of the files: their paths, sizes and modification times (and the
    layout of the store made of them)."""
    h = hashlib.sha256(f"layout {_LAYOUT}\0".encode())
    for path in paths:
        st = path.stat()
        h.update(f"{path.resolve()}\0{st.st_size}\0{st.st_mtime_ns}\0".encode())
    return h.hexdigest()[:16]


def open_store(paths: Sequence[Path], cache_root: Path | None = None,
               persist_above: int = PERSIST_ABOVE_BYTES,
               note: Callable[[str], None] | None = None) -> ox.Store:
    """A store of ``paths`` for querying: in memory for small graphs; for large ones an
    on-disk store kept in ``cache_root`` (default ``.cache/store`` beside the first file),
    made on first use (and compacted) and opened read-only afterwards, so that a query on the
    graph of 10,000 notices does not parse and index millions of triples each time. A new version
    of the files gets a new store and the old one is removed. When the folder cannot be
    written, the graph is loaded in memory. In the on-disk store a graph file (such as
    ``ontology.ttl``) is a named graph of its own (its ``file:`` URI) rather than the default
    graph; queries over the union of the graphs see the same triples either way.

    Raises:
        InputError: as :func:`load_store`.
    """
    db, store = _persistent_store(paths, cache_root, persist_above, note)
    if store is not None:
        return store
    if db is not None:
        try:
            return ox.Store.read_only(str(db))
        except OSError:
            pass
    return load_store(paths)


def persistent_store(paths: Sequence[Path], cache_root: Path | None = None,
                     persist_above: int = PERSIST_ABOVE_BYTES,
                     note: Callable[[str], None] | None = None) -> Path | None:
    """The folder of the on-disk store of ``paths`` (see :func:`open_store`), made if it
    is not there yet; None when the graph is small enough to load in memory, or the store
    cannot be written. ``kg serve`` serves it read-only. ``note`` is told when the store is
    being made (a minute or two for the graph of 10,000 notices), so that a user is not
    left before a silent terminal.

    Raises:
        InputError: as :func:`load_store`.
    """
    return _persistent_store(paths, cache_root, persist_above, note)[0]


def _persistent_store(paths: Sequence[Path], cache_root: Path | None,
                      persist_above: int, note: Callable[[str], None] | None,
                      ) -> tuple[Path | None, ox.Store | None]:
    """:func:`persistent_store`, and the store opened read-only when it was there already
    (opening the store of 10,000 notices takes some 15 ms: a query need not pay it twice)."""
    paths = list(paths)
    missing = [p for p in paths if not p.is_file()]
    if missing or sum(p.stat().st_size for p in paths) <= persist_above:
        return None, None
    root = cache_root if cache_root is not None else paths[0].parent / ".cache" / "store"
    target = root / _stamp(paths)
    if (target / _DONE).is_file():
        try:
            return target / "db", ox.Store.read_only(str(target / "db"))
        except OSError:
            pass  # unreadable or damaged: make it again
    try:
        root.mkdir(parents=True, exist_ok=True)
        work = Path(tempfile.mkdtemp(prefix=".new-", dir=root))
    except OSError:
        return None, None
    if note is not None:
        size = sum(p.stat().st_size for p in paths) / 1e6
        note(f"kg: making the on-disk store of {size:,.0f} MB of graph files for queries, "
             f"once (in {root}); later queries open it at once")
    try:
        store = load_store(paths, ox.Store(str(work / "db")), graph_per_file=True)
        # Bulk loading leaves many overlapping files per index; compacting them once makes
        # each lookup of a query seek a few files instead of many (4x quicker at 10,000
        # notices), for about 20 % more build time.
        store.optimize()
        store.flush()
        del store
        (work / _DONE).write_text("", encoding="utf-8")
        shutil.rmtree(target, ignore_errors=True)
        os.replace(work, target)
    except OSError:
        shutil.rmtree(work, ignore_errors=True)
        return None, None
    except BaseException:
        shutil.rmtree(work, ignore_errors=True)
        raise
    for old in root.iterdir():  # earlier versions of these files
        if old.name != target.name and not old.name.startswith("."):
            shutil.rmtree(old, ignore_errors=True)
    return target / "db", None
