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
