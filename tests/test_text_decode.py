"""Decoding files: encodings, binary and empty files, mojibake (kg.text.decode)."""

from __future__ import annotations

import codecs
from pathlib import Path

import pytest

from kg.errors import InputError
from kg.text import document_from_bytes, document_from_text, load_document
from kg.text.decode import decode, decode_bytes, repair_mojibake

SIMPLIFIED = (
    "关于开展2010年全国“质量月”活动的通知\n"
    "各省、自治区、直辖市质量技术监督局：\n"
    "　　二、活动主题\n"
    "　　抓质量水平提升　促发展方式转变\n"
    "国质检质联〔2010〕351号 二○一○年六月十三日\n"
)
TRADITIONAL = (
    "全國質量月活動方案\n"
    "為深入貫徹實施《質量發展綱要》，推進建設質量強國，質檢總局聯合相關部門開展全國“質量月”活動。\n"
    "二、活動主題\n"
    "提升供給質量 建設質量強國\n"
)

LE, BE = codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE
LATIN = "Qualité month – café\n"

# (label, text, bytes, expected encoding)
ENCODINGS = [
    ("utf-8", SIMPLIFIED, SIMPLIFIED.encode("utf-8"), "utf-8"),
    ("utf-8 with BOM", SIMPLIFIED, codecs.BOM_UTF8 + SIMPLIFIED.encode("utf-8"), "utf-8"),
    ("utf-16-le with BOM", SIMPLIFIED, LE + SIMPLIFIED.encode("utf-16-le"), "utf-16-le"),
    ("utf-16-be with BOM", SIMPLIFIED, BE + SIMPLIFIED.encode("utf-16-be"), "utf-16-be"),
    ("utf-16-le no BOM", SIMPLIFIED, SIMPLIFIED.encode("utf-16-le"), "utf-16-le"),
    ("utf-16-be no BOM", SIMPLIFIED, SIMPLIFIED.encode("utf-16-be"), "utf-16-be"),
    ("utf-16 traditional no BOM", TRADITIONAL, TRADITIONAL.encode("utf-16-le"), "utf-16-le"),
    ("utf-32 with BOM", SIMPLIFIED, SIMPLIFIED.encode("utf-32"), "utf-32-le"),
    ("gbk", SIMPLIFIED, SIMPLIFIED.encode("gbk"), "gb18030"),
    ("gb18030", SIMPLIFIED + "𠀀€", (SIMPLIFIED + "𠀀€").encode("gb18030"), "gb18030"),
    ("big5", TRADITIONAL, TRADITIONAL.encode("big5"), "cp950"),
    ("cp950", TRADITIONAL, TRADITIONAL.encode("cp950"), "cp950"),
    ("gbk traditional", TRADITIONAL, TRADITIONAL.encode("gbk"), "gb18030"),
    ("ascii english", "Quality Month 2011\n", b"Quality Month 2011\n", "utf-8"),
    ("latin-1 english", LATIN, LATIN.encode("cp1252"), "cp1252"),
]


@pytest.mark.parametrize(("label", "text", "data", "encoding"), ENCODINGS,
                         ids=[row[0] for row in ENCODINGS])
def test_decode_bytes(label: str, text: str, data: bytes, encoding: str) -> None:
    assert decode_bytes(data) == (text, encoding)


def test_html_meta_charset_is_a_hint() -> None:
    page = '<html><head><meta charset="big5"></head><body><p>質量月</p></body></html>'
    assert decode_bytes(page.encode("big5")) == (page, "cp950")


