"""What the learner knows: learned concepts, the frontier, and implicit review.

Learned
-------
A concept is **learned** when

- at least one of its cards was last rated Hard or better (its latest review,
  an answer or an implicit one, was right), or
- its knowledge mark in force is ``known`` (from placement or implicit
  evidence) and none of its cards was last rated Again.

A concept never introduced and never marked is not learned. One failed card
does not unlearn a concept whose other cards are still recalled, but a failure
does override a mark that was only a guess.

Frontier
--------
The **frontier** is the concepts not yet introduced (no cards) and not learned
whose prerequisites are all learned, in learning-path order
(:attr:`kg.library.Library.learning_order`; with a target, the order of
:func:`kg.graph.learning_path` to it, and only the concepts on that path).
New concepts are only ever taken from the frontier.

Implicit review
---------------
Anki reviews each card on its own; a knowledge graph knows more. After an
answer on concept X (:func:`implicit_review`):

**Credit.** If the answer was right (Hard or better), each *direct* prerequisite
P of X gets evidence: every card of P that is in the Review state and due now
or overdue gets an implicit Good review (logged with source ``implicit``), so the
learner is spared a review they would otherwise do today. Cards not yet due are
left alone (reviewing early would let FSRS stretch their interval on indirect
evidence), and cards still in (re)learning steps are left for real practice.
A P with no cards that is not learned is marked ``known`` (source ``implicit``).

**Bringing forward.** If the answer was wrong (Again) and at least
:data:`FAILURES_TO_BRING_FORWARD` of the last :data:`FAILURE_WINDOW` answers on X
(any of its cards, this one included) were Again, each direct prerequisite P of X
that is weak is brought forward: its cards due later are made due now, so they
come up in this very session, and a P with no cards has its cards introduced,
due now. P is weak when it is not learned, or learned only by a mark (none of
its cards ever reviewed: a guess is the first suspect), or the mean
retrievability of its reviewed cards is below :data:`WEAK_RETRIEVABILITY`.
"""

from __future__ import annotations

from collections.abc import Container, Iterable, Iterator
from contextlib import contextmanager
from copy import copy
from dataclasses import dataclass, field, replace
from datetime import datetime
from statistics import fmean
from typing import Any

from fsrs import Rating, Scheduler, State

from kg.graph import learning_path
from kg.library import Library
from quiz.study.clock import utc
from quiz.study.items import item_kinds
from quiz.study.rating import SCHEDULER, retrievability
from quiz.study.store import (
    ItemKind,
    Mark,
    ReviewStore,
    Source,
    Status,
    StoredCard,
    StoreVersion,
)

WEAK_RETRIEVABILITY = 0.8
"""Below this mean retrievability a learned prerequisite counts as weak."""
FAILURE_WINDOW = 3
"""How many of a concept's latest answers are looked at for repeated failure."""
FAILURES_TO_BRING_FORWARD = 2
"""Again answers within the window that bring weak prerequisites forward."""


def introduce(
    store: ReviewStore, concept_id: str, kinds: Iterable[ItemKind], now: datetime
) -> list[StoredCard]:
    """Create the memory items of ``concept_id`` (one per kind), due ``now``, in one
    transaction (:func:`quiz.study.items.item_kinds` says which a concept gets).

    Items that exist already are kept as they are, so two sessions introducing
    the same concept at once do no harm.
    """
    with store.transaction():
        return [store.add_card(concept_id, kind, now) for kind in kinds]


def is_learned(cards: Iterable[StoredCard], mark: Mark | None) -> bool:
    """Whether a concept with these cards and this mark is learned (see the module).

    Examples
    --------
    >>> from datetime import UTC
    >>> from quiz.study.rating import new_card
    >>> now = datetime(2025, 1, 1, tzinfo=UTC)
    >>> card = StoredCard("a", ItemKind.KNOWLEDGE, new_card(1, now), now)
    >>> is_learned([card], None)
    False
    >>> from dataclasses import replace
    >>> is_learned([replace(card, last_rating=Rating.Hard)], None)
    True
    >>> known = Mark("a", Status.KNOWN, Source.PLACEMENT, now)
    >>> is_learned([], known), is_learned([replace(card, last_rating=Rating.Again)], known)
    (True, False)
    """
    latest = [card.last_rating for card in cards if card.last_rating is not None]
    if any(rating >= Rating.Hard for rating in latest):
        return True
    return mark is not None and mark.status is Status.KNOWN and Rating.Again not in latest


def concept_retrievability(
    cards: Iterable[StoredCard], now: datetime, scheduler: Scheduler = SCHEDULER
) -> float | None:
    """The mean retrievability of the concept's reviewed cards; None if none was reviewed.
    ``scheduler`` holds the weights (the store's: :attr:`ReviewStore.scheduler`)."""
    values = [
        retrievability(stored.card, now, scheduler=scheduler)
        for stored in cards
        if stored.card.last_review is not None
    ]
    return fmean(values) if values else None


