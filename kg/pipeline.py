"""``kg build``: notices in, every export out.

Per file (in parallel, cached by content hash): decode and normalise, extract facts, turn
them into triples and write the notice's part of each serialisation. As the results come
in, in source order, the parent appends the parts to the staged files and a thread loads
them into a store. Then, once: describe the shared entities, validate, answer the query
pack and draw the network, and only when all of that has succeeded, move the new files
over the old ones (kg.exporters.writer).
"""

from __future__ import annotations

import contextlib
import fcntl
import itertools
import os
import re
import sys
import tempfile
import time
from collections import deque
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from kg import manifest
from kg.cache import Cache, entry_key, fingerprint
from kg.errors import InputError, KgError, OutputError, ValidationFailed
from kg.graph import mint
from kg.graph.build import EntityRefs, Triple, build_notice
from kg.model import Fact

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_DATA = ROOT / "data"
DEFAULT_INPUT = DEFAULT_DATA / "notices"
DEFAULT_OUT = ROOT / "exports"
TEXT_SUFFIXES = {".txt", ".text", ".md", ".html", ".htm", ".xhtml", ""}
# Notices are some 10 KB; a file above this many MB is reported and skipped, not read (the
# text layer holds a file several times over in memory). `kg build --max-file-mb`.
MAX_FILE_MB = 20.0
# A text that never names the campaign nor even quality is not about it (a stray page of a
# scrape): it is skipped. One that speaks of quality but not of the month (an excerpt cut
# before its title) is built, with a warning in the report.
_QUALITY_MONTH = re.compile(r"质\s*量\s*月|quality\s+month", re.I)
_QUALITY = re.compile(r"质\s*量|quality", re.I)
NO_QUALITY_MONTH = "the text never names 质量月 or Quality Month"


@dataclass
class NoticeResult:
    """What one input file contributes: picklable, cached, sent between processes."""

    source: str
    key: str = ""
    error: str | None = None
    encoding: str = ""
    script: str = ""
    warnings: list[str] = field(default_factory=list)
    facts: list[Fact] = field(default_factory=list)
    own: list[Triple] = field(default_factory=list)
    campaign: list[Triple] = field(default_factory=list)
    refs: EntityRefs = field(default_factory=EntityRefs)
    # Filled by the build's workers (see finish_result), which then drop facts and own:
    summary: dict[str, Any] = field(default_factory=dict)  # the notice's report entry
    rendered: Any = None  # kg.exporters.writer.Rendered


@dataclass
class BuildResult:
    notices: list[NoticeResult]
    files: dict[str, Path]
    triples: int
    conforms: bool
    seconds: float
    summary: str
    cached: int = 0


# Inputs


def discover(inputs: Sequence[Path]) -> tuple[list[tuple[Path, str]], list[NoticeResult]]:
    """Files to read, each with its source path relative to its input folder, and the
    inputs that cannot be read at all (reported, not fatal)."""
    found: dict[str, Path] = {}
    problems: list[NoticeResult] = []
    for given in inputs:
        path = Path(given)
        if not path.exists() and not path.is_symlink():
            problems.append(NoticeResult(str(given), error="no such file or folder"))
        elif path.is_dir():
            for file, rel in _walk(path, problems):
                found.setdefault(rel, file)
        elif path.is_file():
            found.setdefault(path.name, path)
        else:
            problems.append(NoticeResult(str(given), error="not a regular file or folder"))
    return sorted(((p, rel) for rel, p in found.items()), key=lambda x: x[1]), problems


def _walk(top: Path, problems: list[NoticeResult]) -> Iterator[tuple[Path, str]]:
    seen: set[tuple[int, int]] = set()

    def onerror(exc: OSError) -> None:
        where = exc.filename or top
        problems.append(NoticeResult(str(where), error=f"cannot read folder ({exc.strerror})"))

    for dirpath, dirnames, filenames in os.walk(top, onerror=onerror, followlinks=True):
        try:
            st = os.stat(dirpath)
        except OSError:
            continue
        if (st.st_dev, st.st_ino) in seen:  # a symlink loop
            problems.append(NoticeResult(dirpath, error="symlink loop, skipped"))
            dirnames[:] = []
            continue
        seen.add((st.st_dev, st.st_ino))
        dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))
        for name in sorted(filenames):
            if name.startswith("."):
                continue
            file = Path(dirpath) / name
            if file.suffix.lower() not in TEXT_SUFFIXES:
                continue
            yield file, file.relative_to(top).as_posix()


