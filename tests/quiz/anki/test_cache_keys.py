"""The deck caches are keyed by every module that computes what they keep."""

from __future__ import annotations

import pytest

from kg.plumbing.code_digest import code_digest, import_closure, source_files
from quiz.anki.note_cache import NOTE_CODE, NOTE_PACKAGES
from quiz.anki.problem_cache import PROBLEM_CODE

PROJECT = ("quiz", "kg", "engine")


def covered(names):
    return {path for name in names for path in source_files(name)}


@pytest.mark.parametrize(
    ("root", "key"), [("quiz.numeric", PROBLEM_CODE), ("quiz.anki.notes", NOTE_CODE)]
)
def test_the_key_covers_the_import_closure(root, key):
    needed = {path for name in import_closure(root, within=PROJECT) for path in source_files(name)}
    missing = sorted(str(path) for path in needed - covered(key))
    assert missing == []


def test_the_note_key_holds_the_question_seed_and_genanki_version():
    # question.SEED_RANGE feeds the variant seeds; genanki's guid_for makes the GUIDs.
    assert "quiz.question" in import_closure("quiz.anki.notes", within=PROJECT)
    assert "genanki" in NOTE_PACKAGES


def test_a_package_version_changes_the_digest(monkeypatch):
    from kg.plumbing import code_digest as module

    before = code_digest("kg.text", packages=("numpy",))
    monkeypatch.setattr(module, "_version", lambda package: b"0.0")
    assert code_digest("kg.text", packages=("numpy",)) != before
