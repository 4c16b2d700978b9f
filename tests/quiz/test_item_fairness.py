"""Items with one defensible answer, checked over the whole bundled library (issue 18,
second blind review): definition options that read as whole definitions, cloze items
only from sentences that identify their concept, prompts that never show their answer,
attention weights that are distributions, prerequisite questions a teacher agrees with."""

from __future__ import annotations

import re

import numpy as np
import pytest

from kg.graph import ancestors
from kg.library import load_library
from kg.names import normalize_name
from quiz.cloze import computes, kind_of_kin, name_words
from quiz.conceptual import (
    _fair_distractors,
    conceptual_question,
    key_words_shown,
    spells_out,
)
from quiz.grading import fold_term, grade_term, typo_of
from quiz.masking import (
    BLANK,
    function_symbols,
    mask_words,
    masked_definition,
    plain_definition,
    sentences,
    shows_name,
)
from quiz.neighbourhood import descendants, graph_distances, names_in
from quiz.numeric import load_templates
from quiz.numeric.question import numeric_question
from quiz.prerequisite_question import FAMILY_STEPS, evident_prerequisites
from quiz.question import Kind, grade
from tests.conftest import BUNDLED_CONTENT

LIBRARY = load_library(BUNDLED_CONTENT)
SEEDS = range(8)
PRONOUN_START = re.compile(r"^(?:It|Its|This|These|They|Their|That|它|其|这|该|此)(?![A-Za-z])")
PAIRS = (("(", ")"), ("[", "]"), ("（", "）"), ("“", "”"), ("「", "」"))


def _option_problems(text: str, definition: str, names: list[str], *, english: bool) -> list[str]:
    problems = []
    if BLANK in text:
        problems.append("shows a blank")
    if PRONOUN_START.match(text):
        problems.append("opens with a pronoun whose noun was removed")
    if english and not text[:1].isupper():
        problems.append("does not open with a capital")
    if not english and text[:1] in "，。；：、）」”":
        problems.append("opens with punctuation")
    if text[-1] not in ".!?。！？":
        problems.append("does not end a sentence")
    if re.search(r"[,;:，；：]\s*[.。]$", text):
        problems.append("ends on a dangling clause mark")
    for opening, closing in PAIRS:
        if text.count(opening) != text.count(closing):
            problems.append(f"unbalanced {opening}{closing}")
    # The definition proper, its first sentence, must survive (at most shortened): an
    # option made only of later remarks ("Its shape lists the length along each axis")
    # is not a definition.
    first_option = sentences(text, english=english)[0].rstrip(".。")
    first_source = function_symbols(mask_words(sentences(definition, english=english)[0], names))
    if first_option[1:] not in first_source:
        problems.append("its first sentence is not the definition's first sentence")
    return problems


@pytest.mark.parametrize("concept", list(LIBRARY), ids=lambda c: c.id)
def test_every_definition_option_reads_as_a_whole_definition(concept):
    """The options of a term-to-definition question (each concept's plain definition), in
    both languages: no blank, no orphaned "It…", no fragment, the defining sentence kept."""
    option = plain_definition(concept)
    assert option is not None, f"{concept.id}: reword the first sentence of its definition"
    names = list(concept.names()[1:])
    for text, definition, english in (
        (option.en, concept.definition.en, True),
        (option.zh, concept.definition.zh, False),
    ):
        assert not _option_problems(text, definition, names, english=english), (
            concept.id,
            _option_problems(text, definition, names, english=english),
            text,
        )


@pytest.mark.parametrize(
    ("concept_id", "english", "chinese"),
    [
        ("receptive-field", "The region of the input", "前向传播中可能影响"),
        ("tanh", "The activation function f(z) = (e^z", "激活函数 f(z) ="),
        ("tensor", "A (possibly multidimensional) array of numbers", "由数值组成的"),
        ("bleu", "The standard automatic metric for machine translation", "机器翻译的标准"),
        ("cross-entropy", "The standard loss for classification", "分类问题的标准损失"),
        ("kl-divergence", "A measure of how much", "衡量概率分布 Q"),
    ],
)
def test_the_reviewed_fragments_are_whole_definitions(concept_id, english, chinese):
    option = plain_definition(LIBRARY[concept_id])
    assert option.en.startswith(english) and option.zh.startswith(chinese), option


