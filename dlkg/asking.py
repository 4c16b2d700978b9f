"""Asking one question at the terminal and showing the verdict: shared by quiz and study.

Typing ``?`` at the answer prompt shows a hint (:func:`hint_for`) and asks again;
the returned :class:`Answer` records that a hint was used.
"""

from __future__ import annotations

import sys
import time
from collections.abc import Collection
from dataclasses import dataclass

import click

from dlkg.terminal.screen import Screen, current, parse_rating
from kg.concept import Text
from quiz.grading import Grade, Unparseable
from quiz.question import LETTERS, Mode, Question, grade

HINT_REQUESTS = ("?", "？")
"""What a learner types to ask for a hint (either width)."""


def pick(text: Text, lang: str) -> str:
    """``text`` in one language, or both (English first) when ``lang`` is "both"."""
    if lang in ("en", "zh"):
        return text.get(lang)
    return text.en if text.en == text.zh else f"{text.en}\n{text.zh}"


def inline(text: Text, lang: str) -> str:
    """Like :func:`pick` but on one line: ``English · 中文``."""
    if lang in ("en", "zh") or text.en == text.zh:
        return text.get("zh" if lang == "zh" else "en")
    return text.label()


@dataclass(frozen=True)
class Answer:
    """What happened when a question was asked."""

    grade: Grade | None
    """None for a self-graded flashcard."""
    self_rating: int | None
    """1–4 for a flashcard (Again, Hard, Good, Easy)."""
    seconds: float
    used_hint: bool = False
    """Whether the learner asked for a hint before answering."""
    command: str | None = None
    """A control typed instead of an answer (one of ``ask``'s ``controls``); nothing graded."""


def read_key(lang: str, key: str) -> str:
    """One keypress on a terminal (no Enter needed) after the interface string ``key``;
    a line elsewhere (pipes, tests)."""
    if sys.stdin.isatty():
        out = current(lang)
        suffix = _suffix(out)
        *before, last = out.lines(out.t(key) + suffix.rstrip(), hang=0)
        for line in before:
            out.echo(line, wrap=False)
        click.echo(last + suffix[len(suffix.rstrip()) :], nl=False)
        pressed = click.getchar()
        click.echo(pressed)
        return pressed.strip().lower()
    return prompt_line(lang, key).strip().lower()


def term_pattern(term: str) -> str:
    """``term`` with every letter after the first blanked, spaces and hyphens kept.

    Examples
    --------
    >>> term_pattern("Gradient descent")
    'G_______ _______'
    >>> term_pattern("梯度下降")
    '梯___'
    """
    return term[:1] + "".join("_" if char.isalnum() else char for char in term[1:])


def hint_for(question: Question, formula: str | None = None) -> Text | None:
    """A hint that helps without giving the answer away; None if there is none.

    A typed term: its first letter and its length. A number: the concept's
    ``formula`` (when given). Multiple choice: one wrong option crossed out
    (the same one for the same question). A flashcard: none.

    Examples
    --------
    >>> from quiz.question import Kind
    >>> question = Question("q", "gd", Kind.ZH_TO_EN, Text("?", "？"), "Gradient descent",
    ...                     Text("", ""), seed=0, template="zh-to-en")
    >>> print(hint_for(question).en)
    Hint: it starts with “G” and has 16 characters: G_______ _______
    """
    mode = question.mode
    if mode is Mode.CHOICE:
        wrong = [index for index, choice in enumerate(question.choices) if not choice.correct]
        index = wrong[question.seed % len(wrong)]
        text = question.choices[index].text
        return Text(
            f"Hint: it is not {LETTERS[index]}) {text.en}",
            f"提示：不是 {LETTERS[index]}) {text.zh}",
        )
    if mode is Mode.NUMBER:
        if not formula:
            return None
        return Text(f"Hint: the formula is {formula}", f"提示：公式是 {formula}")
    if mode is Mode.TERM:
        term = str(question.answer)
        pattern = term_pattern(term)
        return Text(
            f"Hint: it starts with “{term[:1]}” and has {len(term)} characters: {pattern}",
            f"提示：以「{term[:1]}」开头，共 {len(term)} 个字符：{pattern}",
        )
    return None


