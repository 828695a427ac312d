"""YAML reading with libyaml's C parser when PyYAML has it (ten times faster than the pure
Python one: the reference data is read at every build)."""

from __future__ import annotations

from typing import IO, Any

import yaml

SafeLoader: type = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def safe_load(stream: str | bytes | IO[Any]) -> Any:
    """``yaml.safe_load``, with the C loader if available."""
    return yaml.load(stream, Loader=SafeLoader)  # noqa: S506 (a safe loader)
