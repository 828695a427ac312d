"""The ontology (ontology/qm.ttl): terms, labels, alignments, OWL RL consistency, docs."""

from __future__ import annotations

import ast
import html.parser
import re
from pathlib import Path

import owlrl
import pyoxigraph as ox
import pytest
import rdflib
from rdflib.namespace import OWL, RDF, RDFS, SKOS

from kg.exporters.ontology_doc import write_ontology, write_ontology_docs
from kg.validate import ONTOLOGY_PATH, SHAPES_PATH, load_store
from kg.vocab import PREFIXES, QM, QM_NS

ROOT = Path(__file__).resolve().parent.parent
FIXTURE = Path(__file__).parent / "fixtures" / "valid_graph.trig"
VOCAB_SOURCE = ROOT / "kg" / "vocab.py"
CHANGELOG = ROOT / "ontology" / "CHANGELOG.md"

SCHEMA = rdflib.Namespace(PREFIXES["schema"])
DCTERMS = rdflib.Namespace(PREFIXES["dcterms"])
ORG = rdflib.Namespace(PREFIXES["org"])
PROV = rdflib.Namespace(PREFIXES["prov"])
OA = rdflib.Namespace(PREFIXES["oa"])
GEO = rdflib.Namespace(PREFIXES["geo"])
Q = rdflib.Namespace(QM_NS)
ID = rdflib.Namespace("https://w3id.org/quality-month/id/")
ERR = rdflib.Namespace("http://www.daml.org/2002/03/agents/agent-ont#")
KINDS = {"Classes": OWL.Class, "Object properties": OWL.ObjectProperty,
         "Datatype properties": OWL.DatatypeProperty}


@pytest.fixture(scope="module")
def ontology() -> rdflib.Graph:
    return rdflib.Graph().parse(ONTOLOGY_PATH, format="turtle")


def vocab_terms_by_kind() -> dict[str, rdflib.URIRef]:
    """The names annotated in ``class QM`` of kg/vocab.py, with the OWL kind of the section
    ("# Classes", "# Object properties", "# Datatype properties") they are listed in."""
    tree = ast.parse(VOCAB_SOURCE.read_text(encoding="utf-8"))
    (cls,) = [n for n in tree.body if isinstance(n, ast.ClassDef) and n.name == "QM"]
    lines = VOCAB_SOURCE.read_text(encoding="utf-8").splitlines()
    kinds: dict[str, rdflib.URIRef] = {}
    for node in cls.body:
        if isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name):
            section = next(
                KINDS[line.strip("# ").strip()]
                for line in reversed(lines[: node.lineno - 1])
                if line.strip("# ").strip() in KINDS
            )
            kinds[node.target.id] = section
    return kinds


def declared(ontology: rdflib.Graph) -> dict[str, set[rdflib.URIRef]]:
    out: dict[str, set[rdflib.URIRef]] = {}
    for kind in (*KINDS.values(), OWL.AnnotationProperty):
        for s in ontology.subjects(RDF.type, kind):
            if str(s).startswith(QM_NS):
                out.setdefault(str(s)[len(QM_NS):], set()).add(kind)
    return out


def test_vocab_annotations_are_the_runtime_terms() -> None:
    assert set(vocab_terms_by_kind()) == set(QM.__annotations__)


def test_declared_terms_are_exactly_the_vocab_terms(ontology: rdflib.Graph) -> None:
    assert set(declared(ontology)) == set(vocab_terms_by_kind())


def test_each_term_is_declared_once_with_the_kind_of_its_vocab_section(ontology: rdflib.Graph) -> None:
    kinds = vocab_terms_by_kind()
    assert {name: kinds_ for name, kinds_ in declared(ontology).items()} == {
        name: {kind} for name, kind in kinds.items()
    }


def test_every_qm_iri_used_is_declared(ontology: rdflib.Graph) -> None:
    # Catches a misspelt term in an axiom (rdfs:range qm:Campaing).
    used = {str(t)[len(QM_NS):] for triple in ontology for t in triple
            if isinstance(t, rdflib.URIRef) and str(t).startswith(QM_NS)}
    assert used <= set(declared(ontology))


