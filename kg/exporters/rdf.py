"""Turtle, TriG, N-Triples and JSON-LD writers.

They are linear in the number of triples (no global sort, no graph object): the triples of
each block arrive sorted, are grouped by subject, and are written with prefixed names.
rdflib's pretty Turtle serialiser is super-linear on large graphs, and building an object
per term costs more than the text work, hence these small writers over N-Triples strings.
"""

from __future__ import annotations

import functools
import json
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from kg.graph.terms import RDF_TYPE
from kg.vocab import ID_NS, PREFIXES

Triple = tuple[str, str, str]

# Instance prefixes for readable Turtle; the paths are those of kg.graph.mint.
INSTANCE_PREFIXES = {
    name: f"{ID_NS}{name}/"
    for name in ("notice", "campaign", "dept", "place", "theme", "slogan", "activity",
                 "mention", "graph")
}
ALL_PREFIXES: dict[str, str] = {**PREFIXES, **INSTANCE_PREFIXES}
assert all(ns[-1] in "/#" for ns in ALL_PREFIXES.values()), "see _compact_iri"
_PREFIX_OF = {ns: prefix for prefix, ns in reversed(ALL_PREFIXES.items())}
_LOCAL = re.compile(r"[A-Za-z0-9_](?:[A-Za-z0-9_.-]*[A-Za-z0-9_-])?|")


@dataclass
class Block:
    """Triples written together: one named graph in TriG, a section elsewhere."""

    graph: str  # graph IRI as an N-Triples term
    triples: list[Triple]  # sorted


@functools.lru_cache(maxsize=1 << 16)  # predicates, classes and shared entities recur
def _compact_iri(term: str) -> str:
    # Every namespace ends with "/" or "#" and a local name has neither, so the only
    # namespace that can compact an IRI is its text up to the last "/" or "#": one dict
    # look-up per term instead of a scan of every prefix (the writers' hot path).
    value = term[1:-1]
    cut = max(value.rfind("/"), value.rfind("#")) + 1
    prefix = _PREFIX_OF.get(value[:cut])
    if prefix is not None and _LOCAL.fullmatch(value, cut):
        return f"{prefix}:{value[cut:]}"
    return term


def _turtle_term(term: str) -> str:
    if term[0] == "<":
        return _compact_iri(term)
    if term.endswith(">") and "^^<" in term:
        body, _, dt = term.rpartition("^^")
        return f"{body}^^{_compact_iri(dt)}"
    return term


def _turtle_body(triples: list[Triple], indent: str) -> Iterator[str]:
    if not indent:
        yield from (text for _, text in statements(triples))
    else:
        yield from (indented(text) for _, text in statements(triples))


def indented(statement: str) -> str:
    """A statement of :func:`statements` as written inside a TriG graph (one tab deeper).
    Its line breaks are all structural: literals have their line breaks escaped."""
    return "\t" + statement[:-1].replace("\n", "\n\t") + "\n"


def statements(triples: list[Triple]) -> Iterator[tuple[str, str]]:
    """Per subject of the sorted ``triples``: the subject and its Turtle statement."""
    indent = ""
    i, n = 0, len(triples)
    while i < n:
        subject = triples[i][0]
        j = i
        while j < n and triples[j][0] == subject:
            j += 1
        group = triples[i:j]
        # rdf:type first, as "a"; then the rest in sorted order.
        group.sort(key=lambda t: (t[1] != RDF_TYPE, t[1], t[2]))
        parts: list[str] = []
        for k, (_, p, o) in enumerate(group):
            pred = "a" if p == RDF_TYPE else _turtle_term(p)
            if k and group[k - 1][1] == p:
                parts[-1] += f" ,\n{indent}\t\t{_turtle_term(o)}"
            else:
                parts.append(f"{pred} {_turtle_term(o)}")
        sep = f" ;\n{indent}\t"
        yield subject, f"{indent}{_turtle_term(subject)} {sep.join(parts)} .\n"
        i = j


def _prefix_header(sparql: bool = False) -> str:
    return "".join(f"@prefix {p}: <{ns}> .\n" for p, ns in ALL_PREFIXES.items()) + "\n"


def turtle(blocks: Iterable[Block]) -> Iterator[str]:
    """Turtle of the union of the blocks (blocks must not share subjects)."""
    yield _prefix_header()
    for block in blocks:
        yield from _turtle_body(block.triples, "")


def trig(blocks: Iterable[Block]) -> Iterator[str]:
    """TriG with one named graph per block."""
    yield _prefix_header()
    for block in blocks:
        yield trig_graph(block)


