"""Activities of a Quality Month campaign: the notice's numbered items, the aspects a news
report summarises, and the named events and programmes the text mentions.

* Numbered items of the activity section (``三、活动重点`` / ``三、全国统一部署的活动`` /
  ``活动内容``): ``(一)…`` ``1.…`` up to the next top-level heading (``四、活动要求``). The label
  is the item's lead clause (to the first 。/；), or its first clause when that reads like a
  heading (``开展质量品牌提升活动,改善产品和服务供给`` → ``开展质量品牌提升活动``). With two
  numbering levels the outer ones are aspects and the inner ones their items.
* Aspects a report lists (``《通知》围绕着A、B、C、D4个方面``) and quoted content lists
  (``“开展质量主题宣传,倡导质量第一意识”“…”等活动内容``).
* Named events: a quote with an event word (``“七查一访”活动``, ``“阳光纤检进高校”专项执法检查``),
  a quoted programme (``“中小学质量教育社会实践基地”``), an ordinal event (``第三十三次质量管理小组
  代表会议``) and an event verb with a noun phrase ending in an event word (``举办电梯突发事件
  实景演练``). Descriptive phrases (``丰富多彩的活动``) and generic ones (``宣传活动``) are not
  activities, nor are “质量月”, themes and slogans.

Organisers are kept as written (``organizer``) when the sentence starts with them, or a
table's row has them under 主办单位; a date in an activity's sentence (of several events, in
its clause) becomes an ``event_date`` (month-day dates take the campaign year), and an
activity may have several (``9月15日举办初赛，9月25日…举办决赛``).

One event is one activity: an event inside an item that tells the item's own event again (of
its kind, ``same_event_kinds``, and the only one of that kind there, or of several the one the
item names but for the campaign: ``9月2日，…举办2012年全国“质量月”活动启动仪式`` under
``（一）举办全国“质量月”活动启动仪式``) is the item, and its date dates the item; so does a
date whose clause names the item's kind (``启动仪式于9月2日在…举办``). English dates date
English items the same way.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from functools import lru_cache

from kg.errors import ConfigError
from kg.extractors import Facts, extractor
from kg.extractors._dates import (
    ARABIC_YEAR,
    CN_YEAR,
    EN_DATE_DMY,
    EN_DATE_MDY,
    campaign_of_event,
    cues,
    is_phase,
    month_number,
    parse_year,
    past_heading,
)
from kg.extractors._text import (
    DATE,
    RULES_FILE,
    alternation,
    balanced,
    bare,
    campaign_years,
    cjk_len,
    clean_value,
    cn_int,
    iter_lines,
    locate,
    marker,
    parse_date,
    quotes_in,
    rules as rule_data,
    short_key,
    words,
)
from kg.gazetteer import Gazetteer
from kg.model import Document, Fact, Span, make_attrs

_SENT_END = "。;；!?！？\n"
_CLAUSE_END = _SENT_END + ",，:："
_STOP_QUOTES = {"质量月"}
_JOIN = re.compile(r"\s*[、,，和及与]\s*")  # between the quotes of a list “A”、“B”
_JOIN_OPT = re.compile(r"\s*[、,，和及与]?\s*")
_HOW_MANY = r"(?:[\d一二三四五六七八九十]+\s*[项个条])"  # 等5项活动内容
# 三项活动, 5场讲座: a count of several, no name (not 一场…, one; nor 第三次…, an ordinal).
_COUNTED = re.compile(r"(?:[二两三四五六七八九十]|[2-9]|\d{2,})[一二三四五六七八九十\d]*\s*[项场类批]")
_ORDINAL = r"(?:第[一二三四五六七八九十百零\d]+(?:次|届|期)|首届|首次|首期)"
_DAY = r"(?:\d{1,2}|[一二三四五六七八九十]{1,3})"
#: A time of day after a date (9月1日上午, 九月一日晚): words of data/years.yaml times_of_day.
_TIME_OF_DAY = "(?:" + "|".join(
    re.escape(w) for w in sorted(cues()["dates"]["times_of_day"], key=len, reverse=True)) + ")"
#: A date or time leading a clause (9月1日, 9月1日上午, 8月底, 本报讯 9月1日上午,).
_LEAD_DATE = re.compile(
    rf"^\s*(?:本报讯|本网讯|讯)?\s*(?:(?:19|20)\d{{2}}\s*年\s*)?{_DAY}\s*月\s*(?:{_DAY}\s*[日号]|[初中下底]旬?)"
    rf"\s*{_TIME_OF_DAY}?\s*[,，、]?\s*"
)


@dataclass
class _Act:
    label: str
    span: Span
    level: str
    region: tuple[int, int]
    ordinal: int | None = None
    parent: str | None = None
    organizer: tuple[str, ...] | None = None
    anchor: int = -1  # where the activity's sentence is (for organisers and dates)
    cells: bool = False  # a row of a table pasted one cell a line (its region: the row's lines)

    @property
    def key(self) -> str:
        return short_key(self.label)


@lru_cache(maxsize=1)
def _kind_data() -> tuple[list[tuple[str, ...]], list[str], frozenset[str], str]:
    """Kinds of event (``same_event_kinds``, each as its words in comparison form), the event
    words (comparison form, longest first), those that only say something is held, and an
    alternation of the kinds' words as written."""
    groups = rule_data()["activities"].get("same_event_kinds") or []
    if not all(isinstance(g, list) and all(isinstance(x, str) for x in g) for g in groups):
        raise ConfigError(f"{RULES_FILE}: activities.same_event_kinds must be lists of words")
    kinds = [tuple(sorted({bare(x) for x in g}, key=len, reverse=True)) for g in groups]
    kind_words = sorted({bare(x) for x in (*words("activities", "event_words"),
                                           *words("activities", "en_event_words"))},
                        key=len, reverse=True)
    bare_kinds = frozenset(bare(x) for x in (*words("activities", "bare_event_words"),
                                             *words("activities", "en_bare_event_words")))
    alt = "|".join(re.escape(x) for x in sorted({x for g in groups for x in g}, key=len,
                                                  reverse=True))
    return kinds, kind_words, bare_kinds, alt


class _Words:
    """Compiled word lists of ``data/extraction.yaml`` (activities group)."""

    def __init__(self) -> None:
        self.section = alternation("activities", "section_words")
        self.non_section = alternation("activities", "non_section_words")
        self.event_free = alternation("activities", "event_free_sections")
        self.heading_verbs = alternation("activities", "heading_verbs")
        self.adverbial = alternation("activities", "adverbial_starts")
        self.event_verbs = alternation("activities", "event_verbs")
        self.clause_verbs = alternation("activities", "clause_verbs")
        self.done_verbs = alternation("activities", "done_event_verbs")
        self.measures = alternation("activities", "event_measures")
        self.event_words = alternation("activities", "event_words")
        self.programme_words = alternation("activities", "programme_words")
        self.follow = alternation("activities", "quote_follow_words")
        self.generic = set(words("activities", "generic_cores"))
        self.topic_cores = set(words("activities", "topic_cores"))
        self.bare_event_words = set(words("activities", "bare_event_words"))
        self.campaign_cores = set(words("activities", "campaign_event_cores"))
        self.content_list = alternation("activities", "content_list_words")
        self.org_suffix = alternation("activities", "org_suffixes")
        self.links = alternation("activities", "organizer_links")
        self.deadline = alternation("activities", "deadline_words")
        # (动员 in 广播电视动员大会 names the meeting: a compound, no inner verb)
        self.np_stop = rf"(?!{alternation('activities', 'verb_noun_compounds')})" + alternation(
            "activities", "np_stop_words")
        self.subject_follow = alternation("activities", "subject_follow")
        self.verb_compounds = alternation("activities", "verb_noun_compounds")
        self.venue_verbs = alternation("activities", "venue_verbs")
        self.en_event_words = alternation("activities", "en_event_words")
        self.en_section = alternation("activities", "en_section_words")
        self.plural = alternation("activities", "plural_quantifiers")
        self.table_columns = set(words("activities", "table_name_columns"))
        self.table_organizers = set(words("activities", "table_organizer_columns"))
        self.tally = alternation("activities", "tally_measures")
        self.table_serial = set(words("activities", "table_serial_columns"))
        self.table_other = set(words("activities", "table_other_columns"))
        self.annex = alternation("activities", "annex_headings")
        self.duty = re.compile(
            rf"(?:{alternation('activities', 'duty_subjects')}[、和及与]?){{1,3}}"
            rf"(?:都|均|也|还|务|)(?:{alternation('activities', 'duty_modals')})")
        # An event verb that is no verb inside a noun (启动仪式, 主办单位).
        self.verb = rf"(?!{self.verb_compounds}){self.event_verbs}"
        self.kinds, self.kind_words, self.bare_kinds, self.kind_alt = _kind_data()


# ---------------------------------------------------------------------------------------
# Helpers


def _split_outside_quotes(text: str, before_and: str | None = None) -> list[tuple[int, str]]:
    """Split at 、 outside quotes; also at 及/以及/和/与 when the part before it matches the
    regex ``before_and`` (…活动及…展览, …活动和…倡议活动; not 普及/涉及)."""
    parts: list[tuple[int, str]] = []
    depth = 0
    start = 0
    i = 0
    while i < len(text):
        ch = text[i]
        if ch in "“「『《(（":
            depth += 1
        elif ch in "”」』》)）":
            depth = max(0, depth - 1)
        elif depth == 0:
            sep_len = 0
            if ch == "、":
                sep_len = 1
            elif before_and and re.search(before_and + r"$", text[start:i]):
                sep_len = 2 if text.startswith("以及", i) else 1 if ch in "及和与" else 0
            if sep_len:
                parts.append((start, text[start:i]))
                start = i + sep_len
                i += sep_len
                continue
        i += 1
    parts.append((start, text[start:]))
    return parts


def campaign_itself(label: str) -> bool:
    """Whether ``label`` names the Quality Month campaign itself, not an activity of it:
    第二十五个“质量月”活动, 四川省2020年“质量月”活动, 第一次全国性的“质量月”活动, or a clause
    that only starts it (…决定在全国开展“质量月”活动). The qualifiers are data
    (``campaign_qualifiers``)."""
    b = bare(label)
    verb = re.search(rf"(?:{alternation('activities', 'event_verbs')})(?:了)?", b)
    tail = b[verb.end():] if verb else b
    qualifier = "|".join(words("activities", "campaign_qualifiers"))
    return re.fullmatch(rf"(?:{qualifier})*质量月活动", tail) is not None \
        or re.fullmatch(rf"(?:{qualifier})*质量月活动", b) is not None


def _mostly_english(text: str) -> bool:
    letters = len(re.findall(r"[A-Za-z]", text))
    return letters > 3 * len(re.findall(r"[\u4e00-\u9fff]", text)) and letters > 40


def _sentence(text: str, pos: int, ends: str = _SENT_END, limit: int = 200) -> tuple[int, int]:
    s = pos
    while s > 0 and pos - s < limit and text[s - 1] not in ends:
        s -= 1
    e = pos
    while e < len(text) and e - pos < limit and text[e] not in ends:
        e += 1
    return s, e


