"""Tokens grouped: brackets, sub- and superscripts, function application and fractions."""

from __future__ import annotations

from dataclasses import replace

from dlkg.terminal.formula.symbols import SUBSCRIPTS, SUPERSCRIPTS
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
    QUAD,
    REL,
    SPACE,
    SUB,
    SUP,
    Tok,
    Unsure,
)

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
