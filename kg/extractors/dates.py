"""When a text was issued, and the dates of the events it announces.

``issued`` is the signing date on a line of its own (二○一○年六月十三日 under the issuers or
before the 附件), else the date line at the head of a web page or report (2011.9.21,
发布时间：2011-09-21 10:22), else a wire or paper dateline (新华社北京8月31日电, 本报济南9月28日
讯) with the campaign year.
Every other date is an ``event_date``; a month and day without a year (8月31日) takes the year
written earlier in the same sentence, or the campaign year when the text is about one year.
A date followed by 前 (10月31日前…做好总结) is an event of kind ``deadline``, never ``issued``.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from kg.extractors import Facts, extractor
from kg.extractors._dates import (
    EN_DATE_DMY,
    EN_DATE_MDY,
    campaign_of_event,
    is_phase,
    month_number,
    ARABIC_YEAR,
    CN_YEAR,
    SMALL,
    DateMatch,
    bounds,
    cues,
    date_lines,
    find_dates,
    find_glued_dates,
    iso,
    lines_of,
    parse_small,
    parse_year,
    signing_date,
    text_date,
)
from kg.extractors._text import marker
from kg.extractors.activities import campaign_itself
from kg.model import Document, Fact, Span, make_attrs

_LABEL_MAX = 50
_LABEL_MIN = 8  # shorter labels (计划举行决赛) take the neighbouring clause too
# A wire or paper dateline: 新华社北京8月31日电, 本报济南9月28日讯.
_WIRE = re.compile(rf"(?P<m>{SMALL})\s*月\s*(?P<d>{SMALL})\s*日\s*(?:电|讯)")
# An English wire's dateline at the head of a line: Beijing, Sept 2 (Xinhua) --, BEIJING,
# Sept. 1 --. The date dates the report, no event.
_EN_WIRE = re.compile(
    r"(?m)^[ \t]*[A-Z][A-Za-z.'’ -]{1,30},\s*(?P<date>(?:" + EN_DATE_MDY.pattern + "|"
    + EN_DATE_DMY.pattern.replace("(?P<d>", "(?P<d2>").replace("(?P<mn>", "(?P<mn2>")
    .replace("(?P<y>", "(?P<y2>") + r"))\s*(?:\([A-Za-z ]{2,30}\))?\s*(?:--|—|–)",
    re.IGNORECASE)
_DATELINE = re.compile(rf"{SMALL}\s*月\s*{SMALL}\s*日\s*(?:电|讯)")
_RANGE_END = re.compile(
    rf"\s*(?:至|到|—|－|-|~|～|–)\s*(?:(?P<m>{SMALL})\s*月\s*)?(?P<d>{SMALL})\s*[日号]"
)
_YEAR_BEFORE = re.compile(rf"({ARABIC_YEAR}|{CN_YEAR})\s*年")
# Words that tie a date in (将于, 定于, 拟在), whole: 决定于 keeps 决定.
_LEAD_WORDS = re.compile(r"(?:(?<!决)定于|于|在|将|拟|从|自)+\s*$")
_TIE = re.compile(
    r"(?:截至|截止|不晚于|最迟|\b(?:by|before|on|no later than|from))\s*$", re.IGNORECASE
)
_TRIM = " ，,、：:；;。."
# Before an English date that ends a span (from 1 to 30 September, until September 30): the
# span's start is no date match, and its end dates no event.
_EN_SPAN_END = re.compile(
    r"(?i)(?:\b\d{1,2}(?:st|nd|rd|th)?\s*(?:to|and|-|–)|\b(?:until|till|through))\s*$")


def _issued(text: str, years: list[int]) -> tuple[str, Span, str] | None:
    """The issue date, its span and where it came from (signature, dateline or wire)."""
    dated = text_date(text)
    if dated:
        d, source = dated
        return str(d.iso()), Span(d.start, d.end), source
    lines = lines_of(text)
    head_at = lines[0].start if lines else 0
    wire = _WIRE.search(text, head_at, head_at + 200)
    if wire and len(years) == 1:
        value = iso(years[0], parse_small(wire["m"]), parse_small(wire["d"]))
        if value:
            return value, Span(wire.start(), wire.end() - 1), "wire"
    en = _EN_WIRE.search(text, head_at, head_at + 300)
    if en:
        y = en["y"] or en["y2"]
        month = month_number(en["mn"] or en["mn2"])
        year = int(y) if y else years[0] if len(years) == 1 else None
        value = iso(year, month, int(en["d"] or en["d2"])) if year and month else None
        if value:
            return value, Span(en.start("date"), en.end("date")), "wire"
    return None


def _year_for(text: str, d: DateMatch, years: list[int]) -> int | None:
    """The year of a month-day date: written earlier in its sentence, else the campaign year."""
    if d.year is not None:
        return d.year
    s, _ = bounds(text, d.start)
    written = [parse_year(m.group(1)) for m in _YEAR_BEFORE.finditer(text, s, d.start)]
    written = [y for y in written if y]
    if written:
        return written[-1]
    return years[0] if len(years) == 1 else None


def _is_deadline(text: str, d: DateMatch) -> bool:
    """10月31日前 / 截至10月31日 / by October 31: a date things must be done by."""
    c = cues()["dates"]
    after = text[d.end:d.end + 4]
    cs, _ = bounds(text, d.start, clause=True)
    before = text[cs:d.start]
    if any(after.lstrip().startswith(w) for w in c["deadline_after"]):
        return True
    if any(w in before for w in c["deadline_before"]):
        return True
    english = "|".join(re.escape(w) for w in c["deadline_en"])
    return bool(re.search(rf"\b(?:{english})[:：]?\s*(?:on\s+)?$", before, re.IGNORECASE))


_PERIOD_LEAD = re.compile(r"^(?:[为是]\s*)?(?:本次|本届|今年|本年度?|全国|“?质量月”?|\s)*")


_CAMPAIGN_STARTS = re.compile(
    r"(?:[\s,，]+活动)?\s*(?:在[\u4e00-\u9fff]{1,10}?)?\s*(?:正式|同步|全面)?(?:启动|开幕|开始)$")


def _is_period(label: str) -> bool:
    """9月1日至9月30日为活动期间 / 一、活动时间 / 决定于2018年9月1日至30日在全国开展“质量月”
    活动: the date is the campaign's span, or when the campaign itself is held."""
    core = _PERIOD_LEAD.sub("", label).strip(_TRIM)
    if core in cues()["dates"]["period_labels"] or is_phase(core):
        return True
    # …开展第四十二个全国“质量月”活动，活动于9月1日启动 / 四川省2020年“质量月”活动在成都启动:
    # the campaign starts then; its launch ceremony (…启动仪式在北京举行) is an event.
    return campaign_itself(_CAMPAIGN_STARTS.sub("", label))


