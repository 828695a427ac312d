"""The campaign year(s) a text is about, its title and its kind.

A text names many years; only some are the Quality Month it is about. Every year written in
the text is scored by what stands around it (关于开展2010年全国“质量月”活动的通知 scores high,
始于1978年 or 日本于1960年 score nothing), and the year(s) with most evidence are kept. When
no year is stated, ``year_inference`` may infer one from the theme or a dated page, and marks
it ``inferred``.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import cache

from kg import yamlio

from kg.extractors import Facts, extractor
from kg.extractors._dates import (
    ARABIC_YEAR,
    CN_YEAR,
    DATA_DIR,
    Line,
    bounds,
    cues,
    find_dates,
    lines_of,
    page_date,
    past_heading,
    parse_small,
    parse_year,
    text_date,
)
from kg.extractors._text import bare, contains_text, fold_ws, marker, same_text
from kg.model import Document, Fact, Span, make_attrs

# Evidence weights. A year needs MIN_SCORE in total, and at least RELATIVE of the best year's.
TITLE = 10  # 关于开展2010年全国“质量月”活动的通知 / Notice on ... the 2019 National "Quality Month"
DIRECT = 6  # 2010年全国“质量月” / 2019 National Quality Month
SEPTEMBER = 6  # 2010年9月 ... 开展 ... “质量月”
ORDINAL = 6  # 第43个“质量月”, counted from a stated first year
THIS_YEAR = 4  # 今年“质量月” on a page dated 2011.9.21
CLAUSE = 2  # a year in the same clause as 质量月
SENTENCE = 1  # a year in the same sentence as 质量月
ORIGIN_CAP = 1  # an origin mention (始于1978年) counts at most this, except in a history text
MIN_SCORE = 4
RELATIVE = 0.5

_QM = re.compile(r"质量月|quality\s+month", re.IGNORECASE)
_YEAR = re.compile(rf"{ARABIC_YEAR}|{CN_YEAR}(?=\s*年)")
_Q = "“\"「『‘'"
# 2010年全国“质量月”, 2019年度江苏省质量月, 2019年“质量月”: only a place may stand between.
_REGION = r"(?:[\u4e00-\u9fff]{0,8}?(?:全国|省|市|区|县|州|旗|盟|局|系统|行业))"
_DIRECT_ZH = re.compile(
    rf"^\s*年\s*(?:度\s*)?{_REGION}?\s*[{_Q}]?\s*质量月"
    # 2020年是第43个全国“质量月”: the year named as the campaign
    rf"|^\s*年\s*[,，]?\s*(?:是|为)\s*(?:我国)?\s*第\s*[\d一二三四五六七八九十]{{1,4}}\s*个\s*"
    rf"{_REGION}?\s*[{_Q}]?\s*质量月")
_DIRECT_EN_AFTER = re.compile(r"^\s*(?:national\s+)?['\"“‘]?\s*quality\s+month", re.IGNORECASE)
_DIRECT_EN_BEFORE = re.compile(
    r"quality\s+month['\"”’]?\s*(?:activities\s+|campaign\s+)?(?:in|of|for)\s*$", re.IGNORECASE
)
_SEPT_ZH = re.compile(r"^\s*年\s*(?:9|九)\s*月")
_SEPT_EN = re.compile(r"\bsept(?:ember|\.)?,?\s*$", re.IGNORECASE)
_RANGE_BEFORE = re.compile(r"(?:19|20)\d{2}\s*年?\s*(?:[-—–~～]|至|到|to)\s*$")
_RANGE_AFTER = re.compile(r"^\s*年?\s*(?:[-—–~～]|至|到|to)\s*(?:19|20)\d{2}")
_BRACKET_BEFORE = re.compile(r"[〔\[（(［【]\s*$")
_BRACKET_AFTER = re.compile(r"^\s*[〕\]）)］】]")
_ORDINAL = re.compile(
    r"第\s*(?P<n>\d{1,3}|[一二三四五六七八九十]{1,4})\s*(?:个|届|次)\s*(?:全国\s*)?[“\"]?\s*质量月"
    r"|\b(?P<en>\d{1,2})(?:st|nd|rd|th)\s+(?:national\s+)?[\"“']?\s*quality\s+month",
    re.IGNORECASE,
)
_ORIGIN_STATED = re.compile(
    rf"(?:始于|起源于|开始于)\s*(?P<a>{ARABIC_YEAR}|{CN_YEAR})\s*年"
    rf"|(?P<b>{ARABIC_YEAR}|{CN_YEAR})\s*年[^。；;\n]{{0,30}}?(?:第一个|首个|第一次|首次|首届)"
    r"[^。；;\n]{0,12}?质量月"
    r"|since\s+(?P<c>(?:19|20)\d{2})"
)
_TITLE_LINE_ZH = re.compile(r"^《?(.{0,60}?关于.{2,90}?的(?:通知|通报|意见|决定|函|方案|公告))》?$")
_TITLE_LINE_EN = re.compile(
    r"^(?:(?:Notice|Circular|Announcement|Plan)\s+(?:on|of|about|for)\b.{5,200})$", re.IGNORECASE
)
_QUOTED_TITLE = re.compile(r"《(?P<t>[^《》\n]{4,120}?(?:通知|方案|意见))》")
_CJK = re.compile(r"[\u4e00-\u9fff]")


@dataclass
class _Occurrence:
    year: int
    start: int
    end: int
    score: int
    rule: str
    origin: bool = False
    past: bool = False  # told as done (2015年9月…期间各地共举办…): a campaign before this one


# ---------------------------------------------------------------------------
# Title and kind


def find_title(text: str) -> tuple[str, Span, bool] | None:
    """The title of the text: value, span, and whether it stands on its own line.

    In order: a 关于…的通知 (or "Notice on ...") line near the top; a quoted 《关于…质量月…通知》
    the text reports on; a short heading line that names 质量月; the first heading-like line.
    """
    lines = lines_of(text)
    head = [ln for ln in lines if ln.start <= max(len(text) * 0.4, 300)]
    for ln in head:
        m = _TITLE_LINE_ZH.match(ln.text) or _TITLE_LINE_EN.match(ln.text)
        if m and "。" not in ln.text and not _enumerated(ln.text):
            value = m.group(1) if m.lastindex else m.group(0)
            if _CJK.search(value):  # 市场监管总局 中央宣传部 … 关于开展…: issuers listed before it
                at = value.index("关于")
                # 标  题:关于…: a metadata label is no part of the title
                if re.search(r"[:：]", value[:at]):
                    lead = re.split(r"[:：]", value[:at])[-1]
                elif _JOINT_ISSUERS.fullmatch(value[:at]):
                    # 市场监管总局　工业和信息化部关于开展…: a joint title names its issuers, set
                    # apart by spaces, and the last one glued to 关于; all are the title's
                    lead = value[:at]
                else:
                    lead = re.split(r"\s+", value[:at])[-1]
                value = lead.strip() + value[at:]
            s = ln.start + ln.text.index(value)
            return fold_ws(value), Span(s, s + len(value)), True
    for m in _QUOTED_TITLE.finditer(text):
        if _QM.search(m["t"]) and "关于" in m["t"] and not _cited_before(text, m.start()):
            return fold_ws(m["t"]), Span(m.start("t"), m.end("t")), False
    return headline(text)


def headline(text: str) -> tuple[str, Span, bool] | None:
    """The heading line of the text: a short line near the top that names 质量月 (or a
    方案, a 通知), else the first heading-like line of the first three."""
    lines = lines_of(text)
    head = [ln for ln in lines if ln.start <= max(len(text) * 0.4, 300)]
    for ln in head:
        if _heading_like(ln) and (_QM.search(ln.text) or re.search(r"方案|通知", ln.text)):
            # A page title with the site's name after it: …活动在京启动_新闻中心.
            site = _SITE_SUFFIX.match(ln.text)
            end = ln.start + len(site["head"]) if site and _QM.search(site["head"]) and not \
                _QM.search(site["site"]) else ln.end
            # A forum's or site's tag before the headline (【转贴】, 【原创】) is no part of it.
            tag = _HEADLINE_TAG.match(text, ln.start, end)
            start = tag.end() if tag and end - tag.end() >= 4 else ln.start
            # Nor is a metadata label (标题：, 文章标题：, Title:), before or after such a tag.
            label = _title_label().match(text, start, end)
            if label and end - label.end() >= 4:
                start = label.end()
                tag = _HEADLINE_TAG.match(text, start, end)
                start = tag.end() if tag and end - tag.end() >= 4 else start
            return fold_ws(text[start:end]), Span(start, end), True
    for ln in lines[:3]:
        if _heading_like(ln) and len(ln.text) <= 40 and not re.search(r"[，,：:]", ln.text):
            return fold_ws(ln.text), Span(ln.start, ln.end), True
    return None


# Issuers set apart by spaces, the last glued to 关于 (市场监管总局　工业和信息化部关于…).
_JOINT_ISSUERS = re.compile(r"(?:[\u4e00-\u9fff]{2,12}\s+)+[\u4e00-\u9fff]{2,12}")
_HEADLINE_TAG = re.compile(r"[【\[［][^【】\[\]［］\n]{1,6}[】\]］]\s*")


@cache
def _title_label() -> re.Pattern[str]:
    """A ``title_labels`` label and its colon at the start of a line (标 题：, Title:)."""
    words = sorted(cues()["kind"].get("title_labels") or [], key=len, reverse=True)
    alt = "|".join(r"[ \t\u3000]*".join(map(re.escape, w)) for w in words) or r"(?!)"
    return re.compile(rf"[ \t\u3000]*(?:{alt})[ \t\u3000]*[:：][ \t\u3000]*", re.IGNORECASE)


_SITE_SUFFIX = re.compile(r"^(?P<head>.+?)\s*(?:_|\||｜|\s[-—–]\s)\s*(?P<site>[^_|｜]{2,20})$")


def _enumerated(line: str) -> bool:
    """An item (一、 (二) 3.), an attachment or a dash item: body text, not a title."""
    return marker(line) is not None or line.startswith(("附件", "——"))


def _heading_like(ln: Line) -> bool:
    t = ln.text
    if not 4 <= len(t) <= 60 and not (_QM.search(t) and len(t) <= 120 and not _CJK.search(t)):
        return False
    # A question may head an explainer (什么是“质量月”？); other end punctuation ends a sentence.
    # So may a question that names the campaign, after a label (Q&A: What's new in this
    # year's Quality Month? / 专访：今年“质量月”有何新意？).
    question = re.search(r"[?？]$", t) and (
        (len(t) <= 30 and not re.search(r"[。，,；;：:]", t))
        or (_QM.search(t) and len(t) <= 80 and not re.search(r"[。，,；;]", t)))
    # So may an exclamation that names the campaign (…“质量月”活动启动了！, a post's headline).
    exclaimed = re.search(r"[!！]$", t) and _QM.search(t) and len(t) <= 80 and not re.search(
        r"[。，,；;：:]", t)
    if (re.search(r"[。，,；;：:!！?？]$", t) and not (question or exclaimed)) or "。" in t \
            or _enumerated(t):
        return False
    if any(d.year for d in find_dates(t)):  # a date line: 发布时间 2015-09-02 来源 …
        return False
    # navigation bars: 网站首页 工作范例 办公范例 ... (English words are spaced anyway)
    if len(re.findall(r"\s+", t)) > 2 and len(_CJK.findall(t)) > len(re.findall(r"[A-Za-z]", t)):
        return False
    # An excerpt cut mid-sentence (…月活动的通知》，决定…) is no heading.
    if re.match(r"^(?:…|\.\.\.)", t) or len(re.findall(r"[，,]", t)) > 1:
        return False
    if any(t.count(a) != t.count(b) for a, b in ("《》", "“”", "()", "（）")):
        return False
    return bool(_CJK.search(t) or re.search(r"[A-Za-z]{3}", t))


def _cited_before(text: str, pos: int) -> bool:
    """Whether the clause before ``pos`` cites (按照《…》, 根据…) rather than reports."""
    s, _ = bounds(text, pos)
    before = text[s:pos]
    return any(w in before for w in cues()["documents"]["citing"])


def is_english(doc: Document) -> bool:
    if doc.script == "english":
        return True
    letters = len(re.findall(r"[A-Za-z]", doc.text))
    cjk = len(_CJK.findall(doc.text))
    return letters > 3 * cjk and letters > 20


def classify(doc: Document, title: tuple[str, Span, bool] | None, own_number: bool,
             dated_page: bool, years_with_evidence: int) -> str:
    """notice | plan | news | history | english, by the first rule that applies."""
    text = doc.text
    words = cues()["kind"]
    if is_english(doc):
        return "english"
    title_text = title[0] if title else ""
    head = text[: max(400, len(text) // 5)]
    if any(w in title_text for w in words["history"]):
        return "history"
    # A note in brackets after the title (…实施方案（范本）, （试行）, （征求意见稿）) is no part
    # of what the text is.
    if re.sub(r"\s*[(（【\[][^()（）【】\[\]]{1,8}[)）】\]]$", "", title_text).endswith("方案"):
        return "plan"
    if own_number:
        return "notice"
    addressee = re.search(r"(?m)^[ \t\u3000]*各[^\n。]{2,200}[:：][ \t\u3000]*$", text)
    sections = len(re.findall(r"(?m)^[ \t\u3000]*[一二三四五六七八九十]+、", text))
    if addressee and sections >= 2:
        return "notice"
    if title and title[2] and title_text.endswith("通知"):
        return "notice"
    if any(w in head for w in words.get("notice_phrases") or []):
        return "notice"  # …通知如下 over the 活动方案 it asks for
    # A report's title (…活动总结, …开展情况) makes a report of the plan it tells of (8月下旬，
    # 我局印发《…实施方案》): a plan's title says 方案.
    if title_text and any(re.sub(r"\s*[(（【\[][^()（）【】\[\]]{1,8}[)）】\]]$", "", title_text)
                          .endswith(x) for x in words.get("report_titles") or []):
        return "news"
    # A byline (本报讯（记者 …）, …日电) makes a report of the plans it mentions (上海市等地已印发
    # 本地区活动方案): a plan's own text has none.
    if any(w in head for w in words.get("byline") or []):
        return "news"
    if any(w in head for w in words["plan"]):
        return "plan"
    if years_with_evidence >= 3:  # one text about three campaigns looks back
        return "history"
    if dated_page or any(w in head for w in words["news"]):
        return "news"
    return "notice" if sections >= 2 else "news"


# ---------------------------------------------------------------------------
# Years


def _occurrences(text: str) -> Iterator[_Occurrence]:
    c = cues()
    for m in _YEAR.finditer(text):
        year = parse_year(m.group(0))
        if year is None:
            continue
        s, e = m.start(), m.end()
        before, after = text[max(0, s - 40):s], text[e:e + 40]
        if _RANGE_BEFORE.search(before) or _RANGE_AFTER.match(after):
            continue  # 《纲要(2011-2020年)》
        if _BRACKET_BEFORE.search(before) and _BRACKET_AFTER.match(after):
            continue  # 国质检质联〔2010〕351号
        ss, se = bounds(text, s, e)
        cs, ce = bounds(text, s, e, clause=True)
        sentence, clause = text[ss:se], text[cs:ce]
        if _foreign(sentence):
            continue  # 日本于1960年11月举行第一次“质量月”活动
        line_s = text.rfind("\n", 0, s) + 1
        line_e = text.find("\n", e)
        line = text[line_s: line_e if line_e >= 0 else len(text)]
        score, rule = 0, ""
        if _DIRECT_ZH.match(after) or _DIRECT_EN_AFTER.match(after) or _DIRECT_EN_BEFORE.search(
            before
        ):
            score, rule = DIRECT, "direct"
            title_ctx = text[max(line_s, s - 30):s]
            if ("关于" in title_ctx or re.search(r"\b(?:notice|circular)\b", line, re.I)) and (
                _TITLE_LINE_ZH.match(line.strip()) or "《" in title_ctx or _TITLE_LINE_EN.match(
                    line.strip())
            ):
                score, rule = TITLE, "title"
        elif re.match(r"^\s*年\s*度", after):
            continue  # 2010年度“上海市市长质量奖”
        elif (_SEPT_ZH.match(after) or _SEPT_EN.search(before)) and _QM.search(sentence):
            score, rule = SEPTEMBER, "september"
        elif _QM.search(clause):
            score, rule = CLAUSE, "clause"
        elif _QM.search(sentence):
            score, rule = SENTENCE, "sentence"
        if not score:
            continue
        is_origin = _is_origin(before, after, clause)
        # Punctuation does not break a cue: 期间各地共 also in 期间，各地共举办.
        # So does a section headed as a review (一、2019年“质量月”活动回顾 before 二、2020年…).
        past = any(contains_text(sentence, w) for w in c["past"]) or bool(past_heading(text, s))
        yield _Occurrence(year, s, e, score, rule, is_origin, past)


def _alternation(words: list[str]) -> str:
    return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))


@cache
def _origin_patterns() -> tuple[re.Pattern[str], ...]:
    o = cues()["origin"]
    return (
        re.compile(rf"(?:{_alternation(o['zh_before'])})\s*$"),
        re.compile(rf"^\s*年\s*(?:{_alternation(o['zh_after'])})"),
        re.compile(rf"(?:{_alternation(o['zh_first'])})\s*(?:全国\s*)?[{_Q}]?\s*质量月"),
        re.compile(rf"(?:{_alternation(o['zh_clause'])}).*质量月"
                   rf"|质量月.*(?:{_alternation(o['zh_clause'])})"),
        re.compile(rf"\b(?:{_alternation(o['en_before'])})\s*(?:september\s+)?$", re.IGNORECASE),
        re.compile(rf"\b(?:{_alternation(o['en_first'])})\s+(?:national\s+)?['\"“‘]?\s*quality\s+month",
                   re.IGNORECASE),
    )


def _is_origin(before: str, after: str, clause: str) -> bool:
    """Whether a year is an origin mention: 始于1978年, 自2004年, 1978年以来,
    第一次全国“质量月”…于1978年, since 1978."""
    zh_before, zh_after, zh_first, zh_clause, en_before, en_first = _origin_patterns()
    return bool(
        zh_before.search(before) or zh_after.match(after) or en_before.search(before)
        or zh_first.search(clause) or zh_clause.search(clause) or en_first.search(clause)
    )


def _ordinal_occurrences(text: str) -> Iterator[_Occurrence]:
    """第43个“质量月” → 1978 + 42, when the text states the first year (始于1978年)."""
    first = None
    for m in _ORIGIN_STATED.finditer(text):
        first = parse_year(m["a"] or m["b"] or m["c"])
        if first:
            break
    if not first:
        return
    for m in _ORDINAL.finditer(text):
        n = parse_small(m["n"] or m["en"])
        if n and n > 1:
            yield _Occurrence(first + n - 1, m.start(), m.end(), ORDINAL, "ordinal")


def _this_year_occurrences(text: str) -> Iterator[_Occurrence]:
    """今年“质量月” in a dated text (a page's date line, a signature date): that year."""
    dated = text_date(text)
    if not dated:
        return
    c = cues()["this_year"]
    rx = re.compile("|".join(re.escape(w) for w in c["zh"] + c["en"]), re.IGNORECASE)
    for m in rx.finditer(text):
        ss, se = bounds(text, m.start(), m.end())
        if _QM.search(text[ss:se]) and not _foreign(text[ss:se]):
            yield _Occurrence(dated[0].year or 0, m.start(), m.end(), THIS_YEAR, "this_year")


def _mostly_foreign(text: str) -> bool:
    """Whether at least half the sentences naming a Quality Month are about another country's."""
    spans = {bounds(text, m.start(), m.end()) for m in _QM.finditer(text)}
    sentences = {text[s:e] for s, e in spans}
    foreign = sum(_foreign(s) for s in sentences)
    return foreign * 2 >= len(sentences) > 0


def _foreign(sentence: str) -> bool:
    """Whether a sentence is about another country's Quality Month (日本于1960年…, the
    American Society for Quality celebrates … in the United States)."""
    c = cues()["foreign"]
    return any(w in sentence for w in c["zh"]) or bool(_foreign_en().search(sentence))


@cache
def _foreign_en() -> re.Pattern[str]:
    words = cues()["foreign"]["en"]
    return re.compile("|".join(rf"\b{re.escape(w)}" for w in words) or r"(?!)")


def _all_occurrences(text: str) -> list[_Occurrence]:
    return [o for o in (*_occurrences(text), *_ordinal_occurrences(text),
                        *_this_year_occurrences(text)) if o.year]


def campaign_years(occurrences: list[_Occurrence], *, history: bool = False) -> list[_Occurrence]:
    """The best occurrence of each year the text is about, sorted by year.

    A year needs MIN_SCORE in total and, unless the text is a history of several campaigns,
    at least RELATIVE of the best year's score (so 2018年全国“质量月”取得成效 in the 2019
    notice does not make it about 2018). Origin mentions count little outside a history.
    """
    totals: dict[int, int] = {}
    best: dict[int, _Occurrence] = {}
    # The latest year with evidence not told as past: earlier years told as past (2018年
    # “质量月”活动取得积极成效, 2015年9月…各地共举办…) are campaigns before the one the text is about.
    current = max((o.year for o in occurrences
                   if not o.past and not o.origin and o.score >= MIN_SCORE), default=None)
    for o in occurrences:
        score = o.score if history or not o.origin else min(o.score, ORIGIN_CAP)
        if not history and o.past and current is not None and o.year < current:
            score = min(score, SENTENCE)
        totals[o.year] = totals.get(o.year, 0) + score
        if o.year not in best or score > best[o.year].score:
            best[o.year] = _Occurrence(o.year, o.start, o.end, score, o.rule, o.origin, o.past)
    if not totals:
        return []
    floor = MIN_SCORE if history else max(MIN_SCORE, RELATIVE * max(totals.values()))
    return [best[y] for y in sorted(totals) if totals[y] >= floor]


@extractor("years", emits=("year", "title", "kind"), after=("documents",))
def extract_years(doc: Document, facts: Facts) -> Iterable[Fact]:
    """Years the text is about, its title and kind.

    Example: 关于开展2010年全国“质量月”活动的通知 → year 2010, that title, kind notice.
    """
    text = doc.text
    title = find_title(text)
    occurrences = _all_occurrences(text)
    # Kind first: in a history text, origin years (始于1978年) are what it is about.
    strong = {o.year for o in occurrences if o.score >= DIRECT}
    kind = classify(doc, title, bool(facts.get("document_number")), page_date(text) is not None,
                    len(strong))
    for o in campaign_years(occurrences, history=kind == "history"):
        yield Fact("year", o.year, Span(o.start, o.end), make_attrs(rule=o.rule))
    if kind == "news" and title and not title[2]:
        # A report titled by the notice it quotes (《关于开展…的通知》) when it is filed as that
        # notice (its 文号, its sections); as news, by its own headline, if it has one.
        title = headline(text) or title
    if title:
        yield Fact("title", title[0], title[1])
    yield Fact("kind", kind)


# ---------------------------------------------------------------------------
# Inference when no year is stated


@cache
def campaign_table() -> dict[int, dict[str, str]]:
    """``data/campaigns.yaml``: year → {theme: ...} for past national campaigns."""
    with open(DATA_DIR / "campaigns.yaml", encoding="utf-8") as fh:
        data = yamlio.safe_load(fh) or {}
    return {int(y): dict(v) for y, v in (data.get("campaigns") or {}).items()}


def _theme_years(theme: str) -> list[int]:
    return [y for y, row in campaign_table().items()
            if row.get("theme") and same_text(row["theme"], theme)]


@extractor("year_inference", emits=("year",), after=("years", "themes"))
def infer_year(doc: Document, facts: Facts) -> Iterable[Fact]:
    """A year inferred when none is stated: the stated theme is a known national theme, or the
    page is dated in the season of a Quality Month it reports on. Example: 活动主题 提升供给质量
    建设质量强国 → 2016 (inferred)."""
    if facts.get("year"):
        return
    text = doc.text
    themes = [str(f.value) for f in facts.get("theme")]
    if not themes:  # the theme extractor found nothing: look for a known theme after 主题
        squeezed = bare(text)
        themes = [row["theme"] for row in campaign_table().values() if row.get("theme")
                  and re.search("主题.{0,12}" + re.escape(bare(row["theme"])), squeezed)]
    for theme in themes:
        years = _theme_years(theme)
        if len(years) == 1:
            yield Fact("year", years[0], None, make_attrs(
                inferred=True,
                evidence=f"the stated theme “{theme}” is the national Quality Month theme of "
                         f"{years[0]} (data/campaigns.yaml)",
            ))
            return
    dated = text_date(text)
    head = text[: max(300, len(text) // 5)]
    if dated and dated[0].year and 5 <= dated[0].month <= 10 and _QM.search(head) \
            and not _mostly_foreign(text):
        d = dated[0]
        yield Fact("year", d.year, None, make_attrs(
            inferred=True,
            evidence=f"the text is dated {d.iso()} and is about a Quality Month "
                     f"(campaigns run in September; their notices come out from May)",
        ))
