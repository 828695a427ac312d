"""The query pack (kg/queries/*.rq), its PREFIX handling and the query exporter.

Answers on the hand-written fixture (tests/fixtures/queries_graph.trig) are checked here by
hand; answers on the shipped corpus are in tests/expected_answers/{query}.csv, written by
hand from tests/gold_seeds.yaml and the seed texts, and compared with the real build once
``kg.pipeline.build`` exists.

Comparing with tests/expected_answers: only the columns of the expected file are compared
(queries may return more, e.g. IRIs minted from hashes); cells are compared as the gold file
says, on CJK ideographs, letters and digits only; ``file``/``source`` cells by file name.
``EXACT`` queries must return exactly the expected rows (as a multiset), the others at least
the expected rows; in ``CONTAINS`` columns a cell matches when either text contains the other
(the gold's rule for activity labels).
"""

from __future__ import annotations

import csv
import re
from pathlib import Path, PurePosixPath

import pyoxigraph as ox
import pytest
import yaml

from kg.errors import OutputError
from kg.exporters.queries import write_queries
from kg.query import execute, format_csv, pack, used_prefixes, with_prefixes
from kg.store import load_store, with_ontology
from kg.vocab import PREFIXES

ROOT = Path(__file__).resolve().parent.parent
FIXTURE = ROOT / "tests" / "fixtures" / "queries_graph.trig"
EXPECTED = ROOT / "tests" / "expected_answers"
NAMES = sorted(pack())


@pytest.fixture(scope="module")
def store() -> ox.Store:
    return load_store([FIXTURE])


def answer(store: ox.Store, name: str, text: str | None = None) -> list[dict[str, str]]:
    result = execute(store, pack()[name].text if text is None else text, name)
    assert isinstance(result, tuple)
    variables, rows = result
    return [
        {v: ("" if t is None else t.value) for v, t in zip(variables, row, strict=True)}
        for row in rows
    ]


# Queries that answer about one year (and fact_provenance about one kind of fact), named in a
# VALUES line that the header tells the user to edit.
PER_YEAR = {"activities_hierarchy", "documents", "organiser_counts", "fact_provenance"}
_VALUES = re.compile(r"^( *)VALUES \?(y|field) \{[^}]*\}$", re.MULTILINE)


def asking(name: str, years: tuple[str, ...] = (), fields: tuple[str, ...] = ()) -> str:
    """The text of a per-year pack query asking about other years (and kinds of fact), edited
    the way its header says."""
    text = pack()[name].text
    values = {
        "y": " ".join(f'"{y}"^^xsd:gYear' for y in years),
        "field": " ".join(f'"{f}"' for f in fields),
    }
    found = []

    def edit(m: re.Match[str]) -> str:
        found.append(m.group(2))
        value = values[m.group(2)]
        return f"{m.group(1)}VALUES ?{m.group(2)} {{ {value} }}" if value else m.group()

    text = _VALUES.sub(edit, text)
    assert "y" in found and (not fields or "field" in found), f"{name}: no VALUES line to edit"
    return text


def cols(rows: list[dict[str, str]], *names: str) -> list[tuple[str, ...]]:
    return [tuple(r[n] for n in names) for r in rows]


# ---------------------------------------------------------------------------- the pack


def test_pack_has_the_questions_asked_for() -> None:
    wanted = {
        "theme_by_year", "slogans_reused", "departments_ranked", "co_organiser_pairs",
        "department_span", "activities_hierarchy", "places_by_year", "fact_provenance",
        "notices_without_theme", "documents", "organiser_counts", "slogans_by_year",
        "inferred_years", "department_lineage",
    }
    assert wanted <= set(NAMES)
    assert len(NAMES) >= 12


@pytest.mark.parametrize("name", NAMES)
def test_pack_query_is_well_formed(name: str) -> None:
    q = pack()[name]
    zh, en = q.question
    assert re.search(r"[\u4e00-\u9fff]", zh), "first header line: the question in Chinese"
    assert re.match(r"[A-Z][a-z]+ ", en) and en.endswith("?"), "then the question in English"
    assert not re.search(r"^\s*PREFIX\b", q.text, re.IGNORECASE | re.MULTILINE)
    assert re.search(r"^ORDER BY\b", q.text, re.MULTILINE), "ORDER BY fixes the row order"
    assert set(used_prefixes(q.text)) <= set(PREFIXES)
    if name in PER_YEAR:  # the year is a VALUES line, and the header says how to change it
        header = q.text.split("\nSELECT", 1)[0]
        assert _VALUES.search(q.text) and "VALUES" in header, name


