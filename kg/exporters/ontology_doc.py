"""The ontology as published files: ``ontology.ttl``, ``shapes.ttl`` and browsable docs.

:func:`write_ontology_docs` renders ``ontology/qm.ttl`` as one self-contained HTML page
(``ontology.html``: inline CSS, no script, no external resource) and its Markdown twin
(``ontology.md``). Every class and property gets an anchor named after its local name, so
the term IRI ``…/ontology#Notice`` resolves to its entry when the page is served at the
ontology IRI. Output is deterministic: terms sorted, no timestamps, UTF-8, ``\\n`` line ends.
"""

from __future__ import annotations

import html
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

import rdflib
from rdflib.collection import Collection
from rdflib.namespace import OWL, RDF, RDFS, SKOS
from rdflib.term import BNode, Literal, Node, URIRef

from kg.validate import ONTOLOGY_PATH
from kg.vocab import PREFIXES, QM_NS

DCTERMS = rdflib.Namespace(PREFIXES["dcterms"])
SCHEMA = rdflib.Namespace(PREFIXES["schema"])

# Extra prefixes the ontology uses beyond kg.vocab.PREFIXES, for display only.
_DISPLAY = {**PREFIXES, "time": "http://www.w3.org/2006/time#", "vann": "http://purl.org/vocab/vann/"}
_LANGS = ("zh", "en")
_KINDS = (
    (OWL.Class, "Class", "类"),
    (OWL.ObjectProperty, "Object property", "对象属性"),
    (OWL.DatatypeProperty, "Datatype property", "数据属性"),
)


@dataclass
class Term:
    """What the docs show about one qm: term; IRIs and class expressions as display text."""

    iri: str
    name: str
    kind: str
    labels: dict[str, str] = field(default_factory=dict)
    definitions: dict[str, str] = field(default_factory=dict)
    comments: dict[str, str] = field(default_factory=dict)
    rows: list[tuple[str, list[Node]]] = field(default_factory=list)  # (heading, values)


@dataclass
class OntologyDoc:
    iri: str
    version: str
    titles: dict[str, str]
    descriptions: dict[str, str]
    created: str
    license: str
    terms: list[Term]
    graph: rdflib.Graph = field(repr=False)  # for rendering class expressions


def _by_lang(graph: rdflib.Graph, subject: Node, prop: URIRef) -> dict[str, str]:
    out: dict[str, str] = {}
    for value in sorted(graph.objects(subject, prop), key=str):
        if isinstance(value, Literal):
            out.setdefault(value.language or "", str(value))
    return out


def _sorted(nodes: Iterable[Node]) -> list[Node]:
    return sorted(set(nodes), key=lambda n: (isinstance(n, BNode), str(n)))


def load_ontology_doc(path: Path = ONTOLOGY_PATH) -> OntologyDoc:
    """Read what the docs show from the ontology file."""
    g = rdflib.Graph().parse(path, format="turtle")
    onto = next(iter(g.subjects(RDF.type, OWL.Ontology)))
    disjoint: dict[Node, set[Node]] = {}
    for axiom in g.subjects(RDF.type, OWL.AllDisjointClasses):
        members = list(Collection(g, g.value(axiom, OWL.members)))
        for m in members:
            disjoint.setdefault(m, set()).update(x for x in members if x != m)
    for a, b in g.subject_objects(OWL.disjointWith):
        disjoint.setdefault(a, set()).add(b)
        disjoint.setdefault(b, set()).add(a)

    terms = []
    for kind_iri, kind, _zh in _KINDS:
        for s in sorted(g.subjects(RDF.type, kind_iri), key=str):
            if not (isinstance(s, URIRef) and str(s).startswith(QM_NS)):
                continue
            t = Term(str(s), str(s)[len(QM_NS):], kind, _by_lang(g, s, RDFS.label),
                     _by_lang(g, s, SKOS.definition), _by_lang(g, s, RDFS.comment))
            if kind == "Class":
                rows = [
                    ("Subclass of", g.objects(s, RDFS.subClassOf)),
                    ("Superclass of", g.subjects(RDFS.subClassOf, s)),
                    ("Equivalent to", g.objects(s, OWL.equivalentClass)),
                    ("Disjoint with", disjoint.get(s, set())),
                    ("In the domain of", _properties_about(g, s, RDFS.domain, SCHEMA.domainIncludes)),
                    ("In the range of", _properties_about(g, s, RDFS.range, SCHEMA.rangeIncludes)),
                ]
            else:
                rows = [
                    ("Domain", g.objects(s, RDFS.domain)),
                    ("Domain includes", g.objects(s, SCHEMA.domainIncludes)),
                    ("Range", g.objects(s, RDFS.range)),
                    ("Range includes", g.objects(s, SCHEMA.rangeIncludes)),
                    ("Subproperty of", g.objects(s, RDFS.subPropertyOf)),
                    ("Superproperty of", g.subjects(RDFS.subPropertyOf, s)),
                    ("Inverse of", g.objects(s, OWL.inverseOf)),
                    ("Property chain", g.objects(s, OWL.propertyChainAxiom)),
                    ("Characteristics", (c for c in g.objects(s, RDF.type) if c != kind_iri)),
                ]
            rows.append(("See also", g.objects(s, RDFS.seeAlso)))
            t.rows = [(heading, _sorted(values)) for heading, values in rows]
            t.rows = [(heading, values) for heading, values in t.rows if values]
            terms.append(t)
    return OntologyDoc(
        iri=str(onto),
        version=str(g.value(onto, OWL.versionInfo) or ""),
        titles=_by_lang(g, onto, DCTERMS.title),
        descriptions=_by_lang(g, onto, DCTERMS.description),
        created=str(g.value(onto, DCTERMS.created) or ""),
        license=str(g.value(onto, DCTERMS.license) or ""),
        terms=terms,
        graph=g,
    )


