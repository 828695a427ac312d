"""Date and year numerals shared by the year, document and date extractors.

Chinese documents write years digit by digit (二○一○年, 二〇一〇年, 二零一零年, 一九七八年) and
months and days as counting numerals (六月十三日, 二十一日, 卅一日); web pages write 2011.9.21,
2011-09-21 or 2011/9/21; English translations write "June 13, 2010" or "13 June 2010".
Every pattern here works on normalised text (full-width ASCII already folded).
"""

from __future__ import annotations

import datetime as _dt
import functools
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from kg import yamlio

# Plausible campaign-era years (Quality Month began in 1978; foreign ones in 1960).
MIN_YEAR = 1900
MAX_YEAR = 2099

_CN_DIGITS = {
    "〇": 0, "○": 0, "零": 0, "Ｏ": 0, "O": 0, "o": 0, "0": 0,
    "一": 1, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9,
    "1": 1, "2": 2, "3": 3, "4": 4, "5": 5, "6": 6, "7": 7, "8": 8, "9": 9,
}
_CN_SMALL = {"一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8,
             "九": 9}

# Character classes for regexes.
CN_YEAR_DIGIT = "〇○零一二三四五六七八九"
CN_COUNT = "一二两三四五六七八九十廿卅"

#: A year written with Arabic digits, not part of a longer number.
ARABIC_YEAR = r"(?<![\d.])(?:19|20)\d{2}(?![\d])"
#: A year written digit by digit with Chinese numerals (二○一○).
CN_YEAR = rf"[{CN_YEAR_DIGIT}]{{4}}"
#: A month or day number: Arabic (1-31) or Chinese counting numeral (十三, 二十一, 卅一).
SMALL = rf"(?:\d{{1,2}}|[{CN_COUNT}]{{1,3}})"

# Full Chinese date: 2010年6月13日, 二○一○年六月十三日, 2010 年 6 月 13 日.
CN_DATE = re.compile(
    rf"(?P<y>{ARABIC_YEAR}|{CN_YEAR})\s*年\s*(?P<m>{SMALL})\s*月\s*(?P<d>{SMALL})\s*[日号]"
)
# Numeric date: 2011.9.21, 2011-09-21, 2011/9/21 (same separator twice).
NUM_DATE = re.compile(
    r"(?<![\d.])(?P<y>(?:19|20)\d{2})(?P<sep>[.\-/])(?P<m>\d{1,2})(?P=sep)(?P<d>\d{1,2})(?![\d])"
)
_MONTHS = {
    "january": 1, "february": 2, "march": 3, "april": 4, "may": 5, "june": 6, "july": 7,
    "august": 8, "september": 9, "october": 10, "november": 11, "december": 12,
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "jun": 6, "jul": 7, "aug": 8, "sep": 9,
    "sept": 9, "oct": 10, "nov": 11, "dec": 12,
}
_MONTH_NAMES = "|".join(sorted(_MONTHS, key=len, reverse=True))
# English dates: June 13, 2010 / 13 June 2010 / June 13 (year elsewhere).
# Within a line: "on 3 September.\n2. Organizing …" is no September 2.
EN_DATE_MDY = re.compile(
    rf"\b(?P<mn>{_MONTH_NAMES})\.?[ \t\u00a0]+(?P<d>\d{{1,2}})(?:st|nd|rd|th)?"
    rf"(?:,?[ \t\u00a0]*(?P<y>(?:19|20)\d{{2}}))?\b",
    re.IGNORECASE,
)
EN_DATE_DMY = re.compile(
    rf"\b(?P<d>\d{{1,2}})(?:st|nd|rd|th)?[ \t\u00a0]+(?P<mn>{_MONTH_NAMES})\.?"
    rf"(?:,?[ \t\u00a0]*(?P<y>(?:19|20)\d{{2}}))?\b",
    re.IGNORECASE,
)
# Month and day without a year: 8月31日, 九月一日.
CN_MONTH_DAY = re.compile(rf"(?P<m>{SMALL})\s*月\s*(?P<d>{SMALL})\s*[日号]")


def parse_year(text: str) -> int | None:
    """A year written with Arabic or digit-by-digit Chinese numerals.

    >>> parse_year("二○一○"), parse_year("二零二一"), parse_year("1978"), parse_year("20xx")
    (2010, 2021, 1978, None)
    """
    text = text.strip()
    if len(text) != 4:
        return None
    digits = [_CN_DIGITS.get(ch) for ch in text]
    if any(d is None for d in digits):
        return None
    year = int("".join(str(d) for d in digits))
    return year if MIN_YEAR <= year <= MAX_YEAR else None


