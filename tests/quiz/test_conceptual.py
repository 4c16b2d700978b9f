"""Conceptual questions for every concept: right answers grade right, distractors are
hard negatives from the graph, never the answer, never two alike."""

from __future__ import annotations

import networkx as nx
import pytest

from kg.graph import ancestors
from kg.library import load_library
from kg.names import normalize_name
from quiz.conceptual import CONCEPTUAL_KINDS, conceptual_question, spells_out
from quiz.grading import fold_term
from quiz.masking import BLANK, masked_definition, plain_definition
from quiz.neighbourhood import descendants, names_in
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
            question = conceptual_question(LIBRARY, concept.id, kind, 0)
            if kind in (Kind.ZH_TO_EN, Kind.EN_TO_ZH) and same_word(concept):
                assert question is None, concept.id  # "Logits" · "logits": nothing to translate
            elif kind in DEFINITION_KINDS and spells_out(concept, shown_definition(concept, kind)):
                assert question is None, concept.id  # "In regression … in classification …"
            else:
                assert question is not None, (concept.id, kind)


DEFINITION_KINDS = (Kind.DEFINITION_TO_TERM, Kind.DEFINITION_TO_TERM_TYPED, Kind.TERM_TO_DEFINITION)


def shown_definition(concept, kind):
    if kind is Kind.TERM_TO_DEFINITION:
        return plain_definition(concept)
    return masked_definition(concept)


def test_few_definitions_spell_out_their_term():
    """A definition whose words spell the term out is not asked; a concept file should say
    it another way, so such concepts stay few."""
    spelled = [c.id for c in LIBRARY if spells_out(c, masked_definition(c))]
    assert len(spelled) <= len(LIBRARY) // 8, spelled


def same_word(concept):
    return fold_term(concept.term.en) == fold_term(concept.term.zh)


def test_prerequisite_question_answer_is_a_prerequisite_and_distractors_are_not():
    for concept in LIBRARY:
        if not concept.prerequisites:
            assert conceptual_question(LIBRARY, concept.id, Kind.PREREQUISITE, 0) is None
            continue
        ancestors = nx.ancestors(LIBRARY.graph, concept.id)
        by_term = {c.term.en: c.id for c in LIBRARY}
        for seed in SEEDS:
            question = conceptual_question(LIBRARY, concept.id, Kind.PREREQUISITE, seed)
            if question is None:  # no prerequisite its definition names (test_item_fairness)
                continue
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
        if question is None:  # its definition spells the term out
            continue
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
    question = conceptual_question(LIBRARY, "dropout", Kind.CLOZE, 0)
    assert "With ____ at p = 0.5" in question.prompt.en
    assert grade(question, "dropout").correct


def test_golden_conceptual_question():
    question = conceptual_question(LIBRARY, "adam", Kind.DEFINITION_TO_TERM, 20261123)
    assert question.id == "definition-to-term:adam:20261123"
    assert (
        question.to_dict()
        == conceptual_question(LIBRARY, "adam", Kind.DEFINITION_TO_TERM, 20261123).to_dict()
    )
    assert [c.text.en for c in question.choices] == GOLDEN_ADAM_CHOICES
    assert question.answer == GOLDEN_ADAM_ANSWER


GOLDEN_ADAM_CHOICES = [
    "Learning rate schedule",
    "Local minima and saddle points",
    "Learning rate warmup",
    "Adam",
]
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


def term_ids():
    return {normalize_name(c.term.en): c.id for c in LIBRARY}


def definition_ids():
    """Each concept's option text in a term-to-definition question, to its id."""
    return {plain_definition(c).en: c.id for c in LIBRARY}


