"""The review store's file: its schema, migrations, and the checks before it is opened.

A file that is not ours (not SQLite, another application's database) or that
a newer dlkg wrote is refused before anything is written to it: it is first
inspected through a read-only connection. Every SQLite error becomes a
:class:`StoreError` naming the file and what is wrong.
"""

from __future__ import annotations

import json
import os
import sqlite3
from collections.abc import Callable
from functools import wraps
from pathlib import Path
from typing import Any

from kg.text import one_line

APPLICATION_ID = 0x646C6B67
"""``PRAGMA application_id`` of a dlkg study database: the ASCII bytes "dlkg"."""
SCHEMA_VERSION = 5
"""``PRAGMA user_version`` this code writes; see :data:`MIGRATIONS`."""
BUSY_TIMEOUT_SECONDS = 10.0
"""How long a session waits for another one's write to finish before giving up."""
MEMORY = ":memory:"
"""Pass as the path for a throwaway in-memory store (tests, examples)."""
SQLITE_MAGIC = b"SQLite format 3\x00"
SQLITE_HEADER_SIZE = 100
APPLICATION_ID_OFFSET = 68
"""Where the application id sits in the SQLite file header (4 bytes, big-endian)."""

_SCHEMA_V1 = (
    """CREATE TABLE cards (
        id INTEGER PRIMARY KEY,
        concept TEXT NOT NULL,
        kind TEXT NOT NULL,
        card TEXT NOT NULL,
        due TEXT NOT NULL,
        state INTEGER NOT NULL CHECK (state IN (1, 2, 3)),
        reps INTEGER NOT NULL DEFAULT 0 CHECK (reps >= 0),
        introduced_at TEXT NOT NULL,
        UNIQUE (concept, kind)
    )""",
    "CREATE INDEX cards_by_due ON cards (due)",
    """CREATE TABLE reviews (
        id INTEGER PRIMARY KEY,
        concept TEXT NOT NULL,
        kind TEXT NOT NULL,
        rating INTEGER NOT NULL CHECK (rating BETWEEN 1 AND 4),
        correct INTEGER NOT NULL CHECK (correct IN (0, 1)),
        source TEXT NOT NULL CHECK (source IN ('answer', 'implicit', 'placement')),
        question TEXT,
        reviewed_at TEXT NOT NULL,
        seconds REAL
    )""",
    "CREATE INDEX reviews_by_card ON reviews (concept, kind)",
    """CREATE TABLE knowledge (
        id INTEGER PRIMARY KEY,
        concept TEXT NOT NULL,
        status TEXT NOT NULL CHECK (status IN ('known', 'unknown')),
        source TEXT NOT NULL CHECK (source IN ('placement', 'implicit')),
        marked_at TEXT NOT NULL
    )""",
    "CREATE INDEX knowledge_by_concept ON knowledge (concept)",
)

_LAST_RATING_V2 = (
    "ALTER TABLE cards ADD COLUMN last_rating INTEGER CHECK (last_rating BETWEEN 1 AND 4)",
    # Fill the new column from the log, so a migrated file answers "learned?" as before.
    """UPDATE cards SET last_rating = (
        SELECT rating FROM reviews
        WHERE reviews.concept = cards.concept AND reviews.kind = cards.kind
          AND reviews.source != 'placement'
        ORDER BY id DESC LIMIT 1
    )""",
)


def _cards_to_items(connection: sqlite3.Connection) -> None:
    """Version 3: the per-kind cards of a concept become its memory items.

    Every conceptual card of a concept becomes its one knowledge item, its numeric
    card its skill item. The review log is kept as it is (each row names the kind
    of question asked, which says the item it reviewed); each item's FSRS state is
    recomputed by replaying its reviews, answers and implicit ones, in time order.
    The item is introduced when the first of its cards was.
    """
    # Imported here: the schema module is read by everything, FSRS only by this step.
    from fsrs import Rating

    from quiz.study.rating import new_card, review
    from quiz.study.records import item_of, parse_time, timestamp

    introduced: dict[tuple[str, str], str] = {}
    for concept, kind, introduced_at in connection.execute(
        "SELECT concept, kind, introduced_at FROM cards ORDER BY id"
    ):
        key = (concept, item_of(kind).value)
        introduced[key] = min(introduced.get(key, introduced_at), introduced_at)
    reviews: dict[tuple[str, str], list[tuple[str, int]]] = {}
    for concept, kind, rating, reviewed_at in connection.execute(
        "SELECT concept, kind, rating, reviewed_at FROM reviews WHERE source != 'placement'"
        " ORDER BY reviewed_at, id"
    ):
        reviews.setdefault((concept, item_of(kind).value), []).append((reviewed_at, rating))
    connection.execute("DELETE FROM cards")
    for number, (key, introduced_at) in enumerate(
        sorted(introduced.items(), key=lambda pair: (pair[1], pair[0])), start=1
    ):
        card = new_card(number, parse_time(introduced_at))
        history = reviews.get(key, [])
        for reviewed_at, rating in history:
            card, _ = review(card, Rating(rating), parse_time(reviewed_at))
        connection.execute(
            "INSERT INTO cards (id, concept, kind, card, due, state, reps, introduced_at,"
            " last_rating) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (
                number,
                *key,
                json.dumps(card.to_dict()),
                timestamp(card.due),
                int(card.state),
                len(history),
                introduced_at,
                history[-1][1] if history else None,
            ),
        )


