"""The build report: per notice, what was found, what was not, and warnings."""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

from kg.model import Fact

# What the report says when a field has no fact, by field.
_MISSING = {
    "year": "no campaign year stated",
    "theme": "no theme stated",
    "slogan": "no slogans",
    "department": "no issuing or co-organising department named",
    "document_number": "no document number",
    "issued": "no issue date",
    "activity": "no activities",
    "place": "no places named",
}


def summarise(facts: Sequence[Fact]) -> dict[str, Any]:
    """The report entry for one notice's facts."""
    by: dict[str, list[Fact]] = {}
    for fact in facts:
        by.setdefault(fact.field, []).append(fact)

    def values(field: str) -> list[Any]:
        seen: list[Any] = []
        for fact in by.get(field, []):
            if fact.value not in seen:
                seen.append(fact.value)
        return seen

    years = [y for y in values("year") if not any(
        f.attr("inferred") for f in by["year"] if f.value == y)]
    inferred = [
        {"year": f.value, "evidence": f.attr("evidence")}
        for f in by.get("year", []) if f.attr("inferred")
    ]
    found = {
        "title": (values("title") or [None])[0],
        "kind": (values("kind") or [None])[0],
        "years": years,
        "inferred_years": inferred,
        "theme": values("theme"),
        "document_number": values("document_number"),
        "cited_documents": values("cited_document"),
        "issued": values("issued"),
        "departments": values("department"),
        "organizations": values("organization"),
        "department_count_stated": (values("department_count") or [None])[0],
        "slogans": len(values("slogan")),
        "slogan_count_stated": (values("slogan_count") or [None])[0],
        "activities": len(values("activity")),
        "places": values("place"),
        # A deadline (10月31日前报送总结) is a duty of the addressees, not an event: the graph
        # has no activity for it, and the report lists it apart.
        "event_dates": _dates(by, deadline=False),
        "deadlines": _dates(by, deadline=True),
    }
    missing = [text for field, text in _MISSING.items() if field != "year" and not by.get(field)]
    if not years:
        missing.insert(0, _MISSING["year"] + (" (one is inferred)" if inferred else ""))
    return {"found": found, "missing": missing}


def _dates(by: dict[str, list[Fact]], *, deadline: bool) -> list[Any]:
    seen: list[Any] = []
    for fact in by.get("event_date", []):
        if fact.attr("kind") == "period":  # the campaign's span (…为活动期间), no event
            continue
        if (fact.attr("kind") == "deadline") == deadline and fact.value not in seen:
            seen.append(fact.value)
    return seen


def render(entries: list[dict[str, Any]], summary: str) -> tuple[str, str]:
    """Markdown and JSON texts of the report; ``entries`` are sorted by source."""
    lines = ["# kg build report", "", summary, ""]
    for entry in entries:
        lines.append(f"## {_md(entry['source'])}")
        lines.append("")
        if entry.get("error"):
            lines.append(f"- error: {_md(entry['error'])}")
            lines.append("")
            continue
        found = entry["found"]
        lines.append(f"- notice: `{entry['key']}` ({entry['encoding']}, {entry['script']})")
        for name, value in found.items():
            if value in (None, [], 0):
                continue
            lines.append(f"- {name.replace('_', ' ')}: {_md(_fmt(value))}")
        if entry["missing"]:
            lines.append(f"- not found: {'; '.join(entry['missing'])}")
        for warning in entry.get("warnings", []):
            lines.append(f"- warning: {_md(warning)}")
        lines.append("")
    md = "\n".join(lines).rstrip() + "\n"
    js = json.dumps({"summary": summary, "notices": entries}, ensure_ascii=False, indent=1,
                    sort_keys=True) + "\n"
    return md, js


def _md(text: str) -> str:
    """Text from the input (file names, titles) as Markdown text, never as HTML markup: a
    viewer that renders the report must not run a file name's ``<script>``."""
    return (text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
            .replace("\r", " ").replace("\n", " "))


def _fmt(value: Any) -> str:
    if isinstance(value, list):
        return "、".join(_fmt(v) for v in value)
    if isinstance(value, dict):
        return ", ".join(f"{k} {v}" for k, v in value.items())
    return str(value).replace("\n", " ")
