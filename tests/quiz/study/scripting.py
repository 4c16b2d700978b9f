"""Scripted answers for ``dlkg study``: predicted by running the same session on a copy.

A session is deterministic given its library, store and clock, so a shadow
session over an empty in-memory store, answered the same way, asks exactly
the questions the command will ask; its answers become the command's input.
"""

from __future__ import annotations

from collections.abc import Callable

from kg.library import Library
from quiz.numeric.base import fmt
from quiz.question import LETTERS, Mode, Question
from quiz.study.clock import fixed_clock
from quiz.study.session import Session
from quiz.study.store import MEMORY, ReviewStore

from .conftest import NOW


def response(question: Question, right: bool) -> list[str]:
    """The lines a learner types to answer ``question`` right or wrong."""
    mode = question.mode
    if mode is Mode.SELF:
        return ["", "3" if right else "1"]
    if mode is Mode.CHOICE:
        if right:
            return [question.answer]
        return [next(LETTERS[i] for i, c in enumerate(question.choices) if not c.correct)]
    if mode is Mode.NUMBER:
        values = question.answer if isinstance(question.answer, tuple) else (question.answer,)
        return [" ".join(repr(v) if right else fmt(v * 3 + 7) for v in values)]
    # A wrong typed term is followed by the "I was right?" key prompt: Enter goes on.
    return [str(question.answer)] if right else ["definitely not this term", ""]


def plan(
    library: Library,
    *,
    right: Callable[[int, Question], bool] = lambda number, question: True,
    **options,
) -> tuple[list[str], list[tuple[str, str, bool]]]:
    """The input lines for a whole session, and (concept, question id, right) per question."""
    lines, asked = [], []
    with ReviewStore.open(MEMORY) as store:
        session = Session(library, store, clock=fixed_clock(NOW), **options)
        while (step := session.next_step()) is not None:
            correct = right(step.number, step.question)
            if step.introduce:
                lines.append("")  # read the new concept, go on to its question
            lines.extend(response(step.question, correct))
            asked.append((step.concept, step.question.id, correct))
            if step.question.mode is Mode.SELF:
                session.answer(step, self_rating=3 if correct else 1)
            else:
                session.answer(step, correct=correct)
    return lines, asked
