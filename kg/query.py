"""``kg query``: SPARQL over the exported graph, and the query pack in ``kg/queries/``.

The pack is one question per ``.rq`` file, without PREFIX lines: :func:`with_prefixes` adds
the lines for the prefixes a query uses, from :data:`kg.vocab.PREFIXES`, so the pack and the
exports never disagree about a namespace. Each file starts with the question as comments,
Chinese on the first line, English on the second.

Result formats:

- ``table`` (default): for people. Aligned columns (CJK wide characters count two columns),
  IRIs shortened with the known prefixes (``qmid:campaign/2010``), literals as their
  lexical form, long cells cut at :data:`MAX_CELL` columns with "…".
- ``csv``: `SPARQL 1.1 CSV <https://www.w3.org/TR/sparql11-results-csv-tsv/>`_ values: IRIs
  as full IRIs, literals as their lexical form (no quotes, language tag or datatype),
  unbound as empty; ``\\n`` line ends. The exported answers (``exports/queries/*.csv``)
  use exactly this format.
- ``tsv``: SPARQL 1.1 TSV: ``?var`` headers, terms in Turtle syntax (so language tags and
  datatypes survive; numbers may be written bare, ``5`` for ``"5"^^xsd:integer``).
- ``json``: SPARQL 1.1 Query Results JSON, on one line.

The store itself writes the answers in ``csv``, ``tsv`` and ``json`` (:func:`run_query`),
several times quicker than a Python object per term.

CONSTRUCT and DESCRIBE results are printed as sorted N-Triples whatever the format; ASK
results as ``true``/``false`` (``{"head": {}, "boolean": ...}`` in JSON).
"""

from __future__ import annotations

import argparse
import csv
import io
import json
import re
import sys
import unicodedata
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import TypeVar

import pyoxigraph as ox

from kg.errors import InputError, KgError
from kg.store import default_graph_files, open_store, with_ontology
from kg.vocab import PREFIXES

QUERY_DIR = Path(__file__).resolve().parent / "queries"
FORMATS = ("table", "csv", "tsv", "json")
MAX_CELL = 60  # display columns of a table cell before it is cut

Term = ox.NamedNode | ox.BlankNode | ox.Literal | ox.Triple
Row = list[Term | None]
_NUMERIC = {
    f"http://www.w3.org/2001/XMLSchema#{name}"
    for name in ("integer", "decimal", "double", "float", "int", "long", "nonNegativeInteger",
                 "positiveInteger", "short", "byte", "unsignedInt", "unsignedLong")
}

# ---------------------------------------------------------------------------- prefixes

# What may contain text that looks like a prefixed name but is not one: strings (long forms
# first), IRIs, comments. Anything else that looks like ``name:`` is a prefixed name.
_SKIP = re.compile(
    r'"""(?:[^"\\]|\\.|"(?!""))*"""'
    r"|'''(?:[^'\\]|\\.|'(?!''))*'''"
    r'|"(?:[^"\\\n]|\\.)*"'
    r"|'(?:[^'\\\n]|\\.)*'"
    r'|<[^<>"{}|^`\\\s]*>'
    r"|#[^\n]*"
)
_PNAME = re.compile(r"(?<![\w?$:.\-])([A-Za-z][\w\-.]*)?:")
_DECLARED = re.compile(r"\bPREFIX\s+([A-Za-z][\w\-.]*)?:", re.IGNORECASE)


def _code_only(query: str) -> str:
    """``query`` with strings, IRIs and comments blanked (same length, same line breaks)."""
    return _SKIP.sub(lambda m: re.sub(r"[^\n]", " ", m.group()), query)


def used_prefixes(query: str) -> list[str]:
    """The prefixes a query uses in prefixed names, in order of first use."""
    code = _code_only(query)
    declared = {m.group(1) or "" for m in _DECLARED.finditer(code)}
    code = _DECLARED.sub(" ", code)
    seen: dict[str, None] = {}
    for m in _PNAME.finditer(code):
        seen.setdefault(m.group(1) or "", None)
    return [p for p in seen if p not in declared]