Step = tuple[str | Callable[[sqlite3.Connection], None], ...]

_SUSPENDED_V4 = (
    "ALTER TABLE cards ADD COLUMN suspended INTEGER NOT NULL DEFAULT 0 CHECK (suspended IN (0, 1))",
)

_ANKI_REVIEWS_V5 = (
    # SQLite cannot change a CHECK constraint: the review log is copied into a new
    # table that also accepts source 'anki', keeping every row and its id.
    """CREATE TABLE reviews_v5 (
        id INTEGER PRIMARY KEY,
        concept TEXT NOT NULL,
        kind TEXT NOT NULL,
        rating INTEGER NOT NULL CHECK (rating BETWEEN 1 AND 4),
        correct INTEGER NOT NULL CHECK (correct IN (0, 1)),
        source TEXT NOT NULL CHECK (source IN ('answer', 'implicit', 'placement', 'anki')),
        question TEXT,
        reviewed_at TEXT NOT NULL,
        seconds REAL,
        anki_id INTEGER UNIQUE,
        CHECK ((source = 'anki') = (anki_id IS NOT NULL))
    )""",
    "INSERT INTO reviews_v5 (id, concept, kind, rating, correct, source, question, reviewed_at,"
    " seconds) SELECT id, concept, kind, rating, correct, source, question, reviewed_at, seconds"
    " FROM reviews ORDER BY id",
    "DROP TABLE reviews",
    "ALTER TABLE reviews_v5 RENAME TO reviews",
    "CREATE INDEX reviews_by_card ON reviews (concept, kind)",
    """CREATE TABLE parameters (
        id INTEGER PRIMARY KEY,
        weights TEXT NOT NULL,
        fitted_at TEXT NOT NULL,
        reviews INTEGER NOT NULL,
        log_loss_before REAL NOT NULL,
        log_loss_after REAL NOT NULL,
        rmse_before REAL NOT NULL,
        rmse_after REAL NOT NULL
    )""",
)

MIGRATIONS: tuple[Step, ...] = (
    _SCHEMA_V1,
    _LAST_RATING_V2,
    (_cards_to_items,),
    _SUSPENDED_V4,
    _ANKI_REVIEWS_V5,
)
"""``MIGRATIONS[n]`` takes a database from schema version ``n`` to ``n + 1``.

Version 1 is the first schema; version 2 added ``cards.last_rating`` (the rating
of a card's latest review, which says whether its concept is learned without
reading the whole log); version 3 made the rows of ``cards`` memory items, one
per (concept, item kind), instead of one per (concept, question kind)
(:func:`_cards_to_items`); version 4 added ``cards.suspended`` (a suspended
concept's items are never due); version 5 let the review log hold reviews made in
Anki (source ``anki``, with Anki's review id in ``reviews.anki_id``, unique, so the
same review is never imported twice) and added ``parameters``, the FSRS weights
fitted to the learner's reviews (``dlkg stats --optimize``; the latest row is in
force). A step is SQL statements, or a function given the
connection. Append, never edit: a file written by any older dlkg is brought up to
date by running the steps it has not seen, in one transaction.
"""


class StoreError(Exception):
    """The study database cannot be used; the message names the file and the reason.

    Examples
    --------
    >>> str(StoreError("study.db", "not a dlkg study database"))
    'study.db: not a dlkg study database'
    """

    def __init__(self, path: str | Path, reason: str):
        super().__init__(f"{path}: {reason}")
        self.path = str(path)
        self.reason = reason


MESSAGE_LIMIT = 160
"""The most characters of an SQLite report quoted in a message."""


def reason(err: sqlite3.Error) -> str:
    """A sentence for the learner from an SQLite error."""
    text = str(err)
    lowered = text.lower()
    if "readonly" in lowered or "read-only" in lowered:
        return "the database is read-only; check the permissions of the file and its folder"
    if "unable to open" in lowered:
        return "cannot open the database; check that its folder exists and is writable"
    if "locked" in lowered or "busy" in lowered:
        return (
            f"another session kept the database locked for over {BUSY_TIMEOUT_SECONDS:g} s; "
            "try again"
        )
    if "disk is full" in lowered or "disk i/o error" in lowered:
        return f"cannot write to the database: is the disk full? ({one_line(text, MESSAGE_LIMIT)})"
    if "not a database" in lowered or "malformed" in lowered or "corrupt" in lowered:
        return (
            f"the database is corrupt ({one_line(text, MESSAGE_LIMIT)}); restore a backup, "
            "or move the file away to start afresh"
        )
    return f"database error: {text}"