def test_cloze_items_are_worked_examples_that_identify_their_concept():
    """A slogan states what a family shares (RNNs, LSTMs and GRUs all process sequences;
    CNNs, ResNet and VGG all classify images), so a cloze item only comes from a sentence
    that computes with its concept."""
    asked = 0
    for concept in LIBRARY:
        question = conceptual_question(LIBRARY, concept.id, Kind.CLOZE, 0)
        if question is None:
            continue
        asked += 1
        assert computes(question.prompt.en), (concept.id, question.prompt.en)
        # No graph neighbour is a kind of it or it a kind of them ("binary
        # cross-entropy" / "cross-entropy"): the neighbour would fill the blank too.
        assert not kind_of_kin(LIBRARY, concept), (concept.id, kind_of_kin(LIBRARY, concept))
    assert asked >= 0.4 * len(LIBRARY)
    for slogan in (
        "long-short-term-memory",
        "convolutional-neural-network",
        "recurrent-neural-network",
        "residual-connection",
        "backpropagation",
        "transformer-encoder",
        "binary-cross-entropy",
        "language-model",
        "additive-attention",
        "momentum",
    ):
        assert conceptual_question(LIBRARY, slogan, Kind.CLOZE, 0) is None, slogan


def test_no_typed_prompt_shows_its_answer_in_any_form():
    """Not in either language, not inside a formula (D_KL) or a model name (GPT-2)."""
    for concept in LIBRARY:
        for kind in (Kind.ZH_TO_EN, Kind.EN_TO_ZH, Kind.CLOZE, Kind.DEFINITION_TO_TERM_TYPED):
            for seed in SEEDS[:2]:
                question = conceptual_question(LIBRARY, concept.id, kind, seed)
                if question is None:
                    continue
                answers = [question.answer, *question.accepted]
                if kind is Kind.CLOZE:
                    answers += list(concept.names()[1:])
                for prompt in (question.prompt.en, question.prompt.zh):
                    shown = [a for a in answers if shows_name(prompt, [a])]
                    assert not shown, (concept.id, kind.value, shown, prompt)
    assert conceptual_question(LIBRARY, "gpt", Kind.CLOZE, 0) is None  # "GPT-2 has…"


def test_every_offered_attention_weight_vector_is_a_distribution():
    templates = load_templates()
    checked = 0
    for template_id, template in templates.items():
        if template_id != "attention-weights":
            continue
        for seed in range(200):
            question = numeric_question("attention", template, seed, choice=True)
            for choice in question.choices:
                weights = np.asarray(choice.value, dtype=float)
                assert np.all(weights >= 0) and np.all(weights <= 1), (seed, choice)
                assert abs(weights.sum() - 1) < 0.01, (seed, choice.text.en, weights.sum())
                checked += 1
    assert checked >= 600


def test_every_distribution_template_offers_only_distributions():
    """Any template whose key is a probability vector (entries in [0, 1] summing to 1)
    offers only probability vectors."""
    failures = []
    for template_id, template in load_templates().items():
        for seed in range(40):
            problem = template.generate(seed)
            answer = np.atleast_1d(np.asarray(problem.answer, dtype=float))
            if answer.size < 2 or abs(answer.sum() - 1) > 1e-6 or np.any(answer < 0):
                break
            for distractor in problem.distractors:
                value = np.asarray(distractor.value, dtype=float)
                if np.any(value < -1e-9) or abs(value.sum() - 1) > 0.01:
                    failures.append((template_id, seed, distractor.mistake.name))
    assert not failures, failures


def _term_ids():
    return {normalize_name(c.term.en): c.id for c in LIBRARY}


