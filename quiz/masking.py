"""Blanking a concept's names out of its own text, so that a prompt does not give it away.

Quizzes (:mod:`quiz.conceptual`) and Anki cards (:mod:`quiz.anki.notes`)
share these; they need neither NumPy nor the graph, so a deck export does not
import either for them.
"""

from __future__ import annotations

import re

from kg.concept import Concept, Text

BLANK = "____"
"""What a masked name becomes."""


def may_contain(text: str, name: str) -> bool:
    """A cheap test before a case-insensitive regex: False only if ``name`` is surely absent.

    Compiling a pattern per name is most of the cost of masking a large
    library, and most texts do not hold the name at all. ``casefold`` folds
    at least as much as ``re.IGNORECASE`` does (for every character, checked
    in the tests), except that the regex also matches the dotless ı and the
    dotted İ with I: so a name the regex would find is in the folded text too.
    """
    return fold(name) in fold(text)


def fold(text: str) -> str:
    return text.casefold().replace("ı", "i").replace("i\u0307", "i")


def mask_names(text: str, names: list[str]) -> str:
    """``text`` with every occurrence of the concept's names replaced by a blank."""
    for name in sorted(names, key=len, reverse=True):
        if len(name) < 2 or not may_contain(text, name):
            continue
        text = re.sub(re.escape(name), BLANK, text, flags=re.IGNORECASE)
    return text


def has_cjk(text: str) -> bool:
    """Whether ``text`` holds a CJK ideograph (a Chinese name, or a mixed one like BP算法).

    Examples
    --------
    >>> has_cjk("BP算法"), has_cjk("Backprop")
    (True, False)
    """
    return any("\u3400" <= char <= "\u9fff" or "\uf900" <= char <= "\ufaff" for char in text)


def cloze(sentence: str, names: list[str]) -> tuple[str, str] | None:
    """The sentence with the longest name found in it blanked, and that name."""
    for name in sorted(names, key=len, reverse=True):
        if len(name) < 2 or not may_contain(sentence, name):
            continue
        ascii_word = name.isascii()
        pattern = rf"(?<![\w-]){re.escape(name)}(?![\w-])" if ascii_word else re.escape(name)
        match = re.search(pattern, sentence, flags=re.IGNORECASE)
        if match:
            return sentence[: match.start()] + BLANK + sentence[match.end() :], match.group()
    return None


def masked_definition(concept: Concept) -> Text:
    """The definition in both languages with the concept's own names blanked out,
    so that it does not give the term away (quizzes and Anki cards share it)."""
    names = list(concept.names()[1:])
    return Text(mask_names(concept.definition.en, names), mask_names(concept.definition.zh, names))
