"""``dlkg anki export``: selection, options, messages and exit statuses."""

from __future__ import annotations

import pytest
from click.testing import CliRunner

from dlkg.cli import cli
from quiz.anki.package_reader import read_apkg
from quiz.anki.templates import CONCEPT_FIELDS
from tests.conftest import concept_yaml


def export(library, tmp_path, *args):
    output = tmp_path / "deck.apkg"
    result = CliRunner().invoke(
        cli,
        ["anki", "export", "--content", str(library), "-o", str(output), *args],
        env={"SOURCE_DATE_EPOCH": "1700000000"},
    )
    return result, output


def concept_ids(package) -> list[str]:
    deck = read_apkg(package)
    return sorted(note.fields[0] for note in deck.notes if len(note.fields) == len(CONCEPT_FIELDS))


def test_export_writes_the_whole_library(awkward_library, tmp_path):
    result, output = export(awkward_library, tmp_path, "--variants", "0")
    assert result.exit_code == 0, result.output
    assert result.output.startswith(f"Wrote {output}: 6 concept notes, 0 numeric notes, 30 cards")
    assert concept_ids(output) == ["a", "awkward", "b", "c", "d", "e"]
    assert "Building cards" not in result.output
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []


@pytest.mark.parametrize(("cards", "count"), [("basic", 18), ("en-zh", 24), ("typing", 24)])
def test_cards_chooses_the_card_set(awkward_library, tmp_path, cards, count):
    result, _ = export(awkward_library, tmp_path, "--variants", "0", "--cards", cards)
    assert result.exit_code == 0, result.output
    assert f"6 concept notes, 0 numeric notes, {count} cards" in result.output


def test_target_exports_the_learning_path(awkward_library, tmp_path):
    result, output = export(awkward_library, tmp_path, "--target", "d")
    assert result.exit_code == 0, result.output
    assert concept_ids(output) == ["a", "b", "c", "d"]


def test_domain_exports_one_deck(awkward_library, tmp_path):
    result, output = export(awkward_library, tmp_path, "--domain", "MATHS")
    assert result.exit_code == 0, result.output
    assert concept_ids(output) == ["a", "b", "c"]
    assert set(read_apkg(output).cards_per_deck) == {"Deep Learning::Maths"}


def test_variants_add_numeric_notes(awkward_library, tmp_path):
    result, output = export(awkward_library, tmp_path, "--variants", "3", "--lang", "zh")
    assert result.exit_code == 0, result.output
    numeric = [note for note in read_apkg(output).notes if len(note.fields) == 11]
    assert numeric and len(numeric) % 3 == 0
    assert {note.fields[1] for note in numeric} == {"awkward"}


def test_concepts_sharing_a_template_get_different_problems(write_library, tmp_path):
    engine = "engine: engine.losses:cross_entropy\n"
    library = write_library(
        {
            "maths/a": concept_yaml("a", extra=engine),
            "maths/b": concept_yaml("b", prerequisites=["a"], extra=engine),
        }
    )
    result, output = export(library, tmp_path, "--variants", "2")
    assert result.exit_code == 0, result.output
    numeric = [note for note in read_apkg(output).notes if len(note.fields) == 11]
    by_concept = {
        concept: {note.fields[4] for note in numeric if note.fields[1] == concept}
        for concept in ("a", "b")
    }
    assert len(by_concept["a"]) == len(by_concept["b"]) > 0
    assert not by_concept["a"] & by_concept["b"]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--target", "nope"], "no concept named 'nope'"),
        (["--domain", "physics"], "no domain 'physics'"),
        (["--target", "d", "--domain", "maths"], "choose at most one"),
        (["--variants", "99"], "variants must be between 0 and 50"),
        (["--variants", "-1"], "-1 is not in the range x>=0"),
    ],
)
def test_command_line_mistakes_exit_2(awkward_library, tmp_path, args, message):
    result, output = export(awkward_library, tmp_path, *args)
    assert result.exit_code == 2
    assert message in result.output
    assert not output.exists()


def test_an_unwritable_output_exits_1(awkward_library, tmp_path):
    result = CliRunner().invoke(
        cli,
        [
            "anki",
            "export",
            "--content",
            str(awkward_library),
            "-o",
            str(tmp_path / "no" / "x.apkg"),
        ],
    )
    assert result.exit_code == 1
    assert "cannot write" in result.output and "Traceback" not in result.output


def test_an_invalid_library_exits_1(write_library, tmp_path):
    library = write_library({"maths/a": "id: a\n"})
    result, output = export(library, tmp_path)
    assert result.exit_code == 1
    assert "missing required field 'term'" in result.output
    assert not output.exists()
