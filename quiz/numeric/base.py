"""What a numeric question template is, and the helpers every template uses.

A template turns a seeded ``np.random.Generator`` into a :class:`Problem`:
readable random parameters, the answer computed by the engine, a worked
solution in both languages, and misconception distractors, each the value a
named mistake gives (computed by the engine with that mistake).

Templates register themselves with :func:`template`; ``quiz.numeric``
imports every family module so that :data:`TEMPLATES` is complete.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from typing import Any

import numpy as np

from kg.concept import Text

Value = float | tuple[float, ...]
"""A numeric answer: one number, or a flat vector of numbers."""

PROBABILITY = (0.0, 1.0)
COSINE = (-1.0, 1.0)
"""A cosine, a tanh or a sine: in [-1, 1]."""
NON_NEGATIVE = (0.0, math.inf)
"""A loss, a penalty, a count or a size."""
AT_LEAST_ONE = (1.0, math.inf)
"""A perplexity."""

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


ZERO = 1e-12
"""Below this a key's entry is 0 (float noise such as 1e-17 is not a value to ask for)."""


def clean(x: float) -> float:
    """``x`` rounded to 12 significant figures, and 0 when it is float noise."""
    if abs(x) < ZERO or not math.isfinite(x):
        return 0.0 if abs(x) < ZERO else x
    return float(f"{x:.12g}")


def round_sig(x: float, sig: int) -> float:
    """``x`` to ``sig`` significant figures.

    Examples
    --------
    >>> round_sig(5 / 12, 3), round_sig(0.000712345, 3), round_sig(98.5433, 3), round_sig(0.0, 3)
    (0.417, 0.000712, 98.5, 0.0)
    """
    x = clean(x)
    if x == 0:
        return 0.0
    return float(f"{x:.{sig - 1}e}")


def sig_unit(x: float, sig: int) -> float:
    """One unit in the last of ``sig`` significant figures of ``x`` once rounded (0 for 0).

    Examples
    --------
    >>> sig_unit(0.41667, 3), sig_unit(98.5433, 3), sig_unit(0.09996, 3)
    (0.001, 0.1, 0.001)
    """
    r = round_sig(x, sig)
    if r == 0:
        return 0.0
    return 10.0 ** (math.floor(math.log10(abs(r))) - sig + 1)


HALFWAY_MARGIN = 0.1
"""How far (in units of the last significant figure asked for) a key must stay from a
rounding halfway point when a hand computation may differ from it in a far digit."""


def near_halfway(x: float, sig: int, margin: float = HALFWAY_MARGIN) -> bool:
    """Whether ``x`` lies within ``margin`` units of its ``sig``-th significant figure of a
    point where rounding to ``sig`` figures flips (``…5`` in the next digit).

    A key such as -2.4849999991 (Adam's ε moving -2.485 by 1e-9) rounds to -2.48 while
    the same computation by hand, without ε, gives -2.485 and rounds to -2.49: such a
    key cannot be graded fairly at that precision.

    Examples
    --------
    >>> near_halfway(-2.4849999991, 3), near_halfway(2.4849999991, 3), near_halfway(2.47, 3)
    (True, True, False)
    >>> near_halfway(0.0, 3)
    False
    """
    x = abs(clean(x))
    if x == 0:
        return False
    unit = 10.0 ** (math.floor(math.log10(x)) - sig + 1)
    fraction = (x / unit) % 1.0
    return abs(fraction - 0.5) < margin


EXACT_HALFWAY = 1e-6
"""Within this many units a key *is* the halfway point (0.8125 at 3 figures): both
roundings are graded right, so a hand computation that lands either side is safe."""


def unfair_to_round(value: Value, sig: int) -> bool:
    """Whether some entry of ``value`` lies near, but not exactly at, a rounding halfway
    point at ``sig`` figures (:func:`near_halfway`): a hand computation through the worked
    solution's rounded intermediates could round the other way and be marked wrong.

    Examples
    --------
    >>> unfair_to_round(0.0477458, 3), unfair_to_round(1.76523, 3), unfair_to_round(0.8125, 3)
    (True, True, False)
    >>> unfair_to_round((0.41, 0.0477458), 3), unfair_to_round((0.41, 0.47), 3)
    (True, False)
    """
    return any(
        near_halfway(float(x), sig) and not near_halfway(float(x), sig, EXACT_HALFWAY)
        for x in np.atleast_1d(np.asarray(value, dtype=float))
    )