def show_question(question: Question, lang: str, header: str) -> None:
    out = current(lang)
    out.echo(header, bold=True)
    out.echo(out.pick(question.prompt))
    for index, choice in enumerate(question.choices):
        out.echo(f"  {LETTERS[index]}) {out.inline(choice.text)}")


def _suffix(out: Screen) -> str:
    return "：" if out.lang == "zh" else ": "


def prompt_line(lang: str, key: str) -> str:
    """What the learner types after the interface string ``key`` (a full-width colon in zh)."""
    out = current(lang)
    suffix = _suffix(out)
    *before, last = out.lines(out.t(key) + suffix.rstrip(), hang=0)
    for line in before:  # a prompt wider than the terminal: all but its last line first
        out.echo(line, wrap=False)
    return click.prompt(
        last.removesuffix(suffix.rstrip()), default="", show_default=False, prompt_suffix=suffix
    )


def ask(
    question: Question,
    lang: str,
    header: str,
    *,
    formula: str | None = None,
    hints: bool = True,
    controls: Collection[str] = (),
) -> Answer:
    """Show ``question``, read answers until one can be graded, and show the verdict.

    Parameters
    ----------
    question : Question
    lang : str
        "en", "zh" or "both".
    header : str
        The line above the question.
    formula : str, optional
        The concept's formula, the hint for a typed number.
    hints : bool
        Whether ``?`` shows a hint (a placement probe offers none).
    controls : collection of str
        Words the learner may type instead of an answer (``/s``, ``/q``…); the answer
        then carries the ``command``. At a flashcard's rating, a control's bare letter
        (``s``, ``q``) and ``?`` or ``h`` (as ``/h``) are read as one keypress too.

    Returns
    -------
    Answer

    Raises
    ------
    click.Abort
        On end of input or Ctrl-C: the caller ends the session cleanly.
    """
    out = current(lang)
    show_question(question, lang, header)
    started = time.monotonic()
    if question.mode is Mode.SELF:
        shown = prompt_line(lang, "prompt.reveal").strip().lower()
        command = shown if shown in controls or not shown else f"/{shown}"
        if command in controls:
            return Answer(None, None, time.monotonic() - started, command=command)
        out.echo(out.pick(question.solution))
        while True:
            key = read_key(lang, "prompt.rate")
            rating = parse_rating(key)
            if rating is not None:
                return Answer(None, rating, time.monotonic() - started)
            command = "/h" if key in ("?", "？", "h") else key if key in controls else f"/{key}"
            if command in controls:
                return Answer(None, None, time.monotonic() - started, command=command)
            out.echo(out.t("prompt.rate.invalid"), fg="yellow")
    used_hint = False
    while True:
        response = prompt_line(lang, "prompt.answer")
        if response.strip().lower() in controls:
            command = response.strip().lower()
            return Answer(None, None, time.monotonic() - started, command=command)
        if response.strip() in HINT_REQUESTS:
            hint = hint_for(question, formula) if hints else None
            if hint is None:
                out.echo(out.t("hint.none"), fg="yellow")
            else:
                used_hint = True
                out.echo(out.pick(hint), fg="yellow")
            continue
        try:
            verdict = grade(question, response)
            break
        except Unparseable as err:
            out.echo(out.inline(err.message), fg="yellow")
    elapsed = time.monotonic() - started
    show_verdict(question, verdict, lang)
    return Answer(verdict, None, elapsed, used_hint)


def show_verdict(question: Question, verdict: Grade, lang: str) -> None:
    """The verdict with the expected answer, then the worked solution of a numeric
    question; a conceptual question's solution (the definition) only after a wrong
    answer, or on request (``--explain``: the screen's ``explain``)."""
    out = current(lang)
    expected = verdict.expected
    if question.mode is Mode.CHOICE:
        right = question.choices[LETTERS.index(question.answer)]
        expected = f"{question.answer}) {out.inline(right.text)}"
    if verdict.note is not None:
        expected = f"{expected} ({out.inline(verdict.note)})"
    if verdict.correct:
        out.echo(out.t("verdict.right.answer", answer=expected), fg="green", bold=True)
    else:
        out.echo(out.t("verdict.wrong", answer=expected), fg="red", bold=True)
        if verdict.hint:
            out.echo(out.pick(verdict.hint), fg="yellow")
    if question.kind.is_numeric or not verdict.correct or out.explain:
        out.echo(out.pick(question.solution))
    out.echo()
