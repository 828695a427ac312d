"""Facts of one notice → triples (as N-Triples term strings), with Web Annotation provenance.

The triples of a notice fall in two groups: those whose subject belongs to the notice alone
(the notice, its activities, its mentions) and those about a campaign (``qm:hasTheme`` ...),
which several notices may state. The TriG export keeps both in the notice's named graph; the
union exports write campaign triples once. Entities shared across notices (departments,
places, campaigns, themes, slogans) are described once, in the shared graph
(:mod:`kg.graph.reference`), from the keys collected in :class:`EntityRefs`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Protocol

from kg.graph import mint
from kg.graph.terms import RDF_TYPE, expand, lit, qm, typed
from kg.model import Document, Fact
from kg.vocab import QM

Triple = tuple[str, str, str]


class DepartmentFinder(Protocol):
    def find_departments(self, text: str) -> list[tuple[int, int, str]]: ...


@dataclass
class EntityRefs:
    """Keys of the shared entities a notice refers to."""

    departments: set[str] = field(default_factory=set)
    places: set[str] = field(default_factory=set)
    years: set[int] = field(default_factory=set)
    themes: dict[str, str] = field(default_factory=dict)  # IRI -> label
    slogans: dict[str, str] = field(default_factory=dict)

    def update(self, other: EntityRefs) -> None:
        self.departments |= other.departments
        self.places |= other.places
        self.years |= other.years
        for mine, theirs in ((self.themes, other.themes), (self.slogans, other.slogans)):
            for key, label in theirs.items():
                # The same key may be written with other punctuation: keep one, chosen
                # without regard to input order.
                mine[key] = min(label, mine.get(key, label))


@dataclass
class NoticeTriples:
    own: list[Triple]
    campaign: list[Triple]
    refs: EntityRefs


# Fields whose value is an entity, the property linking the notice to it, and the property
# linking the campaign to it (None: notice-level only).
_A = RDF_TYPE
_SOURCE = expand("dcterms:source")
_TITLE = expand("dcterms:title")
_ISSUED = expand("dcterms:issued")
_LABEL = expand("rdfs:label")
_OA = {name: expand(f"oa:{name}") for name in (
    "Annotation", "SpecificResource", "TextPositionSelector", "TextQuoteSelector",
    "hasBody", "bodyValue", "hasTarget", "hasSource", "hasSelector", "start", "end", "exact",
)}


def _year_of(facts: list[Fact]) -> tuple[list[int], list[Fact]]:
    stated = sorted({int(f.value) for f in facts if f.field == "year" and not f.attr("inferred")})
    inferred = [f for f in facts if f.field == "year" and f.attr("inferred")]
    return stated, inferred


def build_notice(doc: Document, facts: list[Fact], finder: DepartmentFinder) -> NoticeTriples:
    """The triples one notice contributes."""
    n = mint.notice(doc.key)
    own: list[Triple] = []
    camp: list[Triple] = []
    refs = EntityRefs()
    add = own.append

    add((n, _A, qm(QM.Notice)))
    add((n, _SOURCE, lit(doc.source)))
    add((n, qm(QM.encoding), lit(doc.encoding)))
    add((n, qm(QM.script), lit(doc.script)))

    stated, inferred = _year_of(facts)
    for year in stated:
        refs.years.add(year)
        add((n, qm(QM.about), mint.campaign(year)))
    if not stated:
        for fact in inferred:
            refs.years.add(int(fact.value))
            add((n, qm(QM.inferredAbout), mint.campaign(int(fact.value))))
            if fact.attr("evidence"):
                add((n, qm(QM.inferenceEvidence), lit(str(fact.attr("evidence")), "en")))
    # Campaign-level statements need one campaign the notice is about.
    years = stated or sorted({int(f.value) for f in inferred})
    c = mint.campaign(years[0]) if len(years) == 1 else None

    mentions: dict[tuple[str, str], tuple[Fact, str | None, str | None]] = {}

    def mention(fact: Fact, body: str | None = None, body_value: str | None = None) -> None:
        if fact.span is None:
            return
        key = (fact.field, body or body_value or "")
        if key not in mentions:
            mentions[key] = (fact, body, body_value)

    activity_iris: dict[str, str] = {}
    for fact in facts:
        if fact.field == "activity":
            akey = str(fact.attr("key") or mint.text_key(str(fact.value)))
            activity_iris[akey] = mint.activity(doc.key, akey)

    # Dates the activities extractor tied to an activity; the same date found on its own
    # by the dates extractor is the same event, not another one.
    linked_dates = {
        str(fact.value) for fact in facts
        if fact.field == "event_date" and str(fact.attr("activity") or "") in activity_iris
    }

    def campaign_of(fact: Fact, a: str) -> None:
        """An activity is its notice's campaign's, unless it is dated in another year (the
        1978 first broadcast meeting told in a 2021 notice): then that year's campaign's, or
        no campaign's if none ran then (``campaign_year`` 0)."""
        other = fact.attr("campaign_year")
        if other is None:
            if c and (fact.field != "event_date"
                      or str(fact.value).startswith(f"{years[0]:04d}-")):
                camp.append((c, qm(QM.hasActivity), a))
        elif int(other) > 0:
            refs.years.add(int(other))
            camp.append((mint.campaign(int(other)), qm(QM.hasActivity), a))

    for fact in facts:
        f, v = fact.field, fact.value
        if f == "event_date" and str(fact.attr("activity") or "") not in activity_iris \
                and str(v) in linked_dates:
            continue
        if f == "year":
            mention(fact, mint.campaign(int(v)))
        elif f == "title":
            add((n, _TITLE, lit(str(v), "zh")))
            mention(fact, body_value=str(v))
        elif f == "kind":
            add((n, qm(QM.noticeKind), lit(str(v))))
        elif f == "document_number":
            add((n, qm(QM.documentNumber), lit(str(v))))
            written = fact.attr("as_written")
            if written:
                add((n, qm(QM.documentNumberAsWritten), lit(str(written))))
            mention(fact, body_value=str(v))
        elif f == "cited_document":
            add((n, qm(QM.citesDocument), lit(str(v))))
            mention(fact, body_value=str(v))
        elif f == "issued":
            add((n, _ISSUED, typed(v, "date")))
            mention(fact, body_value=str(v))
        elif f in ("department", "organization"):
            d = mint.department(str(v))
            refs.departments.add(str(v))
            if f == "department":
                add((n, qm(QM.issuedBy), d))
                if c:
                    camp.append((c, qm(QM.organizedBy), d))
            else:
                add((n, qm(QM.mentionsOrganization), d))
            mention(fact, d)
        elif f == "department_count":
            # A number the text states (十部门) versus one counted from a complete list.
            prop = QM.listedDepartmentCount if fact.attr("listed") else QM.statedDepartmentCount
            add((n, qm(prop), typed(int(v), "integer")))
        elif f == "slogan_count":
            prop = QM.listedSloganCount if fact.attr("counted") else QM.statedSloganCount
            add((n, qm(prop), typed(int(v), "integer")))
        elif f in ("theme", "slogan"):
            e = mint.theme(str(v)) if f == "theme" else mint.slogan(str(v))
            (refs.themes if f == "theme" else refs.slogans)[e] = str(v)
            add((n, qm(QM.statesTheme if f == "theme" else QM.statesSlogan), e))
            if c:
                camp.append((c, qm(QM.hasTheme if f == "theme" else QM.hasSlogan), e))
            mention(fact, e)
        elif f == "place":
            p = mint.place(str(v))
            refs.places.add(str(v))
            add((n, qm(QM.mentionsPlace), p))
            mention(fact, p)
        elif f == "activity":
            a = activity_iris[str(fact.attr("key") or mint.text_key(str(v)))]
            add((a, _A, qm(QM.Activity)))
            add((a, _LABEL, lit(str(v), "zh")))
            add((n, qm(QM.hasActivity), a))
            add((a, qm(QM.listedIn), n))
            campaign_of(fact, a)
            if fact.attr("level"):
                add((a, qm(QM.level), lit(str(fact.attr("level")))))
            if fact.attr("ordinal") is not None:
                add((a, qm(QM.ordinal), typed(int(fact.attr("ordinal")), "integer")))
            parent = fact.attr("parent")
            if parent and str(parent) in activity_iris:
                add((a, qm(QM.partOf), activity_iris[str(parent)]))
            for organizer in _as_list(fact.attr("organizer")):
                for _s, _e, dept in finder.find_departments(organizer):
                    refs.departments.add(dept)
                    add((a, qm(QM.organizedBy), mint.department(dept)))
            mention(fact, a)
        elif f == "event_date":
            akey = fact.attr("activity")
            if akey and str(akey) in activity_iris:
                a = activity_iris[str(akey)]
            elif fact.attr("kind") in ("deadline", "period"):
                continue  # a duty (10月31日前报送总结) or the campaign's span, no event
            else:
                label = str(fact.attr("label") or v)
                a = mint.activity(doc.key, mint.text_key(f"{label}@{v}"))
                add((a, _A, qm(QM.Activity)))
                add((a, _LABEL, lit(label, "zh")))
                add((a, qm(QM.level), lit("event")))
                add((n, qm(QM.hasActivity), a))
                add((a, qm(QM.listedIn), n))
                campaign_of(fact, a)
                mention(fact, a)
            add((a, qm(QM.eventDate), typed(v, "date")))

    for (field_name, _), (fact, body, body_value) in sorted(
        mentions.items(), key=lambda item: (item[0], item[1][0].span.start if item[1][0].span else 0)
    ):
        own.extend(_mention_triples(doc, n, field_name, fact, body, body_value))

    return NoticeTriples(sorted(set(own)), sorted(set(camp)), refs)