@dataclass(frozen=True)
class Knowledge:
    """A snapshot of the store: every card by concept, and the marks in force.

    Build it with :meth:`load`; it answers "learned?", "introduced?" and
    "unlocked?" without further queries.
    """

    cards: dict[str, list[StoredCard]] = field(default_factory=dict)
    marks: dict[str, Mark] = field(default_factory=dict)

    @classmethod
    def load(cls, store: ReviewStore) -> Knowledge:
        cards: dict[str, list[StoredCard]] = {}
        for stored in store.cards():
            cards.setdefault(stored.concept, []).append(stored)
        return cls(cards, store.marks())

    def introduced(self, concept_id: str) -> bool:
        return concept_id in self.cards

    def learned(self, concept_id: str) -> bool:
        return is_learned(self.cards.get(concept_id, ()), self.marks.get(concept_id))

    def learned_set(self, library: Library) -> set[str]:
        """The concepts of ``library`` that are learned.

        Only a concept with cards or a mark can be, so only those are looked at.
        """
        evidence = self.cards.keys() | self.marks.keys()
        return {c for c in evidence if c in library.outlines and self.learned(c)}


class LiveKnowledge:
    """Which concepts of a library are learned and which introduced, kept current
    while one session writes, without reading the whole store after each answer.

    It is read whole once. The session makes its writes inside :meth:`writing`,
    then reads the concepts they touched again (:meth:`reread`). Anything else written
    to the store meanwhile (another session on the same store, another process)
    changes :meth:`ReviewStore.version <quiz.study.store.ReviewStore.version>`,
    and the next :meth:`refresh` or :meth:`writing` reads everything again.

    Examples
    --------
    >>> from datetime import UTC
    >>> from kg.examples import example_library
    >>> now = datetime(2025, 1, 1, tzinfo=UTC)
    >>> with ReviewStore.open(":memory:") as store:
    ...     live = LiveKnowledge(example_library(), store)
    ...     with live.writing():
    ...         _ = store.mark("derivative", Status.KNOWN, Source.PLACEMENT, now)
    ...         live.reread(["derivative"])
    ...     sorted(live.learned)
    {'derivative'}
    ['derivative']
    """

    def __init__(self, library: Library, store: ReviewStore):
        self.library = library
        self.store = store
        self.learned: set[str] = set()
        """The learned concepts of the library (see :meth:`Knowledge.learned_set`)."""
        self.introduced: set[str] = set()
        """The concepts that have cards."""
        self._version: StoreVersion | None = None
        self.refresh()

    def refresh(self) -> None:
        """Read the store whole again if anything was written to it since the last look.

        Raises
        ------
        quiz.study.store.StoreError
            If the database fails.
        """
        version = self.store.version()  # before reading: a write in between shows next time
        if version == self._version:
            return
        knowledge = Knowledge.load(self.store)
        self.learned = knowledge.learned_set(self.library)
        self.introduced = set(knowledge.cards)
        self._version = version

    @contextmanager
    def writing(self) -> Iterator[None]:
        """A transaction of the session's own, current when it starts.

        Whatever it writes about a concept must be :meth:`reread` inside it.
        If it fails, everything is read again next time.
        """
        try:
            with self.store.transaction():
                self.refresh()
                yield
                version = self.store.version()
        except BaseException:
            self._version = None
            raise
        self._version = version

    def reread(self, concepts: Iterable[str]) -> set[str]:
        """Read ``concepts`` again from the store; return those whose learned status changed."""
        flipped = set()
        for concept in concepts:
            cards = self.store.cards(concept)
            learned = concept in self.library.outlines and is_learned(
                cards, self.store.mark_of(concept)
            )
            if learned != (concept in self.learned):
                flipped.add(concept)
            if learned:
                self.learned.add(concept)
            else:
                self.learned.discard(concept)
            if cards:
                self.introduced.add(concept)
            else:
                self.introduced.discard(concept)
        return flipped


def frontier(library: Library, knowledge: Knowledge, target: str | None = None) -> list[str]:
    """The concepts that may be introduced next, in learning-path order (see the module).

    Parameters
    ----------
    library : Library
    knowledge : Knowledge
        What the learner knows (:meth:`Knowledge.load`).
    target : str, optional
        Only concepts on the learning path to this concept id.

    Returns
    -------
    list of str

    Raises
    ------
    KeyError
        If ``target`` is not a concept id.

    Examples
    --------
    >>> from kg.examples import example_library
    >>> library = example_library()
    >>> frontier(library, Knowledge(), target="gradient")
    ['derivative']
    """
    if target is None:
        order = library.learning_order
    else:
        order = learning_path(library.prerequisites, target)
    learned = knowledge.learned_set(library)
    return list(iter_frontier(library, order, learned, knowledge.cards))


def frontier_deck(library: Library, knowledge: Knowledge) -> list[str]:
    """What a deck that unlocks as the learner learns holds (``dlkg anki export --frontier``):
    every concept learned or introduced (being studied), and the :func:`frontier`, in
    course order (:attr:`kg.library.Library.learning_order`).

    Examples
    --------
    >>> from kg.examples import example_library
    >>> frontier_deck(example_library(), Knowledge())[:2]
    ['softmax', 'derivative']
    """
    learned = knowledge.learned_set(library)
    unlocked = set(iter_frontier(library, library.learning_order, learned, knowledge.cards))
    return [
        concept_id
        for concept_id in library.learning_order
        if concept_id in learned or concept_id in knowledge.cards or concept_id in unlocked
    ]


