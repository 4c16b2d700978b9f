"""Conceptual questions, generated from a concept and its place in the graph.

Distractors are hard negatives: the concepts nearest in the graph (prerequisites,
dependents, related links, walked in both directions), preferring the same
domain; never the answer, never two alike.
"""

from __future__ import annotations

from collections import deque

import networkx as nx
import numpy as np

from kg.concept import Concept, Text
from kg.library import Library
from kg.names import normalize_name
from quiz.masking import cloze, has_cjk, mask_names, masked_definition
from quiz.question import LETTERS, Choice, Kind, Question

CHOICES = 4
"""Options in a multiple-choice question: the answer and three distractors."""

OTHER_DOMAIN_PENALTY = 1.5
"""Graph steps a concept from another domain counts as, when ranking distractors."""

CONCEPTUAL_KINDS = (
    Kind.DEFINITION_TO_TERM,
    Kind.DEFINITION_TO_TERM_TYPED,
    Kind.TERM_TO_DEFINITION,
    Kind.ZH_TO_EN,
    Kind.EN_TO_ZH,
    Kind.CLOZE,
    Kind.PREREQUISITE,
)


def _graph_distances(library: Library, start: str) -> dict[str, int]:
    """Steps from ``start`` to every concept, walking prerequisite, dependent and related links."""
    distance = {start: 0}
    queue = deque([start])
    while queue:
        node = queue.popleft()
        concept = library[node]
        for other in (*concept.prerequisites, *library.dependents[node], *concept.related):
            if other not in distance:
                distance[other] = distance[node] + 1
                queue.append(other)
    return distance


def nearest_concepts(
    library: Library, concept: Concept, rng: np.random.Generator, *, exclude: set[str] = frozenset()
) -> list[Concept]:
    """Every other concept, nearest first (graph steps, other domains penalized).

    Ties are broken by ``rng``, so different seeds give different distractors.
    """
    distance = _graph_distances(library, concept.id)
    unreachable = len(library) + 1
    candidates = [c for c in library if c.id != concept.id and c.id not in exclude]
    noise = rng.random(len(candidates))
    scored = sorted(
        zip(candidates, noise, strict=True),
        key=lambda pair: (
            distance.get(pair[0].id, unreachable)
            + (0 if pair[0].domain == concept.domain else OTHER_DOMAIN_PENALTY),
            pair[1],
        ),
    )
    return [candidate for candidate, _ in scored]


def _distinct(options: list[Text], answer: Text, count: int) -> list[Text]:
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


def _multiple_choice(
    rng: np.random.Generator, answer: Text, distractors: list[Text]
) -> tuple[tuple[Choice, ...], str] | None:
    wrong = _distinct(distractors, answer, CHOICES - 1)
    if len(wrong) < CHOICES - 1:
        return None
    options = [Choice(answer, correct=True), *(Choice(text) for text in wrong)]
    order = rng.permutation(len(options))
    shuffled = tuple(options[i] for i in order)
    return shuffled, LETTERS[int(np.flatnonzero(order == 0)[0])]


def _explanation(concept: Concept) -> Text:
    return Text(
        f"{concept.term.en} ({concept.term.zh}): {concept.definition.en}",
        f"{concept.term.zh}（{concept.term.en}）：{concept.definition.zh}",
    )


def _definition_to_term(library, concept, rng, common):
    names = list(concept.names()[1:])
    prompt = Text(
        "Which term does this definition describe?\n" + mask_names(concept.definition.en, names),
        "这个定义描述的是哪个术语？\n" + mask_names(concept.definition.zh, names),
    )
    if common["kind"] is Kind.DEFINITION_TO_TERM_TYPED:
        return Question(**common, prompt=prompt, answer=concept.term.en, accepted=tuple(names))
    others = nearest_concepts(library, concept, rng)
    built = _multiple_choice(rng, concept.term, [c.term for c in others])
    if built is None:
        return None
    return Question(**common, prompt=prompt, answer=built[1], choices=built[0])


def _term_to_definition(library, concept, rng, common):
    prompt = Text(f"What does “{concept.term.en}” mean?", f"「{concept.term.zh}」是什么意思？")
    others = nearest_concepts(library, concept, rng)
    built = _multiple_choice(
        rng, masked_definition(concept), [masked_definition(c) for c in others]
    )
    if built is None:
        return None
    return Question(**common, prompt=prompt, answer=built[1], choices=built[0])


