r"""LaTeX to tokens: pylatexenc's parse of a formula, its nodes turned into :class:`Tok`\ s,
and the rows of an environment."""

from __future__ import annotations

import unicodedata
from functools import cache
from typing import Any

from dlkg.terminal.formula.grouping import _fraction, _group, _is_atomic, _process
from dlkg.terminal.formula.symbols import (
    ACCENTS,
    BIGS,
    CLOSING,
    FONT_TABLES,
    IGNORED,
    OPENING,
    OPERATOR_NAMES,
    OPERATORS,
    PLAIN_FONTS,
    PREFIXES,
    RELATIONS,
    SPACES,
    SYMBOL_OVERRIDES,
    TEXT_MACROS,
    WORD_FONTS,
)
from dlkg.terminal.formula.text import _join
from dlkg.terminal.formula.tokens import (
    AMP,
    ATOM,
    BAR,
    BIG,
    CLOSE,
    NAME,
    NEWLINE,
    OP,
    OPEN,
    PREFIX,
    PUNCT,
    QUAD,
    REL,
    SPACE,
    SUB,
    SUP,
    Tok,
    Unsure,
)


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
