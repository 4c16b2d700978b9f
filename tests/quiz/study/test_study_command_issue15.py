"""``dlkg study`` through CliRunner: resets, the daily cap, fair typed answers (issue 15)."""

from __future__ import annotations

from datetime import timedelta

import click
import pytest
from click.testing import CliRunner
from fsrs import Rating

from dlkg.asking import ask
from dlkg.cli import cli
from kg.concept import Text
from kg.library import load_library
from quiz.question import Kind, Mode, Question
from quiz.study import knowledge
from quiz.study.items import item_kinds
from quiz.study.knowledge import stored_due
from quiz.study.store import ItemKind, ReviewStore, Source, Status

from .conftest import NOW
from .scripting import plan

NOW_TEXT = "2025-01-01T09:00:00Z"


@pytest.fixture
def env(db_path):
    return {"DLKG_NOW": NOW_TEXT, "DLKG_DB": str(db_path)}


def run(args, *, env, input=None):
    result = CliRunner().invoke(cli, args, input=input, env=env, catch_exceptions=False)
    assert "Traceback" not in result.output
    return result


def study(small_library, env, lines, *extra):
    args = ["study", "--content", str(small_library), "--lang", "en", *extra]
    return run(args, env=env, input="\n".join(lines) + "\n")


def test_reset_brings_a_concept_back_as_new(small_library, db_path, env):
    library = load_library(small_library)
    lines, asked = plan(library, new_concepts=1)
    study(small_library, env, lines, "--new", "1")
    with ReviewStore.open(db_path) as store:
        reviews = len(store.reviews("a"))
        assert store.cards("a") and reviews == len(asked)
    result = run(["study", "--content", str(small_library), "--reset", "Term a"], env=env)
    assert result.exit_code == 0, result.output
    assert (
        f"Reset: Term a is new again: 1 item(s) unscheduled; its {reviews} review(s) "
        "stay in the log."
    ) in result.output
    with ReviewStore.open(db_path) as store:
        assert store.cards("a") == [] and len(store.reviews("a")) == reviews
        assert store.check() == []
    # Taught again from the start.
    result = study(small_library, env, ["", "/q"], "--new", "1")
    assert "New concept: Term a" in result.output
    result = run(["study", "--content", str(small_library), "--reset", "a"], env=env)
    assert "Term a has nothing to reset" in result.output


def test_reset_of_an_unknown_concept_is_one_line_with_a_suggestion(small_library, env):
    result = run(["study", "--content", str(small_library), "--reset", "Term aa"], env=env)
    assert result.exit_code == 2
    [line] = result.output.strip().splitlines()
    assert "did you mean" in line and "Term a" in line


def test_reset_placement_removes_only_placement_marks(small_library, db_path, env):
    with ReviewStore.open(db_path) as store:
        store.mark("a", Status.KNOWN, Source.PLACEMENT, NOW)
        store.mark("b", Status.UNKNOWN, Source.PLACEMENT, NOW)
        store.mark("c", Status.KNOWN, Source.IMPLICIT, NOW)
    args = ["study", "--content", str(small_library), "--lang", "en", "--reset-placement"]
    result = run(args, env=env)
    assert result.exit_code == 0, result.output
    assert (
        "Placement undone: 2 marks removed (1 known, 1 to learn): Term a, Term b." in result.output
    )
    with ReviewStore.open(db_path) as store:
        assert set(store.marks()) == {"c"}
    assert "No placement marks to undo." in run(args, env=env).output
    both = ["study", "--reset", "a", "--reset-placement", "--content", str(small_library)]
    assert run(both, env=env).exit_code == 2


LATER = {"DLKG_NOW": "2025-01-04T09:00:00Z"}


def _typed_question(small_library, db_path, env):
    """Study Term a today (a flashcard, then a choice); three days later its review asks
    the next format, a typed term: that question."""
    from datetime import datetime

    from quiz.study.clock import fixed_clock
    from quiz.study.session import Session

    library = load_library(small_library)
    lines, _ = plan(library, new_concepts=1)
    study(small_library, env, lines, "--new", "1")
    with ReviewStore.open(db_path) as store:
        later = datetime.fromisoformat("2025-01-04T09:00:00+00:00")
        step = Session(library, store, clock=fixed_clock(later), new_concepts=0).next_step()
    assert step.question.mode is Mode.TERM and step.concept == "a"
    return step.question


