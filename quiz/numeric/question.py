"""Turning a numeric template's problem into a typed or multiple-choice Question.

A typed question says what to give (a whole number, or a number of
significant figures) and is graded exactly so; an answer that a named mistake
gives hears that mistake's hint. A multiple-choice question shows the answer
and up to :data:`DISTRACTORS` of its misconceptions, chosen so that the key's
rank among the sorted options varies from seed to seed (see
:func:`choose_distractors`); the learner answers with a letter or by typing an
option's value.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from kg.concept import Text
from quiz.numeric.base import Distractor, Template, Value, fmt
from quiz.question import LETTERS, Choice, Kind, Question

DISTRACTORS = 3
"""Wrong options of a multiple-choice question (when the template has that many)."""

HOW_TO_CHOOSE = Text(
    "Answer with the letter of your choice, or type its value.",
    "请输入所选选项的字母，或直接输入它的数值。",
)


def numeric_question(concept_id: str, template: Template, seed: int, *, choice: bool) -> Question:
    """The question ``template`` gives for ``seed``, about ``concept_id``.

    With ``choice``, the options are the answer and misconception distractors
    (:func:`choose_distractors`), shuffled by the seed; a wrong option carries
    its mistake's hint.
    """
    problem = template.generate(seed)
    offered = [d for d in problem.distractors if d is not None]  # generate() left out None
    kind = Kind.NUMERIC_CHOICE if choice else Kind.NUMERIC
    precision = template.precision

    def question(
        prompt: Text,
        answer: object,
        *,
        choices: tuple[Choice, ...] = (),
        mistakes: tuple[Choice, ...] = (),
    ) -> Question:
        return Question(
            id=f"{template.id}:{concept_id}:{seed}{':choice' if choice else ''}",
            concept=concept_id,
            kind=kind,
            prompt=prompt,
            answer=answer,
            solution=problem.solution,
            seed=seed,
            template=template.id,
            params=problem.params,
            choices=choices,
            tolerance=precision.to_dict(),
            mistakes=mistakes,
        )

    if not choice:
        statement = precision.statement(vector=isinstance(problem.answer, tuple))
        return question(
            _followed_by(problem.prompt, statement),
            problem.answer,
            mistakes=tuple(_option(d) for d in offered),
        )
    rng = np.random.default_rng(seed)
    shown = choose_distractors(problem.answer, offered, seed, rng, count=template.options - 1)
    options = [
        Choice(Text(fmt(problem.answer), fmt(problem.answer)), correct=True, value=problem.answer),
        *(_option(d) for d in shown),
    ]
    order = rng.permutation(len(options))
    return question(
        _followed_by(problem.prompt, HOW_TO_CHOOSE),
        LETTERS[int(np.flatnonzero(order == 0)[0])],
        choices=tuple(options[i] for i in order),
    )


def _option(distractor: Distractor) -> Choice:
    text = fmt(distractor.value)
    return Choice(
        Text(text, text),
        hint=distractor.mistake.hint,
        mistake=distractor.mistake.name,
        value=distractor.value,
    )


def _followed_by(prompt: Text, sentence: Text) -> Text:
    return Text(f"{prompt.en} {sentence.en}", f"{prompt.zh}{sentence.zh}")


def choose_distractors(
    answer: Value,
    distractors: Sequence[Distractor],
    seed: int,
    rng: np.random.Generator,
    count: int = DISTRACTORS,
) -> list[Distractor]:
    """Up to ``count`` distractors, chosen so that the key's rank does not give it away.

    For a single number the key's rank among the sorted options is how many
    shown distractors lie below it. Of the ranks the template's mistakes make
    possible, the seed picks one in turn (``seed % len(possible)``: over
    consecutive seeds, and so over random ones, every possible rank is as
    frequent); then ``rng`` picks which mistakes below and above to show. A
    vector answer has no rank: ``rng`` picks ``count`` of its mistakes. The
    chosen distractors keep the template's order.

    Examples
    --------
    >>> from quiz.numeric.base import Mistake
    >>> d = [Distractor(v, Mistake(str(v), Text("", ""))) for v in (1.0, 2.0, 4.0, 5.0)]
    >>> ranks = [
    ...     sum(x.value < 3.0 for x in choose_distractors(3.0, d, s, np.random.default_rng(s)))
    ...     for s in range(4)
    ... ]
    >>> ranks
    [1, 2, 1, 2]
    """
    pool = list(range(len(distractors)))
    take = min(count, len(pool))
    if np.ndim(answer) != 0:
        picked = rng.choice(pool, size=take, replace=False) if len(pool) > take else pool
        return [distractors[i] for i in sorted(int(i) for i in picked)]
    key = _number(answer)
    below = [i for i in pool if _number(distractors[i].value) < key]
    above = [i for i in pool if _number(distractors[i].value) > key]
    possible = list(range(max(0, take - len(above)), min(take, len(below)) + 1))
    rank = possible[seed % len(possible)]
    size = take
    picked = [*_some(rng, below, rank), *_some(rng, above, size - rank)]
    return [distractors[i] for i in sorted(picked)]


def _number(value: Value) -> float:
    """A single-number answer or option as a float (a vector here is a template's bug)."""
    if isinstance(value, tuple):
        raise TypeError(f"a vector {value} among the options of a single-number answer")
    return float(value)


def _some(rng: np.random.Generator, indices: list[int], size: int) -> list[int]:
    if size >= len(indices):
        return list(indices)
    return [int(i) for i in rng.choice(indices, size=size, replace=False)]
