"""Reference data (``data/*.yaml``) and fast matching of department and place names.

The gazetteer holds what kg knows about the world: departments and associations
(``departments.yaml``), places of China and countries (``places.yaml``) and the word lists
that decide whether a place name in running text really names a place (``place_rules.yaml``).
All of it is data: adding a department or a place never needs a code change.

Matching runs once per notice over the whole text, so each name list is compiled into one
regular expression shaped as a trie (one branch per distinct next character), which the
regex engine walks in time proportional to the text, not to the number of names. Matches
are leftmost-longest and never overlap.
"""

from __future__ import annotations

import hashlib
import os
import pickle
import re
import tempfile
from collections.abc import Iterable, Iterator, Mapping
from pathlib import Path
from typing import Any, ClassVar

import yaml

from kg import yamlio
from kg.derived import cache_dir
from kg.errors import ConfigError

DATA_DIR = Path(__file__).resolve().parent.parent / "data"
GAZETTEER_FILES = ("departments.yaml", "place_rules.yaml", "places.yaml")

Match = tuple[int, int, str]

# A department name ending in 部 followed by one of these is another word: 教育部门 (education
# departments), 继续教育部分, 财政部长 (the minister, not the ministry).
_BU_WORD_NEXT = frozenset("门分位件署长队")
# Characters and words that make a short alias a local body: 省统计局, 市发改委, 各级药监局;
# a Party committee's office (省委网信办, 党委网信办), the Corps' (兵团网信办), 各地网信办.
_LOCAL_PREV = ("省", "市", "县", "区", "州", "旗", "盟", "镇", "乡", "各", "各级", "地方", "当地",
               "各地", "省委", "市委", "县委", "区委", "州委", "旗委", "党委", "兵团")
# Prefixes that mark a name as national; such names are never taken for a local body.
_NATIONAL_PREFIXES = ("国家", "国务院", "中华", "中国", "中共", "中央", "全国")
# Which reading of a name wins, by the character after it: a level word says which level
# is meant (河南县 is the county 河南蒙古族自治县, 海南州 the prefecture, 河南 the province).
_TIER_ORDER = {
    "": ("full", "country", "province", "city", "county"),
    "县": ("full", "county", "city", "province", "country"),
    "旗": ("full", "county", "city", "province", "country"),
    "区": ("full", "county", "city", "province", "country"),
    "州": ("full", "city", "county", "province", "country"),
    "盟": ("full", "city", "county", "province", "country"),
    "市": ("full", "city", "county", "province", "country"),
}
_FAN_OUT = 4  # branches per regex group in trie_pattern (measured: 2-8 are all close)
_LIST_SEPARATOR = re.compile(r"(?:[、，,]|和|及|与|以及)")


