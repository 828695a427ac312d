"""``exports/queries/``: the query pack with PREFIX lines, and its answers on the build.

``{name}.rq`` is ``kg/queries/{name}.rq`` with the PREFIX lines it needs (from
:data:`kg.vocab.PREFIXES`), so it runs as is on any SPARQL endpoint. ``{name}.csv`` is its
answer over the build's graph (the union of all named graphs) in SPARQL 1.1 CSV values:
IRIs as full IRIs, literals as their lexical form without language tag or datatype, unbound
as an empty cell, ``\\n`` line ends (:func:`kg.query.format_csv`; the store writes them,
:func:`kg.query.execute_csv`). Every pack query has an ORDER BY that fixes the row order,
so the files are byte-stable between builds.
"""

from __future__ import annotations

import os
import tempfile
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pyoxigraph as ox

from kg.errors import OutputError
from kg.query import execute_csv, pack


def _write(path: Path, text: str) -> None:
    # Atomic: a reader sees the old file or the new one, never half of one.
    try:
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as out:
            out.write(text)
        os.replace(tmp, path)
    except OSError as exc:
        raise OutputError(f"{path}: cannot write: {exc}") from None


def write_queries(out_dir: Path, store: ox.Store | None = None) -> list[Path]:
    """Write the pack ``out_dir/*.rq`` and, given a store, the answers ``out_dir/*.csv``.

    Args:
        out_dir: the folder for the pack (``exports/queries``); created if missing.
        store: the built graph; queries see the union of its graphs. ``None`` writes the
            queries only.

    Returns:
        The files written, sorted.
    """
    folder = out_dir
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise OutputError(f"{folder}: cannot create: {exc}") from None
    written = []
    queries = pack()
    answers: list[object] = [None] * len(queries)
    if store is not None:
        # pyoxigraph evaluates without the GIL: the queries run on two cores.
        with ThreadPoolExecutor(max(1, min(2, os.cpu_count() or 1))) as pool:
            answers = list(pool.map(
                lambda item: execute_csv(store, item[1].text, f"{item[0]}.rq"), queries.items()))
    for (name, query), result in zip(queries.items(), answers):
        path = folder / f"{name}.rq"
        _write(path, query.sparql)
        written.append(path)
        if store is None:
            continue
        if not isinstance(result, str):
            raise OutputError(f"{name}.rq: the query pack holds SELECT queries only")
        path = folder / f"{name}.csv"
        _write(path, result)
        written.append(path)
    return sorted(written)
