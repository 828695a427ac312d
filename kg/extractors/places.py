"""Places named as taking part in the Quality Month: provinces, cities, counties, countries."""

from __future__ import annotations

import re
from collections.abc import Iterable

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
    for start, end, key in gazetteer.find_places(doc.text):
        if key == home or key in seen:
            continue
        if any(s <= start < e for s, e in skip):
            continue
        seen.add(key)
        out.append(Fact("place", key, Span(start, end)))
    return out
