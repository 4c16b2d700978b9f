"""Reading and grading what a learner typed.

Numbers are accepted in the forms a person types: ``0.417``, ``4.17e-1``,
``5/12``, and vectors as ``[0.1, 0.2]``, ``0.1 0.2`` or ``0.1, 0.2`` (full-width
digits and punctuation too); a whole number may have thousands separators
(``1,454``). A number is graded at the precision its question states: a whole
number exactly, a decimal to its significant figures. Terms match any name of
the concept in either language, ignoring case, spacing, width, surrounding
punctuation and quotes, a leading article and British or American spelling.
Multiple choice takes a letter (``a``), or an option's number (``1``) when the
options are words, or an option's value when they are numbers. Input that
cannot be read raises :class:`Unparseable`, so the learner gets a message and
another try rather than a wrong mark.
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from fractions import Fraction

from kg.concept import Text
from kg.names import normalize_name

_NUMBER = re.compile(r"^[+-]?(?:\d+\.?\d*|\.\d+)(?:e[+-]?\d+)?$")
_SEPARATORS = re.compile(r"[,;\s]+")
_GROUPED = re.compile(r"^[+-]?\d{1,3}(?:,\d{3})+$")
"""A whole number with thousands separators: ``1,454``, ``1,050,624``."""


class Unparseable(ValueError):
    """The answer could not be read; ``message`` says what is expected."""

    def __init__(self, message: Text):
        super().__init__(message.en)
        self.message = message


@dataclass(frozen=True)
class Grade:
    """The verdict on one answer."""

    correct: bool
    expected: str
    hint: Text | None = None
    """For a wrong answer that a named mistake gives: that mistake's hint."""
    note: Text | None = None
    """What the question asked for (``to 3 significant figures``), shown with the answer."""


def parse_scalar(text: str) -> float:
    """One number: decimal, scientific or a fraction.

    Examples
    --------
    >>> parse_scalar("5/12") == 5 / 12
    True
    >>> parse_scalar("4.17E-1")
    0.417
    >>> parse_scalar("−0.5")
    -0.5
    """
    token = unicodedata.normalize("NFKC", text).strip().lower().replace("−", "-")
    if "/" in token:
        numerator, _, denominator = token.partition("/")
        if _NUMBER.match(numerator.strip()) and _NUMBER.match(denominator.strip()):
            try:
                return float(Fraction(numerator.strip()) / Fraction(denominator.strip()))
            except ZeroDivisionError:
                pass
    elif _NUMBER.match(token):
        value = float(token)
        if math.isfinite(value):
            return value
    raise Unparseable(
        Text(
            f"{text.strip()!r} is not a number; write e.g. 0.417, 4.17e-1 or 5/12",
            f"{text.strip()!r} 不是数字；请写成 0.417、4.17e-1 或 5/12 这样的形式",
        )
    )


def parse_numbers(text: str, *, grouped: bool = False) -> list[float]:
    """A number or a vector, in any of the accepted forms.

    With ``grouped``, a single whole number may have thousands separators.

    Examples
    --------
    >>> parse_numbers("[0.1, 0.2]")
    [0.1, 0.2]
    >>> parse_numbers("0.1 0.2")
    [0.1, 0.2]
    >>> parse_numbers("（1/2，0.25）")
    [0.5, 0.25]
    >>> parse_numbers("1,454", grouped=True), parse_numbers("1,454")
    ([1454.0], [1.0, 454.0])
    """
    body = unicodedata.normalize("NFKC", text).strip().rstrip("。.")
    if grouped and _GROUPED.match(body):
        return [float(body.replace(",", ""))]
    if body[:1] in "[(" and body[-1:] in "])":
        body = body[1:-1]
    body = re.sub(r"\s*/\s*", "/", body)  # "5 / 12" is one fraction
    parts = [part for part in _SEPARATORS.split(body) if part]
    if not parts:
        raise Unparseable(Text("Type a number.", "请输入一个数字。"))
    return [parse_scalar(part) for part in parts]


