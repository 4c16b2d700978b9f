"""Fixtures shared by the whole suite: small concept libraries written on the fly."""

from __future__ import annotations

import sqlite3
import textwrap
from functools import partial
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
BUNDLED_CONTENT = REPO / "content"


def concept_yaml(concept_id: str, *, prerequisites=(), related=(), extra: str = "") -> str:
    """A valid concept file's text, with the given links."""
    text = f"""\
        id: {concept_id}
        term:
          en: Term {concept_id}
          zh: 术语 {concept_id}
        definition:
          en: The definition of {concept_id}.
          zh: {concept_id} 的定义。
        example:
          en: An example sentence using {concept_id}.
          zh: 一个使用 {concept_id} 的例句。
        tags: [tag-{concept_id}]
        prerequisites: [{", ".join(prerequisites)}]
        related: [{", ".join(related)}]
        """
    return textwrap.dedent(text) + extra


def break_schema_encoding(database: Path) -> None:
    """Damage the SQLite file ``database``: its first table's SQL ends in a byte that is not
    UTF-8, so SQLite's error message quotes it and Python cannot decode that message."""
    connection = sqlite3.connect(database)
    try:
        name, sql = connection.execute(
            "SELECT name, sql FROM sqlite_schema WHERE type = 'table' ORDER BY rowid LIMIT 1"
        ).fetchone()
        connection.execute("PRAGMA writable_schema = ON")
        connection.execute(
            "UPDATE sqlite_schema SET sql = CAST(? AS TEXT) WHERE name = ?",
            (sql.encode() + b" \xcb", name),
        )
        connection.commit()
    finally:
        connection.close()


@pytest.fixture(autouse=True)
def private_cache(tmp_path_factory, monkeypatch):
    """Each test gets its own compile cache folder, never the user's."""
    monkeypatch.setenv("DLKG_CACHE_DIR", str(tmp_path_factory.mktemp("cache")))


@pytest.fixture(autouse=True)
def plain_screen(monkeypatch):
    """The user's display settings never reach a test: no DLKG_LANG or DLKG_LATEX, and a
    terminal 200 columns wide (so that lines are not wrapped) unless a test sets COLUMNS."""
    for name in ("DLKG_LANG", "DLKG_LATEX"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("COLUMNS", "200")
    from dlkg.terminal import screen

    monkeypatch.setattr(screen, "_current", None)


@pytest.fixture
def write_library(tmp_path):
    """Write ``{"domain/id": text}`` under a fresh folder and return the folder."""
    return partial(write_files, tmp_path / "content")


def write_files(root: Path, files: dict[str, str | bytes]) -> Path:
    """Write ``{"domain/id": text}`` (``.yaml`` added) under ``root`` and return ``root``."""
    for name, text in files.items():
        path = root / (name if name.endswith((".yaml", ".yml")) else name + ".yaml")
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(text, bytes):
            path.write_bytes(text)
        else:
            path.write_text(text, encoding="utf-8")
    return root


@pytest.fixture
def small_library(write_library):
    """A valid five-concept library in two domains: a -> b -> d, c -> d, e alone."""
    return write_library(
        {
            "maths/a": concept_yaml("a"),
            "maths/b": concept_yaml("b", prerequisites=["a"]),
            "maths/c": concept_yaml("c", related=["e"]),
            "models/d": concept_yaml("d", prerequisites=["b", "c"]),
            "models/e": concept_yaml("e"),
        }
    )