_HOSTED_BY = re.compile(r"由[^。;；\n]{2,80}?(?:主办|承办|举办|组织|发起)的\s*")


def _learned(label: str) -> bool:
    """记者8月28日从市场监管总局获悉 (label 记者从市场监管总局获悉): when the news was learned."""
    verbs = "|".join(re.escape(w) for w in cues()["dates"]["learned_verbs"])
    return re.fullmatch(rf"(?:本报|本台|本网)?记者[^，,。;；]{{0,30}}?(?:{verbs})", label) is not None


def _en_held(label: str) -> str:
    """The event an English clause holds: SAMR and the relevant departments will hold the
    launch ceremony of the 2019 National Quality Month in Beijing → launch ceremony of the
    2019 National Quality Month; The launch ceremony of … will be held in Beijing → launch
    ceremony of …. Other clauses are kept."""
    verbs = sorted(cues()["dates"]["en_held_verbs"], key=len, reverse=True)
    held = "|".join(re.escape(v) for v in verbs)
    participle = "|".join(re.escape(v) for v in verbs if v.endswith(("ed", "eld")))
    passive = re.match(
        rf"(?:the\s+|an?\s+)?(?P<np>.+?)\s+"
        rf"(?:(?:will|shall|is\s+to|are\s+to)\s+be|was|were|is|are)"
        rf"\s+(?:being\s+)?(?:{participle})\b", label, re.IGNORECASE)
    active = re.search(
        rf"\b(?:{held})\s+(?:the\s+|a\s+|an\s+)?(?P<np>.+)$", label, re.IGNORECASE)
    subject_verbs = "|".join(re.escape(v) for v in sorted(
        cues()["dates"].get("en_subject_event_verbs") or [], key=len, reverse=True))
    subject = re.match(rf"(?:the\s+|an?\s+)?(?P<np>.+?)\s+(?:{subject_verbs})\b", label,
                       re.IGNORECASE) if subject_verbs else None
    m = passive or active or subject
    if m is None:
        return label
    np = re.sub(r"(?:\s+(?:in|at|on|from|by)\s+[A-Z][\w'’-]*(?:\s+[A-Z][\w'’-]*)*)+$", "",
                m["np"].strip())
    return np if len(np.split()) >= 2 else label


