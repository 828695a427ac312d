"""The extractor registry.

An extractor module registers its function with :func:`extractor`, declaring the fields it
emits (``kg.model.FIELDS``) and the extractors whose facts it reads. This module imports no
extractor itself (that is what :func:`load_all` is for), so extractors can import it freely.
"""

from __future__ import annotations

import importlib
import pkgutil
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from kg.model import FIELDS, Document, Fact


class Facts:
    """The facts found so far in one document, by field."""

    def __init__(self) -> None:
        self._by_field: dict[str, list[Fact]] = {}

    def add(self, fact: Fact) -> None:
        self._by_field.setdefault(fact.field, []).append(fact)

    def get(self, field: str) -> list[Fact]:
        return self._by_field.get(field, [])

    def all(self) -> list[Fact]:
        return [f for field in sorted(self._by_field) for f in self._by_field[field]]


ExtractFn = Callable[[Document, Facts], Iterable[Fact]]


@dataclass(frozen=True)
class Extractor:
    name: str
    emits: tuple[str, ...]
    after: tuple[str, ...]
    fn: ExtractFn
    module: str


_REGISTRY: dict[str, Extractor] = {}


def extractor(
    name: str, *, emits: tuple[str, ...], after: tuple[str, ...] = ()
) -> Callable[[ExtractFn], ExtractFn]:
    """Register an extractor function under ``name``.

    Args:
        name: unique name of the extractor.
        emits: the fields (keys of ``kg.model.FIELDS``) its facts may carry.
        after: names of extractors whose facts it reads; they run first.
    """
    unknown = set(emits) - set(FIELDS)
    if unknown:
        raise ValueError(f"extractor {name!r} emits unknown fields {sorted(unknown)}")

    def register(fn: ExtractFn) -> ExtractFn:
        if name in _REGISTRY and _REGISTRY[name].fn is not fn:
            raise ValueError(f"extractor {name!r} registered twice")
        _REGISTRY[name] = Extractor(name, tuple(emits), tuple(after), fn, fn.__module__)
        return fn

    return register


def load_all() -> list[Extractor]:
    """Import every module of this package and return the extractors in run order."""
    for info in sorted(pkgutil.iter_modules(__path__), key=lambda m: m.name):
        importlib.import_module(f"{__name__}.{info.name}")
    ordered: list[Extractor] = []
    done: set[str] = set()

    def visit(name: str, trail: tuple[str, ...]) -> None:
        if name in done:
            return
        if name in trail:
            raise ValueError(f"extractor dependency cycle: {' -> '.join(trail + (name,))}")
        if name not in _REGISTRY:
            raise ValueError(f"extractor {trail[-1]!r} runs after unknown {name!r}")
        for dep in _REGISTRY[name].after:
            visit(dep, trail + (name,))
        done.add(name)
        ordered.append(_REGISTRY[name])

    for name in sorted(_REGISTRY):
        visit(name, ())
    return ordered


def extract(doc: Document, extractors: list[Extractor] | None = None) -> list[Fact]:
    """Run the extractors over one document; facts come back in a deterministic order."""
    facts = Facts()
    for ex in extractors if extractors is not None else load_all():
        for fact in ex.fn(doc, facts):
            if fact.field not in ex.emits:
                raise ValueError(f"extractor {ex.name!r} emitted undeclared field {fact.field!r}")
            facts.add(fact)
    return facts.all()
