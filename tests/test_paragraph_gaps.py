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