class _Rules:
    def __init__(self, text: str, w: _Words, blocked: set[str]) -> None:
        self.text = text
        self.w = w
        self.blocked = blocked  # bare themes and slogans
        self._kinds: dict[str, tuple[str, ...] | None] = {}

    # -- label checks ------------------------------------------------------------------
    def generic_core(self, core: str, event_word: str | None = None) -> bool:
        """Whether the words before ``event_word`` are too vague to name an activity: a
        topic (质量) is vague before a bare event word (质量活动) or none, not before an event
        of a kind (质量论坛)."""
        if "的" in core:
            return True
        if re.match(self.w.plural, core.strip()) or _COUNTED.match(core.strip()):
            return True  # 系列质量提升活动, 多项质量服务活动, 三项活动: several activities described
        c = re.sub(r"(?:19|20)\d{2}年(?:度)?", "", bare(core))
        named = "质量月" in c
        for word in ("质量月", "全国", "今年"):
            c = c.replace(word, "")
        if named and c in self.w.campaign_cores:
            return False  # 全国“质量月”启动(仪式): the campaign's own launch
        if c in self.w.topic_cores:
            return event_word is None or event_word in self.w.bare_event_words
        return len(c) < 2 or c in self.w.generic

    def kind(self, label: str) -> tuple[str, ...] | None:
        """The words (comparison form) that name the kind of event ``label`` names, or
        ``None``: the group of ``same_event_kinds`` its last words are in (举办全国“质量月”
        启动活动 → the launch), else its event word when that says more than that something
        is held (召开第三十四次全国质量管理小组代表会议 → none: 会议 is bare). English drops
        what follows the noun (launch ceremony of the 2023 National Quality Month). A label
        describing several events (开展系列论坛; 全国第三十二次质量管理小组代表会议和各级QC小组
        成果发布会; 召开…会议并举办…论坛) is of no one kind."""
        if label not in self._kinds:
            self._kinds[label] = self._kind(label)
        return self._kinds[label]

    def _kind(self, label: str) -> tuple[str, ...] | None:
        w = self.w
        head = label
        if not re.search(r"[\u4e00-\u9fff]", label):
            head = re.sub(r"(?i)\s+(?:of|for|on|in|at)\s.*$", "", label.strip())
        b = bare(head)
        kind: tuple[str, ...] | None = None
        for group in w.kinds:
            if any(b.endswith(x) for x in group):
                kind = group
                break
        else:
            for x in w.kind_words:
                if b.endswith(x):
                    kind = None if x in w.bare_kinds else (x,)
                    break
        if kind is None or re.search(w.plural, label):
            return None
        ends = rf"(?:{w.event_words})[”」』]?"
        parts = _split_outside_quotes(label, ends) if re.search("[、和及与]", label) else []
        if sum(1 for _, part in parts if re.search(ends + "$", part.strip())) > 1:
            return None
        # 召开质量工作会议并举办“长三角质量论坛”: two events held (启动 in 启动活动 is none)
        if len(re.findall(w.verb, re.sub(w.kind_alt, "", label) if w.kind_alt else label)) > 1:
            return None
        return kind

    def held_object(self, label: str) -> str | None:
        """What an item whose label is an event verb and its object holds, in comparison
        form (开展质量标杆遴选 → 质量标杆遴选), when that is four characters or more; else
        ``None``."""
        m = re.match(rf"\s*(?:在[\u4e00-\u9fff]{{1,6}}?)?(?:{self.w.verb})(?:好|了)?", label)
        if m is None or re.search(self.w.verb, label[m.end():]):
            return None
        b = bare(label[m.end():])
        return b if len(b) >= 4 and re.fullmatch(r"[\u4e00-\u9fff]+", b) else None

    def uncampaigned(self, label: str) -> str:
        """An event's name in comparison form without the verb that holds it, its year and
        the campaign's name (举办全省“质量月”活动启动仪式 → 全省启动仪式)."""
        b = bare(label)
        m = re.match(rf"(?:在[\u4e00-\u9fff]{{1,6}}?)?(?:{self.w.verb})(?:好|了)?", b)
        b = b[m.end():] if m else b
        return re.sub(r"质量月(?:活动)?", "", re.sub(r"(?:19|20)\d{2}年度?", "", b))

    def event_core(self, label: str) -> str:
        """An event's name without a last event word that only says it is held, in
        comparison form (全国质量标杆遴选活动 → 全国质量标杆遴选)."""
        b = bare(label)
        for x in sorted(self.w.bare_event_words, key=len, reverse=True):
            if b.endswith(x) and len(b) > len(x):
                return b[: -len(x)]
        return b

    def only_holds(self, label: str, name: str) -> bool:
        """Whether ``label`` only says that the event ``name`` in it is held: an event verb
        (with a place) before it, at most a word that follows a quoted name or an event word
        after it (在全国开展“质量万里行”活动, 开展“江苏精品”认证, 开展“质量强县”建设试点,
        Organizing the "Quality Open Day" activities); not an item that names more
        (工信部、国家质检总局会同有关部门,组织举办“中国工业产品质量信誉论坛”)."""
        at = label.find(name)
        if at < 0 or not name:
            return False
        before, after = label[:at], label[at + len(name):]
        before = re.sub(r"[“\"「『]\s*$", "", before).strip()
        after = re.sub(r"^\s*[”\"」』]", "", after).strip()
        w = self.w
        if re.search(r"[\u4e00-\u9fff]", label):
            held = re.fullmatch(
                rf"(?:在[\u4e00-\u9fff]{{1,6}}?)?(?:{w.clause_verbs})?(?:{w.verb})(?:好|了)?",
                before) is not None  # (组织开展了“质量开放日”活动 too)
            ends = {bare(x) for x in (*words("activities", "quote_follow_words"),
                                      *words("activities", "event_words"))}
            b = bare(after)
            return held and (not b or b in ends or any(
                b == x + y for x in ends for y in ends))  # 建设 + 试点
        held = re.fullmatch(r"(?i)[A-Za-z]+ing(?:\s+(?:out|up|on))?(?:\s+(?:the|a|an))?",
                           before) is not None
        return held and (not after or re.fullmatch(
            rf"(?i)(?:{w.en_event_words})", after) is not None)

    def heading_like(self, clause: str) -> bool:
        c = clause.strip()
        if not 4 <= cjk_len(c) <= 24:
            return False
        if re.match(self.w.adverbial, c):
            return False
        return re.match(self.w.heading_verbs, c) is not None

    def names_event(self, clause: str) -> bool:
        """Whether ``clause`` holds an event whole: an event verb, then words ending in an
        event word (在全国开展“质量万里行”活动; not 围绕“质量月”活动主题, which holds none)."""
        return 4 <= cjk_len(clause) <= 30 and re.search(
            rf"{self.w.verb}(?:好|了)?\S{{2,}}?(?:{self.w.event_words})[”」』]?$", clause.strip()
        ) is not None

    def item_label(self, body: str) -> tuple[int, str]:
        """``(offset, label)`` of an item's lead clause within ``body``."""
        lead = re.split(r"[。;；]", body, maxsplit=1)[0]
        lead = lead.rstrip(" :：")
        # (一)9月1日，国家质检总局…举办…: the date is when, not what.
        dated = _LEAD_DATE.match(lead)
        if dated and cjk_len(lead[dated.end():]) >= 4:
            body = body[body.index(lead) + dated.end():]
            lead = lead[dated.end():]
        first = re.split(r"[,，]", lead, maxsplit=1)
        if len(first) == 2 and (
            self.heading_like(first[0]) or (cjk_len(lead) > 50 and cjk_len(first[0]) >= 4)
            or self.names_event(first[0])
        ):
            # a heading-like first clause, one that holds a whole event (在全国开展“质量万里行”
            # 活动,曝光一批…), or the first clause of a long one
            lead = first[0]
        # 开展质量宣传咨询活动12场 in a summary: how many were held is no part of the name.
        tally = re.search(
            rf"(?:{self.w.event_words})(?P<n>\s*\d+\s*(?:余|多)?\s*(?:{self.w.tally}))$", lead)
        if tally:
            lead = lead[:tally.start("n")]
        off = len(body) - len(body.lstrip())
        return off, clean_value(lead)

    def held(self, label: str) -> tuple[int, str]:
        """``(offset, label)`` of what an item holds when its label starts with the
        organisers (工信部、国家质检总局会同有关部门,组织举办“中国工业产品质量信誉论坛” →
        中国工业产品质量信誉论坛; …联合组织部分中央企业开展“质量·品牌·责任”系列宣传活动 →
        “质量·品牌·责任”系列宣传活动); the organisers stay the activity's ``organizer``.
        Labels that do not start with organisers, or whose rest names nothing, are kept."""
        w = self.w
        org = rf"[\u4e00-\u9fffA-Za-z]{{2,16}}?(?:{w.org_suffix})"
        m = re.match(rf"\s*(?:{org}[、和及与])*{org}\s*(?:{w.links})*\s*[,，]?\s*"
                     r"(?:组织|联合|共同|继续|分别)*", label)
        if not m or re.match(r"\s*(?:各|有关|相关|部分|一批|该|本)", label):
            return 0, label
        rest_at = m.end()
        verb = re.compile(rf"(?:{w.verb})(?:好|了)?")
        first = verb.match(label, rest_at)
        if first:
            rest_at = first.end()
        else:  # 组织部分中央企业开展X: X is held, after the verb of the short object.
            later = verb.search(label, rest_at)
            if later is None or later.start() - rest_at > 12 or re.search(
                    r"[“”,，、]", label[rest_at:later.start()]):
                return 0, label
            rest_at = later.end()
        themed = re.match(r"\s*以\s*“[^“”\n]{1,40}”\s*为\s*(?:活动)?\s*主题的\s*", label[rest_at:])
        if themed:
            rest_at += themed.end()
        raw = label[rest_at:]
        rest = clean_value(raw)
        if cjk_len(rest) < 4 or not self.ok_label(rest) or not balanced(rest) \
                or re.search(w.verb, rest) or rest not in raw:
            return 0, label
        return rest_at + raw.index(rest), rest

    def ok_label(self, label: str) -> bool:
        b = bare(label)
        if not b or b in self.blocked or b.replace("质量月", "") == "":
            return False
        if campaign_itself(label):
            return False
        if self.w.duty.match(b):
            return False  # 各地要提出15条以上惠企措施: a duty of those addressed, no activity
        return cjk_len(label) >= 2

    # -- organisers --------------------------------------------------------------------
    def _split_names(self, written: str) -> list[str]:
        """工信部、国家质检总局 → two names; 和/及/与 split only between two names
        (教育部和国家质检总局), never inside one (工业和信息化部)."""
        names: list[str] = []
        suffix_end = rf"(?:{self.w.org_suffix})$"
        # 市质监局会同市经信委, 省质监局将联合省总工会: two organisers.
        written = re.sub(rf"({self.w.org_suffix})(?:将|还将|也将)?(?:会同|联合|携手)(?=\S)",
                         r"\1、", written)
        for chunk in written.split("、"):
            pieces = re.split(r"(和|及|与)", chunk)
            current = pieces[0]
            for k in range(1, len(pieces) - 1, 2):
                nxt = pieces[k + 1]
                if re.search(suffix_end, current) and re.search(suffix_end, nxt):
                    names.append(current)
                    current = pieces[k + 1]
                else:
                    current += pieces[k] + pieces[k + 1]
            names.append(current)
        links = rf"^(?:{self.w.links})+"
        return [re.sub(links, "", n).strip() for n in names if n.strip()]

    def organizer_at(self, pos: int) -> tuple[str, ...] | None:
        """The organisers written as the subject of the clause at ``pos`` or of an earlier
        clause of its sentence (工信部、国家质检总局会同有关部门,组织举办“…论坛”)."""
        text = self.text
        org = rf"[\u4e00-\u9fffA-Za-z]{{2,16}}?{self.w.org_suffix}"
        short = r"[\u4e00-\u9fff]{2,4}"
        rx = re.compile(
            rf"\s*(?:[(（][一二三四五六七八九十\d]+[)）]|[一二三四五六七八九十]+、|\d+[.、])?\s*"
            rf"(?P<list>(?:(?:{org}|{short})[、和及与])*{org})"
            rf"\s*(?=(?:{self.w.links}|{self.w.event_verbs}|{self.w.subject_follow}|[,，]))"
        )
        sent_start, sent_end = _sentence(text, pos)
        if pos - sent_start > 160:
            return None
        starts = [sent_start] + [i + 1 for i in range(sent_start, pos) if text[i] in ",，:："]
        for start in reversed(starts):
            m = rx.match(text, start, sent_end)
            if not m:
                continue
            names = self._split_names(m["list"])
            if not names or any(re.match(r"各|有关|相关|部分|一批|该|本", n) for n in names):
                continue
            if re.match(rf"在(?!{self.w.org_suffix})", names[0]):
                continue  # 在市民中心举行: where it is held, not who holds it
            if not re.search(rf"{self.w.org_suffix}$", names[-1]):
                continue
            return tuple(names)
        return None


