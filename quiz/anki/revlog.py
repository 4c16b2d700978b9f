"""Reading the reviews made in Anki of dlkg's notes: ``dlkg anki reviews``.

Anki keeps every answer in its ``revlog`` table: the review's id (the time it
was made, in milliseconds since the epoch), the card, the button pressed
(``ease``: 1 Again, 2 Hard, 3 Good, 4 Easy, as FSRS's ratings), how long it took
and its kind (``type``). A card is a note's template (``ord``), and dlkg's notes
are known by their GUIDs, which are hashes of the concept's id
(:func:`quiz.anki.notes.concept_guid`) or of (concept, template, seed) for a
numeric note (:func:`quiz.anki.notes.numeric_guid`): a note is dlkg's only when
its GUID is the hash of the id its ``Id`` field names.

Which revlog rows are reviews
-----------------------------
Rows of kind learning, review and relearning with a button pressed are
reviews. Skipped, with the reason: filtered-deck rows (cramming, or reviewing
ahead in a custom study deck), manual rows (set due date, reset, reschedule:
no answer was given, ``ease`` 0), and rows of cards no longer in the collection.

Cards map to dlkg's memory items: every card of a concept note reviews its
knowledge item, a numeric note's card its skill item. The kind logged is the
question the card asks (:data:`CONCEPT_CARD_KINDS`).

The file is read with :func:`quiz.anki.package_reader.opened_collection`: the
same size caps and integrity check as ``dlkg anki import``, nothing extracted
but the collection, into a temporary folder.
"""

from __future__ import annotations

import html
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from enum import IntEnum, StrEnum
from pathlib import Path
from typing import Any

from kg.library import Library
from quiz.anki.collection import ApkgError
from quiz.anki.notes import concept_guid, numeric_guid
from quiz.anki.package_reader import DEFAULT_LIMITS, Limits, opened_collection
from quiz.question import Kind

__all__ = [
    "CONCEPT_CARD_KINDS",
    "AnkiReview",
    "ReviewHistory",
    "RevlogKind",
    "SkipReason",
    "read_reviews",
]


class RevlogKind(IntEnum):
    """``revlog.type`` in Anki (rslib's ``RevlogReviewKind``)."""

    LEARNING = 0
    REVIEW = 1
    RELEARNING = 2
    FILTERED = 3
    MANUAL = 4
    RESCHEDULED = 5


ANSWERED_KINDS = frozenset({RevlogKind.LEARNING, RevlogKind.REVIEW, RevlogKind.RELEARNING})
"""The revlog kinds that are reviews (see the module)."""

CONCEPT_CARD_KINDS: dict[int, Kind] = {
    0: Kind.FLASHCARD,
    1: Kind.DEFINITION_TO_TERM,
    2: Kind.ZH_TO_EN,
    3: Kind.EN_TO_ZH,
    4: Kind.DEFINITION_TO_TERM_TYPED,
}
"""The question each card of a concept note asks, by template ordinal
(:func:`quiz.anki.templates.concept_templates`): term → definition (self-rated, a
flashcard), definition → term, 中文 → English, English → 中文, type the term."""


class SkipReason(StrEnum):
    """Why a revlog row was not added."""

    NOT_DLKG = "note not made by dlkg"
    NOT_IN_LIBRARY = "concept not in the library"
    NOT_A_REVIEW = "not a review (filtered-deck cramming, or a manual reschedule)"
    NO_CARD = "card no longer in the collection"
    UNKNOWN_TEMPLATE = "card template dlkg does not know (a newer dlkg's deck?)"


@dataclass(frozen=True)
class AnkiReview:
    """One review made in Anki, mapped to dlkg's item of ``concept`` that ``kind`` reviews."""

    anki_id: int
    """``revlog.id``: unique in the collection, and the review's time in milliseconds."""
    concept: str
    kind: Kind
    rating: int
    """1 Again, 2 Hard, 3 Good, 4 Easy."""
    reviewed_at: datetime
    seconds: float | None
    question: str
    """``anki:<template ordinal>`` for a concept card; the numeric note's ``Id``
    (``template:concept:seed``) for a numeric one."""

    def to_dict(self) -> dict[str, Any]:
        return {
            "anki_id": self.anki_id,
            "concept": self.concept,
            "kind": self.kind.value,
            "rating": self.rating,
            "reviewed_at": self.reviewed_at.isoformat(),
            "seconds": self.seconds,
        }


@dataclass
class ReviewHistory:
    """What :func:`read_reviews` found: the reviews to add, and what was skipped."""

    path: Path
    format: str
    reviews: list[AnkiReview] = field(default_factory=list)
    skipped: dict[SkipReason, Counter[str]] = field(default_factory=dict)
    """Per reason, how many rows, per concept id (or note id for another's note)."""

    def skip(self, reason: SkipReason, subject: str) -> None:
        self.skipped.setdefault(reason, Counter())[subject] += 1

    def skipped_summary(self) -> list[dict[str, Any]]:
        """Each reason with its row count and subjects, most rows first, JSON-ready."""
        return [
            {
                "reason": reason.value,
                "reviews": sum(subjects.values()),
                "subjects": dict(subjects.most_common()),
            }
            for reason, subjects in sorted(
                self.skipped.items(), key=lambda pair: -sum(pair[1].values())
            )
        ]


