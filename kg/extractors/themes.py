"""The national theme (活动主题) of a Quality Month campaign.

Three ways a text states the theme, each checked for whose theme it is:

* a heading ``二、活动主题`` / ``活动主题:`` / ``2021年全国“质量月”活动主题:`` with the theme on
  the same line or the next non-empty line;
* ``以“…”为主题的“质量月”活动`` (the noun phrase after 的 must be the campaign itself);
* ``全国“质量月”活动的主题是/为“…”`` (the owner before 主题 must be the campaign itself);
* ``各地围绕“…”主题，扎实开展“质量月”活动`` (the campaign named after it, no local owner);
* unlabelled, the national theme of a stated year (``data/campaigns.yaml``) quoted in a
  sentence about the campaign (``紧紧围绕“提升供给质量　建设质量强国”，…开展2016年“质量月”活动``),
  unless the sentence lists it among slogans (a list of quotes, 宣传口号).

Rejected: a theme whose owner is a province or city (``苏州市“质量月”活动主题``), an
association or its initiative (``…协会…倡议活动的主题为“…”``), a sub-event (``以“讲究方法、
扎实有效”为主题的全国第三十二次质量管理小组代表会议``), and ``结合“质量月”活动主题`` (no text).
At most one theme per text: the best supported one.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from kg.extractors import Facts, extractor
from kg.extractors._dates import cues
from kg.extractors.years import campaign_table
from kg.extractors._text import (
    QUOTED,
    alternation,
    bare,
    cjk_len,
    clean_value,
    iter_lines,
    local_scope,
    marker,
    paragraph_gap,
    stated_years,
    strip_span,
    words,
)
from kg.gazetteer import Gazetteer
from kg.model import Document, Fact, Span

_YEAR = r"(?:(?:19|20)\d{2}|[〇○零一二三四五六七八九]{4}|20[xX×]{2}|\d{2}[xX×]{2})\s*年\s*(?:度)?"
_Q_OPEN = "“\"「『"
_Q_CLOSE = "”\"」』"
_CLAUSE_END = "。;；!?！？\n"
#: Between 质量月 and 主题 when the theme is the campaign's own (“质量月”活动的主题).
_OWNER_TAIL = re.compile(r"\s*[”\"」』]?\s*(?:的)?\s*(?:(?:系列|主题)?活动)?\s*(?:的)?\s*")


#: A clause whose subject is the departments issuing the campaign's notice (X、Y等十部门
#:联合发文 / 等部门联合印发通知).
_ISSUERS_CLAUSE = re.compile(
    r"(?:部门|部委)\s*(?:近日|日前)?\s*(?:联合|共同)?\s*(?:发文|印发|下发|发出|发布|部署)")


def _quoted_inner(m: re.Match[str]) -> tuple[int, int]:
    """Start and end of the text inside the quotes of a match of ``QUOTED`` (its groups 1-4
    are the kinds of quote marks; one of them matched)."""
    return next((m.start(g), m.end(g)) for g in range(1, 5) if m.group(g) is not None)


def _national_issuers(before: str, owner: _Owner) -> bool:
    """Whether the words before the campaign say central departments issued its notice
    (国家质检总局、工信部…等七部门日前联合下发通知，确定今年“质量月”活动主题为…): the
    theme is then the national one, also in a city's report."""
    if not _ISSUERS_CLAUSE.search(before) or re.search(owner.local, before):
        return False
    gazetteer = Gazetteer.load()
    return any(gazetteer.departments[d].get("kind") == "department"
               for _s, _e, d in gazetteer.find_departments(before))


@dataclass
class _Candidate:
    value: str
    span: Span
    score: int
    year: int | None


def _owner_heading() -> re.Pattern[str]:
    generic = alternation("themes", "generic_owner")
    return re.compile(
        rf"^\s*(?:(?P<year>{_YEAR})|{generic})?\s*(?P<nat>全国)?\s*"
        rf"(?:[{_Q_OPEN}]?\s*质量月\s*[{_Q_CLOSE}]?)?\s*(?:的)?\s*(?:活动)?\s*(?:的)?\s*$"
    )