@pytest.mark.parametrize("name", sorted(vocab_terms_by_kind()))
def test_term_has_zh_and_en_label_and_definition(ontology: rdflib.Graph, name: str) -> None:
    term = Q[name]
    labels = {lit.language for lit in ontology.objects(term, RDFS.label)}
    definitions = {lit.language for lit in ontology.objects(term, SKOS.definition)} | {
        lit.language for lit in ontology.objects(term, RDFS.comment)
    }
    assert {"zh", "en"} <= labels, name
    assert {"zh", "en"} <= definitions, name
    for prop in (RDFS.label, SKOS.definition):
        for lang in ("zh", "en"):
            assert len([v for v in ontology.objects(term, prop) if v.language == lang]) <= 1, (name, prop)
    zh_label = next(v for v in ontology.objects(term, RDFS.label) if v.language == "zh")
    assert re.search(r"[\u4e00-\u9fff]", zh_label), name


def test_labels_are_unique_per_language(ontology: rdflib.Graph) -> None:
    seen: dict[tuple[str, str], str] = {}
    for name in vocab_terms_by_kind():
        for label in ontology.objects(Q[name], RDFS.label):
            key = (str(label), label.language)
            assert key not in seen, f"{name} and {seen.get(key)} share the label {label!r}"
            seen[key] = name


@pytest.mark.parametrize("name", sorted(n for n, k in vocab_terms_by_kind().items() if k != OWL.Class))
def test_property_has_a_domain_and_a_range(ontology: rdflib.Graph, name: str) -> None:
    assert ontology.value(Q[name], RDFS.domain) is not None, name
    assert ontology.value(Q[name], RDFS.range) is not None, name


def test_ontology_header(ontology: rdflib.Graph) -> None:
    onto = rdflib.URIRef("https://w3id.org/quality-month/ontology")
    assert (onto, RDF.type, OWL.Ontology) in ontology
    assert str(ontology.value(onto, OWL.versionInfo)) == "0.2.0"
    for prop in (DCTERMS.title, DCTERMS.description):
        assert {v.language for v in ontology.objects(onto, prop)} >= {"zh", "en"}
    assert ontology.value(onto, DCTERMS.created) is not None
    assert ontology.value(onto, DCTERMS.license) is not None


def test_changelog_names_the_current_version(ontology: rdflib.Graph) -> None:
    version = str(ontology.value(rdflib.URIRef("https://w3id.org/quality-month/ontology"), OWL.versionInfo))
    first = re.search(r"^## (\S+)", CHANGELOG.read_text(encoding="utf-8"), re.M)
    assert first and first.group(1) == version
    shapes = rdflib.Graph().parse(SHAPES_PATH)
    assert str(shapes.value(rdflib.URIRef("https://w3id.org/quality-month/shapes"), OWL.versionInfo)) == version


# (subject, predicate, object): alignments and modelling decisions that must not drift.
AXIOMS = [
    (Q.Department, RDFS.subClassOf, ORG.Organization),
    (Q.Organization, RDFS.subClassOf, ORG.Organization),
    (Q.Notice, RDFS.subClassOf, PROV.Entity),
    (Q.Notice, RDFS.subClassOf, SCHEMA.CreativeWork),
    (Q.Notice, RDFS.subClassOf, DCTERMS.BibliographicResource),
    (Q.Campaign, RDFS.subClassOf, SCHEMA.Event),
    (Q.Campaign, RDFS.subClassOf, PROV.Activity),
    (Q.Activity, RDFS.subClassOf, SCHEMA.Event),
    (Q.Place, RDFS.subClassOf, DCTERMS.Location),
    (Q.Place, RDFS.subClassOf, SCHEMA.Place),
    (Q.Theme, RDFS.subClassOf, SKOS.Concept),
    (Q.Slogan, RDFS.subClassOf, SKOS.Concept),
    (Q.Mention, RDFS.subClassOf, OA.Annotation),
    (Q.partOf, RDFS.subPropertyOf, DCTERMS.isPartOf),
    (Q.eventDate, RDFS.subPropertyOf, SCHEMA.startDate),
    (Q.within, RDFS.subPropertyOf, SCHEMA.containedInPlace),
    (Q.organizedBy, RDFS.range, ORG.Organization),
    (Q.issuedBy, RDFS.range, ORG.Organization),
    (Q.year, RDFS.range, rdflib.XSD.gYear),
    (Q.year, RDFS.seeAlso, rdflib.URIRef("http://www.w3.org/2006/time#year")),
    (Q.successor, RDFS.subPropertyOf, DCTERMS.isReplacedBy),
]


