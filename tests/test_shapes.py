"""The SHACL shapes and both validators (kg/validate.py).

The fixture conforms; for every shape a broken copy of it (one SPARQL update) is caught by
pySHACL and by the fast SPARQL path, with the same results.
"""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox
import pytest
import rdflib
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kg.errors import ConfigError, InputError, ValidationFailed
from kg.validate import (
    SHAPES_PATH,
    Report,
    compile_shapes,
    load_store,
    validate,
    validate_fast,
)
from kg.vocab import ID_NS, PREFIXES

FIXTURE = Path(__file__).parent / "fixtures" / "valid_graph.trig"
QMSH = "https://w3id.org/quality-month/shapes#"

# Short names for the fixture's nodes, used in the table below.
_ID_PREFIXES = {
    "notice": "notice/", "campaign": "campaign/", "body": "org/", "place": "place/",
    "theme": "theme/", "slogan": "slogan/", "activity": "activity/", "mention": "mention/",
    "graph": "graph/",
}
SPARQL_PREFIXES = "\n".join(
    [f"PREFIX {p}: <{ns}>" for p, ns in PREFIXES.items()]
    + [f"PREFIX {p}: <{ID_NS}{path}>" for p, path in _ID_PREFIXES.items()]
)
KEY = "13b0555d3f7f4edd"
N = f"notice:{KEY}"
C = "campaign:2010"
T = "theme:9d41173bf59bf67c"
S1 = "slogan:14b58622790b6990"
A0 = f"activity:{KEY}-6d40798add0af95e"
A1 = f"activity:{KEY}-b0c45ec3c619c54e"
D = "body:aqsiq"
O = "body:caq"
P = "place:510000"
NG = f"graph:{KEY}"
RG = "graph:reference"
M_THEME = f"mention:{KEY}-theme-126-141"
M_YEAR = f"mention:{KEY}-year-24-29"
POS = f"{M_THEME}#position"  # not valid SPARQL: for comparing results only
QUOTE = f"{M_THEME}#quote"


def full(curie: str) -> str:
    """``notice:13b…`` → ``<https://w3id.org/quality-month/id/notice/13b…>``."""
    prefix, _, local = curie.partition(":")
    if prefix in _ID_PREFIXES:
        return f"<{ID_NS}{_ID_PREFIXES[prefix]}{local}>"
    return f"<{PREFIXES[prefix]}{local}>"


def delete(pattern: str, context: str = "") -> str:
    """Delete the triples matching ``pattern`` (where ``context`` also matches), in any graph."""
    return f"DELETE {{ GRAPH ?g {{ {pattern} }} }} WHERE {{ GRAPH ?g {{ {context} {pattern} }} }}"


def add(triples: str, graph: str = NG) -> str:
    return f"INSERT DATA {{ GRAPH {graph} {{ {triples} }} }}"


def replace(old: str, new: str, context: str = "") -> str:
    """Replace the triples matching ``old`` by ``new`` (variables shared), in their graph."""
    return (f"DELETE {{ GRAPH ?g {{ {old} }} }} INSERT {{ GRAPH ?g {{ {new} }} }} "
            f"WHERE {{ GRAPH ?g {{ {context} {old} }} }}")


# Binds ?t to the theme mention's target, ?pos and ?quote to its selectors.
THEME_TARGET = f"{M_THEME} oa:hasTarget ?t ."
THEME_POS = THEME_TARGET + " ?t oa:hasSelector ?pos . ?pos a oa:TextPositionSelector ."
THEME_QUOTE = THEME_TARGET + " ?t oa:hasSelector ?quote . ?quote a oa:TextQuoteSelector ."


