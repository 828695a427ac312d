"""A per-user cache of what kg derives from its own files only: the SPARQL checks compiled
from the shapes and the pages documenting the ontology.

Both are pure functions of files that ship with kg (``ontology/*.ttl`` and the code that
reads them), the same for every build, yet making them takes rdflib, whose import alone is a
tenth of the build of a few notices. The first build on a machine makes them and keeps them
here, as Python keeps its bytecode; later builds, into any folder, read them back. The key
is the content of every file the value depends on, so an edited ontology or a new version of
kg is a miss, never a stale value. Values are JSON: a file of the cache is read as data,
never run.

The folder is ``$KG_CACHE_DIR``, else ``$XDG_CACHE_HOME/kg``, else ``~/.cache/kg``. When it
cannot be written the value is made each time; deleting it is always safe.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import tempfile
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

_VERSION = b"kg-derived 1"


def cache_dir() -> Path:
    """The folder of the cache (see the module's docstring)."""
    if os.environ.get("KG_CACHE_DIR"):
        return Path(os.environ["KG_CACHE_DIR"])
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "kg"


def key_of(parts: Sequence[bytes | str]) -> str:
    """A digest of ``parts`` in order (each one's length is hashed too, so that no two lists
    of parts give the same bytes)."""
    h = hashlib.sha256(_VERSION)
    for part in parts:
        data = part.encode("utf-8") if isinstance(part, str) else part
        h.update(len(data).to_bytes(8, "little"))
        h.update(data)
    return h.hexdigest()[:32]


def cached(kind: str, parts: Sequence[bytes | str], make: Callable[[], Any]) -> Any:
    """The value ``make()`` returns, read from the cache when ``parts`` (the content of
    everything it depends on) were seen before. ``make`` must return JSON data; its errors
    propagate and nothing is kept."""
    path = cache_dir() / f"{kind}-{key_of(parts)}.json"
    try:
        with open(path, encoding="utf-8") as fh:
            return json.load(fh)
    except (OSError, ValueError):
        pass  # not there yet, unreadable or cut short: made again
    value = make()
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=f".{kind}-", suffix=".tmp", dir=path.parent)
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as fh:
                json.dump(value, fh, ensure_ascii=False)
            os.replace(tmp, path)  # whole or not at all, also with builds side by side
        except BaseException:
            with contextlib.suppress(OSError):
                os.unlink(tmp)
            raise
    except OSError:
        pass  # a read-only home: the value is made each time
    return value