# ---------------------------------------------------------------------------------------
# (a) the numbered items of the activity section


def _sections(text: str, w: _Words) -> tuple[list[tuple[int, int]], list[tuple[int, int]]]:
    """Regions of activity sections and of other (要求, 指导思想 …) sections."""
    heads: list[tuple[int, int, str, bool, bool]] = []  # start, end, family, activity, other
    for start, end, line in iter_lines(text):
        s = line.strip()
        if not s or len(s) > 30:
            continue
        mk = marker(s)
        family = mk[0] if mk else "plain"
        title = s[mk[2]:] if mk else s
        if family not in ("cn", "plain"):
            continue
        if family == "plain" and (len(title) > 16 or "。" in title):
            continue
        is_act = re.search(w.section, title) is not None and not re.search(w.non_section, title)
        is_other = re.search(w.event_free, title) is not None
        # 附件1 on its own line: an attachment ends the notice's sections (its table of
        # activities is no part of the 要求 section before it).
        annex = family == "plain" and re.fullmatch(rf"{w.annex}\s*[\d一二三四五六七八九十]*", title)
        if annex:
            is_act = is_other = False
        elif family == "plain" and not (is_act or is_other or re.search(w.non_section, title)):
            continue
        if "。" in title or re.search(r"[,，;；]", title):
            continue
        heads.append((start, end, family, is_act, is_other))
    act: list[tuple[int, int]] = []
    other: list[tuple[int, int]] = []
    for i, (_start, end, family, is_act, is_other) in enumerate(heads):
        stop = len(text)
        for nxt in heads[i + 1:]:
            if nxt[2] in (family, "cn", "plain"):
                stop = nxt[0]
                break
        if is_act:
            act.append((end, stop))
        elif is_other:
            other.append((end, stop))
    return act, other


def _section_items(text: str, rules: _Rules, region: tuple[int, int]) -> list[_Act]:
    lines = [(s, e, ln) for s, e, ln in iter_lines(text) if region[0] <= s < region[1]]
    marked = []
    for s, e, ln in lines:
        st = ln.lstrip()
        mk = marker(st)
        if mk and mk[0] != "cn":
            marked.append((s + len(ln) - len(st), min(e, region[1]), mk, st))
    if not marked:
        return []
    families: list[str] = []
    for _, _, mk, _ in marked:
        if mk[0] not in families:
            families.append(mk[0])
    families = families[:2]
    acts: list[_Act] = []
    current_aspect: _Act | None = None
    for idx, (s, e, mk, st) in enumerate(marked):
        family, ordinal, length = mk
        if family not in families:
            continue
        level_no = families.index(family)
        body = st[length:]
        if level_no == 0 and len(families) == 2 and is_phase(body):
            # （一）启动阶段（9月1日至9月5日）: a span of the plan, not an activity; its items are
            # the activities, of no aspect.
            current_aspect = None
            continue
        off, label = rules.item_label(body)
        if not rules.ok_label(label) or cjk_len(label) < 4:
            continue
        held_at, label = rules.held(label)
        off += held_at
        # The item's region: up to the next marker of the same or an outer level.
        stop = region[1]
        for s2, _e2, mk2, _st2 in marked[idx + 1:]:
            if mk2[0] in families and families.index(mk2[0]) <= level_no:
                stop = s2
                break
        span = locate(text, s + length + off, e, label)
        act = _Act(label, span, "item", (s, stop), ordinal=ordinal, anchor=span.start)
        if len(families) == 2 and level_no == 0:
            act.level = "aspect"
            current_aspect = act
        elif len(families) == 2 and current_aspect is not None:
            act.parent = current_aspect.key
        acts.append(act)
    return acts


def _top_level_items(text: str, rules: _Rules,
                     other: list[tuple[int, int]]) -> list[_Act]:
    """A short notice whose top-level items are the activities themselves (一、开展“质量月”
    宣传咨询活动。二、召开第三十五次…会议。): items that start with an event verb, outside the
    要求/指导思想 sections."""
    acts: list[_Act] = []
    for line_start, end, line in iter_lines(text):
        st = line.lstrip()
        start = line_start + len(line) - len(st)
        mk = marker(st)
        if mk is None or mk[0] != "cn" or any(a <= start < b for a, b in other):
            continue
        body = st[mk[2]:]
        if not re.match(rules.w.event_verbs, body):
            continue
        _off, label = rules.item_label(body)
        if not rules.ok_label(label) or not 4 <= cjk_len(label) <= 30:
            continue
        span = locate(text, start + mk[2], end, label)
        acts.append(_Act(label, span, "item", (start, end), ordinal=mk[1], anchor=span.start))
    return acts if len(acts) >= 2 else []


# ---------------------------------------------------------------------------------------
# (c) summarised aspects and quoted content lists


def _aspects(text: str, rules: _Rules) -> list[_Act]:
    acts: list[_Act] = []
    rx = re.compile(
        r"(?:围绕(?:着)?|从|就)(?P<list>[^。;；:：\n]{4,160}?)(?:等)?\s*"
        r"(?P<n>\d{1,2}|[一二三四五六七八九十两]{1,3})\s*个\s*方面"
    )
    for m in rx.finditer(text):
        parts = _split_outside_quotes(m["list"])
        n = cn_int(m["n"])
        labels: list[tuple[int, str]] = []
        for off, part in parts:
            label = clean_value(part)
            if not 2 <= cjk_len(label) <= 30:
                labels = []
                break
            labels.append((m.start("list") + off + (len(part) - len(part.lstrip())), label))
        if len(labels) < 2 or (n is not None and abs(n - len(labels)) > 1):
            continue
        _, sent_end = _sentence(text, m.end())
        for i, (start, label) in enumerate(labels, 1):
            acts.append(_Act(label, Span(start, start + len(label)), "aspect",
                             (m.start(), sent_end), ordinal=i, anchor=m.start()))
    return acts


def _aspect_paragraphs(text: str, aspects: list[_Act]) -> list[tuple[tuple[int, int], str]]:
    """Paragraph regions ``在…方面,…`` that develop one of the aspects."""
    if not aspects:
        return []
    found = []
    for start, end, line in iter_lines(text):
        m = re.match(r"^\s*在(?P<what>[^。;；]{2,60}?)方面", line)
        if m:
            found.append(((start, end), m["what"]))
    out = []
    by_order = len(found) == len(aspects)
    for i, (region, what) in enumerate(found):
        match = next((a for a in aspects if bare(a.label) in bare(what)), None)
        if match is None and by_order:
            match = aspects[i]
        if match is not None:
            out.append((region, match.key))
    return out


def _content_lists(text: str, rules: _Rules) -> tuple[list[_Act], list[tuple[int, int]]]:
    """``“A,…”“B,…”等活动内容`` → items labelled by their first clause; also the spans used."""
    acts: list[_Act] = []
    used: list[tuple[int, int]] = []
    quotes = quotes_in(text)
    i = 0
    while i < len(quotes):
        run = [quotes[i]]
        j = i + 1
        while j < len(quotes) and _JOIN_OPT.fullmatch(text[run[-1][1]:quotes[j][0]]):
            run.append(quotes[j])
            j += 1
        tail = text[run[-1][1]:run[-1][1] + 16]
        m = re.match(rf"\s*等\s*{_HOW_MANY}?\s*(?P<w>{rules.w.content_list})", tail)
        items = [q for q in run
                 if bare(q[2]) not in _STOP_QUOTES and bare(q[2]) not in rules.blocked]
        clause_like = [q for q in items if re.search(r"[,，]", q[2]) or rules.heading_like(q[2])]
        if (m and items and len(clause_like) == len(items) and m["w"] != "活动") or (
            m and m["w"] == "活动" and len(items) >= 2 and len(clause_like) == len(items)
            and all(re.search(r"[,，]", q[2]) for q in items)
        ):
            for n, (qs, qe, inner) in enumerate(items, 1):
                first = re.split(r"[,，]", inner, maxsplit=1)[0]
                label = clean_value(first if cjk_len(first) >= 4 else inner)
                span = locate(text, qs, qe, label)
                acts.append(_Act(label, span, "item", (qs, qe), ordinal=n, anchor=qs))
                used.append((qs, qe))
        i = j
    return acts, used