def test_a_wrong_term_shows_the_difference_and_r_overrides_it(small_library, db_path, env):
    question = _typed_question(small_library, db_path, env)
    result = study(small_library, {**env, **LATER}, ["Term xyz", "r", "/q"], "--new", "0")
    assert "✗ Wrong" in result.output
    assert "you typed:" in result.output and "expected:" in result.output
    assert "[" in result.output  # marked with brackets off a terminal
    assert "Counted as right: your override is logged." in result.output
    assert " (your override)" in result.output
    with ReviewStore.open(db_path) as store:
        last = store.reviews(source=Source.ANSWER)[-1]
        assert last.question == question.id
        assert last.overridden and last.correct and last.rating is Rating.Good


def test_a_one_letter_typo_is_almost_and_rated_hard(small_library, db_path, env):
    question = _typed_question(small_library, db_path, env)
    answer = str(question.answer)
    assert answer == "Term a"
    result = study(small_library, {**env, **LATER}, ["Tem a", "", "/q"], "--new", "0")
    assert "≈ Almost, one letter off (rated Hard): Term a" in result.output, result.output
    assert " (one typo)" in result.output
    with ReviewStore.open(db_path) as store:
        last = store.reviews(source=Source.ANSWER)[-1]
        assert last.rating is Rating.Hard and last.correct and not last.overridden


def _ask_once(question, lines):
    @click.command()
    def one():
        answer = ask(question, "en", "[1] test")
        click.echo(f"correct={answer.grade.correct}")

    return CliRunner().invoke(one, input="\n".join(lines) + "\n", catch_exceptions=False)


def number_question(answer=0.2245):
    return Question(
        "numeric:x:1",
        "x",
        Kind.NUMERIC,
        Text("What is it? Give your answer to 3 significant figures.", "是多少？"),
        answer,
        Text("", ""),
        seed=1,
        template="numeric",
        tolerance={"sig": 3},
    )


def test_a_number_to_too_few_figures_gets_close_and_one_more_try():
    result = _ask_once(number_question(), ["0.22", "0.224"])
    assert "Close — give 3 significant figures (you gave 2). One more try." in result.output
    assert "correct=True" in result.output
    result = _ask_once(number_question(), ["0.22", "0.22"])  # the second try is graded
    assert result.output.count("Close —") == 1 and "correct=False" in result.output
    result = _ask_once(number_question(), ["0.3"])  # plainly wrong: no retry
    assert "Close —" not in result.output and "correct=False" in result.output


def test_traditional_chinese_answers_are_right():
    question = Question(
        "en-to-zh:x:1",
        "x",
        Kind.EN_TO_ZH,
        Text("Chinese for Hyperparameter?", "Hyperparameter 的中文？"),
        "超参数",
        Text("", ""),
        seed=1,
        template="en-to-zh",
        accepted=("超参数",),
    )
    assert "correct=True" in _ask_once(question, ["超參數"]).output


def test_the_daily_cap_defers_reviews_and_says_so(small_library, db_path, env):
    library = load_library(small_library)
    earlier = NOW - timedelta(days=40)
    with ReviewStore.open(db_path) as store:
        for concept, days in (("c", 1), ("e", 2)):
            for stored in knowledge.introduce(
                store, concept, item_kinds(library, concept), earlier
            ):
                store.apply_review(
                    concept, stored.kind, Rating.Easy, earlier, correct=True, source=Source.ANSWER
                )
            stored = store.card(concept, ItemKind.KNOWLEDGE)
            store.save_card(stored_due(stored, NOW - timedelta(days=days)))
    result = study(small_library, env, ["", "3"] * 3 + ["/q"], "--new", "0", "--max-reviews", "1")
    assert "At most 1 reviews a day, the most overdue first" in result.output
    assert (
        "1 review deferred to tomorrow by the daily cap of 1; --max-reviews to change."
        in result.output
    ), result.output


def test_help_lists_the_override_key(small_library, env):
    result = study(small_library, env, ["", "/h", "/q"])
    assert "  r   after a wrong or almost-right typed term: I was right" in result.output
    assert "--reset NAME" in run(["study", "--help"], env=env).output


def test_a_traditional_answer_is_diffed_as_graded():
    from dlkg.asking import diff_lines
    from quiz.grading import grade_term, simplified

    grade = grade_term("導數x", ["Derivative", "导数"])
    assert not grade.correct and grade.nearest == "导数"
    typed, expected = diff_lines(simplified(grade.typed), grade.nearest, "en", color=False)
    assert typed.endswith("导数[x]") and expected.endswith("导数[]")