def _add_prefixes(query: str) -> tuple[str, int, int]:
    """The query with PREFIX lines for the known prefixes it uses and does not declare.

    Returns the new text, the line number (1-based) before which the lines went in and how
    many were added, so that error positions can be mapped back to the user's text. Unknown
    prefixes are left for the parser to report.
    """
    needed = set(used_prefixes(query)) & set(PREFIXES)
    lines = [f"PREFIX {p}: <{ns}>" for p, ns in PREFIXES.items() if p in needed]
    if not lines:
        return query, 1, 0
    body = query.splitlines(keepends=True)
    # Keep the leading comment block (the question) on top.
    at = 0
    while at < len(body) and (not body[at].strip() or body[at].lstrip().startswith("#")):
        at += 1
    block = "".join(line + "\n" for line in lines)
    if at and at == len(body) and not body[-1].endswith("\n"):
        block = "\n" + block
    return "".join(body[:at]) + block + "".join(body[at:]), at + 1, len(lines)


def with_prefixes(query: str) -> str:
    """``query`` with PREFIX lines (from :data:`kg.vocab.PREFIXES`) for the prefixes it uses.

    Lines go after the leading comment block, in the order of ``PREFIXES``; prefixes the
    query declares itself are left alone.
    """
    return _add_prefixes(query)[0]


# ---------------------------------------------------------------------------- the pack


@dataclass(frozen=True)
class PackQuery:
    """A query of the pack: ``kg/queries/{name}.rq``."""

    name: str
    text: str  # as written, without PREFIX lines

    @property
    def question(self) -> tuple[str, str]:
        """The question in Chinese (first comment line) and in English (from the second
        line to the first question mark); further comment lines are notes."""
        header = []
        for line in self.text.splitlines():
            if not line.startswith("#"):
                break
            header.append(line.lstrip("#").strip())
        zh = header[0] if header else ""
        rest = " ".join(header[1:])
        end = rest.find("?")
        return zh, rest[: end + 1] if end >= 0 else rest

    @property
    def sparql(self) -> str:
        """The query with its PREFIX lines, ready to run anywhere."""
        return with_prefixes(self.text)


@cache
def pack() -> dict[str, PackQuery]:
    """The query pack, by name (the file name without ``.rq``), sorted by name."""
    return {
        path.stem: PackQuery(path.stem, path.read_text(encoding="utf-8"))
        for path in sorted(QUERY_DIR.glob("*.rq"))
    }


def resolve_query(query_or_file: str) -> tuple[str, str]:
    """The text of a query given as a file, a pack name or SPARQL; and a name for messages.

    A file wins over a pack query of the same name; anything that is neither and looks like
    a name (one word, or ending in ``.rq``) is an error rather than a SPARQL query.
    """
    name = query_or_file.strip()
    one_word = re.fullmatch(r"[\w./\\-]+", name) is not None
    if one_word:
        path = Path(name)
        if path.is_file():
            try:
                return path.read_text(encoding="utf-8-sig"), str(path)
            except (OSError, UnicodeDecodeError) as exc:
                raise InputError(f"{path}: cannot read: {exc}") from None
        stem = name.removesuffix(".rq")
        if stem in pack():
            return pack()[stem].text, f"{stem}.rq"
        raise InputError(
            f"{name}: not a query file or a pack query (pack: {', '.join(pack())})"
        )
    return query_or_file, "query"


# ---------------------------------------------------------------------------- running

Result = tuple[list[str], list[Row]] | bool | list[ox.Triple]


def _position(message: str) -> tuple[int, int] | None:
    m = re.search(r"\bat (\d+):(\d+)", message)
    return (int(m.group(1)), int(m.group(2))) if m else None


def _first_unknown_prefix(query: str) -> tuple[str, int, int] | None:
    code = _code_only(query)
    declared = {m.group(1) or "" for m in _DECLARED.finditer(code)}
    code_wo = _DECLARED.sub(lambda m: " " * len(m.group()), code)
    for m in _PNAME.finditer(code_wo):
        prefix = m.group(1) or ""
        if prefix not in declared and prefix not in PREFIXES:
            line = code_wo.count("\n", 0, m.start()) + 1
            col = m.start() - (code_wo.rfind("\n", 0, m.start()) + 1) + 1
            return prefix, line, col
    return None


def execute(store: ox.Store, query: str, source: str = "query") -> Result:
    """Run ``query`` (prefixes added as needed) over the union of the store's graphs.

    Returns ``(variables, rows)`` for SELECT, a bool for ASK and a list of triples for
    CONSTRUCT/DESCRIBE.

    Raises:
        InputError: the query does not parse (the message has the line and column in the
            text as given) or cannot be evaluated.
    """
    return _evaluate(store, query, source, _collect)