# Per notice (runs in worker processes)

_WORKER: dict[str, Any] = {}


def _worker_init(data_dir: str) -> None:
    from kg.extractors import load_all
    from kg.gazetteer import Gazetteer

    _WORKER["gazetteer"] = Gazetteer.use(Path(data_dir))
    _WORKER["extractors"] = load_all()
    _WORKER["data_dir"] = data_dir


def process_file(path: Path, source: str) -> NoticeResult:
    """Decode, normalise, extract and build the triples of one file."""
    from kg.extractors import extract
    from kg.text import document_from_bytes

    try:
        data = path.read_bytes()
    except OSError as exc:
        return NoticeResult(source, error=f"cannot read file ({exc.strerror})")
    return process_bytes(data, source)


def process_bytes(data: bytes, source: str) -> NoticeResult:
    from kg.extractors import extract
    from kg.text import document_from_bytes

    try:
        doc = document_from_bytes(data, source)
    except InputError as exc:  # "source: cause"; the build names the file itself
        return NoticeResult(source, error=str(exc).removeprefix(f"{source}: "))
    if not _QUALITY_MONTH.search(doc.text):
        if not _QUALITY.search(doc.text):
            # A text that lost its characters in a wrong decoding says so: that is the cause.
            lost = [w for w in doc.warnings if w.startswith("characters lost in decoding")]
            return NoticeResult(source, key=doc.key, encoding=doc.encoding, script=doc.script,
                                error="no Quality Month content (the text names neither "
                                "质量月 nor even 质量 or quality), skipped"
                                + "".join(f"; {w}" for w in lost))
        doc.warnings.append(NO_QUALITY_MONTH)
    facts = extract(doc, _WORKER["extractors"])
    triples = build_notice(doc, facts, _WORKER["gazetteer"])
    return NoticeResult(
        source=source, key=doc.key, encoding=doc.encoding, script=doc.script,
        warnings=list(doc.warnings), facts=facts, own=triples.own,
        campaign=triples.campaign, refs=triples.refs,
    )


def _process_cached(item: tuple[Path, str, str, str, float]) -> tuple[NoticeResult, bool]:
    path, source, fp, cache_dir, max_mb = item
    try:
        size = path.stat().st_size
        if size > max_mb * 1e6:
            return NoticeResult(source, error=f"file too large ({size / 1e6:.1f} MB > "
                                f"{max_mb:g} MB limit; see --max-file-mb)"), False
        data = path.read_bytes()
    except OSError as exc:
        return NoticeResult(source, error=f"cannot read file ({exc.strerror})"), False
    cache = Cache(Path(cache_dir)) if cache_dir else None
    key = entry_key(data, source, fp)
    if cache is not None:
        hit = cache.get(key)
        if isinstance(hit, NoticeResult):
            return hit, True
    try:
        result = process_bytes(data, source)
    except Exception as exc:  # an extractor bug must not end the build
        if os.environ.get("KG_DEBUG"):
            raise
        return NoticeResult(source, error=f"internal error while extracting ({exc!r})"), False
    if result.error is None:
        finish_result(result)
        if cache is not None:
            cache.put(key, result)
    return result, False


def finish_result(result: NoticeResult) -> NoticeResult:
    """Write the notice's part of each export and its report entry, in the worker, and drop
    its facts and own triples: the parent only streams the parts to the files."""
    from kg.exporters.report import summarise
    from kg.exporters.writer import render_notice

    result.summary = summarise(result.facts)
    result.rendered = render_notice(result.key, result.own, result.campaign)
    result.facts, result.own = [], []
    return result


# The build


