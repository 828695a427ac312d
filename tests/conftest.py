"""Shared fixtures: one build of the shipped corpus per test session."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from tests.helpers import NOTICES


@pytest.fixture(scope="session")
def seed_build(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The exports of a fresh build of data/notices (no cache, one process)."""
    from kg.pipeline import build

    out = tmp_path_factory.mktemp("exports")
    build([NOTICES], out, jobs=1, cache=False, quiet=True)
    return out


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo[None]):  # type: ignore[no-untyped-def]
    """In CI (KG_REQUIRE_ALL=1) a real-component test may not skip for a missing browser
    or store: that would hide a missing install step."""
    outcome = yield
    report = outcome.get_result()
    if (
        os.environ.get("KG_REQUIRE_ALL")
        and report.skipped
        and any(item.get_closest_marker(name) for name in ("browser", "store"))
    ):
        report.outcome = "failed"
        report.longrepr = f"skipped in CI, where it must run: {report.longrepr}"
