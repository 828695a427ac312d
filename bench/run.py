"""Scale benchmark of ``kg build``: is the cost linear in the number of notices?

For each corpus size N (synthetic notices from ``bench/gen_corpus.py``):

- FLOOR: in this process, a plain loop that reads the same files, decodes them, strips
  pinyin annotations with a regex and converts the text with OpenCC ``tw2sp``: what any
  build must at least spend on the text.
- FULL BUILD: ``python -m kg build CORPUS --out TMP --no-cache`` in a subprocess (every
  export, validation, queries, HTML): wall time, peak memory of the process tree, notices/s,
  triples/s and the ratio to the floor.
- NO-CHANGE REBUILD: the same command with the cache, run twice; the second run is timed.
- ONE-CHANGED REBUILD: one notice's text changed, rebuilt with the cache; its exports must be
  byte-identical to a clean build of the changed corpus and only that notice re-extracted.

And the wall time of building the five shipped notices (interpreter start included).

Usage::

    python bench/run.py --n 1000 10000 [--jobs N] [--repeat R] [--out bench/results]
    python bench/run.py --smoke          # N=1000 once; exit 0 unless a build fails

Exit status: 0 all targets met (always 0 with --smoke when the builds ran), 1 a target
missed, 2 a build failed.
"""

from __future__ import annotations

import argparse
import filecmp
import json
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))

import gen_corpus  # noqa: E402

MB = 1024 * 1024
QUERY_RUNS = 5  # runs of each pack query with kg query, of which the median is reported
TARGETS = {
    "full_vs_floor": 5.0,  # full build of 10,000 <= 5x floor
    "scaling": 11.0,  # time(10k) / time(1k)
    "memory_mb": 1536.0,  # peak memory at 10k <= 1.5 GB
    "five_s": 2.0,  # the five shipped notices
    "nochange_vs_floor": 1.0,  # no-change rebuild <= 1x floor
    "validate_share": 1 / 3,  # validation <= a third of the build (issue: linked-data quality)
    "query_s": 1.0,  # each pack query with kg query, once the store exists
    "html_s": 5.0,  # graph.html interactive in headless Chromium
}
_SUMMARY = re.compile(
    r"kg: built (?P<notices>\d+) notice\(s\) into .*?: (?P<triples>\d+) triples"
    r"(?:, (?P<skipped>\d+) file\(s\) skipped)?(?:, (?P<cached>\d+) from cache)?"
    r", (?P<conf>conforms|DOES NOT CONFORM[^(]*) \((?P<secs>[\d.]+) s\)"
)
_STAGE = re.compile(r"^kg: stage (\w+) ([\d.]+) s$", re.M)
_PINYIN = re.compile(r"(?<=[\u3400-\u9fff])\([a-zA-Zāáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜü]+\)")
_SKIP_COMPARE = {".cache", ".kg-build.lock"}
BUILD_CWD = ROOT  # where ``python -m kg`` runs: a snapshot of kg/ and data/ (see snapshot())


# Memory of a process tree


def _children() -> dict[int, list[int]]:
    """ppid -> pids, from /proc (the kernel here has no /proc/PID/task/TID/children)."""
    tree: dict[int, list[int]] = {}
    for entry in os.scandir("/proc"):
        if not entry.name.isdigit():
            continue
        try:
            with open(f"/proc/{entry.name}/stat", "rb") as fh:
                stat = fh.read()
        except OSError:
            continue
        ppid = int(stat[stat.rindex(b")") + 2:].split()[1])
        tree.setdefault(ppid, []).append(int(entry.name))
    return tree


def _descendants(pid: int) -> list[int]:
    tree, out, todo = _children(), [], [pid]
    while todo:
        p = todo.pop()
        out.append(p)
        todo.extend(tree.get(p, ()))
    return out


def _rollup(pid: int) -> tuple[int, int, int] | None:
    """(Rss, Pss, VmHWM) of one process in bytes."""
    try:
        with open(f"/proc/{pid}/smaps_rollup") as fh:
            text = fh.read()
        with open(f"/proc/{pid}/status") as fh:
            status = fh.read()
    except OSError:
        return None
    rss = re.search(r"^Rss:\s+(\d+)", text, re.M)
    pss = re.search(r"^Pss:\s+(\d+)", text, re.M)
    hwm = re.search(r"^VmHWM:\s+(\d+)", status, re.M)
    if not (rss and pss):
        return None
    return int(rss[1]) * 1024, int(pss[1]) * 1024, int(hwm[1]) * 1024 if hwm else 0


