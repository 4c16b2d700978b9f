"""The study database's ``knowledge`` and ``resets`` tables: marks that a concept is known or
unknown, and concepts brought back as new (see :mod:`quiz.study.store` for the tables)."""

from __future__ import annotations

from datetime import datetime

from quiz.study.clock import utc
from quiz.study.records import (
    Mark,
    Reset,
    ResetScope,
    Source,
    Status,
    parse_time,
    timestamp,
)
from quiz.study.store_cards import CardTable
from quiz.study.store_file import (
    guarded,
)


class KnowledgeMarks(CardTable):
    """Knowledge marks and resets: the mark in force, a concept reset, placement undone."""

    @guarded
    def last_ids(self) -> tuple[int, int]:
        """The ids of the latest review and knowledge mark (0 when there is none)."""
        return tuple(
            self._connection.execute(f"SELECT coalesce(max(id), 0) FROM {table}").fetchone()[0]
            for table in ("reviews", "knowledge")
        )

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
        """The mark in force for ``concept`` (the last one written since its last reset),
        or None."""
        row = self._connection.execute(
            "SELECT concept, status, source, marked_at FROM knowledge WHERE concept = ?"
            " AND id > ? ORDER BY id DESC LIMIT 1",
            (concept, self._reset_point(concept)[1]),
        ).fetchone()
        return None if row is None else _mark_from_row(row)

    @guarded
    def marks(self) -> dict[str, Mark]:
        """The mark in force for each marked concept: the last one written since its last
        reset."""
        rows = self._connection.execute(
            "SELECT concept, status, source, marked_at FROM knowledge AS k WHERE id >"
            " coalesce((SELECT max(after_mark) FROM resets WHERE concept = k.concept), 0)"
            " ORDER BY id"
        )
        return {row[0]: _mark_from_row(row) for row in rows}

    # Resets

    def _reset_point(self, concept: str) -> tuple[int, int]:
        """The last review and mark ids at ``concept``'s latest reset ((0, 0): never reset).

        Reviews count from the latest reset of the concept itself; marks from any reset.
        """
        row = self._connection.execute(
            "SELECT coalesce(max(CASE WHEN scope = 'concept' THEN after_review END), 0),"
            " coalesce(max(after_mark), 0) FROM resets WHERE concept = ?",
            (concept,),
        ).fetchone()
        return row[0], row[1]

    @guarded
    def reset(self, concept: str, now: datetime) -> Reset | None:
        """Bring ``concept`` back as new, in one transaction: its items are deleted (so
        it is neither introduced nor scheduled, nor suspended), its marks stop being in
        force, and the reset is logged. Its reviews stay in the log (for the record and
        the accuracy figures) but no longer count for it.

        Returns
        -------
        Reset or None
            What was reset; None when the concept had nothing to reset (no item, no mark).
        """
        with self.transaction():
            items = self.cards(concept)
            mark = self.mark_of(concept)
            if not items and mark is None:
                return None
            since = self._reset_point(concept)[0]
            reviews = self._connection.execute(
                "SELECT count(*) FROM reviews WHERE concept = ? AND source != 'placement'"
                " AND id > ?",
                (concept, since),
            ).fetchone()[0]
            self._connection.execute("DELETE FROM cards WHERE concept = ?", (concept,))
            reset = Reset(
                concept,
                ResetScope.CONCEPT,
                utc(now),
                len(items),
                reviews,
                None if mark is None else mark.status,
            )
            self._log_reset(reset)
        return reset

    @guarded
    def reset_placement(self, now: datetime) -> list[Reset]:
        """Undo placement, in one transaction: every concept whose mark in force came from
        a placement quiz loses it (it is taught in learning-path order again); each is
        logged as a reset. Items and reviews are left alone.
        """
        with self.transaction():
            resets = [
                Reset(concept, ResetScope.PLACEMENT, utc(now), mark=mark.status)
                for concept, mark in self.marks().items()
                if mark.source is Source.PLACEMENT
            ]
            for reset in resets:
                self._log_reset(reset)
        return resets

    def _log_reset(self, reset: Reset) -> None:
        last_review, last_mark = self.last_ids()
        self._connection.execute(
            "INSERT INTO resets (concept, scope, reset_at, after_review, after_mark)"
            " VALUES (?, ?, ?, ?, ?)",
            (reset.concept, reset.scope.value, timestamp(reset.reset_at), last_review, last_mark),
        )

    @guarded
    def resets(self) -> list[tuple[str, ResetScope, datetime]]:
        """The reset log, oldest first: (concept, scope, when)."""
        rows = self._connection.execute("SELECT concept, scope, reset_at FROM resets ORDER BY id")
        return [(row[0], ResetScope(row[1]), parse_time(row[2])) for row in rows]


def _mark_from_row(row: tuple) -> Mark:
    return Mark(row[0], Status(row[1]), Source(row[2]), parse_time(row[3]))
