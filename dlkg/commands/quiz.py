"""``dlkg quiz``: generated questions, asked one by one or printed as JSON."""

from __future__ import annotations

import os
import secrets
import shlex

import click

from dlkg.app import App, content_option, pass_app
from dlkg.common import (
    UsageFailure,
    echo_json,
    json_option,
    lang_option,
    latex_option,
    make_screen,
    split_names,
)
from dlkg.terminal.screen import current


def selection_options(command):
    """``--concept`` / ``--target`` / ``--domain``: which concepts to cover."""
    for option in reversed(
        [
            click.option("--concept", metavar="NAME", help="Only this concept."),
            click.option("--target", metavar="NAME", help="The learning path to this concept."),
            click.option("--domain", help="Only concepts in this domain."),
        ]
    ):
        command = option(command)
    return command


@click.command()
@selection_options
@click.option(
    "--kind",
    type=click.Choice(["numeric", "concept", "all"]),
    default="all",
    show_default=True,
    help="numeric: computed questions; concept: terms and definitions; all: both.",
)
@click.option(
    "-n",
    "--n",
    "count",
    type=click.IntRange(1, 1000),
    default=10,
    show_default=True,
    help="How many questions.",
)
@click.option(
    "--seed",
    type=click.IntRange(0),
    default=None,
    help="Seed for the questions (the same seed gives the same quiz); random if omitted.",
)
@click.option(
    "--only",
    metavar="N,M",
    multiple=True,
    help="Ask only these questions of the quiz, by number (with the same options and "
    "--seed: the retry line at the end of a quiz).",
)
@lang_option
@latex_option
@click.option(
    "--explain",
    is_flag=True,
    help="Show the full definition after every answer, not only after a wrong one.",
)
@json_option
@content_option
@pass_app
def quiz(app: App, concept, target, domain, kind, count, seed, only, lang, latex, explain, as_json):
    """Answer generated questions, with feedback and worked solutions.

    Multiple choice takes a letter (a, b, ...) or a number (1, 2, ...); numbers
    may be typed as 0.417, 4.17e-1 or 5/12, vectors as [0.1, 0.2] or 0.1 0.2.
    Each concept comes once before any comes again. End of input (Ctrl-D) or
    Ctrl-C ends the quiz; it ends with the score, the questions missed and the
    command that asks them again.

    \b
    Example:
      dlkg quiz --target transformer --n 5
      dlkg quiz --concept adam --kind numeric --seed 7
      dlkg quiz --domain optimization --json --seed 1
      dlkg quiz --target transformer --n 5 --seed 4 --only 2,4
    """
    from dlkg.asking import ask
    from quiz.builder import KindFilter, build_quiz
    from quiz.question import LETTERS, Mode

    out = make_screen(lang, latex)
    out.explain = explain
    library = app.library
    concept_ids = app.select(concept, target, domain)
    if seed is None:
        seed = secrets.randbelow(2**31)
    questions = build_quiz(library, concept_ids, kinds=KindFilter(kind), n=count, seed=seed)
    numbered = list(enumerate(questions, 1))
    if only:
        wanted = _question_numbers(only, len(questions))
        numbered = [(number, question) for number, question in numbered if number in wanted]
    if as_json:
        echo_json([question.to_dict() for _, question in numbered])
        return
    if not numbered:
        raise UsageFailure(out.t("quiz.no_questions"))
    out.echo(out.t("quiz.start", n=len(numbered), seed=seed))
    out.echo()
    right = answered = 0
    missed = []
    try:
        for number, question in numbered:
            about = library[question.concept]
            # One header for every kind: the domain and the kind, never the term
            # (the answer of most conceptual questions).
            header = out.t(
                "quiz.header",
                number=number,
                total=len(questions),
                domain=out.domain(about.domain),
                kind=out.kind(question.kind),
            )
            answer = ask(question, lang, header, formula=out.formula_hint(about.formula))
            answered += 1
            verdict = answer.grade
            assert verdict is not None  # a quiz asks no flashcard: every answer is graded
            right += verdict.correct
            if not verdict.correct:
                expected = verdict.expected
                if question.mode is Mode.CHOICE:
                    choice = question.choices[LETTERS.index(question.answer)]
                    expected = f"{question.answer}) {out.inline(choice.text)}"
                missed.append((number, question, expected))
    except click.Abort:
        out.echo()
        out.echo(out.t("quiz.ended"))
    out.echo(out.t("quiz.score", right=right, answered=answered), bold=True)
    if missed:
        out.echo(out.t("quiz.missed"), bold=True)
        for number, question, expected in missed:
            item = out.t(
                "quiz.missed.item",
                number=number,
                term=out.term(library[question.concept]),
                kind=out.kind(question.kind),
                answer=expected,
            )
            out.echo(item, indent="  ")
        numbers = [number for number, _, _ in missed]
        retry = _retry_command(concept, target, domain, kind, count, seed, numbers, lang)
        retry += _content_options(app.content_dir)
        out.echo(out.t("quiz.retry", command=retry))
        out.echo(out.t("quiz.study"))
    elif answered:
        out.echo(out.t("quiz.all_right"))


def _content_options(content_dir) -> str:
    """``--content DIR`` once per folder the quiz was given, for the retry line."""
    if content_dir is None:
        return ""
    folders = [content_dir] if isinstance(content_dir, str | os.PathLike) else content_dir
    return "".join(f" --content {shlex.quote(str(folder))}" for folder in folders)


def _question_numbers(values: tuple[str, ...], total: int) -> set[int]:
    """``--only 2,4 --only 5`` -> {2, 4, 5}, or exit 2 on a number that is not in the quiz."""
    numbers = set()
    for name in split_names(values):
        if not name.isdigit() or not 1 <= int(name) <= total:
            message = current().t("quiz.only", name=repr(name), total=total)
            raise UsageFailure(message)
        numbers.add(int(name))
    return numbers


def _retry_command(concept, target, domain, kind, count, seed, numbers, lang) -> str:
    """The command that asks questions ``numbers`` of this quiz again (its options, its seed)."""
    parts = ["dlkg", "quiz"]
    for option, value in (("--concept", concept), ("--target", target), ("--domain", domain)):
        if value:
            parts += [option, value]
    if kind != "all":
        parts += ["--kind", kind]
    parts += ["--n", str(count), "--seed", str(seed), "--only", ",".join(map(str, numbers))]
    if lang != "both":
        parts += ["--lang", lang]
    return shlex.join(parts)
