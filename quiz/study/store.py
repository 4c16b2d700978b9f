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
    the question's id, when, how long it took, and whether the learner overrode a
    wrong grade ("I was right": logged as right, ``overridden`` set).
``knowledge``
    Marks that a concept is probably ``known`` or ``unknown``, from a placement
    quiz or implicit evidence; the latest mark of a concept is the one in force,
    unless the concept was reset after it.
``resets``
    Append-only: a concept brought back as new (``dlkg study --reset``: its items
    deleted, its marks out of force, its reviews kept), or a placement mark taken out
    of force (``--reset-placement``). Each row holds the last review and mark ids at
    the reset: what is older no longer counts for the concept.

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

Layout
------
:class:`ReviewStore` opens the file (this module); its methods come in layers, one module
per table: :mod:`quiz.study.store_connection` (the connection, transactions, the
version), :mod:`quiz.study.store_cards` (``cards``), :mod:`quiz.study.store_marks`
(``knowledge`` and ``resets``), :mod:`quiz.study.store_reviews` (``reviews`` and the FSRS
parameters). Callers import :class:`ReviewStore` and the records from here.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

from quiz.study.rating import scheduler_for
from quiz.study.records import (
    FittedParameters,
    ItemKind,
    Mark,
    Reset,
    ResetScope,
    ReviewRecord,
    Source,
    Status,
    StoredCard,
    StoreVersion,
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
from quiz.study.store_reviews import ReviewLog

__all__ = [
    "MEMORY",
    "SCHEMA_VERSION",
    "FittedParameters",
    "ItemKind",
    "Mark",
    "Reset",
    "ResetScope",
    "ReviewRecord",
    "ReviewStore",
    "Source",
    "Status",
    "StoreError",
    "StoreVersion",
    "StoredCard",
    "timestamp",
]


class ReviewStore(ReviewLog):
    """The study database: open it with :meth:`open`, close it or use it as a context manager.

    Examples
    --------
    >>> from datetime import UTC, datetime
    >>> from fsrs import Rating
    >>> from quiz.question import Kind
    >>> now = datetime(2025, 1, 1, 9, tzinfo=UTC)
    >>> with ReviewStore.open(MEMORY) as store:
    ...     _ = store.add_card("softmax", Kind.CLOZE, now)
    ...     stored = store.apply_review("softmax", Kind.CLOZE, Rating.Good, now,
    ...                                 correct=True, source=Source.ANSWER)
    ...     print(stored.kind, stored.reps, stored.last_rating.name, stored.due.isoformat())
    knowledge 1 Good 2025-01-01T09:10:00+00:00
    """

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