@pytest.mark.parametrize(
    "kind", [Kind.DEFINITION_TO_TERM, Kind.TERM_TO_DEFINITION], ids=["def-to-term", "term-to-def"]
)
def test_definition_and_term_options_never_also_fit(kind):
    """No wrong option is the answer's ancestor or descendant, shares a name with it, or
    has a definition that names it (or is named in its definition)."""
    by_text = term_ids() if kind is Kind.DEFINITION_TO_TERM else definition_ids()
    for concept in LIBRARY:
        before = ancestors(LIBRARY.prerequisites, [concept.id])
        after = descendants(LIBRARY, concept.id)
        own = list(concept.names()[1:])
        for seed in SEEDS:
            question = conceptual_question(LIBRARY, concept.id, kind, seed)
            if question is None:  # its definition spells the term out
                continue
            for choice in question.choices:
                assert BLANK not in choice.text.en and BLANK not in choice.text.zh
                key = (
                    normalize_name(choice.text.en)
                    if kind is Kind.DEFINITION_TO_TERM
                    else (choice.text.en)
                )
                other = LIBRARY[by_text[key]]
                if choice.correct:
                    assert other.id == concept.id
                    continue
                assert other.id not in before | after, (concept.id, other.id)
                assert not {fold_term(n) for n in concept.names()} & {
                    fold_term(n) for n in other.names()
                }, (concept.id, other.id)
                assert not names_in(other.definition.en + other.definition.zh, own), (
                    concept.id,
                    other.id,
                )
                assert not names_in(
                    concept.definition.en + concept.definition.zh, list(other.names()[1:])
                ), (concept.id, other.id)


def test_prerequisite_questions_offer_exactly_one_thing_to_learn_first():
    by_term = term_ids()
    for concept in LIBRARY:
        if not concept.prerequisites:
            continue
        before = ancestors(LIBRARY.prerequisites, [concept.id])
        for seed in SEEDS:
            question = conceptual_question(LIBRARY, concept.id, Kind.PREREQUISITE, seed)
            if question is None:
                continue
            chosen = [by_term[normalize_name(c.text.en)] for c in question.choices]
            assert sum(other in before for other in chosen) == 1, (concept.id, chosen)
            for choice, other in zip(question.choices, chosen, strict=True):
                assert choice.correct == (other in before)
                assert BLANK not in choice.text.en


def test_typed_prompts_never_show_their_own_answer():
    for concept in LIBRARY:
        for kind in (Kind.ZH_TO_EN, Kind.EN_TO_ZH, Kind.CLOZE, Kind.DEFINITION_TO_TERM_TYPED):
            for seed in SEEDS[:2]:
                question = conceptual_question(LIBRARY, concept.id, kind, seed)
                if question is None:
                    continue
                answers = [question.answer, *question.accepted]
                for prompt in (question.prompt.en, question.prompt.zh):
                    shown = [a for a in answers if names_in(prompt, [a])]
                    assert not shown, (concept.id, kind.value, shown, prompt)


@pytest.mark.parametrize(
    ("concept_id", "latin"),
    [
        ("adam", "Adam"),
        ("bert", "BERT"),
        ("gpt", "GPT"),
        ("transformer", "Transformer"),
        ("word2vec", "Word2Vec"),
        ("softmax", "softmax"),
        ("rmsprop", "RMSProp"),
        ("fasttext", "FastText"),
        ("wordpiece", "WordPiece"),
        ("glove", "GloVe"),
    ],
)
def test_chinese_answers_accept_the_latin_name_chinese_texts_use(concept_id, latin):
    question = conceptual_question(LIBRARY, concept_id, Kind.EN_TO_ZH, 0)
    for typed in (latin, f"{latin}。", f"“{latin}”", question.answer):
        assert grade(question, typed).correct, (concept_id, typed)
    assert not grade(question, "zzz").correct


def test_a_transformer_part_is_not_the_transformer():
    question = conceptual_question(LIBRARY, "transformer-decoder", Kind.EN_TO_ZH, 0)
    assert not grade(question, "Transformer").correct
    assert grade(question, "Transformer 解码器").correct


def test_cloze_sentences_blank_every_name_and_keep_no_stem():
    for concept in LIBRARY:
        question = conceptual_question(LIBRARY, concept.id, Kind.CLOZE, 0)
        if question is None:
            continue
        for prompt in (question.prompt.en, question.prompt.zh):
            assert not names_in(prompt, list(concept.names()[1:])), (concept.id, prompt)
        assert "tokeniz" not in question.prompt.en.lower(), concept.id
    assert (
        "余弦相似度"
        not in conceptual_question(LIBRARY, "cosine-similarity", Kind.CLOZE, 0).prompt.zh
    )
    # Backpropagation's example is a slogan ("…enables efficient gradient computation…"),
    # which automatic differentiation fits too: no cloze item (test_item_fairness).
    assert conceptual_question(LIBRARY, "backpropagation", Kind.CLOZE, 0) is None
