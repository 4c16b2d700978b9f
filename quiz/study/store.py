"""The review store: cards, reviews and knowledge marks in one SQLite file.

Tables
------
``cards``
    One row per (concept, kind): the FSRS card as JSON (``fsrs.Card.to_dict``),
    with its due time and state copied into columns for queries, the number of
    reviews applied to it (``reps``) and the rating of the latest (``last_rating``).
``reviews``
    Every review ever made, append-only: concept, kind, rating, whether the
    answer was right, its source (``answer``, ``implicit`` or ``placement``),
    the question's id, when, and how long it took.
``knowledge``
    Marks that a concept is probably ``known`` or ``unknown``, from a placement
    quiz or implicit evidence; the latest mark of a concept is the one in force.

Safety
------
- The file carries a magic number (``PRAGMA application_id``) and a schema version
  (``PRAGMA user_version``). A file that is not ours (not SQLite, another
  application's database) or that a newer dlkg wrote is refused before anything
  is written to it: it is first inspected through a read-only connection.
- WAL mode with ``synchronous=NORMAL``: a committed answer survives the process
  being killed; only a power cut can lose the last few.
- Every change is one ``BEGIN IMMEDIATE`` transaction: it takes the write lock
  before reading, so what it reads (a card another session may just have
  reviewed) cannot change before it writes. A session that finds the lock
  taken waits up to :data:`BUSY_TIMEOUT_SECONDS` instead of failing.
- Every SQLite error becomes a :class:`StoreError` naming the file and what is wrong.
"""

from __future__ import annotations

import json
import os
import sqlite3
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, replace
from datetime import datetime
from enum import StrEnum
from functools import wraps
from pathlib import Path
from typing import Any, NamedTuple

from fsrs import Card, Rating, State

from quiz.question import Kind
from quiz.study.clock import utc
from quiz.study.rating import new_card, review

APPLICATION_ID = 0x646C6B67
"""``PRAGMA application_id`` of a dlkg study database: the ASCII bytes "dlkg"."""
SCHEMA_VERSION = 2
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

MIGRATIONS: tuple[tuple[str, ...], ...] = (_SCHEMA_V1, _LAST_RATING_V2)
"""``MIGRATIONS[n]`` takes a database from schema version ``n`` to ``n + 1``.

Version 1 is the first schema; version 2 added ``cards.last_rating`` (the rating
of a card's latest review, which says whether its concept is learned without
reading the whole log). Append, never edit: a file written by any older dlkg
is brought up to date by running the steps it has not seen, in one transaction.
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


class Source(StrEnum):
    """Where a review or a knowledge mark came from."""

    ANSWER = "answer"
    """The learner answered the card's question."""
    IMPLICIT = "implicit"
    """Inferred from an answer on another concept (see :mod:`quiz.study.knowledge`)."""
    PLACEMENT = "placement"
    """A placement-quiz probe (see :mod:`quiz.study.placement`)."""


class Status(StrEnum):
    """What a knowledge mark says about a concept."""

    KNOWN = "known"
    UNKNOWN = "unknown"


class StoreVersion(NamedTuple):
    """What :meth:`ReviewStore.version` returns: two equal versions mean nothing was
    written to the database in between."""

    written_here: int
    """Rows written through this connection (SQLite's ``total_changes``)."""
    written_elsewhere: int
    """``PRAGMA data_version``: it changes when another connection commits."""


def timestamp(moment: datetime) -> str:
    """``moment`` as stored: UTC ISO-8601 with microseconds, so text order is time order.

    Examples
    --------
    >>> from datetime import UTC
    >>> timestamp(datetime(2025, 1, 1, 9, tzinfo=UTC))
    '2025-01-01T09:00:00.000000+00:00'
    """
    return utc(moment).isoformat(timespec="microseconds")


def _parse_time(text: str) -> datetime:
    return utc(datetime.fromisoformat(text))


