"""Helpers shared by the tests."""

from __future__ import annotations

import hashlib
from pathlib import Path

from kg.model import Document

ROOT = Path(__file__).resolve().parent.parent
NOTICES = ROOT / "data" / "notices"


class IdentityOffsets:
    def to_original(self, start: int, end: int) -> tuple[int, int]:
        return start, end


def doc_from_text(text: str, source: str = "test.txt") -> Document:
    """A Document whose text is already normalised (simplified, no pinyin, no boilerplate)."""
    key = hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]
    return Document(key=key, source=source, original=text, text=text, full_text=text,
                    offsets=IdentityOffsets())


def seed_doc(name: str) -> Document:
    """A shipped seed notice, through the real text layer."""
    from kg.text import load_document

    return load_document(NOTICES / name, name)
