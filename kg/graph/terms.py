"""RDF terms as N-Triples strings.

The build produces millions of triples; creating an rdflib or pyoxigraph object per term
costs more than all the text processing, so terms are formatted once, as the N-Triples
strings every exporter writes, and parsed by pyoxigraph (Rust) only where a store is needed.
"""

from __future__ import annotations

import re

from kg.vocab import ID_NS, PREFIXES

XSD = PREFIXES["xsd"]

# Characters allowed in the IRIs we mint: keys are ASCII slugs, hex digests and digits.
_SAFE_IRI = re.compile(r"[A-Za-z0-9:/#?=&%._~+-]+")

# Characters escaped inside string literals: the ECHARs, every other control or format
# character (C0, DEL, C1, bidi controls, zero-width), line/paragraph separators, and lone
# surrogates (never valid in UTF-8) as \\uXXXX, so hostile text cannot break the syntax or
# hide in the file.
_ESCAPES = {"\\": "\\\\", '"': '\\"', "\n": "\\n", "\r": "\\r", "\t": "\\t"}
_NEEDS_ESCAPE = re.compile(
    r'[\\"\x00-\x1f\x7f-\x9f\u00ad\u061c\u180e\u200b-\u200f\u2028-\u202e\u2060-\u206f'
    r"\ufeff\ufff9-\ufffb\ud800-\udfff]"
)


def _escape_char(match: re.Match[str]) -> str:
    ch = match.group()
    if ch in _ESCAPES:
        return _ESCAPES[ch]
    code = ord(ch)
    if 0xD800 <= code <= 0xDFFF:
        return "\\uFFFD"
    return f"\\u{code:04X}"


def escape_string(text: str) -> str:
    """The body of a quoted N-Triples/Turtle string literal."""
    return _NEEDS_ESCAPE.sub(_escape_char, text)


def iri(value: str) -> str:
    """An IRI term. Only minted or vocabulary IRIs reach here; anything else is a bug."""
    if not _SAFE_IRI.fullmatch(value):
        raise ValueError(f"refusing to write unsafe IRI {value!r}")
    return f"<{value}>"


def lit(value: str, lang: str | None = None) -> str:
    """A plain or language-tagged string literal."""
    body = f'"{escape_string(value)}"'
    return f"{body}@{lang}" if lang else body


def typed(value: object, datatype: str) -> str:
    """A typed literal; ``datatype`` is an xsd local name such as ``gYear``."""
    return f'"{escape_string(str(value))}"^^<{XSD}{datatype}>'


def qm(term: object) -> str:
    """The N-Triples form of a vocabulary term (an rdflib URIRef or a full IRI string)."""
    return f"<{term}>"


def expand(curie: str) -> str:
    """``"dcterms:source"`` → ``"<http://purl.org/dc/terms/source>"``."""
    prefix, _, local = curie.partition(":")
    return f"<{PREFIXES[prefix]}{local}>"


def entity(kind: str, key: str) -> str:
    """An instance IRI under ``qmid:``, e.g. ``entity("campaign", "2010")``."""
    return iri(f"{ID_NS}{kind}/{key}")


RDF_TYPE = expand("rdf:type")
