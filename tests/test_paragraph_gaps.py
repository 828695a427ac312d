"""A notice says the same whatever number of blank lines separates its paragraphs: one (most
texts), none, or several (a web page whose every paragraph became a few line breaks)."""

from __future__ import annotations

import html
import re
from pathlib import Path

import pytest

from kg import pipeline

SEEDS = sorted((Path(__file__).resolve().parent.parent / "data" / "notices").glob("*.txt"))
FIELDS = ("year", "theme", "slogan", "slogan_count", "department", "document_number", "issued",
          "activity", "place")


def _facts(data: bytes, source: str) -> set[tuple[str, str]]:
    result = pipeline.process_bytes(data, source)
    assert result.error is None
    return {(f.field, str(f.value)) for f in result.facts if f.field in FIELDS}


def _page(text: str) -> str:
    body = "".join(f"<p>{html.escape(line)}</p>\n" for line in text.split("\n"))
    return (f"<html><head><meta charset='utf-8'><title>{html.escape(text.split(chr(10))[0])}"
            f"</title></head><body><div>首页 | 新闻</div>\n{body}<div>版权所有</div></body></html>")


@pytest.fixture(scope="module", autouse=True)
def _workers() -> None:
    pipeline._worker_init(str(pipeline.DEFAULT_DATA))


@pytest.mark.parametrize("seed", SEEDS, ids=lambda p: p.name[:8])
@pytest.mark.parametrize("variant", ["three blank lines", "blank lines of spaces", "web page",
                                     "no blank lines"])
def test_the_facts_do_not_depend_on_the_blank_lines(seed: Path, variant: str) -> None:
    text = seed.read_text(encoding="utf-8")
    plain = _facts(text.encode("utf-8"), seed.name)
    assert any(field == "theme" for field, _ in plain) or "slogan" not in dict(plain)
    changed = {
        "three blank lines": lambda t: t.replace("\n", "\n\n\n"),
        "blank lines of spaces": lambda t: t.replace("\n", "\n  \n \n"),
        "web page": _page,
        "no blank lines": lambda t: re.sub(r"\n\s*\n", "\n", t),
    }[variant](text)
    source = seed.name + (".html" if variant == "web page" else "")
    assert _facts(changed.encode("utf-8"), source) == plain


CASES = sorted(p for p in (Path(__file__).resolve().parent / "cases").glob("*/input.txt")
               if not any(w in p.parent.name for w in ("pdf", "html")))  # wrapped lines, markup


@pytest.mark.parametrize("case", CASES, ids=lambda p: p.parent.name)
def test_the_held_out_cases_do_not_depend_on_the_blank_lines(case: Path) -> None:
    data = case.read_bytes()
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        pytest.skip("not UTF-8")
    assert _facts(text.replace("\n", "\n\n\n").encode("utf-8"), case.name) == \
        _facts(data, case.name)


def _pdf_lines(text: str, width: int) -> list[str]:
    """``text`` as a PDF prints it: paragraphs broken every ``width`` full-width characters
    (ASCII letters and digits take half), headings and rows of names set as they are."""
    out: list[str] = []
    for para in text.split("\n"):
        if not re.search(r"[，,。；、：]", para):
            out.append(para)
            continue
        line, used = "", 0
        for ch in para:
            w = 1 if re.match(r"[A-Za-z0-9 ]", ch) else 2
            if used + w > 2 * width:
                out.append(line)
                line, used = "", 0
            line, used = line + ch, used + w
        out.append(line)
    return out


NATIONAL = [SEEDS[3], *(Path(__file__).resolve().parent / "cases" / name / "input.txt"
                        for name in ("samr_2019_notice", "samr_2024_notice", "aqsiq_2015_notice",
                                     "template_2020_hanzi_date_notice"))]


@pytest.mark.parametrize("notice", NATIONAL, ids=lambda p: p.parent.name[:20])
@pytest.mark.parametrize("width", [26, 28, 30, 32])
def test_a_pdf_copy_set_as_a_web_page_a_paragraph_per_line_keeps_its_departments(
        notice: Path, width: int) -> None:
    text = notice.read_text(encoding="utf-8")
    lines = _pdf_lines(text, width)
    page = "".join(f"<p>{html.escape(ln)}</p>\n" for ln in lines if ln.strip())
    page = f"<html><head><meta charset='utf-8'></head><body>\n{page}</body></html>"

    def departments(data: bytes, source: str) -> set[tuple[str, str]]:
        result = pipeline.process_bytes(data, source)
        return {(f.field, str(f.value)) for f in result.facts
                if f.field in ("department", "department_count")}

    plain = departments(text.encode("utf-8"), "n.txt")
    assert {f for f in plain if f[0] == "department"}
    assert departments(page.encode("utf-8"), "n.html") == plain
    assert departments("\n".join(lines).encode("utf-8"), "n.txt") == plain


