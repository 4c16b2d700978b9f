"""Asking one question at the terminal and showing the verdict: shared by quiz and study."""

from __future__ import annotations

import time
from dataclasses import dataclass

import click

from kg.concept import Text
from quiz.grading import Grade, Unparseable
from quiz.question import LETTERS, Mode, Question, grade

LANGUAGE_CHOICES = ("en", "zh", "both")


def pick(text: Text, lang: str) -> str:
    """``text`` in one language, or both (English first) when ``lang`` is "both"."""
    if lang in ("en", "zh"):
        return text.get(lang)
    return text.en if text.en == text.zh else f"{text.en}\n{text.zh}"


def inline(text: Text, lang: str) -> str:
    """Like :func:`pick` but on one line: ``English · 中文``."""
    if lang in ("en", "zh") or text.en == text.zh:
        return text.get("zh" if lang == "zh" else "en")
    return f"{text.en} · {text.zh}"


@dataclass(frozen=True)
class Answer:
    """What happened when a question was asked."""

    grade: Grade | None
    """None for a self-graded flashcard."""
    self_rating: int | None
    """1–4 for a flashcard (Again, Hard, Good, Easy)."""
    seconds: float


def show_question(question: Question, lang: str, header: str) -> None:
    click.secho(header, bold=True)
    click.echo(pick(question.prompt, lang))
    for index, choice in enumerate(question.choices):
        click.echo(f"  {LETTERS[index]}) {inline(choice.text, lang)}")


def ask(question: Question, lang: str, header: str) -> Answer:
    """Show ``question``, read answers until one can be graded, and show the verdict.

    Raises
    ------
    click.Abort
        On end of input or Ctrl-C: the caller ends the session cleanly.
    """
    show_question(question, lang, header)
    started = time.monotonic()
    if question.mode is Mode.SELF:
        click.prompt("Press Enter to see the answer", default="", show_default=False)
        click.echo(pick(question.solution, lang))
        rating = click.prompt(
            "How well did you recall it? 1 Again, 2 Hard, 3 Good, 4 Easy",
            type=click.IntRange(1, 4),
        )
        return Answer(None, rating, time.monotonic() - started)
    while True:
        response = click.prompt("Your answer", default="", show_default=False)
        try:
            verdict = grade(question, response)
            break
        except Unparseable as err:
            click.secho(inline(err.message, lang), fg="yellow")
    elapsed = time.monotonic() - started
    show_verdict(question, verdict, lang)
    return Answer(verdict, None, elapsed)


def show_verdict(question: Question, verdict: Grade, lang: str) -> None:
    if verdict.correct:
        click.secho("✓ Right · 正确", fg="green", bold=True)
    else:
        expected = verdict.expected
        if question.mode is Mode.CHOICE:
            right = question.choices[LETTERS.index(question.answer)]
            expected = f"{question.answer}) {inline(right.text, lang)}"
        click.secho(f"✗ Wrong · 错误 — the answer is: {expected}", fg="red", bold=True)
        if verdict.hint:
            click.secho(pick(verdict.hint, lang), fg="yellow")
    click.echo(pick(question.solution, lang))
    click.echo()
