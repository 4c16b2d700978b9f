"""The compile cache: warm loads parse nothing, edits re-parse one file, bad caches are rebuilt."""

from __future__ import annotations

import json
import os

import pytest

from kg.cache import CachedParser, cache_file_for
from kg.errors import ContentError
from kg.library import load_library
from tests.conftest import concept_yaml


@pytest.fixture
def parser(tmp_path):
    return CachedParser(tmp_path / "cache" / "library.json")


def load(root, parser):
    return load_library(root, parse=parser)


def test_warm_load_parses_nothing_and_gives_the_same_library(small_library, parser):
    cold = load(small_library, parser)
    assert parser.parsed == 5
    warm = load(small_library, parser)
    assert parser.parsed == 0
    assert warm.concepts == cold.concepts
    assert [c.to_record() for c in warm] == [c.to_record() for c in cold]


def test_one_edited_file_is_the_only_one_parsed(small_library, parser):
    load(small_library, parser)
    path = small_library / "maths" / "b.yaml"
    path.write_text(path.read_text("utf-8").replace("Term b", "Term bee"), "utf-8")
    library = load(small_library, parser)
    assert parser.parsed == 1 and library["b"].term.en == "Term bee"


def test_added_and_removed_files(small_library, parser):
    load(small_library, parser)
    (small_library / "models" / "f.yaml").write_text(concept_yaml("f"), "utf-8")
    assert "f" in load(small_library, parser).concepts and parser.parsed == 1
    (small_library / "models" / "f.yaml").unlink()
    assert "f" not in load(small_library, parser).concepts and parser.parsed == 0


def test_problems_are_cached_and_cross_file_checks_always_run(write_library, parser):
    root = write_library(
        {"m/a": concept_yaml("a", extra="colour: red\n"), "m/b": concept_yaml("b")}
    )
    with pytest.raises(ContentError) as cold:
        load(root, parser)
    with pytest.raises(ContentError) as warm:
        load(root, parser)
    assert parser.parsed == 0 and warm.value.problems == cold.value.problems
    (root / "m" / "a.yaml").write_text(concept_yaml("a", prerequisites=["b"]), "utf-8")
    load(root, parser)
    (root / "m" / "b.yaml").write_text(concept_yaml("b", prerequisites=["a"]), "utf-8")
    with pytest.raises(ContentError, match="prerequisite cycle"):
        load(root, parser)
    assert parser.parsed == 1


@pytest.mark.parametrize(
    "damage",
    [
        lambda raw: raw[: len(raw) // 2],
        lambda raw: b"not a cache at all",
        lambda raw: raw.replace(b"Term a", b"Term X"),
        lambda raw: b"",
        lambda raw: bytes(reversed(raw)),
    ],
)
def test_corrupt_or_tampered_cache_is_ignored_and_rebuilt(small_library, parser, damage):
    load(small_library, parser)
    parser.cache_file.write_bytes(damage(parser.cache_file.read_bytes()))
    library = load(small_library, parser)
    assert parser.parsed == 5 and library["a"].term.en == "Term a"
    load(small_library, parser)
    assert parser.parsed == 0


def test_well_formed_but_wrong_records_are_reparsed(small_library, parser):
    import hashlib

    load(small_library, parser)
    body = json.loads(parser.cache_file.read_bytes().partition(b"\n")[2])
    body["files"]["maths/a.yaml"]["concept"] = {"id": 3}
    raw = json.dumps(body).encode()
    parser.cache_file.write_bytes(hashlib.sha256(raw).hexdigest().encode() + b"\n" + raw)
    assert load(small_library, parser)["a"].term.en == "Term a" and parser.parsed == 1


def test_same_size_edit_with_new_mtime_is_seen(small_library, parser):
    load(small_library, parser)
    path = small_library / "maths" / "a.yaml"
    path.write_text(path.read_text("utf-8").replace("Term a", "Term z"), "utf-8")
    stat = path.stat()
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1_000_000))
    assert load(small_library, parser)["a"].term.en == "Term z"


def test_paths_in_messages_follow_the_working_directory(
    write_library, parser, monkeypatch, tmp_path
):
    root = write_library({"m/a": concept_yaml("a", extra="colour: red\n")})
    monkeypatch.chdir(root)
    with pytest.raises(ContentError) as first:
        load(root, parser)
    assert first.value.problems[0].path == "m/a.yaml"
    monkeypatch.chdir(tmp_path)
    with pytest.raises(ContentError) as second:
        load(root, parser)
    assert second.value.problems[0].path == "content/m/a.yaml" and parser.parsed == 0


def test_one_cache_file_per_library_and_version(tmp_path):
    first = cache_file_for(tmp_path, tmp_path / "a", salt="1")
    assert first != cache_file_for(tmp_path, tmp_path / "b", salt="1")
    assert first != cache_file_for(tmp_path, tmp_path / "a", salt="2")


def test_unwritable_cache_folder_only_costs_speed(small_library, tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("x")
    parser = CachedParser(blocker / "cache.json")
    assert len(load(small_library, parser)) == 5