def trie_pattern(words: Iterable[str], *, english: bool = False) -> str:
    """A regex source matching any of ``words``, longest first at each position.

    Example: ``trie_pattern(["四川", "四川省", "四平市"])`` → ``(?=[四])四(?:川(?:省)?|平市)``.
    The regex engine tries the alternatives of a group one by one, so a node with many
    branches (the root has one per distinct first character) is split into a small tree of
    groups guarded by character-range lookaheads, and the whole pattern is guarded by the
    set of first characters so that most positions are rejected by one table lookup.
    With ``english``, a space in a word matches any run of whitespace and an apostrophe
    either apostrophe (People's, People’s).
    """
    escape, klass = (_english_char, _english_class) if english else (re.escape, _class_char)
    trie: dict[str, Any] = {}
    for word in words:
        if not word:
            continue
        node = trie
        for ch in word:
            node = node.setdefault(ch, {})
        node[""] = {}
    if not trie:
        return "(?!)"

    def group(items: list[tuple[str, str]]) -> str:
        if len(items) <= _FAN_OUT:
            return "(?:" + "|".join(body for _, body in items) + ")"
        size = -(-len(items) // _FAN_OUT)
        parts = []
        for i in range(0, len(items), size):
            chunk = items[i:i + size]
            guard = "".join(klass(ch) for ch, _ in chunk)
            parts.append(f"(?=[{guard}]){group(chunk)}")
        return "(?:" + "|".join(parts) + ")"

    def emit(node: dict[str, Any]) -> str:
        items = [(ch, escape(ch) + emit(child)) for ch, child in sorted(node.items()) if ch]
        if not items:
            return ""
        ends_here = "" in node
        if len(items) == 1 and not ends_here:
            return items[0][1]
        return group(items) + ("?" if ends_here else "")

    first = "".join(klass(ch) for ch in sorted(trie))
    return f"(?=[{first}])" + emit(trie)


class NameFinder:
    """Leftmost-longest matches of a large set of Chinese names, as ``re`` would find them
    with :func:`trie_pattern`: ``finditer(text)`` and ``search(text, pos)`` give spans.

    Compiling the trie of the 6,000 place names takes a third of a second, as long as
    building the five shipped notices: a small build looks names up in a dict instead
    (the lengths of the names that start with each character), and only once this finder
    has scanned ``COMPILE_AFTER`` characters does it compile the regex, which is faster per
    text. Both give the same spans, so the output does not depend on which one ran.
    """

    COMPILE_AFTER = 100_000  # characters scanned by the dict before the regex is compiled

    def __init__(self, words: Iterable[str]) -> None:
        self.words = frozenset(w for w in words if w)
        lengths: dict[str, set[int]] = {}
        for w in self.words:
            lengths.setdefault(w[0], set()).add(len(w))
        self._lengths = {ch: sorted(ls, reverse=True) for ch, ls in lengths.items()}
        self._scanned = 0
        self._rx: re.Pattern[str] | None = None

    def __getstate__(self) -> dict[str, Any]:
        return {"words": self.words, "_lengths": self._lengths}  # a Pattern is recompiled

    def __setstate__(self, state: dict[str, Any]) -> None:
        self.__dict__.update(state, _scanned=0, _rx=None)

    def _regex(self, text: str) -> re.Pattern[str] | None:
        if self._rx is None:
            self._scanned += len(text)
            if self._scanned > self.COMPILE_AFTER:
                self._rx = re.compile(trie_pattern(self.words))
        return self._rx

    def search(self, text: str, pos: int = 0) -> tuple[int, int] | None:
        rx = self._regex(text)
        if rx is not None:
            m = rx.search(text, pos)
            return m.span() if m else None
        lengths, words, n_text = self._lengths, self.words, len(text)
        for i in range(pos, n_text):
            for n in lengths.get(text[i], ()):
                if i + n <= n_text and text[i:i + n] in words:
                    return i, i + n
        return None

    def finditer(self, text: str) -> Iterator[tuple[int, int]]:
        rx = self._regex(text)
        if rx is not None:
            yield from (m.span() for m in rx.finditer(text))
            return
        lengths, words = self._lengths, self.words
        i, n_text = 0, len(text)
        while i < n_text:
            for n in lengths.get(text[i], ()):
                if i + n <= n_text and text[i:i + n] in words:
                    yield i, i + n
                    i += n
                    break
            else:
                i += 1


def _class_char(ch: str) -> str:
    """``ch`` written for use inside a character class."""
    return "\\" + ch if ch in "\\]^-[" else ch


def _english_class(ch: str) -> str:
    return {" ": r"\s", "'": "'’"}.get(ch) or _class_char(ch)


def _english_char(ch: str) -> str:
    """Regex source for one character of an English name: a space matches any whitespace,
    an apostrophe either apostrophe."""
    if ch == " ":
        return r"\s+"
    if ch == "'":
        return "['’]"
    return re.escape(ch)


def _english_pattern(words: Iterable[str]) -> re.Pattern[str] | None:
    """Case-sensitive English names as whole words, longest first."""
    words = [w for w in words if w]
    if not words:
        return None
    body = trie_pattern(words, english=True)
    return re.compile(r"(?<![A-Za-z0-9])" + body + r"(?![A-Za-z0-9])")


def _english_key(matched: str) -> str:
    return re.sub(r"\s+", " ", matched).replace("’", "'")


def _read_yaml(path: Path) -> Any:
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise ConfigError(f"{path}: cannot read: {exc.strerror or exc}") from exc
    except UnicodeDecodeError as exc:
        raise ConfigError(f"{path}: not UTF-8: {exc.reason}") from exc
    try:
        return yamlio.safe_load(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"line {mark.line + 1}, column {mark.column + 1}" if mark else "?"
        cause = getattr(exc, "problem", None) or str(exc).splitlines()[0]
        raise ConfigError(f"{path}: {where}: malformed YAML: {cause}") from exc


def _require(cond: bool, path: Path, message: str) -> None:
    if not cond:
        raise ConfigError(f"{path}: {message}")


def _str_list(value: Any) -> list[str]:
    if value is None:
        return []
    if isinstance(value, str):
        return [value]
    return [str(v) for v in value]


#: Characters after which a sentence (or a headline) starts.
_SENTENCE_STARTS = frozenset("\n。！？!?；;")
#: The campaign as the object of a verb: 2010年“质量月”活动, 全国“质量月”, “质量月”.
_CAMPAIGN_NEXT = re.compile(r"\s*了?\s*(?:(?:19|20)\d{2}\s*年度?)?\s*(?:全国|全市)?\s*[“\"]?质量月")


class Gazetteer:
    """Departments, places and the rules for finding them in text.

    Attributes:
        departments: entries of ``departments.yaml`` by id.
        places: entries of ``places.yaml`` by key (adcode, ISO 3166 alpha-2 code, or the slug
            of a state-level new area); Chinese divisions carry ``adcode``, ``level``,
            ``parent``; countries carry ``level: country``; new areas (``new_areas``:
            河北雄安新区) a ``parent`` and ``kind: 国家级新区`` but no adcode and no level.
        rules: the contents of ``place_rules.yaml``.
    """

    _cache: ClassVar[dict[Path, Gazetteer]] = {}
    _default: ClassVar[Path] = DATA_DIR

    def __init__(self, departments: Mapping[str, dict[str, Any]],
                 places: Mapping[str, dict[str, Any]], rules: Mapping[str, Any]) -> None:
        self.departments: dict[str, dict[str, Any]] = dict(departments)
        self.places: dict[str, dict[str, Any]] = dict(places)
        self.rules: dict[str, Any] = dict(rules)
        self._build_department_index()
        self._build_place_index()

    # ------------------------------------------------------------------ loading

    @classmethod
    def load(cls, data_dir: Path | None = None) -> Gazetteer:
        """The gazetteer of ``data_dir`` (default: the folder given to :meth:`use`, else the
        repository's ``data/``), cached.

        Raises:
            ConfigError: a file is missing or malformed; the message names file and line.
        """
        root = Path(data_dir if data_dir is not None else cls._default).resolve()
        cached = cls._cache.get(root)
        if cached is None:
            cached = cls._cache[root] = cls._from_pickle_or_dir(root)
        return cached

    @classmethod
    def _from_pickle_or_dir(cls, root: Path) -> Gazetteer:
        """Parsing ``places.yaml`` takes most of a second, a third of building the shipped
        corpus; a gazetteer made from the same files by the same code is kept as a pickle in
        the user's cache folder (``$KG_CACHE_DIR``, else ``$XDG_CACHE_HOME/kg``, else
        ``~/.cache/kg``). Best effort: any problem with it means parsing the YAML."""
        h = hashlib.sha256(Path(__file__).read_bytes())
        for name in GAZETTEER_FILES:
            try:
                h.update(name.encode() + b"\0" + (root / name).read_bytes() + b"\0")
            except OSError:
                return cls._from_dir(root)  # the error is _from_dir's to report
        folder = cache_dir()
        path = folder / f"gazetteer-{h.hexdigest()[:24]}.pickle"
        try:
            with open(path, "rb") as fh:
                loaded = pickle.load(fh)
            if isinstance(loaded, cls):
                return loaded
        except (OSError, EOFError, pickle.UnpicklingError, AttributeError, ImportError,
                TypeError, ValueError):
            pass
        made = cls._from_dir(root)
        try:
            folder.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(dir=folder, suffix=".tmp")
            with os.fdopen(fd, "wb") as fh:
                pickle.dump(made, fh, protocol=pickle.HIGHEST_PROTOCOL)
            os.replace(tmp, path)
        except (OSError, pickle.PicklingError):
            pass
        return made

    @classmethod
    def use(cls, data_dir: Path) -> Gazetteer:
        """Make ``data_dir`` the default of :meth:`load` (the extractors call it without a
        folder; ``kg build --data`` sets it) and return its gazetteer."""
        gazetteer = cls.load(data_dir)
        cls._default = Path(data_dir).resolve()
        return gazetteer

    @classmethod
    def _from_dir(cls, root: Path) -> Gazetteer:
        dept_path = root / "departments.yaml"
        raw_depts = _read_yaml(dept_path)
        _require(isinstance(raw_depts, list), dept_path, "expected a list of departments")
        departments: dict[str, dict[str, Any]] = {}
        for i, entry in enumerate(raw_depts):
            _require(isinstance(entry, dict) and "id" in entry and "name" in entry, dept_path,
                     f"entry {i + 1}: needs at least 'id' and 'name'")
            dept_id = str(entry["id"])
            _require(bool(re.fullmatch(r"[a-z0-9][a-z0-9-]*", dept_id)), dept_path,
                     f"entry {dept_id!r}: id must be a lower-case ASCII slug")
            _require(dept_id not in departments, dept_path, f"duplicate id {dept_id!r}")
            kind = entry.get("kind", "department")
            _require(kind in ("department", "association"), dept_path,
                     f"entry {dept_id!r}: kind must be department or association")
            for field in ("from", "until"):
                _require(entry.get(field) is None or isinstance(entry[field], int), dept_path,
                         f"entry {dept_id!r}: {field} must be a year")
            departments[dept_id] = dict(entry, id=dept_id, kind=kind)
        for dept_id, entry in departments.items():
            for succ in entry.get("successors") or []:
                _require(isinstance(succ, dict) and succ.get("id") in departments, dept_path,
                         f"entry {dept_id!r}: unknown successor {succ!r}")
                _require(isinstance(succ.get("year"), int), dept_path,
                         f"entry {dept_id!r}: successor {succ['id']!r} needs a year")

        rules_path = root / "place_rules.yaml"
        rules = _read_yaml(rules_path)
        _require(isinstance(rules, dict), rules_path, "expected a mapping of rules")

        places_path = root / "places.yaml"
        raw_places = _read_yaml(places_path)
        _require(isinstance(raw_places, dict), places_path,
                 "expected a mapping with 'china' and 'countries'")
        places: dict[str, dict[str, Any]] = {}
        for section in ("china", "countries"):
            _require(isinstance(raw_places.get(section), list), places_path,
                     f"expected a list under '{section}'")
            for i, entry in enumerate(raw_places.get(section) or []):
                _require(isinstance(entry, dict) and "key" in entry and "name" in entry,
                         places_path, f"{section} entry {i + 1}: needs 'key' and 'name'")
                _require(isinstance(entry["key"], str), places_path,
                         f"{section} entry {i + 1}: key {entry['key']!r} must be a quoted string")
                key = entry["key"]
                _require(key not in places, places_path, f"duplicate key {key!r}")
                place = dict(entry, key=key)
                if section == "china":
                    place["adcode"] = key
                    if place.get("parent") is not None:
                        place["parent"] = str(place["parent"])
                else:
                    place.setdefault("level", "country")
                places[key] = place
        # State-level new areas (国家级新区): places with a parent but no adcode and no level.
        new_areas = raw_places.get("new_areas") or []
        _require(isinstance(new_areas, list), places_path, "expected a list under 'new_areas'")
        for i, entry in enumerate(new_areas):
            _require(isinstance(entry, dict) and "key" in entry and "name" in entry,
                     places_path, f"new_areas entry {i + 1}: needs 'key' and 'name'")
            key = str(entry["key"])
            _require(bool(re.fullmatch(r"[a-z][a-z0-9-]*", key)), places_path,
                     f"new_areas entry {key!r}: key must be a lower-case slug, not an adcode")
            _require(key not in places, places_path, f"duplicate key {key!r}")
            parent = str(entry.get("parent"))
            _require(parent in places and places[parent].get("level") in ("province", "city"),
                     places_path, f"new_areas entry {key!r}: unknown parent {parent!r}")
            places[key] = dict(entry, key=key, parent=parent)
        for key, extra in (raw_places.get("overrides") or {}).items():
            key = str(key)
            _require(key in places, places_path, f"override for unknown key {key!r}")
            place = places[key]
            for name, value in extra.items():
                if name in ("aliases", "en_aliases", "names"):
                    place[name] = _str_list(place.get(name)) + _str_list(value)
                else:
                    place[name] = value
        return cls(departments, places, rules)

    # ------------------------------------------------------------------ departments

    def _build_department_index(self) -> None:
        zh: dict[str, list[str]] = {}
        en: dict[str, list[str]] = {}
        for dept_id, entry in self.departments.items():
            for surface in [entry["name"], *_str_list(entry.get("aliases"))]:
                zh.setdefault(str(surface), []).append(dept_id)
            for surface in [*_str_list(entry.get("en")), *_str_list(entry.get("en_aliases")),
                            *_str_list(entry.get("abbr"))]:
                en.setdefault(_english_key(surface), []).append(dept_id)
        self._dept_zh = zh
        self._dept_en = en
        self._dept_re = re.compile(trie_pattern(zh))
        self._dept_en_re = _english_pattern(en)

    def _pick_department(self, ids: list[str], year: int | None) -> str:
        """One body for a surface that several share (广电总局): the one of ``year``."""
        if len(ids) == 1:
            return ids[0]

        def alive(dept_id: str) -> bool:
            entry = self.departments[dept_id]
            return (year is not None and int(entry.get("from") or 0) <= year
                    <= int(entry.get("until") or 9999))

        pool = [d for d in ids if alive(d)] or ids
        # Latest first; a body still in existence before a former one.
        return max(pool, key=lambda d: (int(self.departments[d].get("from") or 0),
                                        self.departments[d].get("until") is None, d))

    def _is_local(self, text: str, start: int, surface: str) -> bool:
        """Whether the name at ``start`` belongs to a local body: 四川省统计局, 市发改委."""
        if surface.startswith(_NATIONAL_PREFIXES):
            return False
        if any(text.startswith(p, start - len(p)) for p in _LOCAL_PREV if start >= len(p)):
            return True
        return any(text[start - n:start] in self._admin_surfaces
                   for n in self._admin_lengths if start >= n)

    def find_departments(self, text: str, year: int | None = None) -> list[Match]:
        """Departments and associations named in ``text``: ``(start, end, id)`` sorted.

        Chinese full names and short forms, English names and abbreviations (whole words,
        case-sensitive). Names of local bodies (四川省统计局, 市发改委) and the common noun
        部门 (教育部门) are skipped. ``year`` picks between bodies sharing a short form.
        """
        found: list[Match] = []
        pos = 0
        while (m := self._dept_re.search(text, pos)) is not None:
            start, hit = m.start(), None
            for end in range(m.end(), start, -1):
                surface = text[start:end]
                ids = self._dept_zh.get(surface)
                if not ids:
                    continue
                if surface.endswith("部") and text[end:end + 1] in _BU_WORD_NEXT:
                    continue
                if self._is_local(text, start, surface):
                    break
                hit = (start, end, self._pick_department(ids, year))
                break
            if hit:
                found.append(hit)
                pos = hit[1]
            else:
                pos = start + 1
        if self._dept_en_re is not None:
            for m in self._dept_en_re.finditer(text):
                ids = self._dept_en.get(_english_key(m.group()))
                if ids:
                    found.append((m.start(), m.end(), self._pick_department(ids, year)))
        return _without_overlaps(found)

    # ------------------------------------------------------------------ places

    def _build_place_index(self) -> None:
        rules = self.rules
        min_len = int(rules.get("min_county_name_length", 3))
        stop = set(_str_list(rules.get("stop_names")))
        # surface -> list of (key, tier); tiers: full, country, province, city, county
        zh: dict[str, list[tuple[str, str]]] = {}
        en: dict[str, list[str]] = {}
        admin: set[str] = set()

        def add(surface: str, key: str, tier: str) -> None:
            if surface in stop:
                return
            entries = zh.setdefault(surface, [])
            if (key, tier) not in entries:
                entries.append((key, tier))

        for key, place in self.places.items():
            level = place.get("level")
            names = [place["name"], *_str_list(place.get("names"))]
            if level == "country":
                for surface in names + _str_list(place.get("aliases")):
                    add(surface, key, "country")
            elif level is None:  # a new area (雄安新区): its names anywhere, 雄安 as a city's
                for surface in names:
                    admin.add(surface)
                    # 河北雄安新区 is read as 河北 and 雄安新区, as 天津滨海新区 is: the text
                    # names the province too.
                    if not any(surface.startswith(a) and surface[len(a):] in names
                               for a in self._place_surfaces(place.get("parent"))):
                        add(surface, key, "full")
                for surface in _str_list(place.get("aliases")):
                    add(surface, key, "city")
                    admin.add(surface)
            else:
                for surface in names:
                    if level == "county" and len(surface) < min_len:
                        continue
                    add(surface, key, "full")
                    admin.add(surface)
                for surface in _str_list(place.get("aliases")):
                    add(surface, key, str(level))
                    if level != "county":  # 会同 (会同县) is mostly the verb "together with"
                        admin.add(surface)
            for surface in [*_str_list(place.get("en")), *_str_list(place.get("en_aliases"))]:
                en.setdefault(_english_key(surface), []).append(key)
        self._place_zh = zh
        self._place_en = en
        self._place_names = NameFinder(zh)
        self._place_en_re = _english_pattern(en)
        self._admin_surfaces = frozenset(admin)
        self._admin_lengths = sorted({len(s) for s in admin}, reverse=True)
        self._parents = {k: p["parent"] for k, p in self.places.items() if p.get("parent")}
        self._home = next((k for k, p in self.places.items() if p.get("home")), None)

        def words_re(key: str) -> re.Pattern[str] | None:
            words = _str_list(rules.get(key))
            return re.compile(trie_pattern(words)) if words else None

        self._org_suffix_re = words_re("organisation_suffixes")
        self._admin_word_re = words_re("admin_words")
        self._list_ender_re = words_re("list_enders")
        self._broken = frozenset(_str_list(rules.get("broken_words")))
        self._short_bad_prev = {k: frozenset(_str_list(v))
                                for k, v in (rules.get("short_form_bad_prev") or {}).items()}
        self._short_bad_next = frozenset(_str_list(rules.get("short_form_bad_next")))
        self._short_bad_except = tuple(_str_list(rules.get("short_form_bad_next_except")))
        self._country_bad_prev = {k: frozenset(_str_list(v))
                                  for k, v in (rules.get("country_bad_prev") or {}).items()}
        self._country_bad_next = tuple(_str_list(rules.get("country_bad_next")))
        self._bracket_next = tuple(_str_list(rules.get("bracketed_name_next")))
        self._venue_prev = tuple(_str_list(rules.get("venue_before")))
        self._venue_next = tuple(_str_list(rules.get("venue_after")))
        # 在京启动, 在沪举行: one-character names of a few cities as an event's venue.
        abbreviations = rules.get("venue_abbreviations") or {}
        self._venue_abbr = {str(k): str(v) for k, v in abbreviations.items()
                            if str(v) in self.places}
        self._venue_abbr_re = re.compile(
            "(?:" + "|".join(map(re.escape, self._venue_prev)) + ")(?P<a>"
            + "|".join(map(re.escape, self._venue_abbr)) + ")(?="
            + "|".join(map(re.escape, self._venue_next)) + ")"
        ) if self._venue_abbr and self._venue_prev and self._venue_next else None

    def _place_surfaces(self, key: object) -> list[str]:
        """Names and short forms of the place ``key`` and of its parents."""
        out: list[str] = []
        while isinstance(key, str) and key in self.places and len(out) < 20:
            place = self.places[key]
            out += [place["name"], *_str_list(place.get("names")),
                    *_str_list(place.get("aliases"))]
            key = place.get("parent")
        return out

    def home_country(self) -> str | None:
        """Key of the place flagged ``home: true`` (中国), if any."""
        return self._home

    def ancestors(self, key: str) -> list[str]:
        """Parent, grandparent ... of a place (德州市 → 山东省)."""
        out: list[str] = []
        while key in self._parents and len(out) < 5:
            key = self._parents[key]
            out.append(key)
        return out

    def _listed_spans(self, text: str, raw: list[tuple[int, int]]) -> set[int]:
        """Starts of names that stand in a list closed by a list ender (永州、南昌等市)."""
        listed: set[int] = set()
        if self._list_ender_re is None:
            return listed
        run: list[tuple[int, int]] = []
        for span in [*raw, (-1, -1)]:
            if run and span[0] >= 0 and _LIST_SEPARATOR.fullmatch(text[run[-1][1]:span[0]]):
                run.append(span)
                continue
            if len(run) >= 2 and self._list_ender_re.match(text, run[-1][1]):
                listed.update(s for s, _ in run)
            run = [span]
        return listed

    def _place_candidates(self, text: str, start: int, end: int,
                          listed: bool, before: frozenset[str] = frozenset()) -> list[str]:
        """The keys the name ``text[start:end]`` may stand for here, best tier only.

        ``before``: the places of a name that ends where this one starts (湖北 of 湖北襄阳).
        """
        surface = text[start:end]
        entries = self._place_zh.get(surface)
        if not entries:
            return []
        if self._org_suffix_re is not None and self._org_suffix_re.match(text, end):
            return []
        if text[end - 1:end + 1] in self._broken:
            return []
        # 中国质量(上海)大会, XX(北京)有限公司: a place in brackets inside a name.
        if start and text[start - 1] in "(（" and text[end:end + 1] in ")）" and \
                self._bracket_next and text.startswith(self._bracket_next, end + 1):
            return []
        admin_match = self._admin_word_re.match(text, end) if self._admin_word_re else None
        admin = admin_match.group() if admin_match else ""
        if len(admin) == 1 and text[end:end + 2] in self._broken:
            admin = ""  # 中山市场: 市 starts 市场 (market), it is no level word here
        next_char = text[end:end + 1]
        prev_char = text[start - 1:start] if start else ""
        by_tier: dict[str, list[str]] = {}
        for key, tier in entries:
            if tier == "country":
                if prev_char in self._country_bad_prev.get(surface, ()) or \
                        text.startswith(self._country_bad_next, end):
                    continue
            elif tier != "full" and prev_char in self._short_bad_prev.get(surface, ()):
                continue
            if tier == "province":
                if next_char in self._short_bad_next and \
                        not text.startswith(self._short_bad_except, end):
                    continue
            elif tier in ("city", "county"):
                # A one-character level word must be the place's own (河南县, 延边州), else
                # it is another word: 大城市 is "big city", not 大城县.
                own = len(admin) > 1 or (admin and self.places[key]["name"].endswith(admin))
                # 在南京举办: a city short form as the venue of an event.
                venue = tier == "city" and self._venue(text, start, end)
                # 湖北襄阳, 浙江义乌: a short form right after its own province or city.
                under = bool(before) and not before.isdisjoint(self.ancestors(key))
                if not (own or listed or venue or under):
                    continue
            by_tier.setdefault(tier, []).append(key)
        for tier in _TIER_ORDER.get(next_char, _TIER_ORDER[""]):
            if tier in by_tier:
                return sorted(set(by_tier[tier]))
        return []

    def _venue(self, text: str, start: int, end: int) -> bool:
        """Whether ``text[start:end]`` stands between a venue word and an event verb
        (在南京举办, 于杭州召开): ``venue_before`` / ``venue_after`` of place_rules.yaml."""
        if not text.startswith(self._venue_next, end):
            return False
        if any(text.startswith(w, start - len(w)) for w in self._venue_prev):
            return True
        # 宁波启动2010年“质量月”活动: the city heading its line or sentence as the subject
        # of the campaign's verb is its venue too (not 苏州启动仪式, a noun, nor 南京举办 alone).
        verb = next(w for w in sorted(self._venue_next, key=len, reverse=True)
                    if text.startswith(w, end))
        return (start == 0 or text[start - 1] in _SENTENCE_STARTS) and \
            _CAMPAIGN_NEXT.match(text, end + len(verb)) is not None

    def find_places(self, text: str) -> list[Match]:
        """Places named in ``text``: ``(start, end, key)`` sorted by position.

        Full names anywhere (四川省, 德州市, 敖汉旗); province short forms unless they are
        part of a longer word; city and county short forms only before an administrative
        word (苏州质监局) or in a list (永州、南昌等市); countries by Chinese and English
        name. Names inside organisation names (上海交通大学, 新疆生产建设兵团) are skipped.
        A name shared by several places is kept only when the text names the parent of
        exactly one of them (北京市朝阳区). The home country is included. A few one-character
        names count as an event's venue (在京启动: ``venue_abbreviations``).
        """
        raw = list(self._place_names.finditer(text))
        listed = self._listed_spans(text, raw)
        raw_end = dict(raw)
        hits: list[tuple[int, int, list[str]]] = []
        # Walk the leftmost-longest matches; after a name is rejected or cut short, search
        # again from inside it until the walk meets the precomputed matches again.
        queue = iter(raw)
        pos, aligned = 0, True
        while True:
            if aligned:
                span = next(queue, None)
            else:
                span = self._place_names.search(text, pos)
                if span is not None and raw_end.get(span[0]) == span[1]:
                    queue = iter(raw[raw.index(span) + 1:])
                    aligned = True
            if span is None:
                break
            start, hit = span[0], None
            before = frozenset(hits[-1][2]) if hits and hits[-1][1] == start else frozenset()
            for end in range(span[1], start, -1):
                keys = self._place_candidates(text, start, end, start in listed, before)
                if keys:
                    hit = (start, end, keys)
                    break
            if hit:
                hits.append(hit)
                pos = hit[1]
                aligned = aligned and hit[1] == span[1]
            else:
                pos, aligned = start + 1, False
        if self._place_en_re is not None:
            for m in self._place_en_re.finditer(text):
                en_keys = self._place_en.get(_english_key(m.group()))
                if en_keys:
                    hits.append((m.start(), m.end(), sorted(set(en_keys))))
        if self._venue_abbr_re is not None:
            for m in self._venue_abbr_re.finditer(text):
                hits.append((m.start("a"), m.end("a"), [self._venue_abbr[m["a"]]]))
        sure = {keys[0] for _, _, keys in hits if len(keys) == 1}
        found: list[Match] = []
        for start, end, keys in hits:
            if len(keys) > 1:
                keys = [k for k in keys if sure.intersection(self.ancestors(k))]
            if len(keys) == 1:
                found.append((start, end, keys[0]))
        return _without_overlaps(found)


def _without_overlaps(matches: list[Match]) -> list[Match]:
    """Sorted matches, dropping any that overlaps an earlier or longer one."""
    out: list[Match] = []
    for m in sorted(matches, key=lambda m: (m[0], -(m[1] - m[0]), m[2])):
        if out and m[0] < out[-1][1]:
            continue
        out.append(m)
    return out
