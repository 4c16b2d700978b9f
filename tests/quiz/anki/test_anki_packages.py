"""Packages written by Anki's own exporter (.anki21b with zstd, and legacy .anki21),
read back by ``dlkg anki inspect`` and ``dlkg anki import``."""

from __future__ import annotations

import json
import zipfile

import pytest
from click.testing import CliRunner

from dlkg.cli import cli
from kg.library import load_library
from quiz.anki.notes import export_apkg
from tests.quiz.anki.conftest import FIXED_TIME, import_into
from tests.quiz.anki.test_round_trip import assert_same_concepts


def export_with_anki(col, path, *, legacy: bool):
    from anki.collection import ExportAnkiPackageOptions

    options = ExportAnkiPackageOptions(
        legacy=legacy, with_media=True, with_scheduling=False, with_deck_configs=False
    )
    col.export_anki_package(out_path=str(path), options=options, limit=None)
    return path


@pytest.fixture
def foreign_collection(collection):
    """A user's collection: Basic notes in a nested deck, one with an image."""
    deck = collection.decks.id("Maths::Calculus")
    basic = collection.models.by_name("Basic")
    for front, back, tags in (
        ("Gradient", "The vector of <b>partial derivatives</b>.", ["calc", "vectors"]),
        ("梯度", '偏导数组成的向量。<img src="grad.png">', []),
        ("Gradient", "A duplicate front, to test unique ids.", []),
    ):
        note = collection.new_note(basic)
        note["Front"], note["Back"] = front, back
        note.tags = tags
        collection.add_note(note, deck)
    collection.media.write_data("grad.png", b"\x89PNG not really")
    return collection


@pytest.mark.parametrize(
    ("legacy", "member"), [(False, "collection.anki21b"), (True, "collection.anki21")]
)
def test_inspect_reads_anki_exports(foreign_collection, tmp_path, legacy, member):
    package = export_with_anki(foreign_collection, tmp_path / "maths.apkg", legacy=legacy)
    assert member in zipfile.ZipFile(package).namelist()

    result = CliRunner().invoke(cli, ["anki", "inspect", str(package), "--json"])

    assert result.exit_code == 0, result.output
    summary = json.loads(result.output)
    assert summary["format"] == member
    assert (summary["notes"], summary["cards"], summary["media"]) == (3, 3, 1)
    assert {"name": "Maths::Calculus", "cards": 3} in summary["decks"]
    (basic,) = summary["note_types"]
    assert (basic["name"], basic["fields"], basic["notes"]) == ("Basic", ["Front", "Back"], 3)

    text = CliRunner().invoke(cli, ["anki", "inspect", str(package)])
    assert text.exit_code == 0 and "Maths::Calculus  (3 cards)" in text.output


def test_import_maps_front_and_back_of_an_anki21b_deck(foreign_collection, tmp_path):
    package = export_with_anki(foreign_collection, tmp_path / "maths.apkg", legacy=False)
    out = tmp_path / "drafts"

    result = CliRunner().invoke(cli, ["anki", "import", str(package), "--out", str(out)])

    assert result.exit_code == 0, result.output
    assert "Wrote 3 concept drafts" in result.output
    assert sorted(p.name for p in (out / "calculus").iterdir()) == [
        "gradient-2.yaml",
        "gradient.yaml",
        "ti-du.yaml",  # the pinyin of the Chinese front
    ]
    gradient = (out / "calculus" / "gradient.yaml").read_text(encoding="utf-8")
    assert "# Not in the deck, to fill in: term.zh, definition.zh." in gradient
    assert "en: Gradient" in gradient and "en: The vector of partial derivatives." in gradient
    assert "- calc" in gradient
    chinese = (out / "calculus" / "ti-du.yaml").read_text(encoding="utf-8")
    (note_id,) = foreign_collection.find_notes("梯度")
    assert chinese.startswith(
        "# Draft imported by dlkg from maths.apkg.\n# Deck: Maths::Calculus\n"
        f"# Note: {note_id} (Basic), GUID {foreign_collection.get_note(note_id).guid}\n"
    )
    assert "zh: 梯度" in chinese and "zh: 偏导数组成的向量。" in chinese
    assert not list(out.rglob("*.png"))


def test_our_deck_survives_a_trip_through_anki(awkward_library, tmp_path, collection):
    """Export, import into Anki, export with Anki's current format, import drafts."""
    library = load_library(awkward_library)
    export_apkg(library, tmp_path / "deck.apkg", variants=1, timestamp=FIXED_TIME)
    import_into(collection, tmp_path / "deck.apkg")
    package = export_with_anki(collection, tmp_path / "from-anki.apkg", legacy=False)

    result = CliRunner().invoke(
        cli, ["anki", "import", str(package), "--out", str(tmp_path / "drafts")]
    )

    assert result.exit_code == 0, result.output
    assert_same_concepts(library, load_library(tmp_path / "drafts"))