def _in_phase_heading(text: str, d: DateMatch) -> bool:
    """（二）第二阶段：集中开展（9月6日至25日）: the date is on a phase's heading line (its
    label, 集中开展, has lost the phase word)."""
    s = text.rfind("\n", 0, d.start) + 1
    before = text[s:d.start]
    # (not a date in a sentence after the heading: 启动阶段（…）。9月3日举办启动仪式)
    return not re.search(r"[。；;！？!?]", before) and is_phase(_unnumbered(before.strip()))


def _unnumbered(line: str) -> str:
    """``line`` without its item marker: (一)8月30日… → 8月30日…"""
    m = marker(line)
    return line[m[2]:] if m else line


def _label(text: str, d: DateMatch, end: int) -> str:
    """The clause a date dates, without the date.

    Example: 8月31日，通过手机报等群发…短信 → 通过手机报等群发…短信.
    """
    cs, ce = bounds(text, d.start, end, clause=True)
    # 新华网北京9月2日电 9月1日，…: the dateline before the date says who filed the report.
    wires = list(_DATELINE.finditer(text, cs, d.start))
    if wires:  # …电（记者 刘某）: the byline too
        byline = re.match(r"\s*[（(][^（()）\n]{0,20}[)）]", text[wires[-1].end():d.start])
        cs = wires[-1].end() + (byline.end() if byline else 0)
    before = _unnumbered(text[cs:d.start].strip())
    # The words that tie the date in (于, 截至, by, on) are not part of what happens.
    before = _LEAD_WORDS.sub("", _TIE.sub("", before)).strip()
    c = cues()["dates"]
    # 举办…启动仪式（9月1日，北京）: a date in brackets after what it dates; the brackets
    # are not part of the label.
    if re.search(r"[(（\[【]$", before):
        before = before[:-1].rstrip()
    if before in c["clock_words"]:  # 北京时间9月4日，…: the clock, not what happens
        before = ""
    after = text[end:ce].strip()
    if re.match(r"[)）\]】]", after) and not re.search(r"[(（\[【]", before):
        after = after[1:].lstrip()  # …（9月1日）举行: the bracket closes around the date
    # 九月一日晚，在中央电视台举办…: the time of day says when on the day, not what happens.
    for w in sorted(c["times_of_day"], key=len, reverse=True):
        if after.startswith(w):
            after = after[len(w):].strip()
            break
    for w in sorted(cues()["dates"]["deadline_after"], key=len, reverse=True):
        if after.startswith(w):
            after = after[len(w):]
            break
    else:  # 9月12日起面向公众开放: when it starts, not part of what happens
        for w in sorted(c.get("start_after") or [], key=len, reverse=True):
            if after.startswith(w):
                after = after[len(w):].lstrip()
                break
    # launched on Sept 1 in Hangzhou: two English words meet across the date.
    gap = " " if re.search(r"[A-Za-z]$", before) and re.match(r"[A-Za-z]", after) else ""
    label = (before + gap + after).strip(_TRIM)
    if len(re.sub(r"\W", "", label)) < _LABEL_MIN:
        if before and cs > 0 and text[cs - 1] in "，,":  # …大比武活动，计划在9月20日举行决赛
            ps, _ = bounds(text, cs - 1, clause=True)
            label = f"{text[ps:cs - 1].strip()} {label}"
        elif not before and ce < len(text) and text[ce] in "，,：:":  # 8月31日，通过手机报…
            _, ne = bounds(text, ce + 1, clause=True)
            if not label or not find_dates(text[ce + 1:ne]):  # …启动，9月15日召开: not its own
                label = f"{label} {text[ce + 1:ne].strip()}"
        elif not label:  # a date alone on its line: the heading above it (活动时间)
            prev = [ln for ln in lines_of(text[:cs]) if ln.text]
            label = _unnumbered(prev[-1].text) if prev else ""
    label = re.sub(r"\s+", " ", label).strip(_TRIM + "-—–")
    # 由A、B…等十二个部门共同主办的2012年…活动在京启动: the hosts qualify what happens.
    host = _HOSTED_BY.match(label)
    if host and len(label) - host.end() >= 4:
        label = label[host.end():]
    if re.fullmatch(r"[\x00-\x7f]+", label):
        # …, and on September 9 the conference opened: the join is no part of it
        joins = "|".join(re.escape(w) for w in c.get("en_clause_joins") or [])
        if joins:
            label = re.sub(rf"(?i)^(?:{joins})\s+", "", label)
        label = _en_held(label)
    if len(label) > _LABEL_MAX and re.fullmatch(r"[\x00-\x7f]+", label):
        # English is cut after a whole word (…will hold the launch, not …will hold the la).
        return label[:_LABEL_MAX + 1].rsplit(" ", 1)[0].strip(_TRIM)
    return label[:_LABEL_MAX]