@pytest.mark.parametrize("s, p, o", AXIOMS, ids=[f"{s.n3().split('#')[-1]} {p.n3().split('#')[-1]}" for s, p, o in AXIOMS])
def test_axiom(ontology: rdflib.Graph, s: rdflib.URIRef, p: rdflib.URIRef, o: rdflib.URIRef) -> None:
    assert (s, p, o) in ontology


@pytest.mark.parametrize("prop, classes", [
    (Q.hasActivity, {Q.Campaign, Q.Notice}),
    (Q.organizedBy, {Q.Campaign, Q.Activity}),
])
def test_shared_properties_have_a_union_domain(ontology: rdflib.Graph, prop: rdflib.URIRef, classes: set) -> None:
    (domain,) = ontology.objects(prop, RDFS.domain)
    assert isinstance(domain, rdflib.BNode)
    members = rdflib.collection.Collection(ontology, ontology.value(domain, OWL.unionOf))
    assert set(members) == classes
    assert set(ontology.objects(prop, SCHEMA.domainIncludes)) == classes


def test_successor_is_not_misaligned(ontology: rdflib.Graph) -> None:
    supers = set(ontology.objects(Q.successor, RDFS.subPropertyOf))
    assert ORG.resultedFrom not in supers
    assert PROV.wasRevisionOf not in supers
    (chain,) = ontology.objects(Q.successor, OWL.propertyChainAxiom)
    assert list(rdflib.collection.Collection(ontology, chain)) == [ORG.changedBy, ORG.resultingOrganization]


def test_ontology_parses_with_pyoxigraph() -> None:
    triples = list(ox.parse(path=str(ONTOLOGY_PATH), format=ox.RdfFormat.TURTLE))
    assert len(triples) == len(rdflib.Graph().parse(ONTOLOGY_PATH))
    assert load_store(SHAPES_PATH)


def test_shapes_agree_with_the_ontology_ranges(ontology: rdflib.Graph) -> None:
    """A shape's sh:class / sh:datatype on a qm: property is the property's rdfs:range."""
    shapes = rdflib.Graph().parse(SHAPES_PATH)
    sh = rdflib.Namespace("http://www.w3.org/ns/shacl#")
    checked = 0
    for shape, path in shapes.subject_objects(sh.path):
        if not (isinstance(path, rdflib.URIRef) and str(path).startswith(QM_NS)):
            continue
        ranges = set(ontology.objects(path, RDFS.range))
        for expected in (*shapes.objects(shape, sh["class"]), *shapes.objects(shape, sh.datatype)):
            assert expected in ranges, f"{shape}: {expected} is not the range {ranges} of {path}"
            checked += 1
    assert checked > 20


# OWL RL


def closure(*extra: str) -> rdflib.Graph:
    graph = rdflib.Graph()
    dataset = rdflib.Dataset()
    dataset.parse(FIXTURE, format="trig")
    for s, p, o, _g in dataset.quads((None, None, None, None)):
        graph.add((s, p, o))
    graph.parse(ONTOLOGY_PATH, format="turtle")
    for data in extra:
        graph.parse(data=data, format="turtle")
    # owlrl swaps rdflib's lexical converters and restores only some of them (xsd:gYear
    # stays checked afterwards), which would change what pySHACL reports later in the same
    # process: put them back as they were.
    converters = dict(rdflib.term._toPythonMapping)
    try:
        owlrl.DeductiveClosure(owlrl.OWLRL_Semantics).expand(graph)
    finally:
        rdflib.term._toPythonMapping.clear()
        rdflib.term._toPythonMapping.update(converters)
    return graph


def inconsistencies(graph: rdflib.Graph) -> list[str]:
    nothing = [f"{s} a owl:Nothing" for s in graph.subjects(RDF.type, OWL.Nothing)]
    errors = [str(graph.value(m, ERR.error)) for m in graph.subjects(RDF.type, ERR.ErrorMessage)]
    return nothing + errors


@pytest.fixture(scope="module")
def inferred() -> rdflib.Graph:
    return closure()


def test_owl_rl_closure_of_ontology_and_fixture_is_consistent(inferred: rdflib.Graph) -> None:
    assert inconsistencies(inferred) == []


