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

import unicodedata
from dataclasses import dataclass, field, replace
from functools import cache
from typing import Any


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

SUBSCRIPTS = dict(
    zip(
        "0123456789+−=()aehijklmnoprstuvxβγρφχ",
        "₀₁₂₃₄₅₆₇₈₉₊₋₌₍₎ₐₑₕᵢⱼₖₗₘₙₒₚᵣₛₜᵤᵥₓᵦᵧᵨᵩᵪ",
        strict=True,
    )
)
SUPERSCRIPTS = dict(
    zip(
        "0123456789+−=()abcdefghijklmnoprstuvwxyzABDEGHIJKLMNOPRTUVWβγδθφχ⊤",
        "⁰¹²³⁴⁵⁶⁷⁸⁹⁺⁻⁼⁽⁾ᵃᵇᶜᵈᵉᶠᵍʰⁱʲᵏˡᵐⁿᵒᵖʳˢᵗᵘᵛʷˣʸᶻᴬᴮᴰᴱᴳᴴᴵᴶᴷᴸᴹᴺᴼᴾᴿᵀᵁⱽᵂᵝᵞᵟᶿᵠᵡᵀ",
        strict=True,
    )
)
SUPERSCRIPTS.update({"′": "′", "*": "*"})  # f′, θ*: written after the base as they are

ACCENTS = {
    "hat": "\u0302",
    "widehat": "\u0302",
    "tilde": "\u0303",
    "widetilde": "\u0303",
    "bar": "\u0304",
    "overline": "\u0304",
    "dot": "\u0307",
    "ddot": "\u0308",
    "vec": "\u20d7",
    "overrightarrow": "\u20d7",
    "overleftarrow": "\u20d6",
}
PLAIN_FONTS = frozenset({"mathbf", "boldsymbol", "bm", "mathit", "mathsf", "mathnormal"})
"""Bold and italic add nothing in a terminal: vectors are plain letters, as in the
worked solutions."""
WORD_FONTS = frozenset({"mathrm", "operatorname", "textrm", "textit", "textbf", "mathtt"})
TEXT_MACROS = frozenset({"text", "mbox", "textnormal"})
FONT_TABLES = frozenset({"mathbb", "mathcal", "mathfrak", "mathscr"})
"""Letters whose face carries meaning (ℝ, 𝔼, 𝒩): pylatexenc's Unicode."""
OPERATOR_NAMES = frozenset(
    [
        "log",
        "ln",
        "exp",
        "sin",
        "cos",
        "tan",
        "tanh",
        "sinh",
        "cosh",
        "max",
        "min",
        "arg",
        "lim",
        "sup",
        "inf",
        "det",
        "dim",
        "ker",
        "Pr",
        "deg",
        "gcd",
    ]
)
IGNORED = frozenset(
    {
        "left",
        "right",
        "middle",
        "big",
        "Big",
        "bigg",
        "Bigg",
        "bigl",
        "bigr",
        "Bigl",
        "Bigr",
        "biggl",
        "biggr",
        "textstyle",
        "displaystyle",
        "scriptstyle",
        "limits",
        "nolimits",
        "!",
    }
)
SPACES = frozenset({",", ";", ":", " ", "thinspace", "medspace", "thickspace", "enspace"})

# Symbols by kind. Their text comes from pylatexenc where it has one; these
# tables say how each one is spaced and bound, and fill in what it lacks.
RELATIONS = {
    "ne": "≠",
    "neq": "≠",
    "mid": "|",
    "|": "‖",  # \| between two arguments, as in D(P ‖ Q)
    "lt": "<",
    "gt": ">",
    "coloneqq": "≔",
    "mapsto": "↦",
}
for _name in [
    "approx",
    "le",
    "leq",
    "ge",
    "geq",
    "ll",
    "gg",
    "in",
    "notin",
    "ni",
    "sim",
    "simeq",
    "propto",
    "equiv",
    "cong",
    "subset",
    "subseteq",
    "supset",
    "to",
    "rightarrow",
    "leftarrow",
    "Rightarrow",
    "Leftarrow",
    "Leftrightarrow",
    "leftrightarrow",
    "longrightarrow",
    "implies",
    "iff",
    "gets",
]:
    RELATIONS.setdefault(_name, "")
