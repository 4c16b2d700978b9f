"""Crafted, broken and hostile .apkg files: one clear line, exit 1, nothing written outside."""

from __future__ import annotations

import json
import sqlite3

import pytest
import zstandard
from click.testing import CliRunner

from dlkg.cli import cli
from quiz.anki.notes import CONCEPT_FIELDS
from quiz.anki.package_reader import ApkgError, Limits, read_apkg
from tests.conftest import break_schema_encoding
from tests.quiz.anki.conftest import (
    damage_pages,
    future_zip_version,
    offsets_before_the_file,
    patch_declared_size,
    zip_bytes,
)

MIB = 1 << 20


def files_under(folder):
    return sorted(str(path.relative_to(folder)) for path in folder.rglob("*"))


def assert_one_line_error(result, path, fragment):
    assert result.exit_code == 1, result.output
    lines = result.output.strip().splitlines()
    assert len(lines) == 1, result.output
    assert lines[0].startswith(f"Error: {path}: "), lines[0]
    assert fragment in lines[0]
    assert isinstance(result.exception, SystemExit)


def run_both(path, tmp_path, fragment):
    """``inspect`` and ``import`` both fail the same way, and import writes nothing."""
    before = files_under(tmp_path)
    for args in (["inspect", str(path)], ["import", str(path), "--out", str(tmp_path / "out")]):
        assert_one_line_error(CliRunner().invoke(cli, ["anki", *args]), path, fragment)
    assert files_under(tmp_path) == before


@pytest.mark.parametrize(
    "name",
    [
        "../evil.sh",
        "../../../../tmp/evil.sh",
        "/etc/passwd",
        "..\\evil.bat",
        "C:evil.txt",
        "sub/dir.png",
        "..",
        ".",
        "",
        "con",
        "NUL.txt",
        "lpt1",
        "Com3.png",
        "nul ",
        "trailing.",
        "bell\x07.png",
        "x" * 300,
    ],
)
def test_unsafe_media_names_are_refused(name, collection_bytes, write_package, tmp_path):
    media = json.dumps({"0": "fine.png", "1": name}).encode()
    path = write_package(
        "media.apkg", zip_bytes({"collection.anki2": collection_bytes, "media": media})
    )
    run_both(path, tmp_path, "refusing media file name")


def test_a_sibling_folder_is_never_written(collection_bytes, write_package, tmp_path):
    """A note whose id and domain try to climb out of --out lands safely inside it."""
    database = tmp_path / "work.anki2"
    database.write_bytes(collection_bytes)
    connection = sqlite3.connect(database)
    fields = {name: "" for name in CONCEPT_FIELDS}
    fields.update(Id="../../out-evil/pwned", Domain="../out-evil", Term="Escape", TermZh="逃逸")
    connection.execute(
        "UPDATE notes SET flds = ? WHERE id = (SELECT min(id) FROM notes)",
        ("\x1f".join(fields[name] for name in CONCEPT_FIELDS),),
    )
    connection.commit()
    connection.close()
    media = json.dumps({"0": "ok.png"}).encode()
    path = write_package(
        "climb.apkg", zip_bytes({"collection.anki2": database.read_bytes(), "media": media})
    )

    before = set(files_under(tmp_path))
    result = CliRunner().invoke(cli, ["anki", "import", str(path), "--out", str(tmp_path / "out")])

    assert result.exit_code == 0, result.output
    assert not (tmp_path / "out-evil").exists()
    assert (tmp_path / "out" / "out-evil" / "out-evil-pwned.yaml").is_file()
    created = set(files_under(tmp_path)) - before
    assert created and all(name.split("/")[0] == "out" for name in created)


def test_a_media_name_into_a_sibling_folder_is_refused(collection_bytes, write_package, tmp_path):
    media = json.dumps({"0": "../out-evil/x.png"}).encode()
    path = write_package(
        "sib.apkg", zip_bytes({"collection.anki2": collection_bytes, "media": media})
    )
    run_both(path, tmp_path, "it is a path, not a file name")


def test_a_zip_bomb_is_refused_by_its_declared_size(write_package, tmp_path):
    path = write_package("bomb.apkg", zip_bytes({"collection.anki2": bytes(3 * MIB)}))
    with pytest.raises(ApkgError, match=r"declares 3145728 bytes, over the 1 MiB limit"):
        read_apkg(path, limits=Limits(collection_bytes=MIB))


def test_a_declared_size_that_understates_is_caught(collection_bytes, write_package, tmp_path):
    lying = patch_declared_size(
        zip_bytes({"collection.anki2": collection_bytes}), "collection.anki2", 4096
    )
    run_both(write_package("lies.apkg", lying), tmp_path, "damaged archive")


def test_a_huge_declared_size_is_refused_with_the_default_limits(
    collection_bytes, write_package, tmp_path
):
    lying = patch_declared_size(
        zip_bytes({"collection.anki2": collection_bytes}), "collection.anki2", 600 * MIB
    )
    run_both(write_package("huge.apkg", lying), tmp_path, "over the 512 MiB limit")


def test_offsets_pointing_before_the_file_are_a_damaged_archive(
    collection_bytes, write_package, tmp_path
):
    data = offsets_before_the_file(zip_bytes({"collection.anki2": collection_bytes}))
    path = write_package("before.apkg", data)
    with pytest.raises(ApkgError, match=r"damaged archive: cannot read collection\.anki2"):
        read_apkg(path)
    run_both(path, tmp_path, "damaged archive")


def test_a_zip_needing_a_future_version_to_extract_is_refused(write_package, tmp_path):
    data = future_zip_version(zip_bytes({"collection.anki2": b"x" * 100}))
    run_both(write_package("future.apkg", data), tmp_path, "zip file version 8.0")