@dataclass(frozen=True)
class Precision:
    """What a typed answer must give, stated in the prompt and graded exactly so.

    A whole number (``integer``): only that integer is right, ``1454.0625``
    for 1454 is wrong. Otherwise each number to ``sig`` significant figures:
    a typed value is right when it lies within half a unit of that precision
    of the key, so the key rounded is right and one unit off is wrong (more
    digits, if right, are fine).

    Examples
    --------
    >>> Precision(sig=3).accepts(0.417, 5 / 12), Precision(sig=3).accepts(0.418, 5 / 12)
    (True, False)
    >>> Precision(integer=True).accepts(36.0, 36.0), Precision(integer=True).accepts(36.5, 36.0)
    (True, False)
    """

    integer: bool = False
    sig: int = 3
    exact: bool = False
    """The answer is read off the question (a cell of a table: lr 0.003, batch size 64),
    not computed: typed as shown, graded exactly, no figures to round to."""

    def accepts(self, given: float, expected: float) -> bool:
        if not math.isfinite(given):
            return False
        if self.exact:
            return abs(given - expected) <= 1e-9 * max(1.0, abs(expected))
        if self.integer:
            return given == round(given) and round(given) == round(expected)
        expected = clean(expected)
        if expected == 0:
            return abs(given) < ZERO
        return abs(given - expected) <= 0.5 * sig_unit(expected, self.sig) * (1 + 1e-9)

    def accepts_value(self, given: Value, expected: Value) -> bool:
        """Whether every number of ``given`` is right for ``expected`` (same length)."""
        left, right = np.atleast_1d(given), np.atleast_1d(expected)
        if left.shape != right.shape:
            return False
        return all(self.accepts(float(x), float(y)) for x, y in zip(left, right, strict=True))

    def show(self, value: Value) -> str:
        """``value`` as the precision asks for it: ``0.417``, ``1,454``."""
        if self.integer or self.exact:
            return fmt(value)
        array = np.asarray(value, dtype=float)
        if array.ndim == 0:
            return fmt_sig(float(array), self.sig)
        return "[" + ", ".join(fmt_sig(float(v), self.sig) for v in array.ravel()) + "]"

    def statement(self, vector: bool = False) -> Text:
        """The sentence a typed question ends with, saying what to give."""
        if self.exact:
            return Text(
                "Give the values exactly as in the table.",
                "请按表中数值原样作答。",
            )
        if self.integer and vector:
            return Text("Give each entry as a whole number.", "每个分量都是整数。")
        if self.integer:
            return Text("Answer with a whole number.", "答案是整数。")
        if vector:
            return Text(
                f"Give each entry to {self.sig} significant figures.",
                f"每个分量保留 {self.sig} 位有效数字。",
            )
        return Text(
            f"Give your answer to {self.sig} significant figures.",
            f"答案保留 {self.sig} 位有效数字。",
        )

    def note(self) -> Text:
        """A short reminder for the feedback: ``(a whole number)``."""
        if self.exact:
            return Text("exactly as in the table", "按表中数值原样作答")
        if self.integer:
            return Text("a whole number", "整数")
        return Text(f"to {self.sig} significant figures", f"保留 {self.sig} 位有效数字")

    def to_dict(self) -> dict[str, Any]:
        if self.exact:
            return {"exact": True}
        return {"integer": True} if self.integer else {"sig": self.sig}


@dataclass(frozen=True)
class Mistake:
    """A named misconception and the hint shown to a learner who made it."""

    name: str
    hint: Text