def _collect(result: ox.QuerySolutions | ox.QueryBoolean | ox.QueryTriples) -> Result:
    if isinstance(result, ox.QuerySolutions):
        variables = [v.value for v in result.variables]
        rows = [list(solution) for solution in result]  # the terms in variable order
        return variables, rows
    if isinstance(result, ox.QueryBoolean):
        return bool(result)
    return list(result)


def _native_csv(result: ox.QuerySolutions | ox.QueryBoolean | ox.QueryTriples,
                ) -> Result | str:
    """A SELECT answer as :func:`format_csv` writes it, but written by the store itself
    (several times quicker than making a Python object of every term: a 10,000-notice
    answer has some 40,000 cells); other results as :func:`_collect`."""
    if not isinstance(result, ox.QuerySolutions):
        return _collect(result)
    return _store_written(result, "csv")


def execute_csv(store: ox.Store, query: str, source: str = "query") -> Result | str:
    """:func:`execute`, but a SELECT answer comes as the text :func:`format_csv` would make
    of it, written by the store."""
    return _evaluate(store, query, source, _native_csv)


_STORE_FORMATS = {"csv": ox.QueryResultsFormat.CSV, "tsv": ox.QueryResultsFormat.TSV,
                  "json": ox.QueryResultsFormat.JSON}


def _store_written(result: ox.QuerySolutions | ox.QueryBoolean | ox.QueryTriples,
                   fmt: str) -> str:
    """A SELECT answer in ``csv``, ``tsv`` or ``json`` (and an ASK answer in ``json``) as
    the store writes it: several times quicker than a Python object per term, and the
    store's writers follow the SPARQL 1.1 result formats. CSV rows end in LF, as
    :func:`format_csv` has them; JSON is one line."""
    if isinstance(result, ox.QuerySolutions) or (fmt == "json"
                                                 and isinstance(result, ox.QueryBoolean)):
        text = result.serialize(format=_STORE_FORMATS[fmt]).decode("utf-8")
        return _lf_rows(text) if fmt == "csv" else text if fmt == "tsv" else text + "\n"
    return format_result(_collect(result), fmt)


_T = TypeVar("_T")


def _evaluate(store: ox.Store, query: str, source: str,
              take: Callable[[ox.QuerySolutions | ox.QueryBoolean | ox.QueryTriples], _T],
              ) -> _T:
    """Run ``query`` and hand its result to ``take``, inside the error handling (a SELECT
    is evaluated lazily, while ``take`` reads it)."""
    unknown = _first_unknown_prefix(query)
    if unknown:
        prefix, line, col = unknown
        raise InputError(
            f"{source}: SPARQL syntax error at line {line}, column {col}: unknown prefix "
            f"{prefix!r}: declare it with PREFIX (built in: {', '.join(PREFIXES)})"
        )
    text, at, added = _add_prefixes(query)
    try:
        return take(store.query(text, use_default_graph_as_union=True))
    except SyntaxError as exc:
        message = str(exc)
        pos = _position(message)
        detail = re.sub(r"^error at \d+:\d+:\s*", "", message).split("\n")[0]
        if len(detail) > 120:
            detail = detail[:117] + "..."
        if pos is None:
            raise InputError(f"{source}: SPARQL syntax error: {detail}") from None
        line, col = pos
        if line >= at + added:
            line -= added
        lines = query.splitlines()
        rest = "\n".join(lines[line - 1:])[col - 1:] if 0 < line <= len(lines) else ""
        if not rest.strip():
            # At the end of the text: point just after its last character, not at the
            # whitespace that follows (whose extent would change the position).
            stripped = query.rstrip()
            line = stripped.count("\n") + 1
            col = len(stripped) - (stripped.rfind("\n") + 1) + 1
            where = " (the end of the query)"
        else:
            where = f' near "{rest.strip()[:20]}"'
        raise InputError(
            f"{source}: SPARQL syntax error at line {line}, column {col}{where}: {detail}"
        ) from None
    except (OSError, ValueError, RuntimeError) as exc:
        raise InputError(f"{source}: query failed: {exc}") from None


# ---------------------------------------------------------------------------- formatting


def lexical(term: Term | None) -> str:
    """The CSV form of a term: full IRI, literal lexical form, ``_:id``, empty if unbound."""
    if term is None:
        return ""
    if isinstance(term, ox.BlankNode):
        return f"_:{term.value}"
    if isinstance(term, ox.Triple):
        return str(term)
    return term.value