def _glued_event(text: str, d: DateMatch, years: list[int], facts: Facts) -> Fact | None:
    """开展9·15质量开放日活动 in a 2015 plan → 2015-09-15, dating the activity of its clause
    (the one the activities extractor found there, when it found one): the date is part of the
    event's name, so the label keeps it. Without a year for it, no date."""
    value = d.iso(_year_for(text, d, years))
    if value is None:
        return None
    cs, ce = bounds(text, d.start, d.end, clause=True)
    acts = [f for f in facts.get("activity")
            if f.span is not None and f.span.start < ce and cs < f.span.end]
    holding = [f for f in acts if f.span.start <= d.start < f.span.end]
    target = holding[0] if len(holding) == 1 else acts[0] if len(acts) == 1 else None
    label = _label(text, d, d.start)
    return Fact("event_date", value, Span(d.start, d.end), make_attrs(
        activity=target.attr("key") if target is not None else None,
        label=(str(target.value) if target is not None else label) or None,
        campaign_year=campaign_of_event(value, years),
    ))


# After the activities: a date glued to an event's name (9·15质量开放日) dates the activity
# found there, which the activities extractor does not date itself.
@extractor("dates", emits=("issued", "event_date"), after=("years", "activities"))
def extract_dates(doc: Document, facts: Facts) -> Iterable[Fact]:
    """The issue date and event dates.

    Example: 二○一○年六月十三日 on its own line → issued 2010-06-13; 8月31日，通过手机报…
    in a 2010 notice → event 2010-08-31.
    """
    text = doc.text
    years = sorted({int(f.value) for f in facts.get("year") if not f.attr("inferred")})
    issued = _issued(text, years)
    if issued:
        yield Fact("issued", issued[0], issued[1], make_attrs(source=issued[2]))
    # Dates that date the text itself are not events.
    skip = [(ln.start, ln.end) for _d, ln in date_lines(text, labelled=True)]
    skip += [(m.start(), m.end()) for m in _WIRE.finditer(text)]  # 新华社北京8月24日电, …日讯
    # Beijing, Sept 2 (Xinhua) --
    skip += [(m.start("date"), m.end("date")) for m in _EN_WIRE.finditer(text)]
    if issued:
        skip.append((issued[1].start, issued[1].end))
    signed = signing_date(text)  # 成文日期：… under a signature that says another day
    if signed:
        skip.append((signed.start, signed.end))
    consumed = 0
    seen: set[tuple[str, str]] = set()
    glued = find_glued_dates(text)
    for d in sorted(find_dates(text) + glued, key=lambda x: x.start):
        if d.start < consumed or any(a <= d.start < b for a, b in skip):
            continue
        if d in glued:
            fact = _glued_event(text, d, years, facts)
            if fact is not None and (fact.value, str(fact.attr("label"))) not in seen:
                seen.add((fact.value, str(fact.attr("label"))))
                yield fact
            continue
        if re.match(r"[A-Za-z]", text[d.start:d.end].lstrip("0123456789 ")) and \
                _EN_SPAN_END.search(text, max(0, d.start - 12), d.start):
            continue  # from 1 to 30 September: the end of the span, no event
        year = _year_for(text, d, years)
        value = d.iso(year)
        if value is None:
            continue
        end_iso, end = None, d.end
        rng = _RANGE_END.match(text, d.end)
        if rng:
            month = parse_small(rng["m"]) if rng["m"] else d.month
            end_iso = iso(year, month, parse_small(rng["d"]))
            if end_iso and end_iso > value:
                end = consumed = rng.end()
            else:
                end_iso = None
        label = _label(text, d, end)
        if _learned(label):
            continue
        if (value, label) in seen:
            continue
        seen.add((value, label))
        yield Fact("event_date", value, Span(d.start, d.end), make_attrs(
            label=label or None,
            kind=("deadline" if _is_deadline(text, d)
                  else "period" if _is_period(label) or _in_phase_heading(text, d) else None),
            end=end_iso,
            campaign_year=campaign_of_event(value, years),
        ))