OPERATORS = {
    name: ""
    for name in [
        "cdot",
        "times",
        "odot",
        "otimes",
        "oplus",
        "cap",
        "cup",
        "setminus",
        "pm",
        "mp",
        "circ",
        "ast",
        "div",
        "wedge",
        "vee",
    ]
}
PREFIXES = {"partial": "", "nabla": "", "Delta": ""}
"""Bound to what follows: ∂L, ∇f, Δx."""
BIGS = {name: "" for name in ["sum", "prod", "int", "oint", "bigcup", "bigcap", "coprod"]}
OPENING = {"lVert": "‖", "lceil": "⌈", "lfloor": "⌊", "langle": "⟨", "lbrace": "{", "{": "{"}
CLOSING = {"rVert": "‖", "rceil": "⌉", "rfloor": "⌋", "rangle": "⟩", "rbrace": "}", "}": "}"}
SYMBOL_OVERRIDES = {
    "epsilon": "ε",  # the legends write ε; the lunate ϵ would read as another symbol
    "varepsilon": "ε",
    "prime": "′",
    "top": "⊤",
    "intercal": "⊤",
    "cdot": "·",
    "ast": "*",
    "ldots": "…",
    "dots": "…",
    "cdots": "⋯",
    "infty": "∞",
    "setminus": "∖",
}
LINE_ENVIRONMENTS = frozenset({"aligned", "align", "align*", "gathered", "gather*", "split"})


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


@cache
def _contexts() -> tuple[Any, Any, Any]:
    """pylatexenc's parsing context (with the macros it lacks) and its text specs."""
    from pylatexenc import latex2text, latexwalker
    from pylatexenc.macrospec import MacroSpec

    parsing = latexwalker.get_default_latex_context_db()
    parsing.add_context_category(
        "dlkg-math",
        prepend=True,
        macros=[
            MacroSpec("operatorname", "{"),
            MacroSpec("boldsymbol", "{"),
            MacroSpec("bm", "{"),
            MacroSpec("widehat", "{"),
            MacroSpec("widetilde", "{"),
            MacroSpec("overline", "{"),
            MacroSpec("vec", "{"),
            MacroSpec("dfrac", "{{"),
            MacroSpec("tfrac", "{{"),
            MacroSpec("mathfrak", "{"),
            MacroSpec("mathscr", "{"),
            MacroSpec("mathsf", "{"),
            MacroSpec("mathnormal", "{"),
            MacroSpec("textnormal", "{"),
            MacroSpec("mathtt", "{"),
        ],
    )
    specs = latex2text.get_default_latex_context_db()
    text = latex2text.LatexNodes2Text(math_mode="text")
    return parsing, specs, text


def _symbol(name: str) -> str | None:
    """pylatexenc's Unicode for the symbol macro ``\\name``, or None if it has none."""
    if name in SYMBOL_OVERRIDES:
        return SYMBOL_OVERRIDES[name]
    _, specs, _ = _contexts()
    spec = specs.get_macro_spec(name)
    repl = getattr(spec, "simplify_repl", None) if spec is not None else None
    if isinstance(repl, str) and repl.strip() and "%" not in repl and "\\" not in repl:
        return repl
    return None


def _parse(latex: str) -> list[Any]:
    from pylatexenc import latexwalker

    parsing, _, _ = _contexts()
    try:
        walker = latexwalker.LatexWalker(latex, latex_context=parsing, tolerant_parsing=False)
        nodes, _, _ = walker.get_latex_nodes()
    except latexwalker.LatexWalkerError as err:
        raise Unsure(str(err)) from None
    return nodes


# ---------------------------------------------------------------------------
# Nodes to tokens