def test_prerequisite_questions_key_an_evident_prerequisite_and_offer_nothing_arguable():
    """The key is a direct prerequisite that X's definition names; a wrong option is not
    an ancestor, not a descendant, not related, not named either way, and not family
    (more than FAMILY_STEPS steps away)."""
    by_term = _term_ids()
    asked = 0
    for concept in LIBRARY:
        evident = evident_prerequisites(LIBRARY, concept)
        before = ancestors(LIBRARY.prerequisites, [concept.id])
        after = descendants(LIBRARY, concept.id)
        distance = graph_distances(LIBRARY, concept.id)
        definition = concept.definition.en + "\n" + concept.definition.zh
        for seed in SEEDS:
            question = conceptual_question(LIBRARY, concept.id, Kind.PREREQUISITE, seed)
            if not evident:
                assert question is None, concept.id
                continue
            asked += 1
            for choice in question.choices:
                other = LIBRARY[by_term[normalize_name(choice.text.en)]]
                if choice.correct:
                    assert other.id in evident, (concept.id, other.id)
                    continue
                assert other.id not in before | after, (concept.id, other.id)
                assert other.id not in concept.related and concept.id not in other.related
                assert distance.get(other.id, 99) > FAMILY_STEPS, (concept.id, other.id)
                assert not names_in(definition, list(other.names()[1:])), (concept.id, other.id)
                assert not names_in(
                    other.definition.en + other.definition.zh, list(concept.names()[1:])
                ), (concept.id, other.id)
    assert asked >= 80 * len(SEEDS) // 2


@pytest.mark.parametrize(
    ("concept_id", "never"),
    [
        ("maximum-likelihood-estimation", None),  # MSE is no evident prerequisite of MLE
        ("accuracy", None),  # nor softmax of accuracy
        ("logits", None),
        ("transformer-encoder", "transformer"),
        ("glove", "skip-gram"),
        ("glove", "continuous bag of words"),
        ("learning-rate", "batch size"),
    ],
)
def test_the_reviewed_prerequisite_items(concept_id, never):
    for seed in SEEDS:
        question = conceptual_question(LIBRARY, concept_id, Kind.PREREQUISITE, seed)
        if never is None:
            assert question is None
            continue
        assert never not in {normalize_name(c.text.en) for c in question.choices}


# Third blind review (r1): leaks by the term's parts, masking slips, right answers refused.


@pytest.mark.parametrize("concept", list(LIBRARY), ids=lambda c: c.id)
def test_masked_definition_blanks_whole_words_and_shows_one_blank_per_name(concept):
    """No blank inside a word ("Doso____skiy" for ViT), and no name glossed by another
    blanked name (「____（____）」 in Chinese where English shows one blank)."""
    masked = masked_definition(concept)
    for text in (masked.en, masked.zh):
        assert not re.search(rf"[A-Za-z]{BLANK}(?!_)|(?<!_){BLANK}(?!s\b)[A-Za-z]", text), (
            concept.id,
            text,
        )
        assert not re.search(rf"{BLANK}\s*[（(]\s*{BLANK}", text), (concept.id, text)


@pytest.mark.parametrize(
    "kind",
    [Kind.DEFINITION_TO_TERM, Kind.DEFINITION_TO_TERM_TYPED, Kind.TERM_TO_DEFINITION],
    ids=lambda k: k.value,
)
def test_no_definition_item_spells_out_its_term(kind):
    """The prompt (or, term to definition, the key option) never holds the halves of a
    compound term, every word of a term of several words, or an acronym's expansion."""
    for concept in LIBRARY:
        question = conceptual_question(LIBRARY, concept.id, kind, 0)
        if question is None:
            continue
        if kind is Kind.TERM_TO_DEFINITION:
            shown = next(c.text for c in question.choices if c.correct)
        else:
            shown = question.prompt
        assert not spells_out(concept, shown), (concept.id, shown.en)


@pytest.mark.parametrize(
    ("concept_id", "word"),
    [
        ("vgg", "Visual Geometry Group"),
        ("precision-and-recall", "precision"),
        ("classification-and-regression", "regression"),
        ("transformer-encoder", "encoder"),
        ("transformer-decoder", "decoder"),
        ("hyperparameter-search", "hyperparameter"),
    ],
)
def test_the_reviewed_leaks_are_gone(concept_id, word):
    prompt = masked_definition(LIBRARY[concept_id])
    assert word.lower() not in prompt.en.lower(), prompt.en


def test_neural_network_definition_is_general_not_the_mlp():
    """ "Layers computing h = φ(Wx + b), each feeding the next" is exactly a multilayer
    perceptron, so a typed definition-to-term item had two right answers."""
    definition = LIBRARY["neural-network"].definition
    assert "h = φ(Wx + b)" not in definition.en
    assert "multilayer perceptron" in definition.en and "多层感知机" in definition.zh


