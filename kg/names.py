"""Matching what a person types against concept names, in either language.

Used to find a concept (``dlkg show 反向传播``) and to grade a typed term.
"""

from __future__ import annotations

import difflib
import re
import unicodedata

_IGNORED = re.compile(r"[\s\-_·・‐‑‒–—―]+")
"""Spaces, underscores, middle dots and every dash (hyphen, en dash, em dash): "encoder–decoder"
is "encoder-decoder"."""


def normalize_name(text: str) -> str:
    """Fold a name for comparison: width (NFKC), case, spaces, hyphens and underscores.

    Examples
    --------
    >>> normalize_name("  Self-Attention ")
    'selfattention'
    >>> normalize_name("ＧＲＡＤＩＥＮＴ　descent") == normalize_name("gradient descent")
    True
    """
    if text.isascii():  # NFKC leaves ASCII alone, and casefold is lower for it
        return _IGNORED.sub("", text.lower())
    return _IGNORED.sub("", unicodedata.normalize("NFKC", text).casefold())


class NameIndex:
    """Every name of every concept (id, both terms, aliases), folded.

    Examples
    --------
    >>> index = NameIndex({"backpropagation": ["Backpropagation", "反向传播", "backprop"]})
    >>> index.lookup("BACKPROP")
    ['backpropagation']
    >>> index.suggest("backprob")
    ['backprop']
    """

    def __init__(self, names_by_id: dict[str, list[str]]):
        self._ids_by_name: dict[str, list[str]] = {}
        self._display: dict[str, str] = {}
        for concept_id, names in names_by_id.items():
            for name in (concept_id, *names):
                key = normalize_name(name)
                if not key:
                    continue
                ids = self._ids_by_name.setdefault(key, [])
                if concept_id not in ids:
                    ids.append(concept_id)
                self._display.setdefault(key, name)

    def lookup(self, name: str) -> list[str]:
        """The ids whose id, term or alias matches ``name``; empty if none."""
        return list(self._ids_by_name.get(normalize_name(name), ()))

    def suggest(self, name: str, n: int = 3) -> list[str]:
        """The closest names as written in the files, best first, one per concept."""
        close = difflib.get_close_matches(normalize_name(name), self._display, n=4 * n, cutoff=0.6)
        suggestions: dict[tuple[str, ...], str] = {}
        for key in close:
            suggestions.setdefault(tuple(self._ids_by_name[key]), self._display[key])
        return list(suggestions.values())[:n]
