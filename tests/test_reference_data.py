"""Reference data given with ``kg build --data`` is what the extractors use, and a text is
kept or skipped by what it is about."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from kg.cli import main
from kg.gazetteer import Gazetteer

NEW_BODY = """
- id: test-bureau
  name: 国家质量测试总局
  aliases: [质量测试总局]
  en: State Bureau of Quality Testing
  abbr: SBQT
  kind: department
"""
NOTICE = ("关于开展2030年全国“质量月”活动的通知\n"
          "质量测试总局、教育部联合印发通知，决定在全国开展“质量月”活动。\n")


def test_the_data_folder_given_is_the_one_the_extractors_use(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    data = tmp_path / "data"
    shutil.copytree(Path(__file__).resolve().parents[1] / "data", data,
                    ignore=shutil.ignore_patterns("notices"))
    with open(data / "departments.yaml", "a", encoding="utf-8") as fh:
        fh.write(NEW_BODY)
    corpus = tmp_path / "in"
    corpus.mkdir()
    (corpus / "notice.txt").write_text(NOTICE, encoding="utf-8")
    out = tmp_path / "out"
    try:
        status = main(["build", str(corpus), "--out", str(out), "--data", str(data),
                       "--jobs", "1", "--no-html"])
    finally:
        Gazetteer.use(Path(__file__).resolve().parents[1] / "data")  # for the other tests
    assert status == 0, capsys.readouterr().err
    report = json.loads((out / "report.json").read_text(encoding="utf-8"))
    [entry] = [e for e in report["notices"] if e["source"] == "notice.txt"]
    assert {"test-bureau", "moe"} <= set(entry["found"]["departments"])
    assert "国家质量测试总局" in (out / "graph.ttl").read_text(encoding="utf-8")


def test_a_text_on_quality_that_never_names_the_month_is_built_with_a_warning(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    corpus = tmp_path / "in"
    corpus.mkdir()
    (corpus / "excerpt.txt").write_text(
        "……（三）开展质量诚信活动。组织企业开展质量诚信承诺。\n",
        encoding="utf-8")
    out = tmp_path / "out"
    assert main(["build", str(corpus), "--out", str(out), "--jobs", "1", "--no-html"]) == 0
    assert "excerpt.txt" not in capsys.readouterr().err  # built, not skipped
    report = json.loads((out / "report.json").read_text(encoding="utf-8"))
    [entry] = report["notices"]
    assert "the text never names 质量月 or Quality Month" in entry["warnings"]
    assert entry["found"]["activities"] >= 1


def test_a_parsed_gazetteer_is_kept_and_a_changed_file_is_parsed_again(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    data = tmp_path / "data"
    data.mkdir()
    for name in ("departments.yaml", "place_rules.yaml", "places.yaml"):
        shutil.copy(Path(__file__).resolve().parents[1] / "data" / name, data / name)
    monkeypatch.setenv("KG_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.setattr(Gazetteer, "_cache", {})
    first = Gazetteer.load(data)
    [kept] = (tmp_path / "cache").glob("gazetteer-*.pickle")
    monkeypatch.setattr(Gazetteer, "_cache", {})
    monkeypatch.setattr(Gazetteer, "_from_dir", classmethod(lambda cls, root: 1 / 0))
    again = Gazetteer.load(data)  # from the pickle: parsing would raise
    assert again.departments == first.departments and again.places == first.places
    monkeypatch.undo()
    monkeypatch.setenv("KG_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.setattr(Gazetteer, "_cache", {})
    with open(data / "departments.yaml", "a", encoding="utf-8") as fh:
        fh.write(NEW_BODY)
    assert "test-bureau" in Gazetteer.load(data).departments
    assert len(list((tmp_path / "cache").glob("gazetteer-*.pickle"))) == 2
    assert kept.exists()


def test_lineage_years_agree() -> None:
    """A body's successors take over in the year it ends, and exist in that year: a wrong
    ``until`` or ``from`` would make the notice's year pick the wrong one of a shared short form."""
    departments = Gazetteer.load().departments
    for dept_id, entry in departments.items():
        if entry.get("from") and entry.get("until"):
            assert int(entry["from"]) <= int(entry["until"]), dept_id
        for successor in entry.get("successors") or []:
            after = departments[successor["id"]]
            year = int(successor["year"])
            if entry.get("until"):
                assert year == int(entry["until"]), (dept_id, successor)
            assert int(after.get("from") or 0) <= year <= int(after.get("until") or 9999), \
                (dept_id, successor)


@pytest.mark.parametrize("old, new, year", [
    # the campaign's lead bodies across the eras (国家经委 1978 →, 国家技术监督局 1988–1998,
    # 国家质量技术监督局 1998–2001, 国家质检总局 2001–2018, 市场监管总局 2018 –)
    ("sbts", "sbqts", 1998), ("sbqts", "aqsiq", 2001), ("aqsiq", "samr", 2018),
    ("moh", "nhfpc", 2013), ("nhfpc", "nhc", 2018), ("moa", "mara", 2018),
    ("mep", "mee", 2018), ("saws", "mem", 2018), ("cnta", "mct", 2018),
    ("sarft", "sapprft", 2013), ("sapprft", "nrta", 2018), ("nepa", "sepa", 1998),
    ("sfda", "cfda", 2013), ("cfda", "samr", 2018), ("saic-bureau", "saic", 2001),
    ("saic", "samr", 2018), ("sda", "sfda", 2003),
])
def test_the_campaigns_bodies_are_linked_to_their_successors(old: str, new: str,
                                                              year: int) -> None:
    successors = Gazetteer.load().departments[old].get("successors") or []
    assert {"id": new, "year": year} in successors
