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


@extractor("places", emits=("place",))
def extract_places(doc: Document, facts: Facts) -> Iterable[Fact]:
    """Every place the gazetteer finds, except the home country and the addressee paragraph.

    Example: 四川、福建等省策划了一系列活动。德州市、敖汉旗等地方局… → 四川省, 福建省, 德州市,
    敖汉旗 (one fact per place, at its first mention).
    """
    gazetteer = Gazetteer.load()
    home = gazetteer.home_country()
    skip = [m.span() for m in _ADDRESSEES.finditer(doc.text)]
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
