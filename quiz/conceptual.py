"""Conceptual questions, generated from a concept and its place in the graph.

Distractors are hard negatives: the concepts nearest in the graph (prerequisites,
dependents, related links, walked in both directions), preferring the same
domain; never the answer, never two alike. For definition and term questions
they are never a concept that would also fit: the answer's ancestors and
descendants in the prerequisite graph, a concept sharing one of its names, or
one whose definition names the other (:func:`~quiz.neighbourhood.confusable`). No option shows a
blank, and a definition option keeps its defining sentence
(:func:`~quiz.masking.plain_definition`). A prerequisite question keys one direct
prerequisite that X's definition names; its wrong options are clearly not needed
first: outside X's ancestors, descendants, related links and graph family
(:func:`~quiz.prerequisite_question.unneeded_before`,
in :mod:`quiz.prerequisite_question`). A cloze item comes only from a worked example, and not
for a concept whose neighbour is a kind of it (:func:`~quiz.cloze.kind_of_kin`,
in :mod:`quiz.cloze`).
"""

from __future__ import annotations

import re
import weakref
from collections.abc import Iterable
from dataclasses import replace

import numpy as np

from kg.concept import Concept, Text
from kg.library import Library
from quiz.choices import CHOICES, distinct, multiple_choice
from quiz.cloze import cloze_question, name_words
from quiz.grading import fold_term, typo_of
from quiz.masking import (
    has_cjk,
    masked_definition,
    plain_definition,
    shows_name,
)
from quiz.neighbourhood import (
    NEIGHBOURHOOD,
    SCAN_AT_MOST,
    confusable,
    kin,
    lineage,
    named_alike,
    names_in,
    nearest_concepts,
    neighbourhood,
    with_domain,
)
from quiz.prerequisite_question import prerequisite_question
from quiz.question import Kind, Question

CONCEPTUAL_KINDS = (
    Kind.DEFINITION_TO_TERM,
    Kind.DEFINITION_TO_TERM_TYPED,
    Kind.TERM_TO_DEFINITION,
    Kind.ZH_TO_EN,
    Kind.EN_TO_ZH,
    Kind.CLOZE,
    Kind.PREREQUISITE,
)


def _explanation(concept: Concept) -> Text:
    return Text(
        f"{concept.term.en} ({concept.term.zh}): {concept.definition.en}",
        f"{concept.term.zh}（{concept.term.en}）：{concept.definition.zh}",
    )


def _fair_distractors(library, concept, rng, shown) -> list[Concept]:
    """The candidate wrong options of a definition or term question, nearest first.

    Never a :func:`confusable` concept, as long as the library has enough others
    (three that can be shown); a small library first lets in the answer's ancestors
    and descendants whose names and definitions do not cross, then anything. On a
    library of more than :data:`SCAN_AT_MOST` concepts the candidates are the
    :data:`NEIGHBOURHOOD` nearest (:func:`neighbourhood`, then the concept's domain),
    and the library is scanned only when they cannot give three options.
    """
    if len(library) > SCAN_AT_MOST:
        near = neighbourhood(library, concept.id, NEIGHBOURHOOD)
        near = with_domain(library, concept, near, NEIGHBOURHOOD)
        ranked = nearest_concepts(library, concept, rng, among=near, limit=NEIGHBOURHOOD)
        # As the scan's (confusable, then confusable minus the graph kin), by membership:
        # the kin of a root are thousands, its neighbourhood 64.
        before, later = lineage(library, concept.id)
        named = named_alike(library, concept, [c.id for c in ranked])
        answer = shown(concept)
        for keep_kin_out in (True, False):
            others = [
                c
                for c in ranked
                if c.id not in named and not (keep_kin_out and (c.id in before or c.id in later))
            ]
            options = [text for text in map(shown, others) if text is not None]
            if answer is None or len(distinct(options, answer, CHOICES - 1)) == CHOICES - 1:
                return others
    strict = confusable(library, concept)
    graph = kin(library, concept.id)
    for exclude in (strict, strict - graph, frozenset()):
        others = nearest_concepts(library, concept, rng, exclude=set(exclude))
        if sum(shown(other) is not None for other in others) >= CHOICES - 1:
            return others
    return others


