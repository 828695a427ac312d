"""Page furniture: HTML markup, and boilerplate or spam lines of scraped pages.

- :func:`strip_html`: when a file is an HTML page, drop scripts, styles, comments and tags
  (block tags become line breaks) and decode entities; an offset stage records it all.
- :class:`Boilerplate`: the patterns of ``data/boilerplate.yaml``; :meth:`Boilerplate.blank`
  replaces boilerplate lines (and a few spans) by spaces, so the text keeps its length and
  extractors never see them.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from itertools import accumulate, repeat
from pathlib import Path
from typing import Any

import yaml

from kg import yamlio
from kg.errors import ConfigError
from kg.text.offsets import EditMap

BOILERPLATE_FILE = Path(__file__).resolve().parent.parent.parent / "data" / "boilerplate.yaml"

# -- HTML --------------------------------------------------------------------------------

_HTML_HINT = re.compile(
    r"<!doctype\s+html|<html[\s>]|<head[\s>]|<body[\s>]|<meta\s|"
    r"</?(?:p|div|br|span|table|tbody|td|tr|li|ul|ol|a|h[1-6]|font|strong|em|b|i|u|center|"
    r"section|article|script|style|title|img|hr|iframe|form|input|label|nav|footer|header)\b"
    r"[^<>]{0,1000}>",
    re.I)
_HTML_ROOT = re.compile(r"<!doctype\s+html|<html[\s>]|<body[\s>]", re.I)
_HTML_TOKEN = re.compile(
    r"(<(script|style|noscript|template|svg)\b[^>]*>.*?</\2\s*>"
    r"|<!--.*?(?:-->|$)"
    r"|<!\[CDATA\[.*?\]\]>"
    r"|<![^>]*>|<\?[^>]*>"
    r"|</?[A-Za-z][A-Za-z0-9:-]*(?:\s[^<>]*)?/?>"
    r"|&(?:#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});)",
    re.S)
_BLOCK_TAGS = frozenset(
    "address article aside blockquote br dd div dl dt fieldset figcaption figure footer form "
    "h1 h2 h3 h4 h5 h6 header hr li main nav ol p pre section table tbody td tfoot th thead "
    "title tr ul option".split())
_TAG_NAME = re.compile(r"</?([A-Za-z][A-Za-z0-9]*)")


def looks_like_html(text: str) -> bool:
    """An HTML page: a doctype/html/body tag, or at least three common HTML tags."""
    head = text[:50_000]
    if _HTML_ROOT.search(head[:5000]):
        return True
    return len(_HTML_HINT.findall(head)) >= 3


def _replacement(token: str) -> str:
    if token.startswith("&"):
        return html.unescape(token)
    if token.startswith("<!") or token.startswith("<?"):
        return ""
    m = _TAG_NAME.match(token)
    if m is None:
        return ""
    name = m.group(1).lower()
    if name in ("script", "style", "noscript", "template", "svg"):
        return ""
    return "\n" if name in _BLOCK_TAGS else ""


def strip_html(text: str) -> tuple[str, EditMap | None]:
    """Text of an HTML page with markup removed and entities decoded, and its offset stage."""
    pieces = _HTML_TOKEN.split(text)
    # split() yields text, token, tag-name group, text, ...: every third item is the
    # inner group of script/style (or None); drop it.
    out: list[str] = []
    edits: list[tuple[int, int, int, int]] = []
    pos = out_pos = 0
    for i in range(0, len(pieces), 3):
        chunk = pieces[i]
        out.append(chunk)
        pos += len(chunk)
        out_pos += len(chunk)
        if i + 1 < len(pieces):
            token = pieces[i + 1]
            new = _replacement(token)
            out.append(new)
            edits.append((pos, pos + len(token), out_pos, out_pos + len(new)))
            pos += len(token)
            out_pos += len(new)
    return "".join(out), EditMap.from_edits(edits)



_ENTITY = re.compile(r"&(?:#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});")


def unescape_entities(text: str) -> tuple[str, EditMap | None]:
    """Entities of a text that is no HTML page decoded (a CMS or feed export keeps them in
    plain text: 全国&ldquo;质量月&rdquo;, &nbsp;), and its offset stage. A name HTML does not
    know (&foo;) stays. ``&`` absent (nearly every text) costs one ``in``."""
    if "&" not in text:
        return text, None
    out: list[str] = []
    edits: list[tuple[int, int, int, int]] = []
    pos = shift = 0
    for m in _ENTITY.finditer(text):
        new = html.unescape(m.group())
        if new == m.group():
            continue
        out.append(text[pos:m.start()])
        out.append(new)
        edits.append((m.start(), m.end(), m.start() + shift, m.start() + shift + len(new)))
        shift += len(new) - (m.end() - m.start())
        pos = m.end()
    if not edits:
        return text, None
    out.append(text[pos:])
    return "".join(out), EditMap.from_edits(edits)


# -- boilerplate lines -------------------------------------------------------------------

def _one_line(pattern: str) -> str:
    r"""Make ``\s`` outside character classes mean a space or tab, never a line break."""
    out: list[str] = []
    in_class = False
    i = 0
    while i < len(pattern):
        ch = pattern[i]
        if ch == "\\" and i + 1 < len(pattern):
            pair = pattern[i:i + 2]
            out.append(r"[^\S\n]" if pair == r"\s" and not in_class else pair)
            i += 2
            continue
        if ch == "[" and not in_class:
            in_class = True
            # a "]" right after "[" or "[^" is a literal
            j = i + 1 + (pattern[i + 1:i + 2] == "^")
            if pattern[j:j + 1] == "]":
                out.append(pattern[i:j + 1])
                i = j + 1
                continue
        elif ch == "]" and in_class:
            in_class = False
        out.append(ch)
        i += 1
    return "".join(out)


def _check(patterns: Any, where: str) -> list[str]:
    if not patterns:
        return []
    if not isinstance(patterns, list) or not all(isinstance(p, str) for p in patterns):
        raise ConfigError(f"{BOILERPLATE_FILE}: {where} must be a list of patterns")
    try:
        re.compile("|".join(f"(?:{p})" for p in patterns))
    except re.error:
        for p in patterns:  # name the culprit
            try:
                re.compile(p)
            except re.error as exc:
                raise ConfigError(
                    f"{BOILERPLATE_FILE}: {where}: bad pattern {p!r}: {exc}") from None
        raise ConfigError(f"{BOILERPLATE_FILE}: {where}: patterns do not combine") from None
    return patterns


def _split_top(pattern: str) -> list[str]:
    """Split a regex at its top-level ``|`` (outside groups and classes)."""
    parts, depth, in_class, start, i = [], 0, False, 0, 0
    while i < len(pattern):
        ch = pattern[i]
        if ch == "\\":
            i += 2
            continue
        if in_class:
            in_class = ch != "]"
        elif ch == "[":
            in_class = True
            if pattern[i + 1:i + 2] == "^":
                i += 1
            if pattern[i + 1:i + 2] == "]":
                i += 1
        elif ch == "(":
            depth += 1
        elif ch == ")":
            depth -= 1
        elif ch == "|" and depth == 0:
            parts.append(pattern[start:i])
            start = i + 1
        i += 1
    parts.append(pattern[start:])
    return parts


_META = set("()[]{}.^$*+?|\\")


def _expand_leading_group(alt: str) -> list[str]:
    """``(?:QQ|扣扣)\\d+`` → ``QQ\\d+``, ``扣扣\\d+`` when the group holds plain literals."""
    if not alt.startswith("(?:"):
        return [alt]
    depth, end = 0, len(alt)
    for end, ch in enumerate(alt):  # noqa: B007 - the index is used after the loop
        depth += ch == "("
        depth -= ch == ")"
        if depth == 0:
            break
    inner, rest = alt[3:end], alt[end + 1:]
    options = _split_top(inner)
    if rest[:1] in ("?", "*", "+", "{") or any(_META & set(o) or not o for o in options):
        return [alt]
    return [o + rest for o in options]


def _starts_literal(alt: str) -> bool:
    if not alt:
        return False
    if alt[0] == "\\":
        return len(alt) > 1 and not alt[1].isalnum()
    return alt[0] not in _META


def _compile(patterns: Any, where: str, literal_first: bool = False) -> re.Pattern[str] | None:
    """One regex for a list of patterns.

    With ``literal_first`` the patterns are flattened into one alternation whose every
    branch starts with a literal character: only then does the regex engine skip ahead
    to candidate characters instead of trying every branch at every position.
    """
    checked = _check(patterns, where)
    if not checked:
        return None
    if not literal_first:
        return re.compile("|".join(f"(?:{_one_line(p)})" for p in checked), re.M)
    branches: list[str] = []
    for p in checked:
        for alt in _split_top(p):
            for branch in _expand_leading_group(alt):
                if not _starts_literal(branch):
                    raise ConfigError(f"{BOILERPLATE_FILE}: {where}: {branch!r} (in {p!r}) "
                                      "must start with ^ or literal text")
                branches.append(_one_line(branch))
    return re.compile("|".join(branches), re.M)


def _compile_line_starts(alternatives: list[str]) -> re.Pattern[str] | None:
    r"""One regex for alternatives anchored with ``^``, to search in ``"\n" + text``.

    Each ``^`` becomes a literal line break, so the regex engine jumps from line break to
    line break instead of trying every character; the common ``^\s*`` is factored out.
    """
    if not alternatives:
        return None
    indented: list[str] = []
    other: list[str] = []
    for alt in alternatives:
        body = alt[1:]
        if body.startswith(r"\s*"):
            indented += _expand_leading_group(body[3:])
        else:
            other.append(body)
    parts = []
    if indented:
        parts.append("\n[^\\S\n]*(?:" + "|".join(_one_line(b) for b in indented) + ")")
    parts += ["\n" + _one_line(b) for b in other]
    return re.compile("|".join(parts), re.M)


@dataclass(frozen=True)
class Boilerplate:
    """Compiled ``data/boilerplate.yaml`` (see the file for what each list means)."""

    line_starts: re.Pattern[str] | None
    lines: re.Pattern[str] | None
    head_lines: re.Pattern[str] | None
    edge_lines: re.Pattern[str] | None
    cut_after: re.Pattern[str] | None
    spans: re.Pattern[str] | None
    min_cjk: int
    punctuation: re.Pattern[str]
    min_words: int

    @classmethod
    def load(cls, path: Path = BOILERPLATE_FILE) -> Boilerplate:
        try:
            data = yamlio.safe_load(path.read_text(encoding="utf-8")) or {}
        except (OSError, yaml.YAMLError) as exc:
            raise ConfigError(f"{path}: cannot load ({exc})") from None
        if not isinstance(data, dict):
            raise ConfigError(f"{path}: expected a mapping")
        running = data.get("running_text") or {}
        lines = [alt for p in _check(data.get("lines"), "lines") for alt in _split_top(p)]
        try:
            return cls(
                line_starts=_compile_line_starts([a for a in lines if a.startswith("^")]),
                lines=_compile([a for a in lines if not a.startswith("^")], "lines", True),
                head_lines=_compile(data.get("head_lines"), "head_lines"),
                edge_lines=_compile(data.get("edge_lines"), "edge_lines"),
                cut_after=_compile(data.get("cut_after"), "cut_after"),
                spans=_compile(data.get("spans"), "spans", True),
                min_cjk=int(running.get("min_cjk", 15)),
                punctuation=re.compile(str(running.get("punctuation", "[,，。;；]"))),
                min_words=int(running.get("min_words", 12)),
            )
        except (TypeError, ValueError, re.error) as exc:
            raise ConfigError(f"{path}: running_text malformed ({exc})") from None

    def is_running_text(self, line: str) -> bool:
        """A sentence-like line: enough CJK characters (or words) and punctuation."""
        if len(line) < 8:
            return False
        # Chinese characters take 3 bytes in UTF-8 (so does Chinese punctuation, close enough)
        if len(line.encode("utf-8")) - len(line) >= 2 * self.min_cjk:
            return self.punctuation.search(line) is not None
        return len(_WORD_RE.findall(line)) >= self.min_words and "." in line

    def ranges(self, text: str) -> list[tuple[int, int]]:
        """Character ranges of ``text`` to blank, sorted, possibly overlapping."""
        ranges: list[tuple[int, int]] = []
        if self.line_starts is not None:
            # matches in "\n" + text start at the line break before the line: +1 -1 = 0
            found = self.line_starts.finditer("\n" + text)
            ranges += _line_ranges(text, (m.start() for m in found))
        if self.lines is not None:
            ranges += _line_ranges(text, (m.start() for m in self.lines.finditer(text)))
        if ranges and text.count("|") >= 6:
            rows = _table_rows(text)
            ranges = [r for r in ranges if r[0] not in rows]
        if self.spans is not None:
            ranges += [m.span() for m in self.spans.finditer(text) if m.end() > m.start()]
        if self.head_lines or self.edge_lines or self.cut_after:
            ranges += self._edge_ranges(text)
        ranges += markdown_ranges(text)
        ranges.sort()
        return ranges

    def _edge_ranges(self, text: str) -> list[tuple[int, int]]:
        lines = text.split("\n")
        starts = list(accumulate(map(int.__add__, map(len, lines), repeat(1)), initial=0))
        n = len(lines)
        first = next((i for i in range(n) if self.is_running_text(lines[i])), n)
        last = next((i for i in range(n - 1, -1, -1) if self.is_running_text(lines[i])), -1)
        out: list[tuple[int, int]] = []
        head = range(0, min(first, n))
        tail = range(max(last + 1, first), n)
        for i in head:
            if (self.head_lines is not None and self.head_lines.search(lines[i])) \
                    or (self.edge_lines is not None and self.edge_lines.search(lines[i])):
                out.append((starts[i], starts[i] + len(lines[i])))
        if self.edge_lines is not None:
            for i in tail:
                if self.edge_lines.search(lines[i]):
                    out.append((starts[i], starts[i] + len(lines[i])))
        if self.cut_after is not None:
            for i in range(max(last + 1, 0), n):
                if self.cut_after.search(lines[i]):
                    out.append((starts[i], len(text)))
                    break
            out += self._head_lists(lines, starts, first)
        return out

    def _head_lists(self, lines: list[str], starts: list[int], first: int) -> list[tuple[int, int]]:
        """A list of links under a list heading (热门推荐, 相关文章) in the page's head, before
        the content: the heading and its items, up to the headline (the line above the page's
        date line), the first running text, or a gap of two blank lines."""
        assert self.cut_after is not None
        out: list[tuple[int, int]] = []
        i, end = 0, min(first, len(lines))
        unit = max(1, paragraph_gap(lines))  # blank lines count in paragraph gaps
        while i < end:
            if not self.cut_after.search(lines[i]):
                i += 1
                continue
            j, blanks = i + 1, 0
            while j < end and j - i <= 20 * unit:
                if not lines[j].strip():
                    blanks += 1
                    if blanks >= 2 * unit:
                        break
                    j += 1
                    continue
                blanks = 0
                nxt = next((ln for ln in lines[j + 1:j + 1 + 3 * unit] if ln.strip()), "")
                if _DATE_HINT.search(nxt) and len(nxt) <= 80:
                    break  # lines[j] is the headline over the page's date line
                out.append((starts[j], starts[j] + len(lines[j])))
                j += 1
            out.append((starts[i], starts[i] + len(lines[i])))
            i = j
        return out

    def blank(self, text: str) -> str:
        """``text`` with boilerplate replaced by spaces (line breaks kept)."""
        ranges = self.ranges(text)
        if not ranges:
            return text
        out: list[str] = []
        pos = 0
        for start, end in ranges:
            start = max(start, pos)
            if end <= start:
                continue
            out.append(text[pos:start])
            chunk = text[start:end]
            out.append(_NOT_NEWLINE.sub(" ", chunk))
            pos = end
        out.append(text[pos:])
        return "".join(out)


# -- Markdown ----------------------------------------------------------------------------
# A text saved from a blog or a wiki as Markdown: its markup (heading hashes, bold marks,
# quote marks, bullets) is blanked so that "## 一、活动主题" reads as a heading. Only in a text
# with at least two Markdown headings, or one heading and two bold spans or bullets.

_MD_HEADING = re.compile(r"(?m)^[ \t]*(#{1,6})[ \t]+(?=\S)")
_MD_BOLD = re.compile(r"(\*\*|__)(?=\S)[^\n*_]{1,80}?(?<=\S)\1")
_MD_QUOTE = re.compile(r"(?m)^[ \t]*(>)[ \t]+(?=\S)")
_MD_BULLET = re.compile(r"(?m)^[ \t]*([-*+])[ \t]+(?=\S)")


def paragraph_gap(lines: Iterable[str]) -> int:
    """The number of blank lines that usually separates two paragraphs of a text: 1 in
    most texts, 0 in a text without blank lines, more in a web page whose every paragraph
    became several line breaks. Rules that read "a gap of blank lines" count in these."""
    runs: dict[int, int] = {}
    run = 0
    seen_text = False
    for line in lines:
        if line.strip():
            if seen_text and run:
                runs[run] = runs.get(run, 0) + 1
            seen_text, run = True, 0
        else:
            run += 1
    return max(runs, key=lambda n: (runs[n], -n)) if runs else 1


def markdown_ranges(text: str) -> list[tuple[int, int]]:
    """Ranges of Markdown markup to blank, or none if ``text`` is not Markdown."""
    headings = list(_MD_HEADING.finditer(text))
    bold = list(_MD_BOLD.finditer(text))
    bullets = list(_MD_BULLET.finditer(text))
    if not (len(headings) >= 2 or (headings and len(bold) + len(bullets) >= 2)):
        return []
    out = [m.span(1) for m in headings]
    for m in bold:
        out += [(m.start(), m.start() + 2), (m.end() - 2, m.end())]
    out += [m.span(1) for m in _MD_QUOTE.finditer(text)]
    out += [m.span(1) for m in bullets]
    return out


_WORD_RE = re.compile(r"[A-Za-z]+")
_DATE_HINT = re.compile(r"(?:19|20)\d{2}\s*[-年./]\s*\d{1,2}")
_NOT_NEWLINE = re.compile("[^\n]")


def _table_rows(text: str) -> set[int]:
    """Offsets of the lines that are rows of a ``|`` table: three or more ``|`` each, and so
    has the next or the previous line that is not blank. A table's heading row
    (时间 | 地点 | 活动内容 | 责任单位) looks like a navigation bar (首页 | 新闻 | 政策 | 公告)
    taken alone, and is kept."""
    starts = list(accumulate((len(line) + 1 for line in text.split("\n")), initial=0))
    lines = [(start, line) for start, line in zip(starts, text.split("\n")) if line.strip()]
    piped = [line.count("|") >= 3 for _start, line in lines]
    return {start for i, (start, _line) in enumerate(lines)
            if piped[i] and ((i > 0 and piped[i - 1]) or (i + 1 < len(lines) and piped[i + 1]))}


def _line_ranges(text: str, starts: Iterable[int]) -> list[tuple[int, int]]:
    """Whole-line ranges (without the line break) of the lines holding these offsets."""
    out: list[tuple[int, int]] = []
    last_end = -1
    for start in starts:
        if start < last_end:
            continue
        line_start = text.rfind("\n", 0, start) + 1
        line_end = text.find("\n", start)
        if line_end < 0:
            line_end = len(text)
        out.append((line_start, line_end))
        last_end = line_end
    return out


@cache
def boilerplate() -> Boilerplate:
    """The shipped ``data/boilerplate.yaml`` (loaded once)."""
    return Boilerplate.load()
