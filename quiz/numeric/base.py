"""What a numeric question template is, and the helpers every template uses.

A template turns a seeded ``np.random.Generator`` into a :class:`Problem`:
readable random parameters, the answer computed by the engine, a worked
solution in both languages, and misconception distractors, each the value a
named mistake gives (computed by the engine with that mistake).

Templates register themselves with :func:`template`; ``quiz.numeric``
imports every family module so that :data:`TEMPLATES` is complete.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from kg.concept import Text

Value = float | tuple[float, ...]
"""A numeric answer: one number, or a flat vector of numbers."""

MAX_ATTEMPTS = 200
"""How many parameter draws a template gets to produce a non-degenerate problem."""


@dataclass(frozen=True)
class Tolerance:
    """How close a typed number must be: ``|given - expected| <= abs + rel * |expected|``.

    Examples
    --------
    >>> Tolerance(rel=0.01, abs=0.001).accepts(0.417, 5 / 12)
    True
    >>> Tolerance(rel=0.01, abs=0.001).accepts(0.43, 5 / 12)
    False
    """

    rel: float = 0.01
    abs: float = 0.001

    def accepts(self, given: float, expected: float) -> bool:
        return bool(abs(given - expected) <= self.abs + self.rel * abs(expected))

    def to_dict(self) -> dict[str, float]:
        return {"rel": self.rel, "abs": self.abs}


@dataclass(frozen=True)
class Mistake:
    """A named misconception and the hint shown to a learner who made it."""

    name: str
    hint: Text


@dataclass(frozen=True)
class Distractor:
    """A wrong option: the value ``mistake`` produces."""

    value: Value
    mistake: Mistake


@dataclass(frozen=True)
class Problem:
    """One generated numeric problem (before it becomes a Question).

    ``params`` must be JSON-ready (numbers, strings, nested lists), and hold
    everything needed to recompute ``answer`` independently.
    """

    prompt: Text
    answer: Value
    solution: Text
    params: dict[str, Any]
    distractors: tuple[Distractor, ...] = ()


class Degenerate(Exception):
    """Raised by a template when its draw is unreadable or ambiguous; it draws again."""


@dataclass(frozen=True)
class Template:
    """A numeric question template.

    ``engines`` are the engine references (``engine.losses:cross_entropy``)
    whose concepts this template practises.
    """

    id: str
    engines: tuple[str, ...]
    title: Text
    tolerance: Tolerance
    draw: Callable[[np.random.Generator], Problem]

    def generate(self, seed: int) -> Problem:
        """The problem for ``seed``: the same seed always gives the same problem.

        Raises
        ------
        RuntimeError
            If no non-degenerate problem is found in :data:`MAX_ATTEMPTS` draws
            (a bug in the template, caught by the tests).
        """
        rng = np.random.default_rng(seed)
        for _ in range(MAX_ATTEMPTS):
            try:
                problem = self.draw(rng)
            except Degenerate:
                continue
            if distractors_are_distinct(problem, self.tolerance):
                return problem
        raise RuntimeError(f"template {self.id!r} found no usable problem for seed {seed}")


TEMPLATES: dict[str, Template] = {}


def template(
    id: str,
    *,
    engines: Sequence[str],
    title: tuple[str, str],
    rel: float = 0.01,
    abs: float = 0.001,
) -> Callable[[Callable[[np.random.Generator], Problem]], Callable]:
    """Register a draw function as a :class:`Template`.

    Examples
    --------
    >>> @template("example-double", engines=["engine.x:y"], title=("Double", "加倍"))
    ... def double(rng):
    ...     x = int(rng.integers(1, 9))
    ...     return Problem(Text(f"2×{x}?", f"2×{x}？"), 2.0 * x, Text("", ""), {"x": x})
    >>> TEMPLATES.pop("example-double").generate(0).params
    {'x': 7}
    """

    def register(draw: Callable[[np.random.Generator], Problem]) -> Callable:
        if id in TEMPLATES:
            raise ValueError(f"template id {id!r} registered twice")
        TEMPLATES[id] = Template(id, tuple(engines), Text(*title), Tolerance(rel, abs), draw)
        return draw

    return register


def as_value(x: Any) -> Value:
    """A Python float, or a flat tuple of floats, from a number or an array."""
    array = np.asarray(x, dtype=float)
    if array.ndim == 0:
        return float(array)
    return tuple(float(v) for v in array.ravel())


def values_close(a: Value, b: Value, tolerance: Tolerance) -> bool:
    """Whether ``a`` would be graded right against ``b`` (same length, each close)."""
    left, right = np.atleast_1d(a), np.atleast_1d(b)
    if left.shape != right.shape:
        return False
    return all(tolerance.accepts(float(x), float(y)) for x, y in zip(left, right, strict=True))


def distractors_are_distinct(problem: Problem, tolerance: Tolerance) -> bool:
    """No distractor is graded right, and no two distractors are alike."""
    values = [problem.answer, *(d.value for d in problem.distractors)]
    for i, first in enumerate(values):
        for second in values[i + 1 :]:
            if values_close(first, second, tolerance) or values_close(second, first, tolerance):
                return False
    return True


def fmt(x: Any, digits: int = 4) -> str:
    """A number or vector as a person writes it: at most ``digits`` decimals, no noise.

    Examples
    --------
    >>> fmt(5 / 12)
    '0.4167'
    >>> fmt(2.0)
    '2'
    >>> fmt([0.5, -1.25, 3])
    '[0.5, -1.25, 3]'
    >>> fmt(np.array([[1.0, 2.5], [0.0, -1.0]]))
    '[[1, 2.5], [0, -1]]'
    """
    array = np.asarray(x, dtype=float)
    if array.ndim == 0:
        text = f"{float(array):.{digits}f}".rstrip("0").rstrip(".")
        return "0" if text in ("-0", "") else text
    return "[" + ", ".join(fmt(item, digits) for item in array) + "]"


def factor(x: float) -> str:
    """``x`` for the right of a product: negative numbers in parentheses.

    Examples
    --------
    >>> f"2 × {factor(-0.5)}"
    '2 × (-0.5)'
    """
    return f"({fmt(x)})" if x < 0 else fmt(x)


def rounded(rng: np.random.Generator, low: float, high: float, size=None, decimals: int = 1):
    """Uniform numbers in [low, high) rounded to ``decimals``: readable parameters."""
    return np.round(rng.uniform(low, high, size=size), decimals)


def bilingual(en: str, zh: str) -> Text:
    """Shorthand for :class:`Text` in template code."""
    return Text(en, zh)