def _definition_to_term(library, concept, rng, common):
    """Which term does this definition describe: the definition with the concept's
    names blanked as whole words; not asked when what is left still spells out the
    term (:func:`spells_out`)."""
    names = list(concept.names()[1:])
    masked = masked_definition(concept)
    if spells_out(concept, masked):
        return None
    prompt = Text(
        "Which term does this definition describe?\n" + masked.en,
        "这个定义描述的是哪个术语？\n" + masked.zh,
    )
    if common["kind"] is Kind.DEFINITION_TO_TERM_TYPED:
        return Question(**common, prompt=prompt, answer=concept.term.en, accepted=tuple(names))
    others = _fair_distractors(library, concept, rng, lambda c: c.term)
    others = sharing_key_words(concept, masked.en, others)
    built = multiple_choice(rng, concept.term, [c.term for c in others])
    if built is None:
        return None
    return Question(**common, prompt=prompt, answer=built[1], choices=built[0])


def key_words_shown(concept: Concept, definition: str) -> list[str]:
    """The words of the concept's English term (four letters or more) that its masked
    ``definition`` still shows, as a word or its plural: "gradient" in "the gradient
    shrinks exponentially" for vanishing gradient, "batch" in "Larger batches…" for
    batch size.

    Examples
    --------
    >>> from kg.examples import example_library
    >>> key_words_shown(example_library()["gradient-descent"], "Follow the gradient downhill.")
    ['gradient']
    """
    text = definition.lower()
    return [
        word
        for word in dict.fromkeys(name_words(concept.term.en))
        if len(word) >= 4 and re.search(rf"\b{word}(?:e?s)?\b", text)
    ]


def sharing_key_words(concept: Concept, definition: str, others: list[Concept]) -> list[Concept]:
    """``others`` (wrong options, nearest first) reordered so that, for each word of the
    key's term the definition shows (:func:`key_words_shown`), one of the first
    ``CHOICES - 1`` shares it, when any candidate does: otherwise a student picks the
    one option holding the definition's word without knowing the concept ("Larger
    batches give less noisy gradients" among Adagrad, AdamW and local minima).
    ``others`` are already fair (:func:`confusable` ones left out), so this only
    chooses among them.
    """
    chosen = list(others)
    for word in key_words_shown(concept, definition):
        if any(word in name_words(other.term.en) for other in chosen[: CHOICES - 1]):
            continue
        sharing = next((other for other in chosen if word in name_words(other.term.en)), None)
        if sharing is not None:
            chosen.remove(sharing)
            chosen.insert(0, sharing)
    return chosen


def _term_to_definition(library, concept, rng, common):
    meaning = plain_definition(concept)
    if meaning is None or spells_out(concept, meaning):
        return None
    prompt = Text(f"What does “{concept.term.en}” mean?", f"「{concept.term.zh}」是什么意思？")
    others = _fair_distractors(library, concept, rng, plain_definition)
    options = [plain_definition(c) for c in others]
    built = multiple_choice(rng, meaning, [option for option in options if option is not None])
    if built is None:
        return None
    return Question(**common, prompt=prompt, answer=built[1], choices=built[0])


_MINOR_WORDS = frozenset({"a", "an", "the", "and", "or", "of", "for", "to", "in", "with", "on"})


def term_parts(concept: Concept) -> tuple[list[str], list[str]]:
    """The pieces of the term a prompt must not show, English and Chinese: each half of
    a compound term ("Precision and recall": precision, recall; 「查准率与查全率」),
    else, for a term of several words, its words ("Hyperparameter search":
    hyperparameter, search) — a prompt showing all of them spells the term out."""
    english = concept.term.en
    halves = re.split(r"\s+(?:and|vs\.?|or)\s+|\s*/\s*", english)
    chinese = [part for part in re.split(r"[与和及、/]", concept.term.zh) if len(part) >= 2]
    if len(halves) > 1:
        return [half for half in halves if half], chinese if len(chinese) > 1 else []
    words = [
        w for w in re.findall(r"[A-Za-z][A-Za-z0-9]*", english) if w.lower() not in _MINOR_WORDS
    ]
    return (words if len(words) > 1 else []), []


