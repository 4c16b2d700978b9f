"""Reading an Anki collection (the SQLite file inside a package): decks, note types, notes.

Two layouts are read:

- schema 11 (``collection.anki2``, ``.anki21``): decks and note types are JSON
  in the ``col`` row;
- schema 18 (``collection.anki21b``, Anki 2.1.50+): they have their own tables
  (``decks``, ``notetypes``, ``fields``, ``templates``).

A collection is untrusted input: it is opened read-only (``file:...?mode=ro``),
with ``trusted_schema`` off and a cap on the strings SQLite may build, and must
pass ``PRAGMA integrity_check`` before any query; the tables read must be
tables. Every failure is one :class:`ApkgError` line naming the file.
"""

from __future__ import annotations

import json
import sqlite3
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Any

MIB = 1 << 20
MAX_VALUE_BYTES = 64 * MIB
"""Largest string or blob SQLite may build while reading (caps computed columns too)."""
DEFAULT_DECK = "Default"
"""The deck every Anki collection has, and where a card with an unknown deck goes."""
NOT_UTF8 = "the collection inside is damaged (SQLite reports a name that is not UTF-8)"
"""Python's sqlite3 cannot decode an error message quoting a damaged schema's bytes."""


class ApkgError(Exception):
    """An ``.apkg`` cannot be read: one line naming the file and the problem.

    Examples
    --------
    >>> str(ApkgError("deck.apkg", "not a zip archive"))
    'deck.apkg: not a zip archive'
    """

    def __init__(self, path: Path | str, problem: str):
        self.path = str(path)
        self.problem = " ".join(problem.split())
        super().__init__(f"{self.path}: {self.problem}")


@dataclass(frozen=True)
class NoteType:
    """A note type of the package: its fields and card templates, in order."""

    id: int
    name: str
    fields: tuple[str, ...]
    templates: tuple[str, ...]


@dataclass(frozen=True)
class ApkgNote:
    """One note: its fields (HTML), tags, and the deck of its first card."""

    id: int
    guid: str
    notetype: int
    fields: tuple[str, ...]
    tags: tuple[str, ...]
    deck: str


@dataclass(frozen=True)
class Apkg:
    """What an ``.apkg`` holds, read from its collection."""

    path: Path
    format: str
    """The collection read: ``collection.anki2``, ``.anki21`` or ``.anki21b``."""
    decks: dict[int, str]
    notetypes: dict[int, NoteType]
    notes: tuple[ApkgNote, ...]
    cards_per_deck: dict[str, int]
    media: tuple[str, ...]

    def summary(self) -> dict[str, Any]:
        """Decks, note types and counts, JSON-ready (``dlkg anki inspect --json``).

        Anki's ``Default`` deck, in every collection, is left out while empty.
        """
        notes_per_type = Counter(note.notetype for note in self.notes)
        return {
            "file": str(self.path),
            "format": self.format,
            "notes": len(self.notes),
            "cards": sum(self.cards_per_deck.values()),
            "media": len(self.media),
            "decks": [
                {"name": name, "cards": self.cards_per_deck.get(name, 0)}
                for name in sorted(set(self.decks.values()))
                if name != DEFAULT_DECK or self.cards_per_deck.get(name)
            ],
            "note_types": [
                {
                    "name": notetype.name,
                    "fields": list(notetype.fields),
                    "templates": list(notetype.templates),
                    "notes": notes_per_type[notetype.id],
                }
                for notetype in sorted(self.notetypes.values(), key=lambda n: n.name)
                if notes_per_type[notetype.id]
            ],
        }


def _unicase(left: str, right: str) -> int:
    """Anki's ``unicase`` collation (its indexes use it; SQLite must know it to check them)."""
    left, right = left.casefold(), right.casefold()
    return (left > right) - (left < right)


def open_collection(path: Path, database: Path) -> sqlite3.Connection:
    """Open the collection file ``database`` read-only, once it passes SQLite's integrity check.

    ``path`` is what errors name (the package the collection came from).

    Raises
    ------
    ApkgError
        If the file is not a SQLite database, or is damaged.
    """
    connection = sqlite3.connect(database.as_uri() + "?mode=ro", uri=True)
    try:
        connection.create_collation("unicase", _unicase)
        connection.setlimit(sqlite3.SQLITE_LIMIT_LENGTH, MAX_VALUE_BYTES)
        connection.execute("PRAGMA trusted_schema = OFF")
        connection.execute("PRAGMA query_only = ON")
        problems = [row[0] for row in connection.execute("PRAGMA integrity_check(5)")]
    except sqlite3.DatabaseError as err:
        connection.close()
        raise ApkgError(
            path, f"the collection inside is damaged or not a SQLite database ({err})"
        ) from None
    except UnicodeDecodeError:
        connection.close()
        raise ApkgError(path, NOT_UTF8) from None
    if problems != ["ok"]:
        connection.close()
        raise ApkgError(path, f"the collection inside is corrupt: {problems[0]}")
    return connection


