"""A rebuild with nothing changed does no work (kg.manifest); anything changed rebuilds."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from kg.cli import main
from tests.helpers import NOTICES


def _build(corpus: Path, out: Path, capsys: pytest.CaptureFixture[str], *extra: str) -> str:
    assert main(["build", str(corpus), "--out", str(out), "--jobs", "1", *extra]) == 0
    return capsys.readouterr().err


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    folder = tmp_path / "in"
    folder.mkdir()
    for seed in sorted(NOTICES.iterdir())[:2]:
        shutil.copy(seed, folder / seed.name)
    return folder


UP_TO_DATE = "the exports are up to date"


def test_a_second_build_with_nothing_changed_writes_nothing(
    corpus: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "out"
    first = _build(corpus, out, capsys)
    assert UP_TO_DATE not in first
    before = {p: p.stat().st_mtime_ns for p in out.rglob("*") if ".cache" not in p.parts}
    second = _build(corpus, out, capsys)
    assert UP_TO_DATE in second
    assert first.splitlines()[-1].split(":")[1] == second.splitlines()[-1].split(":")[1]
    assert "2 from cache" in second.splitlines()[-1]
    after = {p: p.stat().st_mtime_ns for p in out.rglob("*") if ".cache" not in p.parts}
    assert before == after


@pytest.mark.parametrize("change", ["input", "export", "deleted export", "option"])
def test_any_change_gives_a_full_build(
    corpus: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], change: str
) -> None:
    out = tmp_path / "out"
    _build(corpus, out, capsys)
    extra: tuple[str, ...] = ()
    if change == "input":
        first = sorted(corpus.iterdir())[0]
        first.write_bytes(first.read_bytes() + "\n全国“质量月”活动。\n".encode())
    elif change == "export":
        with open(out / "graph.ttl", "a", encoding="utf-8") as fh:
            fh.write("# edited\n")
    elif change == "deleted export":
        (out / "report.md").unlink()
    else:
        extra = ("--no-html",)
    err = _build(corpus, out, capsys, *extra)
    assert UP_TO_DATE not in err
    if change != "option":
        assert "# edited" not in (out / "graph.ttl").read_text(encoding="utf-8")
        assert (out / "report.md").is_file()


def test_the_skipped_files_are_reported_again(
    corpus: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (corpus / "broken.txt").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)))
    out = tmp_path / "out"
    _build(corpus, out, capsys)
    err = _build(corpus, out, capsys)
    assert UP_TO_DATE in err
    assert len([line for line in err.splitlines() if "broken.txt" in line]) == 1
    assert "1 file(s) skipped" in err.splitlines()[-1]


def test_no_cache_always_builds(
    corpus: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "out"
    _build(corpus, out, capsys)
    assert UP_TO_DATE not in _build(corpus, out, capsys, "--no-cache")


def _notice(theme: str) -> str:
    return (f"关于开展2030年全国“质量月”活动的通知\n一、指导思想\n略。\n"
            f"二、活动主题\n{theme}\n三、活动内容\n（一）开展质量宣传活动。\n")


def test_a_graph_that_does_not_conform_fails_again_without_being_rebuilt(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    corpus = tmp_path / "in"
    corpus.mkdir()  # two national themes for one year: the shapes allow one
    (corpus / "a.txt").write_text(_notice("质量第一 安全至上"), encoding="utf-8")
    (corpus / "b.txt").write_text(_notice("提升质量水平 促进科学发展"), encoding="utf-8")
    out = tmp_path / "out"
    args = ["build", str(corpus), "--out", str(out), "--jobs", "1", "--no-html"]
    assert main(args) == 1
    first = capsys.readouterr().err
    assert "does not conform" in first and "MaxCount" in first
    before = {p: p.stat().st_mtime_ns for p in out.rglob("*") if ".cache" not in p.parts}
    assert main(args) == 1
    second = capsys.readouterr().err
    assert UP_TO_DATE in second and "MaxCount" in second
    after = {p: p.stat().st_mtime_ns for p in out.rglob("*") if ".cache" not in p.parts}
    assert before == after


def test_a_changed_pack_query_gives_a_full_build(
    corpus: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch
) -> None:
    from kg import manifest

    out = tmp_path / "out"
    _build(corpus, out, capsys)
    extra = tmp_path / "extra.rq"
    extra.write_text("# a new question\nSELECT * WHERE { ?s ?p ?o } LIMIT 1\n", encoding="utf-8")
    files = manifest._exporter_files()
    assert any(p.suffix == ".rq" for p in files) and any(p.suffix == ".ttl" for p in files)
    monkeypatch.setattr(manifest, "_exporter_files", lambda: [*files, extra])
    assert UP_TO_DATE not in _build(corpus, out, capsys)
