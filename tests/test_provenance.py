"""Every extracted entity points at the span of the original file it came from."""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox
import pytest

from kg.text.decode import decode_bytes
from kg.vocab import PREFIXES
from tests.helpers import NOTICES

PREFIX = "".join(f"PREFIX {p}: <{ns}>\n" for p, ns in PREFIXES.items())
LINKS = ["qm:statesTheme", "qm:statesSlogan", "qm:issuedBy", "qm:mentionsPlace",
         "qm:hasActivity"]


@pytest.fixture(scope="module")
def store(seed_build: Path) -> ox.Store:
    s = ox.Store()
    s.bulk_load(path=str(seed_build / "graph.trig"), format=ox.RdfFormat.TRIG)
    return s


@pytest.mark.parametrize("link", LINKS)
def test_every_linked_entity_has_a_mention(store: ox.Store, link: str) -> None:
    q = PREFIX + f"""
      SELECT ?n ?e WHERE {{
        ?n a qm:Notice ; {link} ?e .
        FILTER NOT EXISTS {{
          ?m oa:hasBody ?e ; oa:hasTarget/oa:hasSource ?n .
        }}
      }}"""
    orphans = list(store.query(q, use_default_graph_as_union=True))
    assert not orphans, [(str(r["n"]), str(r["e"])) for r in orphans]
    count = PREFIX + f"SELECT (COUNT(*) AS ?c) WHERE {{ ?n a qm:Notice ; {link} ?e }}"
    assert int(next(iter(store.query(count, use_default_graph_as_union=True)))["c"].value) > 0


def test_every_quote_is_found_at_its_offsets_in_the_original(store: ox.Store) -> None:
    q = PREFIX + """
      SELECT ?file ?start ?end ?exact WHERE {
        ?m a qm:Mention ; oa:hasTarget ?t .
        ?t oa:hasSource/dcterms:source ?file ; oa:hasSelector ?p, ?q .
        ?p oa:start ?start ; oa:end ?end .
        ?q oa:exact ?exact .
      }"""
    originals: dict[str, str] = {}
    rows = list(store.query(q, use_default_graph_as_union=True))
    assert len(rows) > 50
    for row in rows:
        file = row["file"].value
        if file not in originals:
            originals[file] = decode_bytes((NOTICES / file).read_bytes())[0]
        start, end = int(row["start"].value), int(row["end"].value)
        assert 0 <= start < end <= len(originals[file])
        assert originals[file][start:end] == row["exact"].value, (file, start, end)
