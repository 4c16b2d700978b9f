"""Turning a numeric template's problem into a typed or multiple-choice Question."""

from __future__ import annotations

import numpy as np

from kg.concept import Text
from quiz.numeric.base import Template, fmt
from quiz.question import LETTERS, Choice, Kind, Question


def numeric_question(concept_id: str, template: Template, seed: int, *, choice: bool) -> Question:
    """The question ``template`` gives for ``seed``, about ``concept_id``.

    With ``choice``, the options are the answer and every misconception
    distractor, shuffled by the seed; a wrong option carries its mistake's hint.
    """
    problem = template.generate(seed)
    kind = Kind.NUMERIC_CHOICE if choice else Kind.NUMERIC
    common = {
        "id": f"{template.id}:{concept_id}:{seed}{':choice' if choice else ''}",
        "concept": concept_id,
        "kind": kind,
        "seed": seed,
        "template": template.id,
        "prompt": problem.prompt,
        "solution": problem.solution,
        "params": problem.params,
        "tolerance": template.tolerance.to_dict(),
    }
    if not choice:
        return Question(**common, answer=problem.answer)
    options = [
        Choice(Text(fmt(problem.answer), fmt(problem.answer)), correct=True),
        *(
            Choice(
                Text(fmt(d.value), fmt(d.value)),
                hint=d.mistake.hint,
                mistake=d.mistake.name,
            )
            for d in problem.distractors
        ),
    ]
    order = np.random.default_rng(seed).permutation(len(options))
    return Question(
        **common,
        answer=LETTERS[int(np.flatnonzero(order == 0)[0])],
        choices=tuple(options[i] for i in order),
    )
