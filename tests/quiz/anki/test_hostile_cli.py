"""Hostile .apkg files through the real command line, one process each.

``python -m dlkg anki import DECK --out DIR`` runs in a subprocess on crafted
packages: media names that climb out (``..``, absolute paths, a sibling folder
such as ``../out-evil/x``), Windows device names, a zip bomb and a zstd bomb,
sizes that lie, a corrupt or undecodable SQLite collection inside, offsets
pointing before the file, a zip Python cannot read, entry names that are not
UTF-8. Each must exit 1 with exactly one line on stderr, naming the package,
and no traceback; and nothing may be written anywhere: the whole test folder,
including the temporary folder dlkg extracts into (``TMPDIR``), is the same
afterwards, byte for byte. A package whose notes try to climb out with their id
and domain imports, and only under DIR.

The same packages read in-process, with their exact messages, are
test_hostile_packages.py.
"""

from __future__ import annotations

import hashlib
import io
import json
import os
import sqlite3
import subprocess
import sys
import zipfile

import pytest
import zstandard

from quiz.anki.notes import CONCEPT_FIELDS
from tests.conftest import REPO, break_schema_encoding
from tests.quiz.anki.conftest import (
    damage_pages,
    future_zip_version,
    offsets_before_the_file,
    patch_declared_size,
    zip_bytes,
)

pytestmark = pytest.mark.slow

MIB = 1 << 20
BOMB_BYTES = 600 * MIB
"""More than the reader's 512 MiB cap on a collection."""
LATEST_META = b"\x08\x03"
"""``PackageMetadata { version: 3 }``: the collection is the zstd ``collection.anki21b``."""
TIMEOUT = 120


def snapshot(root) -> dict[str, str]:
    """Every file and folder under ``root``: its kind, and a file's content hash."""
    entries = {}
    for path in sorted(root.rglob("*")):
        name = str(path.relative_to(root))
        if path.is_symlink():
            entries[name] = f"link to {os.readlink(path)}"
        elif path.is_dir():
            entries[name] = "folder"
        else:
            entries[name] = hashlib.sha256(path.read_bytes()).hexdigest()
    return entries


@pytest.fixture
def workspace(tmp_path):
    """Folders for one run: packages/, work/ (the parent of --out), tmp/ (TMPDIR)."""
    for name in ("packages", "work", "tmp"):
        (tmp_path / name).mkdir()
    return tmp_path


def run_import(workspace, package):
    """``python -m dlkg anki import PACKAGE --out work/out`` with its own TMPDIR."""
    out = workspace / "work" / "out"
    return subprocess.run(
        [sys.executable, "-m", "dlkg", "anki", "import", str(package), "--out", str(out)],
        cwd=REPO,
        env={**os.environ, "TMPDIR": str(workspace / "tmp")},
        capture_output=True,
        text=True,
        timeout=TIMEOUT,
        check=False,
    )


def assert_refused_writing_nothing(workspace, data: bytes, fragment: str) -> None:
    package = workspace / "packages" / "hostile.apkg"
    package.write_bytes(data)
    before = snapshot(workspace)

    done = run_import(workspace, package)

    assert done.returncode == 1, done.stdout + done.stderr
    assert "Traceback" not in done.stdout + done.stderr
    (line,) = done.stderr.splitlines()
    assert line.startswith(f"Error: {package}: "), line
    assert fragment in line, line
    assert snapshot(workspace) == before
    assert not any((workspace / "tmp").iterdir())


def with_media(collection: bytes, *names: str) -> bytes:
    media = json.dumps({str(number): name for number, name in enumerate(names)}).encode()
    return zip_bytes({"collection.anki2": collection, "media": media})


@pytest.mark.parametrize(
    "name",
    [
        "../evil.sh",
        "../../../../tmp/evil.sh",
        "/etc/passwd",
        "../out-evil/x",
        "out/../../out-evil/x.png",
        "..\\evil.bat",
        "C:evil.txt",
        "CON",
        "nul.txt",
        "..",
    ],
)
def test_a_media_name_that_is_not_a_plain_file_name(workspace, collection_bytes, name):
    data = with_media(collection_bytes, "fine.png", name)
    assert_refused_writing_nothing(workspace, data, "refusing media file name")


