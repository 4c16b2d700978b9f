"""Conceptual questions for every concept: right answers grade right, distractors are
hard negatives from the graph, never the answer, never two alike."""

from __future__ import annotations

import networkx as nx
import pytest

from kg.library import load_library
from kg.names import normalize_name
from quiz.conceptual import CONCEPTUAL_KINDS, conceptual_question
from quiz.question import LETTERS, Kind, Mode, grade
from tests.conftest import BUNDLED_CONTENT

LIBRARY = load_library(BUNDLED_CONTENT)
SEEDS = range(5)


def graph_distance(a, b):
    undirected = LIBRARY.graph.to_undirected(as_view=True)
    try:
        return nx.shortest_path_length(undirected, a, b)
    except nx.NetworkXNoPath:
        return 99


@pytest.mark.parametrize("kind", CONCEPTUAL_KINDS, ids=[k.value for k in CONCEPTUAL_KINDS])
def test_every_concept_every_kind(kind):
    asked = 0
    for concept in LIBRARY:
        for seed in SEEDS:
            question = conceptual_question(LIBRARY, concept.id, kind, seed)
            if question is None:
                continue
            asked += 1
            assert question.kind is kind and question.concept == concept.id
            assert question.prompt.en and question.prompt.zh
            assert question.solution.en and question.solution.zh
            if question.mode is Mode.CHOICE:
                texts = [normalize_name(c.text.en) for c in question.choices]
                assert len(set(texts)) == len(texts) == 4, "never two alike"
                assert sum(c.correct for c in question.choices) == 1
                assert grade(question, question.answer).correct
                for letter, choice in zip(LETTERS, question.choices, strict=False):
                    assert grade(question, letter).correct == choice.correct
            else:
                for name in question.accepted:
                    assert grade(question, name).correct
                assert not grade(question, "zzz definitely wrong").correct
    assert asked > 0


def test_every_concept_supports_the_core_kinds():
    for concept in LIBRARY:
        for kind in (
            Kind.DEFINITION_TO_TERM,
            Kind.TERM_TO_DEFINITION,
            Kind.ZH_TO_EN,
            Kind.EN_TO_ZH,
            Kind.DEFINITION_TO_TERM_TYPED,
        ):
            assert conceptual_question(LIBRARY, concept.id, kind, 0) is not None, (concept.id, kind)


def test_prerequisite_question_answer_is_a_prerequisite_and_distractors_are_not():
    for concept in LIBRARY:
        if not concept.prerequisites:
            assert conceptual_question(LIBRARY, concept.id, Kind.PREREQUISITE, 0) is None
            continue
        ancestors = nx.ancestors(LIBRARY.graph, concept.id)
        by_term = {c.term.en: c.id for c in LIBRARY}
        for seed in SEEDS:
            question = conceptual_question(LIBRARY, concept.id, Kind.PREREQUISITE, seed)
            for choice in question.choices:
                chosen = by_term[choice.text.en]
                if choice.correct:
                    assert chosen in concept.prerequisites
                else:
                    assert chosen not in ancestors and chosen != concept.id


def test_distractors_are_near_in_the_graph():
    """Hard negatives: on average much nearer than random concepts would be."""
    by_term = {c.term.en: c for c in LIBRARY}
    distances, same_domain, total = [], 0, 0
    for concept in LIBRARY:
        question = conceptual_question(LIBRARY, concept.id, Kind.DEFINITION_TO_TERM, 1)
        for choice in question.choices:
            if choice.correct:
                continue
            other = by_term[choice.text.en]
            distances.append(graph_distance(concept.id, other.id))
            same_domain += other.domain == concept.domain
            total += 1
    assert sum(distances) / len(distances) <= 3
    assert same_domain / total >= 0.6


def test_definition_prompt_does_not_give_the_term_away():
    question = conceptual_question(LIBRARY, "gradient-descent", Kind.DEFINITION_TO_TERM, 0)
    assert "gradient descent" not in question.prompt.en.lower()
    assert "梯度下降" not in question.prompt.zh


def test_translation_accepts_only_the_other_language():
    question = conceptual_question(LIBRARY, "backpropagation", Kind.EN_TO_ZH, 0)
    assert grade(question, "反向传播").correct
    assert not grade(question, "backprop").correct
    question = conceptual_question(LIBRARY, "backpropagation", Kind.ZH_TO_EN, 0)
    assert grade(question, "Backpropagation").correct and grade(question, "BACKPROP").correct


def test_cloze_blanks_the_term_in_the_example():
    question = conceptual_question(LIBRARY, "self-attention", Kind.CLOZE, 0)
    assert "____ lets the model directly relate" in question.prompt.en
    assert grade(question, "self-attention").correct


def test_golden_conceptual_question():
    question = conceptual_question(LIBRARY, "adam", Kind.DEFINITION_TO_TERM, 20261123)
    assert question.id == "definition-to-term:adam:20261123"
    assert (
        question.to_dict()
        == conceptual_question(LIBRARY, "adam", Kind.DEFINITION_TO_TERM, 20261123).to_dict()
    )
    assert [c.text.en for c in question.choices] == GOLDEN_ADAM_CHOICES
    assert question.answer == GOLDEN_ADAM_ANSWER


GOLDEN_ADAM_CHOICES = ["AdamW", "Optimizer", "Learning rate warmup", "Adam"]
GOLDEN_ADAM_ANSWER = "d"


def test_the_cheap_prefilter_never_hides_a_name_the_regex_would_mask():
    import re

    from quiz.masking import may_contain

    for code in range(0x110000):
        char = chr(code)
        if 0xD800 <= code < 0xE000:
            continue
        for other in {char.upper(), char.lower(), char.swapcase(), char.title(), "I", "i"}:
            if len(other) == 1 and re.fullmatch(re.escape(char), other, re.IGNORECASE):
                assert may_contain(f"x{other}y", char), (hex(code), other)
