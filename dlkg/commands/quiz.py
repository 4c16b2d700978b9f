"""``dlkg quiz``: generated questions, asked one by one or printed as JSON."""

from __future__ import annotations

import secrets

import click

from dlkg.app import App, content_option, pass_app
from dlkg.asking import ask, inline
from dlkg.common import UsageFailure, echo_json, json_option, question_lang_option
from quiz.builder import KindFilter, build_quiz


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
@question_lang_option
@json_option
@content_option
@pass_app
def quiz(app: App, concept, target, domain, kind, count, seed, lang, as_json):
    """Answer generated questions, with feedback and worked solutions.

    Multiple choice takes a letter (a, b, ...) or a number (1, 2, ...); numbers
    may be typed as 0.417, 4.17e-1 or 5/12, vectors as [0.1, 0.2] or 0.1 0.2.
    End of input (Ctrl-D) or Ctrl-C ends the quiz with the score so far.

    \b
    Example:
      dlkg quiz --target transformer --n 5
      dlkg quiz --concept adam --kind numeric --seed 7
      dlkg quiz --domain optimization --json --seed 1
    """
    library = app.library
    concept_ids = app.select(concept, target, domain)
    if seed is None:
        seed = secrets.randbelow(2**31)
    questions = build_quiz(library, concept_ids, kinds=KindFilter(kind), n=count, seed=seed)
    if as_json:
        echo_json([question.to_dict() for question in questions])
        return
    if not questions:
        raise UsageFailure("no questions of that kind for these concepts")
    click.echo(f"{len(questions)} questions (seed {seed}). Ctrl-D or Ctrl-C ends the quiz.\n")
    right = answered = 0
    try:
        for number, question in enumerate(questions, 1):
            concept = library[question.concept]
            # The term is the answer of most conceptual questions: name it only
            # above numeric ones.
            about = inline(concept.term, lang) if question.kind.is_numeric else concept.domain
            header = f"Question {number}/{len(questions)} · {about}"
            answer = ask(question, lang, header, formula=concept.formula)
            answered += 1
            right += answer.grade.correct
    except click.Abort:
        click.echo("\nQuiz ended early.")
    click.secho(f"Score: {right}/{answered}", bold=True)
