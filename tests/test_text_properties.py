"""Properties of normalisation over generated text (hypothesis)."""

from __future__ import annotations

import itertools

from hypothesis import given, settings
from hypothesis import strategies as st

from kg.text import document_from_bytes, normalise

# Pieces that exercise every stage: simplified and traditional characters, pinyin
# annotations (well-formed and not), full-width and invisible characters, line breaks,
# conversion artefacts, boilerplate words.
CHINESE_PIECES = [
    "国", "質", "量", "月", "活", "動", "动", "全", "國", "的", "後", "乾", "著", "裡", "网",
    "(guó)", "(zhì)", "(men)", "(a)", "(QC)", "(2011年)", "（dòng）", "guó", "(", ")", "（", "）",
    "guo2", "jia1", "a4", "[guó]", "[", "]", "(zhìliàng)", "zhi4liang4", "\ufffd",
    "ā", "ǚ", "g", "x", "A", "1", "2",
    "，", "。", "、", "：", "“", "”", "「", "」", "〔", "〕", " ", "\u3000", "\u00a0",
    "\u200b", "\ufeff", "\n", "\r", "\r\n", "\t",
    "品质月", "品质", "高品质生活", "網際網路", "资讯化", "智慧型手機", "釋出", "資訊", "支援",
    "网站首页 工作范例 办公范例 个人范例", "微信支付", "×", "Tags:", "文章推荐", "搜索",
    "分析测试百科网", "栏目:", "http://www.x.cn/a.htm",
]
HTML_PIECES = ["<p>", "</p>", "<br>", "<div class='x'>", "&amp;", "&nbsp;", "&#12288;", "<!--",
               "-->", "<script>", "</script>", "<html>"]

chinese = st.lists(st.sampled_from(CHINESE_PIECES), max_size=60).map("".join)
with_html = st.lists(st.sampled_from(CHINESE_PIECES + HTML_PIECES), max_size=60).map("".join)
anything = st.one_of(st.text(max_size=200), chinese, with_html)


def _spans(n: int, data: st.DataObject) -> list[tuple[int, int]]:
    pairs = data.draw(st.lists(st.tuples(st.integers(0, n), st.integers(0, n)), max_size=30))
    return [(min(a, b), max(a, b)) for a, b in pairs]


@settings(max_examples=200, deadline=None)
@given(anything)
def test_normalise_never_fails_and_keeps_lengths(original: str) -> None:
    norm = normalise(original)
    assert len(norm.text) == len(norm.full_text) == norm.offsets.length
    assert norm.script in ("simplified", "traditional", "english")
    assert all(a == b or a == " " for a, b in zip(norm.text, norm.full_text, strict=False))


@settings(max_examples=200, deadline=None)
@given(chinese)
def test_normalising_simplified_text_again_changes_nothing(original: str) -> None:
    first = normalise(original)
    if first.script != "simplified":
        first = normalise(first.full_text)
    second = normalise(first.full_text)
    assert second.full_text == first.full_text
    assert second.text == first.text


@settings(max_examples=200, deadline=None)
@given(anything, st.data())
def test_spans_map_inside_the_original_in_order(original: str, data: st.DataObject) -> None:
    norm = normalise(original)
    spans = sorted(_spans(len(norm.text), data))
    mapped = [norm.offsets.to_original(s, e) for s, e in spans]
    for s, e in mapped:
        assert 0 <= s <= e <= len(original)
    for (s1, e1), (s2, e2) in itertools.pairwise(spans):
        a, b = norm.offsets.to_original(s1, e1), norm.offsets.to_original(s2, e2)
        assert a[0] <= b[0]
        if e1 <= e2:
            assert a[1] <= b[1]


@settings(max_examples=200, deadline=None)
@given(chinese)
def test_text_without_deletions_maps_one_to_one(original: str) -> None:
    norm = normalise(original)
    if len(norm.full_text) == len(original):
        assert norm.offsets.to_original(0, len(original)) == (0, len(original))


@settings(max_examples=200, deadline=None)
@given(st.binary(max_size=300))
def test_any_bytes_give_a_document_or_an_input_error(data: bytes) -> None:
    from kg.errors import InputError

    try:
        doc = document_from_bytes(data, "b.bin")
    except InputError as exc:
        assert str(exc).startswith("b.bin: ")
    else:
        assert len(doc.text) == len(doc.full_text)
