"""Soft line breaks of text copied out of a PDF (or another hard-wrapped layout).

A notice copied from a PDF breaks every line at the page width, inside words and names
(``国家发展改革\\n委``, ``民族复\\n兴``). In such a text most full lines have about the same
length; a line break after a full line that does not end a sentence or a heading, before a
line that does not start a numbered item, is a soft one and is deleted. A short title line
broken before its document word (``…活动的\\n通知``, ``…活动实施\\n方案``) is joined too.
Only Chinese text: English words would run together.
"""

from __future__ import annotations

import re
from collections import Counter

from kg.text.offsets import EditMap

_CJK = re.compile(r"[\u4e00-\u9fff]")
# A line that ends a sentence, a heading or a list item: its break is a real one.
_HARD_END = re.compile(r"[。！？；:：!?;]\s*$")
# A line that starts a numbered item, a signature date or an attachment: a break before it
# is a real one.
_ITEM_START = re.compile(
    r"^\s*(?:[（(][一二三四五六七八九十\d]{1,3}[)）]|[一二三四五六七八九十]{1,3}[、.．]|"
    r"\d{1,2}\s*[.．、)]|第[一二三四五六七八九十\d]+[条章节]|附件|抄送|[—-]\s*\d|"
    # a signing date is a line of its own; a wrapped line may start with a date (…研究决定，
    # / 2010年9月继续在全国开展…)
    r"(?:(?:19|20)\d{2}|[〇○零一二三四五六七八九]{4})\s*年\s*[\d一二三四五六七八九十]{1,3}\s*月"
    r"\s*(?:[\d一二三四五六七八九十]{1,3}\s*日)?\s*$)")
# A notice's title ends its line: …关于开展2013年全国“质量月”活动的通知 / 国质检质联〔2013〕372号
# (a title has no comma; a sentence citing one in prose goes on: …关于…的意见，各地要…)
_TITLE = re.compile(r"^[^，,。；;：:《》]*关于[^，,。；;：:《》]*的(?:通知|实施方案|工作方案|方案|意见|决定)\s*$")
_DOC_WORD = re.compile(r"^\s*(?:通知|方案|实施方案|工作方案|意见|决定|函|报告|总结|安排|计划)\s*$")
_QM = re.compile(r"[质質品][量质質]月")  # before conversion: 质量月, 質量月, 品質月
_PROSE = re.compile(r"[，,、。；]")
MIN_WIDTH = 16  # narrower "wrapped" lines are a list, not a page
MIN_WRAPPED = 4  # full lines needed before a text counts as hard-wrapped


def _display(line: str) -> int:
    """A line's width in full-width characters (ASCII letters and digits take half; ASCII
    punctuation was full-width before the text was folded). A space after Chinese, inside
    the line or ending it before the break (讲诚信 保质量 / 迎奥运), was an ideographic space,
    full width, before the text was folded."""
    line = line.rstrip("\n")
    indent = len(line) - len(line.lstrip(" \u3000")) if _CJK.search(line) else 0
    # a paragraph's indent was two ideographic spaces; a deeper one aligns a list's lines
    indent = indent if indent <= 2 else 0
    line = "\u3000" * indent + _WIDE_SPACE.sub("\u3000", line.lstrip()).rstrip(" \t")
    return round((2 * len(line) - len(_HALF_WIDTH.findall(line))) / 2)


_HALF_WIDTH = re.compile(r"[A-Za-z0-9 ]")
_WIDE_SPACE = re.compile(r"(?<=[^\x00-\x7f]) (?=[^\x00-\x7f]|$)")


