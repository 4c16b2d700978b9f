"""A question is data: what to ask, what is right, and how to explain it.

Questions are built by :mod:`quiz.conceptual` and :mod:`quiz.numeric.question`,
graded by :func:`grade`, and serialized with :meth:`Question.to_dict` for
``dlkg quiz --json``, the study store and Anki.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from kg.concept import Text
from quiz.grading import Grade, choice_index, grade_number, grade_term

SEED_RANGE = 2**31
"""Question seeds are drawn from [0, SEED_RANGE): quizzes, study sessions, deck variants."""

LETTERS = "abcdefghijklmnopqrstuvwxyz"


class Kind(StrEnum):
    """The kinds of question; a study card is (concept, kind)."""

    DEFINITION_TO_TERM = "definition-to-term"
    """Multiple choice: which term does this definition describe?"""
    DEFINITION_TO_TERM_TYPED = "definition-to-term-typed"
    """Typed: name the term this definition describes."""
    TERM_TO_DEFINITION = "term-to-definition"
    """Multiple choice: which definition belongs to this term?"""
    ZH_TO_EN = "zh-to-en"
    """Typed: the English term for a Chinese one."""
    EN_TO_ZH = "en-to-zh"
    """Typed: the Chinese term for an English one."""
    CLOZE = "cloze"
    """Typed: the term missing from the example sentence."""
    PREREQUISITE = "prerequisite"
    """Multiple choice: which of these must you learn before X?"""
    NUMERIC = "numeric"
    """Typed number or vector, from a numeric template."""
    NUMERIC_CHOICE = "numeric-choice"
    """Multiple choice among the answer and misconception distractors."""
    FLASHCARD = "flashcard"
    """Self-graded: see the term, recall the definition, rate yourself 1–4."""

    @property
    def is_numeric(self) -> bool:
        return self in (Kind.NUMERIC, Kind.NUMERIC_CHOICE)


class Mode(StrEnum):
    """How a question is answered."""

    CHOICE = "choice"
    TERM = "term"
    NUMBER = "number"
    SELF = "self"


@dataclass(frozen=True)
class Choice:
    """One option of a multiple-choice question.

    ``hint`` explains the mistake a wrong option stands for (numeric
    misconceptions); ``mistake`` names it. ``value`` is the number or vector
    a numeric option shows, so that a learner may type it.
    """

    text: Text
    correct: bool = False
    hint: Text | None = None
    mistake: str | None = None
    value: float | tuple[float, ...] | None = None

    def to_dict(self) -> dict[str, Any]:
        data: dict[str, Any] = {"text": self.text.to_dict(), "correct": self.correct}
        if self.value is not None:
            data["value"] = list(self.value) if isinstance(self.value, tuple) else self.value
        if self.mistake:
            data["mistake"] = self.mistake
            data["hint"] = self.hint.to_dict() if self.hint else None
        return data


@dataclass(frozen=True)
class Question:
    """One question, fully determined by (template, seed).

    ``answer`` is what is right: the term for typed questions, the number or
    vector for numeric ones, the letter of the right option for multiple
    choice. ``accepted`` holds every name that grades right for typed terms;
    ``refused`` the other concepts' names that are typos of them (AdamW for Adam,
    自注意力机制 for 注意力机制), which are wrong, never "almost" right.
    ``tolerance`` says what a numeric answer must give (``{"sig": 3}`` or
    ``{"integer": True}``); ``mistakes`` are the values named mistakes give,
    with their hints, for a typed numeric answer.
    """

    id: str
    concept: str
    kind: Kind
    prompt: Text
    answer: Any
    solution: Text
    seed: int
    template: str
    params: dict[str, Any] = field(default_factory=dict)
    choices: tuple[Choice, ...] = ()
    accepted: tuple[str, ...] = ()
    refused: tuple[str, ...] = ()
    tolerance: dict[str, Any] | None = None
    mistakes: tuple[Choice, ...] = ()

    @property
    def mode(self) -> Mode:
        if self.kind is Kind.FLASHCARD:
            return Mode.SELF
        if self.choices:
            return Mode.CHOICE
        if self.kind is Kind.NUMERIC:
            return Mode.NUMBER
        return Mode.TERM

    def to_dict(self) -> dict[str, Any]:
        """The JSON form used by ``dlkg quiz --json``."""
        answer = list(self.answer) if isinstance(self.answer, tuple) else self.answer
        return {
            "id": self.id,
            "concept": self.concept,
            "kind": self.kind.value,
            "template": self.template,
            "prompt": self.prompt.to_dict(),
            "answer": answer,
            "accepted": list(self.accepted),
            **({"refused": list(self.refused)} if self.refused else {}),
            "choices": [choice.to_dict() for choice in self.choices],
            "tolerance": self.tolerance,
            "mistakes": [mistake.to_dict() for mistake in self.mistakes],
            "solution": self.solution.to_dict(),
            "params": self.params,
            "seed": self.seed,
        }


def grade(question: Question, response: str, *, retry_imprecise: bool = False) -> Grade:
    """Grade ``response`` to ``question``.

    With ``retry_imprecise``, a typed number right only to fewer significant figures
    than asked raises :class:`quiz.grading.Imprecise` (a kind of ``Unparseable``): the
    caller says "close" and asks once more, without it.

    Raises
    ------
    quiz.grading.Unparseable
        When the response cannot be read (not a number, no such option, empty);
        the caller shows the message and asks again.
    ValueError
        For a self-graded flashcard, which has nothing to grade.
    """
    mode = question.mode
    if mode is Mode.CHOICE:
        values = [choice.value for choice in question.choices if choice.value is not None]
        numeric = len(values) == len(question.choices)
        integer = bool((question.tolerance or {}).get("integer"))
        index = choice_index(
            response, len(question.choices), values if numeric else None, integer=integer
        )
        picked = question.choices[index]
        return Grade(picked.correct, question.answer, None if picked.correct else picked.hint)
    if mode is Mode.NUMBER:
        mistakes = [(m.value, m.hint) for m in question.mistakes if m.value is not None]
        return grade_number(
            response,
            question.answer,
            **(question.tolerance or {}),
            mistakes=mistakes,
            retry_imprecise=retry_imprecise,
        )
    if mode is Mode.TERM:
        return grade_term(response, question.accepted, question.refused)
    raise ValueError("a flashcard is graded by the learner, not by dlkg")


def question_seed(concept: str, kind: str, reviews: int) -> int:
    """The seed of the question a card shows after ``reviews`` reviews.

    Derived from the card and its review count, never from a random source:
    the same card state always shows the same question (tests can predict it),
    and the numbers change from one review to the next.

    Examples
    --------
    >>> question_seed("softmax", "numeric", 0) == question_seed("softmax", "numeric", 0)
    True
    >>> question_seed("softmax", "numeric", 0) != question_seed("softmax", "numeric", 1)
    True
    """
    digest = hashlib.blake2b(f"{concept}\0{kind}\0{reviews}".encode(), digest_size=8).digest()
    return int.from_bytes(digest, "big") % SEED_RANGE
