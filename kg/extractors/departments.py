"""Departments that issue or co-organise the national Quality Month, and the count stated."""

from __future__ import annotations

import functools
import re
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from kg.extractors import Facts, extractor
from kg.extractors._dates import cues
from kg.extractors._numerals import NUMERAL_CHARS, parse_cn_int
from kg.extractors._text import words
from kg.gazetteer import Gazetteer, Match
from kg.model import Document, Fact, Span, make_attrs

# What may stand between two names of one list: 、 ， 和 与 及 以及 暨, line breaks (heading
# lines), 会同/联合/协同 (国家经委会同全国总工会、共青团中央…), and in English ", " "and" "the"
# "together with".
_SEP = (r"(?:\s|[、，,/&()（）]|和|与|及|以及|暨|会同|联合|协同|牵头|\band\b|\bthe\b|\bThe\b"
        r"|\b(?:together|along|jointly)\s+with\b)")
# A body the gazetteer does not know, standing in a list between known ones
# (…、全国妇联、中国国家铁路集团有限公司、中国科协…): a short name with an organisation's ending.
_UNKNOWN_BODY = (r"[\u4e00-\u9fff]{1,24}?"
                 r"(?:部|委员会|委|局|署|总会|联合会|协会|会|办公室|办|公司|集团|总社|中心|院|总台"
                 r"|电视台)")
_GAP = re.compile(rf"{_SEP}*|(?:{_SEP}+{_UNKNOWN_BODY})+{_SEP}+")
_UNKNOWN_TAIL = re.compile(rf"^(?:\s*[、，,和及与]\s*{_UNKNOWN_BODY}(?=\s*(?:[、，,和及与]|等)))+")
_SENTENCE_END = re.compile(r"[。！？；;!?\n]|\.(?=\s|$)")
_QM = re.compile(r"质量月|Quality\s+Month", re.IGNORECASE)
# 质量月 as the campaign itself (开展全国“质量月”活动, 《…质量月活动的通知》), not as the
# modifier of another activity's name (开展2021年全国“质量月”企业质量诚信倡议活动) nor as a
# time (“质量月”期间, 活动中).
_CAMPAIGN = re.compile(
    r"质量月[”\"’']?\s*(?:活动(?!中|之中|期间|周)|的通知|通知|方案|实施方案|工作方案|"
    r"[》，。,；;、\s]|$)|Quality\s+Month",
    re.IGNORECASE,
)

_COUNT = (rf"(?P<count>[{NUMERAL_CHARS}]+)\s*(?:个|家)?\s*"
          r"(?:部门|部委|单位|机构|成员单位|家单位)")
# After a list of issuers: (等)(N个部门)(…)(联合|共同) + a verb of issuing or organising,
# e.g. 等十部门，联合下发《…质量月…》; 等20个部门定于2021年9月联合开展全国“质量月”活动;
# 研究决定，2010年9月继续在全国开展“质量月”活动; 联合相关部门…共同开展全国“质量月”活动.
_ISSUE_TAIL = re.compile(
    rf"^\s*(?:等\s*)?(?:共\s*)?(?:{_COUNT})?\s*(?:等\s*)?[^。；;！？\n]{{0,24}}?"
    r"(?:联合|共同|会同)?\s*(?P<verb>下发|印发|发布|发出|颁发|发文|制定|开展|举办|主办|发起|部署|"
    r"启动|研究决定|决定|商定|参与)"
)
# Verbs that issue a document: after the campaign named earlier in the sentence (今年是第42个
# 全国“质量月”，X、Y等部门联合发文，…) the document is the campaign's notice.
_DOCUMENT_VERBS = ("下发", "印发", "发布", "发出", "颁发", "发文")
# …the object of such a verb that is the notice (发出通知, 印发了文件), not another text
# (向全国企业发出如下倡议: an association's call).
_NOTICE_OBJECT = re.compile(r"\s*(?:了)?\s*(?:《|通知|文件|联合通知)")
# A title: X、Y等N个部门关于开展…质量月…的通知 (also quoted inside 《》).
_TITLE_TAIL = re.compile(rf"^\s*(?:等\s*(?:{_COUNT})?)?\s*(?:联合)?\s*《?\s*关于")
# English counts are of the others: "SAMR and 19 other departments" are 20.
_ISSUE_TAIL_EN = re.compile(
    r"^\s*[)）]?\s*(?:and\s+(?:the\s+)?(?:other\s+)?(?P<count>\d+)?\s*(?P<other>other\s+)?"
    r"(?:departments|ministries|agencies|government\s+departments)"
    r"(?:\s+and\s+(?:units|organi[sz]ations|bodies|institutions))?\s*)?,?\s*"
    r"(?:(?:have|has|recently|jointly|together|lately|also)\s+){0,3}"
    r"(?:issued|released|published|launched|"
    r"organi[sz]ed|co-organi[sz]ed|decided|held)\b",
    re.IGNORECASE,
)
_TITLE_TAIL_EN = re.compile(
    r"^\s*(?:and\s+(?:the\s+)?(?:other\s+)?(?P<count>\d+)?\s*(?P<other>other\s+)?"
    r"(?:departments|ministries|agencies)\s*)?(?:on|about|regarding|concerning)\b",
    re.IGNORECASE,
)
# A 文号 line under the heading: 〔2010〕, [2005], 【2019】, (1996), masked years too.
_DOC_NUMBER = re.compile(
    r"[〔\[【(（]\s*(?:\d{4}|\d{2}[xX×]{2})\s*[〕\]】)）]\s*(?:\d+|[xX×]{1,3})\s*号"
)
_MONTHS_EN = (r"(?:January|February|March|April|May|June|July|August|September|October|"
              r"November|December)")