def _text(value: Any) -> str:
    if isinstance(value, bytes):
        return value.decode("utf-8", "replace")
    return "" if value is None else str(value)


def _integer(value: Any) -> int:
    """``value`` as an int; 0 for what is not a finite number (a damaged row may hold inf)."""
    try:
        return int(value)
    except (TypeError, ValueError, OverflowError):
        return 0


def load_json(text: str) -> Any:
    """``json.loads``, with nesting too deep for Python's parser reported as a ValueError."""
    try:
        return json.loads(text)
    except RecursionError:
        raise ValueError("JSON nested too deeply") from None


def read_collection(
    path: Path, connection: sqlite3.Connection, member: str, media: tuple[str, ...]
) -> Apkg:
    """The decks, note types and notes of an open collection (schema 11 or 18).

    ``member`` names the collection read (``collection.anki2``...) and
    ``media`` is the package's media list, both kept in the :class:`Apkg`.

    Raises
    ------
    ApkgError
        If a table Anki needs is missing, or the deck or note type list is damaged.
    sqlite3.DatabaseError
        If a query fails on a damaged collection (the caller words it).
    """
    tables = {
        row[0] for row in connection.execute("SELECT name FROM sqlite_master WHERE type = 'table'")
    }
    missing = {"notes", "cards", "col"} - tables
    if missing:
        raise ApkgError(path, f"not an Anki collection (no {', '.join(sorted(missing))} table)")
    if {"notetypes", "fields", "templates", "decks"} <= tables:
        decks, notetypes = _schema18(connection)
    else:
        decks, notetypes = _schema11(path, connection)
    cards_per_deck: Counter[str] = Counter()
    first_deck: dict[int, str] = {}
    for note_id, deck, original_deck in connection.execute(
        "SELECT nid, did, odid FROM cards ORDER BY nid, ord"
    ):
        name = decks.get(_integer(original_deck) or _integer(deck), DEFAULT_DECK)
        cards_per_deck[name] += 1
        first_deck.setdefault(_integer(note_id), name)
    notes = []
    for note_id, guid, notetype, fields, tags in connection.execute(
        "SELECT id, guid, mid, flds, tags FROM notes ORDER BY id"
    ):
        note_id = _integer(note_id)
        notes.append(
            ApkgNote(
                id=note_id,
                guid=_text(guid),
                notetype=_integer(notetype),
                fields=tuple(_text(fields).split("\x1f")),
                tags=tuple(_text(tags).split()),
                deck=first_deck.get(note_id, DEFAULT_DECK),
            )
        )
    return Apkg(path, member, decks, notetypes, tuple(notes), dict(cards_per_deck), media)


def _schema18(connection: sqlite3.Connection) -> tuple[dict[int, str], dict[int, NoteType]]:
    """Decks and note types of a schema-18 collection (their own tables)."""
    decks = {
        _integer(deck_id): _text(name).replace("\x1f", "::")
        for deck_id, name in connection.execute("SELECT id, name FROM decks")
    }
    fields: dict[int, list[str]] = {}
    for notetype, name in connection.execute("SELECT ntid, name FROM fields ORDER BY ntid, ord"):
        fields.setdefault(_integer(notetype), []).append(_text(name))
    templates: dict[int, list[str]] = {}
    for notetype, name in connection.execute("SELECT ntid, name FROM templates ORDER BY ntid, ord"):
        templates.setdefault(_integer(notetype), []).append(_text(name))
    notetypes = {}
    for notetype_id, name in connection.execute("SELECT id, name FROM notetypes"):
        notetype_id = _integer(notetype_id)
        notetypes[notetype_id] = NoteType(
            notetype_id,
            _text(name),
            tuple(fields.get(notetype_id, ())),
            tuple(templates.get(notetype_id, ())),
        )
    return decks, notetypes


def _schema11(
    path: Path, connection: sqlite3.Connection
) -> tuple[dict[int, str], dict[int, NoteType]]:
    """Decks and note types of a schema-11 collection (JSON in the ``col`` row)."""
    row = connection.execute("SELECT decks, models FROM col").fetchone()
    try:
        deck_data, model_data = (load_json(_text(value) or "{}") for value in row or ("", ""))
        if not isinstance(deck_data, dict) or not isinstance(model_data, dict):
            raise ValueError("not a mapping")
        decks = {_integer(key): _text(deck.get("name")) for key, deck in deck_data.items()}
        notetypes = {}
        for key, model in model_data.items():
            by_order = sorted(model.get("flds") or (), key=lambda f: _integer(f.get("ord")))
            templates = sorted(model.get("tmpls") or (), key=lambda t: _integer(t.get("ord")))
            notetypes[_integer(key)] = NoteType(
                _integer(key),
                _text(model.get("name")),
                tuple(_text(f.get("name")) for f in by_order),
                tuple(_text(t.get("name")) for t in templates),
            )
    except (ValueError, TypeError, AttributeError):
        raise ApkgError(path, "the collection's deck or note type list is damaged") from None
    return decks, notetypes
