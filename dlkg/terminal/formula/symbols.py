"""The tables of the formula converter: scripts, accents, fonts, operator names, relations,
operators, brackets and the macros it ignores."""

from __future__ import annotations

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
