"""Processed tokens to text: the spacing of relations, operators, atoms and scripts."""

from __future__ import annotations

from dlkg.terminal.formula.tokens import (
    AMP,
    ATOM,
    BIG,
    NAME,
    NEWLINE,
    OP,
    OPEN,
    PREFIX,
    PUNCT,
    QUAD,
    REL,
    SPACE,
    Tok,
    Unsure,
)

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