def _spaced(line: str) -> bool:
    """Words set apart by spaces outside quotes (a slogan, a row of names), not prose; a
    space inside a quoted theme (以“建设质量强国　助力民族复…) does not count."""
    bare = re.sub(r"“[^“”]*(?:”|$)|^[^“”]*”|《[^《》]*(?:》|$)|^[^《》]*》", "", line.strip())
    # nor one after a colon or a semicolon in the line: a sentence that goes on to state an
    # unquoted theme or slogans (活动宣传口号：质量第一 效益优先；全面提升质量 推动…)
    bare = re.sub(r"[:：;；]\s*\S.*$", "", bare)
    return re.search(r"\S\s+\S", bare) is not None


# Characters a wrapped line may end or start with: Chinese, digits (which need no space:
# 决定，20 / 24年9月) and Chinese punctuation; no line of a paragraph starts with closing
# punctuation. An ASCII letter next to Chinese needs no space either (各级QC / 小组), but two
# letters would run together.
_END_OK = "“”‘’、，,（(《》)）·—…「」『』〔〕【】"
_START_OK = "“”‘’、，,）)》·—…。；;：:！!？?」』〕】"


def _joinable(last: str, first: str) -> bool:
    def cjk(ch: str, ok: str) -> bool:
        return bool(_CJK.match(ch)) or ch in ok or ch.isdigit()

    def latin(ch: str) -> bool:
        return ch.isascii() and ch.isalpha()

    return (cjk(last, _END_OK) or latin(last) and cjk(first, _START_OK)) and (
        cjk(first, _START_OK) or latin(first) and cjk(last, _END_OK))


def _space_at_break(trailing: str, leading: str, here: str) -> bool:
    """Whether the whitespace around a line break allows a soft break: none; or one space
    (a PDF breaks a line after the space between a slogan's halves: 以“讲诚信 保质量 /
    迎奥运”) at the end of the line, or inside a quote or title still open there at the
    start of the next one. Two spaces or more start an indented paragraph."""
    if not trailing and not leading:
        return True
    if len(trailing + leading) != 1:
        return False
    open_quote = re.search(r"[“《][^“”《》]*$", here) is not None
    return open_quote or not leading


def _prose(line: str) -> bool:
    """A comma or a stop inside, or a quote amid ten Chinese characters or more (…开展以“讲诚信
    保质量 迎奥运”为主题的“质量月”活动); a quoted slogan on its own line is no prose."""
    if _PROSE.search(line):
        return True
    return "“" in line and len(_CJK.findall(re.sub(r"“[^“”]*(?:”|$)", "", line))) >= 10


def _width(lines: list[str]) -> int | None:
    """The wrap width of a hard-wrapped text, or ``None``."""
    # Prose lines: enough Chinese, a comma or 、 inside, no inner spaces (a slogan list, a
    # row of names set apart by spaces are not prose).
    lengths = [_display(ln) for ln in lines if len(_CJK.findall(ln)) >= 10
               and _prose(ln) and not _spaced(ln)]
    if len(lengths) < MIN_WRAPPED:
        return None
    counts = Counter(lengths)
    width = max(lengths)
    # The width is the longest length that several lines share (a line or two may be
    # longer: full-width punctuation, a line that was not wrapped).
    for n in sorted(counts, reverse=True):
        if sum(counts[k] for k in range(n - 1, n + 1)) >= 3:
            width = n
            break
    full = [n for n in lengths if width - 3 <= n <= width + 1]
    if width < MIN_WIDTH or len(full) < MIN_WRAPPED or len(full) < 0.3 * len(lengths):
        return None
    return width


def _line_gap(gaps: list[int]) -> int:
    """The number of blank lines that stands for one line break: 0 in most texts; in a
    page whose every line became a paragraph of its own (a PDF set as ``<p>`` per line, a
    text with blank lines doubled), the gap that separates its lines, which is the
    smallest one there."""
    if not gaps or gaps.count(0) >= 0.2 * len(gaps):
        return 0
    return min(gaps)