_DATE_LINE = re.compile(
    r"^\s*(?:(?:\d{4}|[〇○零一二三四五六七八九]{4})\s*年\s*[\d一二三四五六七八九十]{1,3}\s*月"
    r"\s*[\d一二三四五六七八九十]{1,3}\s*日"
    rf"|{_MONTHS_EN}\s+\d{{1,2}},?\s+\d{{4}}|\d{{1,2}}\s+{_MONTHS_EN}\s+\d{{4}})\s*$"
)
_YEAR_OF_CAMPAIGN = re.compile(r"((?:19|20)\d\d)\s*年(?:度)?\s*(?:全国)?\s*[“\"']?质量月")
_ANY_YEAR = re.compile(r"(?<!\d)(19[789]\d|20[0-4]\d)\s*年")


@dataclass
class _Run:
    """Names standing in one list: 国家质检总局、教育部、…和共青团中央."""

    matches: list[Match]

    @property
    def start(self) -> int:
        return self.matches[0][0]

    @property
    def end(self) -> int:
        return self.matches[-1][1]

    @property
    def ids(self) -> list[str]:
        return list(dict.fromkeys(m[2] for m in self.matches))


def year_hint(text: str) -> int | None:
    """The campaign year a text seems to be about, to tell apart bodies that shared a short
    form (广电总局), when the years extractor found no single stated year."""
    m = _YEAR_OF_CAMPAIGN.search(text)
    if m:
        return int(m.group(1))
    years = Counter(int(y) for y in _ANY_YEAR.findall(text))
    return years.most_common(1)[0][0] if years else None


def find_departments(text: str) -> list[Match]:
    """Every department or association named in ``text`` (issuer or not), by position."""
    return Gazetteer.load().find_departments(text, year=year_hint(text))


def _runs(text: str, matches: list[Match]) -> list[_Run]:
    runs: list[_Run] = []
    for m in matches:
        if runs and _GAP.fullmatch(text, runs[-1].end, m[0]):
            runs[-1].matches.append(m)
        else:
            runs.append(_Run([m]))
    return runs


# Bodies the issuer consulted before deciding (经商国家经贸委、全国总工会和中国质量管理协会，国家
# 质量技监局决定…; 国家技术监督局商国家经贸委同意; 征求…意见; 经与…协商): they agreed to the
# notice but do not issue it. They end at the clause's comma. (经与…商定 is left alone: those
# who agree to act together.)
_CONSULTED_BEFORE = re.compile(r"(?:经商|商请|征求|会商|(?<=[局部委会署办])商)\s*$")
_CONSULTED_AROUND = re.compile(r"(?:经与|经同)\s*$")
_CONSULTED_AFTER = re.compile(r"^[^，,。；;]{0,30}?(?:协商|磋商|沟通)")
_CLAUSE_BREAK = re.compile(r"[，,：:]")
# Those who receive the notice: addressees (主送) and copies (抄送, 抄报, 分送), also with the
# names on lines of their own under the label (抄送：\n国家发展改革委\n商务部). They end at a
# blank line or a full stop.
_RECEIVERS_LABEL = re.compile(r"(?:主送|抄送|抄报|分送)\s*(?:单位|机关)?\s*[:：]")
_BLOCK_BREAK = re.compile(r"\n\s*\n|。")