class Progress:
    """Count and rate on stderr when it is a terminal; silent otherwise or when quiet."""

    def __init__(self, total: int, quiet: bool) -> None:
        self.total = total
        self.live = not quiet and sys.stderr.isatty()
        self.start = time.perf_counter()
        self.done = 0

    def step(self) -> None:
        self.done += 1
        if self.live and (self.done == self.total or self.done % 25 == 0):
            rate = self.done / max(time.perf_counter() - self.start, 1e-9)
            sys.stderr.write(f"\r  extracting {self.done}/{self.total} ({rate:.0f}/s)")
            if self.done == self.total:
                sys.stderr.write("\n")
            sys.stderr.flush()


def _in_order(pool: ProcessPoolExecutor, items: Sequence[Any],
              window: int) -> Iterator[tuple[NoticeResult, bool]]:
    """``pool.map(_process_cached, items)`` with at most ``window`` results ahead of the one
    taken: cached results come back faster than the parent writes them, and each holds a
    notice's rendered exports (a quarter of a megabyte), so an unbounded map held them all
    (7.3 GB for a rebuild of 10,000 notices)."""
    pending: deque[Future[tuple[NoticeResult, bool]]] = deque()
    todo = iter(items)
    for item in itertools.islice(todo, window):
        pending.append(pool.submit(_process_cached, item))
    while pending:
        result = pending.popleft().result()
        for item in itertools.islice(todo, 1):
            pending.append(pool.submit(_process_cached, item))
        yield result