class TreeSampler(threading.Thread):
    """Samples the summed RSS and PSS of a process and all its descendants every
    ``interval`` seconds; keeps the peaks and the last VmHWM (own peak RSS) of each pid."""

    def __init__(self, pid: int, interval: float = 0.05, limit: float | None = None) -> None:
        super().__init__(daemon=True)
        self.pid, self.interval, self.limit = pid, interval, limit
        self.killed = False
        self.stop = threading.Event()
        self.peak_rss = self.peak_pss = 0
        self.max_procs = 0
        self.hwm: dict[int, int] = {}

    def run(self) -> None:
        while not self.stop.is_set():
            rss = pss = 0
            pids = _descendants(self.pid)
            for pid in pids:
                r = _rollup(pid)
                if r:
                    rss += r[0]
                    pss += r[1]
                    self.hwm[pid] = max(self.hwm.get(pid, 0), r[2])
            self.peak_rss = max(self.peak_rss, rss)
            self.peak_pss = max(self.peak_pss, pss)
            self.max_procs = max(self.max_procs, len(pids))
            if self.limit and pss > self.limit and not self.killed:
                self.killed = True  # the machine is shared: do not let a build swap it out
                kill_tree(self.pid)
            self.stop.wait(self.interval)


def kill_tree(pid: int) -> None:
    for p in reversed(_descendants(pid)):
        try:
            os.kill(p, 9)
        except OSError:
            pass


# One build


@dataclass
class Run:
    command: list[str]
    returncode: int
    wall: float
    cpu: float = 0.0  # user + sys of the child and its reaped children (pool workers)
    max_single_rss_mb: float = 0.0  # wait4 ru_maxrss: the largest single process
    tree_rss_mb: float = 0.0  # peak of the sampled sum of RSS over the tree
    tree_pss_mb: float = 0.0  # peak of the sampled sum of PSS over the tree
    hwm_sum_mb: float = 0.0  # sum of each process's own peak RSS (upper bound)
    processes: int = 0
    notices: int | None = None
    triples: int | None = None
    cached: int = 0  # "N from cache" of the summary line
    reextracted: int | None = None  # cache entries the build added (builds with the cache)
    skipped: int = 0
    conforms: bool | None = None
    stderr_tail: str = ""
    loadavg: float = 0.0  # 1-minute load average when the build started
    stages: dict[str, float] = field(default_factory=dict)  # "kg: stage NAME S s" lines


MEM_LIMIT: float | None = None  # bytes of tree PSS at which a build is killed (--max-mem-mb)


def _cache_entries(out: Path) -> set[str]:
    """Entries of the build's cache (kg/cache.py: OUT/.cache/xx/KEY.pickle)."""
    return {p.name for p in (out / ".cache").glob("*/*.pickle")}


def kg_build(args: list[str], timeout: float | None = None) -> Run:
    """Run ``python -m kg build ARGS`` and measure it. With the cache, the notices
    re-extracted are counted as the cache entries the build added (the summary line's
    "N from cache" is missing when the graph does not conform)."""
    cmd = [sys.executable, "-m", "kg", "build", *args]
    out = Path(args[args.index("--out") + 1]) if "--out" in args else None
    uses_cache = out is not None and "--no-cache" not in args
    before = _cache_entries(out) if uses_cache and out else set()
    # The build before this one may have left gigabytes of its exports to be written back:
    # flush them first, so that this build's reads do not queue behind them (at 10,000
    # notices a no-change rebuild spent 5.4 of its 6.2 s waiting, CPU 0.8 s, right after a
    # full build; 0.95 s when run again alone).
    os.sync()
    with tempfile.TemporaryFile() as err:
        t0 = time.perf_counter()
        load = open("/proc/loadavg").read().split()[0]
        proc = subprocess.Popen(cmd, cwd=BUILD_CWD, stdout=subprocess.DEVNULL, stderr=err)
        sampler = TreeSampler(proc.pid, limit=MEM_LIMIT)
        sampler.start()
        deadline = None if timeout is None else t0 + timeout
        while True:
            pid, status, ru = os.wait4(proc.pid, os.WNOHANG)
            if pid:
                break
            if deadline and time.perf_counter() > deadline:
                kill_tree(proc.pid)
            time.sleep(0.005)
        wall = time.perf_counter() - t0
        proc.returncode = os.waitstatus_to_exitcode(status)
        sampler.stop.set()
        sampler.join()
        err.seek(0)
        text = err.read().decode("utf-8", "replace")
    run = Run(
        command=cmd, returncode=proc.returncode, wall=wall, cpu=ru.ru_utime + ru.ru_stime,
        max_single_rss_mb=ru.ru_maxrss * 1024 / MB, tree_rss_mb=sampler.peak_rss / MB,
        tree_pss_mb=sampler.peak_pss / MB, hwm_sum_mb=sum(sampler.hwm.values()) / MB,
        processes=sampler.max_procs, stderr_tail=text[-2000:], loadavg=float(load),
        stages={m[1]: float(m[2]) for m in _STAGE.finditer(text)},
    )
    if sampler.killed:
        run.stderr_tail += f"\nbench: killed, tree PSS above {MEM_LIMIT and MEM_LIMIT / MB:.0f} MB"
    if uses_cache and out:
        run.reextracted = len(_cache_entries(out) - before)
    matches = list(_SUMMARY.finditer(text))
    if matches:
        m = matches[-1]
        run.notices, run.triples = int(m["notices"]), int(m["triples"])
        run.cached, run.skipped = int(m["cached"] or 0), int(m["skipped"] or 0)
        run.conforms = m["conf"] == "conforms"
    elif out is not None and run.returncode in (0, 1):  # no summary (the graph does not
        report = out / "report.json"  # conform): read the report the build wrote
        if report.exists():
            t = re.search(r"(\d+) notice\(s\) built, \d+ skipped; (\d+) triples",
                          report.read_text(encoding="utf-8"))
            if t:
                run.notices, run.triples = int(t[1]), int(t[2])
        run.conforms = False if "does not conform" in text.lower() else None
        if uses_cache and run.notices is not None and run.reextracted is not None:
            run.cached = run.notices - run.reextracted
    return run


