"""Writing the ontology's files into a build's exports: ``ontology.ttl`` and ``shapes.ttl``
(copies) and the pages documenting it (``ontology.html``, ``ontology.md``).

The pages are rendered by :mod:`kg.exporters.ontology_doc`, with rdflib. They depend on
nothing but ``ontology/qm.ttl`` and that module's code, so they are kept in the per-user
cache of :mod:`kg.derived`: a build imports rdflib only when the ontology or kg changed.
"""

from __future__ import annotations

from pathlib import Path

from kg import derived
from kg.exporters import atomic_write
from kg.validate import ONTOLOGY_PATH, SHAPES_PATH

_DOC_NAMES = ("ontology.html", "ontology.md")


def ontology_pages(ontology: Path = ONTOLOGY_PATH) -> dict[str, str]:
    """``{"ontology.html": ..., "ontology.md": ...}`` documenting ``ontology``."""

    def make() -> dict[str, str]:
        from kg.exporters.ontology_doc import load_ontology_doc, render_html, render_markdown

        doc = load_ontology_doc(ontology)
        return dict(zip(_DOC_NAMES, (render_html(doc), render_markdown(doc)), strict=True))

    try:
        content = ontology.read_bytes()
    except OSError:
        return make()  # the renderer names the missing file
    code = (Path(__file__).parent / "ontology_doc.py").read_bytes()
    return derived.cached("ontology-docs", [content, code], make)


def write_ontology_docs(out_dir: Path, *, ontology: Path = ONTOLOGY_PATH) -> list[Path]:
    """Write ``ontology.html`` and ``ontology.md`` documenting the ontology into ``out_dir``."""
    pages = ontology_pages(ontology)
    written = []
    for name in _DOC_NAMES:
        path = Path(out_dir) / name
        atomic_write(path, pages[name].encode("utf-8"))
        written.append(path)
    return written


def write_ontology(out_dir: Path) -> list[Path]:
    """Copy ``ontology/qm.ttl`` and ``ontology/shapes.ttl`` to ``out_dir`` as
    ``ontology.ttl`` and ``shapes.ttl``."""
    written = []
    for source, name in ((ONTOLOGY_PATH, "ontology.ttl"), (SHAPES_PATH, "shapes.ttl")):
        path = Path(out_dir) / name
        atomic_write(path, source.read_bytes())
        written.append(path)
    return written