def _enumerated_items(text: str, rules: _Rules,
                      other: Sequence[tuple[int, int]] = ()) -> list[_Act]:
    """``一是开展…活动,…;二是举办…`` in running text: items whose lead clause reads like a
    heading (starts with an action verb); a paragraph needs 一是 and 二是, or lines starting
    with 一是, 二是 … in sequence need two."""
    acts: list[_Act] = []
    for start, _end, line in iter_lines(text):
        if "一是" not in line or "二是" not in line:
            continue
        marks = list(re.finditer(r"([一二三四五六七八九十])是", line))
        marks = [m for m in marks if m.start() == 0 or line[m.start() - 1] in "。;；,，:： "]
        expected = 1
        for k, m in enumerate(marks):
            if cn_int(m.group(1)) != expected:
                continue
            expected += 1
            seg_end = marks[k + 1].start() if k + 1 < len(marks) else len(line)
            body = line[m.end():seg_end]
            _off, label = rules.item_label(body)
            if not rules.heading_like(label) and not (
                re.match(rules.w.heading_verbs, label) and cjk_len(label) <= 30
            ):
                continue
            span = locate(text, start + m.end(), start + seg_end, label)
            acts.append(_Act(label, span, "item", (start + m.start(), start + seg_end),
                             ordinal=expected - 1, anchor=span.start))
    # One paragraph each: 一是加强质量宣传。…\n二是推动质量提升。…, lines that start with
    # 一是, 二是 … in sequence (a run of at least two).
    lines = [(s, e, ln) for s, e, ln in iter_lines(text)]
    runs: list[list[tuple[int, int, str, re.Match[str]]]] = []
    for s, e, ln in lines:
        m = re.match(r"\s*([一二三四五六七八九十])是", ln)
        if m is None or ("一是" in ln and "二是" in ln):
            continue
        n = cn_int(m.group(1))
        if n == 1:
            runs.append([(s, e, ln, m)])
        elif runs and n == len(runs[-1]) + 1:
            runs[-1].append((s, e, ln, m))
    for run in runs:
        if len(run) < 2 or any(a <= run[0][0] < b for a, b in other):
            continue  # a 要求/保障措施 section's 一是加强组织领导 … are duties
        for k, (s, e, ln, m) in enumerate(run):
            _off, label = rules.item_label(ln[m.end():])
            if not rules.heading_like(label) and not (
                re.match(rules.w.heading_verbs, label) and cjk_len(label) <= 30
            ):
                continue
            stop = run[k + 1][0] if k + 1 < len(run) else e
            span = locate(text, s + m.end(), e, label)
            acts.append(_Act(label, span, "item", (s + m.start(1), stop), ordinal=k + 1,
                             anchor=span.start))
    return acts


_CELL_SEP = re.compile(r"[ \t]*\|[ \t]*|\t+|\u3000+|[ ]{2,}")
_HEAD_SEP = re.compile(r"[ \t]*\|[ \t]*|[\s\u3000]+")  # headings are single words


def _cells(line: str, sep: re.Pattern[str] = _CELL_SEP) -> list[tuple[int, str]]:
    """``(offset, text)`` of the cells of a table row (set apart by ideographic spaces, runs
    of spaces, tabs or |)."""
    out, start = [], 0
    for m in sep.finditer(line):
        if m.start() > start:
            out.append((start, line[start:m.start()]))
        start = m.end()
    if start < len(line):
        out.append((start, line[start:]))
    return [(o, c) for o, c in out if c.strip()]


def _cell_lines(text: str, lines: list[tuple[int, int, str]], i: int,
                rules: _Rules) -> tuple[list[_Act], int] | None:
    """The rows of a table pasted one cell a line from ``lines[i]`` on (序号 / 活动名称 / 时间 /
    地点 / 责任单位, then 1 / 全县“质量月”活动启动仪式 / 9月2日 / …), and the index after it; ``None``
    when no such heading starts there. The heading is three or more lines, each a column word,
    one of them naming the activity; a row whose 序号 cell is no number ends the table."""
    w = rules.w
    known = w.table_columns | w.table_organizers | w.table_serial | w.table_other
    if lines[i][2].strip() not in known:
        return None  # (asked of every line: the rest only where a heading may start)
    # Blank lines between the pasted cells are no cells.
    filled = [k for k in range(i, len(lines)) if lines[k][2].strip()]
    if not filled or filled[0] != i:
        return None
    head: list[str] = []
    n = 0
    while n < len(filled) and lines[filled[n]][2].strip() in known:
        head.append(lines[filled[n]][2].strip())
        n += 1
    col = next((k for k, c in enumerate(head) if c in w.table_columns), None)
    if len(head) < 3 or col is None:
        return None
    org_col = next((k for k, c in enumerate(head) if c in w.table_organizers), None)
    serial = next((k for k, c in enumerate(head) if c in w.table_serial), None)
    acts: list[_Act] = []
    end = filled[n - 1] + 1
    number = re.compile(r"[\d一二三四五六七八九十]{1,3}[.、．]?")
    while n < len(filled):
        if serial == 0:
            # Rows start at their 序号: a cell left empty (no 地点) shortens its row only.
            if not number.fullmatch(lines[filled[n]][2].strip()):
                break
            k = n + 1
            while k < len(filled) and k - n < len(head) and not (
                    k - n > col and number.fullmatch(lines[filled[k]][2].strip())) and not (
                    (marker(lines[filled[k]][2].strip()) or ("",))[0] in ("cn", "pcn")):
                k += 1  # (nor does the heading after the table, 三、工作要求, join the last row)
            row = [lines[x] for x in filled[n:k]]
        else:
            if n + len(head) > len(filled):
                break
            row = [lines[x] for x in filled[n:n + len(head)]]
            if serial is not None and not number.fullmatch(row[serial][2].strip()):
                break
        if col >= len(row):
            break
        s, e, cell = row[col]
        label = clean_value(cell)
        if not (rules.ok_label(label) and 2 <= cjk_len(label) <= 40 and balanced(label)):
            break
        # Who holds it: the 责任单位 cell, when no cell of the row is missing.
        org = clean_value(row[org_col][2]) if org_col is not None and len(row) == len(head) else ""
        span = locate(text, s, e, label)
        acts.append(_Act(label, span, "event", (row[0][0], row[-1][1]),
                         organizer=tuple(rules._split_names(org)) or None if org else None,
                         anchor=span.start, cells=True))
        end = filled[n + len(row) - 1] + 1
        n += len(row)
    return (acts, end) if acts else None


_PIPE = re.compile(r"[ \t]*\|[ \t]*")
_DATE_CELL = re.compile(r"(?:(?:19|20)\d{2}\s*年\s*)?\d{1,2}\s*月|\d{1,2}\s*[./]\s*\d{1,2}\b")


def _pipe_cells(line: str) -> list[tuple[int, str]]:
    """The cells of a row set with | (outer bars dropped; an empty inner cell kept)."""
    if "|" not in line:
        return []
    out, start = [], 0
    for m in _PIPE.finditer(line):
        out.append((start, line[start:m.start()]))
        start = m.end()
    out.append((start, line[start:]))
    if out and not out[0][1].strip():
        out = out[1:]
    if out and not out[-1][1].strip():
        out = out[:-1]
    return out


def _headless_pipe_rows(text: str, lines: list[tuple[int, int, str]], i: int,
                        rules: _Rules) -> tuple[list[_Act], int] | None:
    """The rows of a schedule set with | whose heading row is lost (blanked as a navigation
    bar, or never pasted): two or more rows of as many cells (three or more), one column a
    date in every row (9月1日 | 县行政服务中心 | 浦江县“质量月”活动启动仪式 | 县市场监管局). The
    activity is the column most of whose cells end in an event word (…启动仪式, …现场会,
    …活动); the organiser, a column whose cells all end in an organisation's suffix."""
    first = _pipe_cells(lines[i][2])
    n = len(first)
    if n < 3:
        return None
    run = [(lines[i][0], first)]
    k = i + 1
    while k < len(lines):
        nxt = k
        while nxt < len(lines) and not lines[nxt][2].strip():
            nxt += 1  # blank lines between the rows are no rows
        cells = _pipe_cells(lines[nxt][2]) if nxt < len(lines) else []
        if len(cells) != n:
            break
        run.append((lines[nxt][0], cells))
        k = nxt + 1
    if len(run) < 2:
        return None
    if any(re.match(r"[\s|:：\-—=+]*$", c) for _s, row in run for _o, c in row):
        return None  # a table with a Markdown rule or empty cells: the headed kind's
    date_cols = [c for c in range(n) if all(_DATE_CELL.match(row[c][1].strip()) for _s, row in run)]
    if not date_cols:
        return None
    w = rules.w
    ends = re.compile(rf"(?:{w.event_words})[”」』\"]?$")

    def eventful(cell: str) -> bool:
        label = clean_value(cell)
        return bool(ends.search(label) or rules.kind(label))

    score = {c: sum(1 for _s, row in run if eventful(row[c][1]))
             for c in range(n) if c not in date_cols}
    best = max(score.values(), default=0)
    cols = [c for c, v in score.items() if v == best]
    if len(cols) != 1 or 2 * best < len(run):
        return None
    col = cols[0]
    org_rx = re.compile(rf"(?:{w.org_suffix})$")
    orgs = [c for c in range(n) if c != col and c not in date_cols and all(
        org_rx.search(clean_value(row[c][1])) for _s, row in run)]
    acts: list[_Act] = []
    for s, row in run:
        off, cell = row[col]
        label = clean_value(cell)
        if not (rules.ok_label(label) and 2 <= cjk_len(label) <= 40 and balanced(label)):
            continue
        org = clean_value(row[orgs[-1]][1]) if orgs else ""
        span = locate(text, s + off, s + off + len(cell), label)
        line_end = text.find("\n", s)
        acts.append(_Act(label, span, "event", (s, line_end if line_end >= 0 else len(text)),
                         organizer=tuple(rules._split_names(org)) or None if org else None,
                         anchor=span.start))
    return (acts, k) if acts else None


def _table_rows(text: str, rules: _Rules) -> list[_Act]:
    """The rows of a table of activities (附件1 …重点活动安排表: 序号　活动名称　时间　主办单位):
    the cell under the name column of each row, not the whole row (1 “质量月”活动启动仪式
    9月2日 质检总局), organised by the cell under the organiser column (质检总局)."""
    acts: list[_Act] = []
    lines = list(iter_lines(text))
    i = 0
    while i < len(lines):
        _s, _e, line = lines[i]
        one_a_line = _cell_lines(text, lines, i, rules)
        if one_a_line:
            rows, i = one_a_line
            acts += rows
            continue
        headless = _headless_pipe_rows(text, lines, i, rules)
        if headless:
            rows, i = headless
            acts += rows
            continue
        head = _cells(line, _HEAD_SEP)
        col = next((k for k, (_o, c) in enumerate(head) if c.strip() in rules.w.table_columns),
                   None)
        i += 1
        if col is None or len(head) < 3 or len(line.strip()) > 60:
            continue
        org_col = next((k for k, (_o, c) in enumerate(head)
                        if c.strip() in rules.w.table_organizers), None)
        while i < len(lines):
            s, _e, row_line = lines[i]
            if re.fullmatch(r"[\s|:：\-—=+]*", row_line):
                i += 1  # a blank line, or a Markdown rule under the head (|---|---|)
                continue
            if ("|" in line) != ("|" in row_line):
                break  # a Markdown table's rows are set with | as its heading is
            row = _cells(row_line)
            if len(row) < len(head):  # 1　全国“质量月”活动启动仪式　9月1日　质检总局: one space
                single = _cells(row_line, _HEAD_SEP)
                row = single if len(single) == len(head) else row
            if not max(2, col + 1) <= len(row) <= len(head):
                break
            off, cell = row[col]
            label = clean_value(cell)
            if rules.ok_label(label) and 2 <= cjk_len(label) <= 40 and balanced(label):
                span = locate(text, s + off, s + off + len(cell), label)
                # The cell under 主办单位 holds it (9月1日　…启动仪式　省市场监管局).
                org = clean_value(row[org_col][1]) if org_col is not None and org_col < len(
                    row) and org_col != col else ""
                acts.append(_Act(label, span, "event", (s, s + len(row_line)),
                                 organizer=tuple(rules._split_names(org)) or None if org else None,
                                 anchor=span.start))
            i += 1
    return acts


# ---------------------------------------------------------------------------------------
# (b) named events


