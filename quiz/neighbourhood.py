"""Where wrong options come from: the concepts near a concept in the graph.

Steps from a concept over prerequisite, dependent and related links (walked in both
directions; on a large library only the nearest layers, :data:`NEIGHBOURHOOD`), its
domain's members, the nearest concepts ranked with ties broken by a seed, a concept's
ancestors and descendants, and the concepts that would also fit as its answer
(:func:`confusable`).
"""

from __future__ import annotations

import re
import weakref
from collections.abc import Iterable
from collections.abc import Set as AbstractSet

import numpy as np

from kg.concept import Concept
from kg.graph import ancestors
from kg.library import Library
from quiz.grading import fold_term
from quiz.masking import has_cjk

OTHER_DOMAIN_PENALTY = 1.5
"""Graph steps a concept from another domain counts as, when ranking distractors."""


def graph_distances(library: Library, start: str) -> dict[str, int]:
    """Steps from ``start`` to every concept, walking prerequisite, dependent and related links."""
    return neighbourhood(library, start, len(library))


NEIGHBOURHOOD = 64
"""Candidates a question on a large library draws its wrong options from: the concepts
nearest in the graph, at least this many (:func:`neighbourhood`). A question needs
three; the fairness rules turn some candidates away (an ancestor, a descendant, a shared
name, a definition naming the other, an option shown twice), and in the bundled library
they turn away at most a handful of a concept's 64 nearest, so 64 leaves a wide margin
while bounding what a question costs: 64 concepts built and checked, whatever the
size of the library. A question whose neighbourhood still cannot give three falls back
to a scan of the library."""

SCAN_AT_MOST = 4 * NEIGHBOURHOOD
"""A library of at most this many concepts is scanned whole for every question: there
the scan costs a few milliseconds and gives the exact nearest order over everything."""


def neighbourhood(library: Library, start: str, enough: int, *, beyond: int = 0) -> dict[str, int]:
    """Steps from ``start`` to the concepts nearest it, walking prerequisite, dependent
    and related links: whole distance layers, until at least ``enough`` concepts are
    more than ``beyond`` steps away or the component is exhausted.

    Walks the outlines alone (no concept built), so its cost is that of the layers
    it collects, not of the library.
    """
    outlines, dependents = library.outlines, library.dependents
    distance = {start: 0}
    layer = [start]
    far = 0
    while layer and far < enough:
        following = []
        for node in layer:
            outline = outlines[node]
            for other in (*outline.prerequisites, *dependents[node], *outline.related):
                if other not in distance:
                    distance[other] = distance[node] + 1
                    following.append(other)
        far += sum(distance[node] > beyond for node in following)
        layer = following
    return distance


def with_domain(
    library: Library, concept: Concept, near: dict[str, int], enough: int
) -> dict[str, int]:
    """``near``, and if it holds fewer than ``enough`` others, concepts of the concept's own
    domain that the graph does not reach (as far as the scan's ranking puts them: after
    every reached concept of the domain), in file order."""
    if len(near) > enough:
        return near
    unreachable = len(library) + 1
    grown = dict(near)
    for other in _domain_members(library).get(concept.domain, ()):
        if len(grown) > enough:
            break
        grown.setdefault(other, unreachable)
    return grown


_DOMAIN_MEMBERS: weakref.WeakKeyDictionary[Library, dict[str, list[str]]] = (
    weakref.WeakKeyDictionary()
)


def _domain_members(library: Library) -> dict[str, list[str]]:
    """Each domain's concept ids in file order, from the outlines (kept per library)."""
    members = _DOMAIN_MEMBERS.get(library)
    if members is None:
        members = {}
        for outline in library.outlines.values():
            members.setdefault(outline.domain, []).append(outline.id)
        _DOMAIN_MEMBERS[library] = members
    return members


def nearest_concepts(
    library: Library,
    concept: Concept,
    rng: np.random.Generator,
    *,
    exclude: AbstractSet[str] = frozenset(),
    first: AbstractSet[str] = frozenset(),
    among: dict[str, int] | None = None,
    limit: int | None = None,
) -> list[Concept]:
    """Every other concept, nearest first (graph steps, other domains penalized).

    Concepts in ``first`` come before all others (each group nearest first). Ties
    are broken by ``rng``, so different seeds give different distractors. With
    ``among`` (steps from the concept, as :func:`neighbourhood` gives them) only
    those concepts are ranked, by their outlines, and only the first ``limit`` are
    built: the cost of a neighbourhood, not of the library.
    """
    distance = graph_distances(library, concept.id) if among is None else among
    unreachable = len(library) + 1
    outlines = library.outlines
    candidates = [
        outlines[other]
        for other in (outlines if among is None else among)
        if other != concept.id and other not in exclude
    ]
    noise = rng.random(len(candidates))
    scored = sorted(
        zip(candidates, noise, strict=True),
        key=lambda pair: (
            pair[0].id not in first,
            distance.get(pair[0].id, unreachable)
            + (0 if pair[0].domain == concept.domain else OTHER_DOMAIN_PENALTY),
            pair[1],
        ),
    )
    return [library[candidate.id] for candidate, _ in scored[:limit]]