@dataclass(frozen=True)
class StoredCard:
    """A card as stored: which (concept, kind) it tests and its FSRS state.

    ``reps`` counts every review applied to it (answers and implicit ones);
    ``last_rating`` is the rating of the latest, None before the first.
    """

    concept: str
    kind: Kind
    card: Card
    introduced_at: datetime
    reps: int = 0
    last_rating: Rating | None = None

    @property
    def due(self) -> datetime:
        return self.card.due

    @property
    def state(self) -> State:
        return self.card.state

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready dict (the card as ``fsrs.Card.to_dict`` gives it).

        Examples
        --------
        >>> from datetime import UTC
        >>> now = datetime(2025, 1, 1, tzinfo=UTC)
        >>> stored = StoredCard("softmax", Kind.CLOZE, new_card(1, now), now)
        >>> StoredCard.from_dict(stored.to_dict()) == stored
        True
        """
        return {
            "concept": self.concept,
            "kind": self.kind.value,
            "card": self.card.to_dict(),
            "introduced_at": timestamp(self.introduced_at),
            "reps": self.reps,
            "last_rating": None if self.last_rating is None else int(self.last_rating),
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> StoredCard:
        last_rating = data.get("last_rating")
        return cls(
            concept=data["concept"],
            kind=Kind(data["kind"]),
            card=Card.from_dict(data["card"]),
            introduced_at=_parse_time(data["introduced_at"]),
            reps=int(data.get("reps", 0)),
            last_rating=None if last_rating is None else Rating(last_rating),
        )


@dataclass(frozen=True)
class ReviewRecord:
    """One row of the review log. ``id`` is None until it is stored."""

    concept: str
    kind: Kind
    rating: Rating
    correct: bool
    source: Source
    reviewed_at: datetime
    question: str | None = None
    seconds: float | None = None
    id: int | None = None

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready dict.

        Examples
        --------
        >>> from datetime import UTC
        >>> record = ReviewRecord("softmax", Kind.CLOZE, Rating.Good, True, Source.ANSWER,
        ...                       datetime(2025, 1, 1, tzinfo=UTC), "cloze:softmax:1", 3.5)
        >>> ReviewRecord.from_dict(record.to_dict()) == record
        True
        """
        return {
            "id": self.id,
            "concept": self.concept,
            "kind": self.kind.value,
            "rating": int(self.rating),
            "correct": self.correct,
            "source": self.source.value,
            "reviewed_at": timestamp(self.reviewed_at),
            "question": self.question,
            "seconds": self.seconds,
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> ReviewRecord:
        return cls(
            concept=data["concept"],
            kind=Kind(data["kind"]),
            rating=Rating(data["rating"]),
            correct=bool(data["correct"]),
            source=Source(data["source"]),
            reviewed_at=_parse_time(data["reviewed_at"]),
            question=data.get("question"),
            seconds=data.get("seconds"),
            id=data.get("id"),
        )


@dataclass(frozen=True)
class Mark:
    """A knowledge mark: ``concept`` is probably ``status``, according to ``source``."""

    concept: str
    status: Status
    source: Source
    marked_at: datetime

    def to_dict(self) -> dict[str, Any]:
        return {
            "concept": self.concept,
            "status": self.status.value,
            "source": self.source.value,
            "marked_at": timestamp(self.marked_at),
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Mark:
        return cls(
            concept=data["concept"],
            status=Status(data["status"]),
            source=Source(data["source"]),
            marked_at=_parse_time(data["marked_at"]),
        )


def _one_line(text: str, limit: int = 160) -> str:
    """``text`` folded onto one line and cut to ``limit`` characters (SQLite reports span lines)."""
    folded = " ".join(text.split())
    return folded if len(folded) <= limit else folded[: limit - 1] + "…"


def _reason(err: sqlite3.Error) -> str:
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
        return f"cannot write to the database: is the disk full? ({_one_line(text)})"
    if "not a database" in lowered or "malformed" in lowered or "corrupt" in lowered:
        return (
            f"the database is corrupt ({_one_line(text)}); restore a backup, or move the file away "
            "to start afresh"
        )
    return f"database error: {text}"


def _guarded(method: Callable) -> Callable:
    """Run ``method`` turning SQLite errors and unreadable rows into :class:`StoreError`."""

    @wraps(method)
    def run(self: ReviewStore, *args: Any, **kwargs: Any) -> Any:
        try:
            return method(self, *args, **kwargs)
        except sqlite3.Error as err:
            raise StoreError(self.path, _reason(err)) from err
        except (ValueError, KeyError, TypeError) as err:
            raise StoreError(self.path, f"the database holds an unreadable row ({err})") from err

    return run


def _classify(connection: sqlite3.Connection, path: str) -> bool:
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


def _check_header(path: Path) -> None:
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


def _inspect(path: Path) -> None:
    """Refuse a database that is not ours, newer or corrupt, without changing it.

    A read-only connection checks the ids (:func:`_classify`) and runs ``quick_check``.
    """
    uri = f"{path.resolve().as_uri()}?mode=ro"
    try:
        connection = sqlite3.connect(uri, uri=True, timeout=BUSY_TIMEOUT_SECONDS)
    except sqlite3.Error as err:
        raise StoreError(path, _reason(err)) from err
    try:
        _classify(connection, str(path))
        problems = [row[0] for row in connection.execute("PRAGMA quick_check")]
        if problems != ["ok"]:
            raise StoreError(
                path,
                f"the database is corrupt ({_one_line(problems[0])}); restore a backup, or move "
                "the file away to start afresh",
            )
    except sqlite3.Error as err:
        raise StoreError(path, _reason(err)) from err
    except UnicodeDecodeError as err:
        # Python's sqlite3 cannot decode an error quoting a damaged schema's bytes.
        raise StoreError(
            path,
            "the database is corrupt (its schema is not UTF-8); restore a backup, or move the "
            "file away to start afresh",
        ) from err
    finally:
        connection.close()


def _check_location(path: Path) -> None:
    if path.is_dir():
        raise StoreError(path, "is a folder, not a database file")
    if not path.parent.is_dir():
        raise StoreError(path, f"the folder {path.parent} does not exist")


def _check_writable(path: Path) -> None:
    # os.access is a hint for a clearer message (root passes it); SQLite's own
    # error is mapped by _reason too.
    if not os.access(path.parent, os.W_OK | os.X_OK):
        raise StoreError(
            path, "its folder is read-only (the database needs to write files beside it)"
        )
    if path.exists() and not os.access(path, os.W_OK):
        raise StoreError(path, "the database file is read-only; check its permissions")


class ReviewStore:
    """The study database: open it with :meth:`open`, close it or use it as a context manager.

    Examples
    --------
    >>> from datetime import UTC
    >>> now = datetime(2025, 1, 1, 9, tzinfo=UTC)
    >>> with ReviewStore.open(MEMORY) as store:
    ...     _ = store.add_card("softmax", Kind.CLOZE, now)
    ...     stored = store.apply_review("softmax", Kind.CLOZE, Rating.Good, now,
    ...                                 correct=True, source=Source.ANSWER)
    ...     print(stored.reps, stored.last_rating.name, stored.due.isoformat())
    1 Good 2025-01-01T09:10:00+00:00
    """

    def __init__(self, connection: sqlite3.Connection, path: str):
        self._connection = connection
        self.path = path

    @classmethod
    def open(cls, path: str | Path) -> ReviewStore:
        """Open the database at ``path``, creating or upgrading it as needed.

        Parameters
        ----------
        path : str or Path
            The database file (its folder must exist), or :data:`MEMORY`.

        Returns
        -------
        ReviewStore

        Raises
        ------
        StoreError
            If the file is not a dlkg study database (not SQLite, or another
            application's), was written by a newer dlkg, is corrupt, or cannot
            be written (a read-only file or folder). The file is left untouched.
        """
        if str(path) == MEMORY:
            connection = sqlite3.connect(MEMORY, isolation_level=None)
            store = cls(connection, MEMORY)
        else:
            path = Path(path)
            _check_location(path)
            if path.exists():
                _check_header(path)
            _check_writable(path)
            if path.exists():
                _inspect(path)
            try:
                connection = sqlite3.connect(
                    path, timeout=BUSY_TIMEOUT_SECONDS, isolation_level=None
                )
            except sqlite3.Error as err:
                raise StoreError(path, _reason(err)) from err
            store = cls(connection, str(path))
        try:
            store._prepare()
        except BaseException:
            connection.close()
            raise
        return store

    @_guarded
    def _prepare(self) -> None:
        connection = self._connection
        connection.execute(f"PRAGMA busy_timeout = {int(BUSY_TIMEOUT_SECONDS * 1000)}")
        if self.path != MEMORY:
            # Checked first through a read-only connection; checked again below,
            # under the write lock, in case another process created it meanwhile.
            _classify(connection, self.path)
            connection.execute("PRAGMA journal_mode = WAL")
        connection.execute("PRAGMA synchronous = NORMAL")
        with self.transaction():
            ours = _classify(connection, self.path)
            version = connection.execute("PRAGMA user_version").fetchone()[0] if ours else 0
            for step in MIGRATIONS[version:]:
                for statement in step:
                    connection.execute(statement)
            if version < SCHEMA_VERSION:
                connection.execute(f"PRAGMA application_id = {APPLICATION_ID}")
                connection.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")

    def close(self) -> None:
        """Close the connection (a committed answer is already safe on disk)."""
        self._connection.close()

    def __enter__(self) -> ReviewStore:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    @contextmanager
    def transaction(self) -> Iterator[ReviewStore]:
        """One ``BEGIN IMMEDIATE`` transaction: everything inside commits together or not at all.

        Inside a transaction already, it joins it, so helpers that write can be
        called alone or as part of a larger change.

        Raises
        ------
        StoreError
            If the write lock stays taken beyond :data:`BUSY_TIMEOUT_SECONDS`, or
            the commit fails.
        """
        if self._connection.in_transaction:
            yield self
            return
        self._execute("BEGIN IMMEDIATE")
        try:
            yield self
        except BaseException:
            if self._connection.in_transaction:
                self._execute("ROLLBACK")
            raise
        self._execute("COMMIT")

    @_guarded
    def _execute(self, statement: str) -> None:
        self._connection.execute(statement)

    @_guarded
    def version(self) -> StoreVersion:
        """Where the database stands: any row written since, through this store or by
        another connection's commit, gives a different version.

        Read inside a transaction after its writes, it is the version the store
        has once that transaction commits, so that a reader (a study session)
        can tell its own writes from anyone else's.
        """
        elsewhere = self._connection.execute("PRAGMA data_version").fetchone()[0]
        return StoreVersion(self._connection.total_changes, elsewhere)

    # Cards

    @_guarded
    def card(self, concept: str, kind: Kind) -> StoredCard | None:
        """The card of (``concept``, ``kind``), or None if it was never introduced."""
        row = self._connection.execute(
            f"SELECT {_CARD_COLUMNS} FROM cards WHERE concept = ? AND kind = ?",
            (concept, kind.value),
        ).fetchone()
        return None if row is None else _card_from_row(row)

    @_guarded
    def cards(self, concept: str | None = None) -> list[StoredCard]:
        """Every card (of ``concept`` if given), in the order they were introduced."""
        if concept is None:
            rows = self._connection.execute(f"SELECT {_CARD_COLUMNS} FROM cards ORDER BY id")
        else:
            rows = self._connection.execute(
                f"SELECT {_CARD_COLUMNS} FROM cards WHERE concept = ? ORDER BY id", (concept,)
            )
        return [_card_from_row(row) for row in rows]

    @_guarded
    def due_cards(self, until: datetime) -> list[StoredCard]:
        """The cards due at or before ``until``, earliest first (then in introduction order)."""
        rows = self._connection.execute(
            f"SELECT {_CARD_COLUMNS} FROM cards WHERE due <= ? ORDER BY due, id",
            (timestamp(until),),
        )
        return [_card_from_row(row) for row in rows]

    @_guarded
    def next_due(self, after: datetime) -> datetime | None:
        """The earliest due time later than ``after``, or None if no card is due later."""
        row = self._connection.execute(
            "SELECT min(due) FROM cards WHERE due > ?", (timestamp(after),)
        ).fetchone()
        return None if row[0] is None else _parse_time(row[0])

    @_guarded
    def count_due(self, until: datetime) -> int:
        """How many cards are due at or before ``until``."""
        return self._connection.execute(
            "SELECT count(*) FROM cards WHERE due <= ?", (timestamp(until),)
        ).fetchone()[0]

    @_guarded
    def add_card(self, concept: str, kind: Kind, now: datetime) -> StoredCard:
        """Introduce the card (``concept``, ``kind``), due ``now``; an existing one is kept.

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
            stored = StoredCard(concept, kind, new_card(card_id, now), now)
            self._connection.execute(
                "INSERT INTO cards (id, concept, kind, card, due, state, reps, introduced_at,"
                " last_rating) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (card_id, *_card_values(stored)),
            )
            return stored

    @_guarded
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

    @_guarded
    def apply_review(
        self,
        concept: str,
        kind: Kind,
        rating: Rating,
        now: datetime,
        *,
        correct: bool,
        source: Source,
        question: str | None = None,
        seconds: float | None = None,
    ) -> StoredCard:
        """Review a card and log it, in one transaction; the card is re-read inside it.

        Parameters
        ----------
        concept, kind : str, Kind
            The card. It must exist (:meth:`add_card`).
        rating : Rating
            The FSRS rating.
        now : datetime
            The review's time, timezone-aware.
        correct : bool
            Whether the answer was right (logged for accuracy).
        source : Source
            ``ANSWER`` or ``IMPLICIT``.
        question : str, optional
            The id of the question asked.
        seconds : float, optional
            How long the answer took.

        Returns
        -------
        StoredCard
            The card as now stored.

        Raises
        ------
        StoreError
            If the card does not exist, or the database fails.
        """
        with self.transaction():
            stored = self.card(concept, kind)
            if stored is None:
                raise StoreError(self.path, f"no card ({concept}, {kind.value}) to review")
            # Another session may have reviewed the card after this answer's clock
            # was read: a review never goes back before the card's last one.
            when = utc(now)
            if stored.card.last_review is not None:
                when = max(when, stored.card.last_review)
            card, _ = review(stored.card, rating, when, seconds=seconds)
            reviewed = replace(stored, card=card, reps=stored.reps + 1, last_rating=rating)
            self.save_card(reviewed)
            self.add_review(
                ReviewRecord(concept, kind, rating, correct, source, when, question, seconds)
            )
        return reviewed

    # Reviews

    @_guarded
    def add_review(self, record: ReviewRecord) -> int:
        """Append ``record`` to the log; returns its id."""
        with self.transaction():
            cursor = self._connection.execute(
                "INSERT INTO reviews (concept, kind, rating, correct, source, question,"
                " reviewed_at, seconds) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    record.concept,
                    record.kind.value,
                    int(record.rating),
                    int(record.correct),
                    record.source.value,
                    record.question,
                    timestamp(record.reviewed_at),
                    record.seconds,
                ),
            )
        return cursor.lastrowid

    @_guarded
    def reviews(
        self, concept: str | None = None, source: Source | None = None
    ) -> list[ReviewRecord]:
        """The review log (of ``concept``, from ``source``), in the order it was written."""
        conditions, values = [], []
        if concept is not None:
            conditions.append("concept = ?")
            values.append(concept)
        if source is not None:
            conditions.append("source = ?")
            values.append(source.value)
        where = f"WHERE {' AND '.join(conditions)}" if conditions else ""
        rows = self._connection.execute(
            "SELECT id, concept, kind, rating, correct, source, question, reviewed_at, seconds"
            f" FROM reviews {where} ORDER BY id",
            values,
        )
        return [
            ReviewRecord(
                concept=row[1],
                kind=Kind(row[2]),
                rating=Rating(row[3]),
                correct=bool(row[4]),
                source=Source(row[5]),
                question=row[6],
                reviewed_at=_parse_time(row[7]),
                seconds=row[8],
                id=row[0],
            )
            for row in rows
        ]

    @_guarded
    def recent_ratings(
        self, concept: str, count: int, source: Source = Source.ANSWER
    ) -> list[Rating]:
        """The ratings of the last ``count`` reviews of ``concept`` (any card), newest first."""
        rows = self._connection.execute(
            "SELECT rating FROM reviews WHERE concept = ? AND source = ? ORDER BY id DESC LIMIT ?",
            (concept, source.value, count),
        )
        return [Rating(row[0]) for row in rows]

    @_guarded
    def answer_counts(self) -> dict[str, tuple[int, int]]:
        """For each concept answered at least once: (answers, right answers)."""
        rows = self._connection.execute(
            "SELECT concept, count(*), sum(correct) FROM reviews WHERE source = 'answer'"
            " GROUP BY concept"
        )
        return {row[0]: (row[1], row[2]) for row in rows}

    # Knowledge marks

    @_guarded
    def mark(self, concept: str, status: Status, source: Source, now: datetime) -> Mark:
        """Record that ``concept`` is probably ``status`` (it overrides earlier marks)."""
        mark = Mark(concept, status, source, utc(now))
        with self.transaction():
            self._connection.execute(
                "INSERT INTO knowledge (concept, status, source, marked_at) VALUES (?, ?, ?, ?)",
                (concept, status.value, source.value, timestamp(now)),
            )
        return mark

    @_guarded
    def mark_of(self, concept: str) -> Mark | None:
        """The mark in force for ``concept`` (the last one written), or None."""
        row = self._connection.execute(
            "SELECT concept, status, source, marked_at FROM knowledge WHERE concept = ?"
            " ORDER BY id DESC LIMIT 1",
            (concept,),
        ).fetchone()
        return None if row is None else _mark_from_row(row)

    @_guarded
    def marks(self) -> dict[str, Mark]:
        """The mark in force for each marked concept: the last one written."""
        rows = self._connection.execute(
            "SELECT concept, status, source, marked_at FROM knowledge ORDER BY id"
        )
        return {row[0]: _mark_from_row(row) for row in rows}

    # Integrity

    @_guarded
    def counts(self) -> dict[str, int]:
        """How many cards, reviews and knowledge marks the database holds."""
        return {
            table: self._connection.execute(f"SELECT count(*) FROM {table}").fetchone()[0]
            for table in ("cards", "reviews", "knowledge")
        }

    @_guarded
    def check(self) -> list[str]:
        """Every problem found: SQLite's ``integrity_check``, then dlkg's own invariants.

        The invariants: each card's JSON is a valid FSRS card whose due time and
        state match their columns and whose kind is known; its review count and
        last rating match the log (every answer and implicit review was applied to
        exactly one card, in the same transaction); every such review has its card.

        Returns
        -------
        list of str
            Empty when everything is consistent.
        """
        problems = [
            f"integrity_check: {_one_line(row[0])}"
            for row in self._connection.execute("PRAGMA integrity_check")
            if row[0] != "ok"
        ]
        if problems:
            return problems
        # With max(id), SQLite takes the bare columns (time, rating) from the row
        # holding the maximum: the last review applied to each card.
        applied = {
            (row[0], row[1]): (row[2], row[3], row[4])
            for row in self._connection.execute(
                "SELECT concept, kind, count(*), reviewed_at, rating, max(id)"
                " FROM reviews WHERE source != 'placement' GROUP BY concept, kind"
            )
        }
        rows = self._connection.execute(
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


_CARD_COLUMNS = "concept, kind, card, introduced_at, reps, last_rating"


def _card_from_row(row: tuple) -> StoredCard:
    concept, kind, card_json, introduced, reps, last_rating = row
    return StoredCard(
        concept=concept,
        kind=Kind(kind),
        card=Card.from_dict(json.loads(card_json)),
        introduced_at=_parse_time(introduced),
        reps=reps,
        last_rating=None if last_rating is None else Rating(last_rating),
    )


def _mark_from_row(row: tuple) -> Mark:
    return Mark(row[0], Status(row[1]), Source(row[2]), _parse_time(row[3]))


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
    if kind not in Kind._value2member_map_:
        problems.append(f"{name}: unknown kind")
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
