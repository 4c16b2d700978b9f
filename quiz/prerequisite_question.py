"""The prerequisite question: which of these must you learn before X?

It keys one direct prerequisite that X's definition names
(:func:`evident_prerequisites`); its wrong options are clearly not needed first:
outside X's ancestors, descendants, related links and graph family
(:func:`unneeded_before`), the least arguable first.
"""

from __future__ import annotations

import weakref

import numpy as np

from kg.concept import Concept, Text
from kg.graph import ancestors
from kg.library import Library
from quiz.choices import CHOICES, distinct, multiple_choice
from quiz.neighbourhood import (
    NEIGHBOURHOOD,
    SCAN_AT_MOST,
    descendants,
    graph_distances,
    lineage,
    names_in,
    nearest_concepts,
    neighbourhood,
    with_domain,
)
from quiz.question import Question


def prerequisite_question(library, concept, rng, common):
    """Which of these must you learn before X: one direct prerequisite of X that X's own
    definition uses (:func:`evident_prerequisites`), and wrong options that are clearly
    not needed first (:func:`unneeded_before`; in a library too small for three, concepts
    that need X first, then any not before X). Not asked when no prerequisite of X is
    named in its definition: an edge the definition does not show is one a teacher may
    dispute (MSE before maximum likelihood, softmax before accuracy)."""
    evident = evident_prerequisites(library, concept)
    if not evident:
        return None
    prerequisite = library[evident[int(rng.integers(len(evident)))]]
    others = _bounded_prerequisite_distractors(library, concept, rng, prerequisite)
    if others is None:
        others = _scanned_prerequisite_distractors(library, concept, rng, prerequisite)
    built = multiple_choice(rng, prerequisite.term, [c.term for c in others])
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


def evident_prerequisites(library: Library, concept: Concept) -> list[str]:
    """The direct prerequisites of ``concept`` that its definition names (in either
    language): the ones a prerequisite question may key."""
    definition = f"{concept.definition.en}\n{concept.definition.zh}"
    return [
        other
        for other in concept.prerequisites
        if names_in(definition, list(library[other].names()[1:]))
    ]


FAMILY_STEPS = 2
"""Concepts this few steps from X (prerequisite, dependent and related links, either
way: X's siblings, its parents' parents, its children's other parents) are its family:
never offered as surely not needed before X."""


def unneeded_before(
    library: Library, concept: Concept, among: dict[str, int] | None = None
) -> set[str]:
    """The concepts clearly not needed before ``concept``: not its ancestors or its
    descendants (a part and its whole, Transformer encoder and Transformer, are argued
    either way), not linked to it as related, not named in its definition nor naming
    it in theirs, and more than :data:`FAMILY_STEPS` steps away in the graph.

    Only the concepts ``among`` are looked at (steps from ``concept`` as
    :func:`neighbourhood` gives them, every layer up to :data:`FAMILY_STEPS` whole),
    by default the whole library.
    """
    before, later = lineage(library, concept.id)
    distance = graph_distances(library, concept.id) if among is None else among
    definition = f"{concept.definition.en}\n{concept.definition.zh}"
    own = list(concept.names()[1:])
    outlines = library.outlines
    found = set()
    for other_id in outlines if among is None else among:
        if (
            other_id == concept.id
            or other_id in before
            or other_id in later
            or other_id in concept.related
            or concept.id in outlines[other_id].related
            or distance.get(other_id, FAMILY_STEPS + 1) <= FAMILY_STEPS
        ):
            continue
        other = library[other_id]
        if not names_in(definition, list(other.names()[1:])) and not names_in(
            f"{other.definition.en}\n{other.definition.zh}", own
        ):
            found.add(other_id)
    return found


def _scanned_prerequisite_distractors(
    library: Library, concept: Concept, rng: np.random.Generator, prerequisite: Concept
) -> list[Concept]:
    """The wrong options of a prerequisite question, from a scan of the whole library."""
    unneeded = unneeded_before(library, concept)
    before = ancestors(library.prerequisites, [concept.id])
    # A small library may hold too few concepts outside X's family: then concepts that
    # need X first (the graph says they come after it), then anything not before X.
    for allowed in (
        unneeded,
        unneeded | descendants(library, concept.id),
        set(library.outlines) - before - {concept.id},
    ):
        others = _least_arguable_first(library, concept, rng, allowed)
        if _gives_three(others, prerequisite):
            break
    return others