# (id, SPARQL update that breaks the fixture, expected shape, component, focus node)
BROKEN = [
    ("notice without source", delete(f"{N} dcterms:source ?s"),
     "Notice-source", "MinCount", N),
    ("notice with two sources", add(f'{N} dcterms:source "data/notices/other.txt"'),
     "Notice-source", "MaxCount", N),
    ("source with a language tag", replace(f"{N} dcterms:source ?s", f'{N} dcterms:source "data/x.txt"@zh'),
     "Notice-source", "Datatype", N),
    ("two document numbers", add(f'{N} qm:documentNumber "国质检质联〔2010〕352号"'),
     "Notice-documentNumber", "MaxCount", N),
    ("issued as a plain string", replace(f"{N} dcterms:issued ?d", f'{N} dcterms:issued "2010-06-13"'),
     "Notice-issued", "Datatype", N),
    ("issued an impossible date", replace(f"{N} dcterms:issued ?d", f'{N} dcterms:issued "2010-13-45"^^xsd:date'),
     "Notice-issued", "Datatype", N),
    ("zero departments", replace(f"{N} qm:statedDepartmentCount ?c", f"{N} qm:statedDepartmentCount 0"),
     "Notice-departmentCount", "MinInclusive", N),
    ("department count in words", replace(f"{N} qm:statedDepartmentCount ?c", f'{N} qm:statedDepartmentCount "十"'),
     "Notice-departmentCount", "Datatype", N),
    ("negative slogan count", replace(f"{N} qm:statedSloganCount ?c", f"{N} qm:statedSloganCount -2"),
     "Notice-sloganCount", "MinInclusive", N),
    ("zero listed departments", add(f"{N} qm:listedDepartmentCount 0"),
     "Notice-listedDepartmentCount", "MinInclusive", N),
    ("listed slogan count as a decimal", add(f"{N} qm:listedSloganCount 2.0"),
     "Notice-listedSloganCount", "Datatype", N),
    ("about a year that is no campaign", add(f"{N} qm:about campaign:1999"),
     "Notice-about", "Class", N),
    ("inferred about a theme", add(f"{N} qm:inferredAbout {T}"),
     "Notice-inferredAbout", "Class", N),
    ("unknown notice kind", replace(f"{N} qm:noticeKind ?k", f'{N} qm:noticeKind "circular"'),
     "Notice-noticeKind", "In", N),
    ("two scripts", add(f'{N} qm:script "traditional"'),
     "Notice-script", "MaxCount", N),
    ("states a slogan as theme", add(f"{N} qm:statesTheme {S1}"),
     "Notice-statesTheme", "Class", N),
    ("states a theme as slogan", add(f"{N} qm:statesSlogan {T}"),
     "Notice-statesSlogan", "Class", N),
    ("notice activity that is a theme", add(f"{N} qm:hasActivity {T}"),
     "Notice-hasActivity", "Class", N),
    ("mentions an organisation as place", add(f"{N} qm:mentionsPlace {O}"),
     "Notice-mentionsPlace", "Class", N),
    ("issued by a place", add(f"{N} qm:issuedBy {P}"),
     "Notice-issuedBy", "Class", N),
    ("mentions a place as organisation", add(f"{N} qm:mentionsOrganization {P}"),
     "Notice-mentionsOrganization", "Class", N),
    ("campaign without year", delete(f"{C} qm:year ?y"),
     "Campaign-year", "MinCount", C),
    ("campaign with two years", add(f'{C} qm:year "2011"^^xsd:gYear', RG),
     "Campaign-year", "MaxCount", C),
    ("year as a plain string", replace(f"{C} qm:year ?y", f'{C} qm:year "2010"'),
     "Campaign-year", "Datatype", C),
    ("two-digit year", replace(f"{C} qm:year ?y", f'{C} qm:year "10"^^xsd:gYear'),
     "Campaign-year", "Pattern", C),
    ("campaign with two themes",
     add(f'{C} qm:hasTheme theme:0000000000000000 . theme:0000000000000000 a qm:Theme ; '
         f'skos:prefLabel "另一个主题"@zh .'),
     "Campaign-hasTheme", "MaxCount", C),
    ("campaign theme that is a slogan", replace(f"{C} qm:hasTheme ?t", f"{C} qm:hasTheme {S1}"),
     "Campaign-hasTheme", "Class", C),
    ("campaign slogan that is a theme", add(f"{C} qm:hasSlogan {T}"),
     "Campaign-hasSlogan", "Class", C),
    ("campaign activity that is a notice", add(f"{C} qm:hasActivity {N}"),
     "Campaign-hasActivity", "Class", C),
    ("campaign organised by a place", add(f"{C} qm:organizedBy {P}"),
     "Campaign-organizedBy", "Class", C),
    ("department without Chinese name", delete(f'{D} skos:prefLabel "国家质量监督检验检疫总局"@zh'),
     "ZhPrefLabel-prefLabel", "QualifiedMinCount", D),
    ("organisation without Chinese name", delete(f'{O} skos:prefLabel "中国质量协会"@zh'),
     "ZhPrefLabel-prefLabel", "QualifiedMinCount", O),
    ("place named in English only", replace(f'{P} skos:prefLabel "四川省"@zh', f'{P} skos:altLabel "四川省"@zh'),
     "ZhPrefLabel-prefLabel", "QualifiedMinCount", P),
    ("theme labelled in English only", replace(f"{T} skos:prefLabel ?l", f'{T} skos:prefLabel "Improve quality"@en'),
     "ZhLabel-label", "QualifiedMinCount", T),
    ("activity without label", delete(f"{A0} rdfs:label ?l"),
     "ZhLabel-label", "QualifiedMinCount", A0),
    ("two Chinese names for a place", add(f'{P} skos:prefLabel "川"@zh', RG),
     "PrefLabel-uniqueLang", "UniqueLang", P),
    ("theme without mention", delete(f"?m oa:hasBody {T} ; ?p ?o"),
     "ProvenanceShape", "SPARQL", T),
    ("slogan without mention", delete(f"?m oa:hasBody {S1} ; ?p ?o"),
     "ProvenanceShape", "SPARQL", S1),
    ("activity without mention", delete(f"?m oa:hasBody {A1} ; ?p ?o"),
     "ProvenanceShape", "SPARQL", A1),
    ("place without mention", delete(f"?m oa:hasBody {P} ; ?p ?o"),
     "ProvenanceShape", "SPARQL", P),
    ("issuer without mention", delete(f"?m oa:hasBody {D} ; ?p ?o"),
     "ProvenanceShape", "SPARQL", D),
    ("theme mentioned in another notice only",
     replace(f"{M_THEME} oa:hasTarget ?t . ?t oa:hasSource ?n",
             f"{M_THEME} oa:hasTarget ?t . ?t oa:hasSource notice:ffffffffffffffff . "
             "notice:ffffffffffffffff a qm:Notice ; dcterms:source \"data/other.txt\""),
     "ProvenanceShape", "SPARQL", T),
    ("mention whose target has no source", delete("?t oa:hasSource ?n", THEME_TARGET),
     "Mention-source", "MinCount", M_THEME),
    ("mention of a campaign as source", replace("?t oa:hasSource ?n", f"?t oa:hasSource {C}", THEME_TARGET),
     "Mention-source", "Class", M_THEME),
    ("mention without position selector", delete("?t oa:hasSelector ?pos", THEME_POS),
     "Mention-positionSelector", "QualifiedMinCount", M_THEME),
    ("mention whose selector has no type", delete("?pos a oa:TextPositionSelector", THEME_POS),
     "Mention-positionSelector", "QualifiedMinCount", M_THEME),
    ("mention without quote selector", delete("?t oa:hasSelector ?quote", THEME_QUOTE),
     "Mention-quoteSelector", "QualifiedMinCount", M_THEME),
    ("mention without body", delete(f"{M_YEAR} oa:hasBody ?b"),
     "Mention-body", "MinCount", M_YEAR),
    ("mention without field", delete(f"{M_YEAR} qm:field ?f"),
     "Mention-field", "MinCount", M_YEAR),
    ("mention with two fields", add(f'{M_YEAR} qm:field "title"'),
     "Mention-field", "MaxCount", M_YEAR),
    ("start after end", replace("?pos oa:start ?s", '?pos oa:start "150"^^xsd:nonNegativeInteger', THEME_POS),
     "Position-order", "LessThanOrEquals", POS),
    ("negative start", replace("?pos oa:start ?s", "?pos oa:start -1", THEME_POS),
     "Position-start", "MinInclusive", POS),
    ("selector without start", delete("?pos oa:start ?s", THEME_POS),
     "Position-start", "MinCount", POS),
    ("end as a string", replace("?pos oa:end ?e", '?pos oa:end "141"', THEME_POS),
     "Position-end", "Or", POS),
    ("two ends", f"INSERT {{ GRAPH ?g {{ ?pos oa:end 142 }} }} WHERE {{ GRAPH ?g {{ {THEME_POS} }} }}",
     "Position-end", "MaxCount", POS),
    ("empty quote", replace("?quote oa:exact ?x", '?quote oa:exact ""', THEME_QUOTE),
     "Quote-exact", "MinLength", QUOTE),
    ("quote without text", delete("?quote oa:exact ?x", THEME_QUOTE),
     "Quote-exact", "MinCount", QUOTE),
    ("activity listed in no text", delete(f"{A0} qm:listedIn ?n"),
     "Activity-listedIn", "MinCount", A0),
    ("activity listed in two texts", add(f"{A1} qm:listedIn <https://w3id.org/quality-month/id/notice/0000000000000000> . <https://w3id.org/quality-month/id/notice/0000000000000000> a qm:Notice"),
     "Activity-listedIn", "MaxCount", A1),
    ("activity listed in a campaign", replace(f"{A1} qm:listedIn ?n", f"{A1} qm:listedIn {C}"),
     "Activity-listedIn", "Class", A1),
    ("activity part of a theme", add(f"{A0} qm:partOf {T}"),
     "Activity-partOf", "Class", A0),
    ("event date with a time", replace(f"{A1} qm:eventDate ?d", f'{A1} qm:eventDate "2010-08-31T09:00:00"^^xsd:dateTime'),
     "Activity-eventDate", "Datatype", A1),
    ("ordinal in words", replace(f"{A1} qm:ordinal ?o", f'{A1} qm:ordinal "一"'),
     "Activity-ordinal", "Datatype", A1),
    ("unknown activity level", replace(f"{A1} qm:level ?l", f'{A1} qm:level "phase"'),
     "Activity-level", "In", A1),
    ("activity organised by a theme", add(f"{A1} qm:organizedBy {T}"),
     "Activity-organizedBy", "Class", A1),
    ("successor that is a place", add(f"{D} qm:successor {P}", RG),
     "Organization-successor", "Class", D),
    ("abbreviation with a language tag", replace(f"{D} qm:abbreviation ?a", f'{D} qm:abbreviation "AQSIQ"@en'),
     "Organization-abbreviation", "Datatype", D),
    ("two start years", add(f'{D} qm:validFrom "1998"^^xsd:gYear', RG),
     "Organization-validFrom", "MaxCount", D),
    ("end year as a date", replace(f"{D} qm:validUntil ?y", f'{D} qm:validUntil "2018-03-21"^^xsd:date'),
     "Organization-validUntil", "Datatype", D),
    ("place within a department", add(f"{P} qm:within {D}", RG),
     "Place-within", "Class", P),
    ("five-digit adcode", replace(f"{P} qm:adcode ?c", f'{P} qm:adcode "51000"'),
     "Place-adcode", "Pattern", P),
    ("unknown place level", replace(f"{P} qm:placeLevel ?l", f'{P} qm:placeLevel "district"'),
     "Place-placeLevel", "In", P),
]


