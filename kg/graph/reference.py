"""The shared graph: descriptions of the entities that notices refer to (departments with
their lineage, places with their parents, campaigns, themes, slogans), written once."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from kg.graph import mint
from kg.graph.build import EntityRefs, Triple
from kg.graph.terms import RDF_TYPE, expand, lit, qm, typed
from kg.vocab import QM

_PREF = expand("skos:prefLabel")
_ALT = expand("skos:altLabel")
_LABEL = expand("rdfs:label")


def _closure(start: set[str], step: Mapping[str, list[str]]) -> list[str]:
    seen: set[str] = set()
    todo = sorted(start)
    while todo:
        key = todo.pop()
        if key in seen:
            continue
        seen.add(key)
        todo.extend(k for k in step.get(key, []) if k not in seen)
    return sorted(seen)


def shared_triples(refs: EntityRefs, gazetteer: Any) -> list[Triple]:
    """Triples describing every entity in ``refs`` (and the lineage/parents they need)."""
    out: list[Triple] = []
    add = out.append

    for year in sorted(refs.years):
        c = mint.campaign(year)
        add((c, RDF_TYPE, qm(QM.Campaign)))
        add((c, qm(QM.year), typed(f"{year:04d}", "gYear")))
        add((c, _LABEL, lit(f"{year}年全国“质量月”", "zh")))
        add((c, _LABEL, lit(f"National Quality Month {year}", "en")))

    for kind, table in ((QM.Theme, refs.themes), (QM.Slogan, refs.slogans)):
        for e, label in sorted(table.items()):
            add((e, RDF_TYPE, qm(kind)))
            add((e, RDF_TYPE, expand("skos:Concept")))
            add((e, _PREF, lit(label, "zh")))

    departments = gazetteer.departments
    successors = {
        key: [s["id"] for s in (entry.get("successors") or []) if s.get("id") in departments]
        for key, entry in departments.items()
    }
    for key in _closure({d for d in refs.departments if d in departments}, successors):
        out.extend(_department(key, departments[key], successors[key]))

    places = gazetteer.places
    parents = {key: [str(e["parent"])] if e.get("parent") in places else []
               for key, e in places.items()}
    for key in _closure({p for p in refs.places if p in places}, parents):
        out.extend(_place(key, places[key], parents[key]))
    return sorted(set(out))


def _department(key: str, entry: Mapping[str, Any], successors: list[str]) -> list[Triple]:
    d = mint.department(key)
    is_dept = entry.get("kind", "department") == "department"
    out = [
        (d, RDF_TYPE, qm(QM.Department if is_dept else QM.Organization)),
        (d, RDF_TYPE, expand("org:Organization")),
        (d, _PREF, lit(str(entry["name"]), "zh")),
    ]
    for alias in entry.get("aliases") or []:
        out.append((d, _ALT, lit(str(alias), "zh")))
    if entry.get("en"):
        out.append((d, _PREF, lit(str(entry["en"]), "en")))
    for alias in entry.get("en_aliases") or []:
        out.append((d, _ALT, lit(str(alias), "en")))
    if entry.get("abbr"):
        out.append((d, qm(QM.abbreviation), lit(str(entry["abbr"]))))
    if entry.get("from"):
        out.append((d, qm(QM.validFrom), typed(f"{int(entry['from']):04d}", "gYear")))
    if entry.get("until"):
        out.append((d, qm(QM.validUntil), typed(f"{int(entry['until']):04d}", "gYear")))
    for succ in successors:
        out.append((d, qm(QM.successor), mint.department(succ)))
    return out


def _place(key: str, entry: Mapping[str, Any], parents: list[str]) -> list[Triple]:
    p = mint.place(key)
    out = [(p, RDF_TYPE, qm(QM.Place)), (p, _PREF, lit(str(entry["name"]), "zh"))]
    for alias in entry.get("aliases") or []:
        out.append((p, _ALT, lit(str(alias), "zh")))
    if entry.get("en"):
        out.append((p, _PREF, lit(str(entry["en"]), "en")))
    if entry.get("level"):
        out.append((p, qm(QM.placeLevel), lit(str(entry["level"]))))
    if entry.get("adcode"):
        out.append((p, qm(QM.adcode), lit(str(entry["adcode"]))))
    for parent in parents:
        out.append((p, qm(QM.within), mint.place(parent)))
    if entry.get("lat") is not None and entry.get("lon") is not None:
        out.append((p, expand("geo:lat"), typed(f"{float(entry['lat']):.6f}", "decimal")))
        out.append((p, expand("geo:long"), typed(f"{float(entry['lon']):.6f}", "decimal")))
    return out