@pytest.mark.parametrize("node, expected, wrong", [
    # the shared properties do not make a campaign a notice or an activity a campaign
    (ID["campaign/2010"], {Q.Campaign, SCHEMA.Event, PROV.Activity}, {Q.Notice, Q.Activity}),
    (ID["activity/13b0555d3f7f4edd-b0c45ec3c619c54e"], {Q.Activity, SCHEMA.Event}, {Q.Campaign}),
    # an association with qm:abbreviation is not made a department
    (ID["org/caq"], {Q.Organization, ORG.Organization}, {Q.Department}),
    (ID["org/samr"], {Q.Department, ORG.FormalOrganization}, {Q.Organization}),
    (ID["notice/13b0555d3f7f4edd"], {Q.Notice, PROV.Entity, SCHEMA.CreativeWork}, set()),
    (ID["place/CN"], {Q.Place, DCTERMS.Location, SCHEMA.Place, GEO.SpatialThing}, set()),
    (ID["mention/13b0555d3f7f4edd-theme-126-141"], {Q.Mention, OA.Annotation}, set()),
])
def test_owl_rl_infers_the_right_types(inferred: rdflib.Graph, node, expected, wrong) -> None:
    types = set(inferred.objects(node, RDF.type))
    assert expected <= types
    assert not wrong & types


def test_owl_rl_detects_a_domain_mistake() -> None:
    # The consistency check has teeth: a campaign that "states" a theme is taken to be a
    # notice, and notices and campaigns are disjoint.
    graph = closure(f"<{ID['campaign/2010']}> <{Q.statesTheme}> <{ID['theme/9d41173bf59bf67c']}> .")
    assert inconsistencies(graph)


def test_owl_rl_successor_chain() -> None:
    graph = closure(f"""
        @prefix org: <{ORG}> .
        <{ID['org/a']}> a <{Q.Department}> ; org:changedBy <{ID['event/2018']}> .
        <{ID['event/2018']}> org:resultingOrganization <{ID['org/b']}> .
    """)
    assert (ID["org/a"], Q.successor, ID["org/b"]) in graph
    assert inconsistencies(graph) == []


# Docs


class _Anchors(html.parser.HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.ids: list[str] = []
        self.external: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if values.get("id"):
            self.ids.append(str(values["id"]))
        if tag in ("link", "script", "img") or (tag == "style" and values.get("src")):
            self.external.append(tag)


def test_ontology_docs(tmp_path: Path) -> None:
    html_path, md_path = write_ontology_docs(tmp_path)
    page = html_path.read_text(encoding="utf-8")
    parser = _Anchors()
    parser.feed(page)
    names = set(vocab_terms_by_kind())
    assert names <= set(parser.ids)
    assert parser.external == []  # self-contained
    assert '<dd lang="zh">活动主题</dd>' in page and '<dd lang="en">Theme</dd>' in page
    markdown = md_path.read_text(encoding="utf-8")
    for name in names:
        assert f'<a id="{name}"></a>' in markdown
        assert f"qm:{name}" in page
    # Text is escaped: the definition of qm:level quotes its values.
    assert "&quot;aspect&quot;" in page
    assert "\r" not in page and "\r" not in markdown


def test_ontology_docs_are_deterministic(tmp_path: Path) -> None:
    first = [p.read_bytes() for p in write_ontology_docs(tmp_path / "a")]
    second = [p.read_bytes() for p in write_ontology_docs(tmp_path / "b")]
    assert first == second
    assert b"2026-11-21" in first[0]  # dcterms:created, not the build date


def test_ontology_docs_escape_markup(tmp_path: Path) -> None:
    hostile = ONTOLOGY_PATH.read_text(encoding="utf-8").replace(
        '"Notice"@en', '"<script>alert(1)</script> | *Notice*"@en'
    )
    path = tmp_path / "qm.ttl"
    path.write_text(hostile, encoding="utf-8")
    html_path, md_path = write_ontology_docs(tmp_path / "out", ontology=path)
    assert "<script>" not in html_path.read_text(encoding="utf-8")
    markdown = md_path.read_text(encoding="utf-8")
    assert "<script>" not in markdown and r"\| \*Notice\*" in markdown


def test_write_ontology_copies_the_files(tmp_path: Path) -> None:
    written = write_ontology(tmp_path)
    assert [p.name for p in written] == ["ontology.ttl", "shapes.ttl"]
    assert (tmp_path / "ontology.ttl").read_bytes() == ONTOLOGY_PATH.read_bytes()
    assert (tmp_path / "shapes.ttl").read_bytes() == SHAPES_PATH.read_bytes()
