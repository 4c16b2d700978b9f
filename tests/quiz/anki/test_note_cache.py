"""The note cache gives exactly the notes rendering would give, or nothing.

Every export below is compared with one made without any cache: a deck
from cached notes must be byte for byte the deck rendering gives.
"""

from __future__ import annotations

import pytest
from click.testing import CliRunner

from dlkg.cli import cli
from dlkg.common import note_cache_file
from kg.cache import CachedParser
from kg.concept import Lang
from kg.library import load_library
from quiz.anki import note_cache as note_cache_module
from quiz.anki.note_cache import NoteCache, RenderedNote
from quiz.anki.notes import export_apkg
from tests.conftest import concept_yaml
from tests.quiz.anki.conftest import FIXED_TIME

NOTE = RenderedNote(False, ("relu", "ReLU", ""), ("dlkg::nn", "activation"), "guid-1")


def test_notes_read_back_only_for_their_fingerprint(tmp_path):
    path = tmp_path / "notes.cache"
    first = NoteCache(path)
    first.put("relu", b"print-1", [NOTE])
    first.save()
    again = NoteCache(path)
    assert again.get("relu", b"print-1") == [NOTE]
    assert again.get("relu", b"print-2") is None
    assert again.get("gelu", b"print-1") is None


def test_concepts_no_longer_in_the_library_are_dropped(tmp_path):
    path = tmp_path / "notes.cache"
    first = NoteCache(path)
    for concept_id in ("relu", "gelu"):
        first.put(concept_id, b"print-1", [NOTE])
    first.save(keep={"gelu"})
    again = NoteCache(path)
    assert again.get("relu", b"print-1") is None and again.get("gelu", b"print-1") == [NOTE]


def test_a_damaged_file_is_ignored(tmp_path):
    path = tmp_path / "notes.cache"
    first = NoteCache(path)
    first.put("relu", b"print-1", [NOTE])
    first.save()
    data = bytearray(path.read_bytes())
    data[-3] ^= 0xFF
    path.write_bytes(bytes(data))
    assert NoteCache(path).get("relu", b"print-1") is None


def test_a_file_made_by_other_code_is_ignored(tmp_path, monkeypatch):
    path = tmp_path / "notes.cache"
    first = NoteCache(path)
    first.put("relu", b"print-1", [NOTE])
    first.save()
    monkeypatch.setattr(note_cache_module, "code_digest", lambda *names, **versions: b"0" * 64)
    assert NoteCache(path).get("relu", b"print-1") is None


@pytest.mark.parametrize(
    "notes",
    [
        [tuple(NOTE)],  # a list: marshal never gives one for what was stored
        (tuple(NOTE)[:3],),
        ((False, (1,), (), "g"),),
        (("no", ("x",), (), "g"),),
        ((False, ("x",), ("t", None), "g"),),
    ],
    ids=["list", "short", "field-not-text", "kind-not-bool", "tag-not-text"],
)
def test_malformed_notes_are_ignored(tmp_path, notes):
    cache = NoteCache(tmp_path / "notes.cache")
    cache._notes["relu"] = (b"print-1", notes)
    assert cache.get("relu", b"print-1") is None


def export(library_root, cache_dir, output, *args, cached=True):
    env = {"SOURCE_DATE_EPOCH": str(FIXED_TIME), "DLKG_CACHE_DIR": str(cache_dir)}
    if not cached:
        env["DLKG_NO_CACHE"] = "1"
    arguments = ["anki", "export", "--content", str(library_root), "-o", str(output), *args]
    result = CliRunner().invoke(cli, arguments, env=env)
    assert result.exit_code == 0, result.output
    return output.read_bytes()


def test_cached_decks_are_the_decks_rendering_gives(awkward_library, tmp_path):
    cache = tmp_path / "cache"
    for args in (["--variants", "2"], ["--variants", "2"], ["--lang", "en"], ["--variants", "1"]):
        warm = export(awkward_library, cache, tmp_path / "warm.apkg", *args)
        cold = export(awkward_library, cache, tmp_path / "cold.apkg", *args, cached=False)
        assert warm == cold, args
    assert len(list(cache.glob("anki-notes-*.cache"))) == 1


def test_an_edited_term_renders_its_concept_and_those_that_show_it(
    awkward_library, tmp_path, monkeypatch
):
    """b and awkward list a as a prerequisite, so a's term is on their cards: those three
    are rendered again, and nothing else."""
    cache = tmp_path / "cache"
    export(awkward_library, cache, tmp_path / "first.apkg")
    path = awkward_library / "maths" / "a.yaml"
    path.write_text(concept_yaml("a").replace("Term a", "Renamed a"), "utf-8")

    parser = CachedParser(cache / "library.cache")
    library = load_library(awkward_library, parse=parser)
    monkeypatch.setenv("DLKG_CACHE_DIR", str(cache))
    notes = NoteCache(note_cache_file(awkward_library))
    export_apkg(library, tmp_path / "api.apkg", variants=2, timestamp=FIXED_TIME, note_cache=notes)
    showing_a = [c.id for c in library if "a" in (*c.prerequisites, *c.related)]
    assert sorted(showing_a) == ["awkward", "b"] and notes.rendered == 3
    assert sorted(notes._notes) == sorted(library.concepts)

    edited = export(awkward_library, cache, tmp_path / "edited.apkg")
    assert edited == export(awkward_library, cache, tmp_path / "cold.apkg", cached=False)
    assert edited != (tmp_path / "first.apkg").read_bytes()


def test_an_unchanged_library_renders_nothing(awkward_library, tmp_path):
    library = load_library(awkward_library)
    first = NoteCache(tmp_path / "notes.cache")
    export_apkg(library, tmp_path / "one.apkg", variants=2, timestamp=FIXED_TIME, note_cache=first)
    first.save()
    again = NoteCache(tmp_path / "notes.cache")
    export_apkg(library, tmp_path / "two.apkg", variants=2, timestamp=FIXED_TIME, note_cache=again)
    assert (first.rendered, again.rendered) == (len(library), 0)
    assert (tmp_path / "one.apkg").read_bytes() == (tmp_path / "two.apkg").read_bytes()
    other = NoteCache(tmp_path / "notes.cache")
    export_apkg(library, tmp_path / "zh.apkg", lang=Lang.ZH, timestamp=FIXED_TIME, note_cache=other)
    assert other.rendered == len(library)
