"""What a study session gives and takes: its defaults, a step (the question to ask), the
outcome of an answer, the summary, why it ended (:mod:`quiz.study.session`)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum
from typing import Any

from fsrs import Rating, State

from quiz.question import Question
from quiz.study.knowledge import ImplicitReview
from quiz.study.store import ItemKind, StoredCard, timestamp

DEFAULT_NEW_CONCEPTS = 3
"""New concepts a session introduces unless told otherwise (``--new``)."""
DEFAULT_LIMIT = 50
"""Answers after which a session ends unless told otherwise (``--limit``)."""
DEFAULT_MAX_REVIEWS = 15
"""Reviews a day at most unless told otherwise (``--max-reviews``); chosen with the
simulated learner of ``benchmarks/workload.py`` (see benchmarks/README.md)."""
LEARN_AHEAD = timedelta(minutes=20)
"""How early a learning card may be shown when nothing else is left (Anki's default)."""


@dataclass(frozen=True)
class Step:
    """One question of the session, and the card it is for."""

    number: int
    """1 for the first question of the session."""
    card: StoredCard
    question: Question
    introduce: bool
    """The first card shown of a concept never reviewed: show its definition first."""

    @property
    def concept(self) -> str:
        return self.card.concept

    @property
    def new(self) -> bool:
        """Never reviewed before."""
        return self.card.reps == 0


@dataclass(frozen=True)
class Outcome:
    """What an answer did: its rating, the card's next due time, and the effects on others."""

    rating: Rating
    correct: bool
    due: datetime
    state: State
    implicit: ImplicitReview
    unlocked: tuple[str, ...]
    """Concepts whose prerequisites this answer completed."""
    slow_after: float | None = None
    """Set when a right answer was rated Hard for being slow: the threshold, in seconds."""
    almost: bool = False
    """The typed term was one edit off: right, rated Hard."""
    overridden: bool = False
    """Graded wrong, and the learner said "I was right": logged as right, flagged."""
    skills: tuple[str, ...] = ()
    """Concepts whose skill item (numeric questions) this answer made ready."""

    def to_dict(self) -> dict[str, Any]:
        return {
            "rating": int(self.rating),
            "correct": self.correct,
            "due": timestamp(self.due),
            "state": int(self.state),
            "implicit": self.implicit.to_dict(),
            "unlocked": list(self.unlocked),
            "slow_after": self.slow_after,
            "almost": self.almost,
            "overridden": self.overridden,
            "skills": list(self.skills),
        }


@dataclass(frozen=True)
class Summary:
    """The end of a session: what was done and what comes next."""

    reviewed: int
    right: int
    introduced: tuple[str, ...]
    unlocked: tuple[str, ...]
    brought_forward: tuple[str, ...]
    due_now: int
    """Cards still due at the end (the session hit its limit, or was ended early)."""
    next_due: datetime | None
    """When the next card not yet due becomes due."""
    due_within_day: int
    """Cards due within 24 hours of the end, those due now included."""
    deferred: int = 0
    """Reviews due now that the daily cap leaves for tomorrow."""
    max_reviews: int | None = None
    """The daily review cap (None: no cap)."""

    def to_dict(self) -> dict[str, Any]:
        return {
            "reviewed": self.reviewed,
            "right": self.right,
            "introduced": list(self.introduced),
            "unlocked": list(self.unlocked),
            "brought_forward": list(self.brought_forward),
            "due_now": self.due_now,
            "next_due": None if self.next_due is None else timestamp(self.next_due),
            "due_within_day": self.due_within_day,
            "deferred": self.deferred,
            "max_reviews": self.max_reviews,
        }


class EndReason(StrEnum):
    """Why a session stopped asking (:meth:`Session.ending`)."""

    LIMIT = "limit"
    """It gave ``limit`` answers."""
    NO_NEW = "no-new"
    """Nothing was due and it was told to introduce no new concept."""
    NEW_DONE = "new-done"
    """Nothing is due and it introduced all the new concepts it was allowed."""
    WAITING = "waiting"
    """Nothing is due; the next concepts wait for concepts still being learned."""
    TARGET_DONE = "target-done"
    """Everything on the path to the target is learned or marked known."""
    ALL_LEARNED = "all-learned"
    """Every concept of the library is learned or marked known."""


@dataclass(frozen=True)
class Ending:
    """Why a session ended; ``waiting`` names the concepts still being learned."""

    reason: EndReason
    waiting: tuple[str, ...] = ()


class UndoError(Exception):
    """The last answer cannot be taken back."""


@dataclass(frozen=True)
class _Undo:
    """What taking back an answer needs: the store as it was around the answer."""

    step: Step
    before: tuple[int, int]
    items: dict[tuple[str, ItemKind], StoredCard | None]
    pending: bool
    outcome: Outcome | None = None
    after: tuple[int, int] = (0, 0)


def _key(stored: StoredCard) -> tuple[str, ItemKind]:
    return stored.concept, stored.kind