def _year_of(text: str | None) -> int | None:
    if not text:
        return None
    m = re.search(r"(?:19|20)\d{2}", text)
    return int(m.group(0)) if m else None


def _last_year(text: str) -> int | None:
    """The last year written in ``text`` (an owner before 主题), or ``0`` when it says the
    campaign before the text's (去年全国“质量月”活动的主题是…: ``last_year`` words of
    data/years.yaml), a theme that is never the text's own."""
    found = re.findall(r"(?:19|20)\d{2}(?=\s*年)", text)
    if found:
        return int(found[-1])
    if any(w in text for w in cues()["last_year"]["zh"]):
        return 0
    return None


def _theme_like(text: str) -> bool:
    """A short line that can be a theme: 4-40 characters, no sentence inside, no quotes."""
    value = clean_value(text)
    n = cjk_len(value)
    if not 4 <= n <= 40:
        return False
    if re.search(r"[。:：]", value) or marker(value):
        return False
    if len(re.findall(r"[,，;；、]", value)) > 2:
        return False
    return not QUOTED.search(value)


def _heading_candidates(text: str, local: bool) -> Iterable[_Candidate]:
    owner_rx = _owner_heading()
    lines = list(iter_lines(text))
    gap = paragraph_gap(lines)
    for i, (start, _end, line) in enumerate(lines):
        if "主题" not in line:
            continue
        body = line
        offset = start
        mk = marker(line.strip())
        lead = len(line) - len(line.lstrip())
        if mk:
            body = line.lstrip()[mk[2]:]
            offset = start + lead + mk[2]
        m = re.match(
            r"^(?P<owner>[^:：。,，;；]{0,30}?)主题\s*(?:(?:和|与|及)\s*(?:宣传)?(?:口号|标语))?"
            r"\s*(?P<sep>[:：]|是|为)?\s*(?P<rest>.*)$",
            body,
        )
        if not m:
            continue
        om = owner_rx.match(m["owner"])
        if not om:
            continue
        national = bool(om["nat"])
        if local and not national:
            continue
        score = 6 if national else 5
        year = _year_of(om["year"])
        rest = m["rest"]
        if rest.strip():
            if "为主题" in rest:
                continue
            wrapped = rest.strip()[:1] in _Q_OPEN
            if not (m["sep"] or wrapped):
                continue
            if not _theme_like(rest):
                continue
            rs = offset + m.start("rest")
            s, e = strip_span(text, rs, rs + len(rest), " \t“”\"「」『』。.")
            yield _Candidate(clean_value(rest), Span(s, e), score, year)
            continue
        # The theme on the next non-empty line (skipping at most three paragraph gaps).
        for j in range(i + 1, min(i + 2 + 3 * max(1, gap), len(lines))):
            ns, ne, nline = lines[j]
            if not nline.strip():
                continue
            if _theme_like(nline):
                s, e = strip_span(text, ns, ne, " \t“”\"「」『』。.")
                yield _Candidate(clean_value(nline), Span(s, e), score, year)
            break


def _sentence_bounds(text: str, pos: int, limit: int = 160) -> tuple[int, int]:
    s = pos
    while s > 0 and pos - s < limit and text[s - 1] not in _CLAUSE_END:
        s -= 1
    e = pos
    while e < len(text) and e - pos < limit and text[e] not in _CLAUSE_END:
        e += 1
    return s, e


class _Owner:
    """Checks whether a phrase around 质量月 names the national campaign."""

    def __init__(self) -> None:
        self.local = alternation("themes", "local_markers")
        self.orgs = alternation("themes", "org_words")
        self.places = "".join(words("themes", "place_suffixes"))
        self.subs = alternation("themes", "sub_event_heads")

    def prefix_ok(self, prefix: str) -> tuple[bool, bool]:
        """``(acceptable, national)`` for the words before 质量月 in the owner phrase."""
        p = re.split(r"[,，、]", prefix)[-1]
        p = re.sub(r"[“\"「『\s]+$", "", p)
        national = False
        m = re.search(r"全国\s*$", p)
        if m:
            national = True
            p = p[: m.start()]
        p = re.sub(rf"(?:{_YEAR}|{alternation('themes', 'generic_owner')})\s*$", "", p)
        p = re.sub(r"(?:第[一二三四五六七八九十百\d]+(?:个|届|次))\s*$", "", p)
        if national:
            return True, True
        if re.search(rf"[{self.places}]\s*$", p) and not re.search(r"质量强[省市区县]$", p):
            return False, False
        if re.search(self.local, p) or re.search(self.orgs, p):
            return False, False
        return True, False


