"""Core data types shared by the text layer, the extractors and the graph builder.

An extractor sees a :class:`Document` (normalised, simplified text plus a map back to the
original) and yields :class:`Fact` objects. Facts are plain, picklable values: they are
cached between builds and sent between worker processes, so they hold no RDF terms.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Protocol


@dataclass(frozen=True, slots=True)
class Span:
    """A half-open character range ``[start, end)`` in a document's normalised text."""

    start: int
    end: int

    def __post_init__(self) -> None:
        if not 0 <= self.start <= self.end:
            raise ValueError(f"bad span {self.start}..{self.end}")


class OffsetMapper(Protocol):
    """Maps a span of normalised text back to the original decoded text."""

    def to_original(self, start: int, end: int) -> tuple[int, int]: ...


@dataclass(slots=True)
class Document:
    """One input text, decoded and normalised.

    Attributes:
        key: stable identifier minted from the normalised content (hex digest).
        source: the input file's path relative to the input folder (POSIX form).
        original: the decoded original text; provenance offsets point into it.
        text: normalised text (simplified script, pinyin annotations removed, full-width
            ASCII folded, page boilerplate and spam lines blanked out with spaces so that
            extractors never match them). Offsets of facts are in this text.
        full_text: the same normalised text with boilerplate kept (for display).
        offsets: maps spans of ``text`` back to ``original``.
        encoding: the detected encoding of the file.
        script: ``"simplified"``, ``"traditional"`` or ``"english"``.
        warnings: notes from the text layer (mojibake repaired, lines dropped, ...).
    """

    key: str
    source: str
    original: str
    text: str
    full_text: str
    offsets: OffsetMapper
    encoding: str = "utf-8"
    script: str = "simplified"
    warnings: list[str] = field(default_factory=list)

    def quote(self, span: Span) -> tuple[int, int, str]:
        """Original offsets and the original quoted text for a normalised span."""
        start, end = self.offsets.to_original(span.start, span.end)
        return start, end, self.original[start:end]


@dataclass(frozen=True, slots=True)
class Fact:
    """One extracted statement about a document.

    Attributes:
        field: what kind of fact (see ``FIELDS``).
        value: the normalised value: a year (int), a theme/slogan/activity text, a
            department or place key from the gazetteers, an ISO date, a document number.
        span: where in ``Document.text`` it was found (``None`` for inferred facts).
        attrs: extra detail as sorted ``(name, value)`` pairs, e.g. ``("inferred", True)``,
            ``("evidence", "...")``, ``("as_written", "...")``, ``("parent", "<activity key>")``,
            ``("ordinal", 3)``, ``("role", "issuer")``.
    """

    field: str
    value: Any
    span: Span | None = None
    attrs: tuple[tuple[str, Any], ...] = ()

    def attr(self, name: str, default: Any = None) -> Any:
        for key, value in self.attrs:
            if key == name:
                return value
        return default


def make_attrs(**kwargs: Any) -> tuple[tuple[str, Any], ...]:
    """Build a ``Fact.attrs`` tuple from keyword arguments, dropping ``None`` values."""
    return tuple(sorted((k, v) for k, v in kwargs.items() if v is not None))


# The fields extractors may emit, with the meaning of ``Fact.value`` for each.
FIELDS: dict[str, str] = {
    "year": "campaign year the text is about (int); attrs: inferred (bool), evidence (str)",
    "document_number": "the notice's own 文号, normalised (str); attrs: as_written",
    "cited_document": "a document number the text only cites (str); attrs: as_written",
    "issued": "date the document was signed or published, ISO 8601 (str)",
    "event_date": "date of an event, ISO 8601 (str); attrs: activity (activity key), label, "
                  "kind ('deadline': a duty, no event), campaign_year (the year of another "
                  "campaign the event belongs to; 0: none, it is before the first)",
    "department": "gazetteer key of an issuing/co-organising department (str); attrs: role",
    "organization": "gazetteer key of another organisation named (association ...) (str)",
    "department_count": "number of co-organisers as stated (int)",
    "theme": "the national theme text, normalised (str)",
    "slogan": "a slogan text, normalised (str)",
    "slogan_count": "number of slogans as stated (int)",
    "activity": "activity label (str); attrs: key, parent (key), ordinal, level, organizer, "
                "campaign_year (as for event_date)",
    "place": "gazetteer key of a place named as taking part (str)",
    "title": "the notice's title (str)",
    "kind": "notice | news | plan | history | english (str)",
}
