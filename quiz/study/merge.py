"""Adding reviews made elsewhere (in Anki) to the store: idempotent, history kept.

Each review brings its own id from where it was made (Anki's ``revlog.id``),
kept in ``reviews.anki_id``, which is unique: a review already there is passed
over, so importing the same file twice adds nothing, and no review already in
the log is ever changed. Each item that got a review then has its FSRS state
recomputed from its whole history, dlkg's reviews and Anki's merged in time
order (:meth:`~quiz.study.store.ReviewStore.replay`): an Anki review made before
the learner's last dlkg review changes every state after it. An item a review
names that dlkg never introduced is introduced at that review's time.

Everything happens in one transaction: a failure adds nothing.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Protocol

from fsrs import Rating

from quiz.question import Kind
from quiz.study.records import ReviewRecord, Source, item_of
from quiz.study.store import ReviewStore

__all__ = ["ExternalReview", "MergeResult", "merge_reviews"]


class ExternalReview(Protocol):
    """A review made outside dlkg (:class:`quiz.anki.revlog.AnkiReview` is one)."""

    @property
    def anki_id(self) -> int: ...
    @property
    def concept(self) -> str: ...
    @property
    def kind(self) -> Kind: ...
    @property
    def rating(self) -> int: ...
    @property
    def reviewed_at(self) -> datetime: ...
    @property
    def seconds(self) -> float | None: ...
    @property
    def question(self) -> str: ...


@dataclass
class MergeResult:
    """What :func:`merge_reviews` did."""

    added: Counter[str] = field(default_factory=Counter)
    """Reviews added, per concept."""
    already_there: int = 0
    """Reviews passed over: their id was in the store already."""
    introduced: list[str] = field(default_factory=list)
    """Concepts whose items the reviews introduced."""

    @property
    def total(self) -> int:
        return sum(self.added.values())


def merge_reviews(store: ReviewStore, reviews: Iterable[ExternalReview]) -> MergeResult:
    """Add the ``reviews`` not in ``store`` yet and replay the items they touch.

    Parameters
    ----------
    store : ReviewStore
    reviews : iterable of ExternalReview

    Returns
    -------
    MergeResult

    Raises
    ------
    quiz.study.store.StoreError
        If the database fails; nothing is added then.

    Examples
    --------
    >>> from datetime import UTC
    >>> from types import SimpleNamespace
    >>> when = datetime(2025, 1, 1, 9, tzinfo=UTC)
    >>> review = SimpleNamespace(anki_id=1735722000000, concept="softmax", kind=Kind.FLASHCARD,
    ...                          rating=3, reviewed_at=when, seconds=4.0, question="anki:0")
    >>> with ReviewStore.open(":memory:") as store:
    ...     first = merge_reviews(store, [review])
    ...     again = merge_reviews(store, [review])
    ...     card = store.card("softmax", Kind.FLASHCARD)
    ...     print(first.total, again.total, again.already_there, card.reps)
    1 0 1 1
    """
    result = MergeResult()
    with store.transaction():
        known = store.anki_ids()
        first_time: dict[tuple[str, str], datetime] = {}
        for review in sorted(reviews, key=lambda review: review.anki_id):
            if review.anki_id in known:
                result.already_there += 1
                continue
            known.add(review.anki_id)
            rating = Rating(review.rating)
            store.add_review(
                ReviewRecord(
                    concept=review.concept,
                    kind=review.kind,
                    rating=rating,
                    correct=rating is not Rating.Again,
                    source=Source.ANKI,
                    reviewed_at=review.reviewed_at,
                    question=review.question,
                    seconds=review.seconds,
                    anki_id=review.anki_id,
                )
            )
            result.added[review.concept] += 1
            first_time.setdefault((review.concept, item_of(review.kind).value), review.reviewed_at)
        for (concept, item), first in first_time.items():
            if not store.cards(concept):
                result.introduced.append(concept)
            store.replay(concept, item_of(item), first)
    return result
