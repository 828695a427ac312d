"""The IRIs the code uses. ``ontology/qm.ttl`` is the source of truth for ``qm:`` terms;
``tests/test_vocab.py`` checks that the names here and the terms declared there are the
same set, and ``_fail = True`` turns a misspelt term into an error at import time.
"""

from __future__ import annotations

from rdflib.namespace import DefinedNamespace, Namespace
from rdflib.term import URIRef

QM_NS = "https://w3id.org/quality-month/ontology#"
ID_NS = "https://w3id.org/quality-month/id/"
ID = Namespace(ID_NS)

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


class QM(DefinedNamespace):
    """The Quality Month ontology (``qm:``)."""

    _fail = True
    _NS = Namespace(QM_NS)

    # Classes
    Notice: URIRef  # every input text
    Campaign: URIRef  # one year's national Quality Month
    Department: URIRef  # a government department or national body
    Organization: URIRef  # an association or other organisation that is not a department
    Theme: URIRef
    Slogan: URIRef
    Activity: URIRef
    Place: URIRef
    Mention: URIRef  # a Web Annotation tying an entity to a span of a notice

    # Object properties
    about: URIRef  # Notice -> Campaign (stated)
    inferredAbout: URIRef  # Notice -> Campaign (inferred from other evidence)
    hasTheme: URIRef  # Campaign -> Theme
    statesTheme: URIRef  # Notice -> Theme
    hasSlogan: URIRef  # Campaign -> Slogan
    statesSlogan: URIRef  # Notice -> Slogan
    hasActivity: URIRef  # Campaign or Notice -> Activity
    partOf: URIRef  # Activity -> Activity
    issuedBy: URIRef  # Notice -> Department
    organizedBy: URIRef  # Campaign or Activity -> Department or Organization
    mentionsOrganization: URIRef  # Notice -> Organization
    mentionsPlace: URIRef  # Notice -> Place
    within: URIRef  # Place -> Place (administrative parent)
    successor: URIRef  # Department -> Department (renamed or merged into)

    # Datatype properties
    year: URIRef  # Campaign -> xsd:gYear
    documentNumber: URIRef  # Notice -> string (normalised 文号)
    documentNumberAsWritten: URIRef  # Notice -> string
    citesDocument: URIRef  # Notice -> string (a cited 文号, normalised)
    statedDepartmentCount: URIRef  # Notice -> xsd:integer
    statedSloganCount: URIRef  # Notice -> xsd:integer
    listedDepartmentCount: URIRef  # Notice -> xsd:integer (a complete list, count not stated)
    listedSloganCount: URIRef  # Notice -> xsd:integer (a complete list, count not stated)
    eventDate: URIRef  # Activity -> xsd:date
    ordinal: URIRef  # Activity -> xsd:integer (its number in the notice's list)
    level: URIRef  # Activity -> "aspect" | "item" | "event"
    inferenceEvidence: URIRef  # Notice -> string (why a year was inferred)
    abbreviation: URIRef  # Department -> string (AQSIQ, SAMR ...)
    validFrom: URIRef  # Department -> xsd:gYear
    validUntil: URIRef  # Department -> xsd:gYear
    adcode: URIRef  # Place -> string (administrative division code)
    placeLevel: URIRef  # Place -> "province" | "city" | "county" | "country"
    noticeKind: URIRef  # Notice -> "notice" | "news" | "plan" | "history" | "english"
    field: URIRef  # Mention -> the extracted field it evidences ("theme", ...)
    encoding: URIRef  # Notice -> detected input encoding
    script: URIRef  # Notice -> "simplified" | "traditional" | "english"