@pytest.mark.parametrize(
    ("concept_id", "typed"),
    [
        ("cross-attention", "encoder–decoder attention"),
        ("cross-attention", "encoder—decoder attention"),
        ("decoding-and-sampling", "decoding strategy"),
        ("decoding-and-sampling", "解码方法"),
        ("sequence-to-sequence", "seq2seq model"),
        ("sequence-to-sequence", "sequence-to-sequence"),
        ("sequence-to-sequence", "RNN encoder-decoder"),
        ("ensembling", "ensemble learning"),
        ("ensembling", "ensemble"),
        ("ensembling", "集成学习"),
        ("bert", "来自Transformers的双向编码器表示"),
        ("exponential-moving-average", "指数滑动平均"),
        ("adagrad", "自适应梯度"),
        ("adagrad", "自适应梯度法"),
        ("accuracy", "正确率"),
        ("chain-rule", "链式求导法则"),
        ("local-minima-and-saddle-points", "局部极小值和鞍点"),
        ("tanh", "hyperbolic tangent function"),
        ("gradient-descent", "梯度下降算法"),
    ],
)
def test_answers_the_review_found_refused_are_accepted(concept_id, typed):
    assert grade_term(typed, LIBRARY[concept_id].names()[1:]).correct, typed


@pytest.mark.parametrize(
    ("concept_id", "name"), [("gradient", "梯度求导"), ("logits", "未规范化的预测")]
)
def test_words_that_are_not_names_are_not_aliases(concept_id, name):
    assert name not in LIBRARY[concept_id].names()


def test_a_zh_term_of_two_names_is_shown_as_one():
    """「分词 / Token 化」 is two names; the zh-to-en prompt shows one, without the Latin one."""
    question = conceptual_question(LIBRARY, "tokenization", Kind.ZH_TO_EN, 0)
    assert "/" not in question.prompt.en and "Token" not in question.prompt.en


def test_no_cloze_for_a_concept_whose_dependent_is_one_of_its_kinds():
    """Word2Vec's worked example (p(cat | sat) from the centre word) is skip-gram's too."""
    assert set(kind_of_kin(LIBRARY, LIBRARY["word2vec"])) >= {"skip-gram", "cbow"}
    assert conceptual_question(LIBRARY, "word2vec", Kind.CLOZE, 0) is None


TYPED_KINDS = (Kind.ZH_TO_EN, Kind.EN_TO_ZH, Kind.CLOZE, Kind.DEFINITION_TO_TERM_TYPED)


def test_no_name_of_another_concept_is_graded_almost_right():
    """The typo rule (one edit, digits untouched) never accepts another concept's name:
    L1 for L2, F2 for F1, AdamW 优化器 for Adam 优化器, 自注意力机制 for 注意力机制 (third
    blind review, S1). Checked for every pair of concepts whose names the rule links,
    through the typed questions the concepts are asked in."""
    folded = [(c.id, name, fold_term(name)) for c in LIBRARY for name in c.names()]
    linked = 0
    for concept in LIBRARY:
        own = {fold_term(name) for name in concept.names()}
        near = [
            name
            for other_id, name, key in folded
            if other_id != concept.id and key not in own and any(typo_of(key, k) for k in own)
        ]
        if not near:
            continue
        for kind in TYPED_KINDS:
            question = conceptual_question(LIBRARY, concept.id, kind, 0)
            if question is None:
                continue
            for name in near:
                linked += 1
                assert not grade(question, name).correct, (concept.id, kind.value, name)
    assert linked  # GELU 函数 / ReLU 函数, Transformer 编码器 / 解码器 are in the library


@pytest.mark.parametrize(
    ("concept_id", "typed"),
    [
        ("l2-regularization", "L1 regularization"),
        ("l2-regularization", "L1 penalty"),
        ("l2-regularization", "L1 范数正则化"),
        ("f1-score", "F2 score"),
        ("f1-score", "F0 score"),
    ],
)
def test_a_changed_digit_is_never_a_typo(concept_id, typed):
    question = conceptual_question(LIBRARY, concept_id, Kind.DEFINITION_TO_TERM_TYPED, 0)
    assert question is not None
    assert not grade(question, typed).correct, typed


