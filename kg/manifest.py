"""The record of the last build into an output folder, so that a rebuild with nothing
changed does no work.

A build is named by its *stamp*: the hash of every input file's cache key (its bytes, its
path relative to the input folder, and the fingerprint of the code and reference data)
and of the options that shape the exports. After a build that conforms, ``OUT/.cache/
build.json`` keeps the stamp, the summary figures and the size and modification time of
every file written. When the next build has the same stamp and every one of those files is
still there as it was written, the exports are already what the build would write, byte
for byte (builds are deterministic), and it stops there. Anything else, an edited or
deleted export included, gives a full build.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

from kg.cache import PACKAGE, entry_key

NAME = "build.json"
VERSION = 1


def _path(out: Path) -> Path:
    return out / ".cache" / NAME


def _exporter_files() -> list[Path]:
    """What shapes the exports besides the code and the reference data that ``fp`` covers:
    the query pack, the page's assets and the ontology and shapes."""
    found = [p for p in PACKAGE.rglob("*") if p.is_file() and p.suffix != ".py"
             and "__pycache__" not in p.parts]
    found += (PACKAGE.parent / "ontology").glob("*")
    return sorted(p for p in found if p.is_file())


def stamp(files: Iterable[tuple[Path, str]], fp: str, options: Mapping[str, Any]) -> str | None:
    """The stamp of a build of ``files`` ((path, source) pairs); None when a file cannot
    be read (the build reports it)."""
    h = hashlib.sha256(json.dumps([VERSION, fp, dict(options)], sort_keys=True).encode())
    for path in _exporter_files():
        h.update(path.as_posix().encode() + b"\0" + path.read_bytes() + b"\0")
    for path, source in files:
        try:
            data = path.read_bytes()
        except OSError:
            return None
        h.update(entry_key(data, source, fp).encode() + b"\n")
    return h.hexdigest()


def _state(path: Path) -> list[int] | None:
    try:
        st = path.stat()
    except OSError:
        return None
    return [st.st_size, st.st_mtime_ns]


def current(out: Path, build_stamp: str | None) -> dict[str, Any] | None:
    """The recorded figures of the last build when its stamp is ``build_stamp`` and its
    exports are untouched; None otherwise."""
    if build_stamp is None:
        return None
    try:
        record = json.loads(_path(out).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if not isinstance(record, dict) or record.get("stamp") != build_stamp:
        return None
    files = record.get("files")
    if not isinstance(files, dict) or not files:
        return None
    for rel, state in files.items():
        if _state(out / rel) != state:
            return None
    return record


def forget(out: Path) -> None:
    """Drop the record before the exports change (a build that stops half-way must not
    leave a record that describes other files)."""
    try:
        _path(out).unlink()
    except OSError:
        pass


def record(out: Path, build_stamp: str | None, files: Mapping[str, Path],
           figures: Mapping[str, Any]) -> None:
    """Keep the stamp, the figures and the state of each written file. Best effort: a
    record that cannot be written only costs the next build its shortcut."""
    if build_stamp is None:
        return
    states = {}
    for rel, path in files.items():
        state = _state(path)
        if state is None:
            return
        states[rel] = state
    target = _path(out)
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        tmp = target.with_suffix(".tmp")
        tmp.write_text(json.dumps({"stamp": build_stamp, **figures, "files": states},
                                  sort_keys=True) + "\n", encoding="utf-8")
        os.replace(tmp, target)
    except OSError:
        pass
