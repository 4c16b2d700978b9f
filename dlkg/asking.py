"""Asking one question at the terminal and showing the verdict: shared by quiz and study.

Typing ``?`` at the answer prompt shows a hint (:func:`hint_for`) and asks again;
the returned :class:`Answer` records that a hint was used.

A typed term that is wrong, or almost right (one typo), is shown against the
expected name with the difference marked (:func:`diff_lines`: colour on a
terminal, brackets elsewhere); where the caller allows it, the learner may then
press ``r``, "I was right" (:attr:`Answer.overridden`). A number right to fewer
significant figures than asked gets "close" and one more try.
"""

from __future__ import annotations

import sys
import time
from collections.abc import Collection
from dataclasses import dataclass

import click

from dlkg import study_text
from dlkg.study_text import say
from kg.concept import Text
from quiz.grading import Grade, Imprecise, Unparseable, term_diff
from quiz.question import LETTERS, Mode, Question, grade

LANGUAGE_CHOICES = ("en", "zh", "both")
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
    return f"{text.en} · {text.zh}"


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
    overridden: bool = False
    """The term was graded wrong (or almost) and the learner pressed r: "I was right"."""

    @property
    def almost(self) -> bool:
        """A typed term one edit off: right, rated Hard."""
        return self.grade is not None and self.grade.almost


def read_key(prompt: str) -> str:
    """One keypress on a terminal (no Enter needed); a line elsewhere (pipes, tests)."""
    if sys.stdin.isatty():
        click.echo(f"{prompt}: ", nl=False)
        key = click.getchar()
        click.echo(key)
        return key.strip().lower()
    return click.prompt(prompt, default="", show_default=False).strip().lower()


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
    click.secho(header, bold=True)
    click.echo(pick(question.prompt, lang))
    for index, choice in enumerate(question.choices):
        click.echo(f"  {LETTERS[index]}) {inline(choice.text, lang)}")


def ask(
    question: Question,
    lang: str,
    header: str,
    *,
    formula: str | None = None,
    hints: bool = True,
    controls: Collection[str] = (),
    override: bool = False,
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
    override : bool
        Offer "I was right" (the ``r`` key) after a wrong or almost-right typed term.

    Returns
    -------
    Answer

    Raises
    ------
    click.Abort
        On end of input or Ctrl-C: the caller ends the session cleanly.
    """
    show_question(question, lang, header)
    started = time.monotonic()
    if question.mode is Mode.SELF:
        shown = click.prompt("Press Enter to see the answer", default="", show_default=False)
        shown = shown.strip().lower()
        command = shown if shown in controls or not shown else f"/{shown}"
        if command in controls:
            return Answer(None, None, time.monotonic() - started, command=command)
        click.echo(pick(question.solution, lang))
        while True:
            key = read_key("How well did you recall it? 1 Again, 2 Hard, 3 Good, 4 Easy")
            if key in ("1", "2", "3", "4"):
                return Answer(None, int(key), time.monotonic() - started)
            command = "/h" if key in ("?", "？", "h") else key if key in controls else f"/{key}"
            if command in controls:
                return Answer(None, None, time.monotonic() - started, command=command)
            click.secho("Press 1, 2, 3 or 4. · 请按 1–4。", fg="yellow")
    used_hint = False
    retried = False
    while True:
        response = click.prompt("Your answer", default="", show_default=False)
        if response.strip().lower() in controls:
            command = response.strip().lower()
            return Answer(None, None, time.monotonic() - started, command=command)
        if response.strip() in HINT_REQUESTS:
            hint = hint_for(question, formula) if hints else None
            if hint is None:
                click.secho("No hint for this question. · 此题没有提示。", fg="yellow")
            else:
                used_hint = True
                click.secho(pick(hint, lang), fg="yellow")
            continue
        try:
            verdict = grade(question, response, retry_imprecise=not retried)
            break
        except Imprecise as err:  # once: "close", then graded as it stands
            retried = True
            click.secho(
                say(study_text.CLOSE_RETRY, lang, wanted=err.wanted, typed=err.typed),
                fg="yellow",
            )
        except Unparseable as err:
            click.secho(inline(err.message, lang), fg="yellow")
    elapsed = time.monotonic() - started
    show_verdict(question, verdict, lang)
    overridden = False
    if override and question.mode is Mode.TERM and (not verdict.correct or verdict.almost):
        key = read_key(say(study_text.OVERRIDE_PROMPT, lang))
        if key in ("r", "/r"):
            overridden = True
            click.secho(say(study_text.OVERRIDDEN, lang), fg="green")
        click.echo()
    return Answer(verdict, None, elapsed, used_hint, overridden=overridden)


def diff_lines(typed: str, expected: str, lang: str, *, color: bool | None = None) -> list[str]:
    """Two lines setting ``typed`` against ``expected`` with the difference marked: on a
    terminal in colour (what was typed in red, what was expected in green), elsewhere
    in brackets (an empty ``[]`` where a letter is missing or one too many).

    Examples
    --------
    >>> print("\\n".join(diff_lines("cosine similarty", "Cosine similarity", "en", color=False)))
      you typed: Cosine similar[]ty
      expected:  Cosine similar[i]ty
    """
    if color is None:
        color = sys.stdout.isatty()
    shown_typed, shown_expected = [], []
    for part in term_diff(typed, expected):
        if part.equal:
            shown_typed.append(part.typed)
            shown_expected.append(part.expected)
        elif color:
            shown_typed.append(click.style(part.typed or "·", fg="red", underline=True))
            shown_expected.append(click.style(part.expected or "·", fg="green", underline=True))
        else:
            shown_typed.append(f"[{part.typed}]")
            shown_expected.append(f"[{part.expected}]")
    typed_label = inline(study_text.DIFF_TYPED, lang)
    expected_label = inline(study_text.DIFF_EXPECTED, lang)
    width = max(len(typed_label), len(expected_label)) + 1
    return [
        f"  {typed_label + ':':<{width}} {''.join(shown_typed)}",
        f"  {expected_label + ':':<{width}} {''.join(shown_expected)}",
    ]


def show_verdict(question: Question, verdict: Grade, lang: str) -> None:
    if verdict.almost:
        almost = inline(study_text.ALMOST, lang)
        click.secho(f"{almost} — {verdict.expected}", fg="yellow", bold=True)
        if verdict.typed and verdict.nearest:
            for line in diff_lines(verdict.typed, verdict.nearest, lang):
                click.echo(line)
    elif verdict.correct:
        right = "✓ Right · 正确"
        if verdict.note is not None:
            right = f"{right} — {verdict.expected} ({inline(verdict.note, lang)})"
        click.secho(right, fg="green", bold=True)
    else:
        expected = verdict.expected
        if question.mode is Mode.CHOICE:
            option = question.choices[LETTERS.index(question.answer)]
            expected = f"{question.answer}) {inline(option.text, lang)}"
        if verdict.note is not None:
            expected = f"{expected} ({inline(verdict.note, lang)})"
        click.secho(f"✗ Wrong · 错误 — the answer is: {expected}", fg="red", bold=True)
        if question.mode is Mode.TERM and verdict.typed and verdict.nearest:
            for line in diff_lines(verdict.typed, verdict.nearest, lang):
                click.echo(line)
        if verdict.hint:
            click.secho(pick(verdict.hint, lang), fg="yellow")
    click.echo(pick(question.solution, lang))
    click.echo()
