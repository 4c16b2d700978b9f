"""The records of the review store: cards, reviews and knowledge marks, and their times."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from typing import Any, NamedTuple

from fsrs import Card, Rating, State

from quiz.question import Kind
from quiz.study.clock import utc


class Source(StrEnum):
    """Where a review or a knowledge mark came from."""

    ANSWER = "answer"
    """The learner answered the card's question."""
    IMPLICIT = "implicit"
    """Inferred from an answer on another concept (see :mod:`quiz.study.knowledge`)."""
    PLACEMENT = "placement"
    """A placement-quiz probe (see :mod:`quiz.study.placement`)."""
    ANKI = "anki"
    """A review made in Anki, read from its review log (``dlkg anki reviews``)."""


class ItemKind(StrEnum):
    """What a memory item of a concept holds; FSRS schedules items, not questions.

    A concept has a knowledge item, and a skill item too when it has a
    computation. Each review of an item asks one question in one of its formats:
    the conceptual kinds for knowledge, the numeric templates for skill.
    """

    KNOWLEDGE = "knowledge"
    SKILL = "skill"


def item_of(kind: Kind | ItemKind | str) -> ItemKind:
    """The item a question of ``kind`` (or an item kind, as logged by implicit reviews) reviews.

    Examples
    --------
    >>> item_of(Kind.CLOZE).value, item_of(Kind.NUMERIC_CHOICE).value, item_of("skill").value
    ('knowledge', 'skill', 'skill')
    """
    value = str(kind)
    if value in ItemKind._value2member_map_:
        return ItemKind(value)
    return ItemKind.SKILL if Kind(value).is_numeric else ItemKind.KNOWLEDGE


def logged_kind(value: str) -> Kind | ItemKind:
    """A ``reviews.kind`` value: the question's kind, or the item's for an implicit review."""
    if value in ItemKind._value2member_map_:
        return ItemKind(value)
    return Kind(value)


class Status(StrEnum):
    """What a knowledge mark says about a concept."""

    KNOWN = "known"
    UNKNOWN = "unknown"


def timestamp(moment: datetime) -> str:
    """``moment`` as stored: UTC ISO-8601 with microseconds, so text order is time order.

    Examples
    --------
    >>> from datetime import UTC
    >>> timestamp(datetime(2025, 1, 1, 9, tzinfo=UTC))
    '2025-01-01T09:00:00.000000+00:00'
    """
    return utc(moment).isoformat(timespec="microseconds")


def parse_time(text: str) -> datetime:
    return utc(datetime.fromisoformat(text))


@dataclass(frozen=True)
class StoredCard:
    """A memory item as stored: which (concept, item kind) it is and its FSRS state.

    ``reps`` counts every review applied to it (answers and implicit ones);
    ``last_rating`` is the rating of the latest, None before the first.
    """

    concept: str
    kind: ItemKind
    card: Card
    introduced_at: datetime
    reps: int = 0
    last_rating: Rating | None = None

    @property
    def due(self) -> datetime:
        return self.card.due

    @property
    def state(self) -> State:
        return self.card.state

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready dict (the card as ``fsrs.Card.to_dict`` gives it).

        Examples
        --------
        >>> from datetime import UTC
        >>> from quiz.study.rating import new_card
        >>> now = datetime(2025, 1, 1, tzinfo=UTC)
        >>> stored = StoredCard("softmax", ItemKind.KNOWLEDGE, new_card(1, now), now)
        >>> row = stored.to_dict()
        >>> row["concept"], row["kind"], row["introduced_at"], row["reps"], row["last_rating"]
        ('softmax', 'knowledge', '2025-01-01T00:00:00.000000+00:00', 0, None)
        """
        return {
            "concept": self.concept,
            "kind": self.kind.value,
            "card": self.card.to_dict(),
            "introduced_at": timestamp(self.introduced_at),
            "reps": self.reps,
            "last_rating": None if self.last_rating is None else int(self.last_rating),
        }


@dataclass(frozen=True)
class ReviewRecord:
    """One row of the review log. ``id`` is None until it is stored.

    ``kind`` is the kind of question asked; an implicit review asks none and logs
    the item's kind. :func:`item_of` gives the item either reviewed.
    """

    concept: str
    kind: Kind | ItemKind
    rating: Rating
    correct: bool
    source: Source
    reviewed_at: datetime
    question: str | None = None
    seconds: float | None = None
    id: int | None = None
    anki_id: int | None = None
    """Anki's id of the review (its ``revlog.id``) for source ``anki``, else None."""

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready dict.

        Examples
        --------
        >>> from datetime import UTC
        >>> record = ReviewRecord("softmax", Kind.CLOZE, Rating.Good, True, Source.ANSWER,
        ...                       datetime(2025, 1, 1, tzinfo=UTC), "cloze:softmax:1", 3.5)
        >>> row = record.to_dict()
        >>> row["kind"], row["rating"], row["source"], row["reviewed_at"], row["seconds"]
        ('cloze', 3, 'answer', '2025-01-01T00:00:00.000000+00:00', 3.5)
        """
        return {
            "id": self.id,
            "concept": self.concept,
            "kind": self.kind.value,
            "rating": int(self.rating),
            "correct": self.correct,
            "source": self.source.value,
            "reviewed_at": timestamp(self.reviewed_at),
            "question": self.question,
            "seconds": self.seconds,
            "anki_id": self.anki_id,
        }


@dataclass(frozen=True)
class Mark:
    """A knowledge mark: ``concept`` is probably ``status``, according to ``source``."""

    concept: str
    status: Status
    source: Source
    marked_at: datetime

    def to_dict(self) -> dict[str, Any]:
        return {
            "concept": self.concept,
            "status": self.status.value,
            "source": self.source.value,
            "marked_at": timestamp(self.marked_at),
        }


class StoreVersion(NamedTuple):
    """What :meth:`ReviewStore.version` returns: two equal versions mean nothing was
    written to the database in between."""

    written_here: int
    """Rows written through this connection (SQLite's ``total_changes``)."""
    written_elsewhere: int
    """``PRAGMA data_version``: it changes when another connection commits."""


class FittedParameters(NamedTuple):
    """FSRS weights fitted to the learner's reviews (``dlkg stats --optimize``), and how
    well the defaults and they predict those reviews (log loss, RMSE over bins)."""

    weights: tuple[float, ...]
    fitted_at: datetime
    reviews: int
    """The reviews they were fitted on (each item's reviews after its first)."""
    log_loss_before: float
    log_loss_after: float
    rmse_before: float
    rmse_after: float
