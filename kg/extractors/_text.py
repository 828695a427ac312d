"""Text helpers shared by the theme, slogan and activity extractors.

Everything here works on ``Document.text``: simplified script, full-width ASCII folded to
ASCII (so ``（一）`` arrives as ``(一)`` and ``：`` as ``:``), boilerplate blanked with spaces.
The word lists the rules use (cue words, heading words) live in ``data/extraction.yaml``.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterator
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

from kg import yamlio
from kg.errors import ConfigError
from kg.model import Span
from kg.text.boilerplate import paragraph_gap as _paragraph_gap

RULES_FILE = Path(__file__).resolve().parents[2] / "data" / "extraction.yaml"

#: CJK ideographs, letters and digits: what two texts must share to be "the same text".
_NOT_KEY = re.compile(r"[^0-9A-Za-z\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+")
_WS = re.compile(r"[\s\u3000\u00a0]+")

OPEN_QUOTES = "“‘「『《\"'"
CLOSE_QUOTES = "”’」』》\"'"
#: Punctuation stripped from both ends of a theme, slogan or label (quotes are handled apart).
_EDGE = "〈〉()（）[]【】<>,.;:!?，。；：！？、…·-—~～ \t"
_PAIRS = (("“", "”"), ("‘", "’"), ("「", "」"), ("『", "』"), ("《", "》"))

#: A quoted phrase on one line: “…”, 「…」, 『…』 or "…". Straight quotes pair up naively.
QUOTED = re.compile(
    r"“([^“”\n]{1,200})”|「([^「」\n]{1,200})」|『([^『』\n]{1,200})』|\"([^\"\n]{1,200})\""
)


def fold_ws(text: str) -> str:
    """Fold every whitespace run (ideographic space included) to one ASCII space and strip."""
    return _WS.sub(" ", text).strip()


def balanced(text: str) -> bool:
    """Whether every quote in ``text`` is closed."""
    return all(text.count(a) == text.count(b) for a, b in _PAIRS) and text.count('"') % 2 == 0


def _wrapped(value: str) -> bool:
    """Whether one quote pair encloses the whole of ``value`` (“A” yes, “A”和“B” no)."""
    if len(value) < 2 or (value[0], value[-1]) not in (*_PAIRS, ('"', '"')):
        return False
    inner = value[1:-1]
    if value[0] == '"':
        return '"' not in inner
    opener, closer = value[0], value[-1]
    depth = 0
    for ch in inner:
        depth += (ch == opener) - (ch == closer)
        if depth < 0:
            return False
    return depth == 0 and balanced(inner)


def clean_value(text: str) -> str:
    """A theme/slogan/label as a value: whitespace folded, a quote pair around the whole and
    unmatched quotes and punctuation at the ends stripped; inner punctuation kept as written.

    >>> clean_value("  “建设质量强国\u3000共创美好生活”。")
    '建设质量强国 共创美好生活'
    >>> clean_value("“七查一访”活动")
    '“七查一访”活动'
    """
    value = fold_ws(text)
    while True:
        before = value
        value = value.strip(_EDGE)
        if _wrapped(value):
            value = value[1:-1]
        elif value[:1] in OPEN_QUOTES and not balanced(value):
            value = value[1:]
        elif value[-1:] in CLOSE_QUOTES and not balanced(value):
            value = value[:-1]
        if value == before:
            return value


def bare(text: str) -> str:
    """Only CJK ideographs, letters (lower-cased) and digits: the comparison form of a text."""
    return _NOT_KEY.sub("", text).lower()


def same_text(a: str, b: str) -> bool:
    """Whether two texts are equal ignoring punctuation, spacing and letter case."""
    return bare(a) == bare(b)


def contains_text(outer: str, inner: str) -> bool:
    """Whether ``inner`` occurs in ``outer``, ignoring punctuation, spacing and letter case."""
    b = bare(inner)
    return bool(b) and b in bare(outer)


def locate(text: str, start: int, end: int, value: str) -> Span:
    """The span of ``value`` (a cleaned form of ``text[start:end]``) inside that range."""
    i = text.find(value, start, end)
    if i >= 0:
        return Span(i, i + len(value))
    s, e = strip_span(text, start, end, _EDGE + "“”‘’「」『』《》\"'")
    return Span(s, max(s, e))


def short_key(label: str) -> str:
    """A stable 12-hex key for an activity label (sha256 of its comparison form)."""
    core = bare(label) or label
    return hashlib.sha256(core.encode("utf-8")).hexdigest()[:12]


def cjk_len(text: str) -> int:
    """Length of the comparison form (ideographs, letters, digits)."""
    return len(bare(text))


def iter_lines(text: str) -> Iterator[tuple[int, int, str]]:
    """``(start, end, line)`` for every line of ``text`` (``end`` excludes the newline)."""
    pos = 0
    for line in text.split("\n"):
        yield pos, pos + len(line), line
        pos += len(line) + 1


def paragraph_gap(lines: list[tuple[int, int, str]]) -> int:
    """:func:`kg.text.boilerplate.paragraph_gap` of :func:`iter_lines` output."""
    return _paragraph_gap(line for _s, _e, line in lines)


def strip_span(text: str, start: int, end: int, chars: str = _EDGE) -> tuple[int, int]:
    """Shrink ``[start, end)`` past ``chars`` at both ends."""
    while start < end and text[start] in chars:
        start += 1
    while end > start and text[end - 1] in chars:
        end -= 1
    return start, end


def quotes_in(text: str, start: int = 0, end: int | None = None) -> list[tuple[int, int, str]]:
    """Quoted phrases in ``text[start:end]`` as ``(outer_start, outer_end, inner_text)``."""
    segment = text[start:end] if end is not None else text[start:]
    out = []
    for m in QUOTED.finditer(segment):
        inner = next(g for g in m.groups() if g is not None)
        out.append((start + m.start(), start + m.end(), inner))
    return out


# ---------------------------------------------------------------------------------------
# Numbers

_CN_DIGIT = {"零": 0, "〇": 0, "○": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5,
             "六": 6, "七": 7, "八": 8, "九": 9}
_CN_UNIT = {"十": 10, "百": 100, "千": 1000}
CN_NUM_CHARS = "零〇○一二两三四五六七八九十百千廿卅"


def _local_cn_int(text: str) -> int | None:
    text = text.strip().replace("廿", "二十").replace("卅", "三十")
    if not text:
        return None
    if text.isdigit():
        return int(text)
    if all(ch in _CN_DIGIT for ch in text) and len(text) > 1:
        return int("".join(str(_CN_DIGIT[ch]) for ch in text))
    total, current = 0, 0
    for ch in text:
        if ch in _CN_DIGIT:
            current = _CN_DIGIT[ch]
        elif ch in _CN_UNIT:
            total += (current or 1) * _CN_UNIT[ch]
            current = 0
        else:
            return None
    return total + current


def cn_int(text: str) -> int | None:
    """An integer written with Arabic digits or Chinese numerals (十, 二十一, 21)."""
    try:
        from kg.extractors._numerals import parse_cn_int
    except ImportError:  # the shared numerals module is optional for these extractors
        return _local_cn_int(text)
    value = parse_cn_int(text)
    return value if value is not None else _local_cn_int(text)


# ---------------------------------------------------------------------------------------
# Headings and numbering

#: Item markers: (一) （一） 一、 1. 1、 (1) ①, with the level family they belong to.
MARKERS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("cn", re.compile(r"^[一二三四五六七八九十]{1,3}\s*[、.．]\s*")),
    ("pcn", re.compile(r"^[(（]\s*[一二三四五六七八九十]{1,3}\s*[)）]\s*[、.]?\s*")),
    # 1. but not 1.5 (a decimal); 1.9月1日, a full-width 1．9月1日 folded, is a marker
    ("num", re.compile(r"^\d{1,2}\s*(?:[、．]|\.(?!\d)|\.(?=\d{1,2}\s*月\s*\d{1,2}\s*[日号]))\s*")),
    ("pnum", re.compile(r"^[(（]\s*\d{1,2}\s*[)）]\s*")),
    ("circ", re.compile(r"^[①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳]\s*")),
)


def marker(line: str) -> tuple[str, int, int] | None:
    """``(family, ordinal, length)`` of the item marker at the start of ``line``, if any."""
    for family, rx in MARKERS:
        m = rx.match(line)
        if m:
            digits = re.sub(r"[^0-9一二三四五六七八九十①-⑳]", "", m.group(0))
            if family == "circ":
                ordinal = ord(digits[0]) - ord("①") + 1
            else:
                ordinal = cn_int(digits) or 0
            return family, ordinal, m.end()
    return None


# ---------------------------------------------------------------------------------------
# Dates (a small local reader: month/day with an optional year)

_SMALL = rf"(?:\d{{1,2}}|[{CN_NUM_CHARS}]{{1,3}})"
DATE = re.compile(
    rf"(?:(?P<y>(?:19|20)\d{{2}}|[〇○零一二三四五六七八九]{{4}})\s*年\s*)?"
    rf"(?P<m>{_SMALL})\s*月\s*(?P<d>{_SMALL})\s*[日号]"
)


def parse_date(m: re.Match[str], default_year: int | None) -> str | None:
    """ISO date of a :data:`DATE` match, using ``default_year`` when no year is written."""
    import datetime as dt

    year = cn_int(m["y"]) if m["y"] else default_year
    month, day = cn_int(m["m"]), cn_int(m["d"])
    if year is None or month is None or day is None:
        return None
    try:
        return dt.date(year, month, day).isoformat()
    except ValueError:
        return None


# ---------------------------------------------------------------------------------------
# Rules file


@lru_cache(maxsize=1)
def rules() -> dict[str, Any]:
    """The word lists of ``data/extraction.yaml`` (loaded once)."""
    try:
        data = yamlio.safe_load(RULES_FILE.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        raise ConfigError(f"{RULES_FILE}: cannot read extraction rules: {exc}") from exc
    if not isinstance(data, dict):
        raise ConfigError(f"{RULES_FILE}: expected a mapping of rule groups")
    return data


def words(group: str, name: str) -> list[str]:
    """A word list from the rules file, longest first (so alternations prefer long words)."""
    try:
        value = rules()[group][name]
    except KeyError as exc:
        raise ConfigError(f"{RULES_FILE}: missing word list {group}.{name}") from exc
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise ConfigError(f"{RULES_FILE}: {group}.{name} must be a list of strings")
    return sorted(value, key=len, reverse=True)


@lru_cache(maxsize=None)  # the rules are loaded once, and extractors ask again per text
def alternation(group: str, name: str) -> str:
    """A regex alternation ``(?:a|b|...)`` of a word list."""
    return "(?:" + "|".join(re.escape(w) for w in words(group, name)) + ")"


def campaign_years(facts: Any) -> list[int]:
    """The campaign years earlier extractors found, stated ones first."""
    found = facts.get("year") if facts is not None else []
    stated = [int(f.value) for f in found if not f.attr("inferred")]
    inferred = [int(f.value) for f in found if f.attr("inferred")]
    out: list[int] = []
    for y in stated + inferred:
        if y not in out:
            out.append(y)
    return out


def stated_years(facts: Any) -> list[int]:
    found = facts.get("year") if facts is not None else []
    return sorted({int(f.value) for f in found if not f.attr("inferred")})


# ---------------------------------------------------------------------------------------
# Whose campaign is it?

_TITLE_HINT = re.compile(r"方案|通知|意见|安排|计划|要点|活动|启动|开幕")
_QM = re.compile(r"[“\"「『]?\s*质量月\s*[”\"」』]?")


def local_scope(text: str) -> bool:
    """Whether the text is a provincial/city/county (or an organisation's) plan or report
    rather than national.

    Looks at the title-like lines of the head of the text: a line that names the campaign
    (质量月) with a place name (…省/市/区/县…) and without 全国 before it, e.g.
    ``苏州市2012年“质量月”活动方案``. A title with 全国 makes the text national.
    """
    head_lines = [ln.strip() for ln in text[:1500].split("\n") if ln.strip()][:12]
    suffixes = "".join(words("themes", "place_suffixes"))
    place = re.compile(rf"[\u4e00-\u9fff]{{1,8}}[{suffixes}]")
    # An organisation's own plan (中国石化集团2011年“质量月”活动方案) is not national either.
    org = re.compile(rf"[\u4e00-\u9fff]{{1,12}}{alternation('themes', 'org_words')}")
    for line in head_lines:
        if len(line) > 70 or "质量月" not in line or not _TITLE_HINT.search(line):
            continue
        before = line[: line.index("质量月")]
        if "全国" in before:
            return False
        if place.search(before) and not re.search(r"质量强[省市区县]|[省市区县]级", before):
            return True
        if org.search(before) and re.search(r"方案|计划|安排|要点", line):
            return True
    markers = alternation("themes", "local_markers")
    if not re.search(r"全国\s*[“\"「]?\s*质量月", text) and re.search(
        rf"{markers}[^。;；\n]{{0,20}}质量月", text
    ):
        return True
    return False
