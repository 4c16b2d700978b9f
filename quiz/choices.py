"""A multiple-choice question's options: the answer and three distinct wrong ones,
shuffled by a seed."""

from __future__ import annotations

import numpy as np

from kg.concept import Text
from kg.names import normalize_name
from quiz.question import LETTERS, Choice

CHOICES = 4
"""Options in a multiple-choice question: the answer and three distractors."""


def distinct(options: list[Text], answer: Text, count: int) -> list[Text]:
    """Up to ``count`` options whose text differs from the answer and each other."""
    seen = {normalize_name(answer.en), normalize_name(answer.zh)}
    chosen = []
    for option in options:
        keys = {normalize_name(option.en), normalize_name(option.zh)}
        if keys & seen:
            continue
        seen |= keys
        chosen.append(option)
        if len(chosen) == count:
            break
    return chosen


def multiple_choice(
    rng: np.random.Generator, answer: Text, distractors: list[Text]
) -> tuple[tuple[Choice, ...], str] | None:
    wrong = distinct(distractors, answer, CHOICES - 1)
    if len(wrong) < CHOICES - 1:
        return None
    options = [Choice(answer, correct=True), *(Choice(text) for text in wrong)]
    order = rng.permutation(len(options))
    shuffled = tuple(options[i] for i in order)
    return shuffled, LETTERS[int(np.flatnonzero(order == 0)[0])]
