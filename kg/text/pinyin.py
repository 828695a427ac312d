"""Removing pinyin annotations: ``國(guó)家質(zhì)檢總局`` → ``國家質檢總局``.

Some sites annotate characters with their reading in parentheses. An annotation is one
well-formed pinyin syllable (initial + final, tone marks or a tone digit) in ASCII or
full-width parentheses right after a CJK character; several annotations in a row go too,
and so does a word's reading after the word, two to eight syllables apart by spaces or
glued (``质量(zhì liàng)月``, ``中國(zhong1 guo2)``, ``质量(zhìliàng)月``; glued, two need a
tone: ``咖啡(café)`` stays). Square brackets count as parentheses (``國[guó]家``).
Parenthesised text that is not one syllable stays: ``(滨海频道)``, ``(2011-2020年)``,
``(AQSIQ)``, ``(QC)``, ``(a)``, ``(以下简称《通知》)``, English words.

A syllable without a tone mark (``們(men)``) is only taken as an annotation when the text
already has several tone-marked ones; in such a text a tone-marked syllable in parentheses
is an annotation even after a character that is not Chinese. A tone-marked syllable glued
to the character with no parentheses (``國guó家jiā``) is removed too, and so is a word's
(``質量zhìliàng月``): Latin letters with pinyin tone marks between Chinese characters have
no other use in these texts. Tone digits glued on (``國guo2家jia1``) go only in chains of
two syllables or more, as lower-case letters and a digit may be something else (``a4纸``,
``ie6``, ``hao123``).

Everything else that normalisation deletes (``\\r`` before ``\\n``, zero-width characters)
is deleted in the same pass, so there is one offset stage for all deletions.
"""

from __future__ import annotations

import re
from functools import cache
from itertools import islice

from kg.text.offsets import EditMap

CJK = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\u3007\U00020000-\U0003134f"

_TONED = "āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜńňǹḿ"
_A, _E, _I, _O, _U, _V = "[aāáǎà]", "[eēéěè]", "[iīíǐì]", "[oōóǒò]", "[uūúǔù]", "[üvǖǘǚǜ]"
_FINAL = (
    f"(?:{_A}(?:ng|n|i|o)?"
    f"|{_O}(?:ng|u)?"
    f"|{_E}(?:ng|n|i|r)?"
    f"|{_I}(?:{_A}(?:ng|n|o)?|{_E}|{_O}(?:ng)?|{_U}|ng|n)?"
    f"|{_U}(?:{_A}(?:ng|n|i)?|{_O}|{_I}|n|{_E})?"
    f"|{_V}(?:{_E}|n)?)"
)
_INITIAL = "(?:zh|ch|sh|[bpmfdtnlgkhjqxrzcsyw])?"
# A whole syllable; the interjections ń/ň/ǹ(g) and ḿ have no vowel.
SYLLABLE = f"(?:{_INITIAL}{_FINAL}|[ńňǹ]g?|ḿ)"
_HAS_TONE = f"(?=[^)）\\]]*[{_TONED}1-5])"
# A word's reading in one bracket with no spaces (质量(zhìliàng)) needs two tones: one
# would take an accented word (咖啡(café)).
_HAS_TONES = f"(?=[^)）\\]]*[{_TONED}1-5][^)）\\]]*[{_TONED}1-5])"
# Parentheses or square brackets (國[guó]家); full-width ones are folded before this runs.
_OPEN, _CLOSE = "[(（[]", "[)）\\]]"

# Cheap gates: no tone-marked letter and no "(xx1)" means no annotation to look for.
_TONED_CHAR = re.compile(f"[{_TONED}]")
_DIGIT_TONE = re.compile(
    f"{_OPEN}[a-zü]{{1,6}}[1-5](?: ?[a-zü]{{1,6}}[1-5]){{0,7}}{_CLOSE}")
_TONED_ANNOTATION = re.compile(
    f"{_OPEN}(?<=[{CJK}]{_OPEN}){_HAS_TONE}{SYLLABLE}[1-5]?{_CLOSE}")

# Deleted anywhere: zero-width and bidi marks, soft hyphen, stray BOMs, CR before LF.
_INVISIBLE = "\u200b-\u200f\u2060\u2061\u2062\u2063\ufeff\u00ad"
_MISC_RE = re.compile(f"[{_INVISIBLE}]|\r\n")

# Annotations of one text need at least this many tone-marked ones before toneless
# syllables such as 們(men) are removed as well.
TONELESS_AFTER = 3


@cache
def _pattern(annotations: bool, toneless: bool) -> re.Pattern[str]:
    """The deletion regex (one capturing group, for ``re.split``).

    Its first element is a single character class (an opening parenthesis, an invisible
    character or CR); the alternatives come after it, behind look-behinds. Starting with
    one class lets the regex engine skip to candidate characters, which makes this about
    ten times faster than an alternation of patterns.
    """
    alternatives = []
    if annotations:
        tone = "" if toneless else _HAS_TONE
        length = f"(?=[a-zü{_TONED}]{{2}})" if toneless else ""
        one = f"{_OPEN}{tone}{length}{SYLLABLE}[1-5]?{_CLOSE}"
        # the "(" is already consumed: look behind for "<CJK>("
        alternatives.append(
            f"(?<=[{CJK}]{_OPEN}){tone}{length}{SYLLABLE}[1-5]?{_CLOSE}(?:{one})*")
        # A word's reading after the word: 质量(zhì liàng), 中國(zhong1 guo2).
        # Up to eight syllables: 市场监管总局（shì chǎng jiān guǎn zǒng jú）.
        alternatives.append(
            f"(?<=[{CJK}][{CJK}]{_OPEN}){tone}{SYLLABLE}[1-5]?(?: {SYLLABLE}[1-5]?){{1,7}}"
            f"{_CLOSE}")
        # ... or with no spaces: 质量(zhìliàng), 中國(zhong1guo2).
        alternatives.append(
            f"(?<=[{CJK}][{CJK}]{_OPEN}){_HAS_TONES}(?:{SYLLABLE}[1-5]?){{2,8}}{_CLOSE}")
        if toneless:
            # In an annotated text a tone-marked syllable in parentheses is an annotation
            # wherever it stands, e.g. after a character the web page garbled.
            alternatives.append(f"(?<={_OPEN}){_HAS_TONE}{SYLLABLE}[1-5]?{_CLOSE}")
    alternatives.append(f"(?<=[{_INVISIBLE}])[{_INVISIBLE}]*")
    alternatives.append("(?<=\r)\r*(?=\n)")
    first = f"[({'（[' if annotations else ''}{_INVISIBLE}\r]"
    return re.compile(f"({first}(?:{'|'.join(alternatives)}))")


