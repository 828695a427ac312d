"""The command line: help, import hygiene, and a bad file that does not end the build."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from kg.cli import main
from tests.helpers import NOTICES

COMMANDS = ["build", "validate", "query", "serve", "push", "viz"]


def test_help_lists_every_command(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exc:
        main(["--help"])
    assert exc.value.code == 0
    out = capsys.readouterr().out
    for command in COMMANDS:
        assert command in out


def test_import_is_silent() -> None:
    run = subprocess.run([sys.executable, "-W", "error", "-c", "import kg"],
                         capture_output=True, text=True, check=False)
    assert run.returncode == 0 and run.stdout == "" and run.stderr == ""


def test_no_command_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    assert main([]) == 2


def test_an_undecodable_file_is_named_and_the_rest_still_builds(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    corpus = tmp_path / "in"
    corpus.mkdir()
    for seed in sorted(NOTICES.iterdir())[:2]:
        (corpus / seed.name).write_bytes(seed.read_bytes())
    (corpus / "broken.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)))
    status = main(["build", str(corpus), "--out", str(tmp_path / "out"), "--jobs", "1",
                   "--no-html"])
    err = capsys.readouterr().err
    assert status == 0
    lines = [line for line in err.splitlines() if "broken.txt" in line]
    assert len(lines) == 1 and "Traceback" not in err
    assert "built 2 notice(s)" in err.splitlines()[-1]
    assert (tmp_path / "out" / "graph.ttl").stat().st_size > 1000


def test_strict_makes_a_bad_file_fatal(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    corpus = tmp_path / "in"
    corpus.mkdir()
    (corpus / "empty.txt").write_bytes(b"")
    status = main(["build", str(corpus), "--out", str(tmp_path / "out"), "--strict",
                   "--no-html"])
    assert status == 2
    assert "empty.txt" in capsys.readouterr().err