@pytest.mark.parametrize(
    ("concept_id", "typed"),
    [
        ("query-key-value", "query, key, value"),
        ("query-key-value", "Query, Key, Value"),
        ("query-key-value", "Q, K, V"),
        ("query-key-value", "query, key, and value"),
        ("query-key-value", "查询、键、值"),
        ("query-key-value", "查询键值"),
        ("train-validation-test-split", "训练集、验证集和测试集划分"),
        ("train-validation-test-split", "训练集/验证集/测试集"),
        ("train-validation-test-split", "训练/验证/测试集划分"),
        ("stride-and-padding", "步长与填充"),
        ("stride-and-padding", "步长和填充"),
        ("stride-and-padding", "stride, padding"),
        ("cbow", "continuous bag-of-words model"),
        ("f1-score", "F1 得分"),
        ("kernel-and-feature-map", "卷积核与特征映射"),
        ("kernel-and-feature-map", "卷积核和特征映射"),
        ("feed-forward-network", "position-wise feed-forward layer"),
        ("gpt", "Generative Pre-training Transformer"),
        ("gpt", "GPT model"),
        ("sigmoid", "S形函数"),
        ("sigmoid", "逻辑斯谛函数"),
        ("one-hot-encoding", "one-hot vector"),
        ("dropout", "inverted dropout"),
        ("distributional-hypothesis", "分布式假设"),
        ("maximum-likelihood-estimation", "maximum likelihood estimate"),
    ],
)
def test_the_third_review_s_right_answers_are_plainly_right(concept_id, typed):
    """Right, and not "almost" (rated Hard, shown a diff as if it were a typo)."""
    grade_ = grade_term(typed, LIBRARY[concept_id].names()[1:])
    assert grade_.correct and not grade_.almost, typed


def test_a_cloze_that_gives_the_depth_accepts_the_model_name_at_that_depth():
    question = conceptual_question(LIBRARY, "resnet", Kind.CLOZE, 0)
    assert question is not None and "18-layer ____" in question.prompt.en
    assert grade(question, "ResNet-18").correct and grade(question, "resnet18").correct
    assert not grade(question, "ResNet-34").correct


def test_no_prompt_holds_an_accepted_answer_however_it_is_spaced():
    """「基于 Transformer 的双向编码器表示」 in BERT's zh definition is the accepted
    基于Transformer的双向编码器表示 (third review, item 73): compared folded (spaces,
    width, punctuation), over every concept and typed kind."""
    for concept in LIBRARY:
        for kind in TYPED_KINDS:
            for seed in SEEDS[:2]:
                question = conceptual_question(LIBRARY, concept.id, kind, seed)
                if question is None:
                    continue
                answers = [a for a in (question.answer, *question.accepted) if _has_han(a)]
                for prompt in (question.prompt.en, question.prompt.zh):
                    body = fold_term(prompt.replace("\n", " "))
                    shown = [a for a in answers if fold_term(a) in body]
                    assert not shown, (concept.id, kind.value, shown, prompt)


def _has_han(text: str) -> bool:
    return re.search(r"[\u3400-\u9fff]", text) is not None


def test_a_word_of_the_key_the_definition_shows_is_shared_by_a_wrong_option():
    """Third blind review, S2: "the gradient shrinks exponentially" among options of
    which only the key says gradient is answered by word matching. Whenever a fair
    wrong option (not confusable with the key) shares such a word, one is offered."""
    unmatched = 0
    for concept in LIBRARY:
        for seed in SEEDS[:3]:
            question = conceptual_question(LIBRARY, concept.id, Kind.DEFINITION_TO_TERM, seed)
            if question is None:
                continue
            words = key_words_shown(concept, masked_definition(concept).en)
            fair = _fair_distractors(
                LIBRARY, concept, np.random.default_rng(seed), lambda c: c.term
            )
            wrong = [c.text.en for c in question.choices if not c.correct]
            for word in words:
                if any(word in name_words(other.term.en) for other in fair):
                    shared = any(word in name_words(text) for text in wrong)
                    assert shared, (concept.id, word, wrong)
                else:
                    unmatched += 1
    assert unmatched < len(LIBRARY)  # most shown words have a fair option that shares them
