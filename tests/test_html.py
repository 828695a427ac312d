"""The HTML network page (kg/exporters/html.py), without a browser.

The browser tests (tests/test_html_browser.py) drive the page itself; these check what can
be read off the file: determinism, no external resources, escaping, the legend, the data.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import pyoxigraph as ox
import pytest

from kg.errors import ConfigError
from kg.exporters import html as page
from kg.exporters.html import CLASSES, render_html, script_json, viz_main, vocab_labels, year_set

FIXTURE = Path(__file__).parent / "fixtures" / "html_graph.trig"
ID = "https://w3id.org/quality-month/id/"
HOSTILE = (
    '<script>window.kgPwned=1;alert(1)</script>"quotes" & </div>'
    '<img src=x onerror="window.kgPwned=2">\u2028诚信'
)
_BLOCK = re.compile(r'<script type="application/json" id="([\w-]+)">(.*?)</script>', re.S)


def fixture_store() -> ox.Store:
    store = ox.Store()
    store.load(path=str(FIXTURE))
    return store


def render(
    tmp_path: Path, name: str = "graph.html", store: ox.Store | None = None, **kwargs
) -> tuple[str, dict]:
    out = tmp_path / name
    result = render_html(store if store is not None else fixture_store(), out, **kwargs)
    return out.read_text(encoding="utf-8"), result


def blocks(html: str) -> dict[str, Any]:
    return {name: json.loads(text) for name, text in _BLOCK.findall(html)}


@pytest.fixture(scope="module")
def rendered(tmp_path_factory: pytest.TempPathFactory) -> tuple[str, dict]:
    return render(tmp_path_factory.mktemp("html"))


# -- determinism -------------------------------------------------------------------------


def test_same_store_gives_identical_bytes(tmp_path: Path) -> None:
    render(tmp_path, "a.html")
    render(tmp_path, "b.html")
    assert (tmp_path / "a.html").read_bytes() == (tmp_path / "b.html").read_bytes()


def test_quad_order_does_not_change_the_page(tmp_path: Path) -> None:
    shuffled = ox.Store()
    shuffled.extend(sorted(fixture_store(), key=lambda q: str(q), reverse=True))
    render(tmp_path, "a.html")
    render(tmp_path, "b.html", store=shuffled)
    assert (tmp_path / "a.html").read_bytes() == (tmp_path / "b.html").read_bytes()


def test_identical_bytes_across_processes(tmp_path: Path) -> None:
    # Set and dict order must not leak into the page: render under two hash seeds.
    script = (
        "import sys, pyoxigraph as ox; from pathlib import Path; "
        "from kg.exporters.html import render_html; s = ox.Store(); s.load(path=sys.argv[1]); "
        "render_html(s, Path(sys.argv[2]), max_nodes=10)"
    )
    for seed in ("1", "2"):
        env = dict(os.environ, PYTHONHASHSEED=seed)
        out = tmp_path / f"seed{seed}.html"
        subprocess.run([sys.executable, "-c", script, str(FIXTURE), str(out)], env=env, check=True)
    assert (tmp_path / "seed1.html").read_bytes() == (tmp_path / "seed2.html").read_bytes()


def test_the_page_module_leaves_ipython_and_networkx_unloaded() -> None:
    # pyvis imports both at the top for notebook display and from_nx, which kg never uses:
    # they are not loaded for it, and importing them afterwards gives the real packages.
    code = ("import sys, kg.exporters.html as h; "
            "print('IPython' in sys.modules, 'networkx' in sys.modules); "
            "import networkx; print(hasattr(networkx, 'Graph'))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True).stdout.split()
    assert out == ["False", "False", "True"]


def test_empty_store(tmp_path: Path) -> None:
    html, result = render(tmp_path, store=ox.Store())
    assert result["nodes"] == 0 and result["edges"] == 0 and not result["overview"]
    assert (
        'id="kg-year-from" type="number" step="1" aria-label="起始年份 From"\n           disabled'
        in html
    )


def test_no_timestamps_or_random_ids(rendered: tuple[str, dict]) -> None:
    html = rendered[0].replace(
        page.VIS_JS.read_text(encoding="utf-8"), ""
    )  # the library as shipped
    assert not re.search(r"\d{4}-\d\d-\d\dT\d\d:", html)
    assert not re.search(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}", html)
    assert "mynetwork" not in html  # pyvis's own template is not used


# -- self-contained ----------------------------------------------------------------------


def test_no_external_resources(rendered: tuple[str, dict]) -> None:
    html, _ = rendered
    markup = _BLOCK.sub("", html)  # IRIs inside the JSON data are data, not requests
    assert not re.search(
        r"""(?:src|href|action|poster|data)\s*=\s*["']?\s*(?:https?:)?//""", markup, re.I
    )
    assert not re.search(r"""url\(\s*["']?\s*(?:https?:)?//""", markup, re.I)
    assert "@import" not in markup
    assert not re.search(r"<(?:link|script)[^>]*\s(?:src|href)=(?![\"']data:)", markup, re.I)
    assert "cdn" not in markup.lower().replace("cdn_resources", "")


