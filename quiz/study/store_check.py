"""dlkg's own consistency checks of a review store (``dlkg stats --check``).

The invariants: each card's JSON is a valid FSRS card whose due time and state
match their columns and whose kind is known; its review count and last rating
match the log (every answer, implicit review and review read from Anki was
applied to exactly one card); every such review has its card.
"""

from __future__ import annotations

import json
import sqlite3

from fsrs import Card

from kg.text import one_line
from quiz.study.clock import utc
from quiz.study.records import ItemKind, item_of, timestamp
from quiz.study.store_file import MESSAGE_LIMIT

__all__ = ["store_problems"]


def store_problems(connection: sqlite3.Connection) -> list[str]:
    """Every problem found: SQLite's ``integrity_check``, then the invariants (see the module).

    Returns
    -------
    list of str
        Empty when everything is consistent.

    Raises
    ------
    sqlite3.Error
        If the database fails (the store words it).
    """
    problems = [
        f"integrity_check: {one_line(row[0], MESSAGE_LIMIT)}"
        for row in connection.execute("PRAGMA integrity_check")
        if row[0] != "ok"
    ]
    if problems:
        return problems
    # Per item: how many reviews, and the time and rating of the latest (in time
    # order, as the migration to items replays them).
    applied: dict[tuple[str, str], tuple[int, str, int]] = {}
    for concept, kind, reviewed_at, rating in connection.execute(
        "SELECT concept, kind, reviewed_at, rating FROM reviews WHERE source != 'placement'"
        " ORDER BY reviewed_at, id"
    ):
        key = (concept, item_of(kind).value)
        applied[key] = (applied.get(key, (0, "", 0))[0] + 1, reviewed_at, rating)
    rows = connection.execute(
        "SELECT concept, kind, card, due, state, reps, last_rating FROM cards ORDER BY id"
    )
    for concept, kind, card_json, due, state, reps, last_rating in rows:
        problems.extend(
            _card_problems(concept, kind, card_json, due, state, reps, last_rating, applied)
        )
        applied.pop((concept, kind), None)
    problems.extend(
        f"{count} review(s) of ({concept}, {kind}) but no such card"
        for (concept, kind), (count, _, _) in applied.items()
    )
    return problems


def _card_problems(
    concept: str,
    kind: str,
    card_json: str,
    due: str,
    state: int,
    reps: int,
    last_rating: int | None,
    applied: dict[tuple[str, str], tuple[int, str, int]],
) -> list[str]:
    """What is wrong with one card row, checked against the review log."""
    name = f"card ({concept}, {kind})"
    problems = []
    if kind not in ItemKind._value2member_map_:
        problems.append(f"{name}: unknown item kind")
    try:
        card = Card.from_dict(json.loads(card_json))
        utc(card.due)
    except (ValueError, KeyError, TypeError) as err:
        return [*problems, f"{name}: unreadable FSRS card ({err})"]
    if timestamp(card.due) != due:
        problems.append(f"{name}: due column {due} but the card says {timestamp(card.due)}")
    if int(card.state) != state:
        problems.append(f"{name}: state column {state} but the card says {int(card.state)}")
    count, latest_time, latest_rating = applied.get((concept, kind), (0, None, None))
    if reps != count:
        problems.append(f"{name}: {reps} review(s) applied but {count} logged")
    if last_rating != latest_rating:
        problems.append(f"{name}: last rating {last_rating} but the log says {latest_rating}")
    last_review = None if card.last_review is None else timestamp(card.last_review)
    if last_review != latest_time:
        problems.append(f"{name}: last reviewed {last_review} but the log says {latest_time}")
    return problems
