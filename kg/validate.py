"""Validating a graph against the SHACL shapes of ``ontology/shapes.ttl``.

Two validators give the same :class:`Report`:

- :func:`validate` runs pySHACL, the reference implementation, over an rdflib graph. It is
  exact but slow (about a minute per 100k triples), so it is for tests and small graphs.
- :func:`validate_fast` compiles every constraint of the shapes to one SPARQL ``SELECT``
  and runs them in pyoxigraph (Rust), for the build: 10,000 notices (~3M triples) in
  seconds. The compiler supports the subset of SHACL the shapes use and raises
  :class:`~kg.errors.ConfigError` on anything else, so no constraint is silently skipped;
  ``tests/test_shapes.py`` checks that both validators report the same results on the
  fixture and on a broken copy of it for every shape.

Both validate the union of all named graphs, which is what ``graph.ttl`` holds. The
pySHACL validator and the compiler need rdflib and live in :mod:`kg.shapes` (``validate``
and ``compile_shapes`` are reachable from here as well); the build takes the compiled
checks from the cache of :mod:`kg.derived` and does not import rdflib.
Results name the focus node, the shape (every shape in ``shapes.ttl`` has an IRI), the
constraint component, the path, the offending value and the shape's message.
"""

from __future__ import annotations

import json
import os
import re
import sys
from collections.abc import Iterable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import asdict, dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any, Union

import pyoxigraph as ox

from kg import derived
from kg.errors import ValidationFailed
from kg.store import FORMATS as store_formats
from kg.store import load_store as _load_files
from kg.vocab import PREFIXES

if TYPE_CHECKING:
    import rdflib

ONTOLOGY_DIR = Path(__file__).resolve().parent.parent / "ontology"
ONTOLOGY_PATH = ONTOLOGY_DIR / "qm.ttl"
SHAPES_PATH = ONTOLOGY_DIR / "shapes.ttl"

SH_NS = "http://www.w3.org/ns/shacl#"
QMSH_NS = "https://w3id.org/quality-month/shapes#"

# Input formats by file extension (shared with ``kg query``).
FORMATS = store_formats

Data = Union[Path, Sequence[Path], ox.Store, "rdflib.Graph"]
Shapes = Union[Path, "rdflib.Graph", None]
Hierarchy = tuple[tuple[str, tuple[str, ...]], ...]  # class -> itself and its subclasses

_DISPLAY_PREFIXES = {**PREFIXES, "qmsh": QMSH_NS, "sh": SH_NS}


# ---------------------------------------------------------------------------------------
# Reports
# ---------------------------------------------------------------------------------------


@dataclass(frozen=True, order=True)
class Result:
    """One validation result. Terms are in N-Triples syntax (``<iri>``, ``"lit"@zh``).

    Attributes:
        focus: the focus node that violates the shape.
        shape: the shape (``sh:sourceShape``), an IRI in ``qmsh:``.
        component: the constraint component's local name, e.g. ``MinCountConstraintComponent``.
        path: the path as SPARQL property-path text, or ``None`` for node shapes.
        value: the offending value node, or ``None`` (counts, missing values).
        message: the shape's English message (or its only message).
        severity: ``Violation``, ``Warning`` or ``Info``.
    """

    focus: str
    shape: str
    component: str
    path: str | None
    value: str | None
    message: str = field(compare=False)
    severity: str = field(default="Violation", compare=False)

    @property
    def key(self) -> tuple[str, str, str, str | None, str | None]:
        """What identifies a result across validators (messages may be worded differently)."""
        return (self.focus, self.shape, self.component, self.path, self.value)

    def describe(self) -> str:
        lines = [
            f"{self.severity}: {compact(self.focus)}",
            f"  shape: {compact(self.shape)} ({self.component.removesuffix('ConstraintComponent')})",
        ]
        if self.path:
            lines.append(f"  path: {compact_path(self.path)}")
        if self.value is not None:
            lines.append(f"  value: {compact(self.value)}")
        lines.append(f"  message: {self.message}")
        return "\n".join(lines)


