"""Study progress, as ``dlkg stats`` shows it: each concept's line, each domain's
totals, the frontier, and the learning path to a target.

:func:`report` gives a :class:`ConceptReport` per concept, in learning order;
:func:`progress_report` adds the per-domain rollup, the frontier and, with a
target, its path with each concept's depth. Each record has a ``to_dict``, the
JSON that ``dlkg stats --json`` prints.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime, time, timedelta, tzinfo
from enum import StrEnum
from typing import Any, NamedTuple

from fsrs import State

from kg.graph import depths, learning_path
from kg.library import Library
from quiz.study.knowledge import Knowledge, concept_retrievability, frontier
from quiz.study.store import ReviewStore, Source, Status, timestamp

__all__ = [
    "ConceptReport",
    "DomainReport",
    "PathReport",
    "PathStep",
    "Progress",
    "ProgressReport",
    "progress_report",
    "report",
]


class Progress(StrEnum):
    """Where a concept stands, as ``dlkg stats`` shows it."""

    LOCKED = "locked"
    """Not introduced; some prerequisite is not learned yet."""
    READY = "ready"
    """Not introduced; every prerequisite learned: on the frontier."""
    KNOWN = "known"
    """No cards, but marked known (placement or implicit evidence)."""
    LEARNING = "learning"
    """Some card is in its learning or relearning steps."""
    REVIEW = "review"
    """Every card has graduated to spaced reviews."""


@dataclass(frozen=True)
class ConceptReport:
    """One concept's line of ``dlkg stats``."""

    concept: str
    domain: str
    progress: Progress
    learned: bool
    retrievability: float | None
    next_due: datetime | None
    cards: int
    due_now: int
    answers: int
    right: int
    reviews: int
    """Every review applied to its cards: answers, implicit ones and Anki's."""
    mark: Status | None = None
    anki_reviews: int = 0
    """Reviews made in Anki (``dlkg anki reviews``), apart from ``answers`` in dlkg."""

    @property
    def accuracy(self) -> float | None:
        """Right answers over answers; None before the first."""
        return self.right / self.answers if self.answers else None

    def to_dict(self) -> dict[str, Any]:
        return {
            "concept": self.concept,
            "domain": self.domain,
            "progress": self.progress.value,
            "learned": self.learned,
            "retrievability": self.retrievability,
            "next_due": None if self.next_due is None else timestamp(self.next_due),
            "cards": self.cards,
            "due_now": self.due_now,
            "answers": self.answers,
            "right": self.right,
            "accuracy": self.accuracy,
            "reviews": self.reviews,
            "mark": None if self.mark is None else self.mark.value,
            "anki_reviews": self.anki_reviews,
        }


def report(library: Library, store: ReviewStore, now: datetime) -> list[ConceptReport]:
    """Every concept's progress, in learning-path order.

    Parameters
    ----------
    library : Library
    store : ReviewStore
    now : datetime
        The time retrievability and "due now" are computed at.

    Returns
    -------
    list of ConceptReport

    Raises
    ------
    quiz.study.store.StoreError
        If the database fails.

    Examples
    --------
    >>> from datetime import UTC
    >>> from kg.examples import example_library
    >>> library = example_library()
    >>> with ReviewStore.open(":memory:") as store:
    ...     lines = report(library, store, datetime(2025, 1, 1, tzinfo=UTC))
    >>> next(line for line in lines if line.concept == "derivative").progress.value
    'ready'
    """
    knowledge = Knowledge.load(store)
    learned = knowledge.learned_set(library)
    answers = store.answer_counts()
    anki = Counter(record.concept for record in store.reviews(source=Source.ANKI))
    lines = []
    for concept_id in library.learning_order:
        outline = library.outlines[concept_id]
        cards = knowledge.cards.get(concept_id, [])
        mark = knowledge.marks.get(concept_id)
        if cards:
            steps = any(card.state is not State.Review for card in cards)
            progress = Progress.LEARNING if steps else Progress.REVIEW
        elif concept_id in learned:
            progress = Progress.KNOWN
        elif learned.issuperset(outline.prerequisites):
            progress = Progress.READY
        else:
            progress = Progress.LOCKED
        answered, right = answers.get(concept_id, (0, 0))
        lines.append(
            ConceptReport(
                concept=concept_id,
                domain=outline.domain,
                progress=progress,
                learned=concept_id in learned,
                retrievability=concept_retrievability(cards, now, store.scheduler),
                next_due=min((card.due for card in cards), default=None),
                cards=len(cards),
                due_now=sum(card.due <= now for card in cards),
                answers=answered,
                right=right,
                reviews=sum(card.reps for card in cards),
                mark=None if mark is None else mark.status,
                anki_reviews=anki[concept_id],
            )
        )
    return lines


@dataclass(frozen=True)
class DomainReport:
    """One domain's totals in ``dlkg stats``."""

    domain: str
    concepts: int
    learned: int
    cards: int
    due_now: int
    answers: int
    right: int

    @property
    def accuracy(self) -> float | None:
        """Right answers over answers; None before the first."""
        return self.right / self.answers if self.answers else None

    @classmethod
    def of(cls, domain: str, lines: list[ConceptReport]) -> DomainReport:
        """The totals of ``lines``, the concepts of ``domain``."""
        return cls(
            domain=domain,
            concepts=len(lines),
            learned=sum(line.learned for line in lines),
            cards=sum(line.cards for line in lines),
            due_now=sum(line.due_now for line in lines),
            answers=sum(line.answers for line in lines),
            right=sum(line.right for line in lines),
        )

    def to_dict(self) -> dict[str, Any]:
        return {
            "domain": self.domain,
            "concepts": self.concepts,
            "learned": self.learned,
            "cards": self.cards,
            "due_now": self.due_now,
            "answers": self.answers,
            "accuracy": self.accuracy,
        }