def _properties_about(g: rdflib.Graph, cls: Node, *props: URIRef) -> Iterable[Node]:
    """Properties whose domain (or range) is ``cls``, directly or in a union."""
    for prop in props:
        for p, value in g.subject_objects(prop):
            if value == cls:
                yield p
            elif isinstance(value, BNode):
                members = g.value(value, OWL.unionOf)
                if members is not None and cls in list(Collection(g, members)):
                    yield p


def curie(iri: str) -> str:
    for prefix, ns in _DISPLAY.items():
        if iri.startswith(ns):
            return f"{prefix}:{iri[len(ns):]}"
    return f"<{iri}>"


# A class expression or list as a tree of (text, href) parts, shared by both renderers.
def _parts(g: rdflib.Graph, node: Node) -> list[tuple[str, str | None]]:
    if isinstance(node, URIRef):
        iri = str(node)
        href = f"#{iri[len(QM_NS):]}" if iri.startswith(QM_NS) else iri
        return [(curie(iri), href)]
    if isinstance(node, Literal):
        return [(f'"{node}"', None)]
    if g.value(node, RDF.first) is not None:  # a property chain
        return _join(g, Collection(g, node), " ∘ ")
    for prop, sep in ((OWL.unionOf, " ∪ "), (OWL.intersectionOf, " ∩ ")):
        members = g.value(node, prop)
        if members is not None:
            return [("(", None), *_join(g, Collection(g, members), sep), (")", None)]
    return [("[anonymous]", None)]


def _join(g: rdflib.Graph, nodes: Iterable[Node], sep: str) -> list[tuple[str, str | None]]:
    out: list[tuple[str, str | None]] = []
    for i, n in enumerate(nodes):
        if i:
            out.append((sep, None))
        out.extend(_parts(g, n))
    return out


# ---------------------------------------------------------------------------------------
# HTML
# ---------------------------------------------------------------------------------------

_CSS = """
body { font-family: system-ui, "Noto Sans CJK SC", "PingFang SC", sans-serif; margin: 0 auto;
       max-width: 60rem; padding: 1rem 2rem; line-height: 1.5; color: #222; }
h1 { margin-bottom: 0.2rem; } h2 { border-bottom: 1px solid #ccc; margin-top: 2.5rem; }
section.term { border: 1px solid #ddd; border-radius: 6px; padding: 0.5rem 1rem; margin: 1rem 0; }
section.term:target { border-color: #c60; box-shadow: 0 0 0 2px #fc9; }
.iri, code { font-family: ui-monospace, monospace; font-size: 0.9em; word-break: break-all; }
.kind { color: #666; font-size: 0.9em; }
dl { display: grid; grid-template-columns: max-content 1fr; gap: 0.2rem 1rem; }
dt { font-weight: 600; } dd { margin: 0; }
nav ul { columns: 3; list-style: none; padding-left: 0; }
a { color: #05a; text-decoration: none; } a:hover { text-decoration: underline; }
""".strip()


def _html_parts(parts: list[tuple[str, str | None]]) -> str:
    out = []
    for text, href in parts:
        if href:
            out.append(f'<a href="{html.escape(href)}"><code>{html.escape(text)}</code></a>')
        else:
            out.append(html.escape(text))
    return "".join(out)


