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

``activities`` are scored for recall: an activity is found when a label contains it or is
contained in it. An entry may be a list of the ways the text names one activity (举办全国
“质量月”活动启动仪式, and the same ceremony as the subject of its dated clause, 启动仪式在…举办):
it is found when any of them is. A case with ``activities_complete: true`` lists every
activity of its text (checked by reading it); there each label kg gives must be one of those
names (compared on CJK, letters and digits) with its brackets and quotes closed (not
举办…启动仪式( ), else it is a false activity. Activity precision
is micro-averaged over those cases and must not fall below ``ACTIVITY_PRECISION``.
There, too, two activities of the graph whose labels are names of one listed activity (the
item 举办全国“质量月”活动启动仪式 and the dated clause 启动仪式在…举办 made a second activity of
it) are a duplicate: users who list the activities see it twice. Duplicates are counted as the
activities beyond the first that one listed activity gets, and must not exceed
``ACTIVITY_DUPLICATES``.

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

from tests.test_gold import FIELDS, PREFIX, gold_set, norm, score, values

CASES_DIR = Path(__file__).parent / "cases"
THRESHOLD = 0.9
#: Activity precision on the cases whose list is complete: the level reached, so that any
#: new false activity fails (52 cases, 245 of 245 labels; 44 cases, 213 of 213 before the
#: act3_* probes of summaries, review sections, tables pasted a cell a line and several
#: cities' launches, which made no false one; 39 cases, 181 of 181 before the
#: act2_* probes, whose phases, (I) items and a quoted theme made 9 false ones, now none;
#: 31 cases, 143 of 143 before the
#: act_* probes of dated items, tables and duties; 163 of 163 before duplicates were merged;
#: 157 of 167 before the fixes that came with the measure: a time of day, a bracket, a duty,
#: a table row, English cut at 50 characters, a theme, a description of several, a vague
#: 启动仪式, a whole item lead).
ACTIVITY_PRECISION = 1.0
#: Duplicate activities on the complete cases: the level reached, so that a new one fails
#: (0; 1 before a date of the campaign's English launch dated its one launch ceremony;
#: 22 before an event telling its item's own event again, or a date in an item's clause
#: naming its kind of event, in Chinese or English, dated the item instead; 9 before a quoted
#: name the item only holds, 开展“江苏精品”认证, was the item; 3 before an event named by what
#: the item holds, and a later mention of an event with or without “质量月”, were one; the
#: act_* probes brought 5, an item's second date and a sentence of two dated events each made
#: an activity of their own, now none; the last was english_qa_2021's launch of the
#: campaign, launched on Sept 1 in Hangzhou, beside its launch ceremony).
ACTIVITY_DUPLICATES = 0

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


def activity_names(entry: dict) -> list[set[str]]:
    """The activities of a case, each as the set of its names (normalised)."""
    return [{norm(a) for a in (item if isinstance(item, list) else [item])}
            for item in entry.get("activities") or []]


def activity_labels(store: ox.Store, entry: dict) -> list[str]:
    return sorted(values(store, entry["file"], "?n qm:hasActivity/rdfs:label ?v ."))


def activity_pairs(store: ox.Store) -> tuple[list[tuple[set[str], set[str]]], list[str]]:
    """Recall only, as in the gold test: a label containing the phrase or contained in it."""
    pairs, missing = [], []
    for entry in CASES:
        labels = [norm(v) for v in activity_labels(store, entry)]
        gold = {min(names) for names in activity_names(entry)}
        hit = {min(names) for names in activity_names(entry)
               if any(g in lb or (lb and lb in g) for g in names for lb in labels)}
        pairs.append((hit, gold))
        missing += [f"{entry['name']}: {g}" for g in sorted(gold - hit)]
    return pairs, missing


def closed(label: str) -> bool:
    """Whether every bracket and quote the label opens it also closes, and the reverse."""
    pairs = ("()", "（）", "[]", "【】", "“”", "‘’", "「」", "『』", "《》")
    return all(label.count(a) == label.count(b) for a, b in pairs) and label.count('"') % 2 == 0


def activity_precision(store: ox.Store) -> tuple[float, int, int, list[str]]:
    """``(precision, tp, fp, false labels)`` over the cases with ``activities_complete``:
    a label is right when it is one of the names of a listed activity."""
    tp = fp = 0
    false = []
    for entry in CASES:
        if not entry.get("activities_complete"):
            continue
        names = set().union(*activity_names(entry))
        for label in activity_labels(store, entry):
            if norm(label) in names and closed(label):
                tp += 1
            else:
                fp += 1
                false.append(f"{entry['name']}: {label}")
    return (tp / (tp + fp) if tp + fp else 1.0), tp, fp, false


def activity_entities(store: ox.Store, entry: dict) -> list[tuple[str, str]]:
    """``(activity IRI, label)`` of each activity of the case's notice (an activity with the
    label of another is still another one)."""
    q = PREFIX + f"""
        SELECT DISTINCT ?a ?v WHERE {{
          ?n a qm:Notice ; dcterms:source {ox.Literal(entry["file"])} ;
             qm:hasActivity ?a . ?a rdfs:label ?v .
        }}"""
    return sorted((str(r["a"].value), str(r["v"].value))
                  for r in store.query(q, use_default_graph_as_union=True))


def activity_duplicates(store: ox.Store) -> tuple[int, list[str]]:
    """``(count, descriptions)`` of duplicate activities over the cases with
    ``activities_complete``: each listed activity that two or more activities of the graph
    name counts the ones beyond the first."""
    count = 0
    found = []
    for entry in CASES:
        if not entry.get("activities_complete"):
            continue
        acts = activity_entities(store, entry)
        for names in activity_names(entry):
            same = sorted({a for a, label in acts if norm(label) in names})
            if len(same) > 1:
                count += len(same) - 1
                labels = sorted({label for a, label in acts if a in same})
                found.append(f"{entry['name']}: {len(same)} activities {labels}")
    return count, found


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


def test_no_false_activities_where_the_list_is_complete(store: ox.Store) -> None:
    precision, _tp, _fp, false = activity_precision(store)
    assert precision >= ACTIVITY_PRECISION, (
        f"activity precision {precision:.3f} < {ACTIVITY_PRECISION}\n" + "\n".join(false))


def test_no_more_duplicate_activities_where_the_list_is_complete(store: ox.Store) -> None:
    count, found = activity_duplicates(store)
    assert count <= ACTIVITY_DUPLICATES, (
        f"{count} duplicate activities > {ACTIVITY_DUPLICATES}\n" + "\n".join(found))


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
    p, ptp, pfp, false = activity_precision(store)
    complete = sum(1 for c in CASES if c.get("activities_complete"))
    rows.append(f"{'activities, P on':<18} {p:5.2f} {'-':>5} {ptp:4d} {pfp:4d} {'-':>4}"
                f"   ({complete} cases with a complete list)")
    dup, duplicated = activity_duplicates(store)
    rows.append(f"{'activities, dup':<18} {dup:>5} {'-':>5} {'-':>4} {'-':>4} {'-':>4}"
                f"   (activities beyond the first per listed activity, same cases)")
    details += [f"  activities: missing {m}" for m in missing]
    details += [f"  activities: false {m}" for m in false]
    details += [f"  activities: duplicate {m}" for m in duplicated]
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