def parse_small(text: str) -> int | None:
    """A counting number from 1 to 99: ``13``, ``十三``, ``二十一``, ``廿一``, ``三十``.

    >>> parse_small("十"), parse_small("二十一"), parse_small("卅一"), parse_small("09")
    (10, 21, 31, 9)
    """
    text = text.strip()
    if not text:
        return None
    if text.isdigit():
        return int(text)
    text = text.replace("廿", "二十").replace("卅", "三十")
    if "十" in text:
        head, _, tail = text.partition("十")
        if "十" in tail:
            return None
        tens = _CN_SMALL.get(head) if head else 1
        units = _CN_SMALL.get(tail) if tail else 0
        if tens is None or units is None:
            return None
        return tens * 10 + units
    if len(text) == 1:
        return _CN_SMALL.get(text)
    return None


def iso(year: int | None, month: int | None, day: int | None) -> str | None:
    """``YYYY-MM-DD`` if the three parts make a real calendar date, else ``None``."""
    if year is None or month is None or day is None:
        return None
    try:
        return _dt.date(year, month, day).isoformat()
    except ValueError:
        return None


def month_number(name: str) -> int | None:
    """English month name or abbreviation → 1..12."""
    return _MONTHS.get(name.lower().rstrip("."))


@dataclass(frozen=True)
class DateMatch:
    """A date found in text: ``year`` is ``None`` when only month and day are written."""

    start: int
    end: int
    year: int | None
    month: int
    day: int

    def iso(self, year: int | None = None) -> str | None:
        return iso(self.year if self.year is not None else year, self.month, self.day)


def find_dates(text: str) -> list[DateMatch]:
    """Every date in ``text`` (full dates first claim their characters), sorted by position.

    Month-day dates without a year (8月31日, August 31) carry ``year=None``; masked years
    (20xx年6月13日) are treated as missing, never guessed.
    """
    found: list[DateMatch] = []
    taken: list[tuple[int, int]] = []

    def free(s: int, e: int) -> bool:
        return all(e <= a or s >= b for a, b in taken)

    def add(s: int, e: int, y: int | None, m: int | None, d: int | None) -> None:
        if m is None or d is None or not free(s, e):
            return
        if iso(y if y is not None else 2000, m, d) is None:  # 2000 is a leap year
            return
        found.append(DateMatch(s, e, y, m, d))
        taken.append((s, e))

    for mt in CN_DATE.finditer(text):
        add(mt.start(), mt.end(), parse_year(mt["y"]), parse_small(mt["m"]), parse_small(mt["d"]))
    for mt in NUM_DATE.finditer(text):
        add(mt.start(), mt.end(), int(mt["y"]), int(mt["m"]), int(mt["d"]))
    for rx in (EN_DATE_MDY, EN_DATE_DMY):
        for mt in rx.finditer(text):
            y = int(mt["y"]) if mt["y"] else None
            add(mt.start(), mt.end(), y, month_number(mt["mn"]), int(mt["d"]))
    for mt in CN_MONTH_DAY.finditer(text):
        s = mt.start()
        # 20xx年6月13日: a masked year is no year, and the month-day is not a free date either.
        if re.search(r"(?:\d{2}|[xX]{2})[xX×*]{2}\s*年\s*$", text[max(0, s - 6):s]):
            continue
        add(s, mt.end(), None, parse_small(mt["m"]), parse_small(mt["d"]))
    found.sort(key=lambda d: d.start)
    return found


DATA_DIR = Path(__file__).resolve().parents[2] / "data"

# A month and day glued to the name of the event it names (9.15质量开放日, “9·15”质量开放日活动,
# 3·15晚会): not after a digit, a letter or a point (V2.15, 93.15%, 1.2.15), nor 第 (第3.15条),
# nor followed by another digit or point; the name right after it (up to 12 characters) ends in
# an event word, and does not start with a unit (3.15分, 3.15万元…活动经费).
_GLUED = (r"(?<![\dA-Za-z.．·・•])(?P<open>[“\"「『]?)(?P<m>1[0-2]|0?[1-9])[.．·・•]"
          r"(?P<d>[12]\d|3[01]|0?[1-9])(?![\d.．·・•%％])[”\"」』]?")