def test_a_zip_bomb(workspace):
    """600 MiB of zeros deflated to a few MiB, its size declared honestly."""
    buffer = io.BytesIO()
    with (
        zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as archive,
        archive.open("collection.anki2", "w", force_zip64=True) as entry,
    ):
        for _ in range(BOMB_BYTES // MIB):
            entry.write(bytes(MIB))
    assert len(buffer.getvalue()) < BOMB_BYTES // 100
    assert_refused_writing_nothing(workspace, buffer.getvalue(), "over the 512 MiB limit")


def test_a_zstd_bomb_is_cut_off_and_its_extraction_removed(workspace):
    """zstd declares no size: the reader extracts up to the cap, stops, and cleans up."""
    compressor = zstandard.ZstdCompressor(level=1).compressobj()
    bomb = b"".join(compressor.compress(bytes(MIB)) for _ in range(BOMB_BYTES // MIB))
    bomb += compressor.flush()
    data = zip_bytes({"meta": LATEST_META, "collection.anki21b": bomb})
    assert_refused_writing_nothing(workspace, data, "expands past the 512 MiB limit")


def test_a_declared_size_that_understates(workspace, collection_bytes):
    honest = zip_bytes({"collection.anki2": collection_bytes})
    lying = patch_declared_size(honest, "collection.anki2", 4096)
    assert_refused_writing_nothing(workspace, lying, "damaged archive")


def test_a_declared_size_that_overstates(workspace, collection_bytes):
    honest = zip_bytes({"collection.anki2": collection_bytes})
    lying = patch_declared_size(honest, "collection.anki2", 600 * MIB)
    assert_refused_writing_nothing(workspace, lying, "over the 512 MiB limit")


def test_a_corrupt_collection(workspace, collection_bytes):
    data = zip_bytes({"collection.anki2": damage_pages(collection_bytes)})
    assert_refused_writing_nothing(workspace, data, "the collection inside is")


def test_a_collection_whose_schema_is_not_utf8(workspace, collection_bytes, tmp_path_factory):
    database = tmp_path_factory.mktemp("build") / "collection.anki2"
    database.write_bytes(collection_bytes)
    break_schema_encoding(database)
    data = zip_bytes({"collection.anki2": database.read_bytes()})
    assert_refused_writing_nothing(workspace, data, "not UTF-8")


def test_offsets_pointing_before_the_file(workspace, collection_bytes):
    data = offsets_before_the_file(zip_bytes({"collection.anki2": collection_bytes}))
    assert_refused_writing_nothing(workspace, data, "damaged archive")


def test_a_zip_needing_a_future_version(workspace, collection_bytes):
    data = future_zip_version(zip_bytes({"collection.anki2": collection_bytes}))
    assert_refused_writing_nothing(workspace, data, "zip file version 8.0")


def test_an_entry_name_that_is_not_utf8(workspace, collection_bytes):
    data = zip_bytes({"collection.anki2": collection_bytes, "média": b"{}"})
    data = data.replace("é".encode(), b"\xaa\xaa")
    assert_refused_writing_nothing(workspace, data, "an entry's name is not valid UTF-8")


def test_not_a_zip_at_all(workspace):
    assert_refused_writing_nothing(workspace, b"MZ\x90\x00" * 500, "not a zip archive")


def test_notes_that_try_to_climb_out_land_inside_out(workspace, collection_bytes, tmp_path_factory):
    database = tmp_path_factory.mktemp("build") / "collection.anki2"
    database.write_bytes(collection_bytes)
    connection = sqlite3.connect(database)
    fields = dict.fromkeys(CONCEPT_FIELDS, "")
    fields.update(Id="../../out-evil/pwned", Domain="../out-evil", Term="Escape", TermZh="逃逸")
    connection.execute(
        "UPDATE notes SET flds = ? WHERE id = (SELECT min(id) FROM notes)",
        ("\x1f".join(fields[name] for name in CONCEPT_FIELDS),),
    )
    connection.commit()
    connection.close()
    package = workspace / "packages" / "climb.apkg"
    package.write_bytes(zip_bytes({"collection.anki2": database.read_bytes()}))
    before = snapshot(workspace)

    done = run_import(workspace, package)

    assert done.returncode == 0, done.stderr
    assert done.stderr == ""
    added = set(snapshot(workspace)) - set(before)
    assert added and all(name.startswith("work/out") for name in added), sorted(added)
    assert {name: digest for name, digest in snapshot(workspace).items() if name in before} == (
        before
    )
    assert (workspace / "work" / "out" / "out-evil" / "out-evil-pwned.yaml").is_file()
    assert not (workspace / "work" / "out-evil").exists()
    assert not any((workspace / "tmp").iterdir())
