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


def shows_name(text: str, names: list[str]) -> bool:
    """Whether ``text`` still shows one of ``names``, however written: a Latin name
    anywhere it is not inside a longer word, also in a formula or a model name
    (``D_KL``, ``GPT-2``, ``CNNs``), a Chinese one anywhere; names shorter than two
    characters are ignored. Stricter than the whole-word test of the blanking, so a
    prompt that passes it gives nothing away.

    Examples
    --------
    >>> shows_name("____-2 has 1.5 billion parameters", ["GPT"]), shows_name("GPT-2 has…", ["GPT"])
    (False, True)
    >>> shows_name("D_KL(P‖Q)", ["KL"]), shows_name("Dosovitskiy", ["ViT"])
    (True, False)
    """
    for name in names:
        if len(name) < 2:
            continue
        if has_cjk(name):
            if name in text:
                return True
        elif re.search(
            rf"(?<![A-Za-z0-9]){re.escape(name)}(?:s|es)?(?![A-Za-z])", text, flags=re.IGNORECASE
        ):
            return True
    return False


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
    """The definition in both languages with the concept's own names blanked out as
    whole words (:func:`mask_words`: "Dosovitskiy" keeps its "vit"), so that it does
    not give the term away (quizzes and Anki cards share it)."""
    names = list(concept.names()[1:])
    return Text(mask_words(concept.definition.en, names), mask_words(concept.definition.zh, names))


_NOT_A_SENTENCE_END = r"(?<!\bal\.)(?<!\be\.g\.)(?<!\bi\.e\.)(?<!\bvs\.)(?<!\bcf\.)"
_SENTENCES_EN = re.compile(rf"(?<=[.!?]){_NOT_A_SENTENCE_END}\s+(?=[A-Z0-9(“\"'])")
_SENTENCES_ZH = re.compile(r"(?<=[。！？])")
"""Sentence ends: not after "et al.", "e.g.", "i.e.", "vs.", "cf." ("(LeCun et al. 1998)")."""

_FUNCTION_NAME = re.compile(r"(?<!_)" + re.escape(BLANK) + r"(?=[²³]?\()")
"""A name used as a function symbol, ``tanh(z)``, ``ReLU(z)``, ``tanh²(z)``: it becomes f."""
_ARTICLE = r"(?:(?:A|An|The|the|a|an)\s+)?"
_GLOSS_EN = r"(?:\s*\([^)]*\))?"
_GLOSS_ZH = r"(?:\s*[（(][^）)]*[）)])?"
_LABEL_EN = re.compile(rf"^{_ARTICLE}____{_GLOSS_EN}\s*(?:[:—–]|,(?=\s+(?:a|an|the|one)\b))\s*")
_COPULA_EN = re.compile(rf"^{_ARTICLE}____s?{_GLOSS_EN}\s+(?:is|are)\s+(?=(?:a|an|the|one)\b)")
_AUXILIARIES = (
    "is|are|was|were|has|have|had|can|cannot|may|might|must|will|would|should|could|"
    "does|do|did|also|only|then|often|usually"
)
_SUBJECT_EN = re.compile(
    rf"^{_ARTICLE}____{_GLOSS_EN}\s+(?=(?:{_AUXILIARIES})\b|[a-z]+s\b(?!\s+(?:{_AUXILIARIES})\b))"
)
_POSSESSIVE_EN = re.compile(rf"^{_ARTICLE}____['’]s\s+")
_LABEL_ZH = re.compile(rf"^____{_GLOSS_ZH}\s*[：:，,]\s*")
_COPULA_ZH = re.compile(rf"^____{_GLOSS_ZH}\s*(?:是|指)\s*")
_SUBJECT_ZH = re.compile(rf"^____{_GLOSS_ZH}\s*(?=[\u3400-\u9fff])(?!的)")
_POSSESSIVE_ZH = re.compile(rf"^____{_GLOSS_ZH}\s*的")
_CLAUSE_ENDS_EN = re.compile(r"\s*(?:[;:]|\s[—–])\s")
_CLAUSE_ENDS_ZH = re.compile(r"[；：]")
MIN_DEFINING_WORDS = 4
"""The fewest words the defining part of a first sentence cut short may keep."""
MIN_DEFINING_CHARACTERS = 6
"""The same for a Chinese one, in characters."""