def _receivers_before(text: str, start: int) -> bool:
    """Whether ``start`` stands in the block of a 主送/抄送 label (no 。 nor blank line between)."""
    window = text[max(0, start - 300):start]
    labels = list(_RECEIVERS_LABEL.finditer(window))
    return bool(labels) and not _BLOCK_BREAK.search(window, labels[-1].end())


def _without_non_issuers(text: str, runs: list[_Run]) -> list[_Run]:
    """Runs with the bodies that open them and do not issue dropped: those consulted (after
    经商) and those receiving the notice (after 主送/抄送); names after the break that ends
    them (…和中国质量管理协会，国家质量技监局决定) are kept as a run of their own."""
    out: list[_Run] = []
    for run in runs:
        if _CONSULTED_BEFORE.search(text, max(0, run.start - 4), run.start) or (
                _CONSULTED_AROUND.search(text, max(0, run.start - 4), run.start)
                and _CONSULTED_AFTER.match(text[run.end:run.end + 40])):
            stop = _CLAUSE_BREAK
        elif _receivers_before(text, run.start):
            stop = _BLOCK_BREAK
        else:
            out.append(run)
            continue
        rest = next((i + 1 for i, (a, b) in enumerate(zip(run.matches, run.matches[1:]))
                     if stop.search(text, a[1], b[0])), None)
        if rest is not None:
            out.append(_Run(run.matches[rest:]))
    return out


def _sentence_after(text: str, pos: int, limit: int = 200) -> str:
    window = text[pos:pos + limit]
    m = _SENTENCE_END.search(window)
    return window[:m.start()] if m else window


def _line_bounds(text: str, start: int, end: int) -> tuple[int, int]:
    line_start = text.rfind("\n", 0, start) + 1
    line_end = text.find("\n", end)
    return line_start, len(text) if line_end < 0 else line_end


def _next_lines(text: str, pos: int, n: int) -> list[str]:
    lines = [line.strip() for line in text[pos:pos + 600].split("\n")]
    return [line for line in lines if line][:n]


def _heading_or_signature(text: str, run: _Run) -> bool:
    """A run that fills whole lines above the title/文号 or above the signing date."""
    line_start, line_end = _line_bounds(text, run.start, run.end)
    if text[line_start:run.start].strip() or text[run.end:line_end].strip() not in ("", "文件"):
        return False
    following = _next_lines(text, line_end, 3)
    if not following:
        return False
    first = following[0]
    if _DOC_NUMBER.search(first) or (_QM.search(first) and len(first) <= 80):
        return True
    return any(_DATE_LINE.match(line) for line in following) and bool(_QM.search(text))


@functools.cache
def _last_year_lead_rx() -> re.Pattern[str]:
    lead = "|".join(map(re.escape, sorted(cues()["last_year"]["zh"], key=len, reverse=True)))
    return re.compile(rf"^\s*(?:{lead})")


def _last_years_campaign(text: str, start: int) -> bool:
    """Whether the sentence of the run at ``start`` opens with 去年 (a ``last_year`` word of
    data/years.yaml): 去年的“质量月”活动由国家质检总局、国家经贸委等八部门共同主办 names the
    organisers of the campaign before the text's. (在去年20个部门联合开展活动的基础上，市场监管
    总局等18个部门决定… opens with 在: this year's issuers.)"""
    window = text[max(0, start - 200):start]
    cut = max(window.rfind(ch) for ch in "。！？；;!?\n")
    return bool(_last_year_lead_rx().match(window[cut + 1:]))


