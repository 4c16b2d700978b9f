"""A learner's progress as the HTML page draws it: one state per concept.

The page does not read the study store itself. Whoever has the store (the
command line, through :func:`quiz.study.progress_map.concept_states`) maps it to
a :class:`ConceptState` per concept and hands a :class:`Progress` to
:func:`kg.export.export`; so the page depends only on the states below, and
the store can change without the page noticing.

States, in the order the legend lists them:

``due``
    Introduced, and some card is due now: review it.
``studying``
    Introduced, not learned yet (no card answered right so far).
``learned``
    Introduced and learned (see :mod:`quiz.study.knowledge`).
``known``
    Never studied, but marked known (a placement quiz, or implicit evidence).
``ready``
    Not introduced, every prerequisite learned: the frontier, what to learn next.
``locked``
    Not introduced, some prerequisite not learned yet.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

STATES = ("due", "studying", "learned", "known", "ready", "locked")
"""Every state a concept can be in, in the legend's order."""

STATE_COLOURS = {
    "due": "#e03131",
    "studying": "#1c7ed6",
    "learned": "#2f9e44",
    "known": "#7950f2",
    "ready": "#f59f00",
    "locked": "#adb5bd",
}
"""Each state's colour on the page (the tests read it from here too)."""

STATE_NAMES = {
    "due": "due now · 待复习",
    "studying": "studying · 学习中",
    "learned": "learned · 已掌握",
    "known": "marked known · 已标记掌握",
    "ready": "ready to learn · 可以开始学",
    "locked": "locked · 未解锁",
}
"""Each state's name in the legend, in both languages."""

NEXT_SHOWN = 12
"""How many of the next concepts to learn the progress panel lists."""


@dataclass(frozen=True)
class ConceptState:
    """Where one concept stands.

    Attributes
    ----------
    state : str
        One of :data:`STATES`.
    retrievability : float or None
        The estimated chance (0 to 1) of recalling it now; None if never reviewed.
    due_now : int
        How many of its cards are due now.
    next_due : str or None
        When its next card is due (ISO-8601, UTC), None without cards.
    """

    state: str
    retrievability: float | None = None
    due_now: int = 0
    next_due: str | None = None

    def __post_init__(self) -> None:
        if self.state not in STATES:
            raise ValueError(f"unknown progress state {self.state!r}")


@dataclass(frozen=True)
class Progress:
    """A snapshot of the learner's progress, for the page.

    Attributes
    ----------
    made : str
        When the snapshot was taken (shown on the page).
    source : str
        Where it comes from (the study database's path), shown on the page.
    states : dict of str to ConceptState
        Concept id -> its state; a concept missing here is drawn ``locked``.
    order : list of str
        Every concept id in the course's order (``Library.learning_order``):
        the order in which the panel lists the next concepts to learn.
    """

    made: str
    source: str
    states: dict[str, ConceptState]
    order: list[str]

    def next_to_learn(self, kept: Iterable[str] | None = None) -> list[str]:
        """The ready concepts in course order, among ``kept`` if given.

        Examples
        --------
        >>> progress = Progress("now", "db", {"a": ConceptState("learned"),
        ...                                   "b": ConceptState("ready"),
        ...                                   "c": ConceptState("ready")}, ["a", "c", "b"])
        >>> progress.next_to_learn(), progress.next_to_learn({"b"})
        (['c', 'b'], ['b'])
        """
        wanted = None if kept is None else set(kept)
        return [
            concept
            for concept in self.order
            if (wanted is None or concept in wanted)
            and concept in self.states
            and self.states[concept].state == "ready"
        ]
