"""The Turtle/TriG/N-Triples/JSON-LD writers: valid syntax for any text, the same graph in
every format, and hostile text kept as data."""

from __future__ import annotations

import json

import pyoxigraph as ox
import pytest
import rdflib
from hypothesis import given, settings
from hypothesis import strategies as st
from rdflib.compare import isomorphic

from kg.exporters import rdf
from kg.exporters.rdf import Block
from kg.graph import mint
from kg.graph.terms import entity, expand, iri, lit, typed

HOSTILE = [
    "<script>alert(1)</script>",
    'quote " and \\ backslash',
    "new\nline\r\ttab",
    "bidi \u202e override \u2066 isolate \u200b zero width",
    "line sep \u2028 para sep \u2029",
    "control \x00\x01\x1f\x7f\x85",
    "emoji 😀 and 𠀀 (astral CJK)",
    "}} ] } \"\"\" ''' @prefix x: <http://evil/> .",
    "长" * 5000,
]


def _blocks(texts: list[str]) -> list[Block]:
    g = mint.named_graph("0123456789abcdef")
    n = mint.notice("0123456789abcdef")
    triples = [(n, expand("rdf:type"), expand("qm:Notice"))]
    for i, text in enumerate(texts):
        t = entity("theme", f"t{i}")
        triples += [
            (t, expand("skos:prefLabel"), lit(text, "zh")),
            (t, expand("rdfs:comment"), lit(text)),
            (n, expand("qm:statesTheme"), t),
        ]
    triples.append((mint.campaign(2010), expand("qm:year"), typed("2010", "gYear")))
    return [Block(mint.SHARED_GRAPH, []), Block(g, sorted(set(triples)))]


def _parse_all(blocks: list[Block]) -> dict[str, rdflib.Graph]:
    ttl = "".join(rdf.turtle(blocks))
    nt = "".join(rdf.ntriples(blocks))
    trig = "".join(rdf.trig(blocks))
    jsonld = "".join(rdf.jsonld(blocks))
    graphs = {}
    graphs["ttl"] = rdflib.Graph().parse(data=ttl, format="turtle")
    graphs["nt"] = rdflib.Graph().parse(data=nt, format="nt")
    ds = rdflib.Dataset().parse(data=trig, format="trig")
    graphs["trig"] = _union(ds)
    dsj = rdflib.Dataset().parse(data=jsonld, format="json-ld")
    graphs["jsonld"] = _union(dsj)
    # pyoxigraph is strict: every output must parse there too.
    for text, fmt in ((ttl, ox.RdfFormat.TURTLE), (nt, ox.RdfFormat.N_TRIPLES),
                      (trig, ox.RdfFormat.TRIG), (jsonld, ox.RdfFormat.JSON_LD)):
        list(ox.parse(text.encode("utf-8"), format=fmt))
    return graphs


def _union(ds: rdflib.Dataset) -> rdflib.Graph:
    g = rdflib.Graph()
    for s, p, o, _ in ds.quads((None, None, None, None)):
        g.add((s, p, o))
    return g


def test_hostile_literals_round_trip_in_every_format() -> None:
    graphs = _parse_all(_blocks(HOSTILE))
    labels = {str(o) for o in graphs["ttl"].objects(None, rdflib.SKOS.prefLabel)}
    # Everything comes back as the same text, except lone surrogates (not valid UTF-8).
    assert labels == set(HOSTILE)
    for name in ("nt", "trig", "jsonld"):
        assert isomorphic(graphs["ttl"], graphs[name]), name


def test_trig_keeps_one_named_graph_per_block() -> None:
    trig = "".join(rdf.trig(_blocks(["甲"])))
    ds = rdflib.Dataset().parse(data=trig, format="trig")
    names = {str(c.identifier) for c in ds.graphs() if len(c)}
    assert mint.named_graph("0123456789abcdef")[1:-1] in names


def test_jsonld_context_declares_every_prefix() -> None:
    ctx = rdf.jsonld_context()["@context"]
    assert isinstance(ctx, dict)
    assert ctx["qm"] == "https://w3id.org/quality-month/ontology#"
    doc = json.loads("".join(rdf.jsonld(_blocks(["甲"]))))
    assert doc["@context"] == ctx


@pytest.mark.parametrize("bad", ["http://x/<y>", "http://x/ y", 'http://x/"', "javascript:{}"])
def test_unsafe_iris_are_refused(bad: str) -> None:
    with pytest.raises(ValueError):
        iri(bad)


@settings(max_examples=150, deadline=None)
@given(st.lists(st.text(max_size=40), min_size=1, max_size=4))
def test_any_text_gives_turtle_that_parses_to_the_same_text(texts: list[str]) -> None:
    blocks = _blocks(texts)
    ttl = "".join(rdf.turtle(blocks))
    parsed = {
        str(q.object.value)
        for q in ox.parse(ttl.encode("utf-8"), format=ox.RdfFormat.TURTLE)
        if q.predicate.value.endswith("prefLabel")
    }
    # Lone surrogates cannot be written as UTF-8; they are written as U+FFFD.
    expected = {"".join("\ufffd" if 0xD800 <= ord(c) <= 0xDFFF else c for c in t) for t in texts}
    assert parsed == expected