@pytest.mark.parametrize("name", NAMES)
def test_pack_query_parses_standalone_and_runs_on_the_fixture(store: ox.Store, name: str) -> None:
    # The exported form (with PREFIX lines) must parse on its own, with nothing added.
    empty = ox.Store()
    empty.query(pack()[name].sparql)
    assert answer(store, name), f"{name} has no rows on the fixture"


@pytest.mark.parametrize("name", NAMES)
def test_pack_query_answer_is_deterministic(store: ox.Store, name: str) -> None:
    first = execute(store, pack()[name].text)
    again = execute(load_store([FIXTURE]), pack()[name].text)
    assert isinstance(first, tuple) and isinstance(again, tuple)
    assert format_csv(*first) == format_csv(*again)


# ---------------------------------------------------------------------------- prefixes

PREFIX_CASES = [
    # query, prefixes that must be declared
    ("SELECT ?c WHERE { ?c a qm:Campaign }", ["qm"]),
    ('SELECT ?c WHERE { ?c qm:year "2010"^^xsd:gYear }', ["qm", "xsd"]),
    ("SELECT ?x WHERE { ?x <http://www.w3.org/2004/02/skos/core#prefLabel> 'dcterms:x' }", []),
    ("# skos:prefLabel in a comment\nSELECT ?x WHERE { ?x rdfs:label ?l }", ["rdfs"]),
    ("PREFIX qm: <urn:mine#>\nSELECT ?x WHERE { ?x a qm:Notice ; oa:start ?s }", ["oa"]),
    ("SELECT ?x WHERE { ?x qm:successor+/skos:prefLabel ?l }", ["qm", "skos"]),
    ("SELECT ?x WHERE { ?x ?p ?o FILTER(STR(?p) < STR(?o)) }", []),
]


@pytest.mark.parametrize(("query", "expected"), PREFIX_CASES)
def test_with_prefixes_declares_exactly_the_used_known_prefixes(
    query: str, expected: list[str]
) -> None:
    text = with_prefixes(query)
    new = [line for line in text.splitlines() if line not in query.splitlines()]
    assert new == [f"PREFIX {p}: <{PREFIXES[p]}>" for p in expected]
    ox.Store().query(text)  # and the result parses


def test_with_prefixes_keeps_the_question_on_top() -> None:
    text = pack()["theme_by_year"].sparql
    lines = text.splitlines()
    assert lines[0].startswith("# ") and lines[1].startswith("# ")
    assert lines[2].startswith("PREFIX ")
    order = [line.split()[1].rstrip(":") for line in lines if line.startswith("PREFIX ")]
    assert order == [p for p in PREFIXES if p in order], "PREFIXES order"


# ---------------------------------------------------------------------------- fixture answers


def test_theme_by_year(store: ox.Store) -> None:
    assert cols(answer(store, "theme_by_year"), "year", "theme", "basis") == [
        ("2010", "抓质量水平提升 促发展方式转变", "stated"),
        ("2011", "建设质量强国 共创美好生活", "stated"),
        ("2016", "提升供给质量 建设质量强国", "inferred"),
        ("2021", "深入实施质量提升行动 大力推进质量强国建设", "stated"),
    ]


def test_slogans_reused(store: ox.Store) -> None:
    assert answer(store, "slogans_reused") == [
        {"slogan": "质量诚信是企业的信誉和生命", "campaigns": "2", "first_year": "2010",
         "last_year": "2021"},
    ]


def test_departments_ranked(store: ox.Store) -> None:
    assert cols(answer(store, "departments_ranked"), "department", "campaigns")[:2] == [
        ("国家质量监督检验检疫总局", "3"), ("工业和信息化部", "2"),
    ]


def test_co_organiser_pairs_lists_each_pair_once(store: ox.Store) -> None:
    rows = cols(answer(store, "co_organiser_pairs"), "department1", "department2", "campaigns")
    assert rows[0] == ("国家质量监督检验检疫总局", "工业和信息化部", "2")
    assert len(rows) == 6 and all(a < b for a, b, _ in rows)