def _inline_candidates(text: str, local: bool) -> Iterable[_Candidate]:
    owner = _Owner()
    generic = alternation("themes", "generic_owner")
    # 以“…”为主题
    for m in re.finditer(r"以\s*(?:" + QUOTED.pattern + r")\s*为\s*(?:活动)?\s*主题", text):
        inner_start, inner_end = _quoted_inner(m)
        theme = text[inner_start:inner_end]
        if not _theme_like(theme):
            continue
        s_start, s_end = _sentence_bounds(text, m.start())
        after = text[m.end():s_end]
        before = text[s_start:m.start()]
        verdict = None
        if after.startswith("的"):
            np = re.split(r"[,，;；。、]", after[1:])[0]
            if "质量月" not in np:
                continue  # a theme of something else (a meeting, a contest ...)
            head_pre, _, tail = np.partition("质量月")
            tail = tail.lstrip("”\"」』 ")
            if re.search(owner.subs, tail) or not re.fullmatch(
                r"\s*(?:(?:系列|主题|宣传)?活动(?:月)?)?\s*", tail
            ):
                continue
            ok, national = owner.prefix_ok(head_pre)
            if not ok:
                continue
            # A local subject before the whole phrase (苏州市质监局在全市开展以…).
            if re.search(owner.local, before) and not national:
                continue
            verdict = national or re.search(r"在\s*全国", before) is not None
        elif re.fullmatch(rf"\s*(?:(?:{generic})\s*(?:的)?)?\s*(?:[“\"]?质量月[”\"]?)?\s*活动"
                          r"\s*(?:将|要|)\s*", before) and "质量月" not in before + after:
            # 本次活动以“…”为主题 / 活动以“…”为主题: the campaign the sentence before names.
            prev = text[max(0, s_start - 200):s_start].rstrip("。!?！？ \t\n")
            prev = prev[max(prev.rfind(ch) for ch in "。!?！？\n") + 1:]
            pm = re.search(r"(全国)?\s*[“\"]?质量月[”\"]?\s*活动", prev)
            if pm is None or local or re.search(owner.subs, prev[pm.end():pm.end() + 12]):
                continue
            ok, national = owner.prefix_ok(prev[: pm.start()] + (pm.group(1) or ""))
            if not ok:
                continue
            verdict = national
        else:
            clause = before + "|" + after
            if "质量月" not in clause:
                continue
            pm = re.search(
                r"质量月\s*[”\"」』]?\s*(?:的)?\s*(?:活动)?\s*(?:将|要|继续|仍|)\s*$", before
            )
            if pm:
                ok, national = owner.prefix_ok(before[: pm.start()])
            else:
                am = re.search(r"质量月", after)
                if am is None:
                    continue
                pre = after[: am.start()]
                if re.search(owner.subs, after[am.end(): am.end() + 12]):
                    continue
                ok, national = owner.prefix_ok(pre)
            if not ok or (re.search(owner.local, before) and not national):
                continue
            verdict = national or re.search(r"在\s*全国", before + after) is not None
        if local and not verdict:
            continue
        s, e = strip_span(text, inner_start, inner_end, " \t")
        yield _Candidate(clean_value(theme), Span(s, e), 4 if verdict else 3,
                         _last_year(before[-30:]))
    # …(质量月活动)的主题是/为“…”
    rx = re.compile(
        r"主题\s*(?P<sep>(?:是|为|确定为|定为)?\s*[:：]?)\s*(?:" + QUOTED.pattern + r")"
    )
    for m in rx.finditer(text):
        inner_start, inner_end = next(
            (m.start(g), m.end(g)) for g in range(2, 6) if m.group(g) is not None
        )
        theme = text[inner_start:inner_end]
        if not _theme_like(theme):
            continue
        s_start, _ = _sentence_bounds(text, m.start(), 120)
        if not m["sep"].strip() and "全国" not in text[s_start:m.start()]:
            continue  # 主题“…” without 是/为/: only right after 全国“质量月”活动
        owner_text = text[s_start:m.start()]
        if "以" in owner_text[-3:]:
            continue
        qi = owner_text.rfind("质量月")
        if qi >= 0:
            between = owner_text[qi + 3:]
            # …开展“质量月”活动，活动主题为“…”: the next clause's 活动 is the campaign just named.
            restated = re.fullmatch(
                rf"\s*[”\"」』]?\s*活动\s*[,，]\s*(?:{generic})?\s*(?:的)?\s*活动\s*(?:的)?\s*", between)
            # …决定联合开展“质量月”活动,主题是“…” / …“质量月”活动将于9月在全国开展,活动主题为
            # “…”: a later clause of the sentence that names the campaign, with no other owner.
            later = re.fullmatch(
                rf"\s*[”\"」』]?\s*活动(?P<clause>[^,，“”]{{0,30}})[,，]\s*(?:{generic})?\s*(?:的)?\s*"
                r"(?:活动)?\s*(?:的)?\s*", between)
            if later and (re.search(owner.subs, later["clause"])
                          or re.search(owner.orgs, later["clause"])
                          or re.search(owner.local, later["clause"])):
                later = None
            # 今年是第42个全国“质量月”，X、Y等部门联合发文，主题是“…”: the clause between names
            # the departments that issue the campaign's notice.
            issued = re.fullmatch(
                rf"\s*[”\"」』]?\s*(?:活动)?\s*[,，](?P<clause>[^,，“”。]{{2,90}})[,，]\s*"
                rf"(?:{generic})?\s*(?:的)?\s*(?:活动)?\s*(?:的)?\s*", between)
            if issued and not (_ISSUERS_CLAUSE.search(issued["clause"])
                               and not re.search(owner.subs, issued["clause"])
                               and not re.search(owner.orgs, issued["clause"])
                               and not re.search(owner.local, issued["clause"])):
                issued = None
            if not (_OWNER_TAIL.fullmatch(between) or restated or later or issued):
                continue
            ok, national = owner.prefix_ok(owner_text[:qi])
            if not ok:
                continue
            national = national or _national_issuers(owner_text[:qi], owner)
            score = 4 if national else 3
        else:
            # 今年活动主题为“…” inside a national text: the text's own campaign.
            if local or "质量月" not in text:
                continue
            tail = re.split(r"[,，、]", owner_text)[-1]
            if not re.fullmatch(rf"\s*(?:{generic})?\s*(?:的)?\s*活动\s*(?:的)?\s*", tail):
                continue
            if re.search(owner.subs, owner_text):
                continue  # 会议将于…举行,主题为“…”: a sub-event's theme
            national, score = False, 2
        if local and not national:
            continue
        s, e = strip_span(text, inner_start, inner_end, " \t")
        yield _Candidate(clean_value(theme), Span(s, e), score, _last_year(owner_text[-40:]))
    # 各地围绕“…”主题，扎实开展“质量月”活动: the theme of the campaign the clause goes on to name.
    rx = re.compile(rf"(?:{alternation('themes', 'around_verbs')})\s*(?:" + QUOTED.pattern
                    + r")\s*(?:这一|的)?\s*(?:活动)?\s*主题(?!词)")
    for m in rx.finditer(text):
        inner_start, inner_end = _quoted_inner(m)
        theme = text[inner_start:inner_end]
        if not _theme_like(theme) or text[m.start() - 2:m.start()] == "全国":
            continue  # 围绕全国“…”主题 is the rule below
        s_start, s_end = _sentence_bounds(text, m.start())
        before, after = text[s_start:m.start()], text[m.end():s_end]
        cm = re.search(r"(全国)?\s*[“\"「『]?质量月[”\"」』]?\s*(?:系列|主题|宣传)?\s*活动", after)
        if cm is None or re.search(owner.subs, after[:cm.start()]) or \
                re.search(owner.subs, after[cm.end():cm.end() + 12]):
            continue
        if re.search(owner.local, before + after[:cm.start()]) or re.search(owner.orgs, before):
            continue
        ok, national = owner.prefix_ok(after[:cm.start()] + (cm.group(1) or ""))
        if not ok or (local and not national):
            continue
        s, e = strip_span(text, inner_start, inner_end, " \t")
        yield _Candidate(clean_value(theme), Span(s, e), 4 if national else 3,
                         _last_year(text[s_start:m.start()]))
    # 紧扣全国(“质量月”)“…”的活动主题: the national theme, named as such.
    rx = re.compile(r"全国\s*(?:[“\"]质量月[”\"]\s*)?(?:活动\s*)?(?:" + QUOTED.pattern
                    + r")\s*(?:的)?\s*(?:活动)?\s*主题")
    for m in rx.finditer(text):
        inner_start, inner_end = _quoted_inner(m)
        theme = text[inner_start:inner_end]
        if not _theme_like(theme):
            continue
        s_start, _ = _sentence_bounds(text, m.start(), 120)
        s, e = strip_span(text, inner_start, inner_end, " \t")
        yield _Candidate(clean_value(theme), Span(s, e), 4, _last_year(text[s_start:m.start()]))