def mask_words(text: str, names: list[str]) -> str:
    """``text`` with every name blanked as a whole word (a Latin name and its plural ``-s``
    / ``-es``, not inside a longer word: the ``vit`` of "Dosovitskiy" stays), a Chinese
    name anywhere; a hyphen of a name matches any dash, and a name glossed by another
    name becomes one blank.

    Examples
    --------
    >>> mask_words("交叉熵（cross-entropy）是分类问题的标准损失", ["交叉熵", "cross-entropy"])
    '____是分类问题的标准损失'
    >>> mask_words("an encoder–decoder architecture (Dosovitskiy)", ["encoder-decoder", "ViT"])
    'an ____ architecture (Dosovitskiy)'
    """
    for name in sorted(names, key=len, reverse=True):
        if len(name) < 2 or not may_contain(re.sub(_DASHES, "-", text), re.sub(_DASHES, "-", name)):
            continue
        spelled = _ANY_DASH.join(re.escape(part) for part in re.split(_DASHES, name))
        if has_cjk(name):
            text = re.sub(spelled, BLANK, text)
        else:
            pattern = rf"(?<![A-Za-z0-9]){spelled}(?:s|es)?(?![A-Za-z0-9])"
            text = re.sub(pattern, BLANK, text, flags=re.IGNORECASE)
    return _MASKED_GLOSS.sub(BLANK, text)


_DASHES = r"[-‐‑‒–—]"
_ANY_DASH = r"[-‐‑‒–—]"
"""A hyphen in a name matches any dash in the text: "encoder-decoder" blanks "encoder–decoder"."""
_MASKED_GLOSS = re.compile(re.escape(BLANK) + r"\s*[（(]\s*" + re.escape(BLANK) + r"\s*[）)]")
"""A name glossed by another of its names, 「交叉熵（cross-entropy）」: one blank, as in the
other language's "Cross-entropy"."""


def function_symbols(text: str) -> str:
    """A blanked name used as a function symbol becomes f: ``____(z) = max(0, z)`` is
    ``f(z) = max(0, z)``."""
    return _FUNCTION_NAME.sub("f", text)


def plain_definition(concept: Concept) -> Text | None:
    """The definition in both languages without the concept's own names and without a
    blank: an option that shows ``____`` would give itself away, and one that lost its
    defining words would not be a definition.

    The first sentence is the definition proper and must survive: a name that labels
    it (``Adam: an optimizer…``, ``BLEU, the metric…``) or is its subject
    (``Cross-entropy is the standard loss…``, ``Cross-validation splits…``) is dropped,
    leaving a noun or verb phrase (``The standard loss…``, ``Splits…``); a name used as
    a function symbol becomes f (``ReLU(z) = max(0, z)``: ``f(z) = max(0, z)``); a name
    further in is cut off with the clause it starts, at a colon or semicolon. A later
    sentence whose subject is the name says "It" (「它」); any other later sentence that
    names the concept is left out. None if the first sentence cannot be kept in a
    language (the concept file should then be reworded).

    Examples
    --------
    >>> from kg.concept import Concept, Text
    >>> c = Concept("adam", Text("Adam", "Adam 优化器"),
    ...             Text("Adam: an optimizer. Adam is popular.", "Adam 优化器：一种优化器。"), "d")
    >>> plain_definition(c)
    Text(en='An optimizer. It is popular.', zh='一种优化器。')
    >>> e = Concept("epoch", Text("Epoch", "轮次"), Text("One full pass over the data; one "
    ...             "epoch has n / b steps.", "遍历一次训练集；一个轮次有 n / b 步。"), "d")
    >>> plain_definition(e)
    Text(en='One full pass over the data.', zh='遍历一次训练集。')
    >>> r = Concept("relu", Text("ReLU", "ReLU"), Text("The activation ReLU(z) = max(0, z).",
    ...             "激活函数 ReLU(z) = max(0, z)。"), "d")
    >>> plain_definition(r)
    Text(en='The activation f(z) = max(0, z).', zh='激活函数 f(z) = max(0, z)。')
    """
    names = list(concept.names()[1:])
    english = _without_names(concept.definition.en, names, english=True)
    chinese = _without_names(concept.definition.zh, names, english=False)
    if not english or not chinese:
        return None
    return Text(english, chinese)