def grade_number(
    given: str,
    expected: float | tuple[float, ...],
    *,
    rel: float = 0.0,
    abs: float = 0.0,
    sig: int | None = None,
    integer: bool = False,
    exact: bool = False,
    mistakes: Iterable[tuple[float | tuple[float, ...], Text | None]] = (),
) -> Grade:
    """Grade a typed number or vector against ``expected``.

    With ``integer``, only the whole number is right; with ``exact``, only the
    value itself (a cell read off a table); with ``sig``, each
    number must be within half a unit of that many significant figures of the
    key (see :class:`quiz.numeric.base.Precision`); otherwise within
    ``abs + rel·|expected|``. A wrong answer equal (at the same precision) to
    one of ``mistakes``' values gets that mistake's hint.

    Raises
    ------
    Unparseable
        If ``given`` is not a number, or has the wrong count of numbers.

    Examples
    --------
    >>> grade_number("5/12", 0.41666, rel=0.01, abs=0.001).correct
    True
    >>> grade_number("0.5", 0.41666, rel=0.01, abs=0.001).correct
    False
    >>> grade_number("0.417", 5 / 12, sig=3).correct, grade_number("0.42", 5 / 12, sig=3).correct
    (True, False)
    >>> grade_number("1,454", 1454.0, integer=True).correct
    True
    >>> grade_number("1454.0625", 1454.0, integer=True).correct
    False
    """
    values = parse_numbers(given, grouped=integer)
    wanted = list(expected) if isinstance(expected, tuple | list) else [expected]
    if len(values) != len(wanted):
        raise Unparseable(
            Text(
                f"Expected {len(wanted)} number(s), got {len(values)}.",
                f"需要 {len(wanted)} 个数字，你输入了 {len(values)} 个。",
            )
        )
    if sig is None and not integer and not exact:
        correct = all(
            math.fabs(v - w) <= abs + rel * math.fabs(w)
            for v, w in zip(values, wanted, strict=True)
        )
        return Grade(correct, format_expected(expected))
    from quiz.numeric.base import Precision

    precision = Precision(integer=integer, sig=sig or 3, exact=exact)
    typed = tuple(values) if len(values) > 1 or isinstance(expected, tuple | list) else values[0]
    correct = precision.accepts_value(typed, expected)
    hint = None
    if not correct:
        hint = next((h for v, h in mistakes if h and _gives(precision, typed, v)), None)
        if hint is None and integer and any(v != round(v) for v in values):
            hint = Text("The answer is a whole number.", "答案是一个整数。")
    return Grade(correct, precision.show(expected), hint, precision.note())


def _gives(precision, typed, value) -> bool:
    """Whether ``typed`` is ``value`` at the question's precision (a mistake that
    gives a fraction where a whole number is asked: at 3 significant figures)."""
    entries = list(value) if isinstance(value, tuple | list) else [value]
    if precision.integer and any(v != round(v) for v in entries):
        from quiz.numeric.base import Precision

        precision = Precision(sig=3)
    return precision.accepts_value(typed, value)


def format_expected(expected: float | tuple[float, ...]) -> str:
    """The expected value as shown after grading.

    Examples
    --------
    >>> format_expected((0.5, 1 / 3))
    '[0.5, 0.3333]'
    """
    from quiz.numeric.base import fmt

    return fmt(list(expected) if isinstance(expected, tuple | list) else expected)


_EDGES = " \t.,;:!?'\"`()[]{}<>。，、；：！？“”‘’「」『』《》〈〉（）【】〔〕…"
"""What may surround a typed term without changing it: punctuation and quotes."""
_ARTICLE = re.compile(r"^(?:a|an|the)\s+")
_SPELLINGS = (
    (re.compile(r"(?<=[a-z]{3})is(ation|ations|e|ed|es|ing|er|ers)\b"), r"iz\1"),
    (re.compile(r"(?<=[a-z]{2})ys(e|ed|es|ing)\b"), r"yz\1"),
    (re.compile(r"(?<=[a-z]{2})our(s|ed|ing)?\b"), r"or\1"),
    (re.compile(r"(?<=[a-z]{2})ll(ing|ed|er|ers)\b"), r"l\1"),
    (re.compile(r"(?<=[a-z]{3})tre(s)?\b"), r"ter\1"),
    (re.compile(r"(?<=[a-z]{3})ies\b"), "y"),
    (re.compile(r"(?<=[a-z]{3}[^su])s\b"), ""),
    (re.compile(r"[与及]"), "和"),
)
"""British spellings folded to American (tokeniser, normalisation, modelling,
neighbour, centre), then a plural folded to its singular (strategies: strategy;
embeddings: embedding), and 与/及 read as 和: applied to both sides alike."""