@dataclass(frozen=True)
class Report:
    """The outcome of validating a graph.

    Attributes:
        conforms: ``True`` when there are no results.
        results: sorted, without duplicates.
        engine: ``"pyshacl"`` or ``"sparql"``.
    """

    conforms: bool
    results: tuple[Result, ...]
    engine: str

    @property
    def text(self) -> str:
        """Every result, readable: focus node, shape, path, value and message."""
        return self.summary(limit=None)

    def summary(self, limit: int | None = 20) -> str:
        """A readable report showing at most ``limit`` results (all when ``None``)."""
        if self.conforms:
            return f"Conforms ({self.engine})."
        head = f"Does not conform ({self.engine}): {len(self.results)} result(s)."
        shown = self.results if limit is None else self.results[:limit]
        parts = [head, *(r.describe() for r in shown)]
        if len(shown) < len(self.results):
            parts.append(f"... and {len(self.results) - len(shown)} more.")
        return "\n".join(parts)

    def raise_if_invalid(self, limit: int | None = 20) -> None:
        """Raise :class:`~kg.errors.ValidationFailed` (exit status 1) unless the graph conforms."""
        if not self.conforms:
            raise ValidationFailed(self.summary(limit))


def _report(results: Iterable[Result], engine: str) -> Report:
    unique = tuple(sorted(set(results)))
    return Report(conforms=not unique, results=unique, engine=engine)


def compact(term: str) -> str:
    """``<https://w3id.org/quality-month/id/notice/…>`` → ``qmid:notice/…`` for display."""
    if term.startswith("<") and term.endswith(">"):
        iri = term[1:-1]
        for prefix, ns in _DISPLAY_PREFIXES.items():
            if iri.startswith(ns):
                return f"{prefix}:{iri[len(ns):]}"
    return term


def compact_path(path: str) -> str:
    return re.sub(r"<[^>\s]*>", lambda m: compact(m.group()), path)


# ---------------------------------------------------------------------------------------
# Loading
# ---------------------------------------------------------------------------------------


def load_store(paths: Path | Sequence[Path]) -> ox.Store:
    """An in-memory pyoxigraph store with the files' triples and quads (format by extension:
    .ttl, .trig, .nt, .nq, .jsonld ...; see :data:`kg.store.FORMATS`).

    A store keeps values, not terms: literals of the types derived from ``xsd:integer``
    (``xsd:nonNegativeInteger``, ``xsd:int`` ...) come back as ``xsd:integer`` in canonical
    form (``"05"^^xsd:nonNegativeInteger`` → ``"5"^^xsd:integer``). The shapes allow for it.

    Raises:
        InputError: a file is missing, has an unknown extension or does not parse.
    """
    return _load_files(_paths(paths))


def _paths(paths: Path | Sequence[Path]) -> list[Path]:
    return [paths] if isinstance(paths, (str, Path)) else [Path(p) for p in paths]


def _store(data: Data) -> ox.Store:
    if isinstance(data, ox.Store):
        return data
    rdflib = sys.modules.get("rdflib")  # not imported: the data cannot be an rdflib graph
    if rdflib is not None and isinstance(data, rdflib.Graph):
        store = ox.Store()
        if isinstance(data, rdflib.Dataset):
            store.load(data.serialize(format="nquads", encoding="utf-8"), format=ox.RdfFormat.N_QUADS)
        else:
            store.load(data.serialize(format="nt", encoding="utf-8"), format=ox.RdfFormat.N_TRIPLES)
        return store
    return load_store(data)


@dataclass(frozen=True)
class Check:
    """One compiled constraint: a SELECT binding ``?this`` and maybe ``?value``/``?path``."""

    shape: str
    component: str
    path: str | None
    query: str
    messages: tuple[tuple[str, str], ...]  # (language, text)
    severity: str = "Violation"


def _checks(shapes: Shapes, subclasses: Hierarchy) -> list[Check]:
    """``compile_shapes(shapes, subclasses=subclasses)``; for a shapes file, from the
    per-user cache of :mod:`kg.derived` (compiling takes rdflib, whose import is a tenth of
    the build of a few notices), keyed by the file's content, the compiler's code and the
    data's subclasses."""
    if shapes is not None and not isinstance(shapes, (str, Path)):
        from kg.shapes import compile_shapes

        return compile_shapes(shapes, subclasses=subclasses)
    path = Path(shapes) if shapes is not None else SHAPES_PATH
    return list(_checks_of_file(path, tuple(sorted((c, tuple(sorted(s))) for c, s in subclasses))))