# (label, bytes, words expected in the error)
REJECTED = [
    ("empty", b"", "empty"),
    ("only whitespace", b" \n\t\r\n", "no text"),
    ("utf-16 BOM only", codecs.BOM_UTF16_LE, "no text"),
    ("png", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(40), "PNG"),
    ("pdf", b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj", "PDF"),
    ("zip/docx", b"PK\x03\x04\x14\x00\x06\x00" + bytes(30), "ZIP"),
    ("jpeg", b"\xff\xd8\xff\xe0\x00\x10JFIF", "JPEG"),
    ("NUL bytes", bytes(range(256)) * 8, "NUL"),
    ("undecodable", b"\x80" * 200, "cannot decode"),
]


@pytest.mark.parametrize(("label", "data", "words"), REJECTED, ids=[r[0] for r in REJECTED])
def test_rejected_input(label: str, data: bytes, words: str) -> None:
    with pytest.raises(InputError, match=words):
        decode_bytes(data)


@pytest.mark.parametrize(("label", "data", "words"), REJECTED, ids=[r[0] for r in REJECTED])
def test_load_document_error_names_the_file(tmp_path: Path, label: str, data: bytes,
                                            words: str) -> None:
    path = tmp_path / "notice 1.txt"
    path.write_bytes(data)
    with pytest.raises(InputError) as info:
        load_document(path, "notice 1.txt")
    assert "notice 1.txt" in str(info.value) and words in str(info.value)


def test_missing_file_and_folder(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="cannot read"):
        load_document(tmp_path / "absent.txt", "absent.txt")
    with pytest.raises(InputError, match="folder"):
        load_document(tmp_path, "dir")


def test_document_from_bytes_error_names_the_source() -> None:
    with pytest.raises(InputError, match=r"^x/y\.txt: empty file"):
        document_from_bytes(b"", "x/y.txt")


def test_leading_bom_character_is_stripped() -> None:
    assert decode_bytes("\ufeff质量月".encode("utf-8"))[0] == "质量月"


SENTENCE = "关于开展2010年全国“质量月”活动的通知，各省、自治区、直辖市质量技术监督局。"

# (label, mojibake text, repaired text): the way broken pages arrive as UTF-8 files
MOJIBAKE = [
    ("utf-8 read as latin-1", SENTENCE.encode("utf-8").decode("latin-1"), SENTENCE),
    ("utf-8 read as cp1252", SENTENCE.encode("utf-8").decode("cp1252", "replace"), None),
    ("gbk read as latin-1", SENTENCE.encode("gbk").decode("latin-1"), SENTENCE),
    ("utf-8 read as gbk", SENTENCE.encode("utf-8").decode("gbk", "replace"), None),
]


@pytest.mark.parametrize(("label", "broken", "fixed"), MOJIBAKE, ids=[r[0] for r in MOJIBAKE])
def test_mojibake_is_repaired_with_a_warning(label: str, broken: str, fixed: str | None) -> None:
    text, note = repair_mojibake(broken)
    assert note is not None and note.startswith("mojibake repaired")
    if fixed is not None:
        assert text == fixed
    else:  # lossy mojibake: most characters come back
        assert sum(ch in SENTENCE for ch in text) >= 0.6 * len(SENTENCE)


# UTF-8 read as GBK loses a byte it cannot pair, as ? or U+FFFD (市 before 2 → 甯?2, the
# “ after 年 → 粹?滆); the character is told from its neighbours in kg's data and the
# numerals of headings count as one (messy_gbk_lossy_2018_city_notice).
LOSSY_GBK = [
    "关于印发温州市2018年“质量月”活动实施方案的通知",
    "一、活动主题\n全国“质量月”活动主题：建设质量强国 决胜全面小康",
    "温市质强办〔2018〕9号\n（二）组织开展“质量开放日”活动，瑞安市、乐清市各选择5家企业。",
]


@pytest.mark.parametrize("text", LOSSY_GBK)
@pytest.mark.parametrize("lost", ["?", "\ufffd"])
def test_gbk_mojibake_bytes_lost_are_told_from_context(text: str, lost: str) -> None:
    broken = text.encode("utf-8").decode("gbk", "replace").replace("\ufffd", lost)
    assert lost in broken
    fixed, note = repair_mojibake(broken)
    assert fixed == text
    assert note is not None and "told from context" in note


def test_sound_lines_of_a_partly_garbled_text_are_kept() -> None:
    # a title typed again above a body pasted as mojibake: the title is no mojibake
    title = "温州市2018年“质量月”活动实施方案"
    body = "\n".join(LOSSY_GBK)
    fixed, note = repair_mojibake(f"{title}\n{body.encode('utf-8').decode('gbk', 'replace')}")
    assert note is not None
    assert fixed == f"{title}\n{body}"


def test_mojibake_warning_reaches_the_document() -> None:
    doc = document_from_bytes(SENTENCE.encode("utf-8").decode("latin-1").encode("utf-8"), "m.txt")
    assert doc.original == SENTENCE
    assert any("mojibake" in w for w in doc.warnings)


# Text that looks odd but is not mojibake stays as it is.
NOT_MOJIBAKE = [
    "café, naïve, résumé",
    "國(guó)家質(zhì)檢總局 略(lüè)",
    "×\n微信支付",
    SENTENCE,
    "全國質量月活動方案",
    "Quality Month — “quotes” and … ellipsis",
]


@pytest.mark.parametrize("text", NOT_MOJIBAKE)
def test_genuine_text_is_not_repaired(text: str) -> None:
    assert repair_mojibake(text) == (text, None)


def test_lossy_decoding_is_reported() -> None:
    data = SENTENCE.encode("utf-8") + b"\xff" + SENTENCE.encode("utf-8")
    decoded = decode(data)
    assert decoded.encoding == "utf-8"
    assert decoded.text.count("\ufffd") == 1
    assert any("U+FFFD" in w for w in decoded.warnings)


# A text a lossy decoding left mostly U+FFFD (UTF-8 read as Big5 with errors='replace'):
# nothing repairs it, but the document says why its facts are missing.
_LOST_BODY = ("各省、自治区、直辖市质量技术监督局：为深入贯彻落实《质量发展纲要（2011-2020年）》，"
              "国家质检总局决定于2012年9月在全国开展“质量月”活动。")


def test_text_mostly_lost_in_decoding_is_reported() -> None:
    lossy = _LOST_BODY.encode("utf-8").decode("big5", errors="replace")
    assert lossy.count("\ufffd") > 20
    text = "关于开展2012年全国“质量月”活动的通知\n" + lossy
    for doc in (document_from_bytes(text.encode("utf-8"), "lost.txt"),
                document_from_text(text, "lost.txt")):
        lost = [w for w in doc.warnings if w.startswith("characters lost in decoding")]
        assert len(lost) == 1
        assert "U+FFFD" in lost[0] and "cannot be repaired" in lost[0]
        assert doc.text.startswith("关于开展2012年全国“质量月”活动的通知")  # the rest is kept


@pytest.mark.parametrize("text", [
    "关于开展2012年全国“质量月”活动的通知\n" + _LOST_BODY.replace("质", "\ufffd", 3),
    "\ufffd\ufffd\ufffd\ufffd 2012",                    # too few to tell
    "国家质检总局" * 20 + "\ufffd" * 20,                 # 20 of 140: a fifth is the limit
])
def test_a_few_lost_characters_are_not_reported(text: str) -> None:
    doc = document_from_text(text, "few.txt")
    assert not any(w.startswith("characters lost in decoding") for w in doc.warnings)


def test_a_text_mostly_lost_is_still_built() -> None:
    from kg.pipeline import DEFAULT_DATA, _worker_init, process_bytes

    _worker_init(str(DEFAULT_DATA))
    lossy = _LOST_BODY.encode("utf-8").decode("big5", errors="replace")
    text = "关于开展2012年全国“质量月”活动的通知\n" + lossy + "\n国家质检总局\n2012年8月20日\n"
    result = process_bytes(text.encode("utf-8"), "lost.txt")
    assert result.error is None
    assert any(w.startswith("characters lost in decoding") for w in result.warnings)
    assert result.facts


def test_a_text_lost_whole_is_skipped_with_the_cause() -> None:
    from kg.pipeline import DEFAULT_DATA, _worker_init, process_bytes

    _worker_init(str(DEFAULT_DATA))
    lossy = _LOST_BODY.encode("utf-8").decode("big5", errors="replace")
    assert "质量" not in lossy  # the loss took the very words the build looks for
    result = process_bytes(lossy.encode("utf-8"), "lost.txt")
    assert result.error is not None and result.error.startswith("no Quality Month content")
    assert "characters lost in decoding" in result.error and "U+FFFD" in result.error