def _chars(text: str, tokens: list[Tok], drop_dot: bool) -> None:
    index = 1 if drop_dot and text.startswith(".") else 0  # \left. and \right. draw nothing
    while index < len(text):
        char = text[index]
        if char.isspace():
            tokens.append(Tok(SPACE, " "))
        elif char.isdigit() or (char == "." and text[index + 1 : index + 2].isdigit()):
            end = index
            while end < len(text) and (
                text[end].isdigit() or (text[end] == "." and text[end + 1 : end + 2].isdigit())
            ):
                end += 1
            tokens.append(Tok(ATOM, text[index:end], plain=True))
            index = end
            continue
        elif char == "_":
            tokens.append(Tok(SUB, ""))
        elif char == "^":
            tokens.append(Tok(SUP, ""))
        elif char in "([":
            tokens.append(Tok(OPEN, char))
        elif char in ")]":
            tokens.append(Tok(CLOSE, char))
        elif char == "|":
            tokens.append(Tok(BAR, "|"))
        elif char in "+-":
            tokens.append(Tok(OP, "−" if char == "-" else "+"))
        elif char in "*/":
            tokens.append(Tok(OP, char))
        elif char in "=<>":
            tokens.append(Tok(REL, char))
        elif char in ",;":
            tokens.append(Tok(PUNCT, char))
        elif char == "'":
            tokens.append(Tok(SUP, ""))
            tokens.append(Tok(ATOM, "′"))
        elif char == "&":
            tokens.append(Tok(AMP, ""))
        elif char == "~":
            tokens.append(Tok(SPACE, " "))
        elif char in "{}\\$%#":
            raise Unsure(f"unexpected {char!r}")
        else:
            tokens.append(Tok(ATOM, char, plain=char.isalnum()))
        index += 1


def _argument(node: Any, index: int) -> Any:
    arguments = node.nodeargd.argnlist if node.nodeargd is not None else []
    if index >= len(arguments) or arguments[index] is None:
        raise Unsure(f"\\{node.macroname} without its argument")
    return arguments[index]


def _group_nodes(node: Any) -> list[Any]:
    from pylatexenc import latexwalker

    if isinstance(node, latexwalker.LatexGroupNode):
        return node.nodelist
    return [node]


def _plain_text(node: Any) -> str:
    """The characters of ``\\text{...}``: only characters and spacing are accepted."""
    from pylatexenc import latexwalker

    parts = []
    for child in _group_nodes(node):
        if isinstance(child, latexwalker.LatexCharsNode):
            parts.append(child.chars)
        elif isinstance(child, latexwalker.LatexMacroNode) and child.macroname in SPACES:
            parts.append(" ")
        elif isinstance(child, latexwalker.LatexGroupNode):
            parts.append(_plain_text(child))
        else:
            raise Unsure("markup inside \\text")
    text = "".join(parts)
    if any(char in text for char in "\\{}$"):
        raise Unsure("markup inside \\text")
    return text


def _words(text: str, tokens: list[Tok]) -> None:
    """``\\text{ if }``: a word, with the spaces written around it."""
    if text[:1].isspace():
        tokens.append(Tok(SPACE, " "))
    if text.strip():
        word = " ".join(text.split())
        tokens.append(Tok(NAME, word, plain=word.isalnum()))
    if text[-1:].isspace() and text.strip():
        tokens.append(Tok(SPACE, " "))