_EN_THEME_HEADING = re.compile(
    r"(?im)^[ \t]*(?:(?:[IVX]{1,5}|\d{1,2})\s*[.、)]\s*)?(?:the\s+)?"
    r"(?:(?P<owner>[A-Za-z]+)\s+)?(?:activity\s+|campaign\s+)?"
    r"themes?\s*(?::[ \t]*(?P<rest>[^\n]*))?$"
)


def _english_heading_candidates(text: str) -> Iterable[_Candidate]:
    """``II. Theme`` with the theme on the next non-empty line, or ``Theme: …``."""
    reject = {w.lower() for w in words("themes", "en_reject")}
    for m in _EN_THEME_HEADING.finditer(text):
        # National theme: … / Provincial theme: … (a plan stating both): the owner decides.
        owner = (m["owner"] or "").lower()
        if owner in reject or owner not in ("", "national", "activity", "campaign"):
            continue
        if m["rest"] and m["rest"].strip():
            start, end = m.start("rest"), m.end("rest")
        else:
            nxt = re.compile(r"\n[ \t]*\n?[ \t]*(?P<line>[^\n]+)").match(text, m.end())
            if nxt is None:
                continue
            start, end = nxt.start("line"), nxt.end("line")
        value = clean_value(text[start:end])
        if not 2 <= len(value.split()) <= 20 or re.search(r"[.;:?!]\s|[.;:?!]$", value) or \
                _EN_THEME_HEADING.match(value):
            continue
        s, e = strip_span(text, start, end, " \t\"“”.")
        yield _Candidate(value, Span(s, e), 6 if owner == "national" else 5, None)