def build_ok(run: Run) -> bool:
    """The build ran to the end (a non-conforming graph, exit 1, still counts as built)."""
    return run.returncode in (0, 1) and run.triples is not None


# The floor


def _decode(data: bytes) -> str:
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8")
    if data[:2] in (b"\xff\xfe", b"\xfe\xff"):
        return data.decode("utf-16")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("cp950")
    except UnicodeDecodeError:
        return data.decode("gb18030", "replace")


def floor(paths: list[Path]) -> tuple[float, int]:
    """Seconds to read, decode, strip pinyin and convert (tw2sp) every file; characters."""
    import opencc

    t0 = time.perf_counter()
    cc = opencc.OpenCC("tw2sp")
    chars = 0
    for path in paths:
        text = _PINYIN.sub("", _decode(path.read_bytes()))
        chars += len(cc.convert(text))
    return time.perf_counter() - t0, chars


# Comparing exports


def compare_trees(a: Path, b: Path) -> list[str]:
    """Differences between two export folders (every file, byte for byte)."""

    def files(top: Path) -> set[str]:
        out = set()
        for p in top.rglob("*"):
            rel = p.relative_to(top)
            if p.is_file() and rel.parts[0] not in _SKIP_COMPARE and not rel.parts[0].startswith(
                    ".kg-staging-"):
                out.add(rel.as_posix())
        return out

    fa, fb = files(a), files(b)
    diffs = [f"only in {a.name}: {f}" for f in sorted(fa - fb)]
    diffs += [f"only in {b.name}: {f}" for f in sorted(fb - fa)]
    diffs += [f"differs: {f}" for f in sorted(fa & fb)
              if not filecmp.cmp(a / f, b / f, shallow=False)]
    return diffs


def copy_corpus(src: Path, dst: Path) -> None:
    """Hard-link copy (a changed file is written as a new inode, never through a link)."""
    shutil.rmtree(dst, ignore_errors=True)
    shutil.copytree(src, dst, copy_function=os.link)


CHANGE = "\n　　江苏省质量技术监督局于9月1日在南京市举办了“质量月”活动启动仪式。\n"


def change_one(corpus: Path, index: int) -> str:
    """Append a sentence to notice ``index`` (or the next UTF-8 one), keeping its encoding;
    returns its file name."""
    files = gen_corpus.read_manifest(corpus)["files"]
    for entry in files[index:] + files[:index]:
        if entry["encoding"] in ("utf-8", "gb18030"):
            path = corpus / entry["file"]
            enc = entry["encoding"]
            data = path.read_bytes().decode(enc)
            conv = gen_corpus.convert(entry["script"], CHANGE)
            path.unlink()  # a new inode: the original corpus shares this one
            path.write_bytes((data + conv).encode(enc))
            return str(entry["file"])
    raise RuntimeError("no UTF-8 or GB18030 notice to change")


# One size