@pytest.fixture(scope="module")
def fixture_nquads() -> bytes:
    return load_store(FIXTURE).dump(format=ox.RdfFormat.N_QUADS)


def broken_store(nquads: bytes, update: str) -> ox.Store:
    store = ox.Store()
    store.load(nquads, format=ox.RdfFormat.N_QUADS)
    before = len(store)
    store.update(f"{SPARQL_PREFIXES}\n{update}")
    assert len(store) != before or "INSERT" in update and "DELETE" in update, "update changed nothing"
    return store


def keys(report: Report) -> list[tuple[str, str, str, str | None, str | None]]:
    return [r.key for r in report.results]


def test_fixture_conforms_with_both_validators() -> None:
    reference = validate(FIXTURE)
    fast = validate_fast(load_store(FIXTURE))
    assert reference.conforms, reference.text
    assert fast.conforms, fast.text


@pytest.mark.parametrize(
    "update, shape, component, focus", [case[1:] for case in BROKEN], ids=[case[0] for case in BROKEN]
)
def test_broken_fixture_is_caught_by_both_validators(
    fixture_nquads: bytes, update: str, shape: str, component: str, focus: str | None
) -> None:
    store = broken_store(fixture_nquads, update)
    reference = validate(store)
    fast = validate_fast(store)
    assert not reference.conforms
    assert keys(fast) == keys(reference), f"pySHACL:\n{reference.text}\n\nfast:\n{fast.text}"
    hits = [r for r in fast.results
            if r.shape == f"<{QMSH}{shape}>" and r.component == f"{component}ConstraintComponent"]
    assert hits, fast.text
    assert full(focus) in {r.focus for r in hits}, fast.text
    assert all(r.message for r in hits)