def _issuer_context(text: str, run: _Run) -> tuple[bool, int | None]:
    """Whether a run names issuers of the national campaign, and the count it states."""
    if _last_years_campaign(text, run.start):
        return False, None
    tail = _sentence_after(text, run.end)
    tail = tail[_m.end():] if (_m := _UNKNOWN_TAIL.match(tail)) else tail
    for pattern in (_ISSUE_TAIL, _ISSUE_TAIL_EN, _TITLE_TAIL, _TITLE_TAIL_EN):
        m = pattern.match(tail)
        # The campaign after the verb, or named before the organisers (…质量月活动…，由X主办),
        # unless the verb qualifies another noun (由工信部主办的质量论坛).
        if not m or not (_CAMPAIGN.search(tail[m.end():m.end() + 80]) or (
                _campaign_before(text, run.start) and not tail[m.end():].lstrip().startswith("的"))
                or (m.groupdict().get("verb") in _DOCUMENT_VERBS
                    and (m["verb"] == "发文" or _NOTICE_OBJECT.match(tail, m.end()))
                    and _campaign_in_sentence(text, run.start))):
            continue
        count = parse_cn_int(m.group("count")) if m.group("count") else None
        if count is not None and "other" in pattern.groupindex and m.group("other"):
            count += len(run.ids)
        elif count is not None and pattern in (_ISSUE_TAIL, _TITLE_TAIL):
            count += _leads(text, run, count, m)
        return True, count
    m = _BY_LIST_EN.search(text[max(0, run.start - 160):run.start])
    if m and _QM.search(text[:run.end]):
        n = m.group("count")
        others = re.match(r"\s*,?\s*and\s+(\d{1,3})\s+other\s+(?:departments|ministries|agencies)",
                          tail)
        if others and not n:  # by the Ministry of Commerce and 25 other departments
            return True, int(others.group(1)) + len(run.ids)
        among = re.match(r"\s*,?\s*(?:among|of)\s+(?:the\s+)?(\d{1,3}|[a-z]+)\s+"
                         r"(?:government\s+|central\s+)?(?:departments|ministries|agencies)\b",
                         tail, re.IGNORECASE)
        if among and not n:  # by the AQSIQ, …, and the ACFTU, among 12 departments
            total = among.group(1)
            return True, int(total) if total.isdigit() else _EN_NUMBERS.get(total.lower())
        return True, (int(n) if n and n.isdigit() else _EN_NUMBERS.get((n or "").lower()))
    return _heading_or_signature(text, run), None


def _leads(text: str, run: _Run, count: int, m: re.Match[str]) -> int:
    """How many bodies a stated count leaves out: those that lead the others "together with"
    them (a ``lead_joins`` word of data/extraction.yaml: 市场监管总局会同中央宣传部等17个部门 are
    18). A count after 共 is the total (…会同B、C共18个部门), and so is one that the bodies named
    already reach without 等 (A会同B、C三部门: A, B and C). 联合, 与, 和 join a list whose count is
    its total (市场监管总局联合中央宣传部…等25个部门; 质检总局等十部门)."""
    joins = _lead_joins_rx()
    if joins is None or re.match(r"\s*(?:等\s*)?共", m.string):
        return 0
    cut = next((i for i, (a, b) in enumerate(zip(run.matches, run.matches[1:]))
                if joins.search(text, a[1], b[0])), None)
    if cut is None:
        return 0
    leads = len(dict.fromkeys(x[2] for x in run.matches[:cut + 1]))
    others = len(dict.fromkeys(x[2] for x in run.matches[cut + 1:]))
    if not re.match(r"\s*等", m.string) and leads + others == count:
        return 0
    return leads


@functools.cache
def _lead_joins_rx() -> re.Pattern[str] | None:
    joins = words("departments", "lead_joins")
    return re.compile("|".join(map(re.escape, joins))) if joins else None


# The campaign named before its organisers: 今年“质量月”活动以“…”为主题，由X、Y…等47个
# 部门共同主办; The SAMR ... jointly issued a notice on the campaign (named earlier).
_BY_BEFORE = re.compile(r"(?:由|经)\s*$")
_RESTATED_BY = re.compile(r"^\s*(?:本次|此次|今年|本届|这次)?\s*(?:的)?\s*活动\s*(?:由|经)\s*$")
_CAMPAIGN_REF_EN = re.compile(r"\bon\s+(?:the|this\s+year's)\s+(?:campaign|activities)\b",
                              re.IGNORECASE)


# English passive: "A notice on the campaign was jointly issued by 20 departments,
# including the State Administration for Market Regulation, …".
_BY_LIST_EN = re.compile(
    r"\b(?:notice|circular|campaign|activities|quality\s+month)[\"”]?\s*"
    r"(?:,[^.;\n]{1,80}?,\s*)?"  # an appositive: , launched on Sept 1 in Hangzhou, …,
    r"(?:was|were|is|are|has\s+been|have\s+been|will\s+be)\s+(?:jointly\s+)?"
    r"(?:issued|launched|organi[sz]ed|co-organi[sz]ed|released|published|sponsored|held)"
    r"\s+(?:jointly\s+)?by\s+(?:(?P<count>\d{1,3}|[a-z]+)\s+(?:government\s+|central\s+)?"
    r"(?:departments|ministries|agencies|authorities|bodies)\s*,?\s*"
    r"(?:including|such\s+as|led\s+by|namely)\s+)?(?:the\s+)?$",
    re.IGNORECASE,
)
_EN_NUMBERS = {w: i for i, w in enumerate(
    "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen "
    "fifteen sixteen seventeen eighteen nineteen twenty".split())}


