"""A study session's state and the controls a learner types instead of an answer: skip,
bury, suspend, undo (:class:`~quiz.study.session.Session` builds on it)."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime, time, timedelta, tzinfo

from kg.graph import learning_path
from kg.library import Library
from quiz.numeric.uses import homes_using
from quiz.study import knowledge
from quiz.study.clock import Clock, system_clock
from quiz.study.knowledge import LiveKnowledge
from quiz.study.session_records import (
    DEFAULT_LIMIT,
    DEFAULT_MAX_REVIEWS,
    DEFAULT_NEW_CONCEPTS,
    Step,
    UndoError,
    _key,
    _Undo,
)
from quiz.study.store import ItemKind, ReviewStore, StoredCard


class SessionControls:
    """A session's state (see :class:`~quiz.study.session.Session` for its parameters) and
    the learner's controls."""

    def __init__(
        self,
        library: Library,
        store: ReviewStore,
        *,
        clock: Clock = system_clock,
        target: str | None = None,
        new_concepts: int = DEFAULT_NEW_CONCEPTS,
        limit: int = DEFAULT_LIMIT,
        max_reviews: int | None = DEFAULT_MAX_REVIEWS,
        zone: tzinfo | None = None,
    ):
        if target is not None and target not in library.concepts:
            raise KeyError(target)
        self.library = library
        self.store = store
        self.clock = clock
        self.target = target
        self.new_concepts = new_concepts
        self.limit = limit
        self.max_reviews = max_reviews
        self.zone = zone
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
        self._answered_concepts: set[str] = set()
        self._passed: set[str] = set()
        """New concepts buried or suspended before any answer: not introduced here."""
        self._day: datetime | None = None
        self._reviewed_today: set[tuple[str, ItemKind]] = set()
        """Items introduced before today and answered today (the daily cap counts them)."""
        self.deferred = 0
        """Reviews due now that the cap left out, at the last look."""
        self._homes_using = homes_using(library)
        self._order = (
            library.learning_order
            if target is None
            else learning_path(library.prerequisites, target)
        )
        self._knowledge = LiveKnowledge(library, store)
        self._learned_at_start = frozenset(self._knowledge.learned)
        self._topped_up = False

    def _never_answered(self, step: Step) -> bool:
        """Whether ``step`` is of a concept introduced here with no item stored yet."""
        return step.card in self._pending and not self.store.cards(step.concept)

    def _pass_over(self, concept: str) -> None:
        """Take a new concept never answered out of this session: it is not introduced."""
        self._pending = [p for p in self._pending if p.concept != concept]
        if concept in self.introduced:
            self.introduced.remove(concept)
        self._passed.add(concept)

    def skip(self, step: Step) -> None:
        """Pass over ``step`` for now: its item comes after everything else, with other
        numbers (or another wording). Nothing is stored: a skip is no review."""
        key = _key(step.card)
        self._skips[key] = self._skips.get(key, 0) + 1
        self._last = key

    def bury(self, step: Step, zone: tzinfo | None = None) -> datetime | None:
        """Put ``step``'s concept away until tomorrow (its items due at the next midnight in
        the learner's ``zone``, UTC when None); stored at once, in one transaction. Returns
        when it comes back (in the clock's zone).

        A new concept with no answer yet is only passed over in this session: nothing
        is stored, it is not introduced (None is returned), and the session may
        introduce the next concept instead.
        """
        if self._never_answered(step):
            self._pass_over(step.concept)
            self._last = _key(step.card)
            return None
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
        (``dlkg study --unsuspend``); stored at once, in one transaction.

        A new concept with no answer yet is stored suspended but not counted as
        introduced by this session, which may introduce the next concept instead.
        """
        never_answered = self._never_answered(step)
        with self._knowledge.writing():
            if step.card in self._pending:
                self.store.add_card(step.concept, step.card.kind, step.card.introduced_at)
            self.store.suspend(step.concept)
            self._knowledge.reread([step.concept])
        self._pending = [p for p in self._pending if p.concept != step.concept]
        if never_answered:
            self._pass_over(step.concept)
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
        if undo.pending and not self.store.cards(undo.step.concept):
            self._answered_concepts.discard(undo.step.concept)
        self.answered -= 1
        self.right -= undo.outcome.correct
        self.unlocked = [c for c in self.unlocked if c not in undo.outcome.unlocked]
        if undo.pending:
            self._pending.append(undo.step.card)
        self._again = replace(undo.step, number=self.answered + 1)
        return self._again