@functools.cache
def _glued_rx() -> re.Pattern[str] | None:
    from kg.extractors._text import alternation, words  # (no import cycle at module load)

    units = "".join(re.escape(u) for u in cues()["dates"].get("number_units") or [])
    if not units or not words("activities", "event_words"):
        return None
    events = alternation("activities", "event_words")
    return re.compile(rf"{_GLUED}(?=[“”\"]?(?![{units}])[\u4e00-\u9fff“”\"]{{0,12}}?{events})")


@functools.cache
def _number_leads() -> tuple[str, ...]:
    return tuple(cues()["dates"].get("number_leads") or ())


def find_glued_dates(text: str) -> list[DateMatch]:
    """Month-day dates written m.d or m·d glued to the event they name (9.15质量开放日 →
    September 15, year unknown), never one that opens its line (a section number: 3.15质量…).

    >>> [(d.month, d.day) for d in find_glued_dates("开展9·15质量开放日活动，得分3.15分")]
    [(9, 15)]
    """
    rx = _glued_rx()
    if rx is None:
        return []
    out = []
    for m in rx.finditer(text):
        line_start = text.rfind("\n", 0, m.start()) + 1
        if not text[line_start:m.start()].strip(" \t\u3000"):
            continue  # 3.15质量…: a section number at the head of its line
        s = m.start("m")
        if any(text.endswith(w, 0, m.start()) for w in _number_leads()):
            continue  # 第3.15条, 版本2.15: a number of a clause or a version
        month, day = int(m["m"]), int(m["d"])
        if iso(2000, month, day) is not None:
            out.append(DateMatch(s, m.end("d"), None, month, day))
    return out


@functools.cache
def cues() -> dict[str, Any]:
    """The cue-word lists of ``data/years.yaml`` (loaded once)."""
    with open(DATA_DIR / "years.yaml", encoding="utf-8") as fh:
        return yamlio.safe_load(fh)


@functools.cache
def is_phase(heading: str) -> bool:
    """启动阶段 / 集中开展阶段（9月6日至9月25日） / 第二阶段：集中开展: a phase of a plan (its
    heading up to a bracket or colon ends with a ``phase_words`` word, or starts with 第N…)."""
    words = cues()["dates"].get("phase_words") or []
    if not words:
        return False
    alt = "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))
    head = re.split(r"[（(:：。，,；;]", heading.strip(), maxsplit=1)[0].strip()
    return bool(re.fullmatch(rf"[\u4e00-\u9fff]{{0,8}}(?:{alt})", head)
                or re.match(rf"第[一二三四五六七八九十\d]{{1,2}}(?:{alt})", head))


_TOP_HEADING = re.compile(r"(?m)^[ \t\u3000]*[一二三四五六七八九十]+、[^\n]*$")


def past_heading(text: str, pos: int) -> str | None:
    r"""The top-level heading (``一、``) of the section holding ``pos`` when it tells what
    it heads as done (a ``past`` word: ``一、2019年“质量月”活动回顾`` before ``二、2020年活动安排``),
    else ``None``.

    >>> t = "一、2019年活动回顾\n2019年9月6日举办发表赛。\n二、2020年活动安排\n举办论坛。"
    >>> past_heading(t, t.index("发表赛")), past_heading(t, t.index("论坛"))
    ('一、2019年活动回顾', None)
    """
    heading = None
    for m in _TOP_HEADING.finditer(text, 0, pos):
        heading = m.group(0).strip(" \t\u3000")
    if heading and any(w in heading for w in cues()["past"]):
        return heading
    return None


def first_campaign_year() -> int:
    """``first_year`` of ``data/campaigns.yaml``: the year of the first national campaign."""
    with open(DATA_DIR / "campaigns.yaml", encoding="utf-8") as fh:
        data = yamlio.safe_load(fh) or {}
    return int(data.get("first_year") or 1978)