def _english_candidates(text: str) -> Iterable[_Candidate]:
    yield from _english_heading_candidates(text)
    reject = re.compile(r"\b(?:" + "|".join(words("themes", "en_reject")) + r")\b", re.I)
    # …theme is/of/: "…", or the quote right after the word: held with the theme "…".
    rx = re.compile(
        r"\b(?:theme|themed)\b(?:[^.\"“\n?!]{0,60}?(?:\bis\b|\bwas\b|\bof\b|:))?"
        r"\s*[\"“]([^\"”\n]{5,120})[\"”]",
        re.I,
    )
    # "The campaign is held with the theme …" after a sentence that names the Quality Month.
    campaign = re.compile(r"\b(?:the|this\s+year's)\s+(?:campaign|activities)\b", re.I)
    # An answer in a Q&A about the campaign: "A: The theme is …" / "This year's theme is …".
    own = re.compile(r"\s*(?:A\s*[:：]\s*)?(?:The|This\s+year's|Its)\s+theme\s+(?:is|was)\b", re.I)
    # …will take "…" as the theme / with "…" as its theme.
    as_theme = re.compile(
        r"\b(?:take|takes|taking|took|with|under|adopt|adopts|adopted)\s+"
        r"[\"“]([^\"”\n]{5,120})[\"”]"
        r"\s+as\s+(?:the|its|their)\s+(?:main\s+)?theme\b", re.I)
    for m in [*rx.finditer(text), *as_theme.finditer(text)]:
        s_start = max(text.rfind(".", 0, m.start()), text.rfind("\n", 0, m.start())) + 1
        # the whole sentence: the campaign may follow the theme (Under the theme of "…", the
        # 2021 National Quality Month was launched …)
        end = re.compile(r"\.(?=\s|$)|\n").search(text, m.end())
        sentence = text[s_start:end.start() if end else len(text)]
        names_it = re.search(r"quality\s+month", sentence, re.I) or (
            (campaign.search(sentence) or own.match(sentence))
            and re.search(r"quality\s+month", text[:s_start], re.I))
        if not names_it or reject.search(text[s_start:m.end()]):
            continue
        s, e = strip_span(text, m.start(1), m.end(1), " \t")
        national = re.search(r"\bnational\b|\bChina\b|\bnationwide\b", sentence, re.I) is not None
        yield _Candidate(clean_value(m.group(1)), Span(s, e), 4 if national else 3,
                         _year_of(sentence))