@contextlib.contextmanager
def build_lock(out: Path) -> Iterator[None]:
    """One build at a time per output folder; the second is told, not blocked."""
    try:
        out.mkdir(parents=True, exist_ok=True)
        fh = open(out / ".kg-build.lock", "a+")
        tempfile.TemporaryFile(dir=out).close()  # writable? find out before extracting
    except OSError as exc:
        raise OutputError(f"{out}: cannot write the output folder ({exc.strerror})") from exc
    try:
        try:
            fcntl.flock(fh, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise OutputError(
                f"{out}: another kg build is writing to this folder; wait for it to finish"
            ) from None
        yield
    finally:
        fh.close()


def build(
    inputs: Sequence[Path] | None = None,
    out: Path | None = None,
    *,
    data_dir: Path | None = None,
    jobs: int | None = None,
    validate: bool = True,
    strict: bool = False,
    quiet: bool = False,
    cache: bool = True,
    html: bool = True,
    log: Callable[[str], None] | None = None,
    max_file_mb: float = MAX_FILE_MB,
) -> BuildResult:
    """Build every export from the notices in ``inputs`` into ``out``.

    Raises:
        InputError: with ``strict``, when any input file could not be used.
        OutputError: the output folder cannot be written or is locked.
        ValidationFailed: the graph does not conform (after the files are written).
    """
    t0 = time.perf_counter()
    say = log or (lambda msg: None if quiet else print(msg, file=sys.stderr))
    warn = log or (lambda msg: print(msg, file=sys.stderr))  # also when quiet
    inputs = list(inputs) if inputs else [DEFAULT_INPUT]
    out = Path(out) if out else DEFAULT_OUT
    data_dir = Path(data_dir) if data_dir else DEFAULT_DATA
    jobs = max(1, jobs or os.cpu_count() or 1)

    from kg.gazetteer import Gazetteer

    files, problems = discover(inputs)
    with build_lock(out):
        fp = fingerprint(data_dir)
        options = {"validate": validate, "html": html, "max_file_mb": max_file_mb}
        build_stamp = manifest.stamp(files, fp, options) if cache and not problems else None
        last = manifest.current(out, build_stamp)
        if last is not None:
            return _up_to_date(out, last, t0, say, warn)
        # After the check: the stamp covers the reference data, so an up-to-date build has
        # nothing to learn from it. Malformed reference data is fatal (ConfigError).
        gazetteer = Gazetteer.load(data_dir)
        manifest.forget(out)
        cache_dir = str(out / ".cache") if cache else ""
        items = [(p, rel, fp, cache_dir, max_file_mb) for p, rel in files]
        progress = Progress(len(items), quiet)
        results: list[NoticeResult] = []
        cached = 0

        from kg.exporters.writer import Staging, write_exports

        staging = Staging(out)
        try:
            def take(result: NoticeResult, hit: bool) -> None:
                nonlocal cached
                staging.add(result)  # in source order: items are sorted
                results.append(result)
                cached += hit
                progress.step()

            if jobs > 1 and len(items) > 8:
                with ProcessPoolExecutor(jobs, initializer=_worker_init,
                                         initargs=(str(data_dir),)) as pool:
                    for result, hit in _in_order(pool, items, window=32 * jobs):
                        take(result, hit)
            else:
                _worker_init(str(data_dir))
                for item in items:
                    take(*_process_cached(item))
            say(f"kg: stage extract {time.perf_counter() - t0:.3f} s")
            for problem in problems:
                staging.add(problem)
            results.extend(problems)
            results.sort(key=lambda r: r.source)
            where = {rel: str(p) for p, rel in files}  # name the file as the user can find it
            for r in results:
                if r.error:
                    warn(f"kg: {shown(where.get(r.source, r.source))}: {r.error}")
            failed = [r for r in results if r.error]
            if strict and failed:
                raise InputError(f"{len(failed)} input file(s) could not be used (--strict); "
                                 f"{out} is unchanged")
            if len(failed) == len(results):  # a typo must not replace the exports by nothing
                raise InputError(
                    f"no notice could be built from the input(s); {out} is unchanged")
        except BaseException:
            staging.discard()
            raise

        files_written, triples, conforms, report_text = write_exports(
            staging, gazetteer, validate=validate, html=html, say=say)
        ok = [r for r in results if not r.error]
        manifest.record(out, build_stamp, files_written, {
            "notices": len(ok), "triples": triples, "conforms": conforms,
            "validation": report_text,
            "errors": [[where.get(r.source, r.source), r.error] for r in failed]})
    seconds = time.perf_counter() - t0
    summary = _summary(out, len(ok), triples, len(failed), cached, conforms, seconds)
    result = BuildResult(results, files_written, triples, conforms, seconds, summary, cached)
    if not conforms:
        raise ValidationFailed(f"{out / 'graph.ttl'}: the graph does not conform:\n{report_text}")
    return result


def _summary(out: Path, notices: int, triples: int, skipped: int, cached: int, conforms: bool,
             seconds: float) -> str:
    return (
        f"kg: built {notices} notice(s) into {out}: {triples} triples"
        f"{', ' + str(skipped) + ' file(s) skipped' if skipped else ''}"
        f"{', ' + str(cached) + ' from cache' if cached else ''}"
        f", {'conforms' if conforms else 'DOES NOT CONFORM to the shapes'}"
        f" ({seconds:.1f} s)"
    )


def _up_to_date(out: Path, last: dict[str, Any], t0: float, say: Callable[[str], None],
                warn: Callable[[str], None]) -> BuildResult:
    """Nothing changed since the last build into ``out`` (kg.manifest): say so, repeat
    what that build had to say (unusable files, a graph that does not conform: exit 1
    again), and touch nothing."""
    errors = last.get("errors") or []
    for where, error in errors:
        warn(f"kg: {shown(where)}: {error}")
    say("kg: nothing changed since the last build; the exports are up to date")
    if not last.get("conforms", False):
        raise ValidationFailed(
            f"{out / 'graph.ttl'}: the graph does not conform:\n{last.get('validation', '')}")
    notices, triples = int(last["notices"]), int(last["triples"])
    seconds = time.perf_counter() - t0
    summary = _summary(out, notices, triples, len(errors), notices, True, seconds)
    files = {rel: out / rel for rel in last["files"]}
    return BuildResult([], files, triples, True, seconds, summary, notices)


_CONTROL = re.compile(r"[\x00-\x1f\x7f]")


def shown(name: str) -> str:
    """A file name as printed in a message: its control characters (a newline in a name)
    escaped, so that one problem stays one line."""
    return _CONTROL.sub(lambda m: f"\\x{ord(m.group()):02x}", name)


def is_error(exc: BaseException) -> bool:
    return isinstance(exc, KgError)
