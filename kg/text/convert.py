"""Character-level normalisation, script detection and conversion to simplified Chinese.

- :func:`fold_width`: full-width ASCII → ASCII, ideographic/no-break spaces → space,
  corner quotes 「」『』 → “”‘’ (1:1, so no offset stage).
- :func:`detect_script`: ``"traditional"``, ``"simplified"`` or ``"english"`` from
  character statistics.
- :func:`to_simplified`: traditional text goes through OpenCC ``tw2s``; simplified text
  only has stray traditional characters folded (a 1:1 table of characters that are not in
  GB2312 and that OpenCC maps to one that is, so 乾/著/後 in simplified text are safe).
- :class:`PhraseFixes`: ``data/phrases.yaml``, context-specific fixes of machine-conversion
  artefacts (品质月 → 质量月, 释出 → 发布, 资讯化部 → 信息化部 ...).

Why ``tw2s`` and not ``tw2sp``: ``tw2sp`` also rewrites Taiwan IT vocabulary, and many of
its entries are ordinary mainland words: on the seed notices it turned 互动 → 交互,
建立 → 创建, 创新增效 → 创添加效, 执行 → 运行, 程序 → 进程, 核心 → 内核, 效能 → 性能.
Most traditional notices are mainland texts put through ``s2t`` (``tw2s`` gives them back
exactly); Taiwan wording from ``s2twp``-style converters (智慧马桶盖, 释出, 资讯化部) is
reverted by the explicit, reviewed rules in ``data/phrases.yaml`` instead.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import yaml

from kg import yamlio
from kg.errors import ConfigError
from kg.text.offsets import EditMap, align_lines

DATA_DIR = Path(__file__).resolve().parent.parent.parent / "data"
PHRASES_FILE = DATA_DIR / "phrases.yaml"

OPENCC_CONFIG = "tw2s"

# -- 1:1 folding -------------------------------------------------------------------------

_SPACES = (0x3000, 0x00A0, 0x202F, 0x205F, *range(0x2000, 0x200B))
_WIDTH: dict[str, str] = {chr(cp): chr(cp - 0xFEE0) for cp in range(0xFF01, 0xFF5F)}
_WIDTH.update({chr(cp): " " for cp in _SPACES})
_WIDTH.update({"「": "“", "」": "”", "『": "‘", "』": "’", "〝": "“", "〞": "”", "〟": "”"})
# Radical glyphs a PDF's font drew common characters with (⽉ ⽇ ⼀ ⼯ ⾏ ⻔): copied out, they
# are the Kangxi radicals U+2F00–U+2FD5 and CJK radicals supplement U+2E80–U+2EF3, not the
# characters, and no rule reads 质量⽉. The Kangxi ones fold to their NFKC ideograph; of the
# supplement, the forms that are a whole simplified character (Unicode's
# EquivalentUnifiedIdeograph) fold to it.
_WIDTH.update({chr(cp): unicodedata.normalize("NFKC", chr(cp)) for cp in range(0x2F00, 0x2FD6)})
_WIDTH.update(zip(
    "⺟⺠⻄⻅⻆⻈⻉⻋⻐⻓⻔⻘⻙⻚⻛⻜⻝⻠⻢⻣⻤⻥⻦⻧⻨⻩⻪⻬⻮⻰⻳",
    "母民西见角讠贝车钅长门青韦页风飞食饣马骨鬼鱼鸟卤麦黄黾齐齿龙龟"))
_WIDTH_RE = re.compile("[" + "".join(sorted(_WIDTH)) + "]")


def fold_width(text: str) -> str:
    """Full-width ASCII → ASCII, wide and no-break spaces → space, 「」『』〝〞 → “”‘’“”,
    radical glyphs → their characters (⽉ → 月)."""
    found = _WIDTH_RE.findall(text)
    if not found:
        return text
    # str.translate has no fast path for non-ASCII text; a handful of str.replace has.
    for ch in set(found):
        text = text.replace(ch, _WIDTH[ch])
    return text


_SINGLE_PAIR = re.compile(r"‘([^‘’“”\n]{1,60})’")


def fold_quotes(text: str) -> str:
    """Single quotes used as the only quotes (公布了‘质量第一 效益优先’‘…’等十条口号, 主题为‘…’)
    → double ones, as every rule reads quotes; single quotes nested in double ones (“发挥
    ‘质量月’活动的平台影响力…”) stay. One character for one: offsets do not move."""
    if "‘" not in text:
        return text
    chars = None
    for m in _SINGLE_PAIR.finditer(text):
        line_start = text.rfind("\n", 0, m.start()) + 1
        before = text[line_start:m.start()]
        if before.count("“") > before.count("”"):
            continue  # inside a double quote
        if chars is None:
            chars = list(text)
        chars[m.start()] = "“"
        chars[m.end() - 1] = "”"
    return text if chars is None else "".join(chars)


# -- character tables ---------------------------------------------------------------------

SCRIPT_SAMPLE = 5_000


@cache
def _converter(config: str) -> Any:
    import opencc

    return opencc.OpenCC(config)


def convert_opencc(text: str, config: str) -> str:
    """Run one OpenCC configuration over ``text``."""
    return str(_converter(config).convert(text))


@dataclass(frozen=True)
class CharTables:
    """Derived once from OpenCC and GB2312 (no hand-written character lists).

    Attributes:
        fold: traditional-only character → simplified character (for ``str.translate``).
        traditional: regex of characters only traditional text uses (the keys of ``fold``).
    """

    fold: dict[int, str]
    traditional: re.Pattern[str]


# GB2312 also holds 16 characters OpenCC simplifies; these pairs are the ones no simplified
# text uses (乾, 吒 of 哪吒, 薹 of 蒜薹 ... are left alone).
_GB2312_TRADITIONAL = "後后於于夥伙摺折麽么菸烟徵征"


@cache
def char_tables() -> CharTables:
    """Build the character tables (a few ms once OpenCC is loaded; once per process)."""
    chars = "".join(chr(cp) for cp in range(0x4E00, 0xA000))
    as_gb = chars.encode("gb2312", "replace").decode("gb2312")
    gb_set = {c for c, g in zip(chars, as_gb, strict=True) if c == g}
    others = [c for c in chars if c not in gb_set]
    # OpenCC's traditional → simplified character table, one character per line
    simple = convert_opencc("\n".join(others), OPENCC_CONFIG).split("\n")
    pairs = _GB2312_TRADITIONAL
    fold: dict[int, str] = {ord(t): s for t, s in zip(pairs[0::2], pairs[1::2], strict=True)}
    if len(simple) == len(others):
        for c, s in zip(others, simple, strict=True):
            if s != c and len(s) == 1 and s in gb_set:
                fold[ord(c)] = s
    return CharTables(
        fold=fold,
        traditional=re.compile("[" + "".join(map(chr, sorted(fold))) + "]"),
    )


def fold_traditional(text: str) -> str:
    """Fold characters only traditional text uses to their simplified form (1:1)."""
    tables = char_tables()
    if tables.traditional.search(text) is None:
        return text
    fold = tables.fold
    return tables.traditional.sub(lambda m: fold[ord(m.group())], text)


# -- script ------------------------------------------------------------------------------

_LETTERS = bytes(range(65, 91)) + bytes(range(97, 123))
_NOT_LETTERS = bytes(b for b in range(128) if b not in _LETTERS)


def script_counts(text: str) -> tuple[int, int, int, int]:
    """Character statistics of ``text`` (up to ``SCRIPT_SAMPLE`` characters).

    Returns ``(not_gb2312, not_big5, letters, non_ascii)``: characters GB2312 cannot
    encode (traditional-only ones), characters Big5 cannot encode (simplified-only ones),
    ASCII letters, and non-ASCII characters. Counting through codecs runs in C; a regex
    ``findall`` over large character classes is ten times slower.
    """
    sample = text[:SCRIPT_SAMPLE]
    n = len(sample)
    not_gb = n - len(sample.encode("gb2312", "ignore").decode("gb2312"))
    not_big5 = n - len(sample.encode("big5", "ignore").decode("big5"))
    ascii_bytes = sample.encode("ascii", "ignore")
    letters = len(ascii_bytes.translate(None, _NOT_LETTERS))
    return not_gb, not_big5, letters, n - len(ascii_bytes)


def detect_script(text: str) -> str:
    """``"english"`` when ASCII letters outnumber other characters 3:1 (Chinese characters
    are those), else ``"traditional"`` or ``"simplified"`` (see :func:`is_traditional`).
    """
    not_gb, not_big5, letters, non_ascii = script_counts(text)
    if letters > 3 * non_ascii:
        return "english"
    return "traditional" if _traditional(text, not_gb, not_big5) else "simplified"


def is_traditional(text: str) -> bool:
    """Whether the Chinese in ``text`` is traditional: traditional-only characters
    outnumber the characters Big5 lacks (simplified-only ones).
    """
    not_gb, not_big5, _, _ = script_counts(text)
    return _traditional(text, not_gb, not_big5)


def _traditional(text: str, not_gb: int, not_big5: int) -> bool:
    # The number of characters GB2312 lacks is a fast upper bound of the traditional-only
    # ones; unless it wins clearly, the traditional-only ones are counted exactly. So text
    # this module has simplified (no traditional-only character left) reads as simplified.
    if not_gb <= not_big5:
        return False
    if not_gb > 2 * not_big5 + 20:
        return True
    return len(char_tables().traditional.findall(text[:SCRIPT_SAMPLE])) > not_big5


def to_simplified(text: str, script: str) -> tuple[str, EditMap | None]:
    """Convert traditional text with OpenCC; fold stray traditional characters otherwise.

    English text (``script == "english"``) has its Chinese parts treated the same way.
    Returns the text and the offset stage of OpenCC's few length-changing phrases.
    """
    if script == "traditional" or (script == "english" and is_traditional(text)):
        converted = convert_opencc(text, OPENCC_CONFIG)
        tables = char_tables()
        stage = align_lines(text, converted, fold=lambda line: line.translate(tables.fold))
        return fold_traditional(converted), stage
    return fold_traditional(text), None


# -- phrase fixes ------------------------------------------------------------------------

@dataclass(frozen=True)
class _Tier:
    """The rules of one combination of modes, as one regex plus per-rule regexes.

    The combined regex has no capturing groups (they would disable the regex engine's
    first-character scan and make it ~500x slower); which rule matched is found by
    re-matching the rules that start with the matched character, in order.
    """

    pattern: re.Pattern[str] | None
    by_first: dict[str, tuple[tuple[re.Pattern[str], str], ...]]

    @classmethod
    def build(cls, rules: list[tuple[str, str]]) -> _Tier:
        if not rules:
            return cls(None, {})
        by_first: dict[str, list[tuple[re.Pattern[str], str]]] = {}
        for find, replace in rules:
            by_first.setdefault(find[0], []).append((re.compile(find), replace))
        pattern = re.compile("|".join(f"(?:{find})" for find, _ in rules))
        return cls(pattern, {k: tuple(v) for k, v in by_first.items()})

    def replacement(self, m: re.Match[str]) -> str:
        for rule, replace in self.by_first.get(m.group()[:1], ()):
            if rule.match(m.string, m.start()):
                return replace
        return m.group()  # pragma: no cover - the combined regex matched one of them


def _compile_rules(rules: list[Any], where: str) -> list[tuple[str, str]]:
    out: list[tuple[str, str]] = []
    for i, rule in enumerate(rules or []):
        if not (isinstance(rule, list) and len(rule) == 2
                and all(isinstance(x, str) for x in rule)):
            raise ConfigError(f"{PHRASES_FILE}: {where}[{i}] must be [pattern, replacement]")
        try:
            groups = re.compile(rule[0]).groups
        except re.error as exc:
            raise ConfigError(
                f"{PHRASES_FILE}: {where}[{i}] bad pattern {rule[0]!r}: {exc}") from None
        if groups:
            raise ConfigError(f"{PHRASES_FILE}: {where}[{i}] use (?:...) not capturing groups")
        if not rule[0] or rule[0][0] in "([\\.^$*+?{|":
            raise ConfigError(f"{PHRASES_FILE}: {where}[{i}] {rule[0]!r} must start with "
                              "literal text (put look-behinds after it)")
        out.append((rule[0], rule[1]))
    return out


class PhraseFixes:
    """The rules of ``data/phrases.yaml`` (see the file for the tiers and their triggers)."""

    def __init__(self, data: dict[str, Any]):
        try:
            self.always = _compile_rules(data.get("always", []), "always")
            taiwan = data.get("taiwan", {}) or {}
            self.taiwan_markers = [str(m) for m in taiwan.get("markers", [])]
            self.taiwan_min = int(taiwan.get("min_markers", 2))
            self.taiwan = _compile_rules(taiwan.get("rules", []), "taiwan.rules")
            quality = data.get("quality_word", {}) or {}
            self.quality_word = str(quality.get("word", "品质"))
            self.quality_for = str(quality.get("stands_for", "质量"))
            self.quality_min = int(quality.get("min_count", 3))
            self.quality_ratio = float(quality.get("max_ratio", 0.25))
            self.quality = _compile_rules(quality.get("rules", []), "quality_word.rules")
        except (AttributeError, TypeError, ValueError) as exc:
            raise ConfigError(f"{PHRASES_FILE}: malformed ({exc})") from None
        self._tiers: dict[tuple[bool, bool], _Tier] = {}

    def _tier(self, taiwan: bool, quality: bool) -> _Tier:
        key = (taiwan, quality)
        tier = self._tiers.get(key)
        if tier is None:
            rules = [*self.always, *(self.taiwan if taiwan else []),
                     *(self.quality if quality else [])]
            tier = self._tiers[key] = _Tier.build(rules)
        return tier

    @classmethod
    def load(cls, path: Path = PHRASES_FILE) -> PhraseFixes:
        try:
            data = yamlio.safe_load(path.read_text(encoding="utf-8")) or {}
        except (OSError, yaml.YAMLError) as exc:
            raise ConfigError(f"{path}: cannot load ({exc})") from None
        if not isinstance(data, dict):
            raise ConfigError(f"{path}: expected a mapping")
        return cls(data)

    def modes(self, text: str) -> tuple[bool, bool]:
        """Whether the text shows Taiwan wording, and whether it writes 品质 for 质量."""
        found = 0
        for marker in self.taiwan_markers:  # a few fast substring searches
            if marker in text:
                found += 1
                if found >= self.taiwan_min:
                    break
        taiwan = bool(self.taiwan_markers) and found >= self.taiwan_min
        word = text.count(self.quality_word)
        quality = word >= self.quality_min and \
            text.count(self.quality_for) <= word * self.quality_ratio
        return taiwan, quality

    def apply(self, text: str, modes: tuple[bool, bool] | None = None
              ) -> tuple[str, EditMap | None, list[str]]:
        """Apply the rules; return text, offset stage and notes on what was triggered.

        Args:
            text: simplified text.
            modes: ``(taiwan, quality_word)`` to force (default: :meth:`modes` of ``text``;
                pass those of a whole document to treat a fragment of it the same way).
        """
        taiwan, quality = self.modes(text) if modes is None else modes
        notes = []
        if taiwan:
            notes.append("Taiwan wording converted to mainland usage")
        if quality:
            notes.append(f"{self.quality_word} read as {self.quality_for} (converted text)")
        tier = self._tier(taiwan, quality)
        if tier.pattern is None:
            return text, None, notes
        edits: list[tuple[int, int, int, int]] = []
        shift = 0

        def replace(m: re.Match[str]) -> str:
            nonlocal shift
            new = tier.replacement(m)
            start, end = m.span()
            if len(new) != end - start:
                edits.append((start, end, start + shift, start + shift + len(new)))
                shift += len(new) - (end - start)
            return new

        out = tier.pattern.sub(replace, text)
        return out, EditMap.from_edits(edits), notes


@cache
def phrase_fixes() -> PhraseFixes:
    """The shipped ``data/phrases.yaml`` (loaded once)."""
    return PhraseFixes.load()
