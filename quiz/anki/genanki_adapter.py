"""The one module that imports genanki: what dlkg uses of it, in one place.

genanki (pinned to 0.13 in pyproject.toml) makes the GUIDs, the note types and
decks, and the collection's schema and ``col`` row. Three of its internals are
used here, which is why the minor version is pinned: ``Package.write_to_db``
(called with no id generator: the notes are inserted by :mod:`quiz.anki.writer`),
``Note.cards`` (which cards a note gets) and ``Deck.to_json`` (overridden to
name dlkg's deck-options preset). Its version is part of the rendered-note
cache's key (:mod:`quiz.anki.note_cache`), since it makes the GUIDs.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence

import genanki
from genanki import Deck, Model, guid_for

__all__ = ["PRESET_ID", "CardOrds", "Deck", "Model", "PresetDeck", "guid_for", "write_schema"]

PRESET_ID = 1699227828
"""The id of dlkg's deck-options preset (:mod:`quiz.anki.writer` writes it)."""


class PresetDeck(Deck):
    """A genanki deck that uses dlkg's deck-options preset (:data:`PRESET_ID`)."""

    def to_json(self):
        return {**super().to_json(), "conf": PRESET_ID}


class CardOrds:
    """Which cards (template ordinals) a note gets, as genanki decides it.

    genanki makes a card for each template whose required fields are filled,
    so the answer depends only on which fields are empty: it is asked once
    per note type and pattern of empty fields, through genanki's own ``Note``.
    """

    def __init__(self):
        self._known: dict[tuple[int, tuple[bool, ...]], tuple[int, ...]] = {}

    def __call__(self, model: Model, fields: Sequence[str]) -> tuple[int, ...]:
        filled = tuple(map(bool, fields))
        key = (model.model_id, filled)
        ords = self._known.get(key)
        if ords is None:
            probe = genanki.Note(model=model, fields=["x" if f else "" for f in filled])
            ords = self._known[key] = tuple(card.ord for card in probe.cards)
        return ords


def write_schema(cursor: sqlite3.Cursor, decks: Sequence[Deck], timestamp: float) -> None:
    """Anki's schema, the ``col`` row, the note types and ``decks``, into ``cursor``'s database.

    The decks' note types must have been added to them (``deck.add_model``);
    their notes are not written (genanki's notes would be, one at a time).
    """
    genanki.Package(list(decks)).write_to_db(cursor, timestamp, None)