def test_content_security_policy_allows_only_the_inline_scripts(rendered: tuple[str, dict]) -> None:
    html, _ = rendered
    found = re.search(r'http-equiv="Content-Security-Policy" content="([^"]+)"', html)
    assert found
    csp = found.group(1).replace("&#39;", "'")
    assert "default-src 'none'" in csp
    assert len(re.findall(r"'sha256-[A-Za-z0-9+/=]+'", csp)) == 2
    assert "unsafe-inline" not in csp.split("script-src", 1)[1].split(";", 1)[0]


def test_utf8_with_charset(tmp_path: Path) -> None:
    render(tmp_path)
    data = (tmp_path / "graph.html").read_bytes()
    assert data.startswith(b"<!DOCTYPE html>")
    assert b'<meta charset="utf-8">' in data[:200]
    assert "国家质量监督检验检疫总局".encode() in data
    assert b"\r\n" not in data


def test_vis_network_is_inlined(rendered: tuple[str, dict]) -> None:
    html, _ = rendered
    assert "vis-network" in html and "DataView" in html


# -- escaping ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "value, expected",
    [
        ("<script>", '"\\u003cscript\\u003e"'),
        ("</script>", '"\\u003c/script\\u003e"'),
        ("a & b", '"a \\u0026 b"'),
        ("<!--", '"\\u003c!--"'),
        ("\u2028\u2029", '"\\u2028\\u2029"'),
        ('"quotes"', '"\\"quotes\\""'),
        ("质检总局", '"质检总局"'),
    ],
)
def test_script_json_escapes(value: str, expected: str) -> None:
    assert str(script_json(value)) == expected
    assert json.loads(str(script_json(value))) == value


def test_hostile_label_only_as_escaped_json(rendered: tuple[str, dict]) -> None:
    html, _ = rendered
    assert "kgPwned" in html
    for raw in ("<script>window.kgPwned", "<img src=x", "</div><img", "\u2028", "<b>quality"):
        assert raw not in html
    markup = html.replace(page.VIS_JS.read_text(encoding="utf-8"), "")
    assert markup.count("<script") == 8  # 6 JSON blocks, vis-network, the page script
    assert "\\u003cscript\\u003ewindow.kgPwned=1" in html
    data = blocks(html)
    labels = [row[2] for row in data["kg-index"]["nodes"]]
    assert HOSTILE in labels  # survives the round trip exactly
    assert data["kg-panel-data"]["files"][1] == "data/notices/2011_<b>quality</b>_month.txt"


def test_title_is_html_escaped(tmp_path: Path) -> None:
    html, _ = render(tmp_path, title="<b>质量</b> & “月”")
    assert "<title>&lt;b&gt;质量&lt;/b&gt; &amp; “月”</title>" in html
    assert "<b>质量" not in html


