"""Spaced repetition with FSRS: from an answer to a rating, from a rating to a schedule.

The scheduling itself is the ``fsrs`` package (the algorithm Anki uses); this
module fixes its settings, turns a graded answer into an FSRS :class:`Rating`,
and keeps every time timezone-aware UTC.

Rating an answer
----------------
======================================  ==========
Answer                                  Rating
======================================  ==========
wrong                                   Again (1)
right, after a hint or slower than the  Hard (2)
kind's threshold
right                                   Good (3)
flashcard                               the learner's own 1–4
======================================  ==========

Automatic grading never gives Easy: a typed or picked answer says whether the
learner knew it, not how effortlessly.

Fuzzing is off (``enable_fuzzing=False``): FSRS can spread review intervals
randomly to keep cards learned together from staying together, but then the
same answers would give a different schedule on every run. A study tool that
is tested with golden schedules, and whose learner wants "next review in 3 days"
to mean it, is better served deterministic.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timedelta

from fsrs import Card, Rating, ReviewLog, Scheduler

from quiz.question import Kind
from quiz.study.clock import utc

DESIRED_RETENTION = 0.9
"""The probability of recall FSRS aims for when a card comes due."""
LEARNING_STEPS = (timedelta(minutes=1), timedelta(minutes=10))
RELEARNING_STEPS = (timedelta(minutes=10),)

TERM_SLOW_SECONDS = 20.0
"""A typed term answered right after longer than this is rated Hard."""
CHOICE_SLOW_SECONDS = 30.0
"""A multiple-choice question on concepts (four options to read): slower than this is Hard."""
NUMERIC_SLOW_SECONDS = 120.0
"""A numeric question (a computation on paper) answered right after longer is Hard."""

SCHEDULER = Scheduler(
    desired_retention=DESIRED_RETENTION,
    learning_steps=LEARNING_STEPS,
    relearning_steps=RELEARNING_STEPS,
    enable_fuzzing=False,
)
"""dlkg's FSRS scheduler with the default FSRS-6 weights, no fuzzing (see above); a store
whose learner has fitted weights (``dlkg stats --optimize``) uses :func:`scheduler_for` them."""


def scheduler_for(weights: Sequence[float] | None) -> Scheduler:
    """dlkg's scheduler (:data:`SCHEDULER`'s settings) with ``weights``; None: the defaults.

    Raises
    ------
    ValueError
        If ``weights`` are not 21 numbers within FSRS-6's bounds.

    Examples
    --------
    >>> from fsrs.scheduler import DEFAULT_PARAMETERS
    >>> scheduler_for(None) is SCHEDULER
    True
    >>> scheduler_for(DEFAULT_PARAMETERS).parameters == SCHEDULER.parameters
    True
    """
    if weights is None:
        return SCHEDULER
    return Scheduler(
        parameters=tuple(float(weight) for weight in weights),
        desired_retention=DESIRED_RETENTION,
        learning_steps=LEARNING_STEPS,
        relearning_steps=RELEARNING_STEPS,
        enable_fuzzing=False,
    )


def slow_seconds(kind: Kind) -> float:
    """How long a right answer of ``kind`` may take before it is rated Hard.

    Examples
    --------
    >>> slow_seconds(Kind.ZH_TO_EN), slow_seconds(Kind.NUMERIC_CHOICE)
    (20.0, 120.0)
    """
    if kind.is_numeric:
        return NUMERIC_SLOW_SECONDS
    if kind in (Kind.DEFINITION_TO_TERM, Kind.TERM_TO_DEFINITION, Kind.PREREQUISITE):
        return CHOICE_SLOW_SECONDS
    return TERM_SLOW_SECONDS


def rating_for(*, correct: bool, seconds: float, used_hint: bool, kind: Kind) -> Rating:
    """The FSRS rating of an automatically graded answer (see the module's table).

    Parameters
    ----------
    correct : bool
        Whether the answer was graded right.
    seconds : float
        How long the learner took, from the question shown to the answer typed.
    used_hint : bool
        Whether the learner asked for a hint first.
    kind : Kind
        The question's kind; it sets the slow threshold (:func:`slow_seconds`).

    Returns
    -------
    Rating
        Again, Hard or Good.

    Raises
    ------
    ValueError
        For a flashcard, which the learner rates (use :func:`self_rating`).

    Examples
    --------
    >>> rating_for(correct=True, seconds=5, used_hint=False, kind=Kind.CLOZE).name
    'Good'
    >>> rating_for(correct=True, seconds=45, used_hint=False, kind=Kind.CLOZE).name
    'Hard'
    >>> rating_for(correct=True, seconds=45, used_hint=False, kind=Kind.NUMERIC).name
    'Good'
    >>> rating_for(correct=True, seconds=5, used_hint=True, kind=Kind.NUMERIC).name
    'Hard'
    >>> rating_for(correct=False, seconds=5, used_hint=False, kind=Kind.CLOZE).name
    'Again'
    """
    if kind is Kind.FLASHCARD:
        raise ValueError("a flashcard is rated by the learner")
    if not correct:
        return Rating.Again
    if used_hint or seconds > slow_seconds(kind):
        return Rating.Hard
    return Rating.Good


def self_rating(value: int) -> Rating:
    """The rating a learner gave a flashcard: 1 Again, 2 Hard, 3 Good, 4 Easy.

    Raises
    ------
    ValueError
        If ``value`` is not 1–4.

    Examples
    --------
    >>> self_rating(2).name
    'Hard'
    """
    if value not in (1, 2, 3, 4):
        raise ValueError(f"a flashcard rating is 1–4, not {value!r}")
    return Rating(value)


def new_card(card_id: int, now: datetime) -> Card:
    """A card never reviewed, due ``now``.

    Examples
    --------
    >>> from datetime import UTC
    >>> card = new_card(7, datetime(2025, 1, 1, tzinfo=UTC))
    >>> card.state.name, card.due.isoformat()
    ('Learning', '2025-01-01T00:00:00+00:00')
    """
    return Card(card_id=card_id, due=utc(now))


def review(
    card: Card,
    rating: Rating,
    now: datetime,
    *,
    seconds: float | None = None,
    scheduler: Scheduler = SCHEDULER,
) -> tuple[Card, ReviewLog]:
    """Review ``card`` with ``rating`` at ``now``: a new card and its log (``card`` is unchanged).

    Parameters
    ----------
    card : fsrs.Card
    rating : fsrs.Rating
    now : datetime
        When the review happened; timezone-aware.
    seconds : float, optional
        How long the answer took; kept in the log (in milliseconds, as fsrs does).
    scheduler : fsrs.Scheduler
        Whose weights schedule it (:func:`scheduler_for`); default :data:`SCHEDULER`.

    Returns
    -------
    tuple of (fsrs.Card, fsrs.ReviewLog)

    Raises
    ------
    ValueError
        If ``now`` is naive.

    Examples
    --------
    >>> from datetime import UTC
    >>> start = datetime(2025, 1, 1, 9, tzinfo=UTC)
    >>> card, _ = review(new_card(1, start), Rating.Good, start)
    >>> card.due - start
    datetime.timedelta(seconds=600)
    >>> card, log = review(card, Rating.Good, card.due)
    >>> card.state.name, card.due.isoformat()
    ('Review', '2025-01-03T09:10:00+00:00')
    """
    duration = None if seconds is None else round(seconds * 1000)
    return scheduler.review_card(card, rating, review_datetime=utc(now), review_duration=duration)


def retrievability(card: Card, now: datetime, *, scheduler: Scheduler = SCHEDULER) -> float:
    """The probability (0–1) that the learner recalls ``card`` at ``now``; 0 if never reviewed.

    FSRS counts whole days since the last review, so a card reviewed today is at 1.
    The forgetting curve's shape is one of the weights: pass the store's ``scheduler``.

    Examples
    --------
    >>> from datetime import UTC
    >>> start = datetime(2025, 1, 1, 9, tzinfo=UTC)
    >>> card, _ = review(new_card(1, start), Rating.Good, start)
    >>> round(retrievability(card, start + timedelta(days=2)), 3)
    0.909
    """
    return float(scheduler.get_card_retrievability(card, current_datetime=utc(now)))
