"""Reading what a learner typed: numbers, vectors, terms, options."""

from __future__ import annotations

import pytest

from quiz.grading import (
    Imprecise,
    Unparseable,
    choice_index,
    grade_number,
    grade_term,
    parse_numbers,
    term_diff,
)


@pytest.mark.parametrize(
    "typed", ["0.417", "4.17e-1", "4.17E-1", "5/12", " 5 / 12 ", "０.４１７", ".417"]
)
def test_accepted_number_forms(typed):
    assert grade_number(typed, 5 / 12, rel=0.01, abs=0.001).correct


@pytest.mark.parametrize(
    "typed", ["[0.1, 0.2]", "0.1 0.2", "0.1, 0.2", "(0.1,0.2)", "1/10; 1/5", "0.1，0.2"]
)
def test_accepted_vector_forms(typed):
    assert grade_number(typed, (0.1, 0.2), rel=0.01, abs=0.001).correct


def test_wrong_value_is_wrong_not_unparseable():
    assert not grade_number("0.5", 5 / 12, rel=0.01, abs=0.001).correct


@pytest.mark.parametrize("typed", ["", "abc", "1/0", "nan", "inf", "1e999", "0.1.2", "[", "--1"])
def test_unparseable_numbers(typed):
    with pytest.raises(Unparseable):
        grade_number(typed, 1.0, rel=0.01, abs=0.001)


def test_wrong_count_of_numbers_is_unparseable_with_a_message():
    with pytest.raises(Unparseable) as info:
        grade_number("0.1", (0.1, 0.2), rel=0.01, abs=0.001)
    assert "Expected 2 number(s), got 1" in info.value.message.en
    assert "需要 2 个数字" in info.value.message.zh


def test_parse_numbers_keeps_order():
    assert parse_numbers("[3, -1/2, 2e1]") == [3.0, -0.5, 20.0]


@pytest.mark.parametrize(
    "typed",
    [
        "Gradient descent",
        "gradient  DESCENT",
        "梯度下降",
        "GD",
        "ｇｒａｄｉｅｎｔ descent",
        "gradient-descent",
    ],
)
def test_terms_in_either_language_and_width(typed):
    assert grade_term(typed, ["Gradient descent", "梯度下降", "GD"]).correct


def test_wrong_term():
    grade = grade_term("gradient ascent", ["Gradient descent", "梯度下降"])
    assert not grade.correct and grade.expected == "Gradient descent"


def test_empty_term_is_unparseable():
    with pytest.raises(Unparseable):
        grade_term("   ", ["x"])


@pytest.mark.parametrize(
    ("typed", "index"), [("a", 0), ("B", 1), ("(c)", 2), ("d.", 3), ("1", 0), ("４", 3)]
)
def test_choice_letters_and_numbers(typed, index):
    assert choice_index(typed, 4) == index


@pytest.mark.parametrize("typed", ["e", "5", "0", "ab", "", "0.5"])
def test_choice_out_of_range(typed):
    with pytest.raises(Unparseable, match="letter a–d or a number 1–4"):
        choice_index(typed, 4)


@pytest.mark.parametrize(
    "typed",
    [
        "BPE.",
        "BPE。",
        "BPE!",
        "BPE！",
        '"BPE"',
        "“BPE”",
        "‘BPE’",
        "「BPE」",
        "'bpe'",
        "the BPE",
        "A BPE",
        "Byte-Pair Encoding.",
    ],
)
def test_terms_ignore_surrounding_punctuation_quotes_and_articles(typed):
    assert grade_term(typed, ["Byte pair encoding", "BPE", "字节对编码"]).correct


@pytest.mark.parametrize(
    ("typed", "name"),
    [
        ("tokeniser", "tokenizer"),
        ("Tokenisation", "tokenization"),
        ("layer normalisation", "Layer normalization"),
        ("regularisation", "Regularization"),
        ("language modelling", "language modeling"),
        ("the derivative", "Derivative"),
        ("word embeddings", "Word embedding"),
        ("tokenizers", "tokenizer"),
    ],
)
def test_terms_fold_british_and_american_spelling_and_plurals(typed, name):
    assert grade_term(typed, [name]).correct


@pytest.mark.parametrize("typed", ["gradient ascent", "loss", "descent gradient", "the"])
def test_folding_does_not_make_wrong_terms_right(typed):
    assert not grade_term(typed, ["Gradient descent", "梯度下降", "GD"]).correct


def test_whole_numbers_are_graded_exactly():
    for typed in ("36", "36.0", "3.6e1", "72/2", "３６", "36."):
        assert grade_number(typed, 36.0, integer=True).correct, typed
    for typed in ("36.5", "36.4", "35.6", "1454.0625"):
        grade = grade_number(typed, 36.0, integer=True)
        assert not grade.correct and grade.hint.en == "The answer is a whole number.", typed
    assert grade_number("1,454", 1454.0, integer=True).correct


def test_decimals_are_graded_at_the_stated_significant_figures():
    key = 0.48792
    assert grade_number("0.488", key, sig=3).correct
    assert grade_number("0.48792", key, sig=3).correct
    assert not grade_number("0.487", key, sig=3).correct
    assert not grade_number("0.489", key, sig=3).correct
    assert not grade_number("0.49", key, sig=3).correct
    assert grade_number("0.000712", 0.00071234, sig=3).correct
    assert not grade_number("0.0007", 0.00071234, sig=3).correct
    assert grade_number("0.488, 0.0243, 0", (0.48792, 0.024312, 0.0), sig=3).correct
    grade = grade_number("0.5", key, sig=3)
    assert grade.expected == "0.488" and grade.note.en == "to 3 significant figures"


