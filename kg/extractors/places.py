"""Places named as taking part in the Quality Month: provinces, cities, counties, countries."""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import lru_cache

from kg.extractors import Facts, extractor
from kg.gazetteer import Gazetteer
from kg.model import Document, Fact, Span

# The addressee paragraph of a notice (各省、自治区、直辖市…质量技术监督局，…有关企业：) names
# who receives it, not who takes part.
# English translations address it the same way (To the market regulation departments of
# all provinces, … and the Xinjiang Production and Construction Corps, …:).
_ADDRESSEES = re.compile(
    r"(?m)^[ \t\u3000]*各[^\n：:]{0,300}[：:]|^[ \t]*To\s+the\s[^\n:]{0,600}:[ \t]*$"
)

# A news dateline (新华社北京8月31日电, 人民网北京8月28日电, 本报北京9月1日讯) names where the
# report was filed, not a place taking part; the English one too (BEIJING, Sept. 1 --).
_DATELINE = re.compile(
    r"[\u4e00-\u9fff]{1,8}?(?:社|网|报|台)[\u4e00-\u9fff]{2,8}?"
    r"[\d一二三四五六七八九十]{1,2}\s*月\s*[\d一二三四五六七八九十]{1,3}\s*日\s*(?:电|讯)"
    r"|本报讯|(?m:^[ \t]*[A-Z][A-Z ]{2,20},\s+[A-Z][a-z]{2,4}\.?\s+\d{1,2}\s+(?:--|—|–))"
)

# Around a county's two-character full name (高县, 珙县, 沙县) that stands as an item of a
# list of places (屏山县、高县、珙县结合实际组织开展): the gazetteer never matches such names
# alone (提高县域, 各市和县), so they count only between these marks and beside a place of
# their own city.
_LIST_BEFORE = "、，,；;：:（(　 \t\n"
_LIST_AFTER = "、，,。；;：:）)　 \t\n等和及与"


@lru_cache(maxsize=8)
def _short_counties(gazetteer: Gazetteer) -> tuple[dict[str, list[str]], re.Pattern[str] | None]:
    """Two-character county names ending in 县 or 旗 (not 区: 城区, 郊区, 矿区 are words) →
    their keys, and a pattern of the names. Once per gazetteer: going over its 3,000 places
    for every text tripled the time of this extractor."""
    min_len = int(gazetteer.rules.get("min_county_name_length", 3))
    out: dict[str, list[str]] = {}
    for key, place in gazetteer.places.items():
        name = place.get("name", "")
        if place.get("level") == "county" and len(name) < min_len and name[-1:] in "县旗":
            out.setdefault(name, []).append(key)
    if not out:
        return out, None
    return out, re.compile("|".join(re.escape(n) for n in sorted(out, key=len, reverse=True)))


def _listed_short_counties(text: str, gazetteer: Gazetteer,
                           found: list[tuple[int, int, str]]) -> Iterable[tuple[int, int, str]]:
    """Two-character counties in a list or after their city (屏山县、高县、珙县; 宜宾市高县),
    when the city itself or a county of it is found in the text."""
    if not found:
        return
    short, rx = _short_counties(gazetteer)
    if rx is None:
        return
    parents = {gazetteer.places[k].get("parent") for _s, _e, k in found} | {k for _s, _e, k in found}
    taken = [(s, e) for s, e, _k in found]
    for m in rx.finditer(text):
        start, end = m.span()
        if any(s < end and start < e for s, e in taken):
            continue
        keys = [k for k in short[m.group()] if gazetteer.places[k].get("parent") in parents]
        if len(keys) != 1:
            continue
        prev = text[start - 1] if start else "\n"
        # 宜宾市高县: right after its own city; 屏山县、高县、珙县结合…: an item of a list
        # (the last one may be followed by its verb); else between marks (（高县）).
        own_city = any(e == start and k == gazetteer.places[keys[0]].get("parent")
                       for _s, e, k in found)
        if not (own_city or prev == "、" or (
                prev in _LIST_BEFORE and (end == len(text) or text[end] in _LIST_AFTER))):
            continue
        yield start, end, keys[0]


@extractor("places", emits=("place",))
def extract_places(doc: Document, facts: Facts) -> Iterable[Fact]:
    """Every place the gazetteer finds, except the home country and the addressee paragraph.

    Example: 四川、福建等省策划了一系列活动。德州市、敖汉旗等地方局… → 四川省, 福建省, 德州市,
    敖汉旗 (one fact per place, at its first mention).
    """
    gazetteer = Gazetteer.load()
    home = gazetteer.home_country()
    skip = [m.span() for m in _ADDRESSEES.finditer(doc.text)]
    skip += [m.span() for m in _DATELINE.finditer(doc.text)]
    seen: set[str] = set()
    out: list[Fact] = []
    found = gazetteer.find_places(doc.text)
    found = sorted([*found, *_listed_short_counties(doc.text, gazetteer, found)])
    for start, end, key in found:
        if key == home or key in seen:
            continue
        if any(s <= start < e for s, e in skip):
            continue
        seen.add(key)
        out.append(Fact("place", key, Span(start, end)))
    return out