def test_department_span_follows_successors(store: ox.Store) -> None:
    rows = cols(answer(store, "department_span"), "lineage_root", "latest_successor",
                "campaigns", "first_year", "last_year")
    assert ("国家质量监督检验检疫总局", "国家市场监督管理总局", "4", "2010", "2021") in rows
    assert ("国家广播电影电视总局", "国家广播电视总局", "2", "2011", "2021") in rows
    assert ("工业和信息化部", "工业和信息化部", "2", "2010", "2011") in rows
    assert not any(r[0] in ("国家市场监督管理总局", "国家广播电视总局") for r in rows), "not roots"


def test_department_lineage(store: ox.Store) -> None:
    assert cols(answer(store, "department_lineage"), "department", "valid_until", "successor",
                "latest_successor") == [
        ("国家广播电影电视总局", "2013", "国家新闻出版广电总局", "国家广播电视总局"),
        ("国家新闻出版广电总局", "2018", "国家广播电视总局", "国家广播电视总局"),
        ("国家质量监督检验检疫总局", "2018", "国家市场监督管理总局", "国家市场监督管理总局"),
    ]


def test_activities_hierarchy_puts_items_under_their_parent(store: ox.Store) -> None:
    text = asking("activities_hierarchy", years=("2010",))
    rows = cols(answer(store, "activities_hierarchy", text), "year", "parent", "ordinal",
                "activity")
    assert rows[:4] == [
        ("2010", "", "", "全国第三十二次质量管理小组代表会议"),
        ("2010", "", "1", "全国统一部署的活动"),
        ("2010", "全国统一部署的活动", "1", "着力营造“质量月”的浓厚氛围"),
        ("2010", "全国统一部署的活动", "2", "举办好“质量月”现场咨询活动"),
    ]


def test_activities_hierarchy_answers_about_the_year_it_names(store: ox.Store) -> None:
    assert cols(answer(store, "activities_hierarchy"), "year", "file", "activity") == [
        ("2021", "fixtures/2021_notice.txt", "企业质量诚信倡议"),
    ]
    text = asking("activities_hierarchy", years=("2011", "2021"))
    assert {r["year"] for r in answer(store, "activities_hierarchy", text)} == {"2011", "2021"}


def test_places_by_year(store: ox.Store) -> None:
    assert cols(answer(store, "places_by_year"), "year", "place", "level", "within") == [
        ("2011", "四川省", "province", "中国"),
        ("2011", "德州市", "city", "山东省"),
        ("2021", "日本", "country", ""),
    ]


def test_fact_provenance(store: ox.Store) -> None:
    # As shipped: where the 2021 theme is stated.
    rows = answer(store, "fact_provenance")
    assert cols(rows, "year", "file", "field", "entity", "quote", "start", "end",
                "entity_iri") == [
        ("2021", "fixtures/2021_notice.txt", "theme", "深入实施质量提升行动 大力推进质量强国建设",
         "深入實施質(zhì)量提升行動 大力推進質(zhì)量強國建設", "3557", "3588",
         "https://w3id.org/quality-month/id/theme/t2021"),
    ]
    # Another year and other kinds of fact, as the header says: entities and literal values.
    text = asking("fact_provenance", years=("2010",),
                  fields=("document_number", "department", "theme"))
    assert cols(answer(store, "fact_provenance", text), "file", "field", "entity", "quote",
                "start", "end") == [
        ("fixtures/2010_notice.txt", "document_number", "国质检质联〔2010〕351号",
         "国质检质联〔2010〕351号", "45", "60"),
        ("fixtures/2010_notice.txt", "department", "国家质量监督检验检疫总局",
         "国家质量监督检验检疫总局", "308", "320"),
        ("fixtures/2010_notice.txt", "theme", "抓质量水平提升 促发展方式转变",
         "抓质量水平提升\u3000促发展方式转变", "594", "609"),
    ]
    rows = answer(store, "fact_provenance", asking("fact_provenance", fields=("slogan",)))
    assert [(r["quote"], r["entity_iri"]) for r in rows] == [
        ("堅持質量第一 建設質量強國", "https://w3id.org/quality-month/id/slogan/s2021a"),
    ]


