"""Reading and grading what a learner typed.

Numbers are accepted in the forms a person types: ``0.417``, ``4.17e-1``,
``5/12``, and vectors as ``[0.1, 0.2]``, ``0.1 0.2`` or ``0.1, 0.2`` (full-width
digits and punctuation too); a whole number may have thousands separators
(``1,454``). A number is graded at the precision its question states: a whole
number exactly, a decimal to its significant figures. Terms match any name of
the concept in either language, ignoring case, spacing, width, surrounding
punctuation and quotes, a leading article and British or American spelling;
traditional Chinese is converted to simplified first (OpenCC). A term of
:data:`ALMOST_MIN_LETTERS` or more letters typed with one edit (a letter added,
dropped, changed, or two neighbours swapped) is **almost** right: graded right,
rated Hard, and shown with the difference (:func:`term_diff`). A number right to
fewer significant figures than asked raises :class:`Imprecise`: the learner gets
"close" and another try.
Multiple choice takes a letter (``a``), or an option's number (``1``) when the
options are words, or an option's value when they are numbers. Input that
cannot be read raises :class:`Unparseable`, so the learner gets a message and
another try rather than a wrong mark.
"""

from __future__ import annotations

import difflib
import math
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from fractions import Fraction
from functools import cache

from kg.concept import Text
from kg.names import normalize_name

_NUMBER = re.compile(r"^[+-]?(?:\d+\.?\d*|\.\d+)(?:e[+-]?\d+)?$")
_SEPARATORS = re.compile(r"[,;\s]+")
_GROUPED = re.compile(r"^[+-]?\d{1,3}(?:,\d{3})+$")
"""A whole number with thousands separators: ``1,454``, ``1,050,624``."""


ALMOST_MIN_LETTERS = 5
"""A typed term this long or longer, one edit away from a name, is "almost" right."""


class Unparseable(ValueError):
    """The answer could not be read; ``message`` says what is expected."""

    def __init__(self, message: Text):
        super().__init__(message.en)
        self.message = message


class Imprecise(Unparseable):
    """A number right only to fewer significant figures (``typed``) than asked (``wanted``):
    not a wrong answer, but "close", and another try."""

    def __init__(self, typed: int, wanted: int):
        super().__init__(
            Text(
                f"Close — give {wanted} significant figures (you gave {typed}).",
                f"接近了——请给出 {wanted} 位有效数字（你给了 {typed} 位）。",
            )
        )
        self.typed = typed
        self.wanted = wanted


@dataclass(frozen=True)
class Grade:
    """The verdict on one answer."""

    correct: bool
    expected: str
    hint: Text | None = None
    """For a wrong answer that a named mistake gives: that mistake's hint."""
    note: Text | None = None
    """What the question asked for (``to 3 significant figures``), shown with the answer."""
    almost: bool = False
    """A typed term one edit from a name (:data:`ALMOST_MIN_LETTERS` letters or more):
    right, but rated Hard and shown with its difference."""
    typed: str | None = None
    """What was typed, for a term."""
    nearest: str | None = None
    """For a term not exactly right: the accepted name closest to ``typed``, to show the
    difference against (:func:`term_diff`)."""


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