def render_html(doc: OntologyDoc) -> str:
    e = html.escape
    title = doc.titles.get("en", "Ontology")
    lines = [
        "<!DOCTYPE html>",
        '<html lang="en">',
        "<head>",
        '<meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{e(title)} {e(doc.version)}</title>",
        f"<style>\n{_CSS}\n</style>",
        "</head>",
        "<body>",
        f'<h1>{e(title)} <span lang="zh">{e(doc.titles.get("zh", ""))}</span></h1>',
        "<dl>",
        f'<dt>IRI</dt><dd><span class="iri">{e(doc.iri)}</span></dd>',
        f"<dt>Version</dt><dd>{e(doc.version)}</dd>",
        f"<dt>Created</dt><dd>{e(doc.created)}</dd>",
        f'<dt>Licence</dt><dd><a href="{e(doc.license)}">{e(doc.license)}</a></dd>',
        f'<dt>Namespace</dt><dd><span class="iri">{e(QM_NS)}</span> (prefix <code>qm:</code>)</dd>',
        "</dl>",
    ]
    for lang in _LANGS:
        if lang in doc.descriptions:
            lines.append(f'<p lang="{lang}">{e(doc.descriptions[lang])}</p>')
    lines.append("<nav><h2>Contents</h2>")
    for _iri, kind, _zh in _KINDS:
        terms = [t for t in doc.terms if t.kind == kind]
        lines.append(f"<h3>{e(kind)}es</h3>" if kind == "Class" else f"<h3>{e(kind)}s</h3>")
        lines.append("<ul>")
        lines.extend(f'<li><a href="#{e(t.name)}">qm:{e(t.name)}</a> '
                     f'<span lang="zh">{e(t.labels.get("zh", ""))}</span></li>' for t in terms)
        lines.append("</ul>")
    lines.append("</nav>")
    for _iri, kind, kind_zh in _KINDS:
        heading = "Classes" if kind == "Class" else f"{kind}s"
        lines.append(f'<h2>{e(heading)} <span lang="zh">{e(kind_zh)}</span></h2>')
        for t in (t for t in doc.terms if t.kind == kind):
            lines.extend(_html_term(doc.graph, t))
    lines += ["</body>", "</html>", ""]
    return "\n".join(lines)


def _html_term(g: rdflib.Graph, t: Term) -> list[str]:
    e = html.escape
    out = [
        f'<section class="term" id="{e(t.name)}">',
        f'<h3>qm:{e(t.name)} <span class="kind">{e(t.kind)}</span></h3>',
        f'<p class="iri">{e(t.iri)}</p>',
        "<dl>",
    ]
    for lang in _LANGS:
        if lang in t.labels:
            out.append(f'<dt>Label ({lang})</dt><dd lang="{lang}">{e(t.labels[lang])}</dd>')
    for lang in _LANGS:
        if lang in t.definitions:
            out.append(f'<dt>Definition ({lang})</dt><dd lang="{lang}">{e(t.definitions[lang])}</dd>')
    for lang in _LANGS:
        if lang in t.comments:
            out.append(f'<dt>Note ({lang})</dt><dd lang="{lang}">{e(t.comments[lang])}</dd>')
    for heading, values in t.rows:
        rendered = ", ".join(_html_parts(_parts(g, v)) for v in values)
        out.append(f"<dt>{e(heading)}</dt><dd>{rendered}</dd>")
    out += ["</dl>", "</section>"]
    return out


# ---------------------------------------------------------------------------------------
# Markdown
# ---------------------------------------------------------------------------------------

_MD_SPECIAL = str.maketrans({c: f"\\{c}" for c in "\\`*_[]<>|#"})


def _md(text: str) -> str:
    """Text that Markdown shows as written (no markup, no raw HTML, safe in tables)."""
    return text.replace("\n", " ").translate(_MD_SPECIAL)


def _md_parts(parts: list[tuple[str, str | None]]) -> str:
    out = []
    for text, href in parts:
        out.append(f"[`{text}`]({href})" if href else _md(text))
    return "".join(out)


def render_markdown(doc: OntologyDoc) -> str:
    title = doc.titles.get("en", "Ontology")
    lines = [
        f"# {_md(title)} / {_md(doc.titles.get('zh', ''))}",
        "",
        f"- IRI: `{doc.iri}`",
        f"- Version: {_md(doc.version)}",
        f"- Created: {_md(doc.created)}",
        f"- Licence: <{doc.license}>",
        f"- Namespace: `{QM_NS}` (prefix `qm:`)",
        "",
    ]
    for lang in _LANGS:
        if lang in doc.descriptions:
            lines += [_md(doc.descriptions[lang]), ""]
    for _iri, kind, kind_zh in _KINDS:
        heading = "Classes" if kind == "Class" else f"{kind}s"
        lines += [f"## {heading} / {kind_zh}", ""]
        terms = [t for t in doc.terms if t.kind == kind]
        lines += [", ".join(f"[qm:{_md(t.name)}](#{t.name})" for t in terms), ""]
        for t in terms:
            lines += _md_term(doc.graph, t)
    return "\n".join(lines).rstrip("\n") + "\n"


def _md_term(g: rdflib.Graph, t: Term) -> list[str]:
    out = [f'<a id="{t.name}"></a>', "", f"### qm:{_md(t.name)}", "", f"`{t.iri}` ({t.kind})", "",
           "| | |", "| --- | --- |"]
    for lang in _LANGS:
        if lang in t.labels:
            out.append(f"| Label ({lang}) | {_md(t.labels[lang])} |")
    for lang in _LANGS:
        if lang in t.definitions:
            out.append(f"| Definition ({lang}) | {_md(t.definitions[lang])} |")
    for lang in _LANGS:
        if lang in t.comments:
            out.append(f"| Note ({lang}) | {_md(t.comments[lang])} |")
    for heading, values in t.rows:
        rendered = ", ".join(_md_parts(_parts(g, v)) for v in values)
        out.append(f"| {heading} | {rendered} |")
    out.append("")
    return out


# Writing, with the pages cached, is in kg.exporters.ontology_files; the names stay here.
from kg.exporters.ontology_files import write_ontology, write_ontology_docs  # noqa: E402, F401