def _object_of_verb(text: str, qs: int, qe: int, w: _Words) -> bool:
    """Whether the quote at ``qs:qe`` is the whole object of an event verb: the verb right
    before it and only a follow word (宣传, 认证, 工作) before the clause ends (中国消费者协会将配合开展
    “放心消费”宣传，…; 开展“江苏精品”认证。; 开展了“质量大讲堂”。)."""
    if not re.search(rf"{w.verb}(?:好|了)?\s*$", text[max(0, qs - 8):qs]):
        return False
    ends = re.compile(rf"(?:{w.follow}){{0,2}}[ \t]*(?:[{_CLAUSE_END}]|$)")
    return ends.match(text, qe) is not None


def _quoted_events(text: str, rules: _Rules, used: list[tuple[int, int]]) -> list[_Act]:
    w = rules.w
    acts: list[_Act] = []
    quotes = quotes_in(text)
    # The tail never crosses 和/与/及: “A”活动和B倡议活动 ends at the first 活动; nor 等, which
    # closes a list (“品牌东营”巡展等活动 names “品牌东营”巡展).
    tail_rx = re.compile(
        rf"(?P<tail>(?:(?!第|年(?!度)|和|与|及|等)[\u4e00-\u9fffA-Za-z·]){{0,10}})"
        rf"(?P<etc>等)?(?P<ew>{w.event_words})"
    )
    for idx, (qs, qe, inner) in enumerate(quotes):
        if any(a <= qs < b for a, b in used):
            continue
        b = bare(inner)
        if b in _STOP_QUOTES or b in rules.blocked or not 2 <= len(b) <= 40:
            continue
        after = text[qe:qe + 24]
        # A run “A”、“B”等活动: every quote of the run is an activity.
        run_end = qe
        k = idx
        # “A”、“B” and “A”“B” (quotes set side by side) are runs.
        while k + 1 < len(quotes) and _JOIN_OPT.fullmatch(text[run_end:quotes[k + 1][0]]):
            k += 1
            run_end = quotes[k][1]
        # “A”、“B”和C等活动: an unquoted last item before 等 still closes the run.
        run_m = re.match(rf"(?:\s*[和及与][^,，。;；“”\n]{{1,12}}?)?\s*等\s*(?:[\u4e00-\u9fff]{{0,6}}?)"
                         rf"(?:{w.event_words})", text[run_end:])
        label = None
        start, end = qs, qe
        if k > idx or (idx > 0 and _JOIN_OPT.fullmatch(text[quotes[idx - 1][1]:qs])):
            if run_m:
                label = clean_value(inner)
                start, end = qs + 1, qe - 1
        if label is None:
            m = tail_rx.match(after)
            if m and (re.match(r"为\s*(?:活动)?\s*主题", m["tail"])
                      or re.match(rf"主题\s*(?:{w.event_verbs})", m["tail"])):
                # 以“诚信铸就品牌 质量创造价值”为主题的系列活动, 围绕“质量强国　品质生活”主题开展
                # 系列活动: the quote is a theme (not “质量开放日”主题活动, a themed event)
                m = None
            if m and not (re.search(w.programme_words + r"$", inner) and m.start("ew") > 0
                          and m["tail"]
                          and not m["tail"].startswith(("系列", "专题", "主题", "进"))):
                core = inner + m["tail"]
                if not rules.generic_core(core, m["ew"]) or b not in _STOP_QUOTES:
                    end = qe + (m.start("etc") if m["etc"] else m.end())
                    label = text[qs:end]
            elif re.search(rf"(?:{w.programme_words}|{w.event_words})$", inner):
                nxt = after[:1]
                if not re.match(r"[\u4e00-\u9fff]", nxt) or re.match(w.follow, after) \
                        or nxt in "和及与":  # “质量开放日”和…宣传周: a list goes on
                    label = clean_value(inner)
                    start, end = qs + 1, qe - 1
            elif _object_of_verb(text, qs, qe, w):
                label = clean_value(inner)
                start, end = qs + 1, qe - 1
        if label is None:
            continue
        # Extend back to an event verb: 开展百名质量管理专家、百名质量工程师“企业行”活动.
        if label.startswith("“") or text[start:start + 1] == "“":
            cs, _ = _sentence(text, qs, _CLAUSE_END, 40)
            before = text[cs:qs]
            verbs = list(re.finditer(rf"{w.verb}(?:好|了)?", before))
            if verbs:
                vm = verbs[-1]
                prefix = before[vm.end():]
                # …“A”和“B”活动: a quoted name before is an item of its own, not a qualifier.
                if (prefix and cjk_len(prefix) <= 20
                        and not re.search(r"[、,，”“的]$|活动|[:：]|[”」』]", prefix)
                        and not re.search(w.verb, prefix)):
                    start = cs + vm.end()
                    label = text[start:end]
        label = clean_value(label)
        if not balanced(label) or not rules.ok_label(label):
            continue
        acts.append(_Act(label, Span(start, end), "event", _sentence(text, qs), anchor=qs))
    return acts


def _ordinal_events(text: str, rules: _Rules) -> list[_Act]:
    w = rules.w
    rx = re.compile(
        rf"(?:全国)?{_ORDINAL}"
        rf"(?:[^,，;；。、\n“”《》]|“质量月”){{2,24}}?(?:{w.event_words})"
    )
    acts = []
    for m in rx.finditer(text):
        label = m.group(0)
        core = re.sub(rf"^(?:全国)?{_ORDINAL}", "", label)
        if bare(core).replace("全国", "") in ("质量月活动", "质量月"):
            continue
        if rules.ok_label(label):
            acts.append(_Act(label, Span(m.start(), m.end()), "event", _sentence(text, m.start()),
                             anchor=m.start()))
    return acts


def _verb_events(text: str, rules: _Rules) -> list[_Act]:
    """举办电梯突发事件实景演练 / 组织开展A活动、B活动 / 开展A活动及B展览等活动内容."""
    w = rules.w
    acts = []
    # (and after an item's marker: （三）组织质量技术服务进企业活动)
    clause_verb = rf"(?:(?<=[,，;；:：。\n）)])|^)\s*(?:{w.clause_verbs})(?!{w.event_verbs})"
    done = rf"了\s*(?:[一两]?\s*(?:{w.measures}))?"  # 举办了一场, 搞了个
    for vm in re.finditer(rf"{w.verb}(?:好|{done})?|(?:{w.done_verbs}){done}|{clause_verb}",
                          text, re.MULTILINE):
        rest_start = vm.end()
        _, clause_end = _sentence(text, rest_start, _CLAUSE_END, 80)
        np = text[rest_start:clause_end]
        # 开展以“…”为主题的X活动: the theme qualifies the event, X活动 names it.
        themed = re.match(r"以\s*“[^“”\n]{1,40}”\s*为\s*(?:活动)?\s*主题的\s*", np)
        if themed:
            rest_start += themed.end()
            np = np[themed.end():]
        if not np.strip() or not re.match(r"[\u4e00-\u9fffA-Za-z0-9“《]", np):
            continue
        if np.startswith("的"):
            continue  # 长期组织开展的一项…活动: the verb qualifies a noun, it names nothing
        if re.search(w.verb, np) or re.search(w.np_stop, np):
            continue  # a clause, or an inner verb that names the event itself
        mlist = re.search(rf"等\s*{_HOW_MANY}?\s*(?:{w.content_list})$", np)
        if mlist:
            np = np[: mlist.start()]
        # 开展“质量开放日”和消费品质量安全宣传周: a quoted event name ends a part as well.
        parts = _split_outside_quotes(np, rf"(?:{w.event_words})[”」』]?")
        ends_ok = [re.search(rf"(?:{w.event_words})[”」』]?$", p.strip()) is not None
                   for _, p in parts]
        # 开展A、B、“C”等12项活动: a list the text closes as activities names them all.
        closed = mlist is not None and len(parts) > 1
        if len(parts) > 1 and not all(ends_ok) and not closed:
            continue
        for off, part in parts:
            quoted = quotes_in(part)
            lead = len(part) - len(part.lstrip())
            whole = len(quoted) == 1 and quoted[0][0] == lead and quoted[0][1] == len(part.rstrip())
            if closed and whole:
                off += part.index(quoted[0][2])
                part = quoted[0][2]
            elif any(bare(q[2]) not in _STOP_QUOTES for q in quoted):
                continue  # the quote rule names it
            label = clean_value(part)
            ew = re.search(rf"(?:{w.event_words})$", label)
            if closed and whole:
                if not 2 <= cjk_len(label) <= 20:
                    continue
            elif closed:  # a named item of the list: only the whole label must not be vague
                if rules.generic_core(label) or not 4 <= cjk_len(label) <= 20:
                    continue
                if ew is not None and ew.group(0) in w.bare_event_words \
                        and rules.generic_core(label[: ew.start()], ew.group(0)):
                    continue  # 举办启动仪式、质量开放日…等活动: 启动仪式 of no campaign is vague
                    # (专题晚会 says what kind of event it is: kept)
            elif ew is None or rules.generic_core(label[: ew.start()], ew.group(0)) \
                    or cjk_len(label) > 30:
                continue
            if not balanced(label) or not rules.ok_label(label):
                continue
            span = locate(text, rest_start + off, rest_start + off + len(part), label)
            acts.append(_Act(label, span, "event", _sentence(text, span.start), anchor=span.start))
    return acts


_PIECE_END = re.compile(r"[,，;；。]")


def _matches_in_pieces_with(rx: re.Pattern[str], text: str, needed: str) -> Iterator[re.Match[str]]:
    """``rx.finditer(text)`` for a pattern whose matches hold ``needed`` and none of
    ``,，;；。``: only the pieces between those marks that hold ``needed`` are searched (the
    regex costs a tenth of the extraction when run over the whole text)."""
    start = 0
    for end in [m.start() for m in _PIECE_END.finditer(text)] + [len(text)]:
        if text.find(needed, start, end) >= 0:
            yield from rx.finditer(text, start, end)
        start = end + 1


def _subject_events(text: str, rules: _Rules) -> list[_Act]:
    """An event that is the subject of its clause, with its venue: 9月1日上午，绍兴市2014年
    “质量月”活动启动仪式在柯桥区举行 → 绍兴市2014年“质量月”活动启动仪式."""
    w = rules.w
    rx = re.compile(
        rf"(?P<np>(?:[^,，;；。、:：\n“”《》]|“质量月”){{2,40}}?(?:{w.event_words}))"
        rf"\s*(?:将|已|也|于[^,，;；。\n]{{1,12}}?)?\s*在[^,，;；。\n]{{1,20}}?(?:{w.venue_verbs})"
    )
    # 由A、B等部门联合主办的X在…举行: a relative clause (…主办的) before the event qualifies it.
    host = re.compile(rf"(?:{w.event_verbs})的")
    acts = []
    for m in _matches_in_pieces_with(rx, text, "在"):
        s = m.start("np")
        if s > 0 and text[s - 1] not in _CLAUSE_END + " \t":
            cs, _ = _sentence(text, s, _CLAUSE_END, 120)
            hosts = list(host.finditer(text, cs, m.end("np")))
            if not hosts:
                continue  # not at a clause start
            s = hosts[-1].end()
        dated = _LEAD_DATE.match(text, s)
        if dated:
            s = dated.end()
        label = clean_value(text[s:m.end("np")])
        ew = re.search(rf"(?:{w.event_words})$", label)
        if ew is None or rules.generic_core(label[: ew.start()], ew.group(0)) \
                or not 4 <= cjk_len(label) <= 30:
            continue
        if re.search(w.verb, label) or re.search(w.np_stop, label) or not balanced(label):
            continue
        if not rules.ok_label(label):
            continue
        span = locate(text, s, m.end("np"), label)
        acts.append(_Act(label, span, "event", _sentence(text, s), anchor=span.start))
    return acts