def test_a_typed_mistake_hears_its_hint():
    hint = grade_number("0.9", 0.45, sig=3, mistakes=[(0.9, "twice")]).hint
    assert hint == "twice"
    assert grade_number("0.8", 0.45, sig=3, mistakes=[(0.9, "twice")]).hint is None
    hint = grade_number("1454.0625", 1454.0, integer=True, mistakes=[(1454.0625, "no floor")])
    assert hint.hint == "no floor"


def test_numeric_options_are_picked_by_value_never_by_position():
    values = [2.0, 3.0, 1.0]
    assert choice_index("1", 3, values, integer=True) == 2
    assert choice_index("3", 3, values, integer=True) == 1
    assert choice_index("a", 3, values, integer=True) == 0
    assert choice_index("c)", 3, values, integer=True) == 2
    with pytest.raises(Unparseable, match="one of the values shown"):
        choice_index("4", 3, values, integer=True)
    decimals = [0.4167, 0.6, (1 / 3)]
    assert choice_index("0.417", 3, decimals) == 0
    assert choice_index("1/3", 3, decimals) == 2
    assert choice_index("[0.1, 2]", 2, [(0.1, 2.0), (2.0, 0.1)]) == 0
    assert choice_index("1,050,624", 2, [1050624.0, 1050688.0], integer=True) == 0


@pytest.mark.parametrize("scale", [1e-6, 1e-4, 0.01, 1.0, 100.0])
def test_typed_option_values_match_at_every_scale(scale):
    """Review r2, item 15: with options around 1e-4 a fixed floor of 0.001 made any typed
    value up to three times the key pick the key. The floor scales with the options."""
    options = [1.05 * scale, 0.0332 * scale, 1.0625 * scale, 5.0 * scale]
    for index, value in enumerate(options):
        assert choice_index(f"{value:.3g}", 4, options) == index, (scale, value)
        assert choice_index(repr(value), 4, options) == index, (scale, value)
    for wrong in (2.0 * scale, 2.5 * scale, 1.2 * scale):
        with pytest.raises(Unparseable, match="one of the values shown"):
            choice_index(f"{wrong:.3g}", 4, options)
    assert choice_index("0", 2, [0.0, 0.5 * scale]) == 0


def test_an_answer_right_to_too_few_figures_is_close_once():
    """Issue 15: 0.22 for 0.2245 at 3 significant figures is "close", not wrong."""
    with pytest.raises(Imprecise) as raised:
        grade_number("0.22", 0.2245, sig=3, retry_imprecise=True)
    assert (raised.value.typed, raised.value.wanted) == (2, 3)
    assert "give 3 significant figures" in raised.value.message.en
    assert "3 位有效数字" in raised.value.message.zh
    # The retry is graded as usual: still too few figures is wrong, the key right.
    assert not grade_number("0.22", 0.2245, sig=3).correct
    assert grade_number("0.224", 0.2245, sig=3, retry_imprecise=True).correct
    # Wrong at its own precision, or a fraction, or enough figures: no retry.
    assert not grade_number("0.23", 0.2245, sig=3, retry_imprecise=True).correct
    assert not grade_number("0.226", 0.2245, sig=3, retry_imprecise=True).correct
    assert not grade_number("1/5", 0.2245, sig=3, retry_imprecise=True).correct
    # Vectors: each entry at the figures it was typed with.
    with pytest.raises(Imprecise):
        grade_number("0.22, -0.9", (0.2245, -0.8967), sig=3, retry_imprecise=True)
    assert not grade_number("0.22, -0.8", (0.2245, -0.8967), sig=3, retry_imprecise=True).correct
    # A whole number is exact: no retry.
    assert not grade_number("40", 36.0, integer=True, retry_imprecise=True).correct


def test_a_one_edit_typo_of_a_long_term_is_almost_and_shows_its_difference():
    names = ["Cosine similarity", "余弦相似度"]
    for typo in ("cosine similarty", "cosine simliarity", "cosine similarityy", "cosin similarity"):
        grade = grade_term(typo, names)
        assert grade.correct and grade.almost and grade.expected == "Cosine similarity", typo
    assert not grade_term("cosine simlarty", names).correct  # two edits
    assert not grade_term("rel", ["ReLU"]).correct  # a short term: exact or wrong
    assert not grade_term("gelu", ["ReLU"]).correct
    exact = grade_term("Cosine Similarity", names)
    assert exact.correct and not exact.almost
    parts = term_diff("cosine similarty", "Cosine similarity")
    assert "".join(p.expected for p in parts) == "Cosine similarity"
    assert "".join(p.typed for p in parts) == "Cosine similarty"
    assert [p.expected for p in parts if not p.equal] == ["i"]


def test_a_wrong_term_is_set_against_the_closest_accepted_name():
    grade = grade_term("gradient decent", ["Gradient descent", "GD", "梯度下降"])
    assert grade.correct and grade.almost
    grade = grade_term("gradient ascent", ["Gradient descent", "GD", "梯度下降"])
    assert not grade.correct and grade.nearest == "Gradient descent"
    assert grade.typed == "gradient ascent"
    grade = grade_term("梯度上升", ["Gradient descent", "GD", "梯度下降"])
    assert grade.expected == "Gradient descent" and grade.nearest == "梯度下降"


def test_traditional_chinese_is_accepted():
    assert grade_term("超參數", ["Hyperparameter", "超参数"]).correct
    assert grade_term("反向傳播", ["Backpropagation", "反向传播"]).correct
    assert not grade_term("正向傳播", ["Backpropagation", "反向传播"]).correct
