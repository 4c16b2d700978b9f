"""Line breaking for the terminal: by display width, never inside a number or a name.

:func:`wrap_line` breaks one line of text to fit a width counted in terminal
columns (a CJK character takes two: wcwidth). It breaks

- at spaces, and between two CJK characters (Chinese has no spaces), but never
  before closing punctuation (``，。）」``) nor after opening punctuation
  (``（「``);
- never inside a run of other characters: ``0.3429``, ``norm_first=False``,
  ``w2 − w3`` split only at its spaces;
- never inside a vector of numbers (``[0.3429, 1.4509, -1.1871]``); a vector
  wider than the whole line breaks between its elements only;

and starts each continuation line under the text of the first: after the
indentation and a list marker (``1. ``, ``a) ``, ``- ``), or at a hanging
indent the caller gives. A single word wider than the line is left whole: the
terminal scrolls or folds it, dlkg does not cut it.

Examples
--------
>>> for line in wrap_line("1. Softmax: p = [0.2133, 0.7082, 0.0785] is the answer.", 30):
...     print(line)
1. Softmax: p =
   [0.2133, 0.7082, 0.0785] is
   the answer.
>>> wrap_line("余弦相似度衡量两个向量方向的接近程度。", 20)
['余弦相似度衡量两个向', '量方向的接近程度。']
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from wcwidth import wcswidth, wcwidth

DEFAULT_WIDTH = 80
MIN_TEXT_WIDTH = 24
"""A hanging indent never leaves less than this for the text of a continuation line."""

OPENING = "（「『【《〈〔［｛“‘([{"
"""Punctuation no line ends with."""
CLOSING = "，。、；：！？）」』】》〉〕］｝”’…%％,.;:!?)]}·"
"""Punctuation no line starts with."""

_NUMBER = r"[-+−]?(?:\d[\d,]*(?:\.\d+)?|\.\d+)(?:[eE][-+−]?\d+)?"
_VECTOR = re.compile(
    rf"\[\s*(?:{_NUMBER}|\[[^\[\]]*\])(?:\s*,\s*(?:{_NUMBER}|\[[^\[\]]*\]|…))*\s*\]"
)
"""``[0.1, -2, 3e-4]``, and ``[[1, 2], [3, 4]]``: kept whole."""
_MARKER = re.compile(r"^(\s*)((?:\d{1,3}[.)]|[a-z]\)|[-•*])\s+)?")


def display_width(text: str) -> int:
    """Columns ``text`` takes in a terminal (wcwidth; control characters count 0).

    >>> display_width("Adam 优化器"), display_width("m̂ₜ")
    (11, 2)
    """
    width = wcswidth(text)
    if width >= 0:
        return width
    return sum(max(wcwidth(char), 0) for char in text)


def is_wide(char: str) -> bool:
    return wcwidth(char) == 2


def pad(text: str, width: int) -> str:
    """``text`` padded with spaces to ``width`` columns (left-aligned)."""
    return text + " " * max(0, width - display_width(text))


@dataclass
class _Unit:
    text: str
    separator: str
    """The spaces written before it ("" when it follows without a space)."""

    @property
    def breakable(self) -> bool:
        """Whether a line may end before this unit."""
        if self.separator:
            return True
        first = self.text[:1]
        return is_wide(first) and first not in CLOSING


def _units(text: str) -> list[_Unit]:
    """The pieces a line breaks between."""
    vectors = {match.start(): match.end() for match in _VECTOR.finditer(text)}
    units: list[_Unit] = []
    separator = ""
    index = 0
    length = len(text)
    while index < length:
        char = text[index]
        if char == " ":
            end = index
            while end < length and text[end] == " ":
                end += 1
            separator = text[index:end]
            index = end
            continue
        if index in vectors:
            end = vectors[index]
        elif is_wide(char):
            end = index + 1
        else:
            end = index + 1
            while (
                end < length
                and text[end] != " "
                and end not in vectors
                and not (is_wide(text[end]) and text[end] not in CLOSING)
            ):
                end += 1
        while end < length and text[end] in CLOSING:
            end += 1  # 度。  w3、  ]. : closing punctuation stays with what it closes
        piece = text[index:end]
        if units and not separator and units[-1].text[-1:] in OPENING:
            units[-1].text += piece  # （ stays with what it opens
        else:
            units.append(_Unit(piece, separator))
        separator = ""
        index = end
    return units


def _groups(units: list[_Unit]) -> list[_Unit]:
    """Units joined where no line may break between them."""
    groups: list[_Unit] = []
    for unit in units:
        if groups and not unit.breakable:
            groups[-1].text += unit.separator + unit.text
        else:
            groups.append(_Unit(unit.text, unit.separator))
    return groups


def _split_vector(group: _Unit) -> list[_Unit]:
    """A vector wider than a line: its elements, to break between them only."""
    pieces = re.split(r"(?<=,) +", group.text)
    return [_Unit(piece, group.separator if i == 0 else " ") for i, piece in enumerate(pieces)]


def hanging_indent(line: str) -> int:
    """Where continuation lines of ``line`` start: after its indentation and list marker.

    >>> hanging_indent("  1. Target"), hanging_indent("   a) x"), hanging_indent("text")
    (5, 6, 0)
    """
    match = _MARKER.match(line)
    return display_width(match.group(0)) if match else 0


def wrap_line(line: str, width: int, *, hang: int | None = None) -> list[str]:
    """``line`` broken into lines of at most ``width`` columns where it can be.

    Parameters
    ----------
    line : str
        One line (no newline).
    width : int
        The columns available.
    hang : int, optional
        The indentation of continuation lines; by default, the line's own
        indentation and list marker (:func:`hanging_indent`).
    """
    if display_width(line) <= width:
        return [line]
    indent = line[: len(line) - len(line.lstrip(" "))]
    if hang is None:
        hang = hanging_indent(line)
    hang = max(0, min(hang, width - MIN_TEXT_WIDTH))
    available = width - hang
    groups: list[_Unit] = []
    for group in _groups(_units(line[len(indent) :])):
        vector = _VECTOR.fullmatch(group.text.rstrip(".,;:。，；：、)）"))
        if vector and display_width(group.text) > available:
            groups.extend(_split_vector(group))
        else:
            groups.append(group)
    lines: list[str] = []
    current = indent
    used = display_width(indent)
    empty = True
    for group in groups:
        size = display_width(group.text)
        separator = group.separator if not empty else ""
        if not empty and used + display_width(separator) + size > width:
            lines.append(current.rstrip())
            current = " " * hang + group.text
            used = hang + size
            continue
        current += separator + group.text
        used += display_width(separator) + size
        empty = False
    lines.append(current.rstrip())
    return lines


def wrap_text(text: str, width: int, *, hang: int | None = None) -> list[str]:
    """Every line of ``text`` wrapped by :func:`wrap_line`."""
    lines: list[str] = []
    for line in text.split("\n"):
        lines.extend(wrap_line(line, width, hang=hang))
    return lines