def _gives_three(others: list[Concept], prerequisite: Concept) -> bool:
    """Whether ``others`` hold three terms distinct from the keyed prerequisite's."""
    terms = [c.term for c in others]
    return len(distinct(terms, prerequisite.term, CHOICES - 1)) == CHOICES - 1


def _bounded_prerequisite_distractors(
    library: Library, concept: Concept, rng: np.random.Generator, prerequisite: Concept
) -> list[Concept] | None:
    """The wrong options of a prerequisite question on a library of more than
    :data:`SCAN_AT_MOST` concepts, from the :data:`NEIGHBOURHOOD` nearest concepts
    beyond X's family (then X's domain), with the same rules and fallbacks as the scan:
    :func:`unneeded_before`, then those and the nearest concepts that need X first.
    None on a small library, or when the neighbourhood cannot give three (then the
    caller scans the library)."""
    if len(library) <= SCAN_AT_MOST:
        return None
    near = neighbourhood(library, concept.id, NEIGHBOURHOOD, beyond=FAMILY_STEPS)
    family = sum(steps <= FAMILY_STEPS for steps in near.values())
    near = with_domain(library, concept, near, family + NEIGHBOURHOOD)
    before, later = lineage(library, concept.id)
    outlines = library.outlines
    # The cheap rules first, on the outlines; the names only on the nearest survivors.
    far = {
        other: steps
        for other, steps in near.items()
        if steps > FAMILY_STEPS
        and other not in before
        and other not in later
        and other not in concept.related
        and concept.id not in outlines[other].related
    }
    nearest = nearest_concepts(library, concept, rng, among=far, limit=NEIGHBOURHOOD)
    unneeded = unneeded_before(library, concept, {c.id: far[c.id] for c in nearest})
    needing = nearest_concepts(
        library, concept, rng, among={c: near[c] for c in later if c in near}, limit=NEIGHBOURHOOD
    )
    for allowed in (unneeded, unneeded | {c.id for c in needing}):
        others = _least_arguable_first(library, concept, rng, allowed, among=near)
        if _gives_three(others, prerequisite):
            return others
    return None


_ANCESTRY_SIZE: weakref.WeakKeyDictionary[Library, dict[str, int]] = weakref.WeakKeyDictionary()


def _ancestry_size(library: Library, concept_id: str) -> int:
    """How many concepts ``concept_id`` needs first, directly or not (kept per library)."""
    known = _ANCESTRY_SIZE.setdefault(library, {})
    if concept_id not in known:
        known[concept_id] = len(ancestors(library.prerequisites, [concept_id]))
    return known[concept_id]


def _least_arguable_first(
    library: Library,
    concept: Concept,
    rng: np.random.Generator,
    allowed: set[str],
    among: dict[str, int] | None = None,
) -> list[Concept]:
    """The ``allowed`` concepts, those least arguably needed before ``concept`` first:
    ideas at least as advanced as it (as many prerequisites, direct or not), then
    specialized ones: nothing builds on them and they come from a domain none of its
    prerequisites is in (BERT: object detection, GAN), then the rest, which a teacher may
    count as background (an optimizer, weight initialization); each group nearest first
    (by the steps ``among`` gives, when ``allowed`` lies within it)."""
    depth = _ancestry_size(library, concept.id)
    advanced = {other for other in allowed if _ancestry_size(library, other) >= depth}
    before = lineage(library, concept.id)[0]
    outlines = library.outlines
    drawn_on = {outlines[other].domain for other in before} | {concept.domain}
    specialized = {
        other
        for other in allowed - advanced
        if not library.dependents[other] and outlines[other].domain not in drawn_on
    }
    ordered: list[Concept] = []
    for group in (advanced, specialized, allowed - advanced - specialized):
        if among is None:
            excluded = {other for other in outlines if other not in group}
            ordered += nearest_concepts(library, concept, rng, exclude=excluded)
        else:
            steps = {other: among[other] for other in sorted(group)}
            ordered += nearest_concepts(library, concept, rng, among=steps)
    return ordered
