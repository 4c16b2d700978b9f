"""Hints at the answer prompt, shared by ``dlkg study`` and ``dlkg quiz``."""

from __future__ import annotations

import json

from click.testing import CliRunner

from dlkg.asking import hint_for, term_pattern
from dlkg.cli import cli
from kg.concept import Text
from quiz.question import Choice, Kind, Question


def question(kind, answer, choices=(), seed=0):
    return Question(
        "q", "c", kind, Text("?", "？"), answer, Text("", ""), seed, kind.value, choices=choices
    )


def test_a_typed_term_shows_its_first_letter_and_length():
    hint = hint_for(question(Kind.ZH_TO_EN, "Self-attention"))
    assert "“S”" in hint.en and "14 characters" in hint.en
    assert term_pattern("Self-attention") == "S___-_________"
    assert term_pattern("自注意力") == "自___"


def test_a_number_shows_the_formula_if_there_is_one():
    numeric = question(Kind.NUMERIC, 0.5)
    assert hint_for(numeric) is None
    assert hint_for(numeric, r"\sigma(x)").en == r"Hint: the formula is \sigma(x)"


def test_multiple_choice_crosses_out_a_wrong_option_the_same_each_time():
    options = tuple(Choice(Text(t, t), correct=(t == "right")) for t in ("w1", "right", "w2"))
    for seed in range(6):
        hint = hint_for(question(Kind.DEFINITION_TO_TERM, "b", options, seed))
        assert "right" not in hint.en and hint == hint_for(
            question(Kind.DEFINITION_TO_TERM, "b", options, seed)
        )


def test_flashcards_have_no_hint():
    assert hint_for(question(Kind.FLASHCARD, "x")) is None


def test_a_question_mark_in_quiz_shows_a_hint_and_asks_again():
    args = ["quiz", "--concept", "softmax", "--kind", "concept", "--n", "1", "--seed", "3"]
    runner = CliRunner()
    [asked] = json.loads(runner.invoke(cli, [*args, "--json"]).output)
    answer = asked["answer"]
    result = runner.invoke(cli, [*args, "--lang", "en"], input=f"?\n{answer}\n")
    assert result.exit_code == 0
    assert "Hint:" in result.output and "Score: 1/1" in result.output