def spells_out(concept: Concept, text: Text) -> bool:
    """Whether a prompt built from ``text`` (the concept's masked definition) still gives
    the term away by its parts: a half of a compound term in either language ("In
    regression … in classification …"), every word of a term of several words
    ("the systematic search for the hyperparameter values"), or, for an acronym term,
    the words it abbreviates ("Visual Geometry Group" for VGG).

    Examples
    --------
    >>> from kg.concept import Concept, Text
    >>> vgg = Concept("vgg", Text("VGG", "VGG"), Text("d", "d"), "vision")
    >>> spells_out(vgg, Text("CNNs from Oxford's Visual Geometry Group", "牛津大学视觉几何组"))
    True
    >>> pr = Concept("pr", Text("Precision and recall", "查准率与查全率"), Text("d", "d"), "t")
    >>> spells_out(pr, Text("The first measure …", "查准率是……"))
    True
    """
    english, chinese = term_parts(concept)
    compound = bool(chinese) or bool(re.search(r"\s(?:and|vs\.?|or)\s|/", concept.term.en))
    shown = [shows_name(text.en, [part]) for part in english]
    if compound and (any(shown) or any(part in text.zh for part in chinese)):
        return True
    if not compound and shown and all(shown):
        return True
    return _spells_acronym(concept.term.en, text.en)


def _spells_acronym(term: str, text: str) -> bool:
    """Whether ``term`` is an acronym (2–6 capitals, "VGG", "BERT") and ``text`` has
    words, in a row, whose initials spell it ("Visual Geometry Group")."""
    if not re.fullmatch(r"[A-Z]{2,6}", term):
        return False
    words = re.findall(r"[A-Za-z][\w-]*", text)
    initials = "".join(word[0].upper() for word in words)
    if term in initials:
        return True
    capitals = "".join(word[0] for word in words if word[0].isupper())
    return term in capitals and len(term) >= 3


def latin_names(concept: Concept) -> list[str]:
    """The Latin-letter names Chinese texts use for ``concept``: the Latin part of a
    Chinese name (``Adam`` of 「Adam 优化器」, ``CBOW`` of 「CBOW 模型」) when it is the
    English term or an English alias that is not just a piece of the term. For Adam,
    BERT, Transformer, Word2Vec, Softmax… the name alone is a right Chinese answer."""
    term = fold_term(concept.term.en)
    english = {
        key
        for key in (fold_term(name) for name in concept.names() if not has_cjk(name))
        if key == term or key not in term  # "One-hot" is a piece of "One-hot encoding"
    }
    found = []
    for name in concept.names()[1:]:
        if not has_cjk(name):
            continue
        latin = re.sub(r"[\u3400-\u9fff\uf900-\ufaff]+", " ", name).strip()
        if latin and fold_term(latin) in english and latin not in found:
            found.append(latin)
    return found


def _shows(text: str, accepted: list[str]) -> bool:
    """Whether ``text`` holds one of the ``accepted`` answers (so it gives itself away)."""
    return (
        names_in(text, accepted)
        or shows_name(text, accepted)
        or fold_term(text) in {fold_term(a) for a in accepted}
    )


def _translation(library, concept, rng, common):
    """en-to-zh or zh-to-en: the other language's name of the concept, typed.

    The prompt shows a name in one language that holds no accepted answer: the term,
    else an alias (自适应矩估计 for Adam), else, when every name holds the answer
    (「BERT 模型」), the definition in that language without its names.
    """
    if fold_term(concept.term.en) == fold_term(concept.term.zh):
        return None  # one word in both languages ("Logits" · "logits"): nothing to translate
    wants_chinese = common["kind"] is Kind.EN_TO_ZH
    accepted = [name for name in concept.names()[1:] if has_cjk(name) == wants_chinese]
    if wants_chinese:
        accepted += [name for name in latin_names(concept) if name not in accepted]
    wanted = concept.term.zh if wants_chinese else concept.term.en
    shown_language = [
        part  # "分词 / Token 化" is two names: show one
        for name in concept.names()[1:]
        if has_cjk(name) != wants_chinese
        for part in re.split(r"\s+/\s+", name)
    ]
    shown = next(
        (
            name
            for name in shown_language
            if (has_cjk(name) or len(name) > 3) and not _shows(name, accepted)
        ),
        None,
    )
    if shown is not None:
        accepted = [name for name in accepted if fold_term(name) != fold_term(shown)]
        if wants_chinese:
            prompt = Text(
                f"What is the Chinese term for “{shown}”?", f"“{shown}”的中文术语是什么？"
            )
        else:
            prompt = Text(
                f"What is the English term for 「{shown}」?", f"「{shown}」的英文术语是什么？"
            )
    else:
        meaning = plain_definition(concept)
        if meaning is None:
            return None
        if wants_chinese:
            prompt = Text(
                f"What is the Chinese term for the concept defined as follows?\n{meaning.en}",
                f"下面这个英文定义描述的概念，中文术语是什么？\n{meaning.en}",
            )
        else:
            prompt = Text(
                f"What is the English term for the concept defined in Chinese as follows?"
                f"\n{meaning.zh}",
                f"下面这个定义描述的概念，英文术语是什么？\n{meaning.zh}",
            )
    return Question(**common, prompt=prompt, answer=wanted, accepted=tuple(accepted or [wanted]))


