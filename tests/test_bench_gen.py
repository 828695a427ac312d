"""The benchmark's corpus generator (bench/gen_corpus.py): deterministic, the requested
count, every encoding decodes back, years vary."""

from __future__ import annotations

import importlib.util
import json
import re
import sys
from pathlib import Path
from types import ModuleType

import pytest

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def gen() -> ModuleType:
    spec = importlib.util.spec_from_file_location("gen_corpus", ROOT / "bench" / "gen_corpus.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules["gen_corpus"] = module
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def corpus(gen: ModuleType, tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, list[Path]]:
    out = tmp_path_factory.mktemp("corpus")
    return out, gen.generate(300, out, seed=0)


def _files(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir())}


# Python codec for each encoding label of the manifest (the BOM is part of the bytes).
CODECS = {
    "utf-8": "utf-8",
    "utf-8-sig": "utf-8-sig",
    "gb18030": "gb18030",
    "big5": "cp950",
    "utf-16": "utf-16",
    "utf-16-be-bom": "utf-16",
}


def test_generator_is_deterministic_for_a_seed(gen: ModuleType, tmp_path: Path) -> None:
    gen.generate(40, tmp_path / "a", seed=7)
    gen.generate(40, tmp_path / "b", seed=7)
    gen.generate(40, tmp_path / "c", seed=8)
    a, b, c = (_files(tmp_path / x) for x in "abc")
    assert a == b
    assert a != c


def test_a_smaller_corpus_is_a_prefix_of_a_larger_one(gen: ModuleType, tmp_path: Path) -> None:
    small = [p.read_bytes() for p in gen.generate(10, tmp_path / "s", seed=1)]
    large = [p.read_bytes() for p in gen.generate(30, tmp_path / "l", seed=1)]
    assert small == large[:10]


@pytest.mark.parametrize("n", [0, 1, 17])
def test_generator_writes_the_requested_count(gen: ModuleType, tmp_path: Path, n: int) -> None:
    paths = gen.generate(n, tmp_path, seed=0)
    assert len(paths) == n == len({p.read_bytes() for p in paths})
    visible = [p for p in tmp_path.iterdir() if not p.name.startswith(".")]
    assert sorted(visible) == sorted(paths)


def test_regenerating_a_smaller_corpus_removes_the_old_files(gen: ModuleType,
                                                             tmp_path: Path) -> None:
    gen.generate(12, tmp_path, seed=0)
    gen.generate(5, tmp_path, seed=0)
    assert len([p for p in tmp_path.iterdir() if not p.name.startswith(".")]) == 5


def test_every_encoding_is_used(corpus: tuple[Path, list[Path]], gen: ModuleType) -> None:
    entries = gen.read_manifest(corpus[0])["files"]
    assert {e["encoding"] for e in entries} == set(CODECS)
    assert {e["script"] for e in entries} == {"simplified", "s2t", "s2twp"}
    assert any(e["pinyin"] for e in entries)
    assert any(e["boilerplate"] for e in entries)
    assert all(e["encoding"] != "gb18030" or e["script"] == "simplified" for e in entries)
    assert all(e["encoding"] != "big5" or e["script"] != "simplified" for e in entries)


def test_the_encodings_decode_back(corpus: tuple[Path, list[Path]], gen: ModuleType) -> None:
    try:
        from kg.text.decode import decode_bytes
    except ImportError:
        decode_bytes = None
    folder, _ = corpus
    for entry in gen.read_manifest(folder)["files"]:
        data = (folder / entry["file"]).read_bytes()
        text = data.decode(CODECS[entry["encoding"]]).lstrip("\ufeff")
        assert "质量月" in text or "質量月" in text, entry
        if decode_bytes is not None:
            decoded, _name = decode_bytes(data)
            assert decoded.lstrip("\ufeff") == text, entry


def test_years_vary_and_are_written(corpus: tuple[Path, list[Path]], gen: ModuleType) -> None:
    folder, _ = corpus
    entries = gen.read_manifest(folder)["files"]
    years = {e["year"] for e in entries}
    assert len(years) >= 25
    assert min(years) >= 1990 and max(years) <= 2025
    for entry in entries:
        text = (folder / entry["file"]).read_bytes().decode(CODECS[entry["encoding"]])
        assert str(entry["year"]) in text, entry


def test_pinyin_annotations_follow_a_character(corpus: tuple[Path, list[Path]],
                                               gen: ModuleType) -> None:
    folder, _ = corpus
    with_pinyin = [e for e in gen.read_manifest(folder)["files"] if e["pinyin"]]
    for entry in with_pinyin[:10]:
        text = (folder / entry["file"]).read_bytes().decode(CODECS[entry["encoding"]])
        assert re.search(r"[\u4e00-\u9fff]\([a-zāáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜü]+\)", text), entry


def test_the_manifest_is_hidden_from_kg_build(corpus: tuple[Path, list[Path]]) -> None:
    folder, paths = corpus
    manifest = json.loads((folder / ".manifest.json").read_text(encoding="utf-8"))
    assert [e["file"] for e in manifest["files"]] == [p.name for p in paths]