def _as_list(value: Any) -> list[str]:
    if value is None:
        return []
    if isinstance(value, (list, tuple)):
        return [str(v) for v in value]
    return [str(value)]


def _mention_triples(
    doc: Document, n: str, field_name: str, fact: Fact, body: str | None, body_value: str | None
) -> list[Triple]:
    assert fact.span is not None
    start, end, quote = doc.quote(fact.span)
    m = mint.mention(doc.key, field_name, start, end)
    t = mint.mention(doc.key, field_name, start, end, "target")
    pos = mint.mention(doc.key, field_name, start, end, "position")
    q = mint.mention(doc.key, field_name, start, end, "quote")
    out = [
        (m, _A, qm(QM.Mention)),
        (m, _A, _OA["Annotation"]),
        (m, qm(QM.field), lit(field_name)),
        (m, _OA["hasTarget"], t),
        (t, _A, _OA["SpecificResource"]),
        (t, _OA["hasSource"], n),
        (t, _OA["hasSelector"], pos),
        (t, _OA["hasSelector"], q),
        (pos, _A, _OA["TextPositionSelector"]),
        (pos, _OA["start"], typed(start, "nonNegativeInteger")),
        (pos, _OA["end"], typed(end, "nonNegativeInteger")),
        (q, _A, _OA["TextQuoteSelector"]),
        (q, _OA["exact"], lit(quote)),
    ]
    if body:
        out.append((m, _OA["hasBody"], body))
    if body_value is not None:
        out.append((m, _OA["bodyValue"], lit(body_value)))
    return out
