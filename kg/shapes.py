"""The SHACL side of :mod:`kg.validate` that needs rdflib: the reference validator
(pySHACL), and the compiler of the shapes into the SPARQL checks that
:func:`kg.validate.validate_fast` runs. The build reads the compiled checks from a per-user
cache (:mod:`kg.derived`) and imports this module only when they are not there.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Callable, Sequence
from functools import lru_cache
from pathlib import Path

import pyoxigraph as ox
import rdflib
from rdflib.collection import Collection
from rdflib.namespace import RDF, XSD
from rdflib.term import BNode, Literal, Node, URIRef

from kg.errors import ConfigError, InputError
from kg.store import rdf_format
from kg.validate import (
    SH_NS,
    SHAPES_PATH,
    Check,
    Data,
    Hierarchy,
    Report,
    Result,
    Shapes,
    _paths,
    _report,
    compact,
)

SH = rdflib.Namespace(SH_NS)
Isa = Callable[[str, Node], str]  # (variable, class) -> pattern: variable is an instance


def _rdflib_graph(data: Data) -> rdflib.Graph:
    """The union of all graphs of ``data`` as one rdflib graph."""
    if isinstance(data, rdflib.Dataset):
        union = rdflib.Graph()
        for s, p, o, _g in data.quads((None, None, None, None)):
            union.add((s, p, o))
        return union
    if isinstance(data, rdflib.Graph):
        return data
    if isinstance(data, ox.Store):
        text = data.query("CONSTRUCT WHERE { ?s ?p ?o }", use_default_graph_as_union=True).serialize(
            format=ox.RdfFormat.N_TRIPLES
        )
        return rdflib.Graph().parse(data=text or b"", format="nt")
    # Parsed, not loaded into a store: stores keep values, not terms (see load_store).
    lines = []
    for path in _paths(data):
        try:
            for quad in ox.parse(path=str(path), format=rdf_format(path)):
                lines.append(f"{quad.subject} {quad.predicate} {quad.object} .\n")
        except FileNotFoundError as err:
            raise InputError(f"{path}: no such file") from err
        except (SyntaxError, ValueError, OSError) as err:
            raise InputError(f"{path}: cannot read RDF: {err}") from err
    return rdflib.Graph().parse(data="".join(lines), format="nt")


def _shapes_graph(shapes: Shapes) -> rdflib.Graph:
    if isinstance(shapes, rdflib.Graph):
        return shapes
    return _load_shapes(Path(shapes) if shapes is not None else SHAPES_PATH)


@lru_cache(maxsize=8)
def _load_shapes(path: Path) -> rdflib.Graph:
    try:
        return rdflib.Graph().parse(path, format="turtle")
    except FileNotFoundError as err:
        raise ConfigError(f"{path}: shapes file not found") from err
    except Exception as err:  # rdflib raises many kinds of parse errors
        raise ConfigError(f"{path}: cannot parse shapes: {err}") from err


# ---------------------------------------------------------------------------------------
# Terms
# ---------------------------------------------------------------------------------------


def nt(term: Node) -> str:
    """An rdflib term in N-Triples syntax, written as pyoxigraph writes it."""
    if isinstance(term, URIRef):
        return f"<{term}>"
    if isinstance(term, BNode):
        return f"_:{term}"
    if isinstance(term, Literal):
        if term.language:
            return str(ox.Literal(str(term), language=term.language))
        if term.datatype is not None and term.datatype != XSD.string:
            return str(ox.Literal(str(term), datatype=ox.NamedNode(str(term.datatype))))
        return str(ox.Literal(str(term)))
    raise TypeError(f"not an RDF term: {term!r}")


def _local(iri: Node) -> str:
    return str(iri).rsplit("#", 1)[-1].rsplit("/", 1)[-1]


def render_path(graph: rdflib.Graph, node: Node) -> str:
    """A SHACL property path as SPARQL 1.1 property-path text (full IRIs)."""
    if isinstance(node, URIRef) and node != RDF.nil:
        return f"<{node}>"
    if graph.value(node, RDF.first) is not None:
        items = list(Collection(graph, node))
        return "(" + "/".join(render_path(graph, i) for i in items) + ")"
    for prop, fmt in (
        (SH.inversePath, "(^{})"),
        (SH.zeroOrMorePath, "({}*)"),
        (SH.oneOrMorePath, "({}+)"),
        (SH.zeroOrOnePath, "({}?)"),
    ):
        inner = graph.value(node, prop)
        if inner is not None:
            return fmt.format(render_path(graph, inner))
    alternatives = graph.value(node, SH.alternativePath)
    if alternatives is not None:
        return "(" + "|".join(render_path(graph, i) for i in Collection(graph, alternatives)) + ")"
    raise ConfigError(f"unsupported SHACL path {node!r}")


# ---------------------------------------------------------------------------------------
# The reference validator: pySHACL
# ---------------------------------------------------------------------------------------


def validate(data: Data, *, shapes: Shapes = None) -> Report:
    """Validate with pySHACL (exact, slow).

    Args:
        data: RDF files (format by extension: .ttl, .trig, .nt, .nq, .jsonld), a pyoxigraph
            store or an rdflib graph/dataset; the union of its graphs is validated.
        shapes: a shapes file or graph; ``ontology/shapes.ttl`` by default.
    """
    import pyshacl

    graph = _rdflib_graph(data)
    shapes_graph = _shapes_graph(shapes)
    _conforms, results_graph, _text = pyshacl.validate(
        graph, shacl_graph=shapes_graph, inference="none", advanced=False, allow_warnings=False
    )
    assert isinstance(results_graph, rdflib.Graph)
    results = []
    for node in results_graph.objects(None, SH.result):
        r = results_graph
        path = r.value(node, SH.resultPath)
        value = r.value(node, SH.value)
        shape = r.value(node, SH.sourceShape)
        messages = list(r.objects(node, SH.resultMessage))
        results.append(Result(
            focus=nt(r.value(node, SH.focusNode)),
            shape=nt(shape) if shape is not None else "",
            component=_local(r.value(node, SH.sourceConstraintComponent)),
            path=render_path(r, path) if path is not None else None,
            value=nt(value) if value is not None else None,
            message=_pick_message(messages),
            severity=_local(r.value(node, SH.resultSeverity) or SH.Violation),
        ))
    return _report(results, "pyshacl")


def _pick_message(messages: Sequence[Node]) -> str:
    for msg in messages:
        if isinstance(msg, Literal) and msg.language == "en":
            return str(msg)
    return str(messages[0]) if messages else ""


# ---------------------------------------------------------------------------------------
# The fast validator: shapes compiled to SPARQL, run by pyoxigraph
# ---------------------------------------------------------------------------------------

# Predicates that are not constraints and need no query.
_NON_CONSTRAINTS = {SH[n] for n in (
    "path", "message", "severity", "name", "description", "order", "group", "deactivated",
    "targetClass", "targetNode", "targetObjectsOf", "targetSubjectsOf", "property", "sparql",
    "defaultValue", "flags", "qualifiedMinCount", "qualifiedMaxCount",
    "qualifiedValueShapesDisjoint", "declare", "prefixes",
)}
# Constraints that test each value node on its own (see _value_condition).
_VALUE_CONSTRAINTS = {SH[n] for n in (
    "datatype", "class", "nodeKind", "languageIn", "in", "minInclusive", "maxInclusive",
    "minExclusive", "maxExclusive", "minLength", "maxLength", "pattern", "or",
)}
_COMPONENT = {
    "class": "ClassConstraintComponent", "datatype": "DatatypeConstraintComponent",
    "nodeKind": "NodeKindConstraintComponent", "languageIn": "LanguageInConstraintComponent",
    "in": "InConstraintComponent", "minInclusive": "MinInclusiveConstraintComponent",
    "maxInclusive": "MaxInclusiveConstraintComponent",
    "minExclusive": "MinExclusiveConstraintComponent",
    "maxExclusive": "MaxExclusiveConstraintComponent",
    "minLength": "MinLengthConstraintComponent", "maxLength": "MaxLengthConstraintComponent",
    "pattern": "PatternConstraintComponent", "or": "OrConstraintComponent",
}

_XSD = str(XSD)
# Lexical forms that rdflib (hence pySHACL) checks for these datatypes; the others are
# only compared by datatype IRI, as pySHACL does (add an sh:pattern to check them).
_INTEGER_FORMS = {
    "integer": r"^[+-]?[0-9]+$",
    "long": r"^[+-]?[0-9]+$",
    "int": r"^[+-]?[0-9]+$",
    "short": r"^[+-]?[0-9]+$",
    "byte": r"^[+-]?[0-9]+$",
    "nonNegativeInteger": r"^(\+?[0-9]+|-0+)$",
    "positiveInteger": r"^\+?0*[1-9][0-9]*$",
    "nonPositiveInteger": r"^(-[0-9]+|\+?0+)$",
    "negativeInteger": r"^-0*[1-9][0-9]*$",
    "unsignedLong": r"^(\+?[0-9]+|-0+)$",
    "unsignedInt": r"^(\+?[0-9]+|-0+)$",
}
_CAST_CHECKED = {"date", "dateTime", "time", "boolean", "decimal", "double", "float"}


def _sparql_string(text: str) -> str:
    return str(ox.Literal(text))


def _datatype_condition(v: str, datatype: Node) -> str:
    dt = str(datatype)
    if dt == str(rdflib.RDFS.Literal):
        return f"isLiteral({v})"
    if dt == str(RDF.langString):
        return f'(isLiteral({v}) && lang({v}) != "")'
    cond = f"(isLiteral({v}) && datatype({v}) = <{dt}>"
    local = dt[len(_XSD):] if dt.startswith(_XSD) else None
    if local in _INTEGER_FORMS:
        cond += f" && REGEX(STR({v}), {_sparql_string(_INTEGER_FORMS[local])})"
    elif local in _CAST_CHECKED:
        cond += f" && COALESCE(datatype(<{dt}>(STR({v}))) = <{dt}>, false)"
    return cond + ")"


def _value_condition(
    g: rdflib.Graph, shape: Node, param: URIRef, arg: Node, v: str, isa: Isa
) -> str:
    """A SPARQL expression, never an error, true when value ``v`` satisfies the constraint."""
    name = _local(param)
    if name == "datatype":
        return _datatype_condition(v, arg)
    if name == "class":
        return f"EXISTS {{ {isa(v, arg)} }}"
    if name == "nodeKind":
        kinds = {
            "IRI": f"isIRI({v})", "Literal": f"isLiteral({v})", "BlankNode": f"isBlank({v})",
            "BlankNodeOrIRI": f"(isBlank({v}) || isIRI({v}))",
            "BlankNodeOrLiteral": f"(isBlank({v}) || isLiteral({v}))",
            "IRIOrLiteral": f"(isIRI({v}) || isLiteral({v}))",
        }
        return kinds[_local(arg)]
    if name == "languageIn":
        tags = [str(t) for t in Collection(g, arg)]
        if "*" in tags:
            return f'(isLiteral({v}) && lang({v}) != "")'
        ors = " || ".join(f"langMatches(lang({v}), {_sparql_string(t)})" for t in tags)
        return f"(isLiteral({v}) && ({ors or 'false'}))"
    if name == "in":
        ors = " || ".join(f"sameTerm({v}, {nt(t)})" for t in Collection(g, arg))
        return f"({ors or 'false'})"
    if name in ("minInclusive", "maxInclusive", "minExclusive", "maxExclusive"):
        op = {"minInclusive": ">=", "maxInclusive": "<=", "minExclusive": ">", "maxExclusive": "<"}
        return f"(isLiteral({v}) && COALESCE({v} {op[name]} {nt(arg)}, false))"
    if name in ("minLength", "maxLength"):
        op = ">=" if name == "minLength" else "<="
        return f"(!isBlank({v}) && STRLEN(STR({v})) {op} {int(arg)})"
    if name == "or":
        ors = " || ".join(_shape_condition(g, inner, v, isa) for inner in Collection(g, arg))
        return f"({ors or 'false'})"
    if name == "pattern":
        flags = g.value(shape, SH.flags)
        extra = f", {_sparql_string(str(flags))}" if flags is not None else ""
        return f"(!isBlank({v}) && REGEX(STR({v}), {_sparql_string(str(arg))}{extra}))"
    raise ConfigError(f"the fast validator does not support sh:{name}")


def _shape_condition(g: rdflib.Graph, shape: Node, v: str, isa: Isa) -> str:
    """True when value ``v`` conforms to ``shape``, a shape of value constraints only."""
    conds = []
    for p, o in sorted(g.predicate_objects(shape), key=lambda po: (str(po[0]), str(po[1]))):
        if p == RDF.type or not str(p).startswith(SH_NS) or p in _NON_CONSTRAINTS:
            continue
        if p not in _VALUE_CONSTRAINTS:
            raise ConfigError(f"the fast validator does not support sh:{_local(p)} in {shape!r}")
        conds.append(_value_condition(g, shape, p, o, v, isa))
    if not conds or (shape, SH.property, None) in g or (shape, SH.sparql, None) in g:
        raise ConfigError(f"nested shape {shape!r} must hold value constraints only")
    return "(" + " && ".join(conds) + ")"


class _Compiler:
    def __init__(self, g: rdflib.Graph, subclasses: Hierarchy, source: str) -> None:
        self.g = g
        self.subclasses = dict(subclasses)
        self.fresh = itertools.count()
        self.source = source
        self.checks: list[Check] = []

    def isa(self, var: str, cls: Node) -> str:
        """A pattern matching when ``var`` is an instance of ``cls`` or of a subclass.

        SHACL follows ``rdf:type/rdfs:subClassOf*`` in the data graph; the subclasses are
        looked up once per run instead (a property path per value is slow in pyoxigraph).
        """
        classes = self.subclasses.get(str(cls), (str(cls),))
        if len(classes) == 1:
            return f"{var} <{RDF.type}> <{classes[0]}> ."
        t = f"?_type{next(self.fresh)}"
        values = " ".join(f"<{c}>" for c in classes)
        return f"VALUES {t} {{ {values} }} {var} <{RDF.type}> {t} ."

    def fail(self, shape: Node, why: str) -> ConfigError:
        return ConfigError(f"{self.source}: shape {compact(nt(shape))}: {why}")

    def compile(self) -> list[Check]:
        g = self.g
        targeted = {s for p in (SH.targetClass, SH.targetNode, SH.targetObjectsOf,
                                SH.targetSubjectsOf) for s in g.subjects(p, None)}
        for shape in sorted(targeted, key=str):
            if (shape, SH.deactivated, Literal(True)) in g:
                continue
            target = self.target(shape)
            if (shape, SH.path, None) in g:
                self.property_shape(shape, target)
                continue
            self.node_constraints(shape, target)
            for prop in sorted(g.objects(shape, SH.property), key=str):
                if (prop, SH.deactivated, Literal(True)) not in g:
                    self.property_shape(prop, target)
        return self.checks

    def target(self, shape: Node) -> str:
        g, alts = self.g, []
        for c in sorted(g.objects(shape, SH.targetClass), key=str):
            alts.append(self.isa("?this", c))
        for p in sorted(g.objects(shape, SH.targetSubjectsOf), key=str):
            alts.append(f"?this {nt(p)} [] .")
        for p in sorted(g.objects(shape, SH.targetObjectsOf), key=str):
            alts.append(f"[] {nt(p)} ?this .")
        for n in sorted(g.objects(shape, SH.targetNode), key=str):
            alts.append(f"VALUES ?this {{ {nt(n)} }}")
        if len(alts) == 1 and alts[0].startswith("?this"):
            return alts[0]
        union = " UNION ".join(f"{{ {a} }}" for a in alts)
        return f"{{ SELECT DISTINCT ?this WHERE {{ {union} }} }}"

    def meta(self, shape: Node) -> tuple[str, tuple[tuple[str, str], ...], str]:
        if not isinstance(shape, URIRef):
            raise self.fail(shape, "every shape needs an IRI (results are compared by shape)")
        msgs = tuple(sorted((m.language or "", str(m)) for m in self.g.objects(shape, SH.message)
                            if isinstance(m, Literal)))
        severity = _local(self.g.value(shape, SH.severity) or SH.Violation)
        return nt(shape), msgs, severity

    def check_params(self, shape: Node, allowed: set[URIRef]) -> list[tuple[URIRef, Node]]:
        params = []
        for p, o in sorted(self.g.predicate_objects(shape), key=lambda po: (str(po[0]), str(po[1]))):
            if not str(p).startswith(SH_NS) or p in _NON_CONSTRAINTS:
                continue
            if p not in allowed:
                raise self.fail(shape, f"the fast validator does not support sh:{_local(p)}")
            params.append((p, o))
        return params

    def add(self, shape: Node, component: str, path: str | None, query: str) -> None:
        shape_nt, msgs, severity = self.meta(shape)
        self.checks.append(Check(shape_nt, component, path, query, msgs, severity))

    def node_constraints(self, shape: Node, target: str) -> None:
        g = self.g
        for p, o in self.check_params(shape, _VALUE_CONSTRAINTS):
            cond = _value_condition(g, shape, p, o, "?this", self.isa)
            self.add(shape, _COMPONENT[_local(p)], None,
                     f"SELECT DISTINCT ?this (?this AS ?value) WHERE {{ {target} FILTER (!{cond}) }}")
        for constraint in sorted(g.objects(shape, SH.sparql), key=str):
            self.sparql(shape, constraint, target)

    def sparql(self, shape: Node, constraint: Node, target: str) -> None:
        g = self.g
        select = g.value(constraint, SH.select)
        if select is None:
            raise self.fail(shape, "an sh:sparql constraint needs sh:select")
        prefixes = []
        for ontology in g.objects(constraint, SH.prefixes):
            for decl in g.objects(ontology, SH.declare):
                prefixes.append(f"PREFIX {g.value(decl, SH.prefix)}: <{g.value(decl, SH.namespace)}>")
        text = str(select)
        where = re.search(r"\bWHERE\s*\{", text, re.IGNORECASE) or re.search(r"\{", text)
        if where is None or "$this" not in text:
            raise self.fail(shape, "sh:select must be SELECT $this ... WHERE { ... }")
        query = "\n".join(sorted(set(prefixes))) + "\n" + (
            text[:where.end()] + f" {target} " + text[where.end():]
        )
        # The constraint's own messages win over the shape's, as in pySHACL.
        shape_nt, msgs, severity = self.meta(shape)
        own = tuple(sorted((m.language or "", str(m)) for m in g.objects(constraint, SH.message)
                           if isinstance(m, Literal)))
        self.checks.append(Check(shape_nt, "SPARQLConstraintComponent", None, query,
                                 own or msgs, severity))

    def property_shape(self, shape: Node, target: str) -> None:
        g = self.g
        path_node = g.value(shape, SH.path)
        path = render_path(g, path_node)
        allowed = _VALUE_CONSTRAINTS | {SH[n] for n in (
            "minCount", "maxCount", "uniqueLang", "hasValue", "lessThan", "lessThanOrEquals",
            "qualifiedValueShape",
        )}
        params = self.check_params(shape, allowed)
        if (shape, SH.sparql, None) in g:
            raise self.fail(shape, "sh:sparql on property shapes is not supported")
        for p, o in params:
            name = _local(p)
            if p in _VALUE_CONSTRAINTS:
                cond = _value_condition(g, shape, p, o, "?value", self.isa)
                self.add(shape, _COMPONENT[name], path,
                         f"SELECT DISTINCT ?this ?value WHERE {{ {target} ?this {path} ?value . "
                         f"FILTER (!{cond}) }}")
            elif name == "minCount":
                n = int(o)
                if n == 1:
                    q = (f"SELECT DISTINCT ?this WHERE {{ {target} OPTIONAL {{ ?this {path} ?value }} "
                         "FILTER (!BOUND(?value)) }")
                else:
                    q = (f"SELECT ?this WHERE {{ {target} OPTIONAL {{ ?this {path} ?value }} }} "
                         f"GROUP BY ?this HAVING (COUNT(DISTINCT ?value) < {n})")
                self.add(shape, "MinCountConstraintComponent", path, q)
            elif name == "maxCount":
                q = (f"SELECT ?this WHERE {{ {target} ?this {path} ?value }} "
                     f"GROUP BY ?this HAVING (COUNT(DISTINCT ?value) > {int(o)})")
                self.add(shape, "MaxCountConstraintComponent", path, q)
            elif name == "uniqueLang":
                if o != Literal(True):
                    continue
                q = (f"SELECT DISTINCT ?this ?lang WHERE {{ {target} ?this {path} ?a . "
                     f"?this {path} ?b . FILTER (isLiteral(?a) && lang(?a) != \"\" && "
                     f"!sameTerm(?a, ?b) && isLiteral(?b) && LCASE(lang(?a)) = LCASE(lang(?b))) "
                     f"BIND (LCASE(lang(?a)) AS ?lang) }}")
                self.add(shape, "UniqueLangConstraintComponent", path, q)
            elif name == "hasValue":
                q = (f"SELECT DISTINCT ?this WHERE {{ {target} OPTIONAL {{ ?this {path} ?value . "
                     f"FILTER (sameTerm(?value, {nt(o)})) }} FILTER (!BOUND(?value)) }}")
                self.add(shape, "HasValueConstraintComponent", path, q)
            elif name in ("lessThan", "lessThanOrEquals"):
                op = "<" if name == "lessThan" else "<="
                q = (f"SELECT DISTINCT ?this ?value WHERE {{ {target} ?this {path} ?value . "
                     f"?this {nt(o)} ?other . FILTER (!COALESCE(?value {op} ?other, false)) }}")
                self.add(shape, f"{name[0].upper()}{name[1:]}ConstraintComponent", path, q)
            elif name == "qualifiedValueShape":
                self.qualified(shape, o, path, target)

    def qualified(self, shape: Node, inner: Node, path: str, target: str) -> None:
        g = self.g
        if g.value(shape, SH.qualifiedValueShapesDisjoint) == Literal(True):
            raise self.fail(shape, "sh:qualifiedValueShapesDisjoint is not supported")
        cond = _shape_condition(g, inner, "?value", self.isa)
        low = g.value(shape, SH.qualifiedMinCount)
        high = g.value(shape, SH.qualifiedMaxCount)
        if low is not None and int(low) > 0:
            n = int(low)
            if n == 1:
                q = (f"SELECT DISTINCT ?this WHERE {{ {target} OPTIONAL {{ ?this {path} ?value . "
                     f"FILTER ({cond}) }} FILTER (!BOUND(?value)) }}")
            else:
                q = (f"SELECT ?this WHERE {{ {target} OPTIONAL {{ ?this {path} ?value . "
                     f"FILTER ({cond}) }} }} GROUP BY ?this HAVING (COUNT(DISTINCT ?value) < {n})")
            self.add(shape, "QualifiedMinCountConstraintComponent", path, q)
        if high is not None:
            q = (f"SELECT ?this WHERE {{ {target} ?this {path} ?value . FILTER ({cond}) }} "
                 f"GROUP BY ?this HAVING (COUNT(DISTINCT ?value) > {int(high)})")
            self.add(shape, "QualifiedMaxCountConstraintComponent", path, q)


def compile_shapes(shapes: Shapes = None, *, subclasses: Hierarchy = ()) -> list[Check]:
    """The SPARQL checks equivalent to the shapes.

    Args:
        shapes: a shapes file or graph; ``ontology/shapes.ttl`` by default.
        subclasses: for each class, every class ``rdfs:subClassOf*`` it in the data graph
            (itself included), as ``(class, (class, subclass, ...))`` pairs; classes not
            listed have no subclasses. :func:`validate_fast` reads them from the store.

    Raises:
        ConfigError: the shapes use a SHACL feature the compiler does not support.
    """
    hierarchy = tuple(sorted((c, tuple(sorted(subs))) for c, subs in subclasses))
    if isinstance(shapes, rdflib.Graph):
        return _Compiler(shapes, hierarchy, "shapes graph").compile()
    return list(_compile_file(Path(shapes) if shapes is not None else SHAPES_PATH, hierarchy))


@lru_cache(maxsize=8)
def _compile_file(path: Path, subclasses: Hierarchy) -> tuple[Check, ...]:
    return tuple(_Compiler(_load_shapes(path), subclasses, str(path)).compile())