def test_every_shape_has_a_broken_case() -> None:
    graph = rdflib.Graph().parse(SHAPES_PATH)
    sh = rdflib.Namespace("http://www.w3.org/ns/shacl#")
    constrained = {
        str(s).removeprefix(QMSH) for s in set(graph.subjects(rdflib.RDF.type, sh.PropertyShape))
        | set(graph.subjects(sh.sparql, None))
    }
    covered = {case[2] for case in BROKEN}
    assert constrained - covered == set()


def test_every_shape_has_an_english_and_a_chinese_message() -> None:
    graph = rdflib.Graph().parse(SHAPES_PATH)
    sh = rdflib.Namespace("http://www.w3.org/ns/shacl#")
    for shape in set(graph.subjects(rdflib.RDF.type, sh.PropertyShape)) | set(
        graph.subjects(rdflib.RDF.type, sh.SPARQLConstraint)
    ):
        langs = {m.language for m in graph.objects(shape, sh.message)}
        assert {"en", "zh"} <= langs, shape


# Property test: whatever triples are missing from the fixture, the validators agree.
@pytest.fixture(scope="module")
def fixture_quads() -> list[ox.Quad]:
    return sorted(load_store(FIXTURE), key=str)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_validators_agree_on_any_subgraph(fixture_quads: list[ox.Quad], data: st.DataObject) -> None:
    drop = data.draw(st.sets(st.integers(0, len(fixture_quads) - 1), min_size=1, max_size=25))
    store = ox.Store()
    store.extend(q for i, q in enumerate(fixture_quads) if i not in drop)
    assert keys(validate_fast(store)) == keys(validate(store))


