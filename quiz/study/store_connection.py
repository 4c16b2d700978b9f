"""The study database's connection: its transactions, its version, closing it.

:class:`StoreConnection` is the base of :class:`~quiz.study.store.ReviewStore`; each table's
methods are a layer on it (:mod:`quiz.study.store_cards`, :mod:`quiz.study.store_marks`,
:mod:`quiz.study.store_reviews`), the store itself opens the file (:mod:`quiz.study.store`).
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Self

from fsrs import Scheduler

from quiz.study.rating import SCHEDULER
from quiz.study.records import (
    StoreVersion,
)
from quiz.study.store_file import (
    guarded,
)


class StoreConnection:
    """An open study database: its connection, its path and the scheduler in force."""

    def __init__(self, connection: sqlite3.Connection, path: str):
        self._connection = connection
        self.path = path
        self.scheduler: Scheduler = SCHEDULER
        """Schedules every review applied here: the learner's fitted weights once
        :meth:`save_parameters` stored some, else FSRS's defaults."""

    def close(self) -> None:
        """Close the connection (a committed answer is already safe on disk)."""
        self._connection.close()

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    @contextmanager
    def transaction(self) -> Iterator[Self]:
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