@dataclass(frozen=True)
class PathStep:
    """A concept on the path to a target: its line, and how deep it sits on the path."""

    line: ConceptReport
    depth: int
    """The length of its longest chain of prerequisites (see :func:`kg.graph.depths`)."""

    def to_dict(self) -> dict[str, Any]:
        return {**self.line.to_dict(), "depth": self.depth}


@dataclass(frozen=True)
class PathReport:
    """The learning path to ``target``, every concept of it with its line."""

    target: str
    steps: tuple[PathStep, ...]

    def to_dict(self) -> dict[str, Any]:
        return {"target": self.target, "concepts": [step.to_dict() for step in self.steps]}


class Forecast(NamedTuple):
    """Items due (suspended ones aside) from ``now``: ``today`` by the end of today
    (overdue included), ``tomorrow`` during tomorrow, ``next_7_days`` within 7 days
    (overdue included). Days are the learner's: midnight in ``zone`` (UTC when None).

    Examples
    --------
    >>> from datetime import UTC, timezone
    >>> from quiz.study.store import MEMORY, ItemKind
    >>> now = datetime(2025, 1, 1, 9, tzinfo=UTC)  # 17:00 in UTC+8
    >>> with ReviewStore.open(MEMORY) as store:
    ...     _ = store.add_card("tensor", ItemKind.KNOWLEDGE, now + timedelta(hours=10))
    ...     Forecast.at(store, now), Forecast.at(store, now, timezone(timedelta(hours=8)))
    (Forecast(today=1, tomorrow=0, next_7_days=1), Forecast(today=0, tomorrow=1, next_7_days=1))
    """

    today: int
    tomorrow: int
    next_7_days: int

    @classmethod
    def at(cls, store: ReviewStore, now: datetime, zone: tzinfo | None = None) -> Forecast:
        local = now.astimezone(zone) if zone is not None else now
        midnight = datetime.combine(local.date() + timedelta(days=1), time(), tzinfo=local.tzinfo)
        today = store.count_due(midnight)
        return cls(
            today,
            store.count_due(midnight + timedelta(days=1)) - today,
            store.count_due(now + timedelta(days=7)),
        )


@dataclass(frozen=True)
class ProgressReport:
    """Everything ``dlkg stats`` shows, at ``now``."""

    now: datetime
    domains: tuple[DomainReport, ...]
    """Every domain of the library, in the library's order."""
    concepts: tuple[ConceptReport, ...]
    """Every concept, in learning order."""
    frontier: tuple[str, ...]
    """The concepts that may be introduced next (:func:`quiz.study.knowledge.frontier`)."""
    path: PathReport | None = None
    """With a target: the learning path to it."""
    forecast: Forecast | None = None
    """How many items come due today, tomorrow and within 7 days."""
    reviews_by_source: dict[str, int] = field(default_factory=dict)
    """How many reviews the log holds from each source: ``answer`` (in dlkg),
    ``anki`` (made in Anki), ``implicit``, ``placement``."""

    def to_dict(self) -> dict[str, Any]:
        return {
            "now": timestamp(self.now),
            "domains": [domain.to_dict() for domain in self.domains],
            "concepts": [line.to_dict() for line in self.concepts],
            "frontier": list(self.frontier),
            "path": None if self.path is None else self.path.to_dict(),
            "forecast": None if self.forecast is None else self.forecast._asdict(),
            "reviews_by_source": dict(self.reviews_by_source),
        }


def progress_report(
    library: Library,
    store: ReviewStore,
    now: datetime,
    target: str | None = None,
    *,
    zone: tzinfo | None = None,
) -> ProgressReport:
    """Each concept's progress, each domain's totals, the frontier, and the path to ``target``.

    Parameters
    ----------
    library : Library
    store : ReviewStore
    now : datetime
        The time retrievability and "due now" are computed at.
    target : str, optional
        A concept id: also report the learning path to it.
    zone : tzinfo, optional
        The learner's time zone, where the forecast's days begin (UTC when None).

    Returns
    -------
    ProgressReport

    Raises
    ------
    KeyError
        If ``target`` is not a concept id.
    quiz.study.store.StoreError
        If the database fails.

    Examples
    --------
    >>> from datetime import UTC
    >>> from kg.examples import example_library
    >>> library = example_library()
    >>> with ReviewStore.open(":memory:") as store:
    ...     progress = progress_report(library, store, datetime(2025, 1, 1, tzinfo=UTC), "gradient")
    >>> progress.frontier[:1], [step.line.concept for step in progress.path.steps]
    (('softmax',), ['derivative', 'gradient'])
    """
    lines = report(library, store, now)
    domains = tuple(
        DomainReport.of(domain, [line for line in lines if line.domain == domain])
        for domain in library.domains
    )
    path = None
    if target is not None:
        route = learning_path(library.prerequisites, target)
        depth = depths(library.prerequisites, route)  # a path holds its concepts' prerequisites
        by_id = {line.concept: line for line in lines}
        path = PathReport(target, tuple(PathStep(by_id[c], depth[c]) for c in route))
    return ProgressReport(
        now=now,
        domains=domains,
        concepts=tuple(lines),
        frontier=tuple(frontier(library, Knowledge.load(store))),
        path=path,
        forecast=Forecast.at(store, now, zone),
        reviews_by_source=store.source_counts(),
    )