def turtle_section(block: Block) -> str:
    """The triples of one block as Turtle statements (no prefixes: see :func:`prefixes`)."""
    return "".join(_turtle_body(block.triples, ""))


def trig_graph(block: Block) -> str:
    """One named graph of a TriG file."""
    return trig_graph_of(block.graph, (text for _, text in statements(block.triples)))


def trig_graph_of(graph: str, statements: Iterable[str]) -> str:
    """A named graph of a TriG file from the Turtle statements of its subjects, in order."""
    return f"{_compact_iri(graph)} {{\n" + "".join(map(indented, statements)) + "}\n\n"


def prefixes() -> str:
    """The ``@prefix`` lines that open the Turtle and TriG files."""
    return _prefix_header()


def ntriples_section(block: Block) -> str:
    return "".join(ntriples([block]))


def ntriples(blocks: Iterable[Block]) -> Iterator[str]:
    for block in blocks:
        for s, p, o in block.triples:
            yield f"{s} {p} {o} .\n"


def nquads(blocks: Iterable[Block]) -> Iterator[str]:
    for block in blocks:
        g = block.graph
        for s, p, o in block.triples:
            yield f"{s} {p} {o} {g} .\n"


# JSON-LD

_LITERAL = re.compile(r'^"(.*)"(?:@([A-Za-z0-9-]+)|\^\^<([^>]*)>)?$', re.S)
_UNESCAPE = re.compile(r'\\(u[0-9A-Fa-f]{4}|U[0-9A-Fa-f]{8}|[\\"nrtbf\'])')
_SIMPLE = {"\\": "\\", '"': '"', "n": "\n", "r": "\r", "t": "\t", "b": "\b", "f": "\f", "'": "'"}


def _unescape(body: str) -> str:
    def one(m: re.Match[str]) -> str:
        code = m.group(1)
        return chr(int(code[1:], 16)) if code[0] in "uU" else _SIMPLE[code]

    return _UNESCAPE.sub(one, body)


def _json_compact(term: str) -> str:
    c = _compact_iri(term)
    return c if c[0] != "<" else term[1:-1]


def _json_value(term: str) -> dict[str, str]:
    if term[0] == "<":
        return {"@id": _json_compact(term)}
    m = _LITERAL.match(term)
    if not m:
        raise ValueError(f"not a literal term: {term[:80]!r}")
    value: dict[str, str] = {"@value": _unescape(m.group(1))}
    if m.group(2):
        value["@language"] = m.group(2)
    elif m.group(3):
        value["@type"] = _json_compact(f"<{m.group(3)}>")
    return value


def jsonld_context() -> dict[str, object]:
    return {"@context": dict(ALL_PREFIXES)}


def _nodes(triples: list[Triple]) -> list[dict[str, object]]:
    nodes: list[dict[str, object]] = []
    i, n = 0, len(triples)
    while i < n:
        subject = triples[i][0]
        node: dict[str, object] = {"@id": _json_compact(subject)}
        while i < n and triples[i][0] == subject:
            _, p, o = triples[i]
            if p == RDF_TYPE and o[0] == "<":
                node.setdefault("@type", []).append(_json_compact(o))  # type: ignore[union-attr]
            else:
                node.setdefault(_json_compact(p), []).append(_json_value(o))  # type: ignore[union-attr]
            i += 1
        nodes.append(node)
    return nodes


def jsonld(blocks: Iterable[Block]) -> Iterator[str]:
    """JSON-LD 1.1 with the context inline and one named graph per block, written one node
    per line so that the file streams and diffs well."""
    yield JSONLD_HEAD
    for k, block in enumerate(blocks):
        yield ("" if k == 0 else JSONLD_SEPARATOR) + jsonld_graph(block)
    yield JSONLD_TAIL


JSONLD_HEAD = '{"@context": ' + json.dumps(ALL_PREFIXES, ensure_ascii=False, indent=1) \
    + ',\n"@graph": [\n'
_NODE_JSON = json.JSONEncoder(ensure_ascii=False, sort_keys=True)  # one, not one per node
JSONLD_SEPARATOR = ",\n"  # between two named graphs
JSONLD_TAIL = "\n]}\n"


def jsonld_graph(block: Block) -> str:
    """One named graph of the JSON-LD file, a node per line."""
    nodes = ",\n".join(
        map(_NODE_JSON.encode, _nodes(block.triples)))
    return '{"@id": ' + json.dumps(_json_compact(block.graph)) + ', "@graph": [\n' + nodes \
        + "\n]}"