@lru_cache(maxsize=8)
def _checks_of_file(path: Path, subclasses: Hierarchy) -> tuple[Check, ...]:
    def make() -> list[dict[str, Any]]:
        from kg.shapes import compile_shapes

        return [asdict(check) for check in compile_shapes(path, subclasses=subclasses)]

    try:
        content = path.read_bytes()
    except OSError:
        return tuple(Check(**row) for row in make())  # the compiler says what is wrong
    here = Path(__file__).parent
    code = [(here / name).read_bytes() for name in ("validate.py", "shapes.py")]
    rows = derived.cached("shapes", [content, *code, json.dumps(subclasses)], make)
    return tuple(Check(**{**row, "messages": tuple(tuple(m) for m in row["messages"])})
                 for row in rows)


_SUBCLASS_OF = "http://www.w3.org/2000/01/rdf-schema#subClassOf"


def class_hierarchy(store: ox.Store) -> Hierarchy:
    """For every class with a subclass in ``store``: the classes ``rdfs:subClassOf*`` it."""
    children: dict[str, set[str]] = {}
    for row in store.query(f"SELECT ?a ?b WHERE {{ ?a <{_SUBCLASS_OF}> ?b }}",
                           use_default_graph_as_union=True):
        a, b = row["a"], row["b"]
        if isinstance(a, ox.NamedNode) and isinstance(b, ox.NamedNode):
            children.setdefault(b.value, set()).add(a.value)
    out = []
    for cls in sorted(children):
        seen, todo = {cls}, [cls]
        while todo:
            for child in children.get(todo.pop(), ()):
                if child not in seen:
                    seen.add(child)
                    todo.append(child)
        out.append((cls, tuple(sorted(seen))))
    return tuple(out)


_PLACEHOLDER = re.compile(r"\{[$?](\w+)\}")


def validate_fast(data: Data, *, shapes: Shapes = None) -> Report:
    """Validate with SPARQL in pyoxigraph: the same results as :func:`validate`, much faster.

    Args:
        data: a pyoxigraph store (or anything :func:`validate` accepts); the union of its
            graphs is validated.
        shapes: a shapes file or graph; ``ontology/shapes.ttl`` by default.
    """
    store = _store(data)
    results = []
    checks = _checks(shapes, class_hierarchy(store))

    def solve(check: Check) -> list[dict[str, ox.NamedNode | ox.Literal | ox.BlankNode]]:
        solutions = store.query(check.query, use_default_graph_as_union=True)
        variables = [v.value for v in solutions.variables]
        return [{name: row[name] for name in variables if row[name] is not None}
                for row in solutions]

    # pyoxigraph evaluates without the GIL: the checks run on two cores.
    with ThreadPoolExecutor(max(1, min(2, os.cpu_count() or 1))) as pool:
        answers = list(pool.map(solve, checks))
    for check, rows in zip(checks, answers):
        message = _message_template(check.messages)
        for bound in rows:
            value = bound.get("value")
            path = bound.get("path")
            result_path = check.path if path is None else str(path)
            text = _PLACEHOLDER.sub(
                lambda m: compact(str(bound[m.group(1)])) if m.group(1) in bound else m.group(),
                message,
            )
            results.append(Result(
                focus=str(bound["this"]),
                shape=check.shape,
                component=check.component,
                path=result_path,
                value=str(value) if value is not None else None,
                message=text,
                severity=check.severity,
            ))
    return _report(results, "sparql")


def _message_template(messages: tuple[tuple[str, str], ...]) -> str:
    for lang, text in messages:
        if lang == "en":
            return text
    return messages[0][1] if messages else ""


# The pySHACL validator, the shapes compiler and the rdflib helpers live in kg.shapes, which
# imports rdflib: they are loaded on first use, so that a build whose checks come from the
# cache never imports it.
_IN_SHAPES = frozenset({"validate", "compile_shapes", "nt", "render_path"})


def __getattr__(name: str) -> Any:
    if name in _IN_SHAPES:
        from kg import shapes

        return getattr(shapes, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