def significant_figures(text: str) -> int | None:
    """How many significant figures a typed decimal shows; None for a fraction.

    Leading zeros never count; trailing zeros of a whole number do not either
    (``120`` shows 2), those after the decimal point do (``0.220`` shows 3).

    Examples
    --------
    >>> [significant_figures(t) for t in ("0.22", "0.220", "2.2e-1", "120", "-0.0051", "5/12")]
    [2, 3, 2, 2, 2, None]
    """
    token = unicodedata.normalize("NFKC", text).strip().lower().lstrip("+-−")
    if "/" in token:
        return None
    mantissa = token.split("e")[0]
    digits = mantissa.replace(".", "").lstrip("0")
    if "." not in mantissa:
        digits = digits.rstrip("0")
    return max(1, len(digits))


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
    retry_imprecise: bool = False,
) -> Grade:
    """Grade a typed number or vector against ``expected``.

    With ``integer``, only the whole number is right; with ``exact``, only the
    value itself (a cell read off a table); with ``sig``, each
    number must be within half a unit of that many significant figures of the
    key (see :class:`quiz.numeric.base.Precision`); otherwise within
    ``abs + rel·|expected|``. A wrong answer equal (at the same precision) to
    one of ``mistakes``' values gets that mistake's hint.

    With ``retry_imprecise``, an answer that ``sig`` grades wrong but that is the
    key rounded to the fewer figures it was typed with (``0.22`` for 0.2245 at 3
    significant figures) raises :class:`Imprecise` instead of a wrong grade: the
    caller says "close" and asks once more (then without ``retry_imprecise``).

    Raises
    ------
    Unparseable
        If ``given`` is not a number, or has the wrong count of numbers.
    Imprecise
        With ``retry_imprecise``, for a right answer to too few figures.

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
    >>> grade_number("0.22", 0.2245, sig=3, retry_imprecise=True)
    Traceback (most recent call last):
    quiz.grading.Imprecise: Close — give 3 significant figures (you gave 2).
    >>> grade_number("0.21", 0.2245, sig=3, retry_imprecise=True).correct
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
    if not correct and retry_imprecise and sig is not None and not integer:
        _check_imprecise(given, typed, expected, sig)
    hint = None
    if not correct:
        hint = next((h for v, h in mistakes if h and _gives(precision, typed, v)), None)
        if hint is None and integer and any(v != round(v) for v in values):
            hint = Text("The answer is a whole number.", "答案是一个整数。")
    return Grade(correct, precision.show(expected), hint, precision.note())


def _check_imprecise(
    given: str, typed: float | tuple[float, ...], expected: float | tuple[float, ...], sig: int
) -> None:
    """Raise :class:`Imprecise` if ``typed`` is ``expected`` rounded to the fewer figures
    each of its numbers was typed with."""
    from quiz.numeric.base import Precision

    body = unicodedata.normalize("NFKC", given).strip().rstrip("。.").strip("[]()")
    texts = [part for part in _SEPARATORS.split(body) if part]
    shown = [significant_figures(text) for text in texts]
    if any(count is None for count in shown) or max(c or 0 for c in shown) >= sig:
        return
    values = list(typed) if isinstance(typed, tuple | list) else [typed]
    keys = list(expected) if isinstance(expected, tuple | list) else [expected]
    if len(values) != len(keys) or len(shown) != len(values):
        return
    if all(
        Precision(sig=count or 1).accepts(value, key)
        for value, key, count in zip(values, keys, shown, strict=True)
    ):
        raise Imprecise(min(c or 1 for c in shown), sig)


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
    (re.compile(r"[与及和]"), ""),
    (re.compile(r"(?:^|(?<=[\s,/&;]))and(?=[\s,/&;])"), ""),
    (re.compile(r"[,，、/&;；·]"), ""),
)
"""British spellings folded to American (tokeniser, normalisation, modelling,
neighbour, centre), then a plural folded to its singular (strategies: strategy;
embeddings: embedding), then the separators of a list dropped — 和/与/及, a
whole-word "and", commas, 、, slashes, ``&`` — so "query, key, value", "query key
and value" and "Q/K/V", or 查询、键、值 and 查询、键和值, read alike: applied to
both sides alike."""


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
    >>> fold_term("Query, key, and value") == fold_term("query/key/value")
    True
    >>> fold_term("Q, K, V") == fold_term("Q/K/V") == fold_term("qkv")
    True
    >>> fold_term("查询、键、值") == fold_term("查询、键和值") == fold_term("查询/键/值")
    True
    >>> fold_term("Candidate sampling") == fold_term("candidate sampling")
    True
    """
    body = unicodedata.normalize("NFKC", text).casefold().strip(_EDGES)
    body = _ARTICLE.sub("", body)
    for pattern, replacement in _SPELLINGS:
        body = pattern.sub(replacement, body)
    return normalize_name(body)


@cache
def _to_simplified():
    """OpenCC's traditional-to-simplified converter (its ``t2s`` configuration), loaded once.

    OpenCC is the maintained project behind most Chinese conversion; its official wheels
    install on Python 3.11 without a compiler and carry their dictionaries.
    """
    import opencc

    return opencc.OpenCC("t2s")


_HAN = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")


def simplified(text: str) -> str:
    """``text`` with traditional Chinese characters converted to simplified (OpenCC);
    text without Chinese characters is returned as it is.

    Examples
    --------
    >>> simplified("超參數"), simplified("反向傳播"), simplified("softmax")
    ('超参数', '反向传播', 'softmax')
    """
    if not _HAN.search(text):
        return text
    return str(_to_simplified().convert(text))


def one_edit(first: str, second: str) -> bool:
    """Whether ``first`` and ``second`` are one edit apart: their Damerau-Levenshtein
    (optimal string alignment) distance is exactly 1 — a character added, dropped or
    changed, or two neighbours swapped.

    A yes/no on distance 1 is one linear pass, so it is written here rather than
    taken from a fuzzy-matching library.

    Examples
    --------
    >>> [one_edit("similarty", "similarity"), one_edit("gradiant", "gradient"),
    ...  one_edit("gardient", "gradient"), one_edit("gradient", "gradient"),
    ...  one_edit("gradeint", "gardient")]
    [True, True, True, False, False]
    """
    if first == second or abs(len(first) - len(second)) > 1:
        return False
    if len(first) > len(second):
        first, second = second, first
    start = 0
    while start < len(first) and first[start] == second[start]:
        start += 1
    if len(first) < len(second):  # one character inserted
        return first[start:] == second[start + 1 :]
    if first[start + 1 :] == second[start + 1 :]:  # one character changed
        return True
    return (  # two neighbours swapped
        start + 1 < len(first)
        and first[start] == second[start + 1]
        and first[start + 1] == second[start]
        and first[start + 2 :] == second[start + 2 :]
    )


_DIGITS = re.compile(r"\d")


