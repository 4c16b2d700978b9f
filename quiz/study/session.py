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
   another one is waiting. Reviews (items in FSRS's Review state) are capped per
   day (``max_reviews``, :data:`DEFAULT_MAX_REVIEWS`): counting the items introduced
   before today and answered today, at most that many, the most overdue first;
   the rest wait for tomorrow (:attr:`Summary.deferred`), so that new concepts
   always have room while the learner keeps up.
2. When none is due: the next concept from the frontier
   (:func:`quiz.study.knowledge.frontier`, taken afresh each time, so a concept unlocked
   during the session can follow), until ``new_concepts`` concepts were introduced.
   Its items (:func:`quiz.study.items.item_kinds`) are offered due now, but written
   to the store only with their first answer: a session that ends before it
   introduces nothing. A concept counts as introduced only once a question on it
   was answered: buried before that, it is passed over (nothing stored), and
   suspended before that, it is stored suspended but not counted as new; either
   way the session may introduce the next concept instead.
3. When nothing else is left: learning cards due within :data:`LEARN_AHEAD`
   (as Anki's "learn ahead limit" does), so a card's learning steps of a
   minute or ten can be done in the same sitting.
4. Otherwise the session is over; it also ends after ``limit`` answers.

A concept's skill item (its numeric templates) comes once one of its templates
is ready, every concept it uses learned (:mod:`quiz.numeric.uses`): when the
session starts, and right after the answer that makes it so (due now, so it is
asked later in the same session).

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

What a session gives back (a step, an outcome, the summary, the ending) and its defaults
are in :mod:`quiz.study.session_records`; its state and the learner's controls (skip,
bury, suspend, undo) in :mod:`quiz.study.session_controls`.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime, time, timedelta

from fsrs import Rating, State

from quiz.question import Kind
from quiz.study import knowledge
from quiz.study import rating as rating_policy
from quiz.study.items import asked_formats, item_kinds, question_for
from quiz.study.knowledge import Knowledge
from quiz.study.session_controls import SessionControls
from quiz.study.session_records import (
    LEARN_AHEAD,
    Ending,
    EndReason,
    Outcome,
    Step,
    Summary,
    _key,
    _Undo,
)
from quiz.study.store import ItemKind, Source, StoredCard

__all__ = ["Session", "question_for"]


class Session(SessionControls):
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
    max_reviews : int or None
        How many reviews a day at most (see the module); None for no cap.
    zone : tzinfo, optional
        Where the learner's days begin, for the daily cap (UTC when None).

    Raises
    ------
    KeyError
        If ``target`` is not a concept id.

    Examples
    --------
    >>> from kg.examples import example_library
    >>> library = example_library()
    >>> from quiz.study.clock import fixed_clock
    >>> from quiz.study.store import ReviewStore
    >>> clock = fixed_clock(datetime.fromisoformat("2025-01-01T09:00:00+00:00"))
    >>> with ReviewStore.open(":memory:") as store:
    ...     session = Session(library, store, clock=clock, target="gradient", new_concepts=1)
    ...     step = session.next_step()
    ...     print(step.concept, step.question.kind.value, step.introduce)
    ...     print(session.answer(step, self_rating=3).unlocked)
    derivative flashcard True
    ('gradient',)
    """

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
                    self.library,
                    stored,
                    asked,
                    variant=self._skips.get(_key(stored), 0),
                    learned=self._knowledge.learned,
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
            ready = item_kinds(self.library, concept, self._knowledge.learned)
            missing = [k for k in ready if k not in have]
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
        return self._usable(self._capped(self.store.due_cards(now), now))

    def _capped(self, due: list[StoredCard], now: datetime) -> list[StoredCard]:
        """``due`` (earliest first) less the reviews beyond today's cap: the most overdue
        are kept. Sets :attr:`deferred`."""
        if self.max_reviews is None:
            self.deferred = 0
            return due
        local = now.astimezone(self.zone) if self.zone is not None else now
        start = datetime.combine(local.date(), time(), tzinfo=local.tzinfo)
        if self._day != start:
            self._day = start
            self._reviewed_today = self.store.items_reviewed_since(start)
        room = max(0, self.max_reviews - len(self._reviewed_today))
        reviews = [
            stored
            for stored in due
            if stored.state is State.Review and _key(stored) not in self._reviewed_today
        ]
        left_out = {_key(stored) for stored in reviews[room:]}
        self.deferred = len(left_out)
        return [stored for stored in due if _key(stored) not in left_out]

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
            concept = next(
                (c for c in frontier if c not in self.introduced and c not in self._passed),
                None,
            )
            if concept is None:
                return []
            self.introduced.append(concept)
            self._pending.extend(
                StoredCard(concept, item, rating_policy.new_card(0, now), now)
                for item in item_kinds(self.library, concept, known.learned)
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
        almost: bool = False,
        overridden: bool = False,
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
        almost : bool
            A typed term one edit off (:attr:`quiz.grading.Grade.almost`): rated Hard.
        overridden : bool
            The answer was graded wrong and the learner said "I was right": it is
            rated as a right answer and logged with the ``overridden`` flag.

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
            correct = correct or overridden
            rating = rating_policy.rating_for(
                correct=correct,
                seconds=seconds,
                used_hint=used_hint,
                kind=step.question.kind,
                almost=almost and not overridden,
            )
        now = self.clock()
        # The answer reviews its concept; the implicit reviews touch its prerequisites.
        touched = (step.concept, *self.library.prerequisites[step.concept])
        # An answer may make the skill items of the concepts whose templates use these ready.
        homes = {h for c in touched for h in self._homes_using.get(c, ())}
        with self._knowledge.writing():
            undo = _Undo(
                step,
                self.store.last_ids(),
                {
                    **{(c, item): self.store.card(c, item) for c in touched for item in ItemKind},
                    **{(h, ItemKind.SKILL): self.store.card(h, ItemKind.SKILL) for h in homes},
                },
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
                overridden=overridden,
            )
            implicit = knowledge.implicit_review(
                self.store, self.library, step.concept, rating, now
            )
            flipped = self._knowledge.reread(touched)
            skills = self._add_ready_skills(flipped, now)
        if step.card in self._pending:
            self._pending.remove(step.card)
        self._skips.pop(_key(step.card), None)
        self._answered_concepts.add(step.concept)
        if self._day is not None and step.card.introduced_at < self._day:  # from before today
            self._reviewed_today.add(_key(step.card))
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
        slow = (
            kind is not Kind.FLASHCARD
            and correct
            and not used_hint
            and not almost
            and seconds > threshold
        )
        outcome = Outcome(
            rating,
            correct,
            stored.due,
            stored.state,
            implicit,
            unlocked,
            slow_after=threshold if slow else None,
            almost=almost and not overridden,
            overridden=overridden,
            skills=skills,
        )
        self._undo = replace(undo, outcome=outcome, after=self.store.last_ids())
        return outcome

    def _add_ready_skills(self, flipped: set[str], now: datetime) -> tuple[str, ...]:
        """Give a skill item, due now, to each introduced concept that lacks one and whose
        templates a change in ``flipped`` made ready; the concepts that got one."""
        homes = {h for c in flipped for h in self._homes_using.get(c, ())}
        added = []
        for concept in sorted(homes, key=self.library.learning_rank.__getitem__):
            if not self.store.cards(concept) or self.store.card(concept, ItemKind.SKILL):
                continue
            if ItemKind.SKILL in item_kinds(self.library, concept, self._knowledge.learned):
                knowledge.introduce(self.store, concept, [ItemKind.SKILL], now)
                added.append(concept)
        return tuple(added)

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
        self._capped(self.store.due_cards(now), now)  # the reviews the cap leaves now
        return Summary(
            reviewed=self.answered,
            right=self.right,
            introduced=tuple(c for c in self.introduced if c in self._answered_concepts),
            unlocked=tuple(self.unlocked),
            brought_forward=tuple(self.brought_forward),
            due_now=self.store.count_due(now),
            next_due=self.store.next_due(now),
            due_within_day=self.store.count_due(now + timedelta(days=1)),
            deferred=self.deferred,
            max_reviews=self.max_reviews,
        )
