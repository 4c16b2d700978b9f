"""The cloze question: fill in the blank of a concept's worked example.

Asked only of a sentence that computes with the concept (:func:`computes`), not of a
concept whose graph neighbour is a kind of it (:func:`kind_of_kin`), and not when the
blanked sentence still gives the answer away.
"""

from __future__ import annotations

import re

from kg.concept import Concept, Text
from kg.library import Library
from quiz.masking import BLANK, cloze_all, has_cjk, sentences, shows_name
from quiz.question import Question


def cloze_question(library, concept, rng, common):
    """Fill in the blank of the concept's example sentence.

    Only a worked example is asked (:func:`computes`): a sentence that computes with
    the concept identifies it, while a slogan states a property its family shares
    ("LSTMs revolutionized speech recognition…" fits RNNs and GRUs as well, "CNNs
    excel at image classification…" fits ResNet and VGG, "Backpropagation enables
    efficient gradient computation…" fits automatic differentiation). Nor is a concept
    whose graph neighbour is a kind of it or it a kind of them (:func:`kind_of_kin`): a
    binary cross-entropy is a cross-entropy too.

    Every name of the concept in the sentence is blanked. A sentence that still gives
    the answer away (a word of the same stem, "tokenize" for the blanked
    "tokenizer"; the initials, "(SGD)" around "stochastic ____"; the name inside a
    formula or a model name, "D_KL", "GPT-2": :func:`~quiz.masking.shows_name`) is not
    asked; the Chinese prompt falls back to the English sentence when only its own is
    such.
    """
    if concept.example is None or not computes(concept.example.en) or kind_of_kin(library, concept):
        return None
    names = list(concept.names()[1:])
    english = cloze_all(concept.example.en, names)
    if english is None or _gives_away(english[0], english[1], names):
        return None
    chinese = cloze_all(concept.example.zh, names)
    if chinese is None or _gives_away(chinese[0], chinese[1], names):
        chinese = english
    return Question(
        **common,
        prompt=Text(f"Fill in the blank:\n{english[0]}", f"填空：\n{chinese[0]}"),
        answer=english[1],
        accepted=tuple(
            dict.fromkeys([english[1], chinese[1], *names, *_at_depth(english[0], names)])
        ),
    )


_DEPTH_BEFORE_BLANK = re.compile(r"\b(\d+)-layer " + re.escape(BLANK))


def _at_depth(sentence: str, names: list[str]) -> list[str]:
    """The model names a cloze sentence invites when it gives the blank a depth: "The
    18-layer ____" is filled as well by ResNet-18 as by ResNet.

    Examples
    --------
    >>> _at_depth(f"The 18-layer {BLANK} on a 224×224 image", ["ResNet", "残差网络"])
    ['ResNet-18']
    >>> _at_depth(f"A {BLANK} of 18 layers", ["ResNet"])
    []
    """
    depth = _DEPTH_BEFORE_BLANK.search(sentence)
    if depth is None:
        return []
    return [f"{name}-{depth[1]}" for name in names if name.isascii() and " " not in name]


def name_words(name: str) -> tuple[str, ...]:
    return tuple(re.findall(r"[a-z0-9]+", name.lower()))


def _holds(longer: tuple[str, ...], shorter: tuple[str, ...]) -> bool:
    """Whether ``longer`` is ``shorter`` with words in front: a kind of it ("binary
    cross-entropy" of "cross-entropy"; not "gradient descent" of "gradient")."""
    return 0 < len(shorter) < len(longer) and longer[-len(shorter) :] == shorter


def kind_of_kin(library: Library, concept: Concept) -> list[str]:
    """The concepts next to ``concept`` in the graph (a direct prerequisite or dependent)
    whose English name is one of its names with words in front, or the other way round
    (:func:`_holds`): "cross-entropy" and
    "binary cross-entropy", "language model" and "n-gram language model", "attention"
    and "additive attention", "momentum" and "Nesterov momentum"; or a dependent whose
    definition calls it one of the concept's kinds (:func:`_one_of`: skip-gram of
    Word2Vec). Either would fill the other's blank in a worked example, so neither is
    asked as a cloze."""
    own = [name_words(name) for name in concept.names()[1:] if not has_cjk(name)]
    found = []
    for other_id in (*concept.prerequisites, *library.dependents[concept.id]):
        other = library[other_id]
        theirs = [name_words(name) for name in other.names()[1:] if not has_cjk(name)]
        named_kind = any(_holds(a, b) or _holds(b, a) for a in own for b in theirs)
        if named_kind or (other_id in library.dependents[concept.id] and _one_of(concept, other)):
            found.append(other_id)
    return found


def _one_of(concept: Concept, other: Concept) -> bool:
    """Whether ``other``'s definition opens by calling it one of ``concept``'s kinds:
    "Word2Vec's other model: it predicts the surrounding words…" (skip-gram), "One of
    Word2Vec's two models" (CBOW). A worked example of Word2Vec is one of skip-gram too."""
    first = sentences(other.definition.en, english=True)[:1]
    return bool(first) and any(
        re.search(
            rf"(?<![\w-]){re.escape(name)}['’]s\s(?:\w+\s)?(?:models?|kinds?|variants?|types?)\b",
            first[0],
            re.IGNORECASE,
        )
        for name in concept.names()[1:]
        if not has_cjk(name) and len(name) >= 2
    )


def computes(sentence: str) -> bool:
    """Whether ``sentence`` is a worked example: it has a number and a result (``=``,
    ``≈`` or ``→``). The rule that keeps slogans out of cloze items.

    Examples
    --------
    >>> computes("Dropout at p = 0.5 turns [2, 4] into [4, 0]"), computes("CNNs excel at vision")
    (True, False)
    """
    return bool(re.search(r"\d", sentence) and re.search(r"[=≈→]", sentence))


def _gives_away(sentence: str, answer: str, names: list[str]) -> bool:
    """Whether the blanked ``sentence`` still shows ``answer``: one of the concept's
    ``names`` in any form, a word sharing its stem, or an acronym holding its initials."""
    if shows_name(sentence, names):
        return True
    if has_cjk(answer):
        return False
    words = re.findall(r"[A-Za-z]+", answer)
    for word in words:
        stem = word.lower()[: max(5, len(word) - 3)]
        if len(word) >= 5 and re.search(rf"\b{re.escape(stem)}", sentence, flags=re.IGNORECASE):
            return True
    if len(words) > 1:
        initials = "".join(word[0] for word in words).upper()
        if re.search(rf"\b[A-Z]*{initials}[A-Z]*\b", sentence.replace(BLANK, " ")):
            return True
    return False
