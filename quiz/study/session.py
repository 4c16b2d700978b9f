"""A study session as a state machine: the command line asks, the session decides.

Call :meth:`Session.next_step` for the next question, :meth:`Session.answer`
with the learner's answer (it is stored at once), and :meth:`Session.summary`
at the end. Nothing here prints.

What comes next
---------------
FSRS schedules memory items (:mod:`quiz.study.items`): a concept's knowledge
item, and its skill item when it has a computation. The "cards" below are items.

1. Cards due now (reviews, and learning cards whose step has come), earliest
   first; cards due at the same time in the order this session last asked them
   (never asked first), and never the card just answered twice in a row while
   another one is waiting.
2. When none is due: the next concept from the frontier
   (:func:`quiz.study.knowledge.frontier`, taken afresh each time, so a concept unlocked
   during the session can follow), until ``new_concepts`` concepts were introduced.
   Its items (:func:`quiz.study.items.item_kinds`) are offered due now, but written
   to the store only with their first answer: a session that ends before it
   introduces nothing.
3. When nothing else is left: learning cards due within :data:`LEARN_AHEAD`
   (as Anki's "learn ahead limit" does), so a card's learning steps of a
   minute or ten can be done in the same sitting.
4. Otherwise the session is over; it also ends after ``limit`` answers.

A concept introduced in an earlier session that now has a computation (a new
numeric template) gets its skill item, due now, when the session starts.

The first card shown of a concept never reviewed (just introduced, brought
forward, or introduced by a session that ended before asking it) comes with the
concept's definition.

An answer costs the same on a library of any size: the session keeps which
concepts are learned and introduced (:class:`quiz.study.knowledge.LiveKnowledge`)
and, after an answer, reads again only the concept answered and its
prerequisites, the only ones an answer can change; the concepts it may have
unlocked are their dependents.

Each review asks one question in one of the item's formats, rotating
(:func:`quiz.study.items.question_for`).
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime, time, timedelta, tzinfo
from enum import StrEnum
from typing import Any

from fsrs import Rating, State

from kg.graph import learning_path
from kg.library import Library
from quiz.question import Kind, Question
from quiz.study import knowledge
from quiz.study import rating as rating_policy
from quiz.study.clock import Clock, system_clock
from quiz.study.items import asked_formats, item_kinds, question_for
from quiz.study.knowledge import ImplicitReview, Knowledge, LiveKnowledge
from quiz.study.store import ItemKind, ReviewStore, Source, StoredCard, timestamp

__all__ = [
    "EndReason",
    "Ending",
    "Outcome",
    "Session",
    "Step",
    "Summary",
    "UndoError",
    "question_for",
]

DEFAULT_NEW_CONCEPTS = 3
"""New concepts a session introduces unless told otherwise (``--new``)."""
DEFAULT_LIMIT = 50
"""Answers after which a session ends unless told otherwise (``--limit``)."""
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

    def to_dict(self) -> dict[str, Any]:
        return {
            "rating": int(self.rating),
            "correct": self.correct,
            "due": timestamp(self.due),
            "state": int(self.state),
            "implicit": self.implicit.to_dict(),
            "unlocked": list(self.unlocked),
            "slow_after": self.slow_after,
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


class Session:
    """One study session over ``store`` (see the module for the order of questions).

    Parameters
    ----------
    library : Library
    store : ReviewStore
        Every answer is written to it the moment it is given.
    clock : callable, optional
        Returns the current time (UTC); :func:`quiz.study.rating.system_clock` by default.
    target : str, optional
        Introduce only concepts on the learning path to this concept id.
    new_concepts : int
        How many new concepts the session may introduce.
    limit : int
        How many answers end the session.

    Raises
    ------
    KeyError
        If ``target`` is not a concept id.

    Examples
    --------
    >>> from kg.examples import example_library
    >>> library = example_library()
    >>> from quiz.study.clock import fixed_clock
    >>> clock = fixed_clock(datetime.fromisoformat("2025-01-01T09:00:00+00:00"))
    >>> with ReviewStore.open(":memory:") as store:
    ...     session = Session(library, store, clock=clock, target="gradient", new_concepts=1)
    ...     step = session.next_step()
    ...     print(step.concept, step.question.kind.value, step.introduce)
    ...     print(session.answer(step, self_rating=3).unlocked)
    derivative flashcard True
    ('gradient',)
    """

    def __init__(
        self,
        library: Library,
        store: ReviewStore,
        *,
        clock: Clock = system_clock,
        target: str | None = None,
        new_concepts: int = DEFAULT_NEW_CONCEPTS,
        limit: int = DEFAULT_LIMIT,
    ):
        if target is not None and target not in library.concepts:
            raise KeyError(target)
        self.library = library
        self.store = store
        self.clock = clock
        self.target = target
        self.new_concepts = new_concepts
        self.limit = limit
        self.answered = 0
        self.right = 0
        self.introduced: list[str] = []
        self.unlocked: list[str] = []
        self.brought_forward: list[str] = []
        self._presented: set[str] = set()
        self._skipped: set[tuple[str, ItemKind]] = set()
        self._asked: dict[tuple[str, ItemKind], int] = {}
        self._last: tuple[str, ItemKind] | None = None
        self._skips: dict[tuple[str, ItemKind], int] = {}
        """Skipped items: asked after everything else, with other numbers."""
        self._undo: _Undo | None = None
        self._again: Step | None = None
        self._pending: list[StoredCard] = []
        """Items of concepts introduced here, not stored until their first answer."""
        self._order = (
            library.learning_order
            if target is None
            else learning_path(library.prerequisites, target)
        )
        self._knowledge = LiveKnowledge(library, store)
        self._learned_at_start = frozenset(self._knowledge.learned)
        self._topped_up = False

    def next_step(self) -> Step | None:
        """The next question, or None when the session is over.

        Raises
        ------
        quiz.study.store.StoreError
            If the database fails.
        """
        if self.answered >= self.limit:
            return None
        now = self.clock()
        if not self._topped_up:
            self._add_missing_cards(now)
            self._topped_up = True
        if self._again is not None:
            step, self._again = self._again, None
            return step
        for pick in (self._due, self._new, self._ahead):
            for stored in pick(now):
                asked = asked_formats(
                    self.store.reviews(stored.concept, Source.ANSWER), stored.kind
                )
                question = question_for(
                    self.library, stored, asked, variant=self._skips.get(_key(stored), 0)
                )
                if question is None:
                    self._skipped.add((stored.concept, stored.kind))
                    continue
                introduce = stored.concept not in self._presented and not any(
                    card.reps for card in self.store.cards(stored.concept)
                )
                self._presented.add(stored.concept)
                return Step(self.answered + 1, stored, question, introduce)
        return None

    def _add_missing_cards(self, now: datetime) -> None:
        for concept, cards in Knowledge.load(self.store).cards.items():
            if concept not in self.library.concepts:
                continue
            have = {stored.kind for stored in cards}
            missing = [k for k in item_kinds(self.library, concept) if k not in have]
            if missing:
                with self._knowledge.writing():  # more cards: nothing learned or introduced
                    knowledge.introduce(self.store, concept, missing, now)

    def _usable(self, cards: list[StoredCard]) -> list[StoredCard]:
        """``cards`` the session can ask, due time first, then least recently asked here.

        The card just answered goes last when another one is waiting: it is never
        asked twice in a row while something else could be asked instead.
        """
        usable = [
            stored
            for stored in cards
            if stored.concept in self.library.concepts
            and (stored.concept, stored.kind) not in self._skipped
        ]
        usable.sort(
            key=lambda stored: (
                _key(stored) in self._skips,
                stored.due,
                self._asked.get(_key(stored), 0),
            )
        )
        if len(usable) > 1 and _key(usable[0]) == self._last:
            usable.append(usable.pop(0))
        return usable

    def _due(self, now: datetime) -> list[StoredCard]:
        return self._usable(self.store.due_cards(now))

    def _new(self, now: datetime) -> list[StoredCard]:
        """The items of concepts introduced here and not answered yet; else introduce the
        next frontier concept (if the session may) and return its items, unstored."""
        pending = self._usable(self._pending)
        if pending:
            return pending
        while len(self.introduced) < self.new_concepts:
            known = self._knowledge
            known.refresh()
            frontier = knowledge.iter_frontier(
                self.library, self._order, known.learned, known.introduced
            )
            concept = next((c for c in frontier if c not in self.introduced), None)
            if concept is None:
                return []
            self.introduced.append(concept)
            self._pending.extend(
                StoredCard(concept, item, rating_policy.new_card(0, now), now)
                for item in item_kinds(self.library, concept)
            )
            usable = self._usable(self._pending)
            if usable:
                return usable
        return []

    def _ahead(self, now: datetime) -> list[StoredCard]:
        learning = (State.Learning, State.Relearning)
        return self._usable(
            [
                stored
                for stored in self.store.due_cards(now + LEARN_AHEAD)
                if stored.state in learning
            ]
        )

    def answer(
        self,
        step: Step,
        *,
        correct: bool | None = None,
        seconds: float = 0.0,
        used_hint: bool = False,
        self_rating: int | None = None,
    ) -> Outcome:
        """Rate and store the answer to ``step`` at once, with its implicit reviews.

        Parameters
        ----------
        step : Step
            What :meth:`next_step` returned.
        correct : bool, optional
            Whether the answer was graded right (not for flashcards).
        seconds : float
            How long the learner took.
        used_hint : bool
            Whether the learner asked for a hint.
        self_rating : int, optional
            1–4: the learner's own rating of a flashcard.

        Returns
        -------
        Outcome

        Raises
        ------
        ValueError
            If a flashcard has no ``self_rating``, or another question no ``correct``.
        quiz.study.store.StoreError
            If the database fails; the answer is then not stored.
        """
        kind = step.question.kind
        if kind is Kind.FLASHCARD:
            if self_rating is None:
                raise ValueError("a flashcard needs the learner's own rating")
            rating = rating_policy.self_rating(self_rating)
            correct = rating >= Rating.Hard
        else:
            if correct is None:
                raise ValueError("an answer needs its grade")
            rating = rating_policy.rating_for(
                correct=correct, seconds=seconds, used_hint=used_hint, kind=step.question.kind
            )
        now = self.clock()
        # The answer reviews its concept; the implicit reviews touch its prerequisites.
        touched = (step.concept, *self.library.prerequisites[step.concept])
        with self._knowledge.writing():
            undo = _Undo(
                step,
                self.store.last_ids(),
                {(c, item): self.store.card(c, item) for c in touched for item in ItemKind},
                step.card in self._pending,
            )
            if step.card in self._pending:  # its first answer introduces it
                self.store.add_card(step.concept, step.card.kind, step.card.introduced_at)
            stored = self.store.apply_review(
                step.concept,
                kind,
                rating,
                now,
                correct=correct,
                source=Source.ANSWER,
                question=step.question.id,
                seconds=seconds,
            )
            implicit = knowledge.implicit_review(
                self.store, self.library, step.concept, rating, now
            )
            flipped = self._knowledge.reread(touched)
        if step.card in self._pending:
            self._pending.remove(step.card)
        self._skips.pop(_key(step.card), None)
        unlocked = self._unlocked(flipped)
        self.answered += 1
        self.right += correct
        self._last = _key(step.card)
        self._asked[self._last] = self.answered
        self.unlocked.extend(c for c in unlocked if c not in self.unlocked)
        self.brought_forward.extend(
            c for c in implicit.brought_forward if c not in self.brought_forward
        )
        threshold = rating_policy.slow_seconds(step.question.kind)
        slow = kind is not Kind.FLASHCARD and correct and not used_hint and seconds > threshold
        outcome = Outcome(
            rating,
            correct,
            stored.due,
            stored.state,
            implicit,
            unlocked,
            slow_after=threshold if slow else None,
        )
        self._undo = replace(undo, outcome=outcome, after=self.store.last_ids())
        return outcome

    def skip(self, step: Step) -> None:
        """Pass over ``step`` for now: its item comes after everything else, with other
        numbers (or another wording). Nothing is stored: a skip is no review."""
        key = _key(step.card)
        self._skips[key] = self._skips.get(key, 0) + 1
        self._last = key

    def bury(self, step: Step, zone: tzinfo | None = None) -> datetime:
        """Put ``step``'s concept away until tomorrow (its items due at the next midnight in
        the learner's ``zone``, UTC when None); stored at once, in one transaction. Returns
        when it comes back (in the clock's zone)."""
        now = self.clock()
        local = now.astimezone(zone) if zone is not None else now
        midnight = datetime.combine(local.date() + timedelta(days=1), time(), tzinfo=local.tzinfo)
        tomorrow = midnight.astimezone(now.tzinfo)
        with self._knowledge.writing():
            if step.card in self._pending:
                self.store.add_card(step.concept, step.card.kind, step.card.introduced_at)
            for stored in self.store.cards(step.concept):
                self.store.save_card(knowledge.stored_due(stored, tomorrow))
            self._knowledge.reread([step.concept])
        self._pending = [p for p in self._pending if p.concept != step.concept]
        self._last = _key(step.card)
        return tomorrow

    def suspend(self, step: Step) -> None:
        """Suspend ``step``'s concept: its items are never due until it is resumed
        (``dlkg study --unsuspend``); stored at once, in one transaction."""
        with self._knowledge.writing():
            if step.card in self._pending:
                self.store.add_card(step.concept, step.card.kind, step.card.introduced_at)
            self.store.suspend(step.concept)
            self._knowledge.reread([step.concept])
        self._pending = [p for p in self._pending if p.concept != step.concept]
        self._last = _key(step.card)

    def can_undo(self) -> bool:
        """Whether this session has an answer to take back."""
        return self._undo is not None and self._undo.outcome is not None

    def undo(self) -> Step | None:
        """Take back the last answer of this session (its review, the implicit reviews and
        marks it made) and ask its question again next; None if there is nothing to undo.

        Raises
        ------
        UndoError
            If another session wrote to the store since that answer.
        """
        undo = self._undo
        if undo is None or undo.outcome is None:
            return None
        with self._knowledge.writing():
            if self.store.last_ids() != undo.after:
                raise UndoError("another session has written to the database since that answer")
            self.store.undo(undo.before, undo.items)
            self._knowledge.reread({concept for concept, _ in undo.items})
        self._undo = None
        self.answered -= 1
        self.right -= undo.outcome.correct
        self.unlocked = [c for c in self.unlocked if c not in undo.outcome.unlocked]
        if undo.pending:
            self._pending.append(undo.step.card)
        self._again = replace(undo.step, number=self.answered + 1)
        return self._again

    def _unlocked(self, flipped: set[str]) -> tuple[str, ...]:
        """The concepts an answer that changed whether ``flipped`` are learned made ready:
        every prerequisite learned now, not before it nor at the session's start, and
        not learned themselves; in learning order.

        Only a dependent of a flipped concept can have become ready.
        """
        learned = self._knowledge.learned

        def learned_before(concept: str) -> bool:
            return (concept in learned) != (concept in flipped)

        opened = set()
        for flipped_concept in flipped:
            for concept in self.library.dependents[flipped_concept]:
                needs = self.library.prerequisites[concept]
                if (
                    concept not in learned
                    and learned.issuperset(needs)
                    and not all(map(learned_before, needs))
                    and not self._learned_at_start.issuperset(needs)
                ):
                    opened.add(concept)
        return tuple(sorted(opened, key=self.library.learning_rank.__getitem__))

    def ending(self) -> Ending:
        """Why the session has nothing more to ask (call it once :meth:`next_step` is None).

        Raises
        ------
        quiz.study.store.StoreError
            If the database fails.
        """
        if self.answered >= self.limit:
            return Ending(EndReason.LIMIT)
        known = self._knowledge
        known.refresh()
        if any(c not in known.learned for c in self._order) and self.new_concepts == 0:
            return Ending(EndReason.NO_NEW)
        if len(self.introduced) >= self.new_concepts:
            return Ending(EndReason.NEW_DONE)
        waiting = tuple(
            c
            for c in self._order
            if c in known.introduced and c not in known.learned and c in self.library.concepts
        )
        if waiting:
            return Ending(EndReason.WAITING, waiting)
        if self.target is not None:
            return Ending(EndReason.TARGET_DONE)
        return Ending(EndReason.ALL_LEARNED)

    def summary(self) -> Summary:
        """What the session did, and when the next reviews are due.

        Raises
        ------
        quiz.study.store.StoreError
            If the database fails.
        """
        now = self.clock()
        return Summary(
            reviewed=self.answered,
            right=self.right,
            introduced=tuple(c for c in self.introduced if self.store.cards(c)),
            unlocked=tuple(self.unlocked),
            brought_forward=tuple(self.brought_forward),
            due_now=self.store.count_due(now),
            next_due=self.store.next_due(now),
            due_within_day=self.store.count_due(now + timedelta(days=1)),
        )
