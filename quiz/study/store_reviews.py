"""The study database's ``reviews`` log and the FSRS parameters: a review applied to its card
and logged, undo, a card's history replayed, the learner's fitted weights (see
:mod:`quiz.study.store` for the tables)."""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import datetime

from fsrs import Rating

from quiz.question import Kind
from quiz.study.clock import utc
from quiz.study.rating import new_card, review, scheduler_for
from quiz.study.records import (
    FittedParameters,
    ItemKind,
    ReviewRecord,
    Source,
    StoredCard,
    item_of,
    logged_kind,
    parse_time,
    timestamp,
)
from quiz.study.store_file import (
    StoreError,
    guarded,
)
from quiz.study.store_marks import KnowledgeMarks


class ReviewLog(KnowledgeMarks):
    """The review log: append, read, apply a review, undo, replay; the FSRS weights in force."""

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
        overridden: bool = False,
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
        overridden : bool
            The learner overrode a wrong grade ("I was right"); logged with the review.

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
                ReviewRecord(
                    concept,
                    kind,
                    rating,
                    correct,
                    source,
                    when,
                    question,
                    seconds,
                    overridden=overridden,
                )
            )
        return reviewed

    @guarded
    def items_reviewed_since(self, since: datetime) -> set[tuple[str, ItemKind]]:
        """The items introduced before ``since`` and answered since: the day's reviews,
        as the daily review cap counts them."""
        rows = self._connection.execute(
            "SELECT DISTINCT r.concept, r.kind FROM reviews AS r WHERE r.source = 'answer'"
            " AND r.reviewed_at >= ?",
            (timestamp(since),),
        )
        items = {(concept, item_of(kind)) for concept, kind in rows}
        return {
            (concept, item)
            for concept, item in items
            if (stored := self.card(concept, item)) is not None
            and stored.introduced_at < utc(since)
        }

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
                " reviewed_at, seconds, anki_id, overridden) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
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
                    int(record.overridden),
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
            f" anki_id, overridden FROM reviews {where} ORDER BY id",
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
                overridden=bool(row[10]),
            )
            for row in rows
        ]

    @guarded
    def recent_ratings(
        self, concept: str, count: int, source: Source = Source.ANSWER
    ) -> list[Rating]:
        """The ratings of the last ``count`` reviews of ``concept`` (any card), newest first."""
        rows = self._connection.execute(
            "SELECT rating FROM reviews WHERE concept = ? AND source = ? AND id > ?"
            " ORDER BY id DESC LIMIT ?",
            (concept, source.value, self._reset_point(concept)[0], count),
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
        """The reviews applied to ``(concept, item)`` (placement probes are not, nor the
        reviews logged before the concept's last reset), in time order: the order FSRS
        replays them in (:meth:`replay`) and :meth:`check` reads."""
        (after_reset,) = self._connection.execute(
            "SELECT coalesce(max(after_review), 0) FROM resets"
            " WHERE concept = ? AND scope = 'concept'",
            (concept,),
        ).fetchone()
        return sorted(
            (
                record
                for record in self.reviews(concept)
                if record.source is not Source.PLACEMENT
                and item_of(record.kind) is item
                and (record.id or 0) > after_reset
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
