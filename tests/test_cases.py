"""Held-out cases: texts of other years and kinds than the seeds, with hand-written answers.

Each case is a folder ``tests/cases/<name>/`` with ``input.txt`` (the text as found) and
``expected.yaml`` (one entry in the format of ``tests/gold_seeds.yaml``, written from the
text by a person, never from kg's output). All cases are built together through the real
pipeline and read back from the graph with SPARQL, exactly as ``tests/test_gold.py`` does
for the seeds, and scored per field (micro-averaged over the cases).

Besides the fields the gold test scores, ``title`` and ``kind`` are scored, and a case
may carry ``cited_documents`` (文号 the text only cites), ``inferred_year`` (``null``: no
year may be inferred either) and ``event_dates`` (dates of events that must be there;
``[]``: none at all, as in a text whose years are masked).

Print the score table with ``python -m tests.test_cases``; ``python -m tests.test_cases
NAME ...`` scores only the named cases (built on their own).
"""

from __future__ import annotations

import shutil
import sys
import tempfile
from pathlib import Path

import pyoxigraph as ox
import pytest
import yaml

from tests.test_gold import FIELDS, gold_set, norm, score, values

CASES_DIR = Path(__file__).parent / "cases"
THRESHOLD = 0.9

FIELDS_HERE = dict(FIELDS, cited_documents="?n qm:citesDocument ?v .",
                   title="?n dcterms:title ?v .", kind="?n qm:noticeKind ?v .")


def load_cases() -> list[dict]:
    out = []
    for folder in sorted(p for p in CASES_DIR.iterdir() if (p / "expected.yaml").is_file()):
        entry = yaml.safe_load((folder / "expected.yaml").read_text("utf-8"))
        entry["file"] = f"{folder.name}/input.txt"
        entry["name"] = folder.name
        out.append(entry)
    return out


CASES = load_cases()


def build_store(out: Path, cases_dir: Path = CASES_DIR) -> ox.Store:
    from kg.pipeline import build

    build([cases_dir], out, jobs=1, cache=False, quiet=True, validate=False, html=False)
    s = ox.Store()
    s.bulk_load(path=str(out / "graph.trig"), format=ox.RdfFormat.TRIG)
    return s


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> ox.Store:
    return build_store(tmp_path_factory.mktemp("cases"))


def found_set(store: ox.Store, entry: dict, field: str) -> set[str]:
    if field == "department_count":
        stated = values(store, entry["file"], "?n qm:statedDepartmentCount ?v .")
        return {norm(v) for v in stated or values(
            store, entry["file"], "?n qm:listedDepartmentCount ?v .")}
    return {norm(v) for v in values(store, entry["file"], FIELDS_HERE[field])}


def field_pairs(store: ox.Store, field: str) -> tuple[list[tuple[set[str], set[str]]], list[str]]:
    pairs, misses = [], []
    for entry in CASES:
        if field == "cited_documents" and "cited_documents" not in entry:
            continue
        found, gold = found_set(store, entry, field), gold_set(entry, field)
        pairs.append((found, gold))
        if found != gold:
            misses.append(f"{entry['name']}: extra {sorted(found - gold)} "
                          f"missing {sorted(gold - found)}")
    return pairs, misses


def activity_pairs(store: ox.Store) -> tuple[list[tuple[set[str], set[str]]], list[str]]:
    """Recall only, as in the gold test: a label containing the phrase or contained in it."""
    pairs, missing = [], []
    for entry in CASES:
        labels = [norm(v) for v in
                  values(store, entry["file"], "?n qm:hasActivity/rdfs:label ?v .")]
        gold = {norm(a) for a in entry.get("activities") or []}
        hit = {g for g in gold if any(g in lb or (lb and lb in g) for lb in labels)}
        pairs.append((hit, gold))
        missing += [f"{entry['name']}: {g}" for g in sorted(gold - hit)]
    return pairs, missing


SCORED = sorted([*FIELDS_HERE, "department_count"])


@pytest.mark.parametrize("field", SCORED)
def test_field_precision_and_recall(store: ox.Store, field: str) -> None:
    pairs, misses = field_pairs(store, field)
    precision, recall, *_ = score(pairs)
    assert precision >= THRESHOLD and recall >= THRESHOLD, (
        f"{field}: precision {precision:.2f} recall {recall:.2f}\n" + "\n".join(misses)
    )


def test_listed_activities_are_activity_entities(store: ox.Store) -> None:
    pairs, missing = activity_pairs(store)
    _, recall, *_ = score(pairs)
    assert recall >= THRESHOLD, "\n".join(missing)


@pytest.mark.parametrize("entry", CASES, ids=[c["name"] for c in CASES])
def test_inferred_year_is_marked_as_inferred(store: ox.Store, entry: dict) -> None:
    """No stated year where the text states none; an inferred year only where the case
    allows one, marked as inferred and with its evidence."""
    stated = {norm(y) for y in values(store, entry["file"], "?n qm:about/qm:year ?v .")}
    assert stated == gold_set(entry, "years")
    inferred = values(store, entry["file"], "?n qm:inferredAbout/qm:year ?v .")
    expected = entry.get("inferred_year")
    assert inferred == ({str(expected)} if expected else set())
    if inferred:
        assert values(store, entry["file"], "?n qm:inferenceEvidence ?v .")


@pytest.mark.parametrize("entry", [c for c in CASES if "event_dates" in c],
                         ids=[c["name"] for c in CASES if "event_dates" in c])
def test_event_dates(store: ox.Store, entry: dict) -> None:
    found = values(store, entry["file"], "?n qm:hasActivity/qm:eventDate ?v .")
    expected = {str(d) for d in entry["event_dates"]}
    if expected:
        assert expected <= found
    else:
        assert not found


@pytest.mark.parametrize("entry", CASES, ids=[c["name"] for c in CASES])
def test_at_most_one_national_theme(store: ox.Store, entry: dict) -> None:
    assert len(values(store, entry["file"], FIELDS["theme"])) <= 1


def report(store: ox.Store) -> str:
    rows = [f"{'field':<18} {'P':>5} {'R':>5} {'tp':>4} {'fp':>4} {'fn':>4}"]
    details = []
    for field in SCORED:
        pairs, misses = field_pairs(store, field)
        p, r, tp, fp, fn = score(pairs)
        rows.append(f"{field:<18} {p:5.2f} {r:5.2f} {tp:4d} {fp:4d} {fn:4d}")
        details += [f"  {field}: {m}" for m in misses]
    pairs, missing = activity_pairs(store)
    _, r, tp, _, fn = score(pairs)
    rows.append(f"{'activities':<18} {'-':>5} {r:5.2f} {tp:4d} {'-':>4} {fn:4d}")
    details += [f"  activities: missing {m}" for m in missing]
    return "\n".join(rows + ["", "misses:"] + details)


if __name__ == "__main__":
    names = sys.argv[1:]
    with tempfile.TemporaryDirectory() as tmp:
        cases_dir = CASES_DIR
        if names:
            CASES[:] = [c for c in CASES if c["name"] in names]
            cases_dir = Path(tmp) / "cases"
            for name in names:
                shutil.copytree(CASES_DIR / name, cases_dir / name)
        print(report(build_store(Path(tmp) / "out", cases_dir)))
    sys.exit(0)