def test_notices_without_theme(store: ox.Store) -> None:
    assert cols(answer(store, "notices_without_theme"), "file", "kind", "year") == [
        ("fixtures/midterm_news.txt", "news", ""),
    ]


FIXTURE_YEARS = ("2010", "2011", "2016", "2021")


def test_documents(store: ox.Store) -> None:
    rows = answer(store, "documents", asking("documents", years=FIXTURE_YEARS))
    assert [r["source"] for r in rows] == sorted(r["source"] for r in rows)
    assert len(rows) == 4, "the news item with no year is about none of them"
    assert cols(rows, "document_number", "issued", "year")[0] == (
        "国质检质联〔2010〕351号", "2010-06-13", "2010")
    assert rows[0]["notice"] == "https://w3id.org/quality-month/id/notice/a010000000000001"
    assert cols(answer(store, "documents"), "source", "year") == [
        ("fixtures/2021_notice.txt", "2021"),
    ]


def test_organiser_counts(store: ox.Store) -> None:
    text = asking("organiser_counts", years=FIXTURE_YEARS)
    assert cols(answer(store, "organiser_counts", text), "file", "year", "stated", "listed",
                "count", "named") == [
        ("fixtures/2010_notice.txt", "2010", "", "3", "3", "3"),
        ("fixtures/2011_news.txt", "2011", "4", "", "4", "3"),
        ("fixtures/2021_notice.txt", "2021", "20", "", "20", "2"),
        ("fixtures/20xx_plan.txt", "2016", "", "", "", "1"),
    ]


def test_slogans_by_year(store: ox.Store) -> None:
    assert cols(answer(store, "slogans_by_year"), "year") == [
        ("2010",), ("2010",), ("2011",), ("2021",), ("2021",),
    ]


def test_inferred_years(store: ox.Store) -> None:
    rows = answer(store, "inferred_years")
    assert cols(rows, "file", "year") == [("fixtures/20xx_plan.txt", "2016")]
    assert "国办发" in rows[0]["evidence"]


# ---------------------------------------------------------------------------- exporter


def test_write_queries_without_store_writes_the_pack(tmp_path: Path) -> None:
    written = write_queries(tmp_path / "queries")
    assert [p.name for p in written] == sorted(f"{n}.rq" for n in NAMES)
    text = (tmp_path / "queries" / "theme_by_year.rq").read_text(encoding="utf-8")
    assert text == pack()["theme_by_year"].sparql and "PREFIX qm:" in text


def test_write_queries_writes_stable_answers(tmp_path: Path, store: ox.Store) -> None:
    a, b = tmp_path / "a" / "queries", tmp_path / "b" / "queries"
    write_queries(a, store)
    write_queries(b, load_store([FIXTURE]))
    assert sorted(p.name for p in a.iterdir()) == sorted(
        [f"{n}.rq" for n in NAMES] + [f"{n}.csv" for n in NAMES]
    )
    for path in a.iterdir():
        assert path.read_bytes() == (b / path.name).read_bytes(), path.name
    data = (a / "documents.csv").read_bytes()
    assert b"\r" not in data and data.endswith(b"\n")
    rows = list(csv.reader(data.decode("utf-8").splitlines()))
    assert rows[0] == ["notice", "title", "document_number", "issued", "source", "kind", "year"]
    assert rows[1][0] == "https://w3id.org/quality-month/id/notice/d021000000000004", "full IRIs"
    assert rows[1][1] == "市场监管总局等20个部门关于开展2021年全国“质量月”活动的通知", "no @zh"


def test_write_queries_reports_an_unwritable_folder(tmp_path: Path) -> None:
    (tmp_path / "queries").write_text("a file where the folder should be")
    with pytest.raises(OutputError, match="queries"):
        write_queries(tmp_path / "queries")


# ---------------------------------------------------------------------------- shipped corpus

EXACT = {
    "theme_by_year", "slogans_by_year", "slogans_reused", "departments_ranked",
    "co_organiser_pairs", "department_span", "department_lineage", "places_by_year",
    "notices_without_theme", "documents", "organiser_counts", "inferred_years",
}
CONTAINS = {"activities_hierarchy": {"activity"}}
_KEY = re.compile(r"[^0-9A-Za-z\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+")


