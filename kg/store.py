"""Loading exported RDF files into an embedded pyoxigraph store.

``kg query`` and the query exporter run SPARQL over a :class:`pyoxigraph.Store`. Datasets
(TriG, N-Quads) keep their named graphs; graph files (Turtle, N-Triples, RDF/XML, JSON-LD)
go into the default graph. Queries are evaluated with the default graph as the union of all
graphs (``use_default_graph_as_union=True``), so the pack queries see the same triples
whichever export they run over.
"""

from __future__ import annotations

from collections.abc import Iterable
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


def load_store(paths: Iterable[Path], store: ox.Store | None = None) -> ox.Store:
    """Load RDF files into ``store`` (a new in-memory store by default).

    Raises:
        InputError: a file is missing, has an unknown extension or does not parse; the
            message names the file and, for syntax errors, the position.
    """
    store = ox.Store() if store is None else store
    for path in paths:
        fmt = rdf_format(path)
        if not path.is_file():
            raise InputError(f"{path}: no such file")
        try:
            store.bulk_load(path=str(path), format=fmt)
        except SyntaxError as exc:
            raise InputError(f"{path}: not valid {fmt.name}: {exc}") from None
        except (OSError, ValueError) as exc:
            raise InputError(f"{path}: cannot load: {exc}") from None
    return store