def _flashcard(library, concept, rng, common):
    return Question(
        **common,
        prompt=Text(
            f"Recall: what is “{concept.term.en}” ({concept.term.zh})?",
            f"回忆：「{concept.term.zh}」（{concept.term.en}）是什么？",
        ),
        answer=concept.term.en,
        accepted=tuple(concept.names()[1:]),
    )


_BUILDERS = {
    Kind.DEFINITION_TO_TERM: _definition_to_term,
    Kind.DEFINITION_TO_TERM_TYPED: _definition_to_term,
    Kind.TERM_TO_DEFINITION: _term_to_definition,
    Kind.ZH_TO_EN: _translation,
    Kind.EN_TO_ZH: _translation,
    Kind.CLOZE: cloze_question,
    Kind.PREREQUISITE: prerequisite_question,
    Kind.FLASHCARD: _flashcard,
}


def conceptual_question(
    library: Library, concept_id: str, kind: Kind, seed: int
) -> Question | None:
    """The question of ``kind`` about ``concept_id`` for ``seed``.

    Returns None when the concept cannot support that kind: no example
    sentence containing its term (cloze), no prerequisites, or too few
    distinct distractors.

    Raises
    ------
    ValueError
        If ``kind`` is not a conceptual kind.

    Examples
    --------
    >>> from kg.examples import example_library
    >>> from pathlib import Path
    >>> library = example_library()
    >>> q = conceptual_question(library, "gradient-descent", Kind.ZH_TO_EN, seed=1)
    >>> q.prompt.en
    'What is the English term for 「梯度下降」?'
    >>> q.answer
    'Gradient descent'
    """
    if kind not in _BUILDERS:
        raise ValueError(f"{kind.value!r} is not a conceptual kind")
    concept = library[concept_id]
    common = {
        "id": f"{kind.value}:{concept_id}:{seed}",
        "concept": concept_id,
        "kind": kind,
        "seed": seed,
        "template": kind.value,
        "solution": _explanation(concept),
    }
    question = _BUILDERS[kind](library, concept, np.random.default_rng(seed), common)
    if question is None or not question.accepted:
        return question
    return replace(question, refused=other_typos(library, concept_id, question.accepted))


def other_typos(library: Library, concept_id: str, accepted: Iterable[str]) -> tuple[str, ...]:
    """The names of other concepts that the "almost" rule would read as a typo of an
    ``accepted`` name (:func:`quiz.grading.typo_of`): AdamW for Adam, GELU 函数 for
    ReLU 函数, 自注意力机制 for 注意力机制. A student who types one means that other
    concept, so the grader refuses it rather than calling it almost right.

    Examples
    --------
    >>> from kg.examples import example_library
    >>> other_typos(example_library(), "gradient-descent", ["Gradient descent"])
    ()
    """
    keys = {fold_term(name) for name in accepted}
    if library not in _FOLDED_NAMES:
        if len(library) <= SCAN_AT_MOST:
            names = [(other.id, name) for other in library for name in other.names()]
        else:  # a large library: the names its outlines keep, no concept built
            names = [(o.id, key) for o in library.outlines.values() for key in o.keys]
        _FOLDED_NAMES[library] = [(other_id, name, fold_term(name)) for other_id, name in names]
    found = [
        name
        for other_id, name, folded in _FOLDED_NAMES[library]
        if other_id != concept_id
        and folded not in keys
        and any(typo_of(folded, key) for key in keys)
    ]
    return tuple(dict.fromkeys(found))


_FOLDED_NAMES: weakref.WeakKeyDictionary[Library, list[tuple[str, str, str]]] = (
    weakref.WeakKeyDictionary()
)
"""Every concept's names with their folded forms (:func:`quiz.grading.fold_term`), per library."""