def test_validators_agree_on_several_notices(fixture_nquads: bytes) -> None:
    text = fixture_nquads.decode("utf-8")
    store = ox.Store()
    store.load(fixture_nquads, format=ox.RdfFormat.N_QUADS)
    for i in range(1, 4):
        store.load(text.replace(KEY, f"{i:016x}").encode(), format=ox.RdfFormat.N_QUADS)
    store.update(f"{SPARQL_PREFIXES}\n" + delete(f"mention:0000000000000002-theme-126-141 ?p ?o"))
    reference, fast = validate(store), validate_fast(store)
    assert keys(fast) == keys(reference)
    # The theme is linked from four notices; only the one that lost its mention is reported.
    assert [r.value for r in fast.results] == [f"<{ID_NS}notice/0000000000000002>"]


# Reports and inputs


def test_report_names_focus_shape_value_and_message(fixture_nquads: bytes) -> None:
    store = broken_store(fixture_nquads, replace(f"{N} qm:noticeKind ?k", f'{N} qm:noticeKind "circular"'))
    for report in (validate(store), validate_fast(store)):
        text = report.text
        assert f"qmid:notice/{KEY}" in text
        assert "qmsh:Notice-noticeKind" in text
        assert '"circular"' in text
        assert "qm:noticeKind is at most one of" in text
        with pytest.raises(ValidationFailed) as err:
            report.raise_if_invalid()
        assert err.value.exit_status == 1