# ---------------------------------------------------------------------------------------
# English translations and news


def _roman(numeral: str) -> int:
    """The value of a Roman numeral as items are numbered in translations ((IV) → 4)."""
    values = {"I": 1, "V": 5, "X": 10}
    total = 0
    for i, ch in enumerate(numeral):
        v = values[ch]
        total += -v if i + 1 < len(numeral) and values[numeral[i + 1]] > v else v
    return total


def _english_events(text: str, rules: _Rules) -> list[_Act]:
    """Numbered items of an English activity section (``(1) Holding the launch ceremony.``,
    ``(I) …`` in a translation of （一）),
    quoted names with an event noun (the "Quality Open Day" activities) and ordinal events
    (the 41st National Conference of QC Group Representatives)."""
    w = rules.w
    acts: list[_Act] = []
    section = re.compile(
        rf"(?im)^[ \t]*(?:[IVX]{{1,5}}|\d{{1,2}})\s*\.\s*(?:{w.en_section})\s*:?[ \t]*$")
    next_head = re.compile(r"(?m)^[ \t]*[IVX]{1,5}\s*\.\s+\S")
    for head in section.finditer(text):
        nxt = next_head.search(text, head.end())
        region = (head.end(), nxt.start() if nxt else len(text))
        items = list(re.finditer(
            r"(?m)^[ \t]*(?:\((?P<n>\d{1,2})\)|(?P<n2>\d{1,2})\.(?!\d)|\((?P<r>[IVX]{1,5})\))[ \t]*"
            r"(?P<lead>[^.\n]{3,160})",
            text[region[0]:region[1]]))
        for k, im in enumerate(items):
            lead = im["lead"].strip()
            s = region[0] + im.start("lead")
            # 1. The launch ceremony of … will be held in Beijing: the subject names it.
            subject = re.match(r"(?:The\s+)?(?P<np>.+?)\s+(?:will|shall|is\s+to|are\s+to)\s", lead)
            if subject and len(subject["np"].split()) >= 2:
                s += subject.start("np")
                lead = subject["np"]
            # (2) Organizing quality open days from September 10: the date is when, not what
            # (it dates the item); a place before it stays, as 在南京 does.
            dm = EN_DATE_MDY.search(lead) or EN_DATE_DMY.search(lead)
            if dm and dm.start() > 0:
                head = re.sub(r"(?i)[\s,]+(?:on|from|starting(?:\s+from)?|since|beginning|between)?"
                              r"(?:\s*\d{1,2}(?:st|nd|rd|th)?\s*(?:to|and|-|–))?\s*$",
                              "", lead[:dm.start()])
                if len(head.split()) >= 2:
                    lead = head
            if not 2 <= len(lead.split()) <= 12:
                continue
            stop = region[0] + items[k + 1].start() if k + 1 < len(items) else region[1]
            acts.append(_Act(lead, Span(s, s + len(lead)), "item", (s, stop),
                             ordinal=_roman(im["r"]) if im["r"] else int(im["n"] or im["n2"]),
                             anchor=s))
    ew = w.en_event_words
    quoted = re.compile(
        rf"[\"“](?P<name>[A-Z][^\"”\n]{{2,60}}?)[\"”]\s*(?:(?P<noun>{ew})\b)?", re.IGNORECASE)
    for m in quoted.finditer(text):
        name = m["name"].strip()
        if not (m["noun"] or re.search(rf"\b(?:{ew})$", name, re.IGNORECASE)):
            continue
        if re.fullmatch(r"(?i)quality\s+month", name) or bare(name) in rules.blocked:
            continue
        acts.append(_Act(name, Span(m.start("name"), m.start("name") + len(name)), "event",
                         (m.start(), m.end()), anchor=m.start()))
    # Unquoted: "will hold Quality Open Day events", "Besides the launch ceremony".
    held = re.compile(
        rf"\b(?:hold|holds|held|holding|organi[sz]e|organi[sz]es|organi[sz]ed|launch|launched)\s+"
        rf"(?:the\s+|a\s+|an\s+)?(?P<name>(?:[A-Z][\w'’-]*\s+){{1,6}}(?:{ew}))\b")
    for m in held.finditer(text):
        name = m["name"].strip()
        if re.fullmatch(r"(?i)(?:national\s+)?quality\s+month\s+\w+", name):
            continue
        acts.append(_Act(name, Span(m.start("name"), m.start("name") + len(name)), "event",
                         (m.start(), m.end()), anchor=m.start("name")))
    # Lower case, with what it is of: "will hold the national conference of quality control
    # groups in Chengdu" (an event word that says more than that something is held, up to
    # the place, time or clause after it).
    bare_words = set(words("activities", "en_bare_event_words"))
    named = "|".join(re.escape(x) for x in sorted(
        set(words("activities", "en_event_words")) - bare_words, key=len, reverse=True))
    of_what = re.compile(
        rf"\b(?:hold|holds|held|holding|organi[sz]e|organi[sz]es|organi[sz]ed)\s+"
        rf"(?:the\s+|a\s+|an\s+)"
        rf"(?P<name>(?:[a-z][\w'’-]*\s+){{0,3}}(?:{named})\s+(?:of|on|for)\s+(?:the\s+)?"
        rf"(?:[a-z][\w'’-]*\s+){{0,4}}?[a-z][\w'’-]*)"
        rf"(?=\s+(?:in|at|on|from|during|with|across|by|this|next)\b|\s*[,.;]|\s*$)")
    for m in of_what.finditer(text):
        name = m["name"].strip()
        acts.append(_Act(name, Span(m.start("name"), m.end("name")), "event",
                         (m.start(), m.end()), anchor=m.start("name")))
    for m in re.finditer(r"\b(?:launch|opening|kick-off)\s+ceremony\b", text, re.IGNORECASE):
        acts.append(_Act(m.group(0), Span(m.start(), m.end()), "event", (m.start(), m.end()),
                         anchor=m.start()))
    cap = r"(?:[A-Z][\w'’-]*|QC)"
    ordinal = re.compile(
        rf"\b\d{{1,3}}(?:st|nd|rd|th)\s+(?:{cap}\s+){{0,4}}(?:{ew})"
        rf"(?:\s+(?:of|on|for)\s+(?:the\s+)?(?:{cap}\s*){{1,6}})?"
    )
    for m in ordinal.finditer(text):
        label = m.group(0).strip()
        if not re.search(r"[A-Z]", label.split(None, 1)[1][:1]):
            continue  # 41st national …: not a name
        acts.append(_Act(label, Span(m.start(), m.start() + len(label)), "event",
                         (m.start(), m.end()), anchor=m.start()))
    return acts


def _reviewed_year(text: str, pos: int, years: Sequence[int]) -> int | None:
    """The campaign an undated activity at ``pos`` is told of as done, when not the text's:
    the one year the heading of its section names when that reviews it (``past_heading``:
    一、2019年“质量月”活动回顾), else the year its sentence names before it (2019年“质量月”期间，
    我市举办了…; 去年“质量月”期间 of a text about one campaign: the year before), with no
    ``this_year`` word (今年) in between; ``None`` otherwise."""
    heading = past_heading(text, pos)
    if heading is not None:
        found = {parse_year(m.group(0)) for m in _YEAR_IN.finditer(heading)}
        found.discard(None)
        return found.pop() if len(found) == 1 else None
    s, _e = _sentence(text, pos)
    lead = text[s:pos]
    now = cues()["this_year"]["zh"]
    cut = max((lead.rfind(w) + len(w) for w in now if w in lead), default=0)
    lead = lead[cut:]
    told = {parse_year(m.group(1)) for m in _YEAR_OF_CAMPAIGN.finditer(lead)}
    told.discard(None)
    if len(told) == 1:
        return told.pop()
    if len(years) == 1 and any(w in lead for w in cues()["last_year"]["zh"]):
        return years[0] - 1
    return None


_YEAR_IN = re.compile(rf"{ARABIC_YEAR}|{CN_YEAR}(?=\s*年)")
#: A year told as a campaign's (2019年“质量月”期间, 2019年9月, 2019年全国“质量月”).
_YEAR_OF_CAMPAIGN = re.compile(
    rf"({ARABIC_YEAR}|{CN_YEAR})\s*年\s*(?:(?:全国)?\s*[“\"「『]?\s*质量月|(?:9|九)\s*月)")


# ---------------------------------------------------------------------------------------
# the same event twice


def _told_again(chosen: list[_Act], holders: list[_Act],
                rules: _Rules) -> dict[int, tuple[_Act, _Act]]:
    """``{id(event): (event, item)}`` for each event that tells again the event of the item
    it is in: of the item's kind (:meth:`_Rules.kind`), inside its region (in the item itself
    or in a sub-item of another kind), and the only event of that kind there. 9月2日，国家质检总局会同
    有关部门在北京举办2012年全国“质量月”活动启动仪式 under （一）举办全国“质量月”活动启动仪式;
    在株洲、长春两地举办首件鉴定培训班 under （四）开展首件鉴定专项培训. An item with several
    events of its kind (two forums under 举办质量论坛) keeps them all. An event whose name
    ends with what the item holds is of its kind too (全国质量标杆遴选活动 under 开展质量标杆
    遴选)."""
    kinds = {id(h): rules.kind(h.label) for h in holders}
    held = {id(h): rules.held_object(h.label) for h in holders}
    found: dict[int, tuple[_Act, list[_Act]]] = {}
    for ev in chosen:
        if ev.level != "event":
            continue
        k = rules.kind(ev.label)
        core = rules.event_core(ev.label)
        around = [h for h in holders if h.region[0] <= ev.anchor < h.region[1] and (
            (k is not None and kinds[id(h)] == k)
            or (held[id(h)] is not None and core.endswith(held[id(h)])))]
        if around:
            h = min(around, key=lambda a: a.region[1] - a.region[0])
            found.setdefault(id(h), (h, []))[1].append(ev)
    out: dict[int, tuple[_Act, _Act]] = {}
    for h, evs in found.values():
        if len(evs) > 1:
            # Several of its kind: the one the item names, but for the campaign's name, is
            # the item (全省启动仪式 beside 闽西南协同区启动仪式 under （一）举办全省“质量月”活动
            # 启动仪式, act_2020_second_dated_clause); the others are its own events.
            evs = [ev for ev in evs if rules.uncampaigned(ev.label) == rules.uncampaigned(h.label)]
        if len(evs) == 1:
            out[id(evs[0])] = (evs[0], h)
    return out


# ---------------------------------------------------------------------------------------
# dates


