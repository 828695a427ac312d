"""Minting instance IRIs from normalised keys: never random, never a timestamp, so the same
fact gets the same IRI in every build and every corpus."""

from __future__ import annotations

import hashlib
import re

from kg.graph.terms import entity

# What identifies a theme or slogan: its CJK ideographs, letters and digits, so that
# punctuation and spacing variants of one text are one entity.
_KEY_CHARS = re.compile(r"[^0-9A-Za-z\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+")


def text_key(text: str) -> str:
    """16 hex digits identifying a text up to punctuation, spacing and letter case."""
    core = _KEY_CHARS.sub("", text).lower() or text
    return hashlib.sha256(core.encode("utf-8")).hexdigest()[:16]


def notice(doc_key: str) -> str:
    return entity("notice", doc_key)


def named_graph(doc_key: str) -> str:
    return entity("graph", doc_key)


SHARED_GRAPH = entity("graph", "shared")


def campaign(year: int) -> str:
    return entity("campaign", str(int(year)))


def department(dept_id: str) -> str:
    return entity("dept", dept_id)


def place(place_key: str) -> str:
    return entity("place", place_key)


def theme(text: str) -> str:
    return entity("theme", text_key(text))


def slogan(text: str) -> str:
    return entity("slogan", text_key(text))


def activity(doc_key: str, activity_key: str) -> str:
    return entity("activity", f"{doc_key}-{activity_key}")


def mention(doc_key: str, field: str, start: int, end: int, part: str = "") -> str:
    suffix = f"-{part}" if part else ""
    return entity("mention", f"{doc_key}-{field.replace('_', '-')}-{start}-{end}{suffix}")