@dataclass
class SizeResult:
    n: int
    files_mb: float = 0.0
    generate_s: float = 0.0
    floor_s: float = 0.0
    floor_runs: list[float] = field(default_factory=list)
    floor_chars: int = 0
    full: list[dict[str, Any]] = field(default_factory=list)
    full_s: float = 0.0
    cold_cache_s: float = 0.0
    nochange: list[dict[str, Any]] = field(default_factory=list)
    nochange_s: float = 0.0
    nochange_identical: bool | None = None
    onechange: list[dict[str, Any]] = field(default_factory=list)
    onechange_s: float = 0.0
    onechange_reextracted: list[int] = field(default_factory=list)
    onechange_identical: bool | None = None
    onechange_diffs: list[str] = field(default_factory=list)
    stages: dict[str, float] = field(default_factory=dict)  # medians over the full builds
    queries: dict[str, Any] = field(default_factory=dict)
    html: dict[str, Any] = field(default_factory=dict)
    failures: list[str] = field(default_factory=list)

    def med(self, runs: list[dict[str, Any]], key: str) -> float | None:
        vals = [r[key] for r in runs if r.get(key) is not None]
        return statistics.median(vals) if vals else None


def say(msg: str) -> None:
    print(msg, file=sys.stderr, flush=True)


def _record(res: SizeResult, step: str, run: Run) -> dict[str, Any]:
    d = asdict(run)
    if not build_ok(run):
        res.failures.append(f"{step}: exit {run.returncode}: {run.stderr_tail[-600:]}")
        say(f"  {step}: FAILED (exit {run.returncode})\n{run.stderr_tail[-1500:]}")
    else:
        say(f"  {step}: {run.wall:.2f} s (CPU {run.cpu:.1f} s, load {run.loadavg}), "
            f"{run.triples} triples, {run.cached} from cache, re-extracted {run.reextracted}, "
            f"conforms {run.conforms}, tree PSS {run.tree_pss_mb:.0f} MB")
    return d


