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


def cloze_all(sentence: str, names: list[str]) -> tuple[str, str] | None:
    """The sentence with every occurrence of every name blanked (longest names first),
    and the first name blanked as it was written; None if no name occurs.

    Examples
    --------
    >>> cloze_all("余弦相似度为 1；正交时余弦相似度为 0", ["余弦相似度", "cosine"])
    ('____为 1；正交时____为 0', '余弦相似度')
    """
    found: list[tuple[int, str]] = []
    for name in sorted(names, key=len, reverse=True):
        if len(name) < 2 or not may_contain(sentence, name):
            continue
        ascii_word = name.isascii()
        pattern = rf"(?<![\w-]){re.escape(name)}(?![\w-])" if ascii_word else re.escape(name)
        for match in re.finditer(pattern, sentence, flags=re.IGNORECASE):
            found.append((match.start(), match.group()))
        sentence = re.sub(pattern, BLANK, sentence, flags=re.IGNORECASE)
    if not found:
        return None
    return sentence, min(found)[1]


def masked_definition(concept: Concept) -> Text:
    """The definition in both languages with the concept's own names blanked out,
    so that it does not give the term away (quizzes and Anki cards share it)."""
    names = list(concept.names()[1:])
    return Text(mask_names(concept.definition.en, names), mask_names(concept.definition.zh, names))


_SPLITS_EN = (
    re.compile(r"(?<=[.!?])\s+(?=[A-Z0-9(“\"'])"),
    re.compile(r"(?<=[.!?;])\s+(?=[A-Za-z0-9(“\"'])"),
    re.compile(r"(?<=[.!?;,])\s+(?=[A-Za-z0-9(“\"'])"),
)
_SPLITS_ZH = (
    re.compile(r"(?<=[。！？])"),
    re.compile(r"(?<=[。！？；])"),
    re.compile(r"(?<=[。！？；，])"),
)
"""Sentences; if every sentence names the concept, clauses; then comma-separated parts."""
_LEAD_LABEL_EN = re.compile(r"^(?:(?:A|An|The|the|a|an)\s+)?____(?:\s*\([^)]*\))?\s*[:—–]\s*")
_LEAD_SUBJECT_EN = re.compile(r"^(?:(?:A|An|The|the|a|an)\s+)?____(?:\s*\([^)]*\))?\s+(?=[a-z])")
_LEAD_LABEL_ZH = re.compile(r"^____(?:\s*[（(][^）)]*[）)])?\s*[：:]\s*")
_LEAD_SUBJECT_ZH = re.compile(r"^____(?:\s*[（(][^）)]*[）)])?\s*")


def plain_definition(concept: Concept) -> Text | None:
    """The definition in both languages without the concept's own names and without a
    blank: an option that shows ``____`` would give itself away.

    A sentence or clause that opens with the name (``Adam: an optimizer that…``, ``The
    gradient is the vector…``) loses the name (``An optimizer that…``, ``It is the
    vector…``); any other one that names the concept is left out. None if nothing is
    left in a language.

    Examples
    --------
    >>> from kg.concept import Concept, Text
    >>> c = Concept("adam", Text("Adam", "Adam 优化器"),
    ...             Text("Adam: an optimizer. Adam is popular.", "Adam 优化器：一种优化器。"), "d")
    >>> plain_definition(c)
    Text(en='An optimizer. It is popular.', zh='一种优化器。')
    >>> e = Concept("epoch", Text("Epoch", "轮次"), Text("One full pass; one epoch has n / b "
    ...             "steps.", "遍历一次训练集；一个轮次有 n / b 步。"), "d")
    >>> plain_definition(e)
    Text(en='One full pass.', zh='遍历一次训练集。')
    """
    names = list(concept.names()[1:])
    english = _without_names(concept.definition.en, names, english=True)
    chinese = _without_names(concept.definition.zh, names, english=False)
    if not english or not chinese:
        return None
    return Text(english, chinese)


def _without_names(text: str, names: list[str], *, english: bool) -> str:
    label, subject = (
        (_LEAD_LABEL_EN, _LEAD_SUBJECT_EN) if english else (_LEAD_LABEL_ZH, _LEAD_SUBJECT_ZH)
    )
    for splitter in _SPLITS_EN if english else _SPLITS_ZH:
        kept = []
        for part in splitter.split(text.strip()):
            masked = mask_names(part, names)
            if BLANK in masked and label.match(masked):
                masked = label.sub("", masked, count=1)
            elif BLANK in masked and subject.match(masked):
                masked = subject.sub("It " if english else "它", masked, count=1)
            if BLANK not in masked and masked.strip():
                kept.append(masked.strip())
        if kept:
            joined = (" " if english else "").join(kept)
            joined = joined[:1].upper() + joined[1:] if english else joined
            end = "." if english else "。"
            return joined if joined[-1] in ".!?。！？" else joined.rstrip(",;，；") + end
    return ""