def _date_matches(text: str, year: int | None,
                  english: bool) -> list[tuple[int, int, str, bool]]:
    """``(start, end, iso, dateline)`` of the dates of ``text``: Chinese (9月1日, 2012年9月2日),
    and in an English text English ones too (On September 1, on August 31, 2023). A month and
    day take ``year``. ``dateline``: the date of a report's dateline (新华网北京9月2日电)."""
    out = []
    for m in DATE.finditer(text):
        if not m["y"] and year is None:
            continue
        value = parse_date(m, year)
        if value is not None:
            dateline = re.match(r"\s*(?:电|讯)", text[m.end():m.end() + 3]) is not None
            out.append((m.start(), m.end(), value, dateline))
    if english:
        taken: list[tuple[int, int]] = []
        for rx in (EN_DATE_MDY, EN_DATE_DMY):
            for m in rx.finditer(text):
                if any(m.start() < b and a < m.end() for a, b in taken):
                    continue
                y = int(m["y"]) if m["y"] else year
                month = month_number(m["mn"])
                if y is None or month is None:
                    continue
                try:
                    value = dt.date(y, month, int(m["d"])).isoformat()
                except ValueError:
                    continue
                taken.append((m.start(), m.end()))
                out.append((m.start(), m.end(), value, False))
    return out


def _dated_elsewhere(text: str, pos: int, date_at: int, ends: str, year: int | None,
                     english: bool) -> bool:
    """Whether the clause at ``pos`` (an event's) holds a date other than the one at
    ``date_at``."""
    cs, ce = _sentence(text, pos, ends + ",，")
    return any(a != date_at for a, _b, _iso, _dl in _date_matches(text[cs:ce], year, english)
               for a in [a + cs])


def _event_dates(text: str, acts: list[_Act], rules: _Rules, year: int | None,
                 sections: list[tuple[int, int]], told: Sequence[tuple[_Act, _Act]] = (),
                 english: bool = False) -> Iterable[Fact]:
    """The dates of the activities: a date dates the one event of its sentence (or the item
    that event tells again, ``told``), else the item it is a dated step of."""
    w = rules.w
    dated: set[tuple[str, str]] = set()
    event_dates: list[tuple[int, int, str]] = []  # the dates that may date an event
    ends = _SENT_END + "." if english else _SENT_END
    en_deadline = "|".join(re.escape(x) for x in cues()["dates"]["deadline_en"])
    starts = "|".join(re.escape(x) for x in cues()["dates"].get("start_after") or [])

    # A dateline (新华网北京9月2日电) dates the report: it dates an event only when its
    # sentence gives no other date (本报北京9月1日讯 今天上午，…启动仪式…举行).
    for start, end, iso, dateline in sorted(_date_matches(text, year, english),
                                       key=lambda d: (d[3], d[0])):
        after = text[end:end + 3]
        # 九月一日晚，在…举办: the time of day is when on that day; the comma follows it.
        tod = re.match(rf"\s*{_TIME_OF_DAY}", text[end:end + 4])
        if tod:
            after = text[end + tod.end():end + tod.end() + 3]
        if re.match(rf"\s*(?:{w.deadline})", after) and not (
                re.match(rf"\s*(?:{starts})", after)
                and _LEAD_DATE.fullmatch(text[_sentence(text, start, ends + ",，")[0]:end]
                                         .strip() + "，")):
            continue  # 10月31日前…; not 9月12日起面向公众开放 leading its clause: it starts then
        if english and re.search(rf"(?i)\b(?:{en_deadline})\s*(?:on\s+)?$",
                                 text[max(0, start - 16):start]):
            continue  # by September 30: a deadline
        if not dateline:
            event_dates.append((start, end, iso))
        s, e = _sentence(text, start, ends)
        in_sentence = [a for a in acts if a.level == "event" and s <= a.anchor < e]
        # An event that tells an item's event again stands for the item here.
        told_here = [(ev, item) for ev, item in told if s <= ev.anchor < e
                     and all(item is not a for a in in_sentence)]
        in_sentence += [item for _ev, item in told_here]
        target = None
        # The date's clause, or the clause after it when the date stands alone before a
        # comma (9月5日，…在青岛召开…推进会).
        cs, ce = _sentence(text, start, ends + ",，")
        if not re.sub(rf"^\s*{_TIME_OF_DAY}?", "", text[end:ce]).strip() and ce < e:
            _, ce = _sentence(text, ce + 1, ends + ",，")
        at = {id(item): ev.anchor for ev, item in told_here}  # the item is where told
        in_clause = [a for a in in_sentence if cs <= at.get(id(a), a.anchor) < ce]
        if len(in_sentence) == 1 and not in_clause and _dated_elsewhere(
                text, at.get(id(in_sentence[0]), in_sentence[0].anchor), start, ends, year,
                english):
            # The one event of the sentence has a date of its own in its clause (大会于9月16日
            # 至17日在杭州举行，9月18日举办质量标准论坛): this date is not its.
            in_sentence = []
        if len(in_sentence) > 1:
            # Several events in one sentence (9月1日在福州市举办全省启动仪式，9月2日在厦门市举办
            # 闽西南协同区启动仪式): the date dates the one of its clause.
            if len(in_clause) == 1:
                target = in_clause[0]
        elif len(in_sentence) == 1:
            target = in_sentence[0]
        elif not in_sentence and any(a.cells and a.region[0] <= start < a.region[1]
                                     for a in acts):
            # The 时间 cell of a row pasted one cell a line (9月2日 under 全县…启动仪式) dates it.
            target = next(a for a in acts if a.cells and a.region[0] <= start < a.region[1])
        elif not in_sentence:
            items = [a for a in acts if a.level == "item" and a.region[0] <= start < a.region[1]
                     and any(r0 <= start < r1 for r0, r1 in sections)]
            ls, le = _sentence(text, start, ends + ",，")
            if not items:
                pass
            elif english:
                # (2) Organizing quality open days from September 10; The ceremony will be
                # held in Wuhan on 3 September: a date in an English item with no event of its
                # own in its sentence dates the item, unless it ends a span (from 1 to 30
                # September, until September 30: the item is not held on the 30th).
                if not re.search(r"(?i)(?:\d{1,2}(?:st|nd|rd|th)?\s*(?:to|and|-|–)|\b(?:until|till"
                                 r"|through|to))\s*$", text[max(0, start - 12):start]) \
                        and len((text[s:start] + " " + text[end:e]).split()) >= 3:
                    # (and not the signing date alone on its line under the last item)
                    target = min(items, key=lambda a: a.region[1] - a.region[0])
            elif re.match(r"\s*[,，]", after) or (
                    _LEAD_DATE.fullmatch(text[ls:end].strip() + "，") and text[end:le].strip()
                    and not re.match(r"\s*(?:至|到|[-—–~～])", after)):
                # 8月31日,通过…: a dated step of the item that contains it; so is a date that
                # leads its sentence or a clause of it without a comma (9月2日在…召开启动会;
                # 9月1日上午，…; 9月15日举办初赛，9月25日在泉州市举办决赛), not one alone on its
                # line (the signing date under the last item) nor the start of a period
                # (9月1日至9月30日为活动期间).
                target = min(items, key=lambda a: a.region[1] - a.region[0])
            else:
                # 启动仪式于9月2日在深圳市举办 under （一）举办…启动仪式: its clause (an English
                # date: its sentence) names the item's kind of event; so may the start of
                # its span (大会于9月16日至17日在杭州举行 under （一）举办中国质量大会).
                cs, ce = (s, e) if english else _sentence(text, start, _CLAUSE_END)
                clause = bare(text[cs:ce])
                kinds = [(a, rules.kind(a.label)) for a in items]
                named = [a for a, k in kinds if k and any(x in clause for x in k)]
                if not named:
                    # 会议于9月15日在南京市召开 under 1．召开第三十三次全国质量管理小组代表会议:
                    # the clause's subject is the event word the item's label ends in, alone
                    # (会议, 大会, 竞赛, 该活动): the item's event.
                    hm = re.match(rf"\s*(?:该|此次|本次|这次)?\s*(?P<w>{w.event_words})\s*"
                                  r"(?:将|拟|计划)?\s*(?:于|定于|在)", text[cs:ce])
                    if hm:
                        named = [a for a in items if bare(a.label).endswith(bare(hm["w"]))]
                if named:
                    target = min(named, key=lambda a: a.region[1] - a.region[0])
        if target is None and english and not in_sentence:
            target = _launch_ceremony(text, acts, rules, s, e, year)
        targets = [target] if target is not None else []
        # 9月20日在宜宾县举办竞赛决赛，并开展质量管理小组成果发表交流: the activities its clause
        # joins to the dated one (并, 同时, 和) are held that day too; so are those joined to
        # the event that tells the item again (竞赛决赛 of 举办全市质量知识竞赛).
        joined_to = None if target is None or english or dateline else target \
            if target.level == "event" else next((ev for ev, item in told_here if item is target),
                                                 None)
        if joined_to is not None:
            targets += [a for a in _joined(text, start, end, e, joined_to, acts, rules, sections,
                                           year) if a is not target]
        for target in targets:
            # An activity may have several dates (a contest's 9月15日举办初赛，9月25日…举办决赛),
            # but a dateline dates only what no other date does.
            if (target.key, iso) in dated or (
                    dateline and any(k == target.key for k, _ in dated)):
                continue
            dated.add((target.key, iso))
            yield Fact("event_date", iso, Span(start, end),
                       make_attrs(activity=target.key, label=target.label))
    if not english:
        yield from _same_day_dates(text, acts, event_dates, dated)


@lru_cache(maxsize=1)
def _join_patterns() -> tuple[re.Pattern[str], re.Pattern[str]]:
    """A join (``clause_joins``, after a comma or not) with the event verb after it, at the
    end of a gap (…决赛，并开展) and at the start of one (，并举办…)."""
    joins = "|".join(re.escape(x) for x in sorted(words("activities", "clause_joins"),
                                                    key=len, reverse=True)) or r"(?!)"
    verb = alternation("activities", "event_verbs")
    place = r"(?:在[^,，。；;、\n]{1,15}?)?"
    link = rf"[ \t\u3000]*[,，]?[ \t\u3000]*(?:{joins})[ \t\u3000]*{place}(?:{verb})?[ \t\u3000]*"
    return re.compile(rf"(?P<own>.*?){link}$", re.DOTALL), re.compile(rf"{link}(?P<own>[^,，。；;\n]*)")