@cache
def compact(iri: str) -> str:
    """``https://w3id.org/quality-month/id/campaign/2010`` → ``qmid:campaign/2010``."""
    best = ""
    for prefix, ns in PREFIXES.items():
        if iri.startswith(ns) and len(iri) > len(ns) and len(ns) > len(PREFIXES.get(best, "")):
            best = prefix
    return f"{best}:{iri[len(PREFIXES[best]):]}" if best else f"<{iri}>"


class _CharWidths(dict[str, int]):
    """Display columns of one character, worked out once per character."""

    def __missing__(self, ch: str) -> int:
        if unicodedata.combining(ch) or unicodedata.category(ch) in ("Mn", "Me", "Cf"):
            w = 0
        else:
            w = 2 if unicodedata.east_asian_width(ch) in ("W", "F") else 1
        self[ch] = w
        return w


_WIDTHS = _CharWidths()


def width(text: str) -> int:
    """Display width in a terminal: East Asian wide/fullwidth characters take two columns."""
    if text.isascii():  # no wide, combining or format characters: one column each
        return len(text)
    return sum(map(_WIDTHS.__getitem__, text))


def _cut(text: str, limit: int, text_width: int | None = None) -> str:
    if (width(text) if text_width is None else text_width) <= limit:
        return text
    out, used = [], 0
    for ch in text:
        w = width(ch)
        if used + w > limit - 1:
            break
        out.append(ch)
        used += w
    return "".join(out) + "…"


# Control characters, which would break a table's lines, are shown as spaces.
_CONTROL = {c: " " for c in [*range(0x20), 0x7F]}


def _cell(term: Term | None) -> str:
    if term is None:
        return ""
    if isinstance(term, ox.Literal):
        text = term.value
    elif isinstance(term, ox.NamedNode):
        text = compact(term.value)
    else:
        text = lexical(term)
    return text if text.isprintable() else text.translate(_CONTROL)


def _is_number(term: Term | None) -> bool:
    return isinstance(term, ox.Literal) and term.datatype.value in _NUMERIC


def format_table(variables: Sequence[str], rows: Sequence[Row], max_cell: int = MAX_CELL) -> str:
    """An aligned text table, with a row count under it."""
    # Column by column: each cell's text and display width once, then the padded cells.
    padded: list[list[str]] = []
    widths: list[int] = []
    for i, variable in enumerate(variables):
        terms = [row[i] for row in rows]
        texts = [_cell(t) for t in terms]
        cell_widths = [len(t) if t.isascii() else width(t) for t in texts]
        if cell_widths and max(cell_widths) > max_cell:
            for j, w in enumerate(cell_widths):
                if w > max_cell:
                    texts[j] = _cut(texts[j], max_cell, w)
                    cell_widths[j] = width(texts[j])
        col = max([width(variable), *cell_widths])
        widths.append(col)
        numeric = (bool(rows) and all(t is None or _is_number(t) for t in terms)
                   and any(t is not None for t in terms))
        head = " " * (col - width(variable))
        if numeric:
            cells = [head + variable] + [" " * (col - w) + t for t, w in zip(texts, cell_widths)]
        else:
            cells = [variable + head] + [t + " " * (col - w) for t, w in zip(texts, cell_widths)]
        padded.append(cells)
    if padded:
        lines = ["  ".join(parts).rstrip() for parts in zip(*padded)]
    else:
        lines = [""] * (len(rows) + 1)
    out = [lines[0], "  ".join("-" * w for w in widths), *lines[1:]]
    out.append(f"({len(rows)} row{'' if len(rows) == 1 else 's'})")
    return "\n".join(out) + "\n"


def _lf_rows(text: str) -> str:
    """CSV rows ended by CRLF, as RFC 4180 has them, ended by LF instead. Between quotes
    (the odd pieces; an escaped quote makes an empty even piece) a line break is a cell's
    own text and is kept as it is."""
    if '"' not in text:  # no quoted cell: every CRLF ends a row
        return text.replace("\r\n", "\n")
    pieces = text.split('"')
    pieces[::2] = [piece.replace("\r\n", "\n") for piece in pieces[::2]]
    return '"'.join(pieces)


def format_csv(variables: Sequence[str], rows: Sequence[Row]) -> str:
    """SPARQL 1.1 CSV values (full IRIs, lexical forms), ``\\n`` line ends. A cell is
    quoted when it holds a comma, a quote, a CR or an LF, as the store's own CSV writer
    does it (``kg query --format csv`` uses that one)."""
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\r\n")  # so that a lone CR is quoted too
    writer.writerow(variables)
    # IRIs and literals, nearly every cell, are their .value: the type test of lexical()
    # is kept for the rest (a 10,000-notice answer has some 40,000 cells).
    plain = (ox.NamedNode, ox.Literal)
    writer.writerows([t.value if type(t) in plain else lexical(t) for t in row] for row in rows)
    return _lf_rows(buf.getvalue())


