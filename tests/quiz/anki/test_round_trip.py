"""Export, then ``dlkg anki import``: the drafts load as the same concepts."""

from __future__ import annotations

import pytest
from click.testing import CliRunner

from dlkg.cli import cli
from kg.errors import ContentError
from kg.library import load_library
from quiz.anki.drafts import concept_drafts
from quiz.anki.notes import export_apkg
from quiz.anki.package_reader import read_apkg
from tests.conftest import BUNDLED_CONTENT
from tests.quiz.anki.conftest import FIXED_TIME

COMPARED = (
    "id",
    "term",
    "aliases",
    "domain",
    "definition",
    "example",
    "formula",
    "tags",
    "prerequisites",
    "related",
    "engine",
    "legend",
    "worked_example",
    "notes",
    "references",
)


def import_drafts(package, out_dir, *extra):
    result = CliRunner().invoke(
        cli, ["anki", "import", str(package), "--out", str(out_dir), *extra]
    )
    assert result.exit_code == 0, result.output
    return result


def assert_same_concepts(original, imported):
    assert set(imported.concepts) == set(original.concepts)
    for concept in original:
        expected = {key: concept.to_dict()[key] for key in COMPARED}
        actual = {key: imported[concept.id].to_dict()[key] for key in COMPARED}
        assert actual == expected, concept.id


@pytest.mark.parametrize("variants", [0, 2])
def test_a_small_awkward_library_round_trips(awkward_library, tmp_path, variants):
    library = load_library(awkward_library)
    export_apkg(library, tmp_path / "deck.apkg", variants=variants, timestamp=FIXED_TIME)
    result = import_drafts(tmp_path / "deck.apkg", tmp_path / "drafts")
    assert "Wrote 6 concept drafts" in result.output
    assert (tmp_path / "drafts" / "models" / "awkward.yaml").is_file()
    assert_same_concepts(library, load_library(tmp_path / "drafts"))


def test_the_bundled_library_round_trips(tmp_path):
    library = load_library(BUNDLED_CONTENT)
    export_apkg(library, tmp_path / "dlkg.apkg", variants=1, timestamp=FIXED_TIME)
    import_drafts(tmp_path / "dlkg.apkg", tmp_path / "drafts")
    assert_same_concepts(library, load_library(tmp_path / "drafts"))


def test_a_one_language_export_names_what_is_missing(awkward_library, tmp_path):
    library = load_library(awkward_library)
    export_apkg(library, tmp_path / "en.apkg", lang="en", timestamp=FIXED_TIME)
    result = import_drafts(tmp_path / "en.apkg", tmp_path / "drafts")
    assert "6 drafts need a field filled in" in result.output
    text = (tmp_path / "drafts" / "maths" / "a.yaml").read_text(encoding="utf-8")
    assert "# Not in the deck, to fill in: term.zh, definition.zh." in text
    with pytest.raises(ContentError, match=r"missing 'term\.zh'"):
        load_library(tmp_path / "drafts")


def test_existing_drafts_are_kept_unless_forced(awkward_library, tmp_path):
    export_apkg(load_library(awkward_library), tmp_path / "deck.apkg", timestamp=FIXED_TIME)
    import_drafts(tmp_path / "deck.apkg", tmp_path / "drafts")
    edited = tmp_path / "drafts" / "maths" / "a.yaml"
    edited.write_text(edited.read_text(encoding="utf-8") + "# my note\n", encoding="utf-8")

    again = import_drafts(tmp_path / "deck.apkg", tmp_path / "drafts")
    assert "Wrote 0 concept drafts" in again.output and "Kept 6 existing files" in again.output
    assert edited.read_text(encoding="utf-8").endswith("# my note\n")

    import_drafts(tmp_path / "deck.apkg", tmp_path / "drafts", "--force")
    assert not edited.read_text(encoding="utf-8").endswith("# my note\n")


def test_numeric_notes_are_not_drafted(awkward_library, tmp_path):
    export_apkg(load_library(awkward_library), tmp_path / "d.apkg", variants=3, timestamp=0)
    deck = read_apkg(tmp_path / "d.apkg")
    assert len(deck.notes) > 6
    assert sorted(draft.id for draft in concept_drafts(deck)) == [
        "a",
        "awkward",
        "b",
        "c",
        "d",
        "e",
    ]