def norm(column: str, value: str) -> str:
    if column in ("file", "source"):
        return PurePosixPath(value.replace("\\", "/")).name
    return _KEY.sub("", value).lower()


def expected_answer(name: str) -> tuple[list[str], list[list[str]]]:
    with (EXPECTED / f"{name}.csv").open(encoding="utf-8", newline="") as f:
        rows = list(csv.reader(f))
    return rows[0], rows[1:]


def test_every_pack_query_has_an_expected_answer() -> None:
    assert sorted(p.stem for p in EXPECTED.glob("*.csv")) == NAMES


@pytest.mark.parametrize("name", NAMES)
def test_expected_answer_columns_are_query_columns(store: ox.Store, name: str) -> None:
    header, rows = expected_answer(name)
    result = execute(store, pack()[name].text)
    assert isinstance(result, tuple)
    assert set(header) <= set(result[0]), f"{name}.csv has columns the query does not return"
    assert all(len(r) == len(header) for r in rows)


@pytest.fixture(scope="module")
def shipped_store(seed_build: Path) -> ox.Store:
    """The build of data/notices (``seed_build`` in conftest.py), as ``kg query`` loads it."""
    return load_store(with_ontology([seed_build / "graph.trig"]))


# The years the seed texts are about (stated or inferred), from the gold.
GOLD = yaml.safe_load((ROOT / "tests" / "gold_seeds.yaml").read_text(encoding="utf-8"))
GOLD_YEARS = tuple(sorted(
    {str(y) for seed in GOLD for y in seed["years"]}
    | {str(seed["inferred_year"]) for seed in GOLD if seed.get("inferred_year")}
))
SHIPPED_YEAR = "2021"  # the year the per-year queries name as shipped


def shipped_text(name: str, header: list[str], expected: list[list[str]]) -> str:
    """The query asking about every gold year (and every kind of fact the expected answer
    has), so that its expected answer covers all the seed texts."""
    if name not in PER_YEAR:
        return pack()[name].text
    fields = tuple(sorted({row[header.index("field")] for row in expected})) if (
        "field" in header) else ()
    return asking(name, years=GOLD_YEARS, fields=fields)


@pytest.mark.parametrize("name", NAMES)
def test_answer_on_the_shipped_corpus(shipped_store: ox.Store, name: str) -> None:
    header, expected = expected_answer(name)
    fuzzy = CONTAINS.get(name, set())
    got = [
        tuple(norm(c, r[c]) for c in header)
        for r in answer(shipped_store, name, shipped_text(name, header, expected))
    ]
    want = [tuple(norm(c, v) for c, v in zip(header, row, strict=True)) for row in expected]

    def match(w: tuple[str, ...], g: tuple[str, ...]) -> bool:
        return all(
            a == b or (c in fuzzy and a and b and (a in b or b in a))
            for c, a, b in zip(header, w, g, strict=True)
        )

    missing = [w for w in want if not any(match(w, g) for g in got)]
    assert not missing, f"{name}: expected rows not found: {missing}"
    if name in EXACT:
        assert sorted(got) == sorted(want), f"{name}: extra rows {sorted(set(got) - set(want))}"


@pytest.mark.parametrize("name", sorted(PER_YEAR))
def test_per_year_query_as_shipped_answers_about_its_year(shipped_store: ox.Store,
                                                          name: str) -> None:
    header, expected = expected_answer(name)
    assert "year" in header, f"{name}.csv needs the year of each row"
    y = header.index("year")
    keep = [r for r in expected if r[y] == SHIPPED_YEAR and (
        "field" not in header or r[header.index("field")] == "theme")]
    assert keep, f"{name}.csv has no row for {SHIPPED_YEAR}"
    want = sorted(tuple(norm(c, v) for c, v in zip(header, r, strict=True)) for r in keep)
    rows = answer(shipped_store, name)
    assert {r["year"] for r in rows} == {SHIPPED_YEAR}
    got = sorted(tuple(norm(c, r[c]) for c in header) for r in rows)
    if name in EXACT:
        assert got == want
    else:
        fuzzy = CONTAINS.get(name, set())
        for w in want:
            assert any(all(a == b or (c in fuzzy and a and b and (a in b or b in a))
                           for c, a, b in zip(header, w, g, strict=True)) for g in got), w