def _macro(node: Any, tokens: list[Tok]) -> None:
    name = node.macroname
    post_space = bool(node.macro_post_space)
    if name in IGNORED:
        tokens.append(Tok("delimiter", ""))
        return
    if name in SPACES:
        tokens.append(Tok(SPACE, " "))
        return
    if name in ("quad", "qquad"):
        tokens.append(Tok(QUAD, "  " if name == "quad" else "    "))
        return
    if name == "\\":
        tokens.append(Tok(NEWLINE, ""))
        return
    if name in ("frac", "dfrac", "tfrac"):
        numerator = _process(_tokens(_group_nodes(_argument(node, 0))))
        denominator = _process(_tokens(_group_nodes(_argument(node, 1))))
        tokens.append(_fraction(numerator, denominator))
        return
    if name == "sqrt":
        arguments = node.nodeargd.argnlist if node.nodeargd is not None else []
        if arguments and arguments[0] is not None:
            raise Unsure("\\sqrt[n]")
        inside = _process(_tokens(_group_nodes(_argument(node, 1))))
        text = _join(inside)
        single = _is_atomic(inside) and not any(t.subs or t.sups for t in inside)
        tokens.append(Tok(ATOM, "√" + (text if single else f"({text})")))
        return
    if name in ACCENTS:
        inside = _process(_tokens(_group_nodes(_argument(node, 0))))
        text = _join(inside)
        letters = [char for char in text if not unicodedata.combining(char)]
        if len(letters) != 1:
            raise Unsure(f"\\{name} over more than one character")
        tokens.append(Tok(ATOM, unicodedata.normalize("NFC", text + ACCENTS[name])))
        return
    if name in PLAIN_FONTS:
        tokens.extend(_tokens(_group_nodes(_argument(node, 0))))
        return
    if name in WORD_FONTS:
        inside = _process(_tokens(_group_nodes(_argument(node, 0))))
        text = _join(inside)
        if len(text) == 1:
            tokens.append(Tok(ATOM, text, plain=text.isalnum()))
        else:
            tokens.append(Tok(NAME, text, plain=text.isalnum()))
        return
    if name in TEXT_MACROS:
        _words(_plain_text(_argument(node, 0)), tokens)
        return
    if name in FONT_TABLES:
        _, _, text_converter = _contexts()
        text = text_converter.nodelist_to_text([node]).strip()
        if not text or "\\" in text or len(text) > 4:
            raise Unsure(f"\\{name}")
        tokens.append(Tok(ATOM, text))
        return
    if name in OPERATOR_NAMES:
        tokens.append(Tok(NAME, name, plain=True, operator_name=True))
        return
    if name in OPENING:
        tokens.append(Tok(OPEN, OPENING[name]))
        return
    if name in CLOSING:
        tokens.append(Tok(CLOSE, CLOSING[name]))
        return
    if name in RELATIONS:
        tokens.append(Tok(REL, RELATIONS[name] or _require(name)))
        return
    if name in OPERATORS:
        tokens.append(Tok(OP, _require(name)))
        return
    if name in PREFIXES:
        tokens.append(Tok(PREFIX, _require(name)))
        return
    if name in BIGS:
        tokens.append(Tok(BIG, _require(name)))
        if post_space:
            tokens.append(Tok(SPACE, " "))
        return
    symbol = _symbol(name)
    if symbol is None or (node.nodeargd is not None and any(node.nodeargd.argnlist or ())):
        raise Unsure(f"unknown macro \\{name}")
    tokens.append(Tok(ATOM, symbol, plain=len(symbol) == 1 and symbol.isalpha()))
    if post_space:
        tokens.append(Tok(SPACE, " "))


def _require(name: str) -> str:
    symbol = _symbol(name)
    if symbol is None:
        raise Unsure(f"no Unicode for \\{name}")
    return symbol.strip()


def _tokens(nodes: list[Any]) -> list[Tok]:
    from pylatexenc import latexwalker

    tokens: list[Tok] = []
    for node in nodes:
        after_delimiter = bool(tokens) and tokens[-1].kind == "delimiter"
        if isinstance(node, latexwalker.LatexCharsNode):
            _chars(node.chars, tokens, drop_dot=after_delimiter)
        elif isinstance(node, latexwalker.LatexMacroNode):
            _macro(node, tokens)
        elif isinstance(node, latexwalker.LatexGroupNode):
            inside = _process(_tokens(node.nodelist))
            tokens.append(_group(inside))
        elif isinstance(node, latexwalker.LatexSpecialsNode):
            if node.specials_chars == "&":
                tokens.append(Tok(AMP, ""))
            elif node.specials_chars == "~":
                tokens.append(Tok(SPACE, " "))
            else:
                raise Unsure(f"special {node.specials_chars!r}")
        elif isinstance(node, latexwalker.LatexEnvironmentNode):
            tokens.append(_environment(node))
        elif isinstance(node, latexwalker.LatexCommentNode):
            continue
        else:
            raise Unsure(type(node).__name__)
    return [token for token in tokens if token.kind != "delimiter"]


def _environment(node: Any) -> Tok:
    name = node.environmentname
    if name != "cases":
        raise Unsure(f"environment {name}")
    cases = []
    for row in _split(_tokens(node.nodelist), NEWLINE):
        cells = _split(row, AMP)
        if len(cells) > 2 or not _join(_process(cells[0])):
            raise Unsure("a cases row")
        texts = [_join(_process(cell)) for cell in cells]
        cases.append(", ".join(text for text in texts if text))
    return Tok(ATOM, "{" + "; ".join(cases) + "}")


def _split(tokens: list[Tok], kind: str) -> list[list[Tok]]:
    parts: list[list[Tok]] = [[]]
    for token in tokens:
        if token.kind == kind:
            parts.append([])
        else:
            parts[-1].append(token)
    if len(parts) > 1 and not any(t.kind != SPACE for t in parts[-1]):
        parts.pop()  # a trailing \\ ends the last row, it does not start another
    return parts


# ---------------------------------------------------------------------------
# Grouping: brackets, scripts, function application


