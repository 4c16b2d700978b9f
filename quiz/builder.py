"""Choosing and generating the questions of a quiz.

A *slot* is one way to ask about a concept: a conceptual kind, or a numeric
template typed or as multiple choice. A quiz shuffles its concepts and the
slots of each with the seed, then takes one question from each concept in
turn, so that no concept comes twice before every concept came once; numeric
slots may be asked again with fresh numbers when the slots run out. The same
library, concepts, kinds, ``n`` and seed always give the same questions.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum

import numpy as np

from kg.library import Library
from quiz.conceptual import CONCEPTUAL_KINDS, conceptual_question
from quiz.numeric import Template
from quiz.numeric.question import numeric_question
from quiz.numeric.uses import templates_at, templates_using
from quiz.question import SEED_RANGE, Kind, Question


class KindFilter(StrEnum):
    """Which questions a quiz asks: ``--kind numeric|concept|all``."""

    NUMERIC = "numeric"
    CONCEPT = "concept"
    ALL = "all"


@dataclass(frozen=True)
class Slot:
    """One way to ask about a concept."""

    concept: str
    kind: Kind
    template: Template | None = None

    def question(self, library: Library, seed: int) -> Question | None:
        """The question of this slot for ``seed`` (None if the concept cannot support it)."""
        if self.template is not None:
            choice = self.kind is Kind.NUMERIC_CHOICE
            return numeric_question(self.concept, self.template, seed, choice=choice)
        return conceptual_question(library, self.concept, self.kind, seed)


def slots_for(
    library: Library, concept_id: str, kinds: KindFilter = KindFilter.ALL, *, alone: bool = False
) -> list[Slot]:
    """Every slot of a concept, conceptual kinds first, then each numeric template that
    lives on it (the most advanced concept it uses: :mod:`quiz.numeric.uses`); with
    ``alone`` (the concept asked for by itself) and none living on it, the templates
    that use it."""
    slots: list[Slot] = []
    if kinds is not KindFilter.NUMERIC:
        slots.extend(Slot(concept_id, kind) for kind in CONCEPTUAL_KINDS)
    if kinds is not KindFilter.CONCEPT:
        found = (templates_using if alone else templates_at)(library, concept_id)
        for template in found:
            slots.append(Slot(concept_id, Kind.NUMERIC, template))
            slots.append(Slot(concept_id, Kind.NUMERIC_CHOICE, template))
    return slots


def build_quiz(
    library: Library,
    concept_ids: Iterable[str],
    *,
    kinds: KindFilter = KindFilter.ALL,
    n: int = 10,
    seed: int = 0,
) -> list[Question]:
    """``n`` questions about ``concept_ids`` (fewer if the concepts cannot fill them).

    Examples
    --------
    >>> from kg.examples import example_library
    >>> library = example_library()
    >>> quiz = build_quiz(library, ["cross-entropy"], kinds=KindFilter.NUMERIC, n=3, seed=1)
    >>> [q.concept for q in quiz], all(q.kind.is_numeric for q in quiz)
    (['cross-entropy', 'cross-entropy', 'cross-entropy'], True)
    >>> quiz = build_quiz(library, ["gradient", "softmax", "derivative"], n=3, seed=4)
    >>> sorted(q.concept for q in quiz)  # distinct concepts while they last
    ['derivative', 'gradient', 'softmax']
    """
    rng = np.random.default_rng(seed)
    concepts = list(dict.fromkeys(concept_ids))
    concepts = [concepts[i] for i in rng.permutation(len(concepts))]
    queues = []
    for concept_id in concepts:
        slots = slots_for(library, concept_id, kinds, alone=len(concepts) == 1)
        queues.append([slots[i] for i in rng.permutation(len(slots))])
    questions: list[Question] = []
    seen: set[str] = set()
    repeatable: list[Slot] = []
    while len(questions) < n and any(queues):
        for queue in queues:  # one question from each concept in turn
            if len(questions) == n:
                break
            while queue:
                slot = queue.pop(0)
                question = slot.question(library, int(rng.integers(SEED_RANGE)))
                if question is None or question.id in seen:
                    continue
                seen.add(question.id)
                questions.append(question)
                if slot.template is not None:
                    repeatable.append(slot)
                break
    order = repeatable
    while order and len(questions) < n:
        repeatable = []
        for slot in order:
            if len(questions) == n:
                break
            question = slot.question(library, int(rng.integers(SEED_RANGE)))
            if question is None or question.id in seen:
                continue
            seen.add(question.id)
            questions.append(question)
            if slot.template is not None:
                repeatable.append(slot)
        order = repeatable
    return questions