def campaign_of_event(iso_date: str, years: list[int]) -> int | None:
    """The campaign an event dated ``iso_date`` belongs to when it is not the text's own
    (``years``): its year if a campaign ran then, ``0`` if none did (before the first one);
    ``None`` when it is of the text's campaign, or the text states no year.

    >>> campaign_of_event("1978-08-31", [2021]), campaign_of_event("1960-11-01", [2018])
    (1978, 0)
    >>> campaign_of_event("2021-09-01", [2021]) is None, campaign_of_event("2021-09-01", [])
    (True, None)
    """
    if not years or not iso_date[:4].isdigit():
        return None
    year = int(iso_date[:4])
    if year in years:
        return None
    return year if year >= first_campaign_year() else 0


# ---------------------------------------------------------------------------
# Text structure: lines, sentences and clauses (offsets in the normalised text).

_STRIP = " \t\r\u3000\u00a0"


@dataclass(frozen=True)
class Line:
    """A non-blank line with surrounding whitespace removed; ``start``/``end`` span ``text``."""

    start: int
    end: int
    text: str


def lines_of(text: str) -> list[Line]:
    """The non-blank lines of ``text``."""
    return list(_lines_of(text))


@functools.lru_cache(maxsize=8)  # every extractor asks for the lines of the same text
def _lines_of(text: str) -> tuple[Line, ...]:
    out: list[Line] = []
    pos = 0
    for raw in text.split("\n"):
        left = len(raw) - len(raw.lstrip(_STRIP))
        body = raw.strip(_STRIP)
        if body:
            out.append(Line(pos + left, pos + left + len(body), body))
        pos += len(raw) + 1
    return tuple(out)


_ZH_STOPS = "。！？；!?;\n"
_CLAUSE_STOPS = _ZH_STOPS + "，,：:"


def _is_en_stop(text: str, i: int) -> bool:
    """A full stop that ends an English sentence (not ``No. 5``, ``U.S.`` or ``2011.9.21``)."""
    if text[i] != "." or i + 1 >= len(text) or not text[i + 1].isspace():
        return False
    word = re.search(r"[A-Za-z.]*$", text[max(0, i - 6):i])
    token = word.group(0) if word else ""
    abbreviation = token in ("No", "no", "Nos") or "." in token
    return not (abbreviation or (len(token) == 1 and token.isupper()))


def bounds(text: str, pos: int, end: int | None = None, *, clause: bool = False) -> tuple[int, int]:
    """Start and end of the sentence (or clause) around ``text[pos:end]``."""
    stops = _CLAUSE_STOPS if clause else _ZH_STOPS
    end = pos if end is None else end
    s = pos
    while s > 0 and text[s - 1] not in stops and not _is_en_stop(text, s - 1):
        s -= 1
    e = end
    while e < len(text) and text[e] not in stops and not _is_en_stop(text, e):
        e += 1
    return s, e


# ---------------------------------------------------------------------------
# Dates that date the whole text.

_TIME = re.compile(r"\d{1,2}:\d{2}(?::\d{2})?")
# A date with a year has 年 or a digit (2011.9.21, Sept 1, 2022): a line without is skipped.
_MAY_HOLD_YEAR = re.compile(r"[年\d]")
_SCHEDULE_HEAD = re.compile(r"(?:时间|日期|期间)[:：]?$|[:：]$")
_LINE_PUNCT = re.compile(r"[\s()（）\[\]【】〔〕:：|/·,，\-—]+")


def date_lines(text: str, *, labelled: bool = False) -> list[tuple[DateMatch, Line]]:
    """Lines that carry a full date and nothing else (a signature date, a page date line).

    With ``labelled`` the line may also carry page metadata (发布时间：…, 来源：…, 10:22).
    """
    return list(_date_lines(text, labelled))


@functools.lru_cache(maxsize=8)  # asked for the same text by several extractors
def _date_lines(text: str, labelled: bool) -> tuple[tuple[DateMatch, Line], ...]:
    labels = cues()["kind"]["date_labels"]
    out: list[tuple[DateMatch, Line]] = []
    prev: Line | None = None
    for line in lines_of(text):
        # A date under 活动时间： is a schedule, not the date of the text.
        schedule = prev is not None and _SCHEDULE_HEAD.search(prev.text)
        prev = line
        if len(line.text) > 100 or schedule or not _MAY_HOLD_YEAR.search(line.text):
            continue
        dates = [d for d in find_dates(line.text) if d.year is not None]
        if not dates:
            continue
        d = dates[0]
        rest = line.text[:d.start] + " " + line.text[d.end:]
        rest = _TIME.sub(" ", rest)
        if labelled:
            for word in sorted(labels, key=len, reverse=True):
                rest = rest.replace(word, " ")
            # A sentence is no metadata line (the comma of "Sept 2, 2020" does not count).
            if re.search(r"[。，,；;！？]", rest):
                continue
            # What is left may be a source name or an author: short and without a sentence.
            if len(_LINE_PUNCT.sub("", rest)) > 24:
                continue
            if not any(w in line.text for w in labels) and _LINE_PUNCT.sub("", rest) \
                    and not (d.start == 0 and _source_name(_LINE_PUNCT.sub("", rest))):
                continue
        elif _LINE_PUNCT.sub("", rest):
            continue
        shifted = DateMatch(line.start + d.start, line.start + d.end, d.year, d.month, d.day)
        out.append((shifted, line))
    return tuple(out)