def iter_frontier(
    library: Library, order: Iterable[str], learned: set[str], introduced: Container[str]
) -> Iterator[str]:
    """The concepts of ``order`` on the frontier, one at a time: not introduced, not
    learned, every prerequisite learned (see the module).

    A session wants only the first: taking it walks ``order`` only as far as that.
    """
    prerequisites = library.prerequisites
    for concept_id in order:
        if (
            concept_id not in introduced
            and concept_id not in learned
            and learned.issuperset(prerequisites[concept_id])
        ):
            yield concept_id


@dataclass(frozen=True)
class ImplicitReview:
    """What an answer on one concept did to its prerequisites (see the module)."""

    credited: tuple[tuple[str, ItemKind], ...] = ()
    """Prerequisite items that got an implicit Good review."""
    marked_known: tuple[str, ...] = ()
    """Prerequisites without cards, marked known."""
    brought_forward: tuple[str, ...] = ()
    """Weak prerequisites whose cards were made due now."""
    introduced: tuple[str, ...] = ()
    """Those of ``brought_forward`` that had no cards and got them."""

    def to_dict(self) -> dict[str, Any]:
        return {
            "credited": [[concept, kind.value] for concept, kind in self.credited],
            "marked_known": list(self.marked_known),
            "brought_forward": list(self.brought_forward),
            "introduced": list(self.introduced),
        }


def implicit_review(
    store: ReviewStore, library: Library, concept_id: str, rating: Rating, now: datetime
) -> ImplicitReview:
    """Apply the implicit-review rule after an answer rated ``rating`` on ``concept_id``.

    Call it in the answer's transaction, after the answer is stored: the
    failure count includes that answer.

    Parameters
    ----------
    store : ReviewStore
    library : Library
    concept_id : str
        The concept just answered.
    rating : Rating
        The answer's rating.
    now : datetime
        The answer's time.

    Returns
    -------
    ImplicitReview
        What was credited, marked and brought forward.

    Raises
    ------
    quiz.study.store.StoreError
        If the database fails.
    """
    with store.transaction():
        if rating >= Rating.Hard:
            return _credit_prerequisites(store, library, concept_id, now)
        recent = store.recent_ratings(concept_id, FAILURE_WINDOW)
        if recent.count(Rating.Again) >= FAILURES_TO_BRING_FORWARD:
            return _bring_forward_prerequisites(store, library, concept_id, now)
    return ImplicitReview()


def _credit_prerequisites(
    store: ReviewStore, library: Library, concept_id: str, now: datetime
) -> ImplicitReview:
    credited, marked = [], []
    for prerequisite in library[concept_id].prerequisites:
        cards = store.cards(prerequisite)
        if not cards:
            if not is_learned((), store.mark_of(prerequisite)):
                store.mark(prerequisite, Status.KNOWN, Source.IMPLICIT, now)
                marked.append(prerequisite)
            continue
        for stored in cards:
            if stored.state is State.Review and stored.due <= now:
                store.apply_review(
                    prerequisite,
                    stored.kind,
                    Rating.Good,
                    now,
                    correct=True,
                    source=Source.IMPLICIT,
                )
                credited.append((prerequisite, stored.kind))
    return ImplicitReview(credited=tuple(credited), marked_known=tuple(marked))


def _bring_forward_prerequisites(
    store: ReviewStore, library: Library, concept_id: str, now: datetime
) -> ImplicitReview:
    brought, introduced = [], []
    for prerequisite in library[concept_id].prerequisites:
        cards = store.cards(prerequisite)
        learned = is_learned(cards, store.mark_of(prerequisite))
        strength = concept_retrievability(cards, now, store.scheduler)
        if learned and strength is not None and strength >= WEAK_RETRIEVABILITY:
            continue
        if not cards:
            introduce(store, prerequisite, item_kinds(library, prerequisite), now)
            introduced.append(prerequisite)
        for stored in cards:
            if stored.due > now:
                store.save_card(stored_due(stored, now))
        brought.append(prerequisite)
    return ImplicitReview(brought_forward=tuple(brought), introduced=tuple(introduced))


def stored_due(stored: StoredCard, due: datetime) -> StoredCard:
    """``stored`` with its card due at ``due``, its FSRS memory state unchanged.

    Examples
    --------
    >>> from datetime import UTC, timedelta
    >>> from quiz.study.rating import new_card
    >>> now = datetime(2025, 1, 1, tzinfo=UTC)
    >>> stored = StoredCard("a", ItemKind.KNOWLEDGE, new_card(1, now + timedelta(days=3)), now)
    >>> stored_due(stored, now).due == now, stored.due == now
    (True, False)
    """
    card = copy(stored.card)
    card.due = utc(due)
    return replace(stored, card=card)