def soft_breaks(text: str) -> list[tuple[int, int]]:
    """Ranges of ``text`` that are soft line breaks (to delete): a line break, or in a text
    whose lines are set apart by blank lines, the line break and those blank lines."""
    if "\n" not in text:
        return []
    lines = text.split("\n")
    width = _width(lines)
    starts = [0]
    for line in lines[:-1]:
        starts.append(starts[-1] + len(line) + 1)
    filled = [i for i, line in enumerate(lines) if line.strip()]
    pairs = list(zip(filled, filled[1:]))
    gap = _line_gap([j - i - 1 for i, j in pairs])
    out: list[tuple[int, int]] = []
    for i, j in pairs:
        if j - i - 1 != gap:
            continue  # a paragraph gap (or, in most texts, any blank line) is a real break
        line, nxt = lines[i], lines[j]
        brk = starts[i] + len(line)
        here, there = line.rstrip(), nxt.lstrip()
        if not _space_at_break(line[len(here):], nxt[:len(nxt) - len(there)], here):
            continue  # indented lines are real breaks
        if not _joinable(here[-1], there[0]):
            continue
        if _ITEM_START.match(there) or _HARD_END.search(here) or _TITLE.search(here):
            continue
        if width is not None and width - 3 <= _display(here) <= width + 1 \
                and not _spaced(here):
            out.append((brk, starts[j]))
        elif _DOC_WORD.match(there) and len(here) <= 60 and _QM.search(here):
            out.append((brk, starts[j]))
    return out


def unwrap(text: str) -> tuple[str, EditMap | None]:
    """``text`` with its soft line breaks deleted, and the offset stage."""
    breaks = soft_breaks(text)
    if not breaks:
        return text, None
    pieces: list[str] = []
    pos = 0
    for b, e in breaks:
        pieces += [text[pos:b], text[b:e]]
        pos = e
    pieces.append(text[pos:])
    return "".join(pieces[0::2]), EditMap.from_split(pieces)


# ---------------------------------------------------------------------------
# Flattened text: every line break lost (a page whose paragraphs were run together)

FLAT_MIN = 200  # a line this long with numbered headings inside was several lines
_NUMERALS = "一二三四五六七八九十"
_HEADING_NO = re.compile(rf"(?<![{_NUMERALS}])(?P<n>[{_NUMERALS}]{{1,2}})、")
_ITEM_NO = re.compile(rf"[（(](?P<n>[{_NUMERALS}]{{1,2}})[)）]")
_BREAK_BEFORE_FIRST = re.compile(r"(?:^|[。：:；;！!？?\s])$")
# The title running into the addressee: …活动实施方案 各乡镇人民政府、…：
_FLAT_HEAD = re.compile(
    r"^(?P<title>\s*[^\s。，,：:；;]{4,60}?(?:方案|通知|意见|决定))(?P<sp>\s+)"
    r"(?P<to>各[^。：:\n]{1,80}[：:])?")
# The signature running after the last sentence: …报送县市场监管局。长兴县人民政府办公室 2017年8月25日
_FLAT_TAIL = re.compile(
    r"。(?P<who>[^。\n]{2,30}?)(?P<sp>\s+)?(?P<date>(?:19|20)\d{2}\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日)"
    r"\s*$")


def _cn_number(s: str) -> int:
    if s == "十":
        return 10
    if s.startswith("十"):
        return 10 + _NUMERALS.index(s[1]) + 1
    if len(s) == 2 and s.endswith("十"):
        return 10 * (_NUMERALS.index(s[0]) + 1)
    return _NUMERALS.index(s) + 1 if len(s) == 1 else -1