# -- legend and data ---------------------------------------------------------------------


def test_legend_has_every_class_in_zh_and_en(rendered: tuple[str, dict]) -> None:
    html, _ = rendered
    labels = vocab_labels()
    items = re.findall(r'<li class="kg-legend-item" data-class="(\w+)">(.*?)</li>', html, re.S)
    assert [key for key, _ in items] == [c.rsplit("#", 1)[-1] for c in CLASSES]
    for (_key, body), iri in zip(items, CLASSES, strict=True):
        assert f'<span class="kg-cls-zh">{labels.classes[iri]["zh"]}</span>' in body
        assert f'<span class="kg-cls-en">{labels.classes[iri]["en"]}</span>' in body
        assert 'type="checkbox" checked' in body


def test_counts(rendered: tuple[str, dict]) -> None:
    html, result = rendered
    assert result == {
        "path": result["path"],
        "nodes": 19,
        "edges": 34,
        "initial_nodes": 19,
        "initial_edges": 34,
        "overview": False,
    }
    data = blocks(html)
    assert len(data["kg-nodes"]) == 19 and len(data["kg-edges"]) == 34
    counts = re.findall(r'<span class="kg-count">(\d+)</span>', html)
    assert counts == ["2", "2", "4", "1", "2", "3", "3", "2"]


# The years each fixture entity is shown for (see the fixture's header).
YEARS = [
    ("campaign/2010", [2010]),
    ("campaign/2011", [2011]),
    ("notice/n1", [2010]),
    ("notice/n2", [2011]),
    ("org/aqsiq", [2010, 2011]),
    ("org/miit", [2010]),
    ("org/saic", [2011]),
    ("org/samr", [2010, 2011]),  # only a successor: years of its linked entities
    ("org/caq", [2011]),
    ("theme/t1", [2010]),
    ("theme/t2", [2011]),
    ("slogan/s1", [2010, 2011]),
    ("slogan/s2", [2010]),
    ("slogan/s3", [2011]),
    ("activity/n1-a1", [2010]),
    ("activity/n1-a2", [2010]),
    ("activity/n2-a3", [2011]),
    ("place/510100", [2010]),
    ("place/510000", [2010]),  # only a parent place
]


@pytest.mark.parametrize("iri, years", YEARS)
def test_years(rendered: tuple[str, dict], iri: str, years: list[int]) -> None:
    rows = {row[0]: row for row in blocks(rendered[0])["kg-index"]["nodes"]}
    assert rows[iri][4] == years


def test_aliases_and_english_names_are_searchable(rendered: tuple[str, dict]) -> None:
    rows = {row[0]: row for row in blocks(rendered[0])["kg-index"]["nodes"]}
    aqsiq = rows["org/aqsiq"]
    assert aqsiq[2] == "国家质量监督检验检疫总局"
    assert aqsiq[5].startswith("General Administration of Quality Supervision")
    assert aqsiq[6] == "AQSIQ"
    assert "质检总局" in aqsiq[7]


def test_tooltip_has_english_name_and_abbreviation(rendered: tuple[str, dict]) -> None:
    nodes = {n["label"]: n for n in blocks(rendered[0])["kg-nodes"]}
    title = nodes["国家质量监督检验检疫总局"]["title"]
    assert "(AQSIQ)" in title and "质检总局" in title and "2010–2011" in title