def descendants(library: Library, concept_id: str) -> set[str]:
    """Every concept that needs ``concept_id`` first, directly or not: a walk of
    ``library.dependents`` from it, as long as its descendants, not the library."""
    dependents = library.dependents
    found: set[str] = set()
    waiting = [concept_id]
    while waiting:
        for other in dependents[waiting.pop()]:
            if other not in found:
                found.add(other)
                waiting.append(other)
    return found


LINEAGES_KEPT = 32
"""Concepts whose ancestors and descendants a library keeps (:func:`lineage`): a study
session asks several questions about each of a few concepts at a time."""

_LINEAGE: weakref.WeakKeyDictionary[Library, dict[str, tuple[frozenset[str], frozenset[str]]]] = (
    weakref.WeakKeyDictionary()
)


def lineage(library: Library, concept_id: str) -> tuple[frozenset[str], frozenset[str]]:
    """(ancestors, descendants) of ``concept_id``, kept per library for the
    :data:`LINEAGES_KEPT` concepts asked about last: every question about a concept
    needs them, and on a large library a root's descendants are thousands."""
    kept = _LINEAGE.setdefault(library, {})
    if concept_id in kept:
        kept[concept_id] = kept.pop(concept_id)  # now the newest
    else:
        if len(kept) >= LINEAGES_KEPT:
            del kept[next(iter(kept))]
        kept[concept_id] = (
            frozenset(ancestors(library.prerequisites, [concept_id])),
            frozenset(descendants(library, concept_id)),
        )
    return kept[concept_id]


def names_in(text: str, names: list[str]) -> bool:
    """Whether ``text`` names one of ``names``: a Latin name as a whole word (``CE`` is not
    in "once"), a Chinese one anywhere; names shorter than two characters are ignored."""
    for name in names:
        if len(name) < 2:
            continue
        if has_cjk(name):
            if name in text:
                return True
        elif re.search(rf"(?<![\w-]){re.escape(name)}(?![\w-])", text, flags=re.IGNORECASE):
            return True
    return False


_CONFUSABLE: weakref.WeakKeyDictionary[Library, dict[str, frozenset[str]]] = (
    weakref.WeakKeyDictionary()
)


def confusable(
    library: Library, concept: Concept, among: Iterable[str] | None = None
) -> frozenset[str]:
    """The concepts a definition or term question must not offer as wrong, because they
    would also fit: the concept's ancestors and descendants (broader and narrower
    ideas in this graph), any concept that shares one of its names, and any concept
    whose definition names it or that its definition names. Names and definitions are
    compared with the concepts ``among`` only (default: the whole library, kept per
    library); the ancestors and descendants are always all there."""
    if among is not None:
        return frozenset(_confusable(library, concept, among))
    known = _CONFUSABLE.setdefault(library, {})
    if concept.id not in known:
        known[concept.id] = frozenset(_confusable(library, concept, library.outlines))
    return known[concept.id]


def kin(library: Library, concept_id: str) -> set[str]:
    """The concept's ancestors and descendants: walks as long as its ancestry."""
    before, later = lineage(library, concept_id)
    return set(before | later)


def _confusable(library: Library, concept: Concept, among: Iterable[str]) -> set[str]:
    before, later = lineage(library, concept.id)
    return set(before | later) | named_alike(library, concept, among)


def named_alike(library: Library, concept: Concept, among: Iterable[str]) -> set[str]:
    """The concepts ``among``, neither ancestors nor descendants of ``concept``, that
    share one of its names or whose definition names it or that its definition names."""
    before, later = lineage(library, concept.id)
    own = list(concept.names()[1:])
    own_keys = {fold_term(name) for name in concept.names()}
    definition = f"{concept.definition.en}\n{concept.definition.zh}"
    found = set()
    for other_id in among:
        if other_id == concept.id or other_id in before or other_id in later:
            continue
        other = library[other_id]
        names = list(other.names()[1:])
        if (
            own_keys & {fold_term(name) for name in other.names()}
            or names_in(f"{other.definition.en}\n{other.definition.zh}", own)
            or names_in(definition, names)
        ):
            found.add(other.id)
    return found