def _joined(text: str, start: int, end: int, e: int, ev: _Act, acts: list[_Act],
            rules: _Rules, sections: list[tuple[int, int]], year: int | None) -> list[_Act]:
    """The activities a dated clause joins to the event ``ev`` its date dates: the item it
    stands in when the date's clause, before the join (9月20日在宜宾县举办竞赛决赛，并开展…) or
    after it (…，并举办…决赛), names the item's kind of event; and the events after it, each
    joined by a join word and with no date of its own (…启动仪式，并举办质量论坛)."""
    at_end, at_start = _join_patterns()
    out: list[_Act] = []
    pieces: list[str] = []
    gap = text[end:ev.span.start]
    m = at_end.fullmatch(gap) if not re.search(r"[。；;\n]", gap) else None
    if m and m["own"].strip() and not re.search(r"[,，]", m["own"].strip("，, \t\u3000")):
        pieces.append(m["own"])
    last = ev
    later = sorted((a for a in acts if a.level == "event" and ev.span.end <= a.span.start < e),
                   key=lambda a: a.span.start)
    m = at_start.match(text, ev.span.end, e)
    if m and m["own"].strip() and not (later and later[0].span.start < m.end()):
        pieces.append(m["own"])
    for a in later:
        between = text[last.span.end:a.span.start]
        if not at_end.fullmatch(between) or at_end.fullmatch(between)["own"].strip() or \
                _date_matches(between, year, False):
            break
        if _dated_elsewhere(text, a.anchor, start, _SENT_END, year, False):
            break
        out.append(a)
        last = a
    if pieces:
        items = [a for a in acts if a.level == "item" and a.region[0] <= start < a.region[1]
                 and any(r0 <= start < r1 for r0, r1 in sections)]
        if items:
            item = min(items, key=lambda a: a.region[1] - a.region[0])
            kind = rules.kind(item.label)
            if kind and any(x in bare(p) for p in pieces for x in kind) and not any(
                    x in bare(ev.label) for x in kind):
                out.insert(0, item)
    return out


def _held_by_place(text: str, act: _Act, rules: _Rules) -> _Act:
    """An event named by the campaign alone (“质量月”活动启动仪式) whose clause has a place as
    its subject (9月2日，宁波市也举行了“质量月”活动启动仪式) is that place's: 宁波市“质量月”活动
    启动仪式, so the launches of several cities in one report are several activities, not one
    dated on each city's day."""
    if act.level != "event" or not bare(act.label).startswith("质量月"):
        return act
    w = rules.w
    cs = act.span.start
    while cs > 0 and text[cs - 1] not in _CLAUSE_END:
        cs -= 1
    lead = text[cs:act.span.start]
    m = re.fullmatch(
        rf"\s*(?P<place>[\u4e00-\u9fff]{{2,12}}?)\s*(?:(?:{w.links}|{w.subject_follow})\s*)*"
        rf"(?:在[\u4e00-\u9fff]{{1,12}}?)?(?:{w.event_verbs})\s*(?:了)?\s*", lead)
    if not m:
        return act
    place = m["place"]
    found = Gazetteer.load().find_places(place)
    if not any(p_start == 0 and p_end == len(place) for p_start, p_end, *_ in found):
        return act
    start = cs + m.start("place")
    return _Act(place + act.label, Span(start, act.span.end), act.level, act.region,
                act.ordinal, act.parent, act.organizer, act.anchor, act.cells)


def _launch_ceremony(text: str, acts: list[_Act], rules: _Rules, s: int, e: int,
                     year: int | None) -> _Act | None:
    """The 2021 National Quality Month, launched on Sept 1 in Hangzhou, … Besides the launch
    ceremony, …: a date of the campaign's launch (``en_launch_verbs``, with Quality Month in
    its sentence) dates the text's one launch ceremony, when that has no date of its own."""
    verbs = cues()["dates"].get("en_launch_verbs") or []
    sentence = text[s:e]
    if not verbs or not re.search(r"(?i)\bquality\s+month\b", sentence):
        return None
    alt = "|".join(re.escape(v) for v in sorted(verbs, key=len, reverse=True))
    if not re.search(rf"(?i)\b(?:{alt})\b", sentence):
        return None
    launch = rules.kind("launch ceremony")
    found = [a for a in acts if a.level == "event" and launch and rules.kind(a.label) == launch]
    if len(found) != 1:
        return None
    a0, a1 = _sentence(text, found[0].anchor, _SENT_END + ".")
    if _date_matches(text[a0:a1], year, True):
        return None  # its own sentence dates it
    return found[0]


def _same_day_dates(text: str, acts: list[_Act], event_dates: list[tuple[int, int, str]],
                    dated: set[tuple[str, str]]) -> Iterable[Fact]:
    """9月1日，在市民中心举行…启动仪式，同日举办质量成果展: a clause that opens with 同日 (当天,
    同期, data/years.yaml same_day_words) puts its undated events on the date before it in the
    same line."""
    same = cues()["dates"].get("same_day_words") or []
    if not same or not event_dates:
        return
    has_date = {key for key, _ in dated}
    alt = "|".join(re.escape(x) for x in sorted(same, key=len, reverse=True))
    rx = re.compile(rf"(?:(?<=[,，;；:：。\n])|^)\s*(?:并|还|也|另外|此外)?\s*(?:{alt})"
                    r"(?!\s*(?:相比|比|增长|下降))", re.MULTILINE)
    for m in rx.finditer(text):
        before = [d for d in event_dates if d[1] <= m.start()]
        if not before:
            continue
        start, end, iso = before[-1]
        if "\n" in text[end:m.start()]:
            continue  # the date of another line
        _, e = _sentence(text, m.end(), _SENT_END)
        later = [d[0] for d in event_dates if m.end() <= d[0] < e]
        if later:
            e = later[0]  # 同日举办A，9月3日举办B: B has its own
        for a in acts:
            if a.level != "event" or not m.end() <= a.anchor < e or a.key in has_date:
                continue
            has_date.add(a.key)
            dated.add((a.key, iso))
            yield Fact("event_date", iso, Span(start, end),
                       make_attrs(activity=a.key, label=a.label))


# ---------------------------------------------------------------------------------------


@extractor("activities", emits=("activity", "event_date"), after=("years", "themes", "slogans"))
def extract_activities(doc: Document, facts: Facts) -> Iterable[Fact]:
    """Numbered activity items, summarised aspects and named events, with organisers and dates.

    Example: ``三、活动重点\\n(一)开展质量品牌提升活动,改善产品和服务供给。…`` → item
    开展质量品牌提升活动 (ordinal 1); ``开展“七查一访”活动`` → event “七查一访”活动.
    """
    text = doc.text
    w = _Words()
    blocked = {bare(str(f.value)) for f in (*facts.get("theme"), *facts.get("slogan"))}
    rules = _Rules(text, w, blocked)

    act_sections, other_sections = _sections(text, w)
    items: list[_Act] = []
    for region in act_sections:
        items.extend(_section_items(text, rules, region))
    if not act_sections:
        items.extend(_top_level_items(text, rules, other_sections))
    aspects = _aspects(text, rules)
    content, used = _content_lists(text, rules)
    structural = items + aspects + content + _enumerated_items(text, rules, other_sections)

    english = _english_events(text, rules) if _mostly_english(text) else []
    structural += [a for a in english if a.level == "item"]
    events = _table_rows(text, rules) + _ordinal_events(text, rules) + _quoted_events(text, rules, used) + _verb_events(
        text, rules) + _subject_events(text, rules) + [a for a in english if a.level == "event"]
    events = [_held_by_place(text, a, rules) for a in events]
    events.sort(key=lambda a: (a.span.start, -(a.span.end - a.span.start)))

    chosen: list[_Act] = []
    seen: set[str] = set()
    # Each chosen activity by its name with the campaign's left out: 2018年全国“质量月”质量管理
    # 小组活动推进会 in a title is 2018年全国质量管理小组活动推进会 in the text (caq_2018_news).
    named: dict[str, _Act] = {}
    for act in structural:
        if bare(act.label) not in seen:
            seen.add(bare(act.label))
            named.setdefault(bare(act.label).replace("质量月", ""), act)
            chosen.append(act)
    # Another mention of a chosen activity: its date dates that activity.
    again: list[tuple[_Act, _Act]] = []
    spans: list[tuple[int, int]] = []
    for ev in events:
        b = bare(ev.label)
        if any(o0 <= ev.anchor < o1 for o0, o1 in other_sections):
            continue
        same = named.get(b.replace("质量月", ""))
        if b in seen or same is not None:
            if same is not None and same.span.start != ev.span.start:
                again.append((ev, same))
            continue
        # A structural item names it already (质量提升行动 ⊂ 深入实施质量提升行动; 质量品牌提升活动
        # in 开展质量品牌提升活动,…), unless it is a named part of the item's label
        # (“中国工业产品质量信誉论坛” in 工信部、国家质检总局会同有关部门,组织举办“…论坛”) and
        # the label says more than that it is held (开展“江苏精品”认证 is the 江苏精品 named).
        if any(b in bare(s.label) and not (
            s.span.start <= ev.span.start and ev.span.end <= s.span.end
            and len(b) < 0.6 * len(bare(s.label)) and not rules.only_holds(s.label, ev.label)
        ) for s in structural):
            continue
        # Overlapping event mentions: keep the first (longest at that position).
        if any(ev.span.start < e1 and s1 < ev.span.end for s1, e1 in spans):
            continue
        seen.add(b)
        named.setdefault(b.replace("质量月", ""), ev)
        spans.append((ev.span.start, ev.span.end))
        chosen.append(ev)

    # Parents: events inside an item, or in a 在…方面 paragraph of a summarised aspect.
    paragraphs = _aspect_paragraphs(text, aspects)
    for act in chosen:
        if act.level != "event":
            continue
        holders = [s for s in items if s.region[0] <= act.anchor < s.region[1]]
        if holders:
            act.parent = min(holders, key=lambda s: s.region[1] - s.region[0]).key
            continue
        for (r0, r1), key in paragraphs:
            if r0 <= act.anchor < r1:
                act.parent = key
                break

    # An event that tells an item's own event again (its kind, inside it, the only one of
    # that kind there) is the item: one activity, dated by the event's clause.
    told = _told_again(chosen, items + [a for a in english if a.level == "item"], rules)
    chosen = [a for a in chosen if a.level != "event" or id(a) not in told]
    again = [(ev, told[id(a)][1] if id(a) in told else a) for ev, a in again]

    years = campaign_years(facts)
    # Dated steps belong to items of the activity section (or, in a text without one, anywhere).
    dates = list(_event_dates(text, chosen, rules, years[0] if years else None,
                              act_sections or [(0, len(text))], list(told.values()) + again,
                              english=_mostly_english(text)))
    # An event dated in another year (the first broadcast meeting of 1978 told in a 2021
    # notice) belongs to that year's campaign, or to none before the first one.
    other_campaign = {str(d.attr("activity")): campaign_of_event(str(d.value), years)
                      for d in dates}
    # An undated one told of an earlier campaign (under 一、2019年“质量月”活动回顾 in the 2020
    # plan; after 去年“质量月”期间 in its sentence) is that campaign's.
    for act in chosen:
        if act.key not in other_campaign:
            reviewed = _reviewed_year(text, act.span.start, years)
            if reviewed is not None:
                other_campaign[act.key] = campaign_of_event(f"{reviewed:04d}", years)

    for act in chosen:
        if act.level == "event":
            act.organizer = act.organizer or rules.organizer_at(act.anchor)
        elif act.level == "item":
            act.organizer = rules.organizer_at(act.region[0])
            # 9月2日，国家质检总局会同有关部门在北京举办…启动仪式: who holds the event told again
            # holds the item.
            for ev, item in told.values():
                if item is act and act.organizer is None:
                    act.organizer = rules.organizer_at(ev.anchor)
        yield Fact("activity", act.label, act.span, make_attrs(
            key=act.key, level=act.level, ordinal=act.ordinal, parent=act.parent,
            organizer=act.organizer, campaign_year=other_campaign.get(act.key),
        ))
    yield from dates