def test_panel_has_quotes_with_file_names(rendered: tuple[str, dict]) -> None:
    data = blocks(rendered[0])
    ids = {row[0]: i for i, row in enumerate(data["kg-index"]["nodes"])}
    panel = data["kg-panel-data"]
    quotes = panel["nodes"][str(ids["org/aqsiq"])]["q"]
    assert [(q[0], panel["files"][q[1]], q[3]) for q in quotes] == [
        ("质检总局", "data/notices/2010_quality_month.txt", "department"),
        ("AQSIQ", "data/notices/2011_<b>quality</b>_month.txt", "department"),
    ]
    theme = panel["nodes"][str(ids["theme/t1"])]["q"]
    assert theme == [["抓质量水平提升\u3000促发展方式转变", 0, ids["notice/n1"], "theme", 120]]
    # A notice's own statements (its title) are quoted on the notice.
    assert panel["nodes"][str(ids["notice/n1"])]["q"][0][3] == "title"


def test_edges_are_labelled_by_property(rendered: tuple[str, dict]) -> None:
    data = blocks(rendered[0])
    props = {p["curie"] for p in data["kg-meta"]["props"]}
    assert {"qm:issuedBy", "qm:hasTheme", "qm:partOf", "qm:within", "qm:successor"} <= props
    edge = next(e for e in data["kg-edges"] if e["title"].endswith("qm:partOf"))
    assert edge["label"] == vocab_labels().prop(page._expand("qm:partOf"))["zh"]


# -- options -----------------------------------------------------------------------------


def test_overview_above_max_nodes(tmp_path: Path) -> None:
    html, result = render(tmp_path, max_nodes=10)
    assert result["overview"] and result["nodes"] == 19
    data = blocks(html)
    rows = data["kg-index"]["nodes"]
    assert sorted(rows[n["id"]][0] for n in data["kg-nodes"]) == [
        "campaign/2010",
        "campaign/2011",
        "org/aqsiq",
        "theme/t1",
        "theme/t2",
    ]
    assert data["kg-meta"]["overview"] is True


@pytest.mark.parametrize(
    "kwargs, count",
    [
        ({"years": (2011, 2011)}, 10),
        ({"years": [2010]}, 12),
        ({"years": (2010, 2011)}, 19),
        ({"years": (2015, 2016)}, 0),
        ({"classes": ["Campaign", "qm:Theme"]}, 4),
        ({"classes": ["Department"], "years": (2011, 2011)}, 3),
    ],
)
def test_render_options_select_entities(tmp_path: Path, kwargs: dict, count: int) -> None:
    html, result = render(tmp_path, **kwargs)
    assert result["nodes"] == count
    assert len(blocks(html)["kg-index"]["nodes"]) == count


@pytest.mark.parametrize(
    "kwargs",
    [
        {"classes": ["Mention"]},
        {"years": (2012, 2010)},
        {"max_nodes": 0},
        {"years": "20x0"},
    ],
)
def test_bad_options(tmp_path: Path, kwargs: dict) -> None:
    with pytest.raises(ConfigError):
        render(tmp_path, **kwargs)


@pytest.mark.parametrize(
    "text, years",
    [
        ("2010", {2010}),
        ("2010-2012", {2010, 2011, 2012}),
        ("2010,2015", {2010, 2015}),
        ((2010, 2011), {2010, 2011}),
        ([2012, 2010], {2010, 2012}),
        (None, None),
    ],
)
def test_year_set(text: Any, years: set[int] | None) -> None:
    assert year_set(text) == years


def test_viz_main(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "out" / "graph.html"
    assert viz_main([FIXTURE], out, "2010-2011", "Campaign,Department", None) == 0
    assert out.is_file()
    assert "6 entities" in capsys.readouterr().out


def test_viz_main_reports_missing_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert viz_main([tmp_path / "missing.trig"], tmp_path / "g.html", None, None, None) == 2
    assert "missing.trig" in capsys.readouterr().err
    assert not (tmp_path / "g.html").exists()


def test_viz_main_reports_bad_syntax(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    bad = tmp_path / "bad.ttl"
    bad.write_text("<a> <b> .", encoding="utf-8")
    assert viz_main([bad], tmp_path / "g.html", None, None, None) == 2
    assert "bad.ttl" in capsys.readouterr().err