def flat_breaks(line: str) -> tuple[list[int], list[int]]:
    """Where a flattened line had its breaks: ``(insert, replace)``, positions in ``line``
    to insert a line break before, and whitespace characters to turn into one.

    A line counts as flattened when it is long and holds numbered headings in sequence
    (…制定本方案。一、活动主题…二、活动时间…三、主要活动（一）…（二）…): a break goes
    before each of them, after the title and the addressee at its start, and before the
    signature and its date at its end."""
    if len(line) < FLAT_MIN:
        return [], []
    heads = []
    expected = 1
    for m in _HEADING_NO.finditer(line):
        n = _cn_number(m["n"])
        if n != expected:
            continue
        if n == 1 and not _BREAK_BEFORE_FIRST.search(line[:m.start()]):
            continue
        heads.append(m.start())
        expected += 1
    if len(heads) < 2:
        return [], []
    inserts = set(heads)
    # items (一)(二)… inside each section, numbered from one again
    bounds = heads + [len(line)]
    for a, b in zip(bounds, bounds[1:]):
        want = 1
        for m in _ITEM_NO.finditer(line, a, b):
            if _cn_number(m["n"]) == want:
                inserts.add(m.start())
                want += 1
    replace: list[int] = []
    head = _FLAT_HEAD.match(line[:heads[0]])
    if head and "质量月" in head["title"]:
        replace.append(head.start("sp"))
        if head["to"]:
            inserts.add(head.end("to"))
    tail = _FLAT_TAIL.search(line, heads[-1])
    if tail:
        inserts.add(tail.start("who"))
        if tail["sp"]:
            replace.append(tail.start("sp"))
        else:
            inserts.add(tail.start("date"))
    inserts -= {0}
    return sorted(p for p in inserts if line[p - 1] != "\n"), replace


def reflow(text: str) -> tuple[str, EditMap | None]:
    """``text`` with the line breaks of its flattened lines restored (see
    :func:`flat_breaks`), and the offset stage (each break inserted maps to no original
    character; whitespace turned into a break keeps its place)."""
    parts: list[str] = []
    edits: list[tuple[int, int, int, int]] = []
    changed = False
    in_pos = out_pos = 0
    for line in text.split("\n"):
        inserts, replace = flat_breaks(line)
        if inserts or replace:
            changed = True
            chars = list(line)
            for p in replace:
                chars[p] = "\n"
            pieces, last = [], 0
            for k, p in enumerate(inserts):
                pieces.append("".join(chars[last:p]))
                o = out_pos + p + k
                edits.append((in_pos + p, in_pos + p, o, o + 1))
                last = p
            pieces.append("".join(chars[last:]))
            line_out = "\n".join(pieces)
        else:
            line_out = line
        parts.append(line_out)
        in_pos += len(line) + 1
        out_pos += len(line_out) + 1
    if not changed:
        return text, None
    return "\n".join(parts), EditMap.from_edits(edits)


# A line set with a space after every character (a PDF's letter-spaced title or heading:
# 关 于 开 展 2 0 1 9 年 全 国 “ 质 量 月 ” 活 动 的 通 知): single characters apart by one or two
# spaces, most of them Chinese. A slogan's words (质量第一 效益优先) are no single characters.
_SPACED_LINE = re.compile(r"(?m)^[ \t]*\S(?:[ \t]{1,2}\S){5,}[ \t]*$")
_SPACED_GAP = re.compile(r"(?<=\S)[ \t]{1,2}(?=\S)")


def unspace(text: str) -> tuple[str, EditMap | None]:
    """Letter-spaced lines closed up (关 于 开 展 → 关于开展), and the offset stage."""
    if " " not in text and "\t" not in text:
        return text, None
    edits: list[tuple[int, int, int, int]] = []
    for m in _SPACED_LINE.finditer(text):
        if len(_CJK.findall(m.group())) < 4:
            continue
        edits += [(g.start(), g.end()) for g in _SPACED_GAP.finditer(text, m.start(), m.end())]
    if not edits:
        return text, None
    out, stage, pos, shift = [], [], 0, 0
    for a, b in edits:
        out.append(text[pos:a])
        stage.append((a, b, a - shift, a - shift))
        shift += b - a
        pos = b
    out.append(text[pos:])
    return "".join(out), EditMap.from_edits(stage)
