"""A content-hash cache of per-notice results, so that a rebuild re-extracts only the
notices that changed.

An entry's key is the hash of the file's bytes, its path relative to the input folder (it
is written into the graph) and the fingerprint of the code and reference data; anything
else changing gives another key, so stale entries are never read, only left to be pruned.
"""

from __future__ import annotations

import hashlib
import os
import pickle
import tempfile
from functools import lru_cache
from pathlib import Path
from typing import Any

PACKAGE = Path(__file__).resolve().parent
CACHE_VERSION = "2"  # 2: results carry their rendered exports


@lru_cache(maxsize=None)
def fingerprint(data_dir: Path) -> str:
    """Hash of the package's code and the reference data: changing either invalidates."""
    h = hashlib.sha256(CACHE_VERSION.encode())
    files = sorted(PACKAGE.rglob("*.py")) + sorted(data_dir.glob("*.yaml"))
    for path in files:
        h.update(str(path.relative_to(path.parents[1])).encode())
        h.update(path.read_bytes())
    return h.hexdigest()[:16]


def entry_key(data: bytes, source: str, fp: str) -> str:
    h = hashlib.sha256(data)
    h.update(b"\0" + source.encode("utf-8") + b"\0" + fp.encode())
    return h.hexdigest()


class Cache:
    def __init__(self, folder: Path) -> None:
        self.folder = folder

    def _path(self, key: str) -> Path:
        return self.folder / key[:2] / f"{key}.pickle"

    def get(self, key: str) -> Any | None:
        try:
            with open(self._path(key), "rb") as fh:
                return pickle.load(fh)
        except (OSError, EOFError, pickle.UnpicklingError, AttributeError, ImportError):
            return None

    def put(self, key: str, value: Any) -> None:
        path = self._path(key)
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(dir=path.parent, suffix=".tmp")
            with os.fdopen(fd, "wb") as fh:
                pickle.dump(value, fh, protocol=pickle.HIGHEST_PROTOCOL)
            os.replace(tmp, path)
        except OSError:
            pass  # a cache that cannot be written only costs time