def _process(tokens: list[Tok]) -> list[Tok]:
    return _apply(_scripts(_brackets(tokens)))


def _brackets(tokens: list[Tok]) -> list[Tok]:
    """Each matched bracket pair and what it holds become one atom."""
    result: list[Tok] = []
    stack: list[int] = []  # positions in result of open brackets
    for token in tokens:
        closes_bar = token.kind == BAR and stack and result[stack[-1]].text == token.text
        closes_norm = token.kind == OPEN and token.text == "‖" and stack
        if closes_norm and result[stack[-1]].text == "‖":
            token = Tok(CLOSE, "‖")
        if token.kind == OPEN or (token.kind == BAR and not closes_bar):
            stack.append(len(result))
            result.append(Tok(OPEN, token.text))
        elif (token.kind == CLOSE or closes_bar) and stack:
            start = stack.pop()
            opening = result[start].text
            inside = _process(result[start + 1 :])
            del result[start:]
            text = _join(inside).strip()
            result.append(
                Tok(
                    ATOM,
                    f"{opening}{text}{token.text}",
                    inner=inside,
                    bracket=opening,
                    closing=token.text,
                )
            )
        else:
            result.append(token)
    return result


def _script_text(argument: Tok, table: dict[str, str]) -> str | None:
    """``argument`` in Unicode script characters, or None if some character has none."""
    parts = argument.parts or [argument]
    if any(part.kind == NAME and len(part.text) > 1 for part in parts):
        return None  # x_max, not xₘₐₓ: a word stays a word
    text = _join(parts, script=True)
    if text and all(char in table for char in text):
        return "".join(table[char] for char in text)
    return None


def _scripts(tokens: list[Tok]) -> list[Tok]:
    """Attach each ``_x`` and ``^x`` to the token before it (on copies: a token list
    may be processed more than once)."""
    tokens = [replace(token, subs=[], sups=[]) for token in tokens]
    result: list[Tok] = []
    index = 0
    while index < len(tokens):
        token = tokens[index]
        if token.kind in (SUB, SUP):
            index += 1
            while index < len(tokens) and tokens[index].kind == SPACE:
                index += 1
            if index == len(tokens):
                raise Unsure("a script without its argument")
            argument = tokens[index]
            if argument.kind in (SUB, SUP, NEWLINE, AMP, QUAD):
                raise Unsure("a script without its argument")
            while result and result[-1].kind == SPACE:
                result.pop()
            if not result:
                result.append(Tok(ATOM, ""))
            base = result[-1]
            (base.subs if token.kind == SUB else base.sups).append(argument)
        else:
            result.append(token)
        index += 1
    for token in result:
        if token.subs or token.sups:
            _finish_scripts(token)
    return result


def _finish_scripts(token: Tok) -> None:
    text = ""
    for argument in token.subs:
        converted = _script_text(argument, SUBSCRIPTS)
        if converted is not None:
            text += converted
        else:
            single = argument.plain or (argument.bracket and argument.kind == ATOM)
            written = _join(argument.parts or [argument], script=True)
            text += "_" + (written if single else f"({written})")
    for argument in token.sups:
        converted = _script_text(argument, SUPERSCRIPTS)
        if converted is not None:
            text += converted
        else:
            single = argument.plain or (argument.bracket and argument.kind == ATOM)
            written = _join(argument.parts or [argument], script=True)
            text += "^" + (written if single else f"({written})")
    token.text += text
    token.suffix += text
    token.plain = False
    token.subs, token.sups = [], []


def _apply(tokens: list[Tok]) -> list[Tok]:
    """``f(x)``, ``∂L``, ``√x``: one atom each."""
    result: list[Tok] = []
    for token in tokens:
        previous = result[-1] if result else None
        if token.frac:
            solid = [t for t in result if t.kind != SPACE]
            if solid and solid[-1].operator_name and not solid[-1].suffix:
                while result[-1].kind == SPACE:
                    result.pop()
                name = result.pop()
                result.append(Tok(ATOM, f"{name.text}({token.text})"))  # log(p/q), cos(πt/T)
                continue
        if (
            previous is not None
            and token.kind == ATOM
            and token.bracket in ("(", "[")
            and previous.kind in (ATOM, NAME)
            and not previous.frac
        ) or (previous is not None and previous.kind == PREFIX and token.kind in (ATOM, NAME)):
            result[-1] = Tok(ATOM, previous.text + token.text)
        else:
            result.append(token)
    return result


