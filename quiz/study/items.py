"""Memory items: what FSRS schedules, and the question each review of one asks.

A concept has one **knowledge item**, and a **skill item** too when numeric
templates live on it. FSRS schedules the item, not the question: each review
asks one question in one of the item's **formats**, the conceptual kinds
(:data:`KNOWLEDGE_FORMATS` the concept supports) for knowledge, the numeric
templates for skill.

A numeric template lives on the most advanced concept it uses and is asked only
once every concept it uses is learned (:mod:`quiz.numeric.uses`): given the
``learned`` concepts, a concept gets its skill item only when one of its
templates is ready, and a review asks only ready templates.

Rotation
--------
A review asks the format the item has not been asked yet, first in the order of
its formats; when every format has been asked, the one asked longest ago. So no
format comes back while another was never seen. The seed comes from (concept,
format, the item's review count): the same state always shows the same question,
and the numbers change from one review to the next. A skill item alternates
typed and multiple-choice answers.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from functools import lru_cache

from kg.library import Library
from quiz.conceptual import conceptual_question
from quiz.numeric.question import numeric_question
from quiz.numeric.uses import ready, templates_at
from quiz.question import SEED_RANGE, Kind, Question, question_seed
from quiz.study.records import ItemKind, ReviewRecord, StoredCard, item_of

KNOWLEDGE_FORMATS = (
    Kind.FLASHCARD,
    Kind.DEFINITION_TO_TERM,
    Kind.ZH_TO_EN,
    Kind.EN_TO_ZH,
    Kind.CLOZE,
    Kind.PREREQUISITE,
)
"""The question kinds a knowledge item may ask, in the order they are first asked."""
SEED_ATTEMPTS = 8
"""Seeds tried for a conceptual question before the format is passed over."""


def formats(
    library: Library,
    concept_id: str,
    item: ItemKind,
    learned: Collection[str] | None = None,
) -> list[str]:
    """The formats a review of ``concept_id``'s ``item`` may ask, in first-asked order.

    Knowledge: the kinds of :data:`KNOWLEDGE_FORMATS` the concept supports (a cloze
    needs an example sentence containing the term; "which comes first?" needs
    prerequisites). Skill: the ids of the numeric templates that live on it
    (:func:`quiz.numeric.uses.templates_at`), given ``learned`` only those whose
    concepts are all learned.

    Examples
    --------
    >>> from kg.examples import example_library
    >>> formats(example_library(), "derivative", ItemKind.KNOWLEDGE)[:3]
    ['flashcard', 'definition-to-term', 'zh-to-en']
    """
    if item is ItemKind.SKILL:
        return [
            t.id
            for t in templates_at(library, concept_id)
            if learned is None or ready(t.id, learned)
        ]
    return list(_knowledge_formats(library, concept_id))


@lru_cache(maxsize=4096)
def _knowledge_formats(library: Library, concept_id: str) -> tuple[str, ...]:
    """The knowledge formats a concept supports: found by building each kind's question
    once (a library does not change while it is loaded, so it is remembered)."""
    return tuple(
        kind.value
        for kind in KNOWLEDGE_FORMATS
        if conceptual_question(library, concept_id, kind, question_seed(concept_id, kind, 0))
        is not None
    )


def item_kinds(
    library: Library, concept_id: str, learned: Collection[str] | None = None
) -> list[ItemKind]:
    """The items ``concept_id`` gets: knowledge, and skill when numeric templates live on
    it (given ``learned``, when one of them is ready)."""
    return [item for item in ItemKind if formats(library, concept_id, item, learned)]


def format_asked(record: ReviewRecord) -> str | None:
    """The format an answer in the log asked: its kind, or for a numeric one its template."""
    if record.kind is ItemKind.KNOWLEDGE or record.kind is ItemKind.SKILL:
        return None
    if record.kind.is_numeric:
        return None if record.question is None else record.question.split(":")[0]
    return record.kind.value


def next_format(choices: Sequence[str], asked: Sequence[str]) -> str:
    """The format to ask next: the first never asked, else the one asked longest ago.

    Examples
    --------
    >>> next_format(["a", "b", "c"], ["a", "c"])
    'b'
    >>> next_format(["a", "b", "c"], ["a", "b", "c", "a"])
    'b'
    """
    last = {name: index for index, name in enumerate(asked)}
    return min(choices, key=lambda name: (name in last, last.get(name, -1), choices.index(name)))


def question_for(
    library: Library,
    stored: StoredCard,
    asked: Sequence[str] = (),
    variant: int = 0,
    learned: Collection[str] | None = None,
) -> Question | None:
    """The question a review of ``stored`` asks now, given the formats ``asked`` before
    (oldest first, from the item's answers in the log). A ``variant`` above 0 (the item
    was skipped) gives the same format with other numbers. Given ``learned``, a skill
    item asks only templates whose concepts are all learned.

    Returns None when the item has no format left (its concept lost its content or
    left the library, or no template of it is ready).

    Examples
    --------
    >>> from datetime import UTC, datetime
    >>> from kg.examples import example_library
    >>> from quiz.study.rating import new_card
    >>> now = datetime(2025, 1, 1, tzinfo=UTC)
    >>> card = StoredCard("softmax", ItemKind.KNOWLEDGE, new_card(1, now), now)
    >>> question_for(example_library(), card).kind.value
    'flashcard'
    >>> question_for(example_library(), card, ["flashcard"]).kind.value
    'definition-to-term'
    """
    if stored.concept not in library.concepts:
        return None
    choices = formats(library, stored.concept, stored.kind, learned)
    while choices:
        name = next_format(choices, asked)
        question = _question(library, stored, name, variant)
        if question is not None:
            return question
        choices.remove(name)
    return None


def _question(library: Library, stored: StoredCard, name: str, variant: int) -> Question | None:
    seed = question_seed(stored.concept, f"{name}#{variant}" if variant else name, stored.reps)
    if stored.kind is ItemKind.SKILL:
        template = next(t for t in templates_at(library, stored.concept) if t.id == name)
        return numeric_question(stored.concept, template, seed, choice=stored.reps % 2 == 1)
    for attempt in range(SEED_ATTEMPTS):
        question = conceptual_question(
            library, stored.concept, Kind(name), (seed + attempt) % SEED_RANGE
        )
        if question is not None:
            return question
    return None


def asked_formats(records: Sequence[ReviewRecord], item: ItemKind) -> list[str]:
    """The formats the answers among ``records`` asked of ``item``, oldest first."""
    asked = []
    for record in records:
        if item_of(record.kind) is item and (name := format_asked(record)) is not None:
            asked.append(name)
    return asked
