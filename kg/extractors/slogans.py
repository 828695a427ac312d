"""Quality Month slogans (宣传口号) and how many the text says were published.

Two shapes:

* a heading list: a short line ending in 口号/标语 (``附件:2010年全国“质量月”活动宣传口号``,
  ``2021年全国“质量月”活动口号:``, a subtitle ``——2011年全国“质量月”活动宣传口号``) followed by one slogan per line, until a heading, a run of
  blank lines or a line that is not a slogan (a sentence, a date, ``活动背景:``);
* an inline quoted list: ``公布了“A”“B”等十条“质量月”活动宣传口号`` or ``宣传口号为:“A”、“B”``.

``slogan_count`` is the number the text states (等十条, 21条口号); without one, the length of a
complete heading list. A list that starts with the theme keeps it as a slogan.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache

from kg.extractors import Facts, extractor
from kg.extractors._dates import date_lines
from kg.extractors._text import (
    CN_NUM_CHARS,
    QUOTED,
    alternation,
    bare,
    cjk_len,
    clean_value,
    cn_int,
    iter_lines,
    marker,
    paragraph_gap,
    strip_span,
    words,
)
from kg.gazetteer import Gazetteer
from kg.model import Document, Fact, Span, make_attrs

_DATE_LINE = re.compile(
    r"^\s*(?:(?:19|20)\d{2}|[〇○零一二三四五六七八九]{4}|20[xX]{2})\s*年[^,，。]{0,8}[日号]?\s*$"
)
_BULLET = re.compile(r"^\s*(?:[-*•·●○◆◇■□>]|\d{1,2}\s*[.、)）]|[(（]\s*\d{1,2}\s*[)）]|"
                     r"[①-⑳])\s*")


@dataclass
class _List:
    heading: Span
    items: list[tuple[str, Span]] = field(default_factory=list)
    partial: bool = False  # the heading says it lists only some (口号（节选）)


def _heading_rx() -> re.Pattern[str]:
    words_rx = alternation("slogans", "heading_words")
    num = rf"[\d{CN_NUM_CHARS}]{{1,4}}"
    return re.compile(
        rf"^(?:[—–\-]{{1,2}}\s*)?(?:附件\s*\d*\s*[:：]?\s*)?(?P<owner>[^。;；!?！？]{{0,40}}?){words_rx}\s*"
        rf"(?:[(（]\s*(?:共\s*)?(?P<n>{num})\s*条\s*[)）])?\s*"
        rf"(?:[(（]\s*(?P<note>{alternation('slogans', 'heading_notes')})\s*[)）])?"
        r"\s*(?P<sep>[:：])?\s*(?P<rest>.*)$"
    )


_OWNER = re.compile(
    r"^\s*(?:(?:19|20)\d{2}|[〇○零一二三四五六七八九]{4}|20[xX]{2})?\s*(?:年\s*(?:度)?)?\s*"
    r"(?:全国)?\s*[“\"「『]?\s*(?:质量月)?\s*[”\"」』]?\s*(?:活动)?\s*(?:的)?\s*"
    r"(?:主题\s*(?:和|与|及|、)\s*)?(?:宣传|推荐|参考|主题)?\s*$"
)


@lru_cache(maxsize=1)
def _lead_rx() -> re.Pattern[str]:
    """A clause that leads a heading into its list: who set the slogans and this year's
    campaign (通知确定了今年“质量月”活动的宣传口号：, 会议公布了本次活动口号：)."""
    verbs = alternation("slogans", "heading_lead_verbs")
    owners = alternation("slogans", "campaign_owners")
    return re.compile(rf"^(?P<lead>[^，,：:“”\"]{{0,12}}?(?:{verbs})了?)?\s*(?:{owners})?")


def _owner_ok(owner: str) -> bool:
    """A heading's words before 口号 only name the campaign (2010年全国“质量月”活动宣传口号),
    maybe after a clause that leads into the list (通知确定了今年“质量月”活动的宣传口号), unless
    that clause names another owner (中国质量协会发布了…口号)."""
    if _OWNER.match(owner):
        return True
    m = _lead_rx().match(owner)
    if not m or not m.group(0) or (m["lead"] and re.search(
            alternation("slogans", "reject_owner"), m["lead"])):
        return False
    return _OWNER.match(owner[m.end():]) is not None


def _slogan_like(text: str) -> bool:
    """A line that can be one slogan: short, no sentence inside, not a heading or a date."""
    value = clean_value(text)
    n = cjk_len(value)
    if not 4 <= n <= 32:
        return False
    if re.search(r"[。:：!！?？]", value.rstrip("。!！")) or value.endswith((":", "：")):
        return False
    if re.search(r"[《》【】]", value) or _DATE_LINE.match(value):
        return False
    if re.search(alternation("slogans", "stop_words"), value):
        return False
    if re.search(r"https?:|www\.|@", value):
        return False
    return len(re.findall(r"[,，;；、]", value)) <= 3


def _signature(lines: list[tuple[int, int, str]], j: int) -> bool:
    """Whether line ``j`` starts a signature block: an organisation's name (one word ending in
    局/部/委/协会 …), or a row of them set apart by spaces (市场监管总局　　中央宣传部), followed
    by a date, another such line, or nothing."""
    suffix = alternation("activities", "org_suffixes")

    def known(name: str) -> bool:  # a department of the gazetteer (中央网信办)
        return [(s, e) for s, e, _ in Gazetteer.load().find_departments(name)] == [(0, len(name))]

    def org(line: str) -> bool:
        names = line.split()
        return bool(names) and all(
            re.fullmatch(rf"[\u4e00-\u9fff()]{{2,30}}{suffix}", name) or known(name)
            for name in names)

    if not org(lines[j][2]):
        return False
    rest = [ln for _, _, ln in lines[j + 1:] if ln.strip()]
    return not rest or org(rest[0]) or _DATE_LINE.match(rest[0].strip()) is not None


def _wrapped(lines: list[tuple[int, int, str]], j: int, last: tuple[str, int, int]) -> bool:
    """Whether the unnumbered line ``j`` ends the numbered slogan above it: the next line that
    is not blank starts with the next number of the same marker."""
    for _s, _e, ln in lines[j + 1:]:
        if ln.strip():
            nxt = marker(ln.strip())
            return bool(nxt and nxt[0] == last[0] and nxt[1] == last[1] + 1)
    return False


def _columns(item: str, cut: int, mk: tuple[str, int, int] | None) -> list[tuple[int, str]]:
    """``(offset, slogan)`` of a numbered line that may hold the next numbers too, a list set in
    columns and pasted a row a line (1.追求卓越质量　共建美好生活　　　2.质量第一　诚信为本): a gap
    of two or more spaces before the next ordinal of the same marker starts another slogan."""
    if not mk:
        return [(cut, item[cut:])]
    out: list[tuple[int, str]] = []
    start, ordinal = cut, mk[1]
    for gap in re.finditer(r"[ \t\u3000]{2,}", item):
        if gap.start() <= start:
            continue
        nxt = marker(item[gap.end():])
        if nxt and nxt[0] == mk[0] and nxt[1] == ordinal + 1:
            out.append((start, item[start:gap.start()]))
            start, ordinal = gap.end() + nxt[2], nxt[1]
    out.append((start, item[start:]))
    return out


def _heading_lists(text: str) -> list[_List]:
    rx = _heading_rx()
    lines = list(iter_lines(text))
    run_of_blanks = 3 * max(1, paragraph_gap(lines))  # ends a list
    out: list[_List] = []
    i = 0
    while i < len(lines):
        start, end, line = lines[i]
        stripped = line.strip()
        mk = marker(stripped)
        body = stripped[mk[2]:] if mk else stripped
        m = rx.match(body)
        if not (m and _owner_ok(m["owner"])) and re.search(r"[:：]\s*$", body):
            # A paragraph whose last sentence heads the list below (通知提出，…。通知确定了今年
            # “质量月”活动的宣传口号：).
            tail = re.split(r"[。!！?？;；]", body)[-1].strip()
            if tail != body and (tm := rx.match(tail)) and not tm["rest"].strip():
                body, m = tail, tm
        rest = m["rest"].strip() if m else ""
        if not m or not _owner_ok(m["owner"]) or (rest and not m["sep"]):
            i += 1
            continue  # not a heading, or a heading with text that is not a list after it
        lst = _List(Span(start, end), partial=bool(m["note"]) and m["note"] in words(
            "slogans", "partial_notes"))
        body_offset = start + line.index(body) if body else start
        if rest:
            rest_start = body_offset + m.start("rest")
            if QUOTED.search(rest):
                pass  # 口号:“A”、“B”: an inline list (see _inline_lists), not a counted one
            else:
                pos = 0
                for part in re.split(r"(?<=[;；])", rest):
                    ps = rest_start + rest.index(part, pos) if part else rest_start
                    pos += len(part)
                    if _slogan_like(part):
                        s, e = strip_span(text, ps, ps + len(part))
                        lst.items.append((clean_value(part), Span(s, e)))
            if lst.items:
                out.append(lst)
            i += 1
            continue
        # One slogan per line below the heading.
        blanks = 0
        family = None
        last: tuple[str, int, int] | None = None  # the marker of the slogan above
        numbered = False  # the slogans above are numbered (一、, 1., ①, - …)
        j = i + 1
        while j < len(lines):
            ls, _le, ln = lines[j]
            if not ln.strip():
                blanks += 1
                if blanks >= run_of_blanks and lst.items:
                    break
                j += 1
                continue
            blanks = 0
            item = ln.strip()
            if not lst.items and date_lines(item, labelled=True):
                j += 1  # the page's date line under a headline that heads the list
                continue
            if re.fullmatch(r"[(（][^()（）]*[)）]", item):
                break  # a note: (质检总局办公厅供稿), (略)
            mk2 = marker(item)
            if mk2 and mk2[0] in ("cn", "pcn") and (family is None and not lst.items):
                family = mk2[0]
            if mk2 and mk2[0] in ("cn", "pcn") and family != mk2[0]:
                break  # a new section heading
            bm = _BULLET.match(item) if not mk2 or mk2[0] not in ("cn", "pcn") else None
            if not mk2 and not bm and last and lst.items and _wrapped(lines, j, last) \
                    and _slogan_like(item):
                # 2.强化质量安全监管 / 保障人民群众利益 / 3.…: a slogan the page wrapped.
                value, span = lst.items[-1]
                vs = ls + ln.index(item)
                s, e = strip_span(text, vs, vs + len(item))
                lst.items[-1] = (clean_value(value + " " + item), Span(span.start, e))
                last = None
                j += 1
                continue
            if not mk2 and not bm and numbered:
                break  # after a numbered list, a line without a number is the text going on
            numbered = numbered or bool(mk2 or bm)
            last = mk2
            cut = mk2[2] if mk2 and mk2[0] in ("cn", "pcn") else (bm.end() if bm else 0)
            cells = _columns(item, cut, mk2)
            if any(not _slogan_like(v) or rx.match(v) for _o, v in cells) or _signature(lines, j):
                break
            for off, value in cells:
                vs = ls + ln.index(item) + off
                s, e = strip_span(text, vs, vs + len(value))
                lst.items.append((clean_value(value), Span(s, e)))
            j += 1
        if lst.items:
            out.append(lst)
            i = j
        else:
            i += 1
    return out


_EN_HEADING = re.compile(
    r"^\s*(?:(?:[IVX]{1,5}|\d{1,2})\s*[.、)]\s*)?(?:the\s+)?(?:\d{4}\s+)?"
    r"(?:(?:national\s+)?[\"“]?quality\s+month[\"”]?\s+)?(?:(?:publicity|campaign|propaganda|"
    r"official)\s+)?slogans?(?:\s+(?:for|of)\s+the\s+[^:\n]{0,60})?\s*:?\s*$",
    re.IGNORECASE,
)
_EN_SECTION = re.compile(r"^\s*[IVX]{1,5}\s*\.\s+\S")
_EN_BULLET = re.compile(r"^\s*(?:[-*•·●]|\d{1,2}\s*[.)]|\(\d{1,2}\))\s*")


def _english_slogan_like(line: str) -> bool:
    """2 to 14 English words, no sentence inside, no number (a date, a deadline), not a
    heading ("Requirements:")."""
    value = line.strip().rstrip(".!")
    if re.search(r"[\u4e00-\u9fff\d]", value) or re.search(r"[.;:?]", value):
        return False
    return 2 <= len(re.findall(r"[A-Za-z][A-Za-z'’-]*", value)) <= 14


def _english_lists(text: str) -> list[_List]:
    """English translations: a ``Slogans`` heading with one slogan per line below it,
    up to the next section heading (``IV. Requirements``) or a line that is no slogan."""
    out: list[_List] = []
    lines = list(iter_lines(text))
    run_of_blanks = 3 * max(1, paragraph_gap(lines))  # ends a list
    for i, (start, end, line) in enumerate(lines):
        if not _EN_HEADING.match(line):
            continue
        lst = _List(Span(start, end))
        blanks = 0
        for ls, _le, ln in lines[i + 1:]:
            if not ln.strip():
                blanks += 1
                if blanks >= run_of_blanks:
                    break
                continue
            blanks = 0
            if _EN_SECTION.match(ln):
                break
            bm = _EN_BULLET.match(ln)
            value = ln[bm.end():] if bm else ln
            if not _english_slogan_like(value):
                break
            vs = ls + (bm.end() if bm else 0)
            s, e = strip_span(text, vs, vs + len(value), " \t.!")
            lst.items.append((clean_value(text[s:e]), Span(s, e)))
        if lst.items:
            out.append(lst)
    return out


_EN_NUM = (r"\d{1,3}|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|"
           r"fourteen|fifteen|sixteen|seventeen|eighteen|nineteen|twenty")
# "released 15 slogans, including "A" and "B"" / "slogans such as "A", "B""
_EN_INLINE = re.compile(
    rf"(?:\b(?P<n>{_EN_NUM})\s+)?(?:publicity\s+|campaign\s+)?slogans\b[^.\"“\n]{{0,30}}?"
    r"(?:including|such\s+as|like|namely|:)\s*"
    r"(?P<run>[\"“][^\"”\n]{3,120}[\"”](?:\s*(?:,|and|, and)\s*[\"“][^\"”\n]{3,120}[\"”])*)",
    re.IGNORECASE,
)
_EN_COUNT = re.compile(rf"\b(?P<n>{_EN_NUM})\s+(?:publicity\s+|campaign\s+)?slogans\b",
                       re.IGNORECASE)


def _en_number(word: str) -> int | None:
    if word.isdigit():
        return int(word)
    names = _EN_NUM.split("|")[1:]
    return names.index(word.lower()) + 1 if word.lower() in names else None


def _english_inline(text: str) -> list[tuple[str, Span]]:
    items = []
    for m in _EN_INLINE.finditer(text):
        for q in re.finditer(r"[\"“]([^\"”\n]{3,120})[\"”]", m["run"]):
            value = q.group(1).strip().rstrip(".,")
            if _english_slogan_like(value):
                s = m.start("run") + q.start(1)
                items.append((clean_value(value), Span(s, s + len(value))))
    return items


def _english_counts(text: str) -> list[tuple[int, Span]]:
    out = []
    for m in _EN_COUNT.finditer(text):
        n = _en_number(m["n"])
        if n and 1 <= n <= 300:
            out.append((n, Span(m.start("n"), m.end("n"))))
    return out


def _own_call(text: str, run_start: int, gap: str) -> bool:
    """以“A”为口号 in a sentence that names no Quality Month: the slogan of the activity the
    sentence is about (an association's 以“诚信经营 以质取胜”为口号，推动…), not of the campaign."""
    if not (re.match(r"\s*为", gap) and re.search(r"以\s*$", text[max(0, run_start - 3):run_start])):
        return False
    start = max(text.rfind(ch, 0, run_start) for ch in "。；;！？!?\n") + 1
    ends = [i for i in (text.find(ch, run_start) for ch in "。；;！？!?\n") if i >= 0]
    sentence = text[start:min(ends) if ends else len(text)]
    if re.search(alternation("slogans", "reject_owner"), sentence):
        return True
    return "质量月" not in sentence and not _campaign_restated(text, start, run_start)


def _campaign_restated(text: str, start: int, run_start: int) -> bool:
    """今年活动以“A”为活动口号: the clause's subject is the campaign by a word that points back
    (``campaign_owners``: 今年, 本次 … and 活动) and the last sentence before it that names an
    activity names the Quality Month (今年9月是全国第三十五个“质量月”。…今年活动以…), or none does
    and the text has named it. An activity of the clause's own (深入开展质量管理小组等活动，
    以“…”为口号) or of another body (本次活动 after an association's 知识竞赛) is not."""
    cs = max(text.rfind(ch, start, run_start) for ch in "，,：:") + 1
    clause = text[max(cs, start):run_start]
    owners = alternation("slogans", "campaign_owners")
    campaign = r"\s*(?:的)?\s*(?:[“\"]?质量月[”\"]?)?\s*活动\s*以\s*"
    if not re.fullmatch(rf"[^，,]{{0,12}}?{owners}{campaign}", clause):
        return False
    lead = clause[: clause.rfind("活动")]
    if re.search(r"[\u4e00-\u9fff]{2,}(?:协会|学会|公司|集团|企业|大赛|竞赛)", lead):
        return False
    # the sentences before, back to one that names an activity (a bounded look-back)
    window = text[max(0, start - 400):start]
    for sentence in reversed(re.split(r"[。；;！？!?\n]", window)):
        if "活动" in sentence or "质量月" in sentence:
            return "质量月" in sentence
    return "质量月" in text[:start]


def _other_owner(text: str, hw_start: int) -> bool:
    """倡议口号：“A”“B”, 本次倡议活动的口号为“A”: the words of the clause before 口号 name an
    owner that is no Quality Month (``reject_owner``: an association's or an initiative's own
    call, as under a heading, see :func:`_owner_ok`)."""
    start = max(text.rfind(ch, max(0, hw_start - 40), hw_start) for ch in "。；;！？!?\n，,：:") + 1
    return re.search(alternation("slogans", "reject_owner"),
                     text[max(start, hw_start - 40):hw_start]) is not None


def _inline_lists(text: str) -> list[tuple[list[tuple[str, Span]], int | None, Span | None]]:
    """Quoted slogans around 口号: ``“A”“B”等十条…口号`` and ``口号为:“A”、“B”``."""
    hw = alternation("slogans", "heading_words")
    units = alternation("slogans", "count_units")
    num = rf"[\d{CN_NUM_CHARS}]{{1,4}}"
    q = QUOTED.pattern
    # quotes set apart by 、 ， 和 … or, between two of them, a semicolon (“A”；“B”)
    run = rf"(?:{q})(?:\s*[、,，;；和及与]?\s*(?:{q}))*\s*[、,，和及与]?\s*"
    found = []
    after = re.compile(
        rf"(?P<run>{run})(?P<gap>等?\s*(?:(?P<n>{num})\s*{units})?[^。;；,，、\n]{{0,20}}?{hw})"
    )
    # …宣传口号（10条）:“A”… / …宣传标语，共15条，包括“A”…: a stated count between
    count = rf"(?:(?:[(（]|[,，](?=\s*(?:共|计)))\s*(?:共|计)?\s*{num}\s*{units}\s*[)）]?\s*[,，]?\s*)?"
    before = re.compile(rf"{hw}\s*{count}(?:是|为|有|包括|如下)?\s*[:：]?\s*(?P<run>{run})")
    def matches(rx: re.Pattern[str]) -> Iterable[re.Match[str]]:
        # A run that is no slogan (“质量月”) may hold the slogan in its gap (今年“质量月”活动以
        # “质量第一”为宣传口号): the search goes on from the end of that run, not of the match.
        pos = 0
        while (m := rx.search(text, pos)) is not None:
            yield m
            pos = m.end() if any(_slogan_like(qm.group(0).strip("“”「」『』\""))
                                 for qm in QUOTED.finditer(m.group("run"))) else m.end("run")

    for rx in (after, before):
        for m in matches(rx):
            gap = m.groupdict().get("gap") or ""
            if re.search(alternation("slogans", "reject_owner"), gap):
                continue
            if rx is before and _other_owner(text, m.start()):
                continue
            if gap and _own_call(text, m.start("run"), gap):
                continue
            if gap:
                # The quoted run must be the list itself, not text before an unrelated 口号.
                inner = re.sub(q, "", gap)
                if len(bare(inner)) > 14:
                    continue
            items = []
            for qm in QUOTED.finditer(m.group("run")):
                g = next(k for k in range(1, 5) if qm.group(k) is not None)
                if _slogan_like(qm.group(g)):
                    s = m.start("run") + qm.start(g)
                    items.append((clean_value(qm.group(g)), Span(s, s + len(qm.group(g)))))
            if not items:
                continue
            n = cn_int(m["n"]) if m.groupdict().get("n") else None
            nspan = Span(m.start("n"), m.end("n")) if n is not None else None
            found.append((items, n, nspan))
    return found


def _stated_counts(text: str) -> list[tuple[int, Span]]:
    hw = alternation("slogans", "heading_words")
    units = alternation("slogans", "count_units")
    num = rf"[\d{CN_NUM_CHARS}]{{1,4}}"
    out = []
    rx1 = re.compile(
        rf"(?<![\d{CN_NUM_CHARS}])(?P<n>{num})\s*{units}(?!多)(?P<gap>[^。;；,，、\n]{{0,20}}?){hw}"
    )
    # 宣传标语（共12条） / 宣传标语，共15条: the number in brackets or after 共 next to the word
    rx2 = re.compile(rf"{hw}\s*(?:[(（]|[,，](?=\s*(?:共|计)))?\s*(?:共|计)?\s*(?:有)?\s*"
                     rf"(?P<n>{num})\s*{units}(?!多)")
    # 宣传口号:“A”、“B”、“C”等10条
    quoted_run = (rf"(?:{QUOTED.pattern})(?:\s*[、,，;；和及与]?\s*(?:{QUOTED.pattern}))*"
                  r"\s*[、,，和及与]?\s*")
    rx3 = re.compile(rf"{hw}\s*(?:是|为|有|包括)?\s*[:：]?\s*{quoted_run}等\s*(?P<n>{num})\s*{units}(?!多)")
    for rx in (rx1, rx2, rx3):
        for m in rx.finditer(text):
            gap = m.groupdict().get("gap") or ""
            if re.search(r"[\d多余]", gap[:1]) or re.search(
                alternation("slogans", "reject_owner"), gap
            ):
                continue
            if len(bare(re.sub(QUOTED.pattern, "", gap))) > 14:
                continue
            n = cn_int(m["n"])
            if n is not None and 1 <= n <= 300:
                out.append((n, Span(m.start("n"), m.end("n"))))
    out.sort(key=lambda x: x[1].start)
    return out


@extractor("slogans", emits=("slogan", "slogan_count"), after=("themes",))
def extract_slogans(doc: Document, facts: Facts) -> Iterable[Fact]:
    """Slogans from a 口号 heading list or an inline quoted list, and their stated count.

    Example: ``公布了“好质量 好生活”“走质量强国之路 促发展方式转变”等十条“质量月”活动宣传口号``
    → two slogans, slogan_count 10.
    """
    text = doc.text
    seen: set[str] = set()
    slogans: list[Fact] = []

    def add(value: str, span: Span) -> None:
        key = bare(value)
        if key and key not in seen:
            seen.add(key)
            slogans.append(Fact("slogan", value, span))

    lists = _heading_lists(text) + _english_lists(text)
    for lst in lists:
        for value, span in lst.items:
            add(value, span)
    inline = _inline_lists(text)
    for items, _n, _span in inline:
        for value, span in items:
            add(value, span)
    for value, span in _english_inline(text):
        add(value, span)
    yield from slogans

    stated = _stated_counts(text) or _english_counts(text)
    if stated:
        n, span = stated[0]
        yield Fact("slogan_count", n, span)
    elif lists and not any(lst.partial for lst in lists):
        listed = {bare(v) for lst in lists for v, _ in lst.items}
        yield Fact("slogan_count", len(listed), lists[0].heading, make_attrs(counted=True))
