"""A formula's pieces on their way to text: the token, its kinds, and :class:`Unsure`."""

from __future__ import annotations

from dataclasses import dataclass, field


class Unsure(Exception):
    """The formula holds something this module cannot convert faithfully."""


# Token kinds.
ATOM = "atom"  # a letter, a number, a symbol, a bracketed group, f(x)
NAME = "name"  # a word: \mathrm{softmax}, \text{train:}, log, max
OP = "op"  # + − × · ⊙ / *
REL = "rel"  # = ≈ ≤ ← → ∈ ∼ |
PUNCT = "punct"  # , ;
SPACE = "space"
QUAD = "quad"  # \quad and \qquad: kept as two spaces, or an equation break after a comma
OPEN = "open"
CLOSE = "close"
BAR = "bar"  # | opens or closes
PREFIX = "prefix"  # ∂ ∇ √: bind to what follows
BIG = "big"  # ∑ ∏
SUB = "sub"
SUP = "sup"
AMP = "amp"
NEWLINE = "newline"


@dataclass
class Tok:
    """One piece of a formula on its way to text."""

    kind: str
    text: str
    plain: bool = False
    """Letters and digits only, no script: may follow ``_`` or ``^`` bare (``x_max``)."""
    operator_name: bool = False
    """log, max, ...: followed by a space before an argument without brackets."""
    atomic: bool = True
    """One term (after grouping): a denominator that needs no parentheses."""
    parts: list[Tok] = field(default_factory=list)
    """A group's processed tokens (for a script's characters)."""
    bracket: str = ""
    """The opening bracket of a bracketed group ..."""
    closing: str = ""
    """... and its closing one."""
    inner: list[Tok] = field(default_factory=list)
    """What the brackets hold, processed."""
    suffix: str = ""
    """The scripts written after the token (part of ``text``)."""
    frac: bool = False
    subs: list[Tok] = field(default_factory=list)
    sups: list[Tok] = field(default_factory=list)
