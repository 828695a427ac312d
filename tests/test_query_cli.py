"""``kg query``: query resolution, the four output formats, errors with positions."""

from __future__ import annotations

import csv
import io
import json
import shutil
from pathlib import Path

import pyoxigraph as ox
import pytest

from kg.errors import InputError
from kg.query import (
    compact,
    execute,
    execute_csv,
    format_csv,
    format_table,
    main,
    pack,
    run_query,
    width,
)
from kg.store import load_store

ROOT = Path(__file__).resolve().parent.parent
FIXTURE = ROOT / "tests" / "fixtures" / "queries_graph.trig"
G = [FIXTURE]


def run(*argv: str, capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    from kg.cli import main as kg_main

    status = kg_main(list(argv))
    out, err = capsys.readouterr()
    return status, out, err


# ---------------------------------------------------------------------------- width

WIDTHS = [
    # text, display columns
    ("2010", 4),
    ("质量月", 6),
    ("國家質檢總局", 12),
    ("ＡＢ１", 6),  # full-width forms
    ("“质量月”", 8),  # curly quotes are ambiguous width: one column
    ("抓质量水平提升\u3000促发展方式转变", 30),  # ideographic space is wide
    ("e\u0301", 1),  # combining accent takes no column
    ("", 0),
]


@pytest.mark.parametrize(("text", "expected"), WIDTHS)
def test_width_counts_wide_characters_twice(text: str, expected: int) -> None:
    assert width(text) == expected


COMPACT = [
    ("https://w3id.org/quality-month/id/campaign/2010", "qmid:campaign/2010"),
    ("https://w3id.org/quality-month/ontology#Campaign", "qm:Campaign"),
    ("http://www.w3.org/2004/02/skos/core#prefLabel", "skos:prefLabel"),
    ("https://example.org/x", "<https://example.org/x>"),
    ("https://w3id.org/quality-month/id/", "<https://w3id.org/quality-month/id/>"),
]


@pytest.mark.parametrize(("iri", "expected"), COMPACT)
def test_table_shortens_iris_with_the_known_prefixes(iri: str, expected: str) -> None:
    assert compact(iri) == expected


# ---------------------------------------------------------------------------- formats


def test_table_columns_line_up_with_chinese_text() -> None:
    out = run_query("theme_by_year", G, "table")
    lines = out.splitlines()
    assert lines[-1] == "(4 rows)"
    header, rule, *rows = lines[:-1]
    assert header.split() == ["year", "theme", "basis"]
    column = width(header[: header.index("basis")])
    for row in rows:
        basis = row.split()[-1]
        assert width(row[: row.rindex(basis)]) == column, row
    assert rule.split("  ")[1] == "-" * max(width(r.split("  ")[1]) for r in rows)


def test_table_aligns_numbers_right_and_cuts_long_cells() -> None:
    a, b = ox.Literal("7", datatype=ox.NamedNode("http://www.w3.org/2001/XMLSchema#integer")), \
        ox.Literal("21", datatype=ox.NamedNode("http://www.w3.org/2001/XMLSchema#integer"))
    long = ox.Literal("质量" * 50)
    out = format_table(["n", "text"], [[a, long], [b, None]], max_cell=10)
    lines = out.splitlines()
    assert lines[2].startswith(" 7  质量质量…") and lines[3] == "21"
    assert width(lines[2].split("  ")[1]) <= 10
    assert lines[-1] == "(2 rows)"


def test_table_counts_rows() -> None:
    assert run_query("slogans_reused", G, "table").splitlines()[-1] == "(1 row)"
    out = run_query("SELECT ?x WHERE { ?x a qm:Nothing }", G, "table")
    assert out.splitlines() == ["x", "-", "(0 rows)"]


def documents_of_every_year() -> str:
    """The documents pack query asking about every year of the fixture (its VALUES line
    edited, as its header says)."""
    text = pack()["documents"].text
    line = 'VALUES ?y { "2021"^^xsd:gYear }'
    assert line in text
    years = " ".join(f'"{y}"^^xsd:gYear' for y in (2010, 2011, 2016, 2021))
    return text.replace(line, f"VALUES ?y {{ {years} }}")


def test_csv_has_full_iris_and_lexical_forms() -> None:
    out = run_query(documents_of_every_year(), G, "csv")
    assert "\r" not in out
    rows = list(csv.reader(io.StringIO(out)))
    assert rows[0] == ["notice", "title", "document_number", "issued", "source", "kind", "year"]
    assert rows[1] == [
        "https://w3id.org/quality-month/id/notice/a010000000000001",
        "关于开展2010年全国“质量月”活动的通知", "国质检质联〔2010〕351号", "2010-06-13",
        "fixtures/2010_notice.txt", "notice", "2010",
    ]
    assert rows[2][2:4] == ["", ""], "unbound is an empty cell"


# Cells that a CSV writer must quote, or must not: the store writes ``kg query --format csv``,
# format_csv the exported answers; the two must not disagree on any of them.
AWKWARD_CELLS = ["a,b", 'q"x', "line\nbreak", "lone\rCR", "crlf\r\nx", '"\r\n"', 'a""\r\n',
                 " lead", "tab\tx", "", '""', "中文，逗号", "x\u2028y", "=1+2", "#hash"]


def test_store_csv_and_format_csv_write_the_same_text() -> None:
    store = ox.Store()
    p = ox.NamedNode("http://example.org/p")
    for i, cell in enumerate(AWKWARD_CELLS):
        store.add(ox.Quad(ox.NamedNode(f"http://example.org/{i:02d}"), p, ox.Literal(cell)))
    store.add(ox.Quad(ox.BlankNode("b1"), p, ox.Literal("5", datatype=ox.NamedNode(
        "http://www.w3.org/2001/XMLSchema#integer"))))
    store.add(ox.Quad(ox.NamedNode("http://example.org/en"), p, ox.Literal("x", language="en")))
    query = "SELECT ?s ?o ?unbound WHERE { ?s <http://example.org/p> ?o } ORDER BY ?s"
    by_python = format_csv(*execute(store, query))
    assert execute_csv(store, query) == by_python
    rows = list(csv.reader(io.StringIO(by_python, newline="")))
    assert rows[0] == ["s", "o", "unbound"]
    assert rows[1] == ["_:b1", "5", ""]
    assert [row[1] for row in rows[2:-1]] == AWKWARD_CELLS
    assert by_python.count("\r\n") == 3 and by_python.endswith('x,\n')


@pytest.mark.parametrize("name", sorted(pack()))
def test_csv_of_kg_query_is_the_exported_csv_format(name: str) -> None:
    store = load_store(G)
    text = pack()[name].text
    assert run_query(name, G, "csv") == format_csv(*execute(store, text))


def _json_term(term: ox.NamedNode | ox.BlankNode | ox.Literal) -> dict[str, str]:
    if isinstance(term, ox.NamedNode):
        return {"type": "uri", "value": term.value}
    if isinstance(term, ox.BlankNode):
        return {"type": "bnode", "value": term.value}
    out = {"type": "literal", "value": term.value}
    if term.language:
        out["xml:lang"] = term.language
    elif term.datatype.value != "http://www.w3.org/2001/XMLSchema#string":
        out["datatype"] = term.datatype.value
    return out


@pytest.mark.parametrize("name", sorted(pack()))
def test_json_and_tsv_of_kg_query_hold_the_answer_terms(name: str) -> None:
    variables, rows = execute(load_store(G), pack()[name].text)
    doc = json.loads(run_query(name, G, "json"))
    assert doc["head"]["vars"] == variables
    assert doc["results"]["bindings"] == [
        {v: _json_term(t) for v, t in zip(variables, row) if t is not None} for row in rows]
    lines = run_query(name, G, "tsv").split("\n")
    assert lines[0].split("\t") == [f"?{v}" for v in variables]
    assert len(lines) == len(rows) + 2 and lines[-1] == ""


def test_tsv_keeps_rdf_terms() -> None:
    out = run_query("theme_by_year", G, "tsv")
    lines = out.splitlines()
    assert lines[0] == "?year\t?theme\t?basis"
    assert lines[1].split("\t") == ['"2010"', '"抓质量水平提升 促发展方式转变"@zh', '"stated"']


def test_json_is_sparql_results_json() -> None:
    doc = json.loads(run_query("slogans_reused", G, "json"))
    assert doc["head"]["vars"] == ["slogan", "campaigns", "first_year", "last_year"]
    (binding,) = doc["results"]["bindings"]
    assert binding["slogan"] == {"type": "literal", "value": "质量诚信是企业的信誉和生命",
                                 "xml:lang": "zh"}
    assert binding["campaigns"]["datatype"] == "http://www.w3.org/2001/XMLSchema#integer"
    assert "datatype" not in binding["first_year"], "xsd:string is implicit"


def test_json_leaves_unbound_variables_out() -> None:
    doc = json.loads(run_query(documents_of_every_year(), G, "json"))
    second = doc["results"]["bindings"][1]
    assert "document_number" not in second and second["notice"]["type"] == "uri"


def test_ask_and_construct() -> None:
    assert run_query("ASK { ?c qm:year \"2010\"^^xsd:gYear }", G, "table") == "true\n"
    assert json.loads(run_query("ASK { ?c qm:year 1999 }", G, "json")) == {
        "head": {}, "boolean": False}
    out = run_query("CONSTRUCT { ?c rdfs:label ?l } WHERE { ?c a qm:Campaign ; rdfs:label ?l "
                    "FILTER(LANG(?l) = 'en') }", G, "table")
    assert out.splitlines()[0] == ('<https://w3id.org/quality-month/id/campaign/2010> '
                                   '<http://www.w3.org/2000/01/rdf-schema#label> '
                                   '"National Quality Month 2010"@en .')
    assert len(out.splitlines()) == 4


# ---------------------------------------------------------------------------- resolving


def test_query_by_file_name_and_pack_name_agree(tmp_path: Path) -> None:
    path = tmp_path / "mine.rq"
    path.write_text(pack()["theme_by_year"].sparql, encoding="utf-8")
    by_file = run_query(str(path), G, "csv")
    assert by_file == run_query("theme_by_year", G, "csv")
    assert by_file == run_query("theme_by_year.rq", G, "csv")


def test_query_text_gets_known_prefixes_and_keeps_its_own(tmp_path: Path) -> None:
    out = run_query("PREFIX qm: <https://w3id.org/quality-month/ontology#>\n"
                    "SELECT ?y WHERE { ?c qm:year ?y } ORDER BY ?y", G, "csv")
    assert out.splitlines() == ["y", "2010", "2011", "2016", "2021"]


def test_file_beats_pack_name(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    Path("documents").write_text("SELECT ?n WHERE { ?n a qm:Notice } ORDER BY ?n",
                                 encoding="utf-8")
    assert run_query("documents", G, "csv").splitlines()[0] == "n"


@pytest.mark.parametrize("name", ["nosuch", "nosuch.rq", "queries/nosuch.rq"])
def test_unknown_query_name(name: str) -> None:
    with pytest.raises(InputError, match="not a query file or a pack query"):
        run_query(name, G, "table")


# ---------------------------------------------------------------------------- errors

SYNTAX_ERRORS = [
    # query, line and column of the error in the text as given (where the parser gave up)
    ("SELECT ?x WHERE { ?x a qm:Campaign ; ?p }", 1, 42),
    ("SELECT ?x WHERE { ?x a qm:Campaign }}", 1, 38),
    # a PREFIX line is inserted after the comments: the line number is still the user's
    ("# a question\n# in English?\nSELECT ?x\nWHERE {\n  ?x qm:year ?y .\n  FILTR(?y) }", 6, 11),
    ("SELECT ?x WHERE {\n  ?x a foo:Campaign }", 2, 8),  # unknown prefix
]


@pytest.mark.parametrize(("query", "line", "column"), SYNTAX_ERRORS)
def test_syntax_error_names_line_and_column(query: str, line: int, column: int) -> None:
    with pytest.raises(InputError) as info:
        run_query(query, G, "table")
    message = str(info.value)
    assert "SPARQL syntax error" in message
    assert f"line {line}, column {column}" in message
    assert "\n" not in message


def test_syntax_error_in_a_file_names_the_file(tmp_path: Path) -> None:
    path = tmp_path / "broken.rq"
    path.write_text("# broken\nSELECT ?x WHERE { ?x a qm:Campaign }}\n", encoding="utf-8")
    with pytest.raises(InputError, match=r"broken\.rq: SPARQL syntax error at line 2, column 38"):
        run_query(str(path), G, "table")


def test_cli_syntax_error_exits_2_with_one_line(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, err = run("query", "SELECT ?x WHERE { ?x ?p }", "--graph", str(FIXTURE),
                           capsys=capsys)
    assert status == 2 and out == ""
    assert len(err.strip().splitlines()) == 1 and "line 1, column" in err


def test_module_cli_syntax_error_exits_2(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["SELECT ?x WHERE { ?x ?p }", "--graph", str(FIXTURE)]) == 2
    assert "SPARQL syntax error at line 1" in capsys.readouterr().err


@pytest.mark.parametrize("fmt", ["table", "csv", "tsv", "json"])
def test_cli_formats(fmt: str, capsys: pytest.CaptureFixture[str]) -> None:
    status, out, err = run("query", "theme_by_year", "--graph", str(FIXTURE), "--format", fmt,
                           capsys=capsys)
    assert status == 0 and err == ""
    assert "提升供给质量 建设质量强国" in out


def test_cli_list(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--list"]) == 0
    out = capsys.readouterr().out
    for name in pack():
        assert f"{name}\n" in out
    assert "What was the national theme of each year's Quality Month" in out


def test_unknown_format() -> None:
    with pytest.raises(InputError, match="--format"):
        run_query("theme_by_year", G, "xml")


# ---------------------------------------------------------------------------- graphs

ONTOLOGY = """@prefix qm: <https://w3id.org/quality-month/ontology#> .
@prefix owl: <http://www.w3.org/2002/07/owl#> .
qm:Campaign a owl:Class .
"""


def test_default_graph_is_the_export_with_its_ontology(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "exports").mkdir()
    shutil.copy(FIXTURE, tmp_path / "exports" / "graph.trig")
    (tmp_path / "exports" / "ontology.ttl").write_text(ONTOLOGY, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    assert run_query("ASK { qm:Campaign a owl:Class }", [], "table") == "true\n"
    assert run_query("theme_by_year", [], "csv") == run_query("theme_by_year", G, "csv")
    explicit = [Path("exports/graph.trig")]
    assert run_query("ASK { qm:Campaign a owl:Class }", explicit, "table") == "true\n"


def test_no_export_is_an_input_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    with pytest.raises(InputError, match="exports"):
        run_query("theme_by_year", [], "table")


def test_graph_files_in_other_formats(tmp_path: Path) -> None:
    store = ox.Store()
    store.load(path=str(FIXTURE), format=ox.RdfFormat.TRIG)
    nq = tmp_path / "graph.nq"
    store.dump(str(nq), format=ox.RdfFormat.N_QUADS)
    assert run_query("theme_by_year", [nq], "csv") == run_query("theme_by_year", G, "csv")


@pytest.mark.parametrize(("name", "content", "match"), [
    ("missing.ttl", None, "no such file"),
    ("broken.ttl", "<a> <b> .", r"broken\.ttl: not valid Turtle"),
    ("graph.xyz", "", "unknown RDF file extension"),
])
def test_bad_graph_file(tmp_path: Path, name: str, content: str | None, match: str) -> None:
    path = tmp_path / name
    if content is not None:
        path.write_text(content, encoding="utf-8")
    with pytest.raises(InputError, match=match):
        run_query("theme_by_year", [path], "table")