def _known_theme_candidates(text: str, years: list[int]) -> Iterable[_Candidate]:
    """The known national theme of a stated year, quoted without 主题 beside it: a county plan
    that copies the theme (紧紧围绕“提升供给质量　建设质量强国”，…开展2016年“质量月”活动).
    The reference data makes it certain; the quote must stand in a sentence about the campaign
    and not among slogans (“A”“B”等10条宣传口号: a slogan, not the theme)."""
    table = campaign_table()
    known = {bare(table[y]["theme"]): y for y in years if table.get(y, {}).get("theme")}
    if not known:
        return
    slogan_words = alternation("slogans", "heading_words")
    for m in QUOTED.finditer(text):
        inner_start, inner_end = _quoted_inner(m)
        year = known.get(bare(text[inner_start:inner_end]))
        if year is None:
            continue
        s_start, s_end = _sentence_bounds(text, m.start())
        sentence = text[s_start:s_end]
        if "质量月" not in sentence or re.search(slogan_words, sentence):
            continue
        # one of a list of quotes (“A”“B”、“C”): slogans, not the theme
        if re.match(r"\s*[、，,]?\s*[“\"「『]", text[m.end():]) or \
                re.search(r"[”\"」』]\s*[、，,]?\s*$", text[s_start:m.start()]):
            continue
        s, e = strip_span(text, inner_start, inner_end, " \t")
        yield _Candidate(clean_value(text[inner_start:inner_end]), Span(s, e), 2, year)


@extractor("themes", emits=("theme",), after=("years",))
def extract_themes(doc: Document, facts: Facts) -> Iterable[Fact]:
    """The national theme, from a 活动主题 heading or a 以“…”为主题的“质量月”活动 phrase.

    Example: ``二、活动主题\\n抓质量水平提升 促发展方式转变`` → 抓质量水平提升 促发展方式转变.
    """
    text = doc.text
    local = local_scope(text)
    candidates = [
        *_heading_candidates(text, local),
        *_inline_candidates(text, local),
        *(_english_candidates(text) if doc.script == "english" or _mostly_ascii(text) else ()),
    ]
    years = stated_years(facts)
    candidates.extend(_known_theme_candidates(text, years))
    candidates = [c for c in candidates if c.year != 0]
    if years:
        candidates = [c for c in candidates if c.year is None or c.year in years]
    if not candidates:
        return
    support: dict[str, int] = {}
    for c in candidates:
        support[bare(c.value)] = support.get(bare(c.value), 0) + c.score
    best_key = max(support, key=lambda k: (support[k], -min(
        c.span.start for c in candidates if bare(c.value) == k)))
    best = max((c for c in candidates if bare(c.value) == best_key),
               key=lambda c: (c.score, -c.span.start))
    yield Fact("theme", best.value, best.span)


def _mostly_ascii(text: str) -> bool:
    letters = sum(1 for ch in text if ch.isascii() and ch.isalpha())
    cjk = sum(1 for ch in text if "\u4e00" <= ch <= "\u9fff")
    return letters > 4 * cjk and letters > 40
