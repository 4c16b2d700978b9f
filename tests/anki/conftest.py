"""Fixtures for the Anki tests: a library with awkward content, and Anki's own collection.

Tests that import decks into Anki use the ``anki`` package (Anki's own library,
the code behind the desktop app); they are skipped with a reason when it is
not installed. Reading and writing ``.apkg`` files needs only dlkg.
"""

from __future__ import annotations

from pathlib import Path

import pytest

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


def import_into(col, package: Path, *, deck_presets: bool = False):
    """Import ``package`` as Anki's importer does; returns the import log."""
    from anki.collection import ImportAnkiPackageOptions, ImportAnkiPackageRequest

    request = ImportAnkiPackageRequest(
        package_path=str(package),
        options=ImportAnkiPackageOptions(with_deck_configs=deck_presets),
    )
    return col.import_anki_package(request).log