def _campaign_in_sentence(text: str, start: int) -> bool:
    """Whether the sentence before ``start`` names the campaign itself (not 质量月期间)."""
    window = text[max(0, start - 200):start]
    cut = max(window.rfind(ch) for ch in "。！？；;!?\n")
    return bool(_CAMPAIGN.search(window[cut + 1:]))


def _campaign_before(text: str, start: int) -> bool:
    """Whether the organisers at ``start`` follow the campaign they organise in the same
    sentence (…“质量月”活动…，由 X、Y 主办), or an English text refers back to it."""
    window = text[max(0, start - 200):start]
    cut = max(window.rfind(ch) for ch in "。！？；;!?\n")
    sentence = window[cut + 1:]
    if _BY_BEFORE.search(sentence) and _CAMPAIGN.search(sentence):
        return True
    # 本次活动由X、Y…主办: the campaign is the one the text has just named.
    if _RESTATED_BY.search(sentence) and _CAMPAIGN.search(window[:cut + 1]):
        return True
    after = _sentence_after(text, start, 300)
    return bool(_CAMPAIGN_REF_EN.search(after)) and bool(_QM.search(text[:start]))


def _listed_count(text: str, run: _Run) -> int:
    """How many bodies a complete list names: the known ones and the unknown ones standing
    between them (…、国家消防救援局、某某广播电视总台、全国总工会…)."""
    unknown = 0
    for a, b in zip(run.matches, run.matches[1:]):
        gap = text[a[1]:b[0]]
        unknown += len([t for t in re.split(rf"{_SEP}+", gap) if t.strip()])
    return len(run.ids) + unknown


def _closed(text: str, run: _Run) -> bool:
    """A list without 等 (etc.) after it names all the issuers."""
    return not re.match(r"\s*(?:等|and\s+(?:\d+\s+)?others?\b)", text[run.end:run.end + 16])


@extractor("departments", emits=("department", "organization", "department_count"),
           after=("years",))
def extract_departments(doc: Document, facts: Facts) -> Iterable[Fact]:
    """Issuers of the national campaign: names in an issuer list, title, heading or signature.

    Example: 国家质检总局、教育部、…、共青团中央十部门，联合下发《关于开展2011年全国“质量月”
    活动的通知》 → ten departments (role issuer) and department_count 10. Associations named
    elsewhere (中国质量检验协会组织开展…) become ``organization`` facts.
    """
    stated = {int(f.value) for f in facts.get("year") if not f.attr("inferred")}
    year = next(iter(stated)) if len(stated) == 1 else year_hint(doc.text)
    return list(_extract(doc.text, year))


def _extract(text: str, year: int | None) -> Iterator[Fact]:
    gazetteer = Gazetteer.load()
    matches = gazetteer.find_departments(text, year=year)
    issuers: dict[str, Match] = {}
    stated: int | None = None
    listed = 0
    for run in _without_non_issuers(text, _runs(text, matches)):
        is_issuer, count = _issuer_context(text, run)
        if not is_issuer:
            continue
        # An association that heads or signs its own notice (中国质量协会文件 … 在“质量月”期间
        # 开展…) is its issuer, not a co-organiser of the campaign.
        if all(gazetteer.departments[d].get("kind") == "association" for d in run.ids) \
                and _heading_or_signature(text, run):
            continue
        for m in run.matches:
            issuers.setdefault(m[2], m)
        if count is not None and stated is None:
            stated = count
        if len(run.ids) >= 2 and _closed(text, run):
            listed = max(listed, _listed_count(text, run))
    for dept_id, (start, end, _) in sorted(issuers.items(), key=lambda kv: kv[1][0]):
        yield Fact("department", dept_id, Span(start, end), make_attrs(role="issuer"))
    seen: set[str] = set()
    for start, end, dept_id in matches:
        if dept_id in issuers or dept_id in seen:
            continue
        if gazetteer.departments[dept_id].get("kind") == "association":
            seen.add(dept_id)
            yield Fact("organization", dept_id, Span(start, end))
    if stated is not None:
        yield Fact("department_count", stated)
    elif listed:
        yield Fact("department_count", listed, attrs=make_attrs(listed=True))
