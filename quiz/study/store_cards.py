"""The study database's ``cards`` table: one row per memory item, its FSRS card and schedule;
suspending a concept (see :mod:`quiz.study.store` for the tables)."""

from __future__ import annotations

import json
from datetime import datetime

from fsrs import Card, Rating

from quiz.question import Kind
from quiz.study.rating import new_card
from quiz.study.records import (
    ItemKind,
    StoredCard,
    item_of,
    parse_time,
    timestamp,
)
from quiz.study.store_connection import StoreConnection
from quiz.study.store_file import (
    StoreError,
    guarded,
)


class CardTable(StoreConnection):
    """The cards: read them, introduce them, write back their schedules, suspend them."""

    # Cards

    @guarded
    def card(self, concept: str, kind: Kind | ItemKind) -> StoredCard | None:
        """The item of ``concept`` that ``kind`` reviews (:func:`item_of`), or None if it was
        never introduced."""
        row = self._connection.execute(
            f"SELECT {_CARD_COLUMNS} FROM cards WHERE concept = ? AND kind = ?",
            (concept, item_of(kind).value),
        ).fetchone()
        return None if row is None else _card_from_row(row)

    @guarded
    def cards(self, concept: str | None = None) -> list[StoredCard]:
        """Every card (of ``concept`` if given), in the order they were introduced."""
        if concept is None:
            rows = self._connection.execute(f"SELECT {_CARD_COLUMNS} FROM cards ORDER BY id")
        else:
            rows = self._connection.execute(
                f"SELECT {_CARD_COLUMNS} FROM cards WHERE concept = ? ORDER BY id", (concept,)
            )
        return [_card_from_row(row) for row in rows]

    @guarded
    def due_cards(self, until: datetime) -> list[StoredCard]:
        """The cards due at or before ``until``, earliest first (then in introduction order)."""
        rows = self._connection.execute(
            f"SELECT {_CARD_COLUMNS} FROM cards WHERE due <= ? AND NOT suspended ORDER BY due, id",
            (timestamp(until),),
        )
        return [_card_from_row(row) for row in rows]

    @guarded
    def next_due(self, after: datetime) -> datetime | None:
        """The earliest due time later than ``after``, or None if no card is due later."""
        row = self._connection.execute(
            "SELECT min(due) FROM cards WHERE due > ? AND NOT suspended", (timestamp(after),)
        ).fetchone()
        return None if row[0] is None else parse_time(row[0])

    @guarded
    def count_due(self, until: datetime) -> int:
        """How many cards are due at or before ``until``."""
        return self._connection.execute(
            "SELECT count(*) FROM cards WHERE due <= ? AND NOT suspended", (timestamp(until),)
        ).fetchone()[0]

    @guarded
    def add_card(self, concept: str, kind: Kind | ItemKind, now: datetime) -> StoredCard:
        """Introduce the item of ``concept`` that ``kind`` reviews, due ``now``; an existing
        one is kept.

        Two sessions may introduce the same concept at once: the second finds
        the card there and returns it unchanged.
        """
        with self.transaction():
            existing = self.card(concept, kind)
            if existing is not None:
                return existing
            card_id = self._connection.execute(
                "SELECT coalesce(max(id), 0) + 1 FROM cards"
            ).fetchone()[0]
            stored = StoredCard(concept, item_of(kind), new_card(card_id, now), now)
            self._connection.execute(
                "INSERT INTO cards (id, concept, kind, card, due, state, reps, introduced_at,"
                " last_rating) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (card_id, *_card_values(stored)),
            )
            return stored

    @guarded
    def save_card(self, stored: StoredCard) -> None:
        """Write back a card that exists (its schedule, review count and last rating)."""
        concept, kind, card, due, state, reps, _, last_rating = _card_values(stored)
        with self.transaction():
            updated = self._connection.execute(
                "UPDATE cards SET card = ?, due = ?, state = ?, reps = ?, last_rating = ?"
                " WHERE concept = ? AND kind = ?",
                (card, due, state, reps, last_rating, concept, kind),
            ).rowcount
        if updated != 1:
            raise StoreError(self.path, f"no card ({concept}, {kind}) to save")

    @guarded
    def suspend(self, concept: str, suspended: bool = True) -> int:
        """Suspend ``concept`` (its items are never due) or resume it; how many items changed."""
        with self.transaction():
            return self._connection.execute(
                "UPDATE cards SET suspended = ? WHERE concept = ? AND suspended != ?",
                (int(suspended), concept, int(suspended)),
            ).rowcount

    @guarded
    def suspended(self) -> list[str]:
        """The suspended concepts, in the order they were introduced."""
        rows = self._connection.execute(
            "SELECT concept FROM cards WHERE suspended GROUP BY concept ORDER BY min(id)"
        )
        return [row[0] for row in rows]


_CARD_COLUMNS = "concept, kind, card, introduced_at, reps, last_rating"


def _card_from_row(row: tuple) -> StoredCard:
    concept, kind, card_json, introduced, reps, last_rating = row
    return StoredCard(
        concept=concept,
        kind=ItemKind(kind),
        card=Card.from_dict(json.loads(card_json)),
        introduced_at=parse_time(introduced),
        reps=reps,
        last_rating=None if last_rating is None else Rating(last_rating),
    )


def _card_values(stored: StoredCard) -> tuple:
    return (
        stored.concept,
        stored.kind.value,
        json.dumps(stored.card.to_dict()),
        timestamp(stored.card.due),
        int(stored.card.state),
        stored.reps,
        timestamp(stored.introduced_at),
        None if stored.last_rating is None else int(stored.last_rating),
    )
