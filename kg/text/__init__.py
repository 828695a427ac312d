"""The text layer: files → :class:`kg.model.Document`.

``load_document`` reads a file, :mod:`kg.text.decode` turns its bytes into text, and
:func:`normalise` derives the text extractors see:

1. HTML pages lose their markup (:func:`kg.text.boilerplate.strip_html`); the entities of
   other texts (全国&ldquo;质量月&rdquo; exported as plain text) are decoded
   (:func:`kg.text.boilerplate.unescape_entities`);
2. full-width ASCII and wide spaces are folded (1:1, :func:`kg.text.convert.fold_width`);
3. pinyin annotations, zero-width characters and CR before LF are deleted
   (:mod:`kg.text.pinyin`), again until nothing changes, since a deletion can uncover an
   annotation (``國\u200b(guó)``); soft line breaks of a text copied out of a PDF are
   deleted (:mod:`kg.text.unwrap`);
4. the script is detected; traditional text (also the Chinese of an English text) is
   converted with OpenCC, stray traditional characters in simplified text are folded
   (:mod:`kg.text.convert`);
5. ``data/phrases.yaml`` fixes machine-conversion artefacts (品质月 → 质量月);
6. boilerplate lines are blanked with spaces in ``text`` and kept in ``full_text``
   (:mod:`kg.text.boilerplate`).

Every length-changing step records an offset stage, so ``Document.offsets`` maps spans of
``text`` back to ``original``.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from pathlib import Path

from kg.errors import InputError
from kg.model import Document
from kg.text import boilerplate, convert, decode, pinyin, unwrap
from kg.text.offsets import EditMap, OffsetMap

__all__ = ["Normalised", "document_from_bytes", "document_from_text", "load_document",
           "normalise"]


@dataclass
class Normalised:
    """The output of :func:`normalise` (see :class:`kg.model.Document` for the fields)."""

    full_text: str
    text: str
    offsets: OffsetMap
    script: str
    warnings: list[str] = field(default_factory=list)


def normalise(original: str) -> Normalised:
    """Derive the normalised text of ``original`` and the map back to it."""
    stages: list[EditMap | None] = []
    warnings: list[str] = []
    text = original
    if boilerplate.looks_like_html(text):
        text, stage = boilerplate.strip_html(text)
        stages.append(stage)
    else:
        text, stage = boilerplate.unescape_entities(text)
        stages.append(stage)
    text = convert.fold_width(text)
    text = convert.fold_quotes(text)
    while True:  # each pass shortens the text, so this ends
        text, deleted = pinyin.strip(text)
        if not deleted:
            break
        stages += deleted
    if "\r" in text:
        text = text.replace("\r", "\n")
    text, stage = unwrap.unspace(text)
    stages.append(stage)
    text, stage = unwrap.unwrap(text)
    stages.append(stage)
    text, stage = unwrap.reflow(text)
    stages.append(stage)
    script = convert.detect_script(text)
    text, stage = convert.to_simplified(text, script)
    stages.append(stage)
    text, stage, notes = convert.phrase_fixes().apply(text)
    stages.append(stage)
    warnings += notes
    blanked = boilerplate.boilerplate().blank(text)
    return Normalised(text, blanked, OffsetMap(stages, len(text), len(original)), script,
                      warnings)


def content_key(full_text: str) -> str:
    """``Document.key``: the first 16 hex digits of the SHA-256 of ``full_text``."""
    return hashlib.sha256(full_text.encode("utf-8")).hexdigest()[:16]


def _document(original: str, source: str, encoding: str, warnings: list[str]) -> Document:
    norm = normalise(original)
    lost = decode.lost_characters_warning(original)
    if lost:
        warnings = [*warnings, lost]
    return Document(
        key=content_key(norm.full_text),
        source=source,
        original=original,
        text=norm.text,
        full_text=norm.full_text,
        offsets=norm.offsets,
        encoding=encoding,
        script=norm.script,
        warnings=warnings + norm.warnings,
    )


def document_from_text(original: str, source: str, encoding: str = "utf-8") -> Document:
    """A Document from already decoded text (mojibake in it is repaired first).

    Raises:
        InputError: the text is empty or only whitespace.
    """
    if original.startswith("\ufeff"):
        original = original[1:]
    if not original.strip():
        raise InputError(f"{source}: no text (empty or only whitespace)")
    original, note = decode.repair_mojibake(original)
    return _document(original, source, encoding, [note] if note else [])


def document_from_bytes(data: bytes, source: str) -> Document:
    """A Document from the bytes of a file.

    Raises:
        InputError: empty, binary or undecodable input (the message names ``source``).
    """
    try:
        decoded = decode.decode(data)
    except InputError as exc:
        raise InputError(f"{source}: {exc}") from None
    return _document(decoded.text, source, decoded.encoding, decoded.warnings)


def load_document(path: Path, source: str) -> Document:
    """Read, decode and normalise the file at ``path``; ``source`` is its name in the corpus.

    Raises:
        InputError: the file cannot be read, or is empty, binary or undecodable.
    """
    try:
        data = Path(path).read_bytes()
    except IsADirectoryError:
        raise InputError(f"{path}: is a folder, not a file") from None
    except OSError as exc:
        raise InputError(f"{path}: cannot read ({exc.strerror or exc})") from None
    try:
        decoded = decode.decode(data)
    except InputError as exc:
        raise InputError(f"{path}: {exc}") from None
    return _document(decoded.text, source, decoded.encoding, decoded.warnings)