def _group(inside: list[Tok]) -> Tok:
    """``{...}``: one token holding what the braces held."""
    solid = [token for token in inside if token.kind != SPACE]
    if len(solid) == 1 and solid[0].kind in (ATOM, NAME, OP, REL, BIG, PREFIX):
        return replace(solid[0], parts=inside)
    plain = all(token.plain for token in inside)  # {L1}, {xf}: one word as a script
    return Tok(ATOM, _join(inside), plain=plain, atomic=_is_atomic(inside), parts=inside)


def _is_atomic(tokens: list[Tok]) -> bool:
    solid = [token for token in tokens if token.kind != SPACE]
    return len(solid) == 1 and solid[0].atomic and solid[0].kind in (ATOM, NAME)


def _is_product(tokens: list[Tok]) -> bool:
    """``2m``, ``η m̂ₜ``, ``QKᵀ``: factors side by side, no operator between them."""
    return all(token.kind in (ATOM, NAME, SPACE) and not token.frac for token in tokens)


def _is_differential(tokens: list[Tok]) -> bool:
    """``dx``: written as one symbol in a denominator (dz/dx)."""
    solid = [token for token in tokens if token.kind != SPACE]
    return len(solid) == 2 and solid[0].text == "d" and solid[1].plain and len(tokens) == 2


def _fraction(numerator: list[Tok], denominator: list[Tok]) -> Tok:
    """``a/b``. A product over something is written bare (η m̂ₜ/(√v̂ₜ + ε) is
    (η m̂ₜ)/(√v̂ₜ + ε)); a sum, or anything but a single term below, gets parentheses."""
    top, bottom = _join(numerator), _join(denominator)
    if not (_is_atomic(numerator) or _is_product(numerator)):
        top = f"({top})"
    if not (_is_atomic(denominator) or _is_differential(denominator)):
        bottom = f"({bottom})"
    return Tok(ATOM, f"{top}/{bottom}", atomic=False, frac=True)


# ---------------------------------------------------------------------------
# Tokens to text

_UNARY_AFTER = frozenset({OP, REL, PUNCT, OPEN, BIG, QUAD})


def _join(tokens: list[Tok], *, script: bool = False) -> str:
    """The text of processed tokens, spaced: one space around relations and binary
    operators, source spaces between atoms kept (one), none inside scripts."""
    out: list[str] = []
    previous: Tok | None = None
    pending_space = False
    for token in tokens:
        kind = token.kind
        if kind == SPACE:
            pending_space = True
            continue
        if kind in (AMP, NEWLINE):
            raise Unsure("alignment outside an aligned environment")
        unary = (
            kind == OP
            and token.text in ("−", "+")
            and (previous is None or previous.kind in _UNARY_AFTER)
        )
        if kind == OP and token.text == "/":
            out.append(" / " if pending_space and not script else "/")  # t / k, r/c: as written
        elif kind == REL or (kind == OP and not unary):
            if script:
                out.append(token.text)
            else:
                out.append(f" {token.text} ")
        elif kind == PUNCT:
            out.append(token.text + ("" if script else " "))
            pending_space = False
            previous = token
            continue
        elif kind == QUAD:
            out.append(token.text)
        else:
            space = pending_space and previous is not None and not script
            if (
                previous is not None
                and previous.operator_name
                and kind in (ATOM, NAME, PREFIX, BIG)
            ):
                space = True  # log p, arg max: a bracket right after the name was merged
            if (
                kind == BIG
                and previous is not None
                and previous.kind in (ATOM, NAME)
                and not script
            ):
                space = True  # 1/d ∑ᵢ
            if previous is not None and previous.kind in (OP, REL, PUNCT, QUAD):
                space = False
            if previous is not None and previous.kind == PUNCT and script and pending_space:
                space = True  # arg min_(w, b): a comma followed by a space keeps it
            text = token.text
            if script and token.bracket:  # (l + 1) as a script is (l+1): ⁽ˡ⁺¹⁾
                text = token.bracket + _join(token.inner, script=True) + token.closing
                text += token.suffix
            out.append((" " if space else "") + text)
        pending_space = False
        previous = token
    text = "".join(out)
    return " ".join(text.split()) if not script else text.strip()


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
