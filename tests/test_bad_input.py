"""Bad and hostile input: one clear line per bad file, the rest still builds, nothing lost.

Every case builds a small corpus in ``tmp_path`` around one bad input and checks the exact
exit status, exactly one stderr line naming the file and the cause, no traceback, and the
summary line of the notices that did build. Builds that must be killed, interrupted or run
twice at once are real ``python -m kg build`` processes; unreadable and unwritable folders
are made so for real (as root, the child process gives up the capabilities that let root
ignore file permissions).
"""

from __future__ import annotations

import ctypes
import io
import json
import os
import random
import re
import shutil
import signal
import subprocess
import sys
import time
import zipfile
from collections.abc import Callable, Iterator
from pathlib import Path

import pyoxigraph as ox
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kg.cli import main
from tests.helpers import NOTICES, ROOT

SEEDS = sorted(NOTICES.iterdir())
TRADITIONAL = NOTICES / "002_fa8156dfdbee46d5.txt"  # encodes in GBK and in Big5
ENV = {k: v for k, v in os.environ.items() if k != "KG_DEBUG"} | {"PYTHONPATH": str(ROOT)}
SUMMARY = re.compile(r"^kg: built (\d+) notice\(s\) into ")


# -- helpers -----------------------------------------------------------------------------


def seed_corpus(folder: Path, n: int = 2) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for seed in SEEDS[:n]:
        shutil.copyfile(seed, folder / seed.name)
    return folder


def build(capsys: pytest.CaptureFixture[str], *args: object) -> tuple[int, str]:
    status = main(["build", *map(str, args), "--jobs", "1", "--no-html"])
    return status, capsys.readouterr().err


def built(err: str) -> int:
    """The number of notices of the summary line, which must be the last line."""
    m = SUMMARY.match(err.strip().splitlines()[-1])
    assert m, err
    return int(m.group(1))


def lines_naming(err: str, name: str) -> list[str]:
    return [line for line in err.splitlines() if name in line]


def snapshot(out: Path) -> dict[str, bytes]:
    """Every export file (not the cache, the lock or a staging folder) and its bytes."""
    return {
        p.relative_to(out).as_posix(): p.read_bytes()
        for p in sorted(out.rglob("*"))
        if p.is_file() and p.name != ".kg-build.lock"
        and not any(part.startswith((".cache", ".kg-staging-")) for part in p.parts)
    }


def staging_folders(out: Path) -> list[Path]:
    return sorted(out.glob(".kg-staging-*"))


def writing_the_last_exports(out: Path) -> bool:
    """The notices are in and the build writes what closes it (the graph files are staged
    while extracting; the ontology and the rest only after)."""
    return any((staging / "ontology.ttl").exists() for staging in staging_folders(out))