def _translation(library, concept, rng, common):
    if common["kind"] is Kind.ZH_TO_EN:
        shown, wanted = concept.term.zh, concept.term.en
        prompt = Text(
            f"What is the English term for 「{shown}」?", f"「{shown}」的英文术语是什么？"
        )
    else:
        shown, wanted = concept.term.en, concept.term.zh
        prompt = Text(f"What is the Chinese term for “{shown}”?", f"“{shown}”的中文术语是什么？")
    wants_chinese = common["kind"] is Kind.EN_TO_ZH
    accepted = tuple(
        name
        for name in concept.names()[1:]
        if has_cjk(name) == wants_chinese and normalize_name(name) != normalize_name(shown)
    )
    return Question(**common, prompt=prompt, answer=wanted, accepted=accepted or (wanted,))


def _cloze_question(library, concept, rng, common):
    if concept.example is None:
        return None
    names = list(concept.names()[1:])
    english = cloze(concept.example.en, names)
    if english is None:
        return None
    chinese = cloze(concept.example.zh, names) or english
    return Question(
        **common,
        prompt=Text(f"Fill in the blank:\n{english[0]}", f"填空：\n{chinese[0]}"),
        answer=english[1],
        accepted=tuple(dict.fromkeys([english[1], chinese[1], *names])),
    )


def _prerequisite(library, concept, rng, common):
    if not concept.prerequisites:
        return None
    ancestors = nx.ancestors(library.graph, concept.id)
    prerequisite = library[concept.prerequisites[int(rng.integers(len(concept.prerequisites)))]]
    others = nearest_concepts(library, concept, rng, exclude=ancestors)
    built = _multiple_choice(rng, prerequisite.term, [c.term for c in others])
    if built is None:
        return None
    needs = [library[p].term for p in concept.prerequisites]
    solution = Text(
        f"{prerequisite.term.en} is a prerequisite of {concept.term.en}, which needs: "
        + ", ".join(t.en for t in needs)
        + ".",
        f"{prerequisite.term.zh}是{concept.term.zh}的先修概念；{concept.term.zh}需要先学："
        + "、".join(t.zh for t in needs)
        + "。",
    )
    return Question(
        **{**common, "solution": solution},
        prompt=Text(
            f"Which of these must you learn before “{concept.term.en}”?",
            f"学习「{concept.term.zh}」之前必须先学哪一个？",
        ),
        answer=built[1],
        choices=built[0],
    )


def _flashcard(library, concept, rng, common):
    return Question(
        **common,
        prompt=Text(
            f"Recall: what is “{concept.term.en}” ({concept.term.zh})?",
            f"回忆：「{concept.term.zh}」（{concept.term.en}）是什么？",
        ),
        answer=concept.term.en,
        accepted=tuple(concept.names()[1:]),
    )


_BUILDERS = {
    Kind.DEFINITION_TO_TERM: _definition_to_term,
    Kind.DEFINITION_TO_TERM_TYPED: _definition_to_term,
    Kind.TERM_TO_DEFINITION: _term_to_definition,
    Kind.ZH_TO_EN: _translation,
    Kind.EN_TO_ZH: _translation,
    Kind.CLOZE: _cloze_question,
    Kind.PREREQUISITE: _prerequisite,
    Kind.FLASHCARD: _flashcard,
}


def conceptual_question(
    library: Library, concept_id: str, kind: Kind, seed: int
) -> Question | None:
    """The question of ``kind`` about ``concept_id`` for ``seed``.

    Returns None when the concept cannot support that kind: no example
    sentence containing its term (cloze), no prerequisites, or too few
    distinct distractors.

    Raises
    ------
    ValueError
        If ``kind`` is not a conceptual kind.

    Examples
    --------
    >>> from kg.examples import example_library
    >>> from pathlib import Path
    >>> library = example_library()
    >>> q = conceptual_question(library, "gradient-descent", Kind.ZH_TO_EN, seed=1)
    >>> q.prompt.en
    'What is the English term for 「梯度下降」?'
    >>> q.answer
    'Gradient descent'
    """
    if kind not in _BUILDERS:
        raise ValueError(f"{kind.value!r} is not a conceptual kind")
    concept = library[concept_id]
    common = {
        "id": f"{kind.value}:{concept_id}:{seed}",
        "concept": concept_id,
        "kind": kind,
        "seed": seed,
        "template": kind.value,
        "solution": _explanation(concept),
    }
    return _BUILDERS[kind](library, concept, np.random.default_rng(seed), common)
