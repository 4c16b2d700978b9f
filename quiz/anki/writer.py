"""Writing an Anki package (``.apkg``): genanki's collection, with notes inserted in bulk.

genanki makes the collection: Anki's schema, the ``col`` row, the note types
and the decks. Its ``Note.write_to_db`` then inserts each note and each of its
cards with one ``execute`` apiece, after a regular-expression check of every
field; for 10,000 concepts (14,000 notes, 34,000 cards) that is most of the
time the whole export takes. Here the same rows, with the same ids in the
same order, go in with one ``executemany`` per table. Which cards a note gets
is still genanki's decision (:class:`~quiz.anki.genanki_adapter.CardOrds`), and
the fields are HTML that :mod:`quiz.anki.notes` escaped, so genanki's check has
nothing to find.

The zip is written with entry times from the build time, so that the same
package and time give the same bytes, and deflated on every core
(:mod:`kg.plumbing.deflate`).
"""

from __future__ import annotations

import itertools
import json
import sqlite3
import time
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import NamedTuple

from kg.plumbing.deflate import zip_archive
from quiz.anki.genanki_adapter import PRESET_ID, CardOrds, Deck, Model, write_schema

PRESET_NAME = "dlkg · learning-path order"
"""The deck-options preset the decks use: new cards gathered by ascending position."""
GATHER_BY_POSITION = 1
"""Anki's ``NEW_CARD_GATHER_PRIORITY_LOWEST_POSITION`` (deck_config.proto)."""
EARLIEST_ZIP_TIME = 315532800
"""1980-01-01 UTC: the earliest time a zip entry can carry."""
ZIP_LEVEL = 1
"""A tenth larger than zlib's default level 6, in about half the time
(benchmarks/README.md has the figures)."""


class NoteRow(NamedTuple):
    """One note of the package: its note type, fields (HTML), tags, GUID and position."""

    model: Model
    fields: Sequence[str]
    tags: Sequence[str]
    guid: str
    due: int
    """Its cards' position in the new-card queue."""


@dataclass(frozen=True)
class AnkiPackage:
    """The decks of a package (the root first) and the notes of each, by deck id."""

    decks: tuple[Deck, ...]
    notes: dict[int, list[NoteRow]]

    def all_notes(self) -> Iterator[NoteRow]:
        for deck in self.decks:
            yield from self.notes.get(deck.deck_id, ())


def write_collection(package: AnkiPackage, cursor: sqlite3.Cursor, timestamp: float) -> None:
    """Write ``package`` into the empty database of ``cursor``.

    Ids count up from ``timestamp`` in milliseconds, a note's id before its
    cards' (as genanki numbers them).
    """
    for deck in package.decks:
        for note in package.notes.get(deck.deck_id, ()):
            deck.add_model(note.model)
    write_schema(cursor, package.decks, timestamp)
    ids = itertools.count(int(timestamp * 1000))
    modified = int(timestamp)
    card_ords = CardOrds()
    notes, cards = [], []
    for deck in package.decks:
        for note in package.notes.get(deck.deck_id, ()):
            note_id = next(ids)
            notes.append(
                (
                    note_id,
                    note.guid,
                    note.model.model_id,
                    modified,
                    -1,  # usn: not yet synced
                    f" {' '.join(note.tags)} ",
                    "\x1f".join(note.fields),
                    note.fields[note.model.sort_field_index],
                    0,  # csum: Anki computes it
                    0,  # flags
                    "",  # data
                )
            )
            for ord_ in card_ords(note.model, note.fields):
                # id, nid, did, ord, mod, usn, type, queue, due, ivl, factor,
                # reps, lapses, left, odue, odid, flags, data: a new card.
                cards.append(
                    (next(ids), note_id, deck.deck_id, ord_, modified, -1, 0, 0, note.due)
                    + (0,) * 8
                    + ("",)
                )
    cursor.executemany("INSERT INTO notes VALUES (?,?,?,?,?,?,?,?,?,?,?)", notes)
    cursor.executemany("INSERT INTO cards VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)", cards)
    _add_preset(cursor)


def _add_preset(cursor: sqlite3.Cursor) -> None:
    """Add :data:`PRESET_NAME`: the default options, new cards gathered by position."""
    (dconf_json,) = cursor.execute("SELECT dconf FROM col").fetchone()
    presets = json.loads(dconf_json)
    presets[str(PRESET_ID)] = {
        **presets["1"],
        "id": PRESET_ID,
        "name": PRESET_NAME,
        "newGatherPriority": GATHER_BY_POSITION,
    }
    cursor.execute("UPDATE col SET dconf = ?", (json.dumps(presets),))


def package_bytes(package: AnkiPackage, *, timestamp: float) -> bytes:
    """The ``.apkg`` file of ``package``: the same package and time give the same bytes.

    genanki's own ``write_to_file`` stamps the zip entries with the wall clock;
    here the entry times come from ``timestamp``. The collection also gets
    dlkg's deck-options preset.

    The collection is built in memory (SQLite's ``serialize`` gives its file),
    so nothing is written until the caller writes the returned bytes.

    Raises
    ------
    OSError
        If SQLite cannot build the collection (its error, as an OSError).
    """
    connection = sqlite3.connect(":memory:")
    try:
        # Nothing to roll back to: on an error the whole database is dropped.
        connection.execute("PRAGMA journal_mode = OFF")
        write_collection(package, connection.cursor(), timestamp)
        connection.commit()
        collection = connection.serialize()
    except sqlite3.Error as err:  # out of memory, in practice
        raise OSError(f"cannot build the deck's collection ({err})") from err
    finally:
        connection.close()
    when = time.gmtime(max(int(timestamp), EARLIEST_ZIP_TIME))[:6]
    try:
        return zip_archive([("collection.anki2", collection), ("media", b"{}")], when, ZIP_LEVEL)
    except ValueError as err:
        raise OSError(str(err)) from None