@pytest.fixture(scope="module")
def previous(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Exports of an earlier build (two seed notices), to be kept intact."""
    from kg.pipeline import build as run_build

    out = tmp_path_factory.mktemp("previous") / "out"
    run_build([seed_corpus(out.parent / "in")], out, jobs=1, quiet=True)
    return out


def copy_previous(previous: Path, out: Path) -> dict[str, bytes]:
    shutil.copytree(previous, out)
    before = snapshot(out)
    assert "graph.ttl" in before and "report.json" in before and "graph.html" in before
    return before


# -- one bad file among good ones --------------------------------------------------------


def _zip_bytes() -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr("notice.txt", "关于开展全国“质量月”活动的通知" * 20)
    return buf.getvalue()


def _noise() -> bytes:
    """Bytes in no encoding (no NULs, so not taken for UTF-16)."""
    return random.Random(7).randbytes(4000).replace(b"\x00", b"\x01")


BAD_FILES = [
    # file name, bytes, the cause the line must give
    ("empty.txt", b"", "empty file"),
    ("blank.txt", " \r\n\t\u3000\n".encode(), "no text"),
    ("image.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)),
     "binary file (PNG image)"),
    ("scan.html", b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Catalog >>\nendobj\n"
     + bytes(range(256)), "binary file (PDF document)"),
    ("attachment.txt", _zip_bytes(), "binary file (ZIP archive"),
    ("nuls.txt", bytes(range(256)) * 8, "binary file"),
    ("noise.txt", _noise(), "cannot decode the text"),
    ("weather.txt", ("今天天气很好，我们去公园散步。\n" * 40).encode("gb18030"),
     "no Quality Month content"),
    ("recipe.htm", b"<html><body><p>How to bake bread</p></body></html>",
     "no Quality Month content"),
]


@pytest.mark.parametrize(("name", "data", "cause"), BAD_FILES, ids=[b[0] for b in BAD_FILES])
def test_a_bad_file_is_one_line_and_the_other_notices_build(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], name: str, data: bytes, cause: str
) -> None:
    corpus = seed_corpus(tmp_path / "in")
    (corpus / name).write_bytes(data)
    status, err = build(capsys, corpus, "--out", tmp_path / "out")
    assert status == 0, err
    assert "Traceback" not in err
    [line] = lines_naming(err, name)
    assert line.startswith(f"kg: {corpus / name}: "), line
    assert cause in line and line.count(name) == 1, line  # the file named once, then why
    assert built(err) == 2 and "1 file(s) skipped" in err
    report = json.loads((tmp_path / "out" / "report.json").read_text(encoding="utf-8"))
    entries = report["notices"] if isinstance(report, dict) else report
    [entry] = [e for e in entries if e["source"] == name]
    assert cause in entry["error"]


def test_a_binary_file_given_by_name_is_reported_and_one_in_a_folder_is_not_a_notice(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    corpus = seed_corpus(tmp_path / "in")
    png = b"\x89PNG\r\n\x1a\n" + bytes(300)
    (corpus / "logo.png").write_bytes(png)  # not a text file: not read from a folder
    status, err = build(capsys, corpus, "--out", tmp_path / "out")
    assert status == 0 and built(err) == 2 and not lines_naming(err, "logo.png"), err
    status, err = build(capsys, corpus / "logo.png", SEEDS[0], "--out", tmp_path / "out2")
    assert status == 0 and built(err) == 1
    [line] = lines_naming(err, "logo.png")
    assert "binary file (PNG image)" in line


def test_a_folder_mixing_encodings_and_html_decodes_every_file_alike(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    text = TRADITIONAL.read_text(encoding="utf-8")
    corpus = tmp_path / "in"
    corpus.mkdir()
    files = {
        "utf8.txt": (text.encode("utf-8"), "utf-8"),
        "utf8-bom.txt": (b"\xef\xbb\xbf" + text.encode("utf-8"), "utf-8"),
        "gbk.txt": (text.encode("gbk"), "gb18030"),
        "big5.txt": (text.encode("big5"), "cp950"),
        "utf16.txt": (text.encode("utf-16"), "utf-16-le"),
        "utf16be-nobom.txt": (text.encode("utf-16-be"), "utf-16-be"),
    }
    for name, (data, _) in files.items():
        (corpus / name).write_bytes(data)
    page = ('<!DOCTYPE html><html><head><meta charset="gbk"><title>通知</title></head><body>'
            + "".join(f"<p>{line}</p>\n" for line in text.splitlines()) + "</body></html>")
    (corpus / "page.html").write_bytes(page.encode("gbk"))
    status, err = build(capsys, corpus, "--out", tmp_path / "out")
    assert status == 0 and "kg: " + str(corpus) not in err, err
    assert built(err) == len(files) + 1
    report = json.loads((tmp_path / "out" / "report.json").read_text(encoding="utf-8"))
    entries = {e["source"]: e for e in (report["notices"] if isinstance(report, dict) else report)}
    for name, (_, encoding) in files.items():
        assert entries[name]["encoding"] == encoding, name
    # The same text in every encoding is the same notice: same content key, same facts.
    assert len({entries[name]["key"] for name in files}) == 1
    assert len({json.dumps(entries[name]["found"], sort_keys=True) for name in files}) == 1
    html = entries["page.html"]
    assert html["encoding"] == "gb18030"
    for key in ("title", "departments", "activities", "inferred_years"):
        assert html["found"][key] == entries["utf8.txt"]["found"][key], key


def test_a_100_mb_file_is_refused_by_size_without_being_read(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    corpus = seed_corpus(tmp_path / "in")
    chunk = SEEDS[2].read_bytes() * 100
    with open(corpus / "huge.txt", "wb") as fh:
        while fh.tell() < 100_000_000:
            fh.write(chunk)
    status, err = build(capsys, corpus, "--out", tmp_path / "out")
    assert status == 0 and "Traceback" not in err
    [line] = lines_naming(err, "huge.txt")
    assert re.search(r"file too large \(100\.\d MB > 20 MB limit", line), line
    assert built(err) == 2


def test_the_size_limit_is_an_option(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    corpus = seed_corpus(tmp_path / "in")
    status, err = build(capsys, corpus, "--out", tmp_path / "out", "--max-file-mb", "0.007")
    big = [s.name for s in SEEDS[:2] if s.stat().st_size > 7000]
    assert status == 0 and built(err) == 2 - len(big)
    for name in big:
        assert "MB > 0.007 MB limit" in lines_naming(err, name)[0]


def test_paths_that_do_not_exist_are_named_and_the_rest_builds(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    corpus = seed_corpus(tmp_path / "in")
    missing = tmp_path / "no such folder"
    status, err = build(capsys, corpus, missing, "--out", tmp_path / "out")
    assert status == 0 and built(err) == 2
    assert lines_naming(err, str(missing)) == [f"kg: {missing}: no such file or folder"]


def test_nothing_to_build_keeps_the_previous_exports(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], previous: Path
) -> None:
    out = tmp_path / "out"
    before = copy_previous(previous, out)
    empty = tmp_path / "in"
    empty.mkdir()
    (empty / "empty.txt").write_bytes(b"")
    status, err = build(capsys, tmp_path / "typo", empty, "--out", out)
    assert status == 2 and "Traceback" not in err
    assert lines_naming(err, "typo") == [f"kg: {tmp_path / 'typo'}: no such file or folder"]
    assert len(lines_naming(err, "empty.txt")) == 1
    assert "no notice could be built" in err.splitlines()[-1]
    assert snapshot(out) == before and not staging_folders(out)


def test_symlink_loops_are_named_and_skipped(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    corpus = seed_corpus(tmp_path / "in", 1)
    sub = corpus / "sub"
    sub.mkdir()
    shutil.copyfile(SEEDS[1], sub / SEEDS[1].name)
    (sub / "up").symlink_to("..")  # a folder that contains itself
    (corpus / "loop-a.txt").symlink_to("loop-b.txt")  # two links pointing at each other
    (corpus / "loop-b.txt").symlink_to("loop-a.txt")
    status, err = build(capsys, corpus, "--out", tmp_path / "out")
    assert status == 0 and "Traceback" not in err, err
    assert built(err) == 2
    [up] = lines_naming(err, "up")
    assert up == f"kg: {sub / 'up'}: symlink loop, skipped"
    for name in ("loop-a.txt", "loop-b.txt"):
        [line] = lines_naming(err, name)
        assert "Too many levels of symbolic links" in line


def test_file_names_with_spaces_and_chinese_characters(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    corpus = tmp_path / "质量月 通知"
    (corpus / "二〇一一 年").mkdir(parents=True)
    names = ["关于开展 2011 年“质量月”活动的通知.txt", "二〇一一 年/省 质监局 方案 (副本).txt"]
    for seed, name in zip(SEEDS, names, strict=False):
        shutil.copyfile(seed, corpus / name)
    status, err = build(capsys, corpus, "--out", tmp_path / "out")
    assert status == 0 and built(err) == 2 and "skipped" not in err, err
    sources = {str(q.object.value) for q in ox.parse(
        path=str(tmp_path / "out" / "graph.nt"), format=ox.RdfFormat.N_TRIPLES)
        if q.predicate.value == "http://purl.org/dc/terms/source"}
    assert sources == set(names)


def test_a_file_name_with_a_line_break_is_named_on_one_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    corpus = tmp_path / "in"
    corpus.mkdir()
    shutil.copyfile(SEEDS[0], corpus / "notice.txt")
    (corpus / "page\n2.txt").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4)
    status, err = build(capsys, corpus, "--out", tmp_path / "out")
    assert status == 0 and built(err) == 1, err
    named = [line for line in err.splitlines() if "page" in line]
    assert len(named) == 1 and "page\\x0a2.txt: " in named[0], err


# -- folders that cannot be read or written (a real, unprivileged process) ----------------

_PR_CAPBSET_DROP = 24
_CAP_DAC_OVERRIDE, _CAP_DAC_READ_SEARCH = 1, 2


def _drop_root_file_rights() -> None:
    """preexec_fn: as root, give up the capabilities that let root ignore file modes (what
    remains is root as the owner of the files: the mode bits apply)."""
    if os.geteuid() != 0:
        return
    libc = ctypes.CDLL(None, use_errno=True)
    for cap in (_CAP_DAC_OVERRIDE, _CAP_DAC_READ_SEARCH):
        if libc.prctl(_PR_CAPBSET_DROP, cap, 0, 0, 0) != 0:
            raise OSError(ctypes.get_errno(), "prctl(PR_CAPBSET_DROP)")


def unprivileged_kg(*args: object, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "kg", *map(str, args)], cwd=cwd, env=ENV,
                          preexec_fn=_drop_root_file_rights, capture_output=True, text=True,
                          timeout=300, check=False)


@pytest.fixture
def modes_apply(tmp_path: Path) -> Iterator[Callable[[Path, int], None]]:
    """chmod that a child process from :func:`unprivileged_kg` respects (else skip); modes
    are restored afterwards so that the folder can be removed."""
    probe = tmp_path / "probe"
    probe.write_text("x")
    probe.chmod(0)
    try:
        run = subprocess.run([sys.executable, "-c", f"open({str(probe)!r}).read()"],
                             preexec_fn=_drop_root_file_rights, capture_output=True, timeout=60,
                             check=False)
    except (OSError, subprocess.SubprocessError) as exc:
        pytest.skip(f"cannot start a process without root's file rights: {exc}")
    if run.returncode == 0 or b"PermissionError" not in run.stderr:
        pytest.skip("file modes do not apply to this user (root without CAP_SETPCAP?)")
    changed: list[tuple[Path, int]] = []

    def chmod(path: Path, mode: int) -> None:
        changed.append((path, path.stat().st_mode & 0o7777))
        path.chmod(mode)

    yield chmod
    for path, mode in reversed(changed):
        path.chmod(mode)


def test_an_unreadable_folder_and_file_are_named_and_the_rest_builds(
    tmp_path: Path, modes_apply: Callable[[Path, int], None]
) -> None:
    corpus = seed_corpus(tmp_path / "in", 1)
    locked = corpus / "locked"
    locked.mkdir()
    shutil.copyfile(SEEDS[1], locked / SEEDS[1].name)
    secret = corpus / "secret.txt"
    shutil.copyfile(SEEDS[2], secret)
    shutil.copyfile(SEEDS[3], corpus / "ok.txt")
    modes_apply(locked, 0)
    modes_apply(secret, 0)
    run = unprivileged_kg("build", corpus, "--out", tmp_path / "out", "--jobs", "1",
                          "--no-html", cwd=tmp_path)
    assert run.returncode == 0, run.stderr
    assert "Traceback" not in run.stderr
    assert lines_naming(run.stderr, "locked") == [
        f"kg: {locked}: cannot read folder (Permission denied)"]
    assert lines_naming(run.stderr, "secret.txt") == [
        f"kg: {secret}: cannot read file (Permission denied)"]
    assert built(run.stderr) == 2


@pytest.mark.parametrize("where", ["inside a read-only folder", "read-only with exports"])
def test_an_output_folder_that_cannot_be_written_is_one_line_and_exit_2(
    tmp_path: Path, modes_apply: Callable[[Path, int], None], previous: Path, where: str
) -> None:
    corpus = seed_corpus(tmp_path / "in")
    parent = tmp_path / "ro"
    parent.mkdir()
    if where == "inside a read-only folder":
        out, before = parent / "out", None
        modes_apply(parent, 0o555)
    else:
        out = parent / "out"
        before = copy_previous(previous, out)
        modes_apply(out, 0o555)
    run = unprivileged_kg("build", corpus, "--out", out, "--jobs", "1", "--no-html",
                          cwd=tmp_path)
    assert run.returncode == 2, run.stderr
    assert run.stderr.splitlines() == [
        f"kg: {out}: cannot write the output folder (Permission denied)"], run.stderr
    if before is None:
        assert not out.exists()
    else:
        assert snapshot(out) == before and not staging_folders(out)


def test_exports_that_cannot_be_finished_leave_the_previous_ones(
    tmp_path: Path, previous: Path
) -> None:
    """A write that fails half-way (here: a file size limit, as on a full disk)."""
    import resource

    out = tmp_path / "out"
    before = copy_previous(previous, out)

    def small_files() -> None:
        resource.setrlimit(resource.RLIMIT_FSIZE, (50_000, 50_000))

    run = subprocess.run(
        [sys.executable, "-m", "kg", "build", str(seed_corpus(tmp_path / "in", 3)), "--out",
         str(out), "--jobs", "1", "--no-cache"], cwd=tmp_path, env=ENV,
        preexec_fn=small_files, capture_output=True, text=True, timeout=300, check=False)
    assert run.returncode == 2, run.stderr
    assert "Traceback" not in run.stderr
    assert run.stderr.strip().splitlines()[-1] == (
        f"kg: {out}: cannot write the exports (File too large)")
    assert snapshot(out) == before and not staging_folders(out)


# -- reference data ----------------------------------------------------------------------

BAD_DATA = [
    ("departments.yaml", b"- id: aqsiq\n  name: [unclosed\n- id: x\n",
     r"departments\.yaml: line \d+, column \d+: malformed YAML"),
    ("places.yaml", b"a: 1\n", r"places\.yaml: expected a list under 'china'"),
    ("place_rules.yaml", b"\xff\xfe\x00r", r"place_rules\.yaml: not UTF-8"),
    ("departments.yaml", b"- id: Not A Slug\n  name: x\n", r"id must be a lower-case ASCII slug"),
]


@pytest.mark.parametrize(("name", "data", "message"), BAD_DATA,
                         ids=[f"{b[0]}-{i}" for i, b in enumerate(BAD_DATA)])
def test_malformed_reference_data_is_one_line_and_nothing_is_written(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], previous: Path,
    name: str, data: bytes, message: str,
) -> None:
    data_dir = tmp_path / "data"
    data_dir.mkdir()
    for yaml_file in (ROOT / "data").glob("*.yaml"):
        shutil.copyfile(yaml_file, data_dir / yaml_file.name)
    (data_dir / name).write_bytes(data)
    out = tmp_path / "out"
    before = copy_previous(previous, out)
    status, err = build(capsys, seed_corpus(tmp_path / "in"), "--out", out, "--data", data_dir)
    assert status == 2
    [line] = err.splitlines()
    assert line.startswith(f"kg: {data_dir / name}: ") and re.search(message, line), line
    assert snapshot(out) == before


def test_debug_shows_the_traceback_and_keeps_the_exit_status(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("KG_DEBUG", raising=False)  # --debug sets it for the workers
    data_dir = tmp_path / "data"
    data_dir.mkdir()
    (data_dir / "departments.yaml").write_text("- [unclosed\n", encoding="utf-8")
    args = ["build", str(SEEDS[0]), "--out", str(tmp_path / "out"), "--data", str(data_dir)]
    assert main(args) == 2
    assert "Traceback" not in capsys.readouterr().err
    assert main(["--debug", *args]) == 2
    err = capsys.readouterr().err
    assert "Traceback (most recent call last)" in err and "ConfigError" in err
    assert err.strip().splitlines()[-1].startswith(f"kg: {data_dir / 'departments.yaml'}: ")


def test_strict_makes_any_per_file_error_fatal_and_keeps_the_previous_exports(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], previous: Path
) -> None:
    corpus = seed_corpus(tmp_path / "in")
    (corpus / "weather.txt").write_text("今天天气很好。\n" * 20, encoding="utf-8")
    (corpus / "empty.txt").write_bytes(b"")
    out = tmp_path / "out"
    before = copy_previous(previous, out)
    status, err = build(capsys, corpus, "--out", out, "--strict", "--quiet")
    assert status == 2 and "Traceback" not in err
    assert len(lines_naming(err, "weather.txt")) == 1 and len(lines_naming(err, "empty.txt")) == 1
    assert err.splitlines()[-1] == (
        f"kg: 2 input file(s) could not be used (--strict); {out} is unchanged")
    assert snapshot(out) == before and not staging_folders(out)
    status, err = build(capsys, corpus, "--out", out, "--quiet")  # without: a warning
    assert status == 0 and built(err) == 2 and len(lines_naming(err, "empty.txt")) == 1


@pytest.mark.parametrize(("args", "status"), [
    (["validate", str(ROOT / "tests" / "fixtures" / "valid_graph.trig")], 0),
    (["validate", "{broken}"], 1),
    (["validate", "{missing}"], 2),
    (["build", "--jobs", "many"], 2),
    (["no-such-command"], 2),
])
def test_exit_statuses(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], args: list[str], status: int
) -> None:
    broken = tmp_path / "broken.ttl"
    broken.write_text(
        "@prefix qm: <https://w3id.org/quality-month/ontology#> .\n"
        '<https://w3id.org/quality-month/id/notice/0000000000000001> a qm:Notice ;\n'
        '  qm:noticeKind "circular" .\n', encoding="utf-8")
    args = [a.format(broken=broken, missing=tmp_path / "missing.ttl") for a in args]
    try:
        got = main(args)
    except SystemExit as exc:  # argparse: usage errors
        got = exc.code
    assert got == status
    assert "Traceback" not in capsys.readouterr().err


def test_help_and_readme_document_the_exit_statuses(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        main(["--help"])
    assert "0 ok, 1 the graph does not conform to the shapes, 2 input" in " ".join(
        capsys.readouterr().out.split())
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme.split("## Errors and exit statuses", 1)[1].split("\n## ", 1)[0]
    for needle in ("--strict", "--debug", "--max-file-mb", "atomic", "lock", "130"):
        assert needle in section, needle


# -- hostile text ------------------------------------------------------------------------

HOSTILE_NAME = '<script>alert(1)<\\script> <img src=x onerror=alert(2)> "q" & \u202eevil\u202c.txt'
HOSTILE_NOTICE = (
    "关于开展2030年全国“质量月”活动的通知\n"
    "国家市场监督管理总局、教育部：\n"
    "经研究决定，2030年9月在全国开展“质量月”活动。\n"
    "二、活动主题\n"
    "质量\"强国\"\\建设<script>alert('kg')</script>\u202e反向\u2066隔离\x07响铃\u2028\n"
    "三、宣传口号\n"
    "1.质量第一 <script>alert(1)</script>\n"
    "2.诚信为本 \\\" }} \"\"\" @prefix x: <http://evil/> .\n"
    "3." + "长" * 5000 + "\n"
    "四、活动内容\n"
    "（一）开展质量宣传活动 <img src=x onerror=alert(1)> </script><script>alert(2)</script>\n"
)


def test_hostile_text_and_file_names_give_valid_graphs_and_a_safe_page(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    corpus = seed_corpus(tmp_path / "in", 1)
    (corpus / HOSTILE_NAME).write_text(HOSTILE_NOTICE, encoding="utf-8")
    out = tmp_path / "out"
    assert main(["build", str(corpus), "--out", str(out), "--jobs", "1"]) == 0
    assert built(capsys.readouterr().err) == 2
    formats = {"graph.ttl": ox.RdfFormat.TURTLE, "graph.nt": ox.RdfFormat.N_TRIPLES,
               "graph.trig": ox.RdfFormat.TRIG, "graph.jsonld": ox.RdfFormat.JSON_LD}
    counts = set()
    for name, fmt in formats.items():
        quads = list(ox.parse(path=str(out / name), format=fmt))
        counts.add(len({(q.subject, q.predicate, q.object) for q in quads}))
        sources = {q.object.value for q in quads if q.predicate.value.endswith("/source")}
        assert HOSTILE_NAME in sources, name  # the name comes back exactly, as data
        for q in quads:  # IRIs are minted from keys, never from the text
            for term in (q.subject, q.predicate, q.object, q.graph_name):
                if isinstance(term, ox.NamedNode):
                    assert re.fullmatch(r"https?://[A-Za-z0-9:/._#-]+", term.value), term
    assert len(counts) == 1
    json.loads((out / "graph.jsonld").read_text(encoding="utf-8"))
    page = (out / "graph.html").read_text(encoding="utf-8")
    for raw in ("<script>alert", "<img src=x", "alert('kg')</script>"):
        assert raw not in page  # only as escaped JSON data (\u003c), which never runs
    from kg.exporters.html import VIS_JS

    markup = page.replace(VIS_JS.read_text(encoding="utf-8"), "")
    assert markup.count("<script") == markup.count("</script>")
    report = (out / "report.md").read_text(encoding="utf-8")  # Markdown may hold HTML
    assert "<script>" not in report and "<img" not in report
    assert "## &lt;script&gt;alert(1)&lt;\\script&gt; &lt;img" in report


def test_serve_listens_on_loopback_unless_told_otherwise() -> None:
    import inspect

    from kg.cli import _parser
    from kg.serve import serve

    assert _parser().parse_args(["serve"]).host == "127.0.0.1"
    assert inspect.signature(serve).parameters["host"].default == "127.0.0.1"
    assert _parser().parse_args(["serve", "--host", "0.0.0.0"]).host == "0.0.0.0"


# -- builds that are killed, interrupted or run twice at once ------------------------------


@pytest.fixture(scope="module")
def big_corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """120 distinct notices (the seeds, each edited), for builds that take a few seconds."""
    folder = tmp_path_factory.mktemp("big")
    for i in range(24):
        for seed in SEEDS:
            text = seed.read_text(encoding="utf-8") + f"\n（转载 {i}）\n"
            (folder / f"{i:02d}_{seed.name}").write_text(text, encoding="utf-8")
    return folder


def _as_from_a_terminal() -> None:
    # A test run started in the background of a shell (nohup, `&`) hands its children
    # SIGINT ignored, and Python then keeps it ignored: the build a user starts from a
    # terminal has it at its default, which Python turns into KeyboardInterrupt.
    signal.signal(signal.SIGINT, signal.SIG_DFL)


def start_build(corpus: Path, out: Path, *args: str) -> subprocess.Popen[str]:
    err = open(out.parent / f"{out.name}.stderr", "w", encoding="utf-8")
    return subprocess.Popen(
        [sys.executable, "-m", "kg", "build", str(corpus), "--out", str(out), *args],
        cwd=out.parent, env=ENV, stdout=subprocess.DEVNULL, stderr=err, text=True,
        start_new_session=True,  # its own process group, as a shell job: Ctrl-C hits all
        preexec_fn=_as_from_a_terminal)


def cache_entries(out: Path) -> int:
    return len(list((out / ".cache").rglob("*.pickle")))


def stderr_of(out: Path) -> str:
    return (out.parent / f"{out.name}.stderr").read_text(encoding="utf-8")


def wait_for(what: Callable[[], bool], proc: subprocess.Popen[str], timeout: float = 120) -> None:
    deadline = time.monotonic() + timeout
    while not what():
        assert proc.poll() is None, "the build ended before the moment the test waits for"
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.005)


def holds_lock(out: Path, pid: int) -> Callable[[], bool]:
    """Whether process ``pid`` holds the build lock of ``out`` (from /proc/locks: looking
    does not take the lock, which would disturb the build)."""
    def check() -> bool:
        try:
            ino = (out / ".kg-build.lock").stat().st_ino
            locks = Path("/proc/locks").read_text()
        except OSError:
            return False
        return any(f[1] == "FLOCK" and f[4] == str(pid) and f[5].endswith(f":{ino}")
                   for f in (line.split() for line in locks.splitlines()) if len(f) > 5)
    return check


def stop(proc: subprocess.Popen[str]) -> None:
    if proc.poll() is None:
        os.killpg(proc.pid, signal.SIGKILL)
        proc.wait(30)


needs_proc_locks = pytest.mark.skipif(not Path("/proc/locks").exists(),
                                      reason="needs /proc/locks to see the build lock")


@pytest.mark.slow
def test_a_killed_build_leaves_the_previous_exports_and_the_next_cleans_up(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], previous: Path, big_corpus: Path
) -> None:
    out = tmp_path / "out"
    before = copy_previous(previous, out)
    proc = start_build(big_corpus, out, "--jobs", "2", "--no-cache")
    try:
        wait_for(lambda: writing_the_last_exports(out), proc)  # half-way through writing
        os.killpg(proc.pid, signal.SIGKILL)
        proc.wait(30)
    finally:
        stop(proc)
    assert proc.returncode == -signal.SIGKILL
    assert snapshot(out) == before
    assert staging_folders(out), "the kill came after the build had finished writing"
    status, err = build(capsys, seed_corpus(tmp_path / "in", 1), "--out", out)
    assert status == 0 and built(err) == 1
    assert not staging_folders(out), "the next build removes what the killed one left"


@pytest.mark.slow
@needs_proc_locks
@pytest.mark.parametrize("phase", ["extracting", "extracting, kill -INT", "writing"])
def test_ctrl_c_leaves_the_previous_exports_and_says_so(
    tmp_path: Path, previous: Path, big_corpus: Path, phase: str
) -> None:
    out = tmp_path / "out"
    before = copy_previous(previous, out)
    cached_before = cache_entries(out)
    corpus = big_corpus
    if phase.startswith("extracting"):  # three times the corpus (most never reached)
        corpus = tmp_path / "in"
        for i in range(3):
            shutil.copytree(big_corpus, corpus / str(i))
    proc = start_build(corpus, out, "--jobs", "2")
    try:
        if phase.startswith("extracting"):
            wait_for(holds_lock(out, proc.pid), proc)
            time.sleep(1.0)  # the workers are busy
            assert not writing_the_last_exports(out)
        else:
            wait_for(lambda: writing_the_last_exports(out), proc)
        if phase.endswith("kill -INT"):
            os.kill(proc.pid, signal.SIGINT)  # the parent only, not its workers
        else:
            os.killpg(proc.pid, signal.SIGINT)  # what Ctrl-C in a terminal does
        status = proc.wait(60)
    finally:
        stop(proc)
    err = stderr_of(out)
    assert status == 130, err
    assert "Traceback" not in err and "KeyboardInterrupt" not in err, err
    assert err.strip().splitlines()[-1] == "kg: interrupted; the previous exports are untouched"
    assert snapshot(out) == before and not staging_folders(out)
    if phase.startswith("extracting"):  # the rest of the corpus is not extracted
        extracted = cache_entries(out) - cached_before
        total = sum(1 for _ in corpus.rglob("*.txt"))
        assert extracted < total // 2, f"{extracted} of {total} notices extracted after Ctrl-C"


@pytest.mark.slow
@needs_proc_locks
def test_a_second_build_into_the_same_folder_is_refused_and_the_first_completes(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], previous: Path, big_corpus: Path
) -> None:
    out = tmp_path / "out"
    copy_previous(previous, out)
    first = start_build(big_corpus, out, "--jobs", "1", "--no-html", "--no-cache")
    try:
        wait_for(holds_lock(out, first.pid), first)
        status, err = build(capsys, seed_corpus(tmp_path / "in", 1), "--out", out)
        assert first.poll() is None, "the first build must still be running"
        assert status == 2
        assert err.splitlines() == [
            f"kg: {out}: another kg build is writing to this folder; wait for it to finish"]
        assert first.wait(300) == 0, stderr_of(out)
    finally:
        stop(first)
    assert built(stderr_of(out)) == len(list(big_corpus.iterdir()))
    graph = list(ox.parse(path=str(out / "graph.ttl"), format=ox.RdfFormat.TURTLE))
    assert len(graph) > 10_000 and not staging_folders(out)


# A build that stops while moving its files into place (the last step, a few milliseconds)

_KILL_AT_THIRD_MOVE = """
import os, signal, sys
import kg.exporters.writer as w
moves = []
def replace(src, dst, _replace=os.replace):
    if ".kg-staging-" in str(src) and ".kg-staging-" not in str(dst):  # staged -> published
        moves.append(src)
        if len(moves) == 3:
            os.kill(os.getpid(), signal.SIGKILL)
    _replace(src, dst)
w.os.replace = replace
from kg.cli import main
main(["build", sys.argv[1], "--out", sys.argv[2], "--jobs", "1", "--no-html"])
"""


def test_a_build_killed_while_publishing_is_completed_by_the_next_one(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], previous: Path
) -> None:
    corpus = seed_corpus(tmp_path / "in", 3)
    clean = tmp_path / "clean"  # the same build, not interrupted, over the same exports
    copy_previous(previous, clean)
    assert build(capsys, corpus, "--out", clean)[0] == 0
    out = tmp_path / "out"
    before = copy_previous(previous, out)
    proc = subprocess.run([sys.executable, "-c", _KILL_AT_THIRD_MOVE, str(corpus), str(out)],
                          env=ENV, capture_output=True, text=True, timeout=300)
    assert proc.returncode == -signal.SIGKILL, proc.stderr
    mixed = snapshot(out)
    assert mixed != before and mixed != snapshot(clean), "killed half-way through the moves"
    assert staging_folders(out)
    # The next build into the folder finishes the moves before anything else, even one that
    # then fails (no input at all): the folder holds one build's exports, never a mix.
    status, err = build(capsys, tmp_path / "nothing-here", "--out", out)
    assert status == 2 and "no notice could be built" in err
    assert snapshot(out) == snapshot(clean) and not staging_folders(out)


def test_ctrl_c_while_publishing_completes_the_new_exports_and_says_so(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], previous: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import kg.exporters.writer as writer

    corpus = seed_corpus(tmp_path / "in", 3)
    clean = tmp_path / "clean"  # the same build, not interrupted, over the same exports
    copy_previous(previous, clean)
    assert build(capsys, corpus, "--out", clean)[0] == 0
    out = tmp_path / "out"
    copy_previous(previous, out)
    moves: list[str] = []

    def replace(src: Any, dst: Any, _replace: Any = os.replace) -> None:
        if ".kg-staging-" in str(src) and ".kg-staging-" not in str(dst):  # published
            moves.append(str(src))
            if len(moves) == 3:
                raise KeyboardInterrupt
        _replace(src, dst)

    monkeypatch.setattr(writer.os, "replace", replace)
    status, err = build(capsys, corpus, "--out", out)
    monkeypatch.undo()
    assert status == 130, err
    assert err.strip().splitlines()[-1] == (
        "kg: interrupted; the new exports were being published: they are complete")
    assert snapshot(out) == snapshot(clean) and not staging_folders(out)


# -- bounded fuzz of the whole per-file path -----------------------------------------------

PIECES = [
    "关于开展", "2010年", "20xx年", "全国", "“质量月”", "质量月", "品質月", "活动", "的通知",
    "一、活动主题", "二、宣传口号", "三、活动内容", "（一）", "1.", "国家质检总局", "质检总局",
    "教育部", "四川省", "北京", "国质检质联〔2010〕351号", "2010年6月13日", "\n", "\r\n", " ",
    "\u3000", "(guó)", "國(guó)家", "<p>", "</p>", "<script>", "&amp;", "\x00", "\x07", "\u202e",
    "\u200b", "\ufeff", '"', "\\", "<", ">", "Quality Month", "😀", "𠀀", "ā",
]
ENCODINGS = ["utf-8", "utf-8-sig", "gb18030", "big5", "utf-16", "utf-16-le", "utf-16-be"]
notice_text = st.lists(st.sampled_from(PIECES) | st.text(max_size=8), max_size=80).map("".join)
# Most examples name the campaign, so that they get through to extraction and the graph.
campaign_text = st.tuples(notice_text, notice_text).map(
    lambda ab: f"{ab[0]}“质量月”“質量月”{ab[1]}")  # one of them survives a Big5 or GBK
encoded = st.builds(lambda text, enc: text.encode(enc, errors="replace"),
                    campaign_text | campaign_text | notice_text, st.sampled_from(ENCODINGS))
any_input = st.binary(max_size=2000) | encoded | encoded


@pytest.fixture(scope="module")
def worker() -> None:
    from kg.pipeline import DEFAULT_DATA, _worker_init

    _worker_init(str(DEFAULT_DATA))


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=any_input)
def test_fuzz_any_bytes_give_a_graph_that_parses_or_one_reason(
    worker: None, data: bytes
) -> None:
    from kg.exporters import rdf
    from kg.exporters.rdf import Block
    from kg.graph import mint
    from kg.pipeline import NoticeResult, process_bytes
    from kg.text.decode import decode

    result = process_bytes(data, "fuzz.txt")
    assert isinstance(result, NoticeResult)
    if result.error is not None:
        assert result.error and "\n" not in result.error and "fuzz.txt" not in result.error
        return
    original = decode(data).text
    triples = sorted(set(result.own + result.campaign))
    ttl = "".join(rdf.turtle([Block(mint.named_graph(result.key), triples)]))
    quads = list(ox.parse(ttl.encode("utf-8"), format=ox.RdfFormat.TURTLE))
    assert len({(q.subject, q.predicate, q.object) for q in quads}) == len(triples)
    oa = "http://www.w3.org/ns/oa#"
    starts = {q.subject: int(q.object.value) for q in quads if q.predicate.value == oa + "start"}
    ends = {q.subject: int(q.object.value) for q in quads if q.predicate.value == oa + "end"}
    assert starts.keys() == ends.keys()
    for node, start in starts.items():  # offsets point inside the original text
        assert 0 <= start <= ends[node] <= len(original)
    for fact in result.facts:
        if fact.span is not None:
            assert 0 <= fact.span.start <= fact.span.end
    json.loads("".join(rdf.jsonld([Block(mint.named_graph(result.key), triples)])))

