"""A placement quiz: a few probes that walk the graph, so no one starts from zero.

Each probe asks about one concept, and always offers "I don't know". A wrong
answer or "I don't know" marks the concept and every concept built on it (its
descendants) as probably unknown. A right answer is evidence for the concept and
every concept it builds on (its ancestors), and a concept is marked known only on
evidence a guesser rarely produces: a right typed answer on it or on a concept
built on it (:data:`STRONG_EVIDENCE`), or three right multiple-choice answers on
it or on concepts built on it (:data:`WEAK_EVIDENCE` each; a guess is right one
time in four). On the bundled library a learner who picks at random ends a
10-probe quiz with about 1.4 concepts marked known on average (5.3 if two right
picks were enough), one who answers everything right with about 28. Concepts already
learned count as known from the start.

The next probe is the undetermined concept that splits the rest best: the one
maximizing ``min(a, d)``, where ``a`` and ``d`` count its undetermined ancestors
and descendants, so whichever way the answer goes, many concepts are settled.
Ties go to the larger ``a + d``, then to learning-path order. The walk stops
after its probe budget or when every concept is determined.

:class:`PlacementWalk` is the pure walk; :func:`probe_question` and
:func:`save_probe` connect it to questions and the store, and
:class:`PlacementSession` runs a whole quiz over a store, as
:class:`quiz.study.session.Session` runs a study session: the command line
asks, the placement session decides and stores.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from fsrs import Rating

from kg.graph import PrerequisiteGraph, ancestors, learning_order, learning_path
from kg.library import Library
from quiz.conceptual import conceptual_question
from quiz.question import Kind, Mode, Question, question_seed
from quiz.study.clock import Clock, system_clock, utc
from quiz.study.knowledge import Knowledge
from quiz.study.store import ReviewRecord, ReviewStore, Source, Status

DEFAULT_PROBES = 12
"""Probes in a placement quiz unless the learner asks for another number."""
KNOWN_EVIDENCE = 3
"""Evidence a concept needs to be marked known."""
STRONG_EVIDENCE = 3
"""What a right typed answer is worth (to the concept and its ancestors)."""
WEAK_EVIDENCE = 1
"""What a right multiple-choice answer is worth."""


@dataclass(frozen=True)
class ProbeResult:
    """What one probe settled: the concepts it marked known or unknown, in learning order."""

    concept: str
    correct: bool
    known: tuple[str, ...] = ()
    unknown: tuple[str, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        return {
            "concept": self.concept,
            "correct": self.correct,
            "known": list(self.known),
            "unknown": list(self.unknown),
        }


class PlacementWalk:
    """The state of a placement quiz over ``concepts`` of ``graph``.

    Parameters
    ----------
    graph : PrerequisiteGraph
        The prerequisite graph: ``Library.prerequisites`` (or ``Library.graph``).
    concepts : iterable of str
        The concepts to place (all of them, or a learning path). Must be closed
        under prerequisites for the marks to stay inside it, which a learning
        path is.
    known : iterable of str
        Concepts already learned: determined known from the start.

    Examples
    --------
    >>> from kg.graph import PrerequisiteMap
    >>> g = PrerequisiteMap({"a": (), "b": ("a",), "c": ("b",), "d": ("c",), "e": ("d",)})
    >>> walk = PlacementWalk(g, g)
    >>> walk.next_probe()
    'c'
    >>> walk.record("c", correct=True, strong=True).known
    ('a', 'b', 'c')
    >>> walk.next_probe()
    'd'
    >>> walk.record("d", correct=False).unknown
    ('d', 'e')
    >>> walk.next_probe() is None
    True
    >>> walk = PlacementWalk(g, g)
    >>> walk.record("c", correct=True).known  # one right choice: evidence, not a mark
    ()
    >>> walk.record("d", correct=True).known  # a second one, on a concept built on c
    ()
    >>> walk.record("e", correct=True).known  # a third: a, b and c have three
    ('a', 'b', 'c')
    """

    def __init__(
        self, graph: PrerequisiteGraph, concepts: Iterable[str], known: Iterable[str] = ()
    ):
        members = set(concepts)
        self._order = learning_order(graph, members)
        self._position = {concept: index for index, concept in enumerate(self._order)}
        self._ancestors = {c: ancestors(graph, [c]) & members for c in self._order}
        # The descendants of c among the members: the members that have c as an ancestor.
        self._descendants: dict[str, set[str]] = {c: set() for c in self._order}
        for concept, above in self._ancestors.items():
            for ancestor in above:
                self._descendants[ancestor].add(concept)
        self.status: dict[str, Status | None] = dict.fromkeys(self._order)
        for concept in known:
            if concept in self.status:
                self.status[concept] = Status.KNOWN
        self.probes: list[ProbeResult] = []
        self.evidence: dict[str, int] = dict.fromkeys(self._order, 0)
        """Evidence from right answers not yet enough to mark a concept known."""

    def undetermined(self) -> list[str]:
        """The concepts neither known nor unknown yet, in learning order."""
        return [concept for concept in self._order if self.status[concept] is None]

    def split(self, concept: str) -> tuple[int, int]:
        """(undetermined ancestors, undetermined descendants) of ``concept``."""
        ancestors = sum(self.status[c] is None for c in self._ancestors[concept])
        descendants = sum(self.status[c] is None for c in self._descendants[concept])
        return ancestors, descendants

    def next_probe(self) -> str | None:
        """The undetermined concept not probed yet that splits the rest best; None when there
        is none."""
        probed = {result.concept for result in self.probes}
        candidates = [c for c in self.undetermined() if c not in probed]
        if not candidates:
            return None

        def score(concept: str) -> tuple[int, int, int]:
            ancestors, descendants = self.split(concept)
            return min(ancestors, descendants), ancestors + descendants, -self._position[concept]

        return max(candidates, key=score)

    def record(self, concept: str, *, correct: bool, strong: bool = False) -> ProbeResult:
        """Take the answer to the probe on ``concept`` and mark what it implies.

        ``correct`` is False for a wrong answer and for "I don't know"; ``strong``
        says a right answer was typed, not picked (see the module).

        Returns
        -------
        ProbeResult
            The concepts newly marked (those already determined are left as they were).

        Raises
        ------
        KeyError
            If ``concept`` is not part of this walk.
        """
        if correct:
            implied, status = set(), Status.KNOWN
            for supported in self._ancestors[concept] | {concept}:
                self.evidence[supported] += STRONG_EVIDENCE if strong else WEAK_EVIDENCE
                if self.evidence[supported] >= KNOWN_EVIDENCE:
                    implied.add(supported)
        else:
            implied, status = self._descendants[concept] | {concept}, Status.UNKNOWN
        marked = sorted(
            (c for c in implied if self.status[c] is None), key=self._position.__getitem__
        )
        for marked_concept in marked:
            self.status[marked_concept] = status
        result = ProbeResult(
            concept,
            correct,
            known=tuple(marked) if correct else (),
            unknown=() if correct else tuple(marked),
        )
        self.probes.append(result)
        return result

    def marked(self, status: Status) -> list[str]:
        """The concepts with ``status`` that the probes marked, in learning order."""
        probed = {c for result in self.probes for c in (*result.known, *result.unknown)}
        return [c for c in self._order if c in probed and self.status[c] is status]


def probe_question(library: Library, concept_id: str) -> Question:
    """The question a probe on ``concept_id`` asks: name it from its definition.

    Multiple choice among its graph neighbours when there are enough of them
    for three distinct distractors; typed otherwise; for a concept whose definition
    spells its term out, the other question kinds in :data:`_PROBE_KINDS` order.

    Examples
    --------
    >>> from kg.examples import example_library
    >>> library = example_library()
    >>> probe_question(library, "gradient").kind.value
    'definition-to-term'
    """
    seed = question_seed(concept_id, "placement", 0)
    for kind in _PROBE_KINDS:
        question = conceptual_question(library, concept_id, kind, seed)
        if question is not None:
            return question
    raise ValueError(f"concept {concept_id!r} gives no question a probe can ask")


_PROBE_KINDS = (
    Kind.DEFINITION_TO_TERM,
    Kind.DEFINITION_TO_TERM_TYPED,
    Kind.TERM_TO_DEFINITION,
    Kind.ZH_TO_EN,
    Kind.EN_TO_ZH,
)
"""What a probe asks, first that can be asked: a definition whose words spell its term out
("In regression … in classification …") is not asked, and such a concept is probed by
its name in the other language instead."""


def save_probe(
    store: ReviewStore,
    question: Question,
    result: ProbeResult,
    now: datetime,
    *,
    seconds: float | None = None,
) -> None:
    """Store a probe in one transaction: its review (source ``placement``) and its marks.

    Raises
    ------
    quiz.study.store.StoreError
        If the database fails.
    """
    with store.transaction():
        store.add_review(
            ReviewRecord(
                concept=result.concept,
                kind=question.kind,
                rating=Rating.Good if result.correct else Rating.Again,
                correct=result.correct,
                source=Source.PLACEMENT,
                reviewed_at=utc(now),
                question=question.id,
                seconds=seconds,
            )
        )
        for concept in result.known:
            store.mark(concept, Status.KNOWN, Source.PLACEMENT, now)
        for concept in result.unknown:
            store.mark(concept, Status.UNKNOWN, Source.PLACEMENT, now)


@dataclass(frozen=True)
class Probe:
    """One question of a placement quiz."""

    number: int
    """1 for the first question."""
    concept: str
    question: Question


@dataclass(frozen=True)
class PlacementSummary:
    """The end of a placement quiz: what its probes marked."""

    known: tuple[str, ...]
    """Marked known, in learning order."""
    unknown: tuple[str, ...]
    """Marked to learn, in learning order."""
    undetermined: int
    """Concepts the quiz did not settle."""


class PlacementSession:
    """A placement quiz over ``store``: up to ``limit`` probes, each stored when answered.

    Call :meth:`next_probe` for the next question, :meth:`answer` with whether
    the learner got it right, and :meth:`summary` at the end. Nothing here prints.

    Parameters
    ----------
    library : Library
    store : ReviewStore
        Each probe and its marks are written to it when answered (:func:`save_probe`).
    clock : callable, optional
        Returns the current time (UTC); :func:`quiz.study.clock.system_clock` by default.
    target : str, optional
        Place only the concepts on the learning path to this concept id.
    limit : int
        How many probes at most.

    Raises
    ------
    KeyError
        If ``target`` is not a concept id.
    quiz.study.store.StoreError
        If the database fails.

    Examples
    --------
    >>> from kg.examples import example_library
    >>> with ReviewStore.open(":memory:") as store:
    ...     placement = PlacementSession(example_library(), store, target="gradient-descent")
    ...     probe = placement.next_probe()
    ...     print(probe.number, probe.concept, placement.answer(probe, correct=True).known)
    ...     print(placement.summary())
    1 gradient ()
    PlacementSummary(known=(), unknown=(), undetermined=3)
    """

    def __init__(
        self,
        library: Library,
        store: ReviewStore,
        *,
        clock: Clock = system_clock,
        target: str | None = None,
        limit: int = DEFAULT_PROBES,
    ):
        graph = library.prerequisites
        concepts = learning_path(graph, target) if target else library.learning_order
        known = Knowledge.load(store).learned_set(library)
        self.library = library
        self.store = store
        self.clock = clock
        self.limit = limit
        self.walk = PlacementWalk(graph, concepts, known=known)
        self.asked = 0

    def next_probe(self) -> Probe | None:
        """The next question, or None after ``limit`` probes or once every concept is settled."""
        if self.asked >= self.limit:
            return None
        concept = self.walk.next_probe()
        if concept is None:
            return None
        return Probe(self.asked + 1, concept, probe_question(self.library, concept))

    def answer(self, probe: Probe, *, correct: bool, seconds: float | None = None) -> ProbeResult:
        """Record the answer to ``probe`` (``correct`` False for "I don't know" too) and
        store it with the marks it implies.

        Raises
        ------
        quiz.study.store.StoreError
            If the database fails; the walk has then taken the answer, the store not.
        """
        strong = probe.question.mode is Mode.TERM
        result = self.walk.record(probe.concept, correct=correct, strong=strong)
        self.asked += 1
        save_probe(self.store, probe.question, result, self.clock(), seconds=seconds)
        return result

    def summary(self) -> PlacementSummary:
        """What the probes marked, and how many concepts are left undetermined."""
        return PlacementSummary(
            known=tuple(self.walk.marked(Status.KNOWN)),
            unknown=tuple(self.walk.marked(Status.UNKNOWN)),
            undetermined=len(self.walk.undetermined()),
        )