def _source_name(rest: str) -> bool:
    """A publication's name after a date, without a 来源 label: 2020年09月02日 08:15 四川日报."""
    suffixes = tuple(cues()["kind"]["source_suffixes"])
    # Sept 1, 2022 | Xinhua: one capitalised word (spaces are already removed).
    return (len(rest) <= 12 and rest.endswith(suffixes)) or bool(
        re.fullmatch(r"[A-Z][A-Za-z.]{1,30}", rest))


def page_date(text: str) -> tuple[DateMatch, Line] | None:
    """The date line at the head of a web page or news report (2011.9.21, 发布时间：…)."""
    lines = lines_of(text)
    top = lines[0].start if lines else 0
    limit = top + max(600, (len(text) - top) // 4)
    for d, ln in date_lines(text, labelled=True):
        if ln.start <= limit:
            return d, ln
    # A newspaper's print credit at the foot: 《经济日报》（2020年09月02日　第03版）.
    for ln in reversed(lines[-3:]):
        m = _PRINT_CREDIT.fullmatch(ln.text)
        dates = [d for d in find_dates(ln.text) if d.year is not None] if m else []
        if dates:
            d = dates[0]
            return DateMatch(ln.start + d.start, ln.start + d.end, d.year, d.month, d.day), ln
    return None


_PRINT_CREDIT = re.compile(
    r"[（(]?\s*《[^》\n]{2,20}》\s*[（(]?\s*[^()（）\n]{6,20}?\s*"
    r"(?:第\s*[\d一二三四五六七八九十]{1,3}\s*版|[A-Z]?\d{1,2}\s*版)?\s*[)）]?\s*[)）]?")


@functools.cache
def _signing_label_rx() -> re.Pattern[str] | None:
    words = sorted(cues()["dates"].get("signing_labels") or [], key=len, reverse=True)
    if not words:
        return None
    return re.compile(rf"(?:{'|'.join(map(re.escape, words))})[ \t\u3000]*[:：][ \t\u3000]*")


def signing_date(text: str) -> DateMatch | None:
    """The date after a signing-date label of a document page's metadata (文号：国市监质发〔2019〕
    69号　　成文日期：2019年8月20日), wherever the row stands and whatever else it holds."""
    rx = _signing_label_rx()
    if rx is None:
        return None
    for m in rx.finditer(text):
        window = text[m.end():m.end() + 24]
        d = next((d for d in find_dates(window) if d.start == 0 and d.year is not None), None)
        if d:
            return DateMatch(m.end(), m.end() + d.end, d.year, d.month, d.day)
    return None


def text_date(text: str) -> tuple[DateMatch, str] | None:
    """The date of the text itself and where it stands (``signature``, ``signed`` or
    ``dateline``).

    A line that is only a date under the text (二○一○年六月十三日 under the issuers) comes
    first; then a page's signing-date label (成文日期：2019年8月20日, even on the row of the
    文号), as the day the text was signed: the signature is the text's own word for that day, so
    it wins when both are there and differ (a page's metadata may be typed in later, or be the
    day it was registered); then a date line under a headline (2011.9.21) or a labelled date
    line at the head of a page (发布时间：…), which say when it was put out, not signed.
    """
    lines = lines_of(text)
    top = lines[0].start if lines else 0
    for d, ln in date_lines(text):
        if ln.start - top >= 200:
            return d, "signature"
        signed = signing_date(text)
        return (signed, "signed") if signed else (d, "dateline")
    signed = signing_date(text)
    if signed:
        return signed, "signed"
    dated = page_date(text)
    return (dated[0], "dateline") if dated else None
