"""Reading and grading what a learner typed.

Numbers are accepted in the forms a person types: ``0.417``, ``4.17e-1``,
``5/12``, and vectors as ``[0.1, 0.2]``, ``0.1 0.2`` or ``0.1, 0.2`` (full-width
digits and punctuation too). Terms match any name of the concept in either
language, ignoring case, spacing and width. Multiple choice takes a letter
(``a``) or a number (``1``). Input that cannot be read raises
:class:`Unparseable`, so the learner gets a message and another try rather
than a wrong mark.
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
    """For a wrong multiple-choice option: the hint of the mistake it stands for."""


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


def parse_numbers(text: str) -> list[float]:
    """A number or a vector, in any of the accepted forms.

    Examples
    --------
    >>> parse_numbers("[0.1, 0.2]")
    [0.1, 0.2]
    >>> parse_numbers("0.1 0.2")
    [0.1, 0.2]
    >>> parse_numbers("（1/2，0.25）")
    [0.5, 0.25]
    """
    body = unicodedata.normalize("NFKC", text).strip()
    if body[:1] in "[(" and body[-1:] in "])":
        body = body[1:-1]
    body = re.sub(r"\s*/\s*", "/", body)  # "5 / 12" is one fraction
    parts = [part for part in _SEPARATORS.split(body) if part]
    if not parts:
        raise Unparseable(Text("Type a number.", "请输入一个数字。"))
    return [parse_scalar(part) for part in parts]


def grade_number(
    given: str, expected: float | tuple[float, ...], *, rel: float, abs: float
) -> Grade:
    """Grade a typed number or vector against ``expected`` within the tolerance.

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
    """
    values = parse_numbers(given)
    wanted = list(expected) if isinstance(expected, tuple | list) else [expected]
    if len(values) != len(wanted):
        raise Unparseable(
            Text(
                f"Expected {len(wanted)} number(s), got {len(values)}.",
                f"需要 {len(wanted)} 个数字，你输入了 {len(values)} 个。",
            )
        )
    correct = all(
        math.fabs(v - w) <= abs + rel * math.fabs(w) for v, w in zip(values, wanted, strict=True)
    )
    return Grade(correct, format_expected(expected))


def format_expected(expected: float | tuple[float, ...]) -> str:
    """The expected value as shown after grading.

    Examples
    --------
    >>> format_expected((0.5, 1 / 3))
    '[0.5, 0.3333]'
    """
    from quiz.numeric.base import fmt

    return fmt(list(expected) if isinstance(expected, tuple | list) else expected)


def grade_term(given: str, accepted: Iterable[str]) -> Grade:
    """Grade a typed term: any accepted name, ignoring case, spacing and width.

    Raises
    ------
    Unparseable
        If nothing was typed.

    Examples
    --------
    >>> grade_term(" gradient  DESCENT ", ["Gradient descent", "梯度下降"]).correct
    True
    >>> grade_term("梯度下降", ["Gradient descent", "梯度下降"]).correct
    True
    """
    names = list(accepted)
    if not normalize_name(given):
        raise Unparseable(Text("Type a term.", "请输入术语。"))
    wanted = {normalize_name(name) for name in names}
    return Grade(normalize_name(given) in wanted, names[0])


def choice_index(given: str, count: int) -> int:
    """The 0-based option a learner picked: ``a``/``A``/``(a)`` or ``1``.

    Raises
    ------
    Unparseable
        If the answer names no option.

    Examples
    --------
    >>> choice_index("B", 4), choice_index("3", 4), choice_index("(d)", 4)
    (1, 2, 3)
    """
    token = unicodedata.normalize("NFKC", given).strip().strip("().").lower()
    letters = "abcdefghijklmnopqrstuvwxyz"[:count]
    if len(token) == 1 and token in letters:
        return letters.index(token)
    if token.isdigit() and 1 <= int(token) <= count:
        return int(token) - 1
    last = letters[count - 1]
    raise Unparseable(
        Text(
            f"Answer with a letter a–{last} or a number 1–{count}.",
            f"请用字母 a–{last} 或数字 1–{count} 作答。",
        )
    )