def bench_size(n: int, work: Path, repeat: int, jobs: list[str], seed: int,
               timeout: float | None, keep: bool, smoke: bool = False) -> SizeResult:
    """Every step at one N. With ``smoke`` (CI) the full build itself fills the cache
    instead of a second build doing it, which saves one build of N notices."""
    res = SizeResult(n)
    base = work / f"n{n}"
    corpus = base / "corpus"
    t0 = time.perf_counter()
    paths = gen_corpus.generate(n, corpus, seed)
    res.generate_s = time.perf_counter() - t0
    res.files_mb = sum(p.stat().st_size for p in paths) / 1e6
    say(f"N={n}: corpus of {res.files_mb:.1f} MB generated in {res.generate_s:.1f} s "
        f"({corpus}); {repeat} repeat(s)")

    for _ in range(repeat):
        secs, res.floor_chars = floor(sorted(paths))
        res.floor_runs.append(secs)
    res.floor_s = statistics.median(res.floor_runs)
    say(f"  floor: {res.floor_s:.2f} s ({res.floor_chars} characters)")

    clean = base / "clean"
    for i in range(repeat):
        shutil.rmtree(clean, ignore_errors=True)
        no_cache = [] if smoke else ["--no-cache"]
        run = kg_build([str(corpus), "--out", str(clean), *no_cache, *jobs], timeout)
        res.full.append(_record(res, f"full build {i + 1}", run))
        if not build_ok(run):
            return res
    res.full_s = statistics.median(r["wall"] for r in res.full)
    res.stages = {name: statistics.median(r["stages"].get(name, 0.0) for r in res.full)
                  for name in res.full[0]["stages"]}
    say("  stages (median s): " + ", ".join(f"{k} {v:.2f}" for k, v in res.stages.items()))
    res.queries = query_times(clean, 1 if smoke else max(repeat, QUERY_RUNS), timeout)
    res.html = html_ready(clean / "graph.html")

    if smoke:  # the full build filled the cache
        cached, res.cold_cache_s = clean, res.full_s
    else:
        cached = base / "cached"
        shutil.rmtree(cached, ignore_errors=True)
        run = kg_build([str(corpus), "--out", str(cached), "-q", *jobs], timeout)
        _record(res, "build filling the cache", run)
        res.cold_cache_s = run.wall
        if not build_ok(run):
            return res
    for i in range(repeat):
        run = kg_build([str(corpus), "--out", str(cached), "-q", *jobs], timeout)
        res.nochange.append(_record(res, f"no-change rebuild {i + 1}", run))
        if not build_ok(run):
            return res
    res.nochange_s = statistics.median(r["wall"] for r in res.nochange)
    res.nochange_identical = None if smoke else not compare_trees(clean, cached)

    for i in range(repeat):
        changed = base / f"changed-{i}"
        copy_corpus(corpus, changed)
        name = change_one(changed, (n * (2 * i + 1)) // (2 * repeat + 1))
        run = kg_build([str(changed), "--out", str(cached), "-q", *jobs], timeout)
        d = _record(res, f"one-changed rebuild {i + 1} ({name})", run)
        d["changed"] = name
        res.onechange.append(d)
        if not build_ok(run):
            return res
        res.onechange_reextracted.append(
            run.reextracted if run.reextracted is not None else (run.notices or 0) - run.cached)
        if i == 0:
            ref = base / "changed-clean"
            shutil.rmtree(ref, ignore_errors=True)
            r2 = kg_build([str(changed), "--out", str(ref), "--no-cache", "-q", *jobs], timeout)
            _record(res, "clean build of the changed corpus", r2)
            if not build_ok(r2):
                return res
            res.onechange_diffs = compare_trees(cached, ref)
            res.onechange_identical = not res.onechange_diffs
            say(f"  one-changed exports identical to a clean build: {res.onechange_identical}"
                + ("" if res.onechange_identical else f" ({res.onechange_diffs[:5]})"))
        if not keep:
            shutil.rmtree(changed, ignore_errors=True)
    res.onechange_s = statistics.median(r["wall"] for r in res.onechange)
    if not keep:
        shutil.rmtree(base, ignore_errors=True)
    return res


QUERY_FORMATS = ("csv", "table", "json", "tsv")  # kg query's output formats; csv first


def query_times(exports: Path, runs: int, timeout: float | None) -> dict[str, Any]:
    """Wall time of ``python -m kg query NAME --graph exports/graph.trig --format F`` for
    every query of the pack and every output format, interpreter start included: the median
    of ``runs``. The first run of all also makes the on-disk store that later runs open
    (kg.store.open_store); it is reported on its own. ``per_query_s`` holds the CSV times
    (which the exported answers use), ``per_format_s`` all of them; the slowest is over all
    formats (``table`` is the default)."""
    sys.path.insert(0, str(BUILD_CWD))
    from kg.query import pack

    names = sorted(pack())
    graph = str(exports / "graph.trig")

    def one(name: str, fmt: str) -> float:
        t0 = time.perf_counter()
        subprocess.run([sys.executable, "-m", "kg", "query", name, "--graph", graph,
                        "--format", fmt], cwd=BUILD_CWD, stdout=subprocess.DEVNULL,
                       stderr=subprocess.DEVNULL, check=True, timeout=timeout)
        return time.perf_counter() - t0

    first = one(names[0], "csv")
    # Each query is a fraction of a second that the shared machine's noise can double: the
    # median of several runs, interleaved so that a busy minute spreads over all of them.
    times: dict[tuple[str, str], list[float]] = {(n, f): [] for n in names for f in QUERY_FORMATS}
    for _ in range(runs):
        for name in names:
            for fmt in QUERY_FORMATS:
                times[(name, fmt)].append(one(name, fmt))
    per_format = {fmt: {name: statistics.median(times[(name, fmt)]) for name in names}
                  for fmt in QUERY_FORMATS}
    per = per_format["csv"]
    slowest, slowest_fmt = max(times, key=lambda k: per_format[k[1]][k[0]])
    slowest_s = per_format[slowest_fmt][slowest]
    say(f"  kg query: first run (makes the store) {first:.2f} s; then median per query "
        f"(csv) {statistics.median(per.values()):.2f} s, slowest {slowest} "
        f"--format {slowest_fmt} {slowest_s:.2f} s")
    return {"first_s": first, "runs": runs, "per_query_s": per, "per_format_s": per_format,
            "slowest": slowest, "slowest_format": slowest_fmt, "slowest_s": slowest_s}


def html_ready(page: Path) -> dict[str, Any]:
    """Seconds from navigation to the page's ``kgReady`` in headless Chromium (tools/page.py);
    empty when Chromium or Playwright is missing."""
    sys.path.insert(0, str(ROOT / "tools"))
    import page as browser_page

    if not browser_page.available() or not page.exists():
        return {}
    with browser_page.opened(page) as (tab, ready_ms):
        shown = tab.evaluate("kg.visibleIds().length")
    size = page.stat().st_size / 1e6
    say(f"  graph.html ({size:.1f} MB): interactive after {ready_ms / 1000:.2f} s, "
        f"{shown} nodes in the first view")
    return {"ready_s": ready_ms / 1000, "page_mb": size, "first_view_nodes": shown}


def snapshot(work: Path) -> tuple[Path, str]:
    """Copy kg/, data/ and ontology/ into ``work``: the builds of one benchmark run all use the same
    code and reference data (the cache fingerprint hashes both, so an edit in the working
    tree during the run would empty the cache). Returns the folder and a hash of its files."""
    import hashlib

    snap = work / "snapshot"
    shutil.rmtree(snap, ignore_errors=True)
    ignore = shutil.ignore_patterns("__pycache__", "*.pyc")
    for name in ("kg", "data", "ontology"):
        if (ROOT / name).is_dir():
            shutil.copytree(ROOT / name, snap / name, ignore=ignore)
    h = hashlib.sha256()
    for path in sorted(snap.rglob("*")):
        if path.is_file():
            h.update(path.relative_to(snap).as_posix().encode() + b"\0" + path.read_bytes())
    return snap, h.hexdigest()[:16]


def five_notices(work: Path, runs: int, timeout: float | None) -> dict[str, Any]:
    """``python -m kg build data/notices --out TMP``: cold (a fresh folder, so no cache) and
    warm (the same folder again, so the cache answers); medians."""
    cold, warm = [], []
    for i in range(runs):
        out = work / f"five-cold-{i}"
        r = kg_build(["data/notices", "--out", str(out)], timeout)
        cold.append(r.wall if build_ok(r) else None)
        if not build_ok(r):
            say(f"five shipped notices: FAILED (exit {r.returncode})\n{r.stderr_tail[-1500:]}")
            return {"cold_s": None, "warm_s": None, "cold_runs": cold, "warm_runs": [],
                    "failed": True}
    out = work / "five-cold-0"
    for _ in range(runs):
        r = kg_build(["data/notices", "--out", str(out)], timeout)
        warm.append(r.wall if build_ok(r) else None)
    for i in range(runs):
        shutil.rmtree(work / f"five-cold-{i}", ignore_errors=True)
    ok = [c for c in cold if c is not None]
    okw = [w for w in warm if w is not None]
    return {"cold_s": statistics.median(ok) if ok else None,
            "warm_s": statistics.median(okw) if okw else None,
            "cold_runs": cold, "warm_runs": warm, "failed": False}


# Report


def verdict(ok: bool | None) -> str:
    return "n/a" if ok is None else ("PASS" if ok else "FAIL")


def evaluate(sizes: dict[int, SizeResult], five: dict[str, Any]) -> list[dict[str, Any]]:
    big = max(sizes) if sizes else None
    at = sizes.get(10000) or (sizes[big] if big else None)
    rows: list[dict[str, Any]] = []

    def row(name: str, value: Any, target: str, ok: bool | None) -> None:
        rows.append({"target": name, "value": value, "limit": target, "verdict": verdict(ok)})

    if at and at.full_s and at.floor_s:
        r = at.full_s / at.floor_s
        row(f"full build of {at.n} / floor", f"{r:.1f}x", f"<= {TARGETS['full_vs_floor']:g}x",
            r <= TARGETS["full_vs_floor"])
    if 1000 in sizes and 10000 in sizes and sizes[1000].full_s and sizes[10000].full_s:
        r = sizes[10000].full_s / sizes[1000].full_s
        row("time(10000) / time(1000)", f"{r:.2f}", f"<= {TARGETS['scaling']:g}",
            r <= TARGETS["scaling"])
    if at and at.full:
        pss = max(f["tree_pss_mb"] for f in at.full)
        row(f"peak memory at {at.n} (tree PSS)", f"{pss:.0f} MB",
            f"<= {TARGETS['memory_mb']:g} MB", pss <= TARGETS["memory_mb"])
    if five.get("cold_s") is not None:
        row("five shipped notices (cold)", f"{five['cold_s']:.2f} s",
            f"<= {TARGETS['five_s']:g} s", five["cold_s"] <= TARGETS["five_s"])
    if at and at.nochange_s and at.floor_s:
        r = at.nochange_s / at.floor_s
        row(f"no-change rebuild of {at.n} / floor", f"{r:.2f}x",
            f"<= {TARGETS['nochange_vs_floor']:g}x", r <= TARGETS["nochange_vs_floor"])
    if at and at.stages.get("validate") is not None and at.full_s:
        share = at.stages["validate"] / at.full_s
        row(f"validation share of the full build of {at.n}", f"{share:.1%}",
            f"<= {TARGETS['validate_share']:.0%}", share <= TARGETS["validate_share"])
    if at and at.queries:
        row(f"slowest pack query with kg query at {at.n} ({at.queries['slowest']}, "
            f"--format {at.queries.get('slowest_format', 'csv')}, "
            f"median of {at.queries.get('runs', 1)})",
            f"{at.queries['slowest_s']:.2f} s", f"< {TARGETS['query_s']:g} s",
            at.queries["slowest_s"] < TARGETS["query_s"])
    if at and at.html:
        row(f"graph.html of {at.n} interactive", f"{at.html['ready_s']:.2f} s",
            f"<= {TARGETS['html_s']:g} s", at.html["ready_s"] <= TARGETS["html_s"])
    if at and at.onechange_identical is not None:
        re_ex = at.onechange_reextracted
        ok = at.onechange_identical and all(x == 1 for x in re_ex)
        row(f"one-changed rebuild of {at.n}",
            f"identical={at.onechange_identical}, re-extracted={re_ex}",
            "identical, re-extracted=1", ok)
    return rows


def tables(sizes: dict[int, SizeResult], five: dict[str, Any], rows: list[dict[str, Any]],
           meta: dict[str, Any]) -> str:
    lines = [
        "# kg build scale benchmark", "",
        f"{meta['when']}; {meta['machine']}; jobs={meta['jobs']}; repeat={meta['repeat']}; "
        f"load average at start {meta['loadavg']}", "",
        "| N | MB | floor s | full build s | notices/s | triples | triples/s | full/floor "
        "| tree PSS MB | tree RSS MB | max proc RSS MB | CPU s | no-change s | no-change/floor "
        "| one-changed s | re-extracted | one-changed identical |",
        "|" + "---|" * 17,
    ]
    for n, s in sorted(sizes.items()):
        f = s.full[-1] if s.full else {}
        tri = f.get("triples")
        full = s.full_s or None
        pss = max((x["tree_pss_mb"] for x in s.full), default=0)
        rss = max((x["tree_rss_mb"] for x in s.full), default=0)
        single = max((x["max_single_rss_mb"] for x in s.full), default=0)
        cpu = s.med(s.full, "cpu")
        lines.append(
            f"| {n} | {s.files_mb:.1f} | {s.floor_s:.2f} | "
            f"{full and f'{full:.2f}'} | {full and f'{n / full:.0f}'} | {tri} | "
            f"{full and tri and f'{tri / full:.0f}'} | "
            f"{full and s.floor_s and f'{full / s.floor_s:.1f}x'} | {pss:.0f} | {rss:.0f} | "
            f"{single:.0f} | {cpu and f'{cpu:.1f}'} | "
            f"{s.nochange_s and f'{s.nochange_s:.2f}'} | "
            f"{s.nochange_s and s.floor_s and f'{s.nochange_s / s.floor_s:.2f}x'} | "
            f"{s.onechange_s and f'{s.onechange_s:.2f}'} | {s.onechange_reextracted} | "
            f"{s.onechange_identical} |")
    lines += ["", "Five shipped notices (`python -m kg build data/notices --out TMP`, median): "
              f"cold {five.get('cold_s') and round(five['cold_s'], 2)} s (fresh folder), "
              f"warm {five.get('warm_s') and round(five['warm_s'], 2)} s (cache answers); "
              f"runs {five.get('cold_runs')} / {five.get('warm_runs')}", ""]
    for n, s in sorted(sizes.items()):
        extra = [f"full runs {[round(r['wall'], 2) for r in s.full]} "
                 f"(CPU {[round(r['cpu'], 1) for r in s.full]}, "
                 f"load {[r['loadavg'] for r in s.full]})",
                 f"floor runs {[round(x, 2) for x in s.floor_runs]}",
                 f"build filling the cache {s.cold_cache_s:.2f} s",
                 f"no-change runs {[round(r['wall'], 2) for r in s.nochange]} "
                 f"(re-extracted {[r['reextracted'] for r in s.nochange]}; exports identical "
                 f"to the clean build: {s.nochange_identical})",
                 f"one-changed runs {[round(r['wall'], 2) for r in s.onechange]}"]
        if s.stages:
            extra.append("stages of the full build (median s) " + ", ".join(
                f"{k} {v:.2f}" for k, v in s.stages.items()))
        if s.queries:
            extra.append(f"kg query: first run (makes the store) {s.queries['first_s']:.2f} s, "
                         f"then median of {s.queries.get('runs', 1)} runs per query " + "; ".join(
                             f"{k} " + " ".join(
                                 f"{fmt} {s.queries['per_format_s'][fmt][k]:.2f}"
                                 for fmt in s.queries.get("per_format_s", {}))
                             for k in s.queries["per_query_s"]))
        if s.html:
            extra.append(f"graph.html {s.html['page_mb']:.1f} MB interactive after "
                         f"{s.html['ready_s']:.2f} s ({s.html['first_view_nodes']} nodes shown)")
        if s.onechange_diffs:
            extra.append(f"one-changed differences: {s.onechange_diffs[:10]}")
        if s.failures:
            extra.append(f"FAILURES: {s.failures}")
        lines.append(f"- N={n}: " + "; ".join(extra))
    if 1000 in sizes and 10000 in sizes and sizes[1000].full_s and sizes[10000].full_s:
        lines.append(f"- time(10000)/time(1000) = "
                     f"{sizes[10000].full_s / sizes[1000].full_s:.2f}")
    lines += ["", "| target | measured | limit | verdict |", "|---|---|---|---|"]
    lines += [f"| {r['target']} | {r['value']} | {r['limit']} | {r['verdict']} |" for r in rows]
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description="Scale benchmark of kg build (see bench/README.md)")
    p.add_argument("--n", type=int, nargs="+", default=[1000, 10000], help="corpus sizes")
    p.add_argument("--jobs", type=int, default=None, help="passed to kg build --jobs")
    p.add_argument("--repeat", type=int, default=None,
                   help="timed runs per step (default 3 for N<=1000, 1 above)")
    p.add_argument("--out", type=Path, default=HERE / "results", help="results folder")
    p.add_argument("--work", type=Path, default=None,
                   help="folder for corpora and exports (default: a new folder in /tmp)")
    p.add_argument("--seed", type=int, default=0, help="corpus seed")
    p.add_argument("--five-runs", type=int, default=5, help="runs of the five shipped notices")
    p.add_argument("--timeout", type=float, default=3600, help="seconds per build")
    p.add_argument("--max-mem-mb", type=float, default=12000,
                   help="kill a build whose tree PSS exceeds this (shared machine); 0: no limit")
    p.add_argument("--keep", action="store_true", help="keep corpora and exports")
    p.add_argument("--no-snapshot", action="store_true",
                   help="run the builds in the working tree, not in a copy of kg/ data/ ontology/")
    p.add_argument("--smoke", action="store_true",
                   help="N=1000 once, no repeats; exit 0 unless a build fails")
    args = p.parse_args(argv)
    if args.smoke:  # N=1,000 once; the full build fills the cache (see bench_size)
        args.n, args.repeat, args.five_runs = [1000], 1, 1

    work = args.work or Path(tempfile.mkdtemp(prefix="kg-bench-"))
    work.mkdir(parents=True, exist_ok=True)
    jobs = ["--jobs", str(args.jobs)] if args.jobs else []
    meta = {
        "when": time.strftime("%Y-%m-%d %H:%M"),
        "machine": f"{platform.node()}, {os.cpu_count()} cores, Python "
                   f"{platform.python_version()}",
        "jobs": args.jobs or f"default ({os.cpu_count()})",
        "repeat": args.repeat or "3 for N<=1000, 1 above",
        "loadavg": open("/proc/loadavg").read().split()[:3],
        "work": str(work),
        "commands": {
            "full": "python -m kg build CORPUS --out TMP --no-cache" + " ".join(["", *jobs]),
            "query": "python -m kg query NAME --graph TMP/graph.trig --format csv",
            "nochange": "python -m kg build CORPUS --out TMP -q (second run)",
            "five": "python -m kg build data/notices --out TMP",
        },
    }
    global BUILD_CWD, MEM_LIMIT
    MEM_LIMIT = args.max_mem_mb * MB if args.max_mem_mb else None
    if not args.no_snapshot:
        BUILD_CWD, meta["code"] = snapshot(work)
    meta["build_cwd"] = str(BUILD_CWD)
    say(f"kg bench: work folder {work}; builds run in {BUILD_CWD}")
    five = five_notices(work, args.five_runs, args.timeout)
    say(f"five shipped notices: cold {five['cold_s']} s, warm {five['warm_s']} s")
    sizes: dict[int, SizeResult] = {}
    for n in args.n:
        repeat = args.repeat or (3 if n <= 1000 else 1)
        sizes[n] = bench_size(n, work, repeat, jobs, args.seed, args.timeout, args.keep,
                              smoke=args.smoke)
    rows = evaluate(sizes, five)
    md = tables(sizes, five, rows, meta)
    print(md)
    args.out.mkdir(parents=True, exist_ok=True)
    (args.out / "results.md").write_text(md, encoding="utf-8")
    data = {"meta": meta, "targets": rows, "five": five,
            "sizes": {str(n): asdict(s) for n, s in sizes.items()}}
    (args.out / "results.json").write_text(
        json.dumps(data, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    say(f"kg bench: wrote {args.out / 'results.md'} and {args.out / 'results.json'}")
    if not args.keep and args.work is None:
        shutil.rmtree(work, ignore_errors=True)
    failed = five.get("failed") or any(s.failures for s in sizes.values())
    if failed:
        return 2
    if args.smoke:
        return 0
    return 0 if all(r["verdict"] != "FAIL" for r in rows) else 1


if __name__ == "__main__":
    raise SystemExit(main())
