"""The per-user cache of what kg derives from its own files (kg.derived): compiled shape
checks and the ontology's pages come back equal to freshly made ones, an edit is a miss, and
a build with a warm cache does not import rdflib."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from kg import derived, validate
from kg.exporters import ontology_files
from kg.exporters.ontology_doc import load_ontology_doc, render_html, render_markdown
from kg.shapes import compile_shapes

ROOT = Path(__file__).resolve().parents[1]
HIERARCHY = (("http://www.w3.org/ns/org#Organization",
              ("http://www.w3.org/ns/org#Organization",
               "https://w3id.org/quality-month/ontology#Department")),)


@pytest.fixture()
def cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "cache"
    monkeypatch.setenv("KG_CACHE_DIR", str(folder))
    validate._checks_of_file.cache_clear()
    yield folder
    validate._checks_of_file.cache_clear()


def test_cached_checks_equal_the_compiled_ones(cache: Path) -> None:
    fresh = compile_shapes(validate.SHAPES_PATH, subclasses=HIERARCHY)
    assert validate._checks(None, HIERARCHY) == fresh  # made, and kept
    [kept] = cache.glob("shapes-*.json")
    validate._checks_of_file.cache_clear()
    assert validate._checks(None, HIERARCHY) == fresh  # read back
    # Another hierarchy is another set of checks, kept apart.
    validate._checks_of_file.cache_clear()
    assert validate._checks(None, ()) == compile_shapes(validate.SHAPES_PATH)
    assert len(list(cache.glob("shapes-*.json"))) == 2 and kept.exists()


def test_an_edited_shapes_file_is_compiled_again(cache: Path, tmp_path: Path) -> None:
    # The key is the content (the path is not part of it); two paths, as the process keeps
    # what it read of each.
    text = validate.SHAPES_PATH.read_text(encoding="utf-8")
    edited = text.replace("sh:minCount 1 ;\n    sh:maxCount 1 ;\n    sh:message \"An activity",
                          "sh:maxCount 1 ;\n    sh:message \"An activity")
    assert edited != text
    (tmp_path / "a.ttl").write_text(text, encoding="utf-8")
    (tmp_path / "b.ttl").write_text(edited, encoding="utf-8")
    before = validate._checks(tmp_path / "a.ttl", ())
    after = validate._checks(tmp_path / "b.ttl", ())
    gone = {(c.shape, c.component) for c in before} - {(c.shape, c.component) for c in after}
    assert gone == {("<https://w3id.org/quality-month/shapes#Activity-listedIn>",
                     "MinCountConstraintComponent")}
    assert len(list(cache.glob("shapes-*.json"))) == 2


def test_a_value_that_is_not_json_is_made_again(cache: Path) -> None:
    calls = []

    def make() -> dict[str, int]:
        calls.append(1)
        return {"n": len(calls)}

    assert derived.cached("probe", ["a"], make) == {"n": 1}
    assert derived.cached("probe", ["a"], make) == {"n": 1} and len(calls) == 1
    [path] = cache.glob("probe-*.json")
    path.write_text('{"n": ', encoding="utf-8")  # cut short
    assert derived.cached("probe", ["a"], make) == {"n": 2}
    assert json.loads(path.read_text(encoding="utf-8")) == {"n": 2}
    assert derived.cached("probe", ["a", ""], make) == {"n": 3}  # other parts, other key


def test_an_unwritable_cache_folder_only_costs_time(tmp_path: Path,
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("", encoding="utf-8")
    monkeypatch.setenv("KG_CACHE_DIR", str(blocker / "kg"))  # below a file: cannot be made
    assert derived.cached("probe", ["b"], lambda: [1, 2]) == [1, 2]


def test_cached_ontology_pages_equal_the_rendered_ones(cache: Path) -> None:
    doc = load_ontology_doc()
    expected = {"ontology.html": render_html(doc), "ontology.md": render_markdown(doc)}
    assert ontology_files.ontology_pages() == expected
    assert len(list(cache.glob("ontology-docs-*.json"))) == 1
    assert ontology_files.ontology_pages() == expected


def test_a_build_with_a_warm_cache_does_not_import_rdflib(tmp_path: Path) -> None:
    code = ("import sys\nfrom pathlib import Path\nfrom kg.pipeline import build\n"
            "build([Path(sys.argv[1])], Path(sys.argv[2]), jobs=1, quiet=True, cache=False)\n"
            "print('rdflib' in sys.modules)\n")
    env = {**os.environ, "KG_CACHE_DIR": str(tmp_path / "cache")}
    seeds = ROOT / "data" / "notices"
    runs = [subprocess.run([sys.executable, "-c", code, str(seeds), str(tmp_path / f"out{i}")],
                           env=env, capture_output=True, text=True, check=True, cwd=ROOT)
            for i in range(2)]
    assert [r.stdout.split()[-1] for r in runs] == ["True", "False"]
    first, second = (tmp_path / "out0", tmp_path / "out1")
    for name in ("ontology.html", "ontology.md", "validation.txt"):
        assert (first / name).exists() == (second / name).exists()
        if (first / name).exists():
            assert (first / name).read_bytes() == (second / name).read_bytes(), name
