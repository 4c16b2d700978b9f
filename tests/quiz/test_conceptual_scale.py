"""A conceptual question on a large library costs a neighbourhood, not the library
(issues 14 and 21): it builds a bounded number of concepts, counted, not timed."""

from __future__ import annotations

import random
from typing import ClassVar

import pytest

from kg.concept import Concept, Text
from kg.graph import ancestors
from kg.library import ConceptSource, ConceptTable, Library
from quiz.conceptual import CONCEPTUAL_KINDS, conceptual_question
from quiz.neighbourhood import NEIGHBOURHOOD, descendants
from quiz.question import Kind

SIZE = 5000
DOMAINS = 10
BOUND = 4 * NEIGHBOURHOOD
"""Concepts one question may build: its neighbourhood, the concept, its keyed
prerequisite, and a margin; far below :data:`SIZE`."""


class CountingTable(ConceptTable):
    """A concept table that records the concepts asked for."""

    touched: ClassVar[set[str]] = set()

    def __getitem__(self, concept_id: str) -> Concept:
        CountingTable.touched.add(concept_id)
        return super().__getitem__(concept_id)


def _name(number: int) -> Text:
    return Text(f"Concept {number}", f"概念{number}号")


def synthetic_library() -> Library:
    """``SIZE`` concepts in ``DOMAINS`` domains, each needing up to three earlier ones
    (the first of them named in its definition, so a prerequisite question can key it),
    a few related links; concept 0 is a root most of the library builds on."""
    rng = random.Random(7)
    concepts: dict[str, ConceptSource] = {}
    for number in range(SIZE):
        needs = sorted({rng.randrange(number) for _ in range(rng.randint(1, 3))}) if number else []
        if number and rng.random() < 0.3:
            needs = sorted({0, *needs})
        related = [rng.randrange(SIZE)] if rng.random() < 0.2 else []
        named = _name(needs[-1]) if needs else Text("nothing", "无")
        concepts[f"c{number}"] = Concept(
            f"c{number}",
            _name(number),
            Text(
                f"Idea number {number}, which builds on {named.en}.",
                f"第{number}个想法，建立在{named.zh}之上。",
            ),
            f"domain-{number % DOMAINS}",
            prerequisites=tuple(f"c{n}" for n in needs),
            related=tuple(f"c{n}" for n in related if n != number),
        )
    return Library(".", CountingTable(concepts))


LIBRARY = synthetic_library()


@pytest.mark.parametrize("concept_id", ["c0", "c7", f"c{SIZE // 2}", f"c{SIZE - 1}"])
@pytest.mark.parametrize("kind", CONCEPTUAL_KINDS, ids=[k.value for k in CONCEPTUAL_KINDS])
def test_a_question_builds_a_neighbourhood_not_the_library(concept_id, kind):
    for seed in range(3):
        CountingTable.touched = set()
        conceptual_question(LIBRARY, concept_id, kind, seed)
        assert len(CountingTable.touched) <= BOUND


@pytest.mark.parametrize("concept_id", ["c7", f"c{SIZE // 2}", f"c{SIZE - 1}"])
def test_bounded_questions_keep_the_fairness_rules(concept_id):
    concept = LIBRARY[concept_id]
    kin = ancestors(LIBRARY.prerequisites, [concept_id]) | descendants(LIBRARY, concept_id)
    by_term = {c.term.en: c.id for c in (LIBRARY[o] for o in LIBRARY.outlines)}
    for seed in range(5):
        question = conceptual_question(LIBRARY, concept_id, Kind.DEFINITION_TO_TERM, seed)
        assert question is not None
        wrong = [by_term[c.text.en] for c in question.choices if not c.correct]
        assert len(wrong) == 3
        assert not kin & set(wrong)
        assert concept_id not in wrong
    prerequisite = conceptual_question(LIBRARY, concept_id, Kind.PREREQUISITE, 0)
    assert prerequisite is not None
    wrong = [by_term[c.text.en] for c in prerequisite.choices if not c.correct]
    assert not set(wrong) & ancestors(LIBRARY.prerequisites, [concept.id])
