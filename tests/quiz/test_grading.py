"""Reading what a learner typed: numbers, vectors, terms, options."""

from __future__ import annotations

import pytest

from quiz.grading import Unparseable, choice_index, grade_number, grade_term, parse_numbers


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