def typo_of(typed: str, name: str) -> bool:
    """Whether folded ``typed`` is a typo of folded ``name`` under the "almost" rule: one
    edit (:func:`one_edit`) on a name of :data:`ALMOST_MIN_LETTERS` or more letters that
    leaves its digits alone. A changed, added or dropped digit is another thing, not a
    typo: L1 for L2, F2 for F1, GPT-3 for GPT-2.

    Examples
    --------
    >>> typo_of("l2regularizaton", "l2regularization")
    True
    >>> typo_of("l1regularization", "l2regularization")
    False
    >>> typo_of("f2score", "f1score"), typo_of("f1scor", "f1score")
    (False, True)
    """
    letters = sum(char.isalpha() for char in name)
    return (
        letters >= ALMOST_MIN_LETTERS
        and _DIGITS.findall(typed) == _DIGITS.findall(name)
        and one_edit(typed, name)
    )


def grade_term(given: str, accepted: Iterable[str], refused: Iterable[str] = ()) -> Grade:
    """Grade a typed term: any accepted name, as :func:`fold_term` compares them, the
    answer converted to simplified Chinese too; a typo of a name (:func:`typo_of`) is
    almost right (``almost``), unless what was typed is one of the ``refused`` names
    (another concept's names: a student who typed one meant that concept).

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
    >>> grade_term("超參數", ["Hyperparameter", "超参数"]).correct
    True
    >>> grade = grade_term("cosine similarty", ["Cosine similarity", "余弦相似度"])
    >>> grade.correct, grade.almost, grade.expected
    (True, True, 'Cosine similarity')
    >>> grade_term("relu", ["ReLU", "线性整流函数"]).almost, grade_term("rel", ["ReLU"]).correct
    (False, False)
    >>> grade_term("L1 regularization", ["L2 regularization"]).correct
    False
    >>> grade_term("Dropout", ["DropConnect"], refused=["Dropout"]).correct
    False
    """
    names = list(accepted)
    folded = fold_term(given)
    if not folded:
        raise Unparseable(Text("Type a term.", "请输入术语。"))
    wanted = {fold_term(name): name for name in names}
    candidates = {folded, fold_term(simplified(given))}
    if candidates & wanted.keys():
        return Grade(True, names[0], typed=given.strip())
    others = {fold_term(name) for name in refused}
    for candidate in candidates - others:
        for key, name in wanted.items():
            if typo_of(candidate, key):
                return Grade(True, names[0], almost=True, typed=given.strip(), nearest=name)
    converted = fold_term(simplified(given))
    nearest = max(
        names, key=lambda name: difflib.SequenceMatcher(None, converted, fold_term(name)).ratio()
    )
    return Grade(False, names[0], typed=given.strip(), nearest=nearest)


@dataclass(frozen=True)
class DiffPart:
    """One stretch of a typed answer set against the expected one: ``equal`` (the same in
    both), or different: what was ``typed`` where ``expected`` was wanted (either may be
    empty: a letter missing or one too many)."""

    typed: str
    expected: str

    @property
    def equal(self) -> bool:
        return self.typed == self.expected


def term_diff(typed: str, expected: str) -> list[DiffPart]:
    """``typed`` against ``expected``, stretch by stretch (difflib, ignoring case), to
    show a learner where a typed term differs.

    Examples
    --------
    >>> [(p.typed, p.expected) for p in term_diff("cosine similarty", "Cosine similarity")]
    [('Cosine similar', 'Cosine similar'), ('', 'i'), ('ty', 'ty')]
    """
    fold = [char.lower() if len(char.lower()) == 1 else char for char in typed]
    want = [char.lower() if len(char.lower()) == 1 else char for char in expected]
    matcher = difflib.SequenceMatcher(None, fold, want, autojunk=False)
    parts = []
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        # A stretch that differs only in case is shown as equal, in expected's case.
        typed_part = expected[j1:j2] if op == "equal" else typed[i1:i2]
        parts.append(DiffPart(typed_part, expected[j1:j2]))
    return parts


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
    1% of each entry (options show at least 3 significant figures, so the shown value
    or the value to 3 figures is within 0.5%): the nearest such option. Only float
    noise is allowed beyond that (a millionth of the largest option), so that an
    absolute floor never swallows options around 1e-4.

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
    >>> tiny = [0.000105, 0.00000332, 0.00010625, 0.0005]
    >>> choice_index("0.000106", 4, tiny)
    2
    >>> choice_index("0.00025", 4, tiny)
    Traceback (most recent call last):
    ...
    quiz.grading.Unparseable: Answer with a letter a–d, or type one of the values shown.
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
    entries = [x for v in values for x in (v if isinstance(v, tuple | list) else [v])]
    floor = 1e-6 * max((math.fabs(x) for x in entries), default=0.0)
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
                gap <= floor + 0.01 * math.fabs(o) for gap, o in zip(gaps, option, strict=True)
            )
        if close and sum(gaps) < best_distance:
            best, best_distance = index, sum(gaps)
    if best is None:
        raise not_an_option
    return best