def test_sparql_message_names_the_nodes(fixture_nquads: bytes) -> None:
    store = broken_store(fixture_nquads, delete(f"?m oa:hasBody {T} ; ?p ?o"))
    (result,) = validate_fast(store).results
    assert result.message == (
        f"qmid:theme/9d41173bf59bf67c is linked from notice qmid:notice/{KEY} by qm:statesTheme, "
        "but no qm:Mention of that notice has it as oa:hasBody."
    )


@pytest.mark.parametrize("suffix, fmt", [
    (".ttl", ox.RdfFormat.TURTLE), (".nt", ox.RdfFormat.N_TRIPLES),
    (".nq", ox.RdfFormat.N_QUADS), (".trig", ox.RdfFormat.TRIG), (".jsonld", ox.RdfFormat.JSON_LD),
])
def test_inputs_load_by_extension(tmp_path: Path, suffix: str, fmt: ox.RdfFormat) -> None:
    store = load_store(FIXTURE)
    path = tmp_path / f"graph{suffix}"
    if fmt.supports_datasets:
        store.dump(path, format=fmt)
    else:  # the union of the named graphs, as in graph.ttl
        union = store.query("CONSTRUCT WHERE { ?s ?p ?o }", use_default_graph_as_union=True)
        path.write_bytes(union.serialize(format=fmt))
    assert validate_fast(path).conforms
    assert validate([path]).conforms


def test_rdflib_dataset_input() -> None:
    dataset = rdflib.Dataset()
    dataset.parse(FIXTURE, format="trig")
    assert validate(dataset).conforms
    assert validate_fast(dataset).conforms


@pytest.mark.parametrize("name, cause", [("graph.xml", "unknown RDF file extension"),
                                         ("missing.ttl", "no such file")])
def test_unusable_input_is_an_input_error(tmp_path: Path, name: str, cause: str) -> None:
    path = tmp_path / name
    if name.endswith(".xml"):
        path.write_text("<rdf/>")
    with pytest.raises(InputError, match=cause):
        load_store(path)


def test_syntax_error_names_the_file(tmp_path: Path) -> None:
    path = tmp_path / "bad.ttl"
    path.write_text("<a> <b> .", encoding="utf-8")
    with pytest.raises(InputError, match="bad.ttl"):
        validate_fast(path)


def test_fast_validator_refuses_unsupported_constraints() -> None:
    shapes = rdflib.Graph().parse(data="""
        @prefix sh: <http://www.w3.org/ns/shacl#> .
        @prefix ex: <https://example.org/> .
        ex:S a sh:NodeShape ; sh:targetClass ex:C ;
            sh:property [ sh:path ex:p ; sh:equals ex:q ] .
    """, format="turtle")
    with pytest.raises(ConfigError, match="equals"):
        compile_shapes(shapes)


def test_subclass_targets_are_followed() -> None:
    # sh:targetClass and sh:class follow rdfs:subClassOf in the data graph, as in SHACL.
    data = f"""{SPARQL_PREFIXES.replace('PREFIX ', '@prefix ').replace('>', '> .')}
        @prefix ex: <https://example.org/> .
        ex:SpecialNotice rdfs:subClassOf qm:Notice .
        ex:n a ex:SpecialNotice .
    """
    graph = rdflib.Graph().parse(data=data, format="turtle")
    store = ox.Store()
    store.load(graph.serialize(format="nt", encoding="utf-8"), format=ox.RdfFormat.N_TRIPLES)
    reference, fast = validate(store), validate_fast(store)
    assert keys(fast) == keys(reference)
    assert ("<https://example.org/n>", f"<{QMSH}Notice-source>") in {
        (r.focus, r.shape) for r in fast.results
    }
