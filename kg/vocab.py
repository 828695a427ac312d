"""The IRIs the code uses. ``ontology/qm.ttl`` is the source of truth for ``qm:`` terms;
``tests/test_vocab.py`` checks that the names here and the terms declared there are the
same set, and a misspelt term is an AttributeError. Plain strings, not rdflib terms: the
build never imports rdflib (a tenth of a second of every run).
"""

from __future__ import annotations

QM_NS = "https://w3id.org/quality-month/ontology#"
ID_NS = "https://w3id.org/quality-month/id/"

# Prefixes used in every export and in generated SPARQL; order is the output order.
PREFIXES: dict[str, str] = {
    "qm": QM_NS,
    "qmid": ID_NS,
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
    "owl": "http://www.w3.org/2002/07/owl#",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
    "skos": "http://www.w3.org/2004/02/skos/core#",
    "dcterms": "http://purl.org/dc/terms/",
    "org": "http://www.w3.org/ns/org#",
    "prov": "http://www.w3.org/ns/prov#",
    "oa": "http://www.w3.org/ns/oa#",
    "schema": "https://schema.org/",
    "geo": "http://www.w3.org/2003/01/geo/wgs84_pos#",
}


class QM:
    """The Quality Month ontology (``qm:``): ``QM.Notice`` is the full IRI of qm:Notice."""

    # Classes
    Notice: str  # every input text
    Campaign: str  # one year's national Quality Month
    Department: str  # a government department or national body
    Organization: str  # an association or other organisation that is not a department
    Theme: str
    Slogan: str
    Activity: str
    Place: str
    Mention: str  # a Web Annotation tying an entity to a span of a notice

    # Object properties
    about: str  # Notice -> Campaign (stated)
    inferredAbout: str  # Notice -> Campaign (inferred from other evidence)
    hasTheme: str  # Campaign -> Theme
    statesTheme: str  # Notice -> Theme
    hasSlogan: str  # Campaign -> Slogan
    statesSlogan: str  # Notice -> Slogan
    hasActivity: str  # Campaign or Notice -> Activity
    partOf: str  # Activity -> Activity
    listedIn: str  # Activity -> Notice (the text that lists it; see hasActivity)
    issuedBy: str  # Notice -> Department
    organizedBy: str  # Campaign or Activity -> Department or Organization
    mentionsOrganization: str  # Notice -> Organization
    mentionsPlace: str  # Notice -> Place
    within: str  # Place -> Place (administrative parent)
    successor: str  # Department -> Department (renamed or merged into)

    # Datatype properties
    year: str  # Campaign -> xsd:gYear
    documentNumber: str  # Notice -> string (normalised 文号)
    documentNumberAsWritten: str  # Notice -> string
    citesDocument: str  # Notice -> string (a cited 文号, normalised)
    statedDepartmentCount: str  # Notice -> xsd:integer
    statedSloganCount: str  # Notice -> xsd:integer
    listedDepartmentCount: str  # Notice -> xsd:integer (a complete list, count not stated)
    listedSloganCount: str  # Notice -> xsd:integer (a complete list, count not stated)
    eventDate: str  # Activity -> xsd:date
    ordinal: str  # Activity -> xsd:integer (its number in the notice's list)
    level: str  # Activity -> "aspect" | "item" | "event"
    inferenceEvidence: str  # Notice -> string (why a year was inferred)
    abbreviation: str  # Department -> string (AQSIQ, SAMR ...)
    validFrom: str  # Department -> xsd:gYear
    validUntil: str  # Department -> xsd:gYear
    adcode: str  # Place -> string (administrative division code)
    placeLevel: str  # Place -> "province" | "city" | "county" | "country"
    noticeKind: str  # Notice -> "notice" | "news" | "plan" | "history" | "english"
    field: str  # Mention -> the extracted field it evidences ("theme", ...)
    encoding: str  # Notice -> detected input encoding
    script: str  # Notice -> "simplified" | "traditional" | "english"


for _name in QM.__annotations__:
    setattr(QM, _name, QM_NS + _name)
del _name
