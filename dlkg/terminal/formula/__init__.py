"""A concept's LaTeX formula as Unicode text for the terminal.

The formula is parsed by pylatexenc's :class:`~pylatexenc.latexwalker.LatexWalker`
(which knows each macro's arguments), and its symbol macros (``\\alpha``,
``\\partial``, ``\\mathbb{R}``, ...) take pylatexenc's Unicode. What
pylatexenc's own ``latex2text`` does not do for math, this module does:

- fractions as ``a/b``, with parentheses where they are needed:
  ``\\frac{m_t}{1 - \\beta_1^t}`` is ``mₜ/(1 − β₁ᵗ)``, not ``m_t/1 - β_1^t``;
- sub- and superscripts as Unicode characters when every character has one
  (``β₁ᵗ``, ``∑ᵢ₌₁ⁿ``), else as ``x_max`` or ``e^(zᵢ)``;
- accents as combining characters (``m̂``, ``x̃``), bold as plain letters;
- ``aligned`` rows, and equations separated by ``,\\quad``, one per line,
  continuation rows aligned under the relation of the row above;
- ``cases`` as ``{1, z > 0; 0, z < 0}``.

Anything it does not know (an unknown macro or environment, a multi-letter
accent, a parse error) makes it unsure: :func:`formula_lines` then gives the
LaTeX source, never a mix of the two.

The converter's steps are modules of this package: :mod:`.parsing` (LaTeX to
tokens), :mod:`.grouping` (brackets, scripts, fractions), :mod:`.text` (tokens
to spaced text), with :mod:`.tokens` and :mod:`.symbols` (the tables); this
module cuts rows into lines and holds the public functions. The ``_`` names
the steps share are internal to the package.

Examples
--------
>>> formula_lines(r"\\cos(\\mathbf{a}, \\mathbf{b}) = "
...               r"\\frac{\\mathbf{a} \\cdot \\mathbf{b}}{\\lVert \\mathbf{a} \\rVert \\, "
...               r"\\lVert \\mathbf{b} \\rVert}")
['cos(a, b) = (a · b)/(‖a‖ ‖b‖)']
>>> adam = (r"\\begin{aligned} m_t &= \\beta_1 m_{t-1} + (1 - \\beta_1) \\, g_t \\\\ "
...         r"\\hat{m}_t &= \\frac{m_t}{1 - \\beta_1^t}, \\quad "
...         r"\\hat{v}_t = \\frac{v_t}{1 - \\beta_2^t} \\end{aligned}")
>>> for line in formula_lines(adam):
...     print(line)
mₜ = β₁ mₜ₋₁ + (1 − β₁) gₜ
m̂ₜ = mₜ/(1 − β₁ᵗ)
v̂ₜ = vₜ/(1 − β₂ᵗ)
>>> formula_lines(r"\\unknownmacro{x} + 1")
['\\\\unknownmacro{x} + 1']
"""

from __future__ import annotations

from dlkg.terminal.formula.grouping import _process
from dlkg.terminal.formula.parsing import _parse, _split, _tokens
from dlkg.terminal.formula.symbols import LINE_ENVIRONMENTS
from dlkg.terminal.formula.text import _join
from dlkg.terminal.formula.tokens import AMP, CLOSE, NEWLINE, OPEN, PUNCT, QUAD, SPACE, Tok, Unsure

# ---------------------------------------------------------------------------
# Rows and lines


def _equations(row: list[Tok]) -> list[list[Tok]]:
    """A row cut at each top-level ``,\\quad``: one equation each."""
    parts: list[list[Tok]] = [[]]
    depth = 0
    for token in row:
        if token.kind == OPEN:
            depth += 1
        elif token.kind == CLOSE:
            depth = max(0, depth - 1)
        if token.kind == QUAD and depth == 0:
            current = parts[-1]
            while current and current[-1].kind == SPACE:
                current.pop()
            if current and current[-1].kind == PUNCT and current[-1].text == ",":
                current.pop()
                parts.append([])
                continue
        parts[-1].append(token)
    return [part for part in parts if any(t.kind != SPACE for t in part)]


def _width(text: str) -> int:
    from dlkg.terminal.wrap import display_width

    return display_width(text)


def to_unicode(latex: str) -> list[str]:
    """``latex`` as lines of Unicode text.

    Raises
    ------
    Unsure
        When some part of it cannot be converted faithfully.
    """
    from pylatexenc import latexwalker

    nodes = _parse(latex)
    solid = [
        node
        for node in nodes
        if not (isinstance(node, latexwalker.LatexCharsNode) and not node.chars.strip())
    ]
    aligned = (
        len(solid) == 1
        and isinstance(solid[0], latexwalker.LatexEnvironmentNode)
        and solid[0].environmentname in LINE_ENVIRONMENTS
    )
    tokens = _tokens(solid[0].nodelist if aligned else nodes)
    lines: list[str] = []
    left_width = 0
    for row in _split(tokens, NEWLINE):
        cells = _split(row, AMP)
        if len(cells) > 1 and not aligned:
            raise Unsure("& outside an aligned environment")
        left = _join(_process(cells[0])) if len(cells) > 1 else ""
        right_tokens = [token for cell in cells[1:] for token in cell] if len(cells) > 1 else row
        equations = _equations(right_tokens)
        if not equations and not left:
            continue
        texts = [_join(_process(equation)) for equation in equations] or [""]
        first = texts[0]
        if left:
            first = f"{left} {first}".strip()
            left_width = _width(left)
        elif len(cells) > 1 and left_width and first[:1] in "=≈≤≥<>←→⇒∝∼≠":
            first = " " * (left_width + 1) + first  # under the relation of the row above
        lines.append(first)
        lines.extend(texts[1:])
    lines = [line.rstrip() for line in lines if line.strip()]
    if not lines:
        raise Unsure("an empty formula")
    for line in lines:
        if "\\" in line:
            raise Unsure("a backslash left over")
    return lines


def formula_lines(latex: str) -> list[str]:
    """``latex`` as Unicode lines, or as its source (one line) when unsure."""
    try:
        return to_unicode(latex)
    except Unsure:
        return [latex]
    except Exception:  # a parser's surprise must not cost the user the formula
        return [latex]


def is_converted(latex: str) -> bool:
    """Whether :func:`formula_lines` converts ``latex`` (rather than falling back)."""
    try:
        to_unicode(latex)
    except Exception:
        return False
    return True
