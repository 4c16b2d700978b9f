"""The review store: cards, reviews and knowledge marks in one SQLite file.

Tables
------
``cards``
    One row per memory item, (concept, item kind): ``knowledge`` or ``skill``
    (:class:`~quiz.study.records.ItemKind`). The FSRS card as JSON (``fsrs.Card.to_dict``),
    with its due time and state copied into columns for queries, the number of
    reviews applied to it (``reps``) and the rating of the latest (``last_rating``).
``reviews``
    Every review ever made, append-only: concept, the kind of question asked
    (an implicit review logs the item's kind), rating, whether the
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
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import replace
from datetime import datetime
from pathlib import Path

from fsrs import Card, Rating, Scheduler

from quiz.question import Kind
from quiz.study.clock import utc
from quiz.study.rating import SCHEDULER, new_card, review, scheduler_for
from quiz.study.records import (
    FittedParameters,
    ItemKind,
    Mark,
    ReviewRecord,
    Source,
    Status,
    StoredCard,
    StoreVersion,
    item_of,
    logged_kind,
    parse_time,
    timestamp,
)
from quiz.study.store_check import store_problems
from quiz.study.store_file import (
    APPLICATION_ID,
    BUSY_TIMEOUT_SECONDS,
    MEMORY,
    MIGRATIONS,
    SCHEMA_VERSION,
    StoreError,
    check_header,
    check_location,
    check_writable,
    classify,
    guarded,
    inspect_file,
    reason,
)

__all__ = [
    "MEMORY",
    "SCHEMA_VERSION",
    "FittedParameters",
    "ItemKind",
    "Mark",
    "ReviewRecord",
    "ReviewStore",
    "Source",
    "Status",
    "StoreError",
    "StoreVersion",
    "StoredCard",
    "timestamp",
]


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
    ...     print(stored.kind, stored.reps, stored.last_rating.name, stored.due.isoformat())
    knowledge 1 Good 2025-01-01T09:10:00+00:00
    """

    def __init__(self, connection: sqlite3.Connection, path: str):
        self._connection = connection
        self.path = path
        self.scheduler: Scheduler = SCHEDULER
        """Schedules every review applied here: the learner's fitted weights once
        :meth:`save_parameters` stored some, else FSRS's defaults."""

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
            check_location(path)
            if path.exists():
                check_header(path)
            check_writable(path)
            if path.exists():
                inspect_file(path)
            try:
                connection = sqlite3.connect(
                    path, timeout=BUSY_TIMEOUT_SECONDS, isolation_level=None
                )
            except sqlite3.Error as err:
                raise StoreError(path, reason(err)) from err
            store = cls(connection, str(path))
        try:
            store._prepare()
        except BaseException:
            connection.close()
            raise
        return store

    @guarded
    def _prepare(self) -> None:
        connection = self._connection
        connection.execute(f"PRAGMA busy_timeout = {int(BUSY_TIMEOUT_SECONDS * 1000)}")
        if self.path != MEMORY:
            # Checked first through a read-only connection; checked again below,
            # under the write lock, in case another process created it meanwhile.
            classify(connection, self.path)
            connection.execute("PRAGMA journal_mode = WAL")
        connection.execute("PRAGMA synchronous = NORMAL")
        with self.transaction():
            ours = classify(connection, self.path)
            version = connection.execute("PRAGMA user_version").fetchone()[0] if ours else 0
            for step in MIGRATIONS[version:]:
                for statement in step:
                    if isinstance(statement, str):
                        connection.execute(statement)
                    else:
                        statement(connection)
            if version < SCHEMA_VERSION:
                connection.execute(f"PRAGMA application_id = {APPLICATION_ID}")
                connection.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
            fitted = self.parameters()
            self.scheduler = scheduler_for(None if fitted is None else fitted.weights)

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

    @guarded
    def _execute(self, statement: str) -> None:
        self._connection.execute(statement)

    @guarded
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
    def apply_review(
        self,
        concept: str,
        kind: Kind | ItemKind,
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
        concept : str
        kind : Kind or ItemKind
            The kind of question asked (logged), or for an implicit review the item's
            kind. The item it reviews (:func:`item_of`) must exist (:meth:`add_card`).
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
                raise StoreError(self.path, f"no item ({concept}, {item_of(kind).value}) to review")
            # Another session may have reviewed the card after this answer's clock
            # was read: a review never goes back before the card's last one.
            when = utc(now)
            if stored.card.last_review is not None:
                when = max(when, stored.card.last_review)
            card, _ = review(stored.card, rating, when, seconds=seconds, scheduler=self.scheduler)
            reviewed = replace(stored, card=card, reps=stored.reps + 1, last_rating=rating)
            self.save_card(reviewed)
            self.add_review(
                ReviewRecord(concept, kind, rating, correct, source, when, question, seconds)
            )
        return reviewed

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

    @guarded
    def last_ids(self) -> tuple[int, int]:
        """The ids of the latest review and knowledge mark (0 when there is none)."""
        return tuple(
            self._connection.execute(f"SELECT coalesce(max(id), 0) FROM {table}").fetchone()[0]
            for table in ("reviews", "knowledge")
        )

    @guarded
    def undo(
        self,
        since: tuple[int, int],
        items: dict[tuple[str, ItemKind], StoredCard | None],
    ) -> None:
        """Take back the last answer: drop the reviews and marks written after ``since``
        (:meth:`last_ids` before it) and put ``items`` back as they were (None: it did not
        exist), in one transaction. The only change to the log that is not an append.

        Reviews read from Anki meanwhile (``dlkg anki reviews`` in another process)
        are kept, and the items they touch are replayed with them.
        """
        with self.transaction():
            self._connection.execute(
                "DELETE FROM reviews WHERE id > ? AND anki_id IS NULL", (since[0],)
            )
            self._connection.execute("DELETE FROM knowledge WHERE id > ?", (since[1],))
            for (concept, item), before in items.items():
                if before is None:
                    self._connection.execute(
                        "DELETE FROM cards WHERE concept = ? AND kind = ?", (concept, item.value)
                    )
                else:
                    self.save_card(before)
            for concept, item in items:
                history = self.history(concept, item)
                if any((record.id or 0) > since[0] for record in history):
                    self.replay(concept, item, history[0].reviewed_at)

    # Reviews

    @guarded
    def add_review(self, record: ReviewRecord) -> int:
        """Append ``record`` to the log; returns its id."""
        with self.transaction():
            cursor = self._connection.execute(
                "INSERT INTO reviews (concept, kind, rating, correct, source, question,"
                " reviewed_at, seconds, anki_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    record.concept,
                    record.kind.value,
                    int(record.rating),
                    int(record.correct),
                    record.source.value,
                    record.question,
                    timestamp(record.reviewed_at),
                    record.seconds,
                    record.anki_id,
                ),
            )
        assert cursor.lastrowid is not None  # an INSERT always sets it
        return cursor.lastrowid

    @guarded
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
            "SELECT id, concept, kind, rating, correct, source, question, reviewed_at, seconds,"
            f" anki_id FROM reviews {where} ORDER BY id",
            values,
        )
        return [
            ReviewRecord(
                concept=row[1],
                kind=logged_kind(row[2]),
                rating=Rating(row[3]),
                correct=bool(row[4]),
                source=Source(row[5]),
                question=row[6],
                reviewed_at=parse_time(row[7]),
                seconds=row[8],
                id=row[0],
                anki_id=row[9],
            )
            for row in rows
        ]

    @guarded
    def recent_ratings(
        self, concept: str, count: int, source: Source = Source.ANSWER
    ) -> list[Rating]:
        """The ratings of the last ``count`` reviews of ``concept`` (any card), newest first."""
        rows = self._connection.execute(
            "SELECT rating FROM reviews WHERE concept = ? AND source = ? ORDER BY id DESC LIMIT ?",
            (concept, source.value, count),
        )
        return [Rating(row[0]) for row in rows]

    @guarded
    def answer_counts(self) -> dict[str, tuple[int, int]]:
        """For each concept answered at least once: (answers, right answers)."""
        rows = self._connection.execute(
            "SELECT concept, count(*), sum(correct) FROM reviews WHERE source = 'answer'"
            " GROUP BY concept"
        )
        return {row[0]: (row[1], row[2]) for row in rows}

    @guarded
    def anki_ids(self) -> set[int]:
        """Anki's ids of the reviews imported from Anki (``dlkg anki reviews``)."""
        rows = self._connection.execute("SELECT anki_id FROM reviews WHERE anki_id IS NOT NULL")
        return {row[0] for row in rows}

    @guarded
    def history(self, concept: str, item: ItemKind) -> list[ReviewRecord]:
        """The reviews applied to ``(concept, item)`` (placement probes are not), in time
        order: the order FSRS replays them in (:meth:`replay`) and :meth:`check` reads."""
        return sorted(
            (
                record
                for record in self.reviews(concept)
                if record.source is not Source.PLACEMENT and item_of(record.kind) is item
            ),
            key=lambda record: (record.reviewed_at, record.id or 0),
        )

    @guarded
    def replay(self, concept: str, item: ItemKind, introduced: datetime) -> StoredCard:
        """Recompute ``(concept, item)``'s FSRS state from its whole :meth:`history`, with
        :attr:`scheduler`; the item is introduced at ``introduced`` if it did not exist.

        A review that arrives out of time order (one made in Anki before the last review
        in dlkg) changes every state after it, so the history is replayed from a new card.
        """
        with self.transaction():
            stored = self.card(concept, item) or self.add_card(concept, item, introduced)
            history = self.history(concept, item)
            card = new_card(stored.card.card_id, stored.introduced_at)
            for record in history:
                card, _ = review(
                    card,
                    record.rating,
                    record.reviewed_at,
                    seconds=record.seconds,
                    scheduler=self.scheduler,
                )
            replayed = replace(
                stored,
                card=card,
                reps=len(history),
                last_rating=history[-1].rating if history else None,
            )
            self.save_card(replayed)
        return replayed

    @guarded
    def source_counts(self) -> dict[str, int]:
        """How many reviews the log holds from each source (``answer``, ``anki``...)."""
        rows = self._connection.execute("SELECT source, count(*) FROM reviews GROUP BY source")
        return {source.value: 0 for source in Source} | {row[0]: row[1] for row in rows}

    # FSRS parameters

    @guarded
    def parameters(self) -> FittedParameters | None:
        """The FSRS weights in force (the latest fitted), or None for FSRS's defaults."""
        row = self._connection.execute(
            "SELECT weights, fitted_at, reviews, log_loss_before, log_loss_after, rmse_before,"
            " rmse_after FROM parameters ORDER BY id DESC LIMIT 1"
        ).fetchone()
        if row is None:
            return None
        return FittedParameters(tuple(json.loads(row[0])), parse_time(row[1]), row[2], *row[3:])

    @guarded
    def save_parameters(self, fitted: FittedParameters) -> None:
        """Store ``fitted``: from now on it schedules every review (:attr:`scheduler`).

        Raises
        ------
        StoreError
            If the weights are not valid FSRS-6 weights, or the database fails.
        """
        try:
            scheduler = scheduler_for(fitted.weights)
        except ValueError as err:
            raise StoreError(self.path, f"not valid FSRS weights ({err})") from err
        with self.transaction():
            self._connection.execute(
                "INSERT INTO parameters (weights, fitted_at, reviews, log_loss_before,"
                " log_loss_after, rmse_before, rmse_after) VALUES (?, ?, ?, ?, ?, ?, ?)",
                (
                    json.dumps(list(fitted.weights)),
                    timestamp(fitted.fitted_at),
                    fitted.reviews,
                    fitted.log_loss_before,
                    fitted.log_loss_after,
                    fitted.rmse_before,
                    fitted.rmse_after,
                ),
            )
        self.scheduler = scheduler

    # Knowledge marks

    @guarded
    def mark(self, concept: str, status: Status, source: Source, now: datetime) -> Mark:
        """Record that ``concept`` is probably ``status`` (it overrides earlier marks)."""
        mark = Mark(concept, status, source, utc(now))
        with self.transaction():
            self._connection.execute(
                "INSERT INTO knowledge (concept, status, source, marked_at) VALUES (?, ?, ?, ?)",
                (concept, status.value, source.value, timestamp(now)),
            )
        return mark

    @guarded
    def mark_of(self, concept: str) -> Mark | None:
        """The mark in force for ``concept`` (the last one written), or None."""
        row = self._connection.execute(
            "SELECT concept, status, source, marked_at FROM knowledge WHERE concept = ?"
            " ORDER BY id DESC LIMIT 1",
            (concept,),
        ).fetchone()
        return None if row is None else _mark_from_row(row)

    @guarded
    def marks(self) -> dict[str, Mark]:
        """The mark in force for each marked concept: the last one written."""
        rows = self._connection.execute(
            "SELECT concept, status, source, marked_at FROM knowledge ORDER BY id"
        )
        return {row[0]: _mark_from_row(row) for row in rows}

    # Integrity

    @guarded
    def counts(self) -> dict[str, int]:
        """How many cards, reviews and knowledge marks the database holds."""
        return {
            table: self._connection.execute(f"SELECT count(*) FROM {table}").fetchone()[0]
            for table in ("cards", "reviews", "knowledge")
        }

    @guarded
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
        return store_problems(self._connection)


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


def _mark_from_row(row: tuple) -> Mark:
    return Mark(row[0], Status(row[1]), Source(row[2]), parse_time(row[3]))


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