def format_result(result: Result, fmt: str) -> str:
    """Format what :func:`execute` returned: a SELECT answer as a ``table`` or ``csv``
    (``kg query`` has the store write CSV, TSV and JSON, :func:`run_query`); an ASK answer as
    ``true``/``false``, or ``{"head": {}, "boolean": ...}`` in ``json``; CONSTRUCT and
    DESCRIBE triples as sorted N-Triples."""
    if fmt not in FORMATS:
        raise InputError(f"--format {fmt}: unknown format (choose from {', '.join(FORMATS)})")
    if isinstance(result, bool):
        if fmt == "json":
            return json.dumps({"head": {}, "boolean": result}) + "\n"
        return ("true" if result else "false") + "\n"
    if isinstance(result, list):
        return "".join(sorted(f"{t.subject} {t.predicate} {t.object} .\n" for t in result))
    variables, rows = result
    if fmt == "table":
        return format_table(variables, rows)
    if fmt == "csv":
        return format_csv(variables, rows)
    raise ValueError(f"format_result: a SELECT answer in {fmt} is written by the store")


def run_query(query_or_file: str, graphs: list[Path], fmt: str = "table",
              note: Callable[[str], None] | None = None) -> str:
    """Run a query over exported graph files and format the answer.

    Args:
        query_or_file: a ``.rq`` file, the name of a pack query (``theme_by_year``) or the
            text of a SPARQL query. Known prefixes are declared automatically.
        graphs: RDF files to query; empty means the build's export
            (``exports/graph.trig``, else ``graph.ttl``). The ``ontology.ttl`` next to the
            first file is loaded too when it exists.
        fmt: ``table``, ``csv``, ``tsv`` or ``json``.
        note: told when a large graph's on-disk store is being made (the first query).

    Raises:
        InputError: unknown query name, unreadable file, SPARQL syntax error (with line and
            column), missing or invalid graph file, unknown format.
    """
    if fmt not in FORMATS:
        raise InputError(f"--format {fmt}: unknown format (choose from {', '.join(FORMATS)})")
    text, source = resolve_query(query_or_file)
    files = with_ontology(list(graphs) if graphs else default_graph_files())
    store = open_store(files, note=note)
    if fmt == "table":
        return format_result(execute(store, text, source), fmt)
    return _evaluate(store, text, source, lambda result: _store_written(result, fmt))


# ---------------------------------------------------------------------------- CLI


def say(message: str) -> None:
    """A note for the user on stderr (the answer alone goes to stdout)."""
    print(message, file=sys.stderr, flush=True)


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """The options of ``kg query``."""
    parser.add_argument(
        "query", nargs="?", metavar="QUERY_OR_FILE",
        help="a .rq file, a pack query name (see --list) or SPARQL text",
    )
    parser.add_argument(
        "--graph", action="append", type=Path, default=[], metavar="FILE",
        help="RDF file to query (repeatable; default exports/graph.trig or graph.ttl)",
    )
    parser.add_argument("--format", choices=FORMATS, default="table", help="output format")
    parser.add_argument("--list", action="store_true", help="list the pack queries and exit")


def command(args: argparse.Namespace) -> int:
    """``kg query``: print the answer; errors go to stderr as one line."""
    try:
        if args.list:
            out = []
            for name, q in pack().items():
                zh, en = q.question
                out.append(f"{name}\n    {zh}\n    {en}\n")
            sys.stdout.write("".join(out))
            return 0
        if not args.query:
            raise InputError("kg query: give QUERY_OR_FILE (or --list)")
        sys.stdout.write(run_query(args.query, args.graph, args.format, note=say))
        return 0
    except KgError as exc:
        print(f"kg query: error: {exc}", file=sys.stderr)
        return exc.exit_status


def main(argv: list[str] | None = None) -> int:
    """``python -m kg.query``, the same as ``kg query``."""
    parser = argparse.ArgumentParser(prog="kg query", description=__doc__.split("\n")[0])
    add_arguments(parser)
    return command(parser.parse_args(argv))


if __name__ == "__main__":
    raise SystemExit(main())
