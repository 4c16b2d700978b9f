"""Fixtures for the Anki tests: a library with awkward content, Anki's own collection,
and the pieces hostile packages are made of.

Tests that import decks into Anki use the ``anki`` package (Anki's own library,
the code behind the desktop app); they are skipped with a reason when it is
not installed. Reading and writing ``.apkg`` files needs only dlkg.
"""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest

from kg.library import load_library
from quiz.anki.notes import build_package
from quiz.anki.writer import package_bytes
from tests.conftest import concept_yaml

FIXED_TIME = 1_700_000_000
"""The build time of most test decks (SOURCE_DATE_EPOCH style)."""

AWKWARD_CONCEPT = """\
id: awkward
term:
  en: "<b>Bold</b> & co"
  zh: 粗体与符号
aliases: ["Q&A", "A<B"]
definition:
  en: "Runs <script>alert(1)</script> only when 0 < x > 1 & y; uses $money$ and {{Term}}."
  zh: "定义里有 <i>斜体</i> 和 {{c1::完形}}。"
example:
  en: "An awkward example with a line\\nbreak."
  zh: 一个别扭的例句。
formula: 'x < y \\land y > z \\quad \\text{a & b}'
tags: [two words, 中文 标签, "full\u3000width"]
prerequisites: [a]
related: [c]
engine: engine.losses:cross_entropy
"""


@pytest.fixture
def awkward_library(write_library):
    """The five-concept library of ``small_library`` plus a concept full of
    markup, math and spaces, with a numeric template (cross-entropy)."""
    return write_library(
        {
            "maths/a": concept_yaml("a", extra="formula: 'f(x) = x^2'\n"),
            "maths/b": concept_yaml("b", prerequisites=["a"]),
            "maths/c": concept_yaml("c", related=["e"]),
            "models/d": concept_yaml("d", prerequisites=["b", "c"]),
            "models/e": concept_yaml("e"),
            "models/awkward": AWKWARD_CONCEPT,
        }
    )


@pytest.fixture
def collection(tmp_path):
    """A fresh, empty Anki collection (Anki's own library), closed afterwards."""
    anki_collection = pytest.importorskip(
        "anki.collection", reason="Anki's own library is not installed (pip install anki)"
    )
    folder = tmp_path / "anki-profile"
    folder.mkdir()
    col = anki_collection.Collection(str(folder / "collection.anki2"))
    yield col
    col.close()


def import_into(
    col,
    package: Path,
    *,
    deck_presets: bool = False,
    merge_notetypes: bool = False,
    always_update: bool = False,
):
    """Import ``package`` as Anki's importer does; returns the import log.

    ``merge_notetypes`` and ``always_update`` are the import dialog's "Merge
    note types" and "Update notes: Always" (the default updates only notes
    that are newer in the package).
    """
    from anki.collection import ImportAnkiPackageOptions, ImportAnkiPackageRequest
    from anki.import_export_pb2 import ImportAnkiPackageUpdateCondition

    update = (
        ImportAnkiPackageUpdateCondition.IMPORT_ANKI_PACKAGE_UPDATE_CONDITION_ALWAYS
        if always_update
        else ImportAnkiPackageUpdateCondition.IMPORT_ANKI_PACKAGE_UPDATE_CONDITION_IF_NEWER
    )
    request = ImportAnkiPackageRequest(
        package_path=str(package),
        options=ImportAnkiPackageOptions(
            with_deck_configs=deck_presets, merge_notetypes=merge_notetypes, update_notes=update
        ),
    )
    result = col.import_anki_package(request)
    if result.changes.notetype:  # as Anki's GUI does after an operation (aqt/main.py)
        col.models._clear_cache()
    return result.log


def zip_bytes(entries: dict[str, bytes]) -> bytes:
    """A zip archive (deflated) holding ``entries``, in order."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in entries.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def patch_declared_size(data: bytes, name: str, size: int) -> bytes:
    """Rewrite the uncompressed size the zip's headers declare for ``name``."""
    patched = bytearray(data)
    encoded = name.encode()
    position = 0
    while (position := patched.find(b"PK\x01\x02", position)) != -1:
        length = int.from_bytes(patched[position + 28 : position + 30], "little")
        if patched[position + 46 : position + 46 + length] == encoded:
            patched[position + 24 : position + 28] = size.to_bytes(4, "little")
        position += 4
    position = 0
    while (position := patched.find(b"PK\x03\x04", position)) != -1:
        length = int.from_bytes(patched[position + 26 : position + 28], "little")
        if patched[position + 30 : position + 30 + length] == encoded:
            patched[position + 22 : position + 26] = size.to_bytes(4, "little")
        position += 4
    return bytes(patched)


def offsets_before_the_file(data: bytes) -> bytes:
    """The zip ``data`` with its end record claiming that the central directory
    starts 1000 bytes later than it does: every entry's header would then sit
    before the start of the file."""
    patched = bytearray(data)
    end = patched.rfind(b"PK\x05\x06")
    start = int.from_bytes(patched[end + 16 : end + 20], "little")
    patched[end + 16 : end + 20] = (start + 1000).to_bytes(4, "little")
    return bytes(patched)


def future_zip_version(data: bytes) -> bytes:
    """The zip ``data`` with its first entry needing zip version 8.0 to extract."""
    patched = bytearray(data)
    directory = patched.find(b"PK\x01\x02")
    patched[directory + 6 : directory + 8] = (80).to_bytes(2, "little")
    return bytes(patched)


def damage_pages(database: bytes) -> bytes:
    """``database`` with its third page overwritten: SQLite's integrity check fails."""
    damaged = bytearray(database)
    page = 4096
    damaged[2 * page : 3 * page] = b"\xff" * page
    return bytes(damaged)


@pytest.fixture
def collection_bytes(awkward_library):
    """A valid legacy collection (collection.anki2) of the awkward library."""
    package = package_bytes(build_package(load_library(awkward_library)), timestamp=FIXED_TIME)
    return zipfile.ZipFile(io.BytesIO(package)).read("collection.anki2")


@pytest.fixture
def write_package(tmp_path):
    """Write ``data`` as ``tmp_path/name`` and return its path."""

    def write(name: str, data: bytes) -> Path:
        path = tmp_path / name
        path.write_bytes(data)
        return path

    return write