def fold_term(text: str) -> str:
    """A typed or accepted term folded for comparison.

    Case, width, spaces and hyphens (:func:`kg.names.normalize_name`), and
    also surrounding punctuation and quotes, a leading article and British or
    American spelling.

    Examples
    --------
    >>> fold_term("“The Tokeniser.”") == fold_term("tokenizer")
    True
    >>> fold_term("Layer normalisation") == fold_term("layer-normalization")
    True
    >>> fold_term("BPE。") == fold_term("「BPE」") == fold_term("bpe")
    True
    >>> fold_term("word embeddings") == fold_term("Word embedding")
    True
    >>> fold_term("decoding strategy") == fold_term("decoding strategies")
    True
    >>> fold_term("encoder–decoder") == fold_term("encoder—decoder") == fold_term("encoder-decoder")
    True
    >>> fold_term("局部极小值和鞍点") == fold_term("局部极小值与鞍点")
    True
    """
    body = unicodedata.normalize("NFKC", text).casefold().strip(_EDGES)
    body = _ARTICLE.sub("", body)
    for pattern, replacement in _SPELLINGS:
        body = pattern.sub(replacement, body)
    return normalize_name(body)


def grade_term(given: str, accepted: Iterable[str]) -> Grade:
    """Grade a typed term: any accepted name, as :func:`fold_term` compares them.

    Raises
    ------
    Unparseable
        If nothing was typed.

    Examples
    --------
    >>> grade_term(" gradient  DESCENT ", ["Gradient descent", "梯度下降"]).correct
    True
    >>> grade_term("梯度下降。", ["Gradient descent", "梯度下降"]).correct
    True
    """
    names = list(accepted)
    if not fold_term(given):
        raise Unparseable(Text("Type a term.", "请输入术语。"))
    wanted = {fold_term(name) for name in names}
    return Grade(fold_term(given) in wanted, names[0])


def choice_index(
    given: str,
    count: int,
    values: list[float | tuple[float, ...]] | None = None,
    *,
    integer: bool = False,
) -> int:
    """The 0-based option a learner picked: ``a``/``A``/``(a)``, or ``1`` for the first.

    When the options are numbers (``values``), a typed number is an option's
    value, never its position: typing ``3`` picks the option that shows 3. A
    value matches a whole-number option exactly when ``integer``, else within
    1% (and 0.001): the nearest such option.

    Raises
    ------
    Unparseable
        If the answer names no option.

    Examples
    --------
    >>> choice_index("B", 4), choice_index("3", 4), choice_index("(d)", 4)
    (1, 2, 3)
    >>> choice_index("1", 3, [2.0, 3.0, 1.0], integer=True), choice_index("c", 3, [2.0, 3.0, 1.0])
    (2, 2)
    """
    token = unicodedata.normalize("NFKC", given).strip().strip(_EDGES).lower()
    letters = "abcdefghijklmnopqrstuvwxyz"[:count]
    if len(token) == 1 and token in letters:
        return letters.index(token)
    last = letters[count - 1]
    if values is None:
        if token.isdigit() and 1 <= int(token) <= count:
            return int(token) - 1
        raise Unparseable(
            Text(
                f"Answer with a letter a–{last} or a number 1–{count}.",
                f"请用字母 a–{last} 或数字 1–{count} 作答。",
            )
        )
    not_an_option = Unparseable(
        Text(
            f"Answer with a letter a–{last}, or type one of the values shown.",
            f"请用字母 a–{last} 作答，或输入所列选项中的一个数值。",
        )
    )
    try:
        typed = parse_numbers(given, grouped=integer)
    except Unparseable:
        raise not_an_option from None
    best, best_distance = None, math.inf
    for index, value in enumerate(values):
        option = list(value) if isinstance(value, tuple | list) else [value]
        if len(option) != len(typed):
            continue
        gaps = [math.fabs(t - o) for t, o in zip(typed, option, strict=True)]
        if integer and all(o == round(o) for o in option):
            close = all(gap < 1e-9 for gap in gaps)
        else:
            close = all(
                gap <= 0.001 + 0.01 * math.fabs(o) for gap, o in zip(gaps, option, strict=True)
            )
        if close and sum(gaps) < best_distance:
            best, best_distance = index, sum(gaps)
    if best is None:
        raise not_an_option
    return best