# Every national notice of the seeds and the held-out cases in simplified or Taiwan-converted
# script, without pinyin (seeds 000 and 004, pinyin_toneless_2014) and not already wrapped
# (pdf_linebreaks_2014).
_CASES_DIR = Path(__file__).resolve().parent / "cases"
NATIONAL_ALL = [SEEDS[3], *(_CASES_DIR / name / "input.txt" for name in (
    "aqsiq_2002_cc_notice", "aqsiq_2005_notice", "aqsiq_2006_annex_notice", "aqsiq_2008_notice",
    "aqsiq_2012_numbered_slogans_signers", "aqsiq_2013_paren_slogans", "aqsiq_2015_notice",
    "aqsiq_2017_signature_cc", "distractors_2018_notice", "govcn_metadata_2013",
    "national_2022_notice", "samr_2019_notice", "samr_2021_signature_block", "samr_2024_notice",
    "sec_1983_notice", "sec_1985_notice", "setc_1999_notice", "taiwan_2019_notice",
    "taiwan_2023_signature_notice", "techsup_1992_notice", "techsup_1996_notice",
    "template_2020_hanzi_date_notice"))]
LAYOUT_FIELDS = ("theme", "slogan", "department", "document_number", "issued", "activity")
# Known to differ, with the reason.
LAYOUT_XFAIL = {
    **{("govcn_metadata_2013", w): "a short notice: at this width too few lines are full to "
       "tell that the text is wrapped (…全 / 国总工会…研究决定 stays broken)" for w in (31, 34, 35)},
    ("samr_2019_notice", 33): "a wrapped line ending in ；inside an inline slogan list "
    "(…推动高质量发展； / 人人关心质量…) is kept as a hard break, as a list item's end",
    ("setc_1999_notice", 30): "a wrapped line ending in 。(…大量工作。 / 现将有关事项通知如下：) "
    "is kept as a paragraph end, and the items no longer follow 通知如下 in one paragraph",
}


def _layouts(text: str, width: int) -> dict[str, tuple[str, str]]:
    lines = _pdf_lines(text, width)
    head = "<html><head><meta charset='utf-8'></head><body>"
    return {
        "wrapped": ("\n".join(lines), "n.txt"),
        "<p> per line": (head + "\n" + "".join(f"<p>{html.escape(ln)}</p>\n" for ln in lines
                                                if ln.strip()) + "</body></html>", "n.html"),
        "<br> per line": (head + "<div>\n" + "".join(f"{html.escape(ln)}<br>\n" for ln in lines)
                          + "</div></body></html>", "n.html"),
    }


def _layout_params() -> list:
    out = []
    for notice in NATIONAL_ALL:
        name = notice.parent.name if notice.name == "input.txt" else notice.name[:3]
        for width in range(26, 36):
            reason = LAYOUT_XFAIL.get((name, width))
            marks = [pytest.mark.xfail(reason=reason, strict=False)] if reason else []
            out.append(pytest.param(notice, width, marks=marks, id=f"{name}-{width}"))
    return out


_PLAIN: dict[Path, set[tuple[str, str]]] = {}


@pytest.mark.parametrize(("notice", "width"), _layout_params())
def test_a_wrapped_national_notice_says_what_its_plain_text_says(notice: Path, width: int) -> None:
    """A PDF copy wrapped at 26–35 characters, as text or as a page with a <p> or a <br> per
    line, gives the theme, slogans, departments, 文号, date and activities of the plain text."""
    text = notice.read_text(encoding="utf-8")

    def facts(data: bytes, source: str) -> set[tuple[str, str]]:
        result = pipeline.process_bytes(data, source)
        return {(f.field, str(f.value)) for f in result.facts if f.field in LAYOUT_FIELDS}

    if notice not in _PLAIN:
        _PLAIN[notice] = facts(text.encode("utf-8"), "n.txt")
    plain = _PLAIN[notice]
    assert {f for f, _ in plain} >= {"department"}
    for layout, (changed, source) in _layouts(text, width).items():
        got = facts(changed.encode("utf-8"), source)
        assert (layout, sorted(plain - got), sorted(got - plain)) == (layout, [], [])
