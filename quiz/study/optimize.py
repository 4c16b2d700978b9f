"""Personal scheduling: FSRS weights fitted to the learner's own reviews (``stats --optimize``).

The optimizer
-------------
The fit is ``fsrs-rs-python``, the Python binding of fsrs-rs: the optimizer
Anki itself runs behind "Optimize" (its defaults equal the ``fsrs`` package's
FSRS-6 weights, so the fitted weights drop into :func:`quiz.study.rating.scheduler_for`).
It is an optional extra, ``pip install 'dlkg[optimizer]'``: a 1.5 MB wheel with
no dependencies, fast (Rust). The ``fsrs`` package's own ``Optimizer`` was the
other candidate; it needs torch, pandas and tqdm (gigabytes), steps through
every review in Python, and quietly returns the defaults below one training batch.

What it learns from
-------------------
Each memory item's reviews in time order, answers in dlkg and reviews in Anki;
implicit reviews (inferred, never asked) and placement probes are left out.
FSRS counts time in days: ``delta_t`` is the number of UTC calendar days since
the item's previous review (0 for a same-day review). Each review after an
item's first made a day or more after the previous one is one training example
(the item's history up to it), as fsrs-rs expects: same-day reviews shape the
history but are not predicted.

How much history
----------------
At least :data:`MIN_REVIEWS` long-term reviews (reviews on a later day than the
item's previous one): one training batch of both optimizers (512). Below that
a fit mostly follows noise, and the defaults, fitted on millions of reviews,
predict better; :func:`fit` refuses and says how many there are.

Before and after
----------------
Both sets of weights are scored on the same examples by fsrs-rs's ``evaluate``:
log loss (mean binary cross-entropy of the predicted recall probability against
recalled = rating above Again) and RMSE over bins (the root mean square gap
between predicted and observed recall rates, reviews binned as Anki bins them).
The fitted weights are kept only when they predict better (lower log loss).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import datetime
from typing import Any, NamedTuple

from fsrs import Rating
from fsrs.scheduler import LOWER_BOUNDS_PARAMETERS, UPPER_BOUNDS_PARAMETERS

from quiz.study.clock import utc
from quiz.study.records import FittedParameters, ReviewRecord, Source, item_of
from quiz.study.store import ReviewStore

__all__ = [
    "MIN_REVIEWS",
    "NotEnoughHistory",
    "OptimizerMissing",
    "fit",
    "item_histories",
    "long_term_reviews",
]

MIN_REVIEWS = 512
"""Long-term reviews needed before :func:`fit` runs (see the module)."""
FITTED_SOURCES = (Source.ANSWER, Source.ANKI)
"""The reviews the weights are fitted to: the learner's real answers."""
OPTIMIZER_PACKAGE = "fsrs_rs_python"


class OptimizerMissing(Exception):
    """The optional optimizer package is not installed."""

    def __init__(self) -> None:
        super().__init__(
            "the FSRS optimizer is not installed: pip install 'dlkg[optimizer]' "
            "(the fsrs-rs-python package)"
        )


class NotEnoughHistory(Exception):
    """Fewer than :data:`MIN_REVIEWS` long-term reviews."""

    def __init__(self, reviews: int, needed: int = MIN_REVIEWS):
        self.reviews, self.needed = reviews, needed
        super().__init__(
            f"not enough history to fit FSRS: {reviews} reviews a day or more after the "
            f"previous review of the same concept, {needed} needed"
        )


class Review(NamedTuple):
    """One review of an item, as the optimizer sees it."""

    at: datetime
    rating: Rating


def item_histories(records: Iterable[ReviewRecord]) -> list[list[Review]]:
    """Each item's reviews among ``records`` (answers and Anki's), in time order.

    Examples
    --------
    >>> from datetime import UTC
    >>> from quiz.question import Kind
    >>> day = datetime(2025, 1, 1, tzinfo=UTC)
    >>> records = [ReviewRecord("a", Kind.CLOZE, Rating.Good, True, Source.ANSWER, day),
    ...            ReviewRecord("a", Kind.NUMERIC, Rating.Good, True, Source.ANSWER, day),
    ...            ReviewRecord("a", Kind.FLASHCARD, Rating.Again, False, Source.ANKI, day),
    ...            ReviewRecord("b", Kind.CLOZE, Rating.Good, True, Source.IMPLICIT, day)]
    >>> [[review.rating.name for review in history] for history in item_histories(records)]
    [['Good', 'Again'], ['Good']]
    """
    histories: dict[tuple[str, str], list[tuple[datetime, int, Rating]]] = {}
    for number, record in enumerate(records):
        if record.source in FITTED_SOURCES:
            key = (record.concept, item_of(record.kind).value)
            histories.setdefault(key, []).append((utc(record.reviewed_at), number, record.rating))
    return [
        [Review(at, rating) for at, _, rating in sorted(history)] for history in histories.values()
    ]