def sentences(text: str, *, english: bool) -> list[str]:
    """``text`` cut into sentences (not after "et al." or "e.g.")."""
    splitter = _SENTENCES_EN if english else _SENTENCES_ZH
    return [part.strip() for part in splitter.split(text.strip()) if part.strip()]


def _without_names(text: str, names: list[str], *, english: bool) -> str:
    parts = sentences(text, english=english)
    if not parts:
        return ""
    first = _defining_sentence(function_symbols(mask_words(parts[0], names)), english=english)
    if first is None:
        return ""
    kept = [first]
    for part in parts[1:]:
        later = _later_sentence(function_symbols(mask_words(part, names)), english=english)
        if later is not None:
            kept.append(later)
    return (" " if english else "").join(kept)


def _finish(text: str, *, english: bool) -> str | None:
    text = text.strip().rstrip(",;，；:：—– ")
    if not text:
        return None
    if english:
        text = text[:1].upper() + text[1:]
    return text if text[-1] in ".!?。！？" else text + ("." if english else "。")


def _defining_sentence(masked: str, *, english: bool) -> str | None:
    """The first sentence without its names, or None if what is left is no definition."""
    if BLANK in masked:
        rules = (
            (_LABEL_EN, _COPULA_EN, _SUBJECT_EN)
            if english
            else (_LABEL_ZH, _COPULA_ZH, _SUBJECT_ZH)
        )
        for rule in rules:
            if rule.match(masked):
                masked = rule.sub("", masked, count=1)
                break
    if BLANK in masked:
        before = masked[: masked.index(BLANK)]
        ends = list((_CLAUSE_ENDS_EN if english else _CLAUSE_ENDS_ZH).finditer(before))
        if not ends:
            return None
        masked = before[: ends[-1].start()]
        if english and len(masked.split()) < MIN_DEFINING_WORDS:
            return None
        if not english and len(masked) < MIN_DEFINING_CHARACTERS:
            return None
    return _finish(masked, english=english)


def _later_sentence(masked: str, *, english: bool) -> str | None:
    """A later sentence without the names: "It …" where the name was its subject, else
    None if it names the concept."""
    if BLANK in masked:
        if english:
            if _POSSESSIVE_EN.match(masked):
                masked = _POSSESSIVE_EN.sub("Its ", masked, count=1)
            elif _LABEL_EN.match(masked):
                masked = _LABEL_EN.sub("", masked, count=1)
            elif _COPULA_EN.match(masked) or _SUBJECT_EN.match(masked):
                masked = _SUBJECT_EN.sub("It ", masked, count=1)
        elif _POSSESSIVE_ZH.match(masked):
            masked = _POSSESSIVE_ZH.sub("它的", masked, count=1)
        elif _LABEL_ZH.match(masked):
            masked = _LABEL_ZH.sub("", masked, count=1)
        elif _SUBJECT_ZH.match(masked):
            masked = _SUBJECT_ZH.sub("它", masked, count=1)
    if BLANK in masked:
        return None
    return _finish(masked, english=english)