def guarded(method: Callable) -> Callable:
    """Run ``method`` turning SQLite errors and unreadable rows into :class:`StoreError`."""

    @wraps(method)
    def run(self: Any, *args: Any, **kwargs: Any) -> Any:
        try:
            return method(self, *args, **kwargs)
        except sqlite3.Error as err:
            raise StoreError(self.path, reason(err)) from err
        except (ValueError, KeyError, TypeError) as err:
            raise StoreError(self.path, f"the database holds an unreadable row ({err})") from err

    return run


def classify(connection: sqlite3.Connection, path: str) -> bool:
    """Whether the open database is ours (True) or a fresh, empty file (False).

    Raises
    ------
    StoreError
        If it belongs to another application, or a newer dlkg wrote it.
    """
    application_id = connection.execute("PRAGMA application_id").fetchone()[0]
    version = connection.execute("PRAGMA user_version").fetchone()[0]
    objects = connection.execute("SELECT count(*) FROM sqlite_schema").fetchone()[0]
    if application_id == APPLICATION_ID:
        if version > SCHEMA_VERSION:
            raise StoreError(
                path,
                f"written by a newer dlkg (schema version {version}; this dlkg reads up to "
                f"{SCHEMA_VERSION}); upgrade dlkg to use it",
            )
        if version < 1:
            raise StoreError(path, "the database is corrupt (a dlkg file with no schema version)")
        return True
    if application_id == 0 and version == 0 and objects == 0:
        return False
    raise StoreError(
        path,
        "not a dlkg study database (an SQLite file of another application); "
        "choose another file with --db",
    )


def check_header(path: Path) -> None:
    """Refuse a file that is not SQLite, or is another application's, from its first bytes.

    A text file or random bytes never reach SQLite, so nothing can write to them.
    An empty file is accepted: it has nothing to lose and becomes a new database.
    """
    try:
        with path.open("rb") as stream:
            header = stream.read(SQLITE_HEADER_SIZE)
    except OSError as err:
        raise StoreError(path, f"cannot read the file ({err.strerror})") from err
    if not header:
        return
    if not header.startswith(SQLITE_MAGIC):
        raise StoreError(
            path, "not a dlkg study database (not an SQLite file); choose another file with --db"
        )
    if len(header) < SQLITE_HEADER_SIZE:
        raise StoreError(path, "the database is corrupt (the file is truncated)")
    raw_id = int.from_bytes(header[APPLICATION_ID_OFFSET : APPLICATION_ID_OFFSET + 4], "big")
    if raw_id not in (0, APPLICATION_ID):
        raise StoreError(
            path,
            "not a dlkg study database (another application's SQLite file); "
            "choose another file with --db",
        )


def inspect_file(path: Path) -> None:
    """Refuse a database that is not ours, newer or corrupt, without changing it.

    A read-only connection checks the ids (:func:`classify`) and runs ``quick_check``.
    """
    uri = f"{path.resolve().as_uri()}?mode=ro"
    try:
        connection = sqlite3.connect(uri, uri=True, timeout=BUSY_TIMEOUT_SECONDS)
    except sqlite3.Error as err:
        raise StoreError(path, reason(err)) from err
    try:
        classify(connection, str(path))
        problems = [row[0] for row in connection.execute("PRAGMA quick_check")]
        if problems != ["ok"]:
            raise StoreError(
                path,
                f"the database is corrupt ({one_line(problems[0], MESSAGE_LIMIT)}); restore a "
                "backup, or move the file away to start afresh",
            )
    except sqlite3.Error as err:
        raise StoreError(path, reason(err)) from err
    except UnicodeDecodeError as err:
        # Python's sqlite3 cannot decode an error quoting a damaged schema's bytes.
        raise StoreError(
            path,
            "the database is corrupt (its schema is not UTF-8); restore a backup, or move the "
            "file away to start afresh",
        ) from err
    finally:
        connection.close()


def check_location(path: Path) -> None:
    if path.is_dir():
        raise StoreError(path, "is a folder, not a database file")
    if not path.parent.is_dir():
        raise StoreError(path, f"the folder {path.parent} does not exist")


def check_writable(path: Path) -> None:
    # os.access is a hint for a clearer message (root passes it); SQLite's own
    # error is mapped by reason too.
    if not os.access(path.parent, os.W_OK | os.X_OK):
        raise StoreError(
            path, "its folder is read-only (the database needs to write files beside it)"
        )
    if path.exists() and not os.access(path, os.W_OK):
        raise StoreError(path, "the database file is read-only; check its permissions")