def day_gaps(history: Sequence[Review]) -> list[int]:
    """``delta_t`` of each review: UTC calendar days since the previous one (0 for the first).

    Examples
    --------
    >>> from datetime import UTC, timedelta
    >>> start = datetime(2025, 1, 1, 23, tzinfo=UTC)
    >>> day_gaps([Review(start + timedelta(hours=h), Rating.Good) for h in (0, 0.5, 2, 50)])
    [0, 0, 1, 2]
    """
    gaps, previous = [], None
    for review in history:
        day = review.at.date()
        gaps.append(0 if previous is None else (day - previous).days)
        previous = day
    return gaps


def long_term_reviews(histories: Iterable[Sequence[Review]]) -> int:
    """How many reviews came a day or more after their item's previous one."""
    return sum(gap > 0 for history in histories for gap in day_gaps(history))


def fit(store: ReviewStore, now: datetime) -> FittedParameters:
    """Fit FSRS weights to the learner's reviews in ``store`` and score them (see the module).

    Nothing is saved: :meth:`ReviewStore.save_parameters` does that, if the fit is better.

    Returns
    -------
    FittedParameters
        The weights, the number of long-term reviews, and log loss and RMSE before
        (FSRS's defaults) and after, on the same reviews.

    Raises
    ------
    OptimizerMissing
        If ``fsrs-rs-python`` is not installed.
    NotEnoughHistory
        Below :data:`MIN_REVIEWS` long-term reviews.
    quiz.study.store.StoreError
        If the database fails.
    """
    histories = item_histories(store.reviews())
    count = long_term_reviews(histories)
    if count < MIN_REVIEWS:
        raise NotEnoughHistory(count)
    optimizer = _optimizer()
    items = training_items(optimizer, histories)
    defaults = optimizer.FSRS(list(optimizer.DEFAULT_PARAMETERS))
    fitted = bounded(defaults.compute_parameters(items))
    before = defaults.evaluate(items)
    after = optimizer.FSRS(list(fitted)).evaluate(items)
    return FittedParameters(
        weights=fitted,
        fitted_at=utc(now),
        reviews=count,
        log_loss_before=float(before.log_loss),
        log_loss_after=float(after.log_loss),
        rmse_before=float(before.rmse_bins),
        rmse_after=float(after.rmse_bins),
    )


def training_items(optimizer: Any, histories: Iterable[Sequence[Review]]) -> list[Any]:
    """fsrs-rs's examples: every prefix of an item's history that ends with a review a day
    or more after the one before (the review it predicts; fsrs-rs refuses a same-day one)."""
    items: list[Any] = []
    for history in histories:
        reviews = [
            optimizer.FSRSReview(int(review.rating), gap)
            for review, gap in zip(history, day_gaps(history), strict=True)
        ]
        gaps = day_gaps(history)
        items.extend(
            optimizer.FSRSItem(reviews[: end + 1]) for end in range(1, len(reviews)) if gaps[end]
        )
    return items


def bounded(weights: Iterable[float]) -> tuple[float, ...]:
    """``weights`` clamped to the ``fsrs`` package's bounds (fsrs-rs's may differ in the
    last float32 digit, and the scheduler refuses weights outside its own).

    Examples
    --------
    >>> bounded([0.0] * 21)[:2], bounded([1e9] * 21)[-1]
    ((0.001, 0.001), 0.8)
    """
    return tuple(
        min(max(float(weight), low), high)
        for weight, low, high in zip(
            weights, LOWER_BOUNDS_PARAMETERS, UPPER_BOUNDS_PARAMETERS, strict=True
        )
    )


def _optimizer() -> Any:
    try:
        import fsrs_rs_python
    except ImportError:
        raise OptimizerMissing() from None
    return fsrs_rs_python