# Glued annotations: 國guó家jiā, a word's 质量zhìliàng. Run only on text that still has
# tone-marked letters once parenthesised annotations are gone (a rare case: the regex
# cannot skip ahead).
_AFTER_GLUED = f"(?=[{CJK}]|[\\s，。、；：！？”’》」』,.;:!?]|$)"
_GLUED = re.compile(
    f"(?<=[{CJK}])((?=[a-zü]*[{_TONED}])(?:{SYLLABLE}){{1,4}}){_AFTER_GLUED}")

# Glued tone digits: 國guo2家jia1質zhi4檢jian3, 质量zhi4liang4. Lower-case letters and a
# digit after a Chinese character may be something else (a4纸, ie6, hao123), so a syllable
# here has an initial or starts with a, o or e and has two letters at least, and the
# readings must come two or more in a chain (國guo2家jia1, or one word's zhi4liang4):
# one alone stays.
_PLAIN_SYLLABLE = f"(?:(?:zh|ch|sh|[bpmfdtnlgkhjqxrzcsyw]){_FINAL}|(?=[aoe][a-z]){_FINAL})"
_DIGIT_READING = f"(?:{_PLAIN_SYLLABLE}[1-5]){{1,4}}"
_DIGIT_CHAIN = re.compile(
    f"[{CJK}]{_DIGIT_READING}(?:[{CJK}]{{1,4}}{_DIGIT_READING})*{_AFTER_GLUED}")
_DIGIT_READINGS = re.compile(_DIGIT_READING)
# Cheap gate: a chain has a tone digit between a letter and a Chinese character or letter.
_LETTER_DIGIT = re.compile(f"[a-zü][1-5][a-z{CJK}]")


def deletion_pattern(text: str, toned: bool | None = None) -> re.Pattern[str] | None:
    """The regex of what to delete from ``text`` in the first pass, or ``None``.

    ``toned`` says whether ``text`` has tone-marked letters, if already known.
    """
    if toned is None:
        toned = _TONED_CHAR.search(text) is not None
    if not toned and _DIGIT_TONE.search(text) is None:
        return _pattern(False, False) if _MISC_RE.search(text) else None
    found = _TONED_ANNOTATION.finditer(text)
    toneless = len(list(islice(found, TONELESS_AFTER))) >= TONELESS_AFTER
    return _pattern(True, toneless)


def _split(text: str, pattern: re.Pattern[str]) -> tuple[str, EditMap | None]:
    pieces = pattern.split(text)
    if len(pieces) == 1:
        return text, None
    return "".join(pieces[0::2]), EditMap.from_split(pieces)


def strip(text: str, pattern: re.Pattern[str] | None = None
          ) -> tuple[str, list[EditMap]]:
    """Delete pinyin annotations (and invisible characters, CR before LF).

    Args:
        text: the text.
        pattern: the first-pass regex to use (default: :func:`deletion_pattern` of
            ``text``; pass that of a whole document to treat a fragment of it the same way).

    Returns:
        The text and its offset stages (none, one, or two when glued annotations were
        removed in a second pass).
    """
    toned = _TONED_CHAR.search(text) is not None
    if pattern is None:
        pattern = deletion_pattern(text, toned)
    stages: list[EditMap] = []
    if pattern is not None:
        text, stage = _split(text, pattern)
        if stage is not None:
            stages.append(stage)
    if toned and _TONED_CHAR.search(text):
        text, stage = _split(text, _GLUED)
        if stage is not None:
            stages.append(stage)
    if _LETTER_DIGIT.search(text):
        text, stage = _strip_digit_chains(text)
        if stage is not None:
            stages.append(stage)
    return text, stages


def _strip_digit_chains(text: str) -> tuple[str, EditMap | None]:
    """Delete glued tone-digit readings (國guo2家jia1) in chains of two syllables or more."""
    pieces: list[str] = []
    last = 0
    for chain in _DIGIT_CHAIN.finditer(text):
        readings = list(_DIGIT_READINGS.finditer(text, chain.start(), chain.end()))
        if sum(map(str.isdigit, chain.group())) < 2:
            continue
        for m in readings:
            pieces += [text[last:m.start()], m.group()]
            last = m.end()
    if not pieces:
        return text, None
    pieces.append(text[last:])
    return "".join(pieces[0::2]), EditMap.from_split(pieces)


def strip_text(text: str, pattern: re.Pattern[str] | None = None) -> str:
    """Like :func:`strip` without the offset stage."""
    return strip(text, pattern)[0]
