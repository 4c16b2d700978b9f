"""Build times: SOURCE_DATE_EPOCH gives byte-identical decks; by default notes carry now."""

from __future__ import annotations

import sqlite3
import time
import zipfile

from click.testing import CliRunner

from dlkg.cli import cli
from tests.quiz.anki.conftest import FIXED_TIME


def export(tmp_path, library, name, env):
    output = tmp_path / name
    result = CliRunner().invoke(
        cli, ["anki", "export", "--content", str(library), "-o", str(output)], env=env
    )
    assert result.exit_code == 0, result.output
    return output


def note_times(package, tmp_path) -> set[int]:
    database = tmp_path / "extracted.anki2"
    database.write_bytes(zipfile.ZipFile(package).read("collection.anki2"))
    connection = sqlite3.connect(database)
    try:
        return {row[0] for row in connection.execute("SELECT mod FROM notes")}
    finally:
        connection.close()


def test_two_builds_with_source_date_epoch_are_byte_identical(awkward_library, tmp_path):
    env = {"SOURCE_DATE_EPOCH": str(FIXED_TIME)}
    first = export(tmp_path, awkward_library, "first.apkg", env)
    second = export(tmp_path, awkward_library, "second.apkg", env)
    assert first.read_bytes() == second.read_bytes()
    assert note_times(first, tmp_path) == {FIXED_TIME}

    later = export(tmp_path, awkward_library, "later.apkg", {"SOURCE_DATE_EPOCH": "1700000001"})
    assert later.read_bytes() != first.read_bytes()


def test_by_default_notes_carry_the_build_time(awkward_library, tmp_path):
    before = int(time.time())
    package = export(tmp_path, awkward_library, "now.apkg", {"SOURCE_DATE_EPOCH": ""})
    (stamp,) = note_times(package, tmp_path)
    assert before <= stamp <= time.time()


def test_a_malformed_source_date_epoch_is_a_usage_error(awkward_library, tmp_path):
    result = CliRunner().invoke(
        cli,
        ["anki", "export", "--content", str(awkward_library), "-o", str(tmp_path / "x.apkg")],
        env={"SOURCE_DATE_EPOCH": "yesterday"},
    )
    assert result.exit_code == 2
    assert "SOURCE_DATE_EPOCH must be a whole number" in result.output
    assert not (tmp_path / "x.apkg").exists()