@dataclass(frozen=True)
class Distractor:
    """A wrong option: the value ``mistake`` produces.

    An ``optional`` distractor is left out of a draw where it coincides with the
    answer or another option; the others make the template draw again.
    """

    value: Value
    mistake: Mistake
    optional: bool = False


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
    distractors: tuple[Distractor | None, ...] = ()
    """The named mistakes' values; None for a mistake that gives nothing new in this
    draw (the template then never offers it)."""


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
    """How far apart the options of a multiple-choice question must be."""
    draw: Callable[[np.random.Generator], Problem]
    precision: Precision = Precision()
    """What a typed answer must give, and how it is graded."""
    valid: tuple[float, float] | None = None
    """The range every number of a possible answer lies in (a probability in [0, 1], a
    cosine in [-1, 1], a loss in [0, inf)); a distractor outside it is never offered."""
    options: int = 4
    """The most options a multiple-choice question shows (3 where the mistakes fall
    mostly on one side, so that the key's rank can still vary)."""

    def alike(self, first: Value, second: Value) -> bool:
        """Whether two options could be confused: they print alike, are within the
        separation tolerance, or the precision would grade one right for the other."""
        return (
            fmt(first) == fmt(second)
            or values_close(first, second, self.tolerance)
            or values_close(second, first, self.tolerance)
            or self.precision.accepts_value(first, second)
            or self.precision.accepts_value(second, first)
        )

    def admissible(self, value: Value) -> bool:
        """Whether ``value`` could be an answer: finite and inside :attr:`valid`."""
        array = np.atleast_1d(np.asarray(value, dtype=float))
        if not np.all(np.isfinite(array)):
            return False
        if self.valid is None:
            return True
        low, high = self.valid
        return bool(np.all(array >= low - 1e-9) and np.all(array <= high + 1e-9))

    def rounds_ambiguously(self, answer: Value) -> bool:
        """Whether an entry of a typed-decimal ``answer`` lies within
        :data:`HALFWAY_MARGIN` units of a rounding boundary at the stated figures
        (:func:`near_halfway`) without being exactly on it: 0.374498 to 3 figures is
        0.374, but a learner who rounds an intermediate value, or the solution's own
        0.3745, types 0.375 and is marked wrong. An exact half (0.8125) is fine: the
        grader accepts both roundings. Such a draw is drawn again."""
        if self.precision.integer or self.precision.exact:
            return False
        return unfair_to_round(answer, self.precision.sig)

    def generate(self, seed: int) -> Problem:
        """The problem for ``seed``: the same seed always gives the same problem.

        A mistake that does not apply to the draw (None) or gives an impossible
        value (outside :attr:`valid`) is left out. The other required
        distractors must all differ from the answer and from each other
        (:meth:`alike`), else the template draws again; an optional one that
        coincides with the answer or an earlier option is left out. A draw left
        with fewer than two distractors is drawn again too, and so is a draw whose key,
        typed to the stated significant figures, sits near a rounding halfway point
        (:meth:`rounds_ambiguously`): 0.0477458 at 3 figures is 0.0477, but the worked
        solution's own cos −0.809 gives 0.04775, which a student rounds to 0.0478.

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
            if self.rounds_ambiguously(problem.answer):
                continue
            offered = [d for d in problem.distractors if d is not None]
            required = [d for d in offered if not d.optional and self.admissible(d.value)]
            values = [problem.answer, *(d.value for d in required)]
            if any(
                self.alike(first, second)
                for i, first in enumerate(values)
                for second in values[i + 1 :]
            ):
                continue
            kept = []
            for distractor in offered:
                if distractor.optional:
                    if not self.admissible(distractor.value) or any(
                        self.alike(distractor.value, other) for other in values
                    ):
                        continue
                    values.append(distractor.value)
                elif distractor not in required:
                    continue
                kept.append(distractor)
            if len(kept) < min(2, len(offered)):
                continue
            return replace(problem, distractors=tuple(kept))
        raise RuntimeError(f"template {self.id!r} found no usable problem for seed {seed}")


TEMPLATES: dict[str, Template] = {}


def template(
    id: str,
    *,
    engines: Sequence[str],
    title: tuple[str, str],
    rel: float = 0.01,
    abs: float = 0.001,
    integer: bool = False,
    sig: int = 3,
    exact: bool = False,
    valid: tuple[float, float] | None = None,
    options: int = 4,
) -> Callable[[Callable[[np.random.Generator], Problem]], Callable]:
    """Register a draw function as a :class:`Template`.

    ``rel`` and ``abs`` say how far apart options must be; ``integer`` that the
    answer is a whole number (a count, a size), else ``sig`` the significant
    figures a typed answer must give, or ``exact`` that it is read off the prompt
    (a table's cell) and typed as shown; ``valid`` the range any answer lies in;
    ``options`` the most options a multiple-choice question shows.

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
        TEMPLATES[id] = Template(
            id,
            tuple(engines),
            Text(*title),
            Tolerance(rel, abs),
            draw,
            Precision(integer=integer, sig=sig, exact=exact),
            valid,
            options,
        )
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


def unique(answer: Value, *distractors: Distractor | None) -> tuple[Distractor | None, ...]:
    """``distractors`` with None for each whose value is the answer or an earlier one's.

    For mistakes that coincide by construction in some draws (forgetting the
    padding and forgetting the +1 give the same size when p = 1, s = 2): the
    first is offered and the draw stands.

    Examples
    --------
    >>> m = Mistake("m", Text("", ""))
    >>> kept = unique(3.0, Distractor(2.0, m), Distractor(2.0, m), Distractor(3.0, m))
    >>> [d and d.value for d in kept]
    [2.0, None, None]
    """
    seen = [np.atleast_1d(np.asarray(answer, dtype=float))]
    kept: list[Distractor | None] = []
    for distractor in distractors:
        value = None if distractor is None else np.atleast_1d(np.asarray(distractor.value, float))
        if value is None or any(
            v.shape == value.shape and np.allclose(v, value, rtol=1e-9, atol=1e-12) for v in seen
        ):
            kept.append(None)
            continue
        seen.append(value)
        kept.append(distractor)
    return tuple(kept)


def distinct_distractors(
    answer: Value, candidates: Sequence[tuple[Value, Mistake]], tolerance: Tolerance
) -> tuple[Distractor, ...]:
    """The candidates that differ from the answer and from each other; at least two.

    A mistake that happens to give the right value (or another mistake's) on this draw is
    left out rather than offered as a duplicate option.

    Raises
    ------
    Degenerate
        If fewer than two candidates are left (the template draws again).
    """
    kept: list[Distractor] = []
    for value, mistake in candidates:
        others = [answer, *(d.value for d in kept)]
        if not any(
            values_close(value, other, tolerance) or values_close(other, value, tolerance)
            for other in others
        ):
            kept.append(Distractor(value, mistake))
    if len(kept) < 2:
        raise Degenerate
    return tuple(kept)


def fmt(x: Any, digits: int = 4) -> str:
    """A number or vector as a person writes it: ``digits`` decimals, no noise.

    A small number keeps three significant figures (``0.000712``, not
    ``0.0007``); a whole number of 1,000 or more (alone, not in a vector) takes
    thousands separators.

    Examples
    --------
    >>> fmt(5 / 12)
    '0.4167'
    >>> fmt(2.0)
    '2'
    >>> fmt(0.000712345), fmt(1050624.0), fmt(-2.5e-5, 2)
    ('0.000712', '1,050,624', '-0.000025')
    >>> fmt([0.5, -1.25, 3])
    '[0.5, -1.25, 3]'
    >>> fmt(np.array([[1.0, 2.5], [0.0, -1.0]]))
    '[[1, 2.5], [0, -1]]'
    """
    array = np.asarray(x, dtype=float)
    if array.ndim == 0:
        return _scalar(float(array), digits, grouped=True)
    return "[" + ", ".join(_vector_item(item, digits) for item in array) + "]"


def _vector_item(item: Any, digits: int) -> str:
    array = np.asarray(item, dtype=float)
    if array.ndim == 0:
        return _scalar(float(array), digits, grouped=False)
    return "[" + ", ".join(_vector_item(inner, digits) for inner in array) + "]"


def _scalar(value: float, digits: int, *, grouped: bool) -> str:
    value = clean(value)
    if value != 0 and abs(value) < 0.1:
        digits = max(digits, 2 - math.floor(math.log10(abs(value))))
    if grouped and value == round(value) and abs(value) >= 1000:
        return f"{value:,.0f}"
    text = f"{value:.{digits}f}".rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


def fmt_sig(x: float, sig: int) -> str:
    """``x`` to ``sig`` significant figures, trailing zeros dropped.

    Examples
    --------
    >>> fmt_sig(5 / 12, 3), fmt_sig(0.000712345, 3), fmt_sig(2.0, 3), fmt_sig(1234.5, 3)
    ('0.417', '0.000712', '2', '1230')
    """
    value = round_sig(x, sig)
    if value == 0:
        return "0"
    decimals = max(0, sig - 1 - math.floor(math.log10(abs(value))))
    text = f"{value:.{decimals}f}"
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return text


def factor(x: float, digits: int = 4) -> str:
    """``x`` inside a product or after a sign: negative numbers in parentheses.

    Examples
    --------
    >>> f"2 × {factor(-0.5)}"
    '2 × (-0.5)'
    """
    text = fmt(x, digits)
    return f"({text})" if text.startswith("-") else text


def vocabulary_text(words: Sequence[str], vectors: Any) -> str:
    """``word = [v1, v2]`` for each word, comma-separated.

    Examples
    --------
    >>> vocabulary_text(["a", "b"], [[1.0, 0.0], [0.5, -1.0]])
    'a = [1, 0], b = [0.5, -1]'
    """
    return ", ".join(f"{word} = {fmt(vector)}" for word, vector in zip(words, vectors, strict=True))


def plural(count: int, one: str, many: str | None = None) -> str:
    """``count`` and the noun, singular for one: ``1 word``, ``3 words``.

    Examples
    --------
    >>> plural(1, "word"), plural(2, "word"), plural(1, "entry", "entries")
    ('1 word', '2 words', '1 entry')
    """
    return f"{count} {one if count == 1 else many or one + 's'}"


def rounded(rng: np.random.Generator, low: float, high: float, size=None, decimals: int = 1):
    """Uniform numbers in [low, high) rounded to ``decimals``: readable parameters."""
    return np.round(rng.uniform(low, high, size=size), decimals)


def nonzero(rng: np.random.Generator, low: float, high: float, size=None, decimals: int = 1):
    """Like :func:`rounded` but never 0 (a zero gradient or weight makes a question trivial).

    Raises
    ------
    Degenerate
        If any drawn number rounds to 0 (the template draws again).
    """
    values = rounded(rng, low, high, size=size, decimals=decimals)
    if np.any(values == 0):
        raise Degenerate
    return values


def bilingual(en: str, zh: str) -> Text:
    """Shorthand for :class:`Text` in template code."""
    return Text(en, zh)