@dataclass(frozen=True)
class _Note:
    guid: str
    first_field: str


def read_reviews(
    path: Path | str, library: Library, *, limits: Limits = DEFAULT_LIMITS
) -> ReviewHistory:
    """The reviews of dlkg's notes in an Anki file, mapped to ``library``'s concepts.

    Parameters
    ----------
    path : path
        A collection package (``.colpkg``), a deck package exported with scheduling
        (``.apkg``), or a collection file (``collection.anki2``).
    library : Library
        The concepts reviews may map to.
    limits : Limits
        Size caps.

    Returns
    -------
    ReviewHistory
        The reviews in Anki's id order (time order), and the rows skipped.

    Raises
    ------
    ApkgError
        If the file cannot be read safely (see :func:`opened_collection`) or is not
        an Anki collection.
    """
    path = Path(path)
    with opened_collection(path, limits=limits) as (connection, member, _):
        tables = {
            row[0]
            for row in connection.execute("SELECT name FROM sqlite_master WHERE type = 'table'")
        }
        missing = {"notes", "cards", "revlog"} - tables
        if missing:
            raise ApkgError(path, f"not an Anki collection (no {', '.join(sorted(missing))} table)")
        notes = {
            _integer(note_id): _Note(_text(guid), _text(fields).split("\x1f")[0])
            for note_id, guid, fields in connection.execute("SELECT id, guid, flds FROM notes")
        }
        cards = {
            _integer(card_id): (_integer(note_id), _integer(ordinal))
            for card_id, note_id, ordinal in connection.execute("SELECT id, nid, ord FROM cards")
        }
        rows = connection.execute("SELECT id, cid, ease, time, type FROM revlog ORDER BY id")
        return _mapped(path, member, library, notes, cards, rows)


def _mapped(
    path: Path,
    member: str,
    library: Library,
    notes: dict[int, _Note],
    cards: dict[int, tuple[int, int]],
    rows: Iterable[tuple[Any, ...]],
) -> ReviewHistory:
    history = ReviewHistory(path, member)
    concepts = {concept_guid(concept_id): concept_id for concept_id in library.concepts}
    for revlog_id, card_id, ease, milliseconds, kind in rows:
        card = cards.get(_integer(card_id))
        if card is None:
            history.skip(SkipReason.NO_CARD, f"card {_integer(card_id)}")
            continue
        note_id, ordinal = card
        note = notes.get(note_id)
        identity = None if note is None else _identify(note, concepts)
        if identity is None:
            history.skip(SkipReason.NOT_DLKG, f"note {note_id}")
            continue
        concept, numeric_id = identity
        if concept not in library.concepts:
            history.skip(SkipReason.NOT_IN_LIBRARY, concept)
            continue
        if _integer(kind) not in ANSWERED_KINDS or _integer(ease) not in (1, 2, 3, 4):
            history.skip(SkipReason.NOT_A_REVIEW, concept)
            continue
        if numeric_id is None and ordinal not in CONCEPT_CARD_KINDS:
            history.skip(SkipReason.UNKNOWN_TEMPLATE, concept)
            continue
        anki_id = _integer(revlog_id)
        seconds = _integer(milliseconds) / 1000
        history.reviews.append(
            AnkiReview(
                anki_id=anki_id,
                concept=concept,
                kind=Kind.NUMERIC if numeric_id else CONCEPT_CARD_KINDS[ordinal],
                rating=_integer(ease),
                reviewed_at=datetime.fromtimestamp(anki_id / 1000, UTC),
                seconds=seconds if seconds > 0 else None,
                question=numeric_id or f"anki:{ordinal}",
            )
        )
    return history


def _identify(note: _Note, concepts: dict[str, str]) -> tuple[str, str | None] | None:
    """``(concept id, numeric note id or None)`` of a note dlkg made, None for another's.

    A GUID of a library concept is enough; otherwise the ``Id`` field must name
    what the GUID is the hash of (a dlkg note of a concept this library lacks).
    """
    if note.guid in concepts:
        return concepts[note.guid], None
    name = html.unescape(note.first_field).strip()
    if concept_guid(name) == note.guid:
        return name, None
    template, _, rest = name.partition(":")
    concept, _, seed = rest.rpartition(":")
    if seed.isdigit() and numeric_guid(concept, template, int(seed)) == note.guid:
        return concept, name
    return None


def _text(value: Any) -> str:
    if isinstance(value, bytes):
        return value.decode("utf-8", "replace")
    return "" if value is None else str(value)


def _integer(value: Any) -> int:
    try:
        return int(value)
    except (TypeError, ValueError, OverflowError):
        return -1