def test_an_entry_name_flagged_utf8_that_is_not_is_refused(write_package, tmp_path):
    data = zip_bytes({"collection.anki2": b"x" * 100, "média": b"{}"})
    assert data.count("é".encode()) == 2  # in the local header and the central directory
    data = data.replace("é".encode(), b"\xaa\xaa")
    run_both(write_package("names.apkg", data), tmp_path, "an entry's name is not valid UTF-8")


def test_a_zstd_bomb_stops_at_the_byte_limit(write_package):
    bomb = zstandard.ZstdCompressor().compress(bytes(4 * MIB))
    assert len(bomb) < 4096
    path = write_package(
        "bomb21b.apkg", zip_bytes({"meta": b"\x08\x03", "collection.anki21b": bomb})
    )
    with pytest.raises(ApkgError, match=r"collection\.anki21b expands past the 1 MiB limit"):
        read_apkg(path, limits=Limits(collection_bytes=MIB))


def test_a_corrupt_collection_is_refused(collection_bytes, write_package, tmp_path):
    path = write_package(
        "corrupt.apkg", zip_bytes({"collection.anki2": damage_pages(collection_bytes)})
    )
    run_both(path, tmp_path, "the collection inside is")


def test_a_collection_whose_schema_is_not_utf8_is_refused(
    collection_bytes, write_package, tmp_path
):
    database = tmp_path / "work.anki2"
    database.write_bytes(collection_bytes)
    break_schema_encoding(database)
    data = zip_bytes({"collection.anki2": database.read_bytes()})
    database.unlink()
    run_both(write_package("schema.apkg", data), tmp_path, "a name that is not UTF-8")


@pytest.mark.parametrize(
    ("entries", "fragment"),
    [
        ({"collection.anki2": b"not a database at all" * 50}, "not a SQLite database"),
        ({"media": b"{}"}, "no collection.anki2 inside"),
        ({"meta": b"\x08\x07", "collection.anki21b": b""}, "package version 7"),
        ({"meta": b"\x08\x03", "collection.anki21b": b"plain bytes"}, "not valid zstd data"),
    ],
    ids=["garbage-collection", "no-collection", "future-version", "not-zstd"],
)
def test_broken_packages_get_one_line(entries, fragment, write_package, tmp_path):
    run_both(write_package("broken.apkg", zip_bytes(entries)), tmp_path, fragment)


def test_a_damaged_media_list_is_refused(collection_bytes, write_package, tmp_path):
    data = zip_bytes({"collection.anki2": collection_bytes, "media": b"[1, 2"})
    run_both(write_package("media-list.apkg", data), tmp_path, "the media list is damaged")


def test_a_media_list_nested_too_deeply_is_refused(collection_bytes, write_package, tmp_path):
    data = zip_bytes({"collection.anki2": collection_bytes, "media": b"[" * 100_000})
    run_both(write_package("deep-media.apkg", data), tmp_path, "the media list is damaged")


def changed_collection(collection_bytes, tmp_path, statement):
    """``collection_bytes`` after one SQL ``statement``."""
    database = tmp_path / "changed.anki2"
    database.write_bytes(collection_bytes)
    with sqlite3.connect(database) as connection:
        connection.execute(statement)
    connection.close()
    data = database.read_bytes()
    database.unlink()
    return data


@pytest.mark.parametrize(
    "statement",
    [
        "UPDATE cards SET did = 9e999",
        "UPDATE notes SET mid = 9e999",
        "UPDATE cards SET nid = -9e999",
        """UPDATE col SET models = '{"1": {"flds": [{"ord": Infinity}, {"ord": 0}]}}'""",
    ],
    ids=["infinite-deck-id", "infinite-note-type", "infinite-note-id", "infinite-field-order"],
)
def test_infinite_numbers_in_a_collection_are_read_as_no_id(
    statement, collection_bytes, write_package, tmp_path
):
    """Found by the fuzzer: ``int(inf)`` raised OverflowError out of the reader."""
    changed = changed_collection(collection_bytes, tmp_path, statement)
    path = write_package("infinite.apkg", zip_bytes({"collection.anki2": changed}))
    result = CliRunner().invoke(cli, ["anki", "inspect", "--json", str(path)])
    assert result.exit_code == 0, result.output
    assert json.loads(result.output)["notes"] > 0


def test_deck_json_nested_too_deeply_is_refused(collection_bytes, write_package, tmp_path):
    deep = "UPDATE col SET decks = '" + "[" * 100_000 + "'"
    data = zip_bytes({"collection.anki2": changed_collection(collection_bytes, tmp_path, deep)})
    path = write_package("deep-decks.apkg", data)
    run_both(path, tmp_path, "the collection's deck or note type list is damaged")


def test_a_sqlite_file_that_is_not_anki_is_refused(write_package, tmp_path):
    database = tmp_path / "other.db"
    connection = sqlite3.connect(database)
    connection.execute("CREATE TABLE col (x)")
    connection.execute("CREATE TABLE cards (x)")
    connection.execute("CREATE VIEW notes AS SELECT 1")
    connection.commit()
    connection.close()
    data = zip_bytes({"collection.anki2": database.read_bytes()})
    run_both(write_package("other.apkg", data), tmp_path, "not an Anki collection (no notes table)")


def test_not_a_zip_at_all(write_package, tmp_path):
    path = write_package("text.apkg", b"just some text, no zip here\n" * 10)
    run_both(path, tmp_path, "not an Anki package (not a zip archive)")


def test_a_missing_file(tmp_path):
    result = CliRunner().invoke(cli, ["anki", "inspect", str(tmp_path / "nowhere.apkg")])
    assert_one_line_error(result, tmp_path / "nowhere.apkg", "no such file")
