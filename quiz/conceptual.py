"""Conceptual questions, generated from a concept and its place in the graph.

Distractors are hard negatives: the concepts nearest in the graph (prerequisites,
dependents, related links, walked in both directions), preferring the same
domain; never the answer, never two alike. For definition and term questions
they are never a concept that would also fit: the answer's ancestors and
descendants in the prerequisite graph, a concept sharing one of its names, or
one whose definition names the other (:func:`confusable`). No option shows a
blank, and a definition option keeps its defining sentence
(:func:`~quiz.masking.plain_definition`). A prerequisite question keys one direct
prerequisite that X's definition names; its wrong options are clearly not needed
first: outside X's ancestors, descendants, related links and graph family
(:func:`unneeded_before`). A cloze item comes only from a worked example, and not
for a concept whose neighbour is a kind of it (:func:`kind_of_kin`).
"""

from __future__ import annotations

import re
import weakref
from collections.abc import Iterable
from collections.abc import Set as AbstractSet
from dataclasses import replace

import numpy as np

from kg.concept import Concept, Text
from kg.graph import ancestors
from kg.library import Library
from kg.names import normalize_name
from quiz.grading import fold_term, typo_of
from quiz.masking import (
    BLANK,
    cloze_all,
    has_cjk,
    masked_definition,
    plain_definition,
    sentences,
    shows_name,
)
from quiz.question import LETTERS, Choice, Kind, Question

CHOICES = 4
"""Options in a multiple-choice question: the answer and three distractors."""

OTHER_DOMAIN_PENALTY = 1.5
"""Graph steps a concept from another domain counts as, when ranking distractors."""

CONCEPTUAL_KINDS = (
    Kind.DEFINITION_TO_TERM,
    Kind.DEFINITION_TO_TERM_TYPED,
    Kind.TERM_TO_DEFINITION,
    Kind.ZH_TO_EN,
    Kind.EN_TO_ZH,
    Kind.CLOZE,
    Kind.PREREQUISITE,
)


def _graph_distances(library: Library, start: str) -> dict[str, int]:
    """Steps from ``start`` to every concept, walking prerequisite, dependent and related links."""
    return _neighbourhood(library, start, len(library))


NEIGHBOURHOOD = 64
"""Candidates a question on a large library draws its wrong options from: the concepts
nearest in the graph, at least this many (:func:`_neighbourhood`). A question needs
three; the fairness rules turn some candidates away (an ancestor, a descendant, a shared
name, a definition naming the other, an option shown twice), and in the bundled library
they turn away at most a handful of a concept's 64 nearest, so 64 leaves a wide margin
while bounding what a question costs: 64 concepts built and checked, whatever the
size of the library. A question whose neighbourhood still cannot give three falls back
to a scan of the library."""

SCAN_AT_MOST = 4 * NEIGHBOURHOOD
"""A library of at most this many concepts is scanned whole for every question: there
the scan costs a few milliseconds and gives the exact nearest order over everything."""


def _neighbourhood(library: Library, start: str, enough: int, *, beyond: int = 0) -> dict[str, int]:
    """Steps from ``start`` to the concepts nearest it, walking prerequisite, dependent
    and related links: whole distance layers, until at least ``enough`` concepts are
    more than ``beyond`` steps away or the component is exhausted.

    Walks the outlines alone (no concept built), so its cost is that of the layers
    it collects, not of the library.
    """
    outlines, dependents = library.outlines, library.dependents
    distance = {start: 0}
    layer = [start]
    far = 0
    while layer and far < enough:
        following = []
        for node in layer:
            outline = outlines[node]
            for other in (*outline.prerequisites, *dependents[node], *outline.related):
                if other not in distance:
                    distance[other] = distance[node] + 1
                    following.append(other)
        far += sum(distance[node] > beyond for node in following)
        layer = following
    return distance


def _with_domain(
    library: Library, concept: Concept, near: dict[str, int], enough: int
) -> dict[str, int]:
    """``near``, and if it holds fewer than ``enough`` others, concepts of the concept's own
    domain that the graph does not reach (as far as the scan's ranking puts them: after
    every reached concept of the domain), in file order."""
    if len(near) > enough:
        return near
    unreachable = len(library) + 1
    grown = dict(near)
    for other in _domain_members(library).get(concept.domain, ()):
        if len(grown) > enough:
            break
        grown.setdefault(other, unreachable)
    return grown


_DOMAIN_MEMBERS: weakref.WeakKeyDictionary[Library, dict[str, list[str]]] = (
    weakref.WeakKeyDictionary()
)


def _domain_members(library: Library) -> dict[str, list[str]]:
    """Each domain's concept ids in file order, from the outlines (kept per library)."""
    members = _DOMAIN_MEMBERS.get(library)
    if members is None:
        members = {}
        for outline in library.outlines.values():
            members.setdefault(outline.domain, []).append(outline.id)
        _DOMAIN_MEMBERS[library] = members
    return members


def nearest_concepts(
    library: Library,
    concept: Concept,
    rng: np.random.Generator,
    *,
    exclude: AbstractSet[str] = frozenset(),
    first: AbstractSet[str] = frozenset(),
    among: dict[str, int] | None = None,
    limit: int | None = None,
) -> list[Concept]:
    """Every other concept, nearest first (graph steps, other domains penalized).

    Concepts in ``first`` come before all others (each group nearest first). Ties
    are broken by ``rng``, so different seeds give different distractors. With
    ``among`` (steps from the concept, as :func:`_neighbourhood` gives them) only
    those concepts are ranked, by their outlines, and only the first ``limit`` are
    built: the cost of a neighbourhood, not of the library.
    """
    distance = _graph_distances(library, concept.id) if among is None else among
    unreachable = len(library) + 1
    outlines = library.outlines
    candidates = [
        outlines[other]
        for other in (outlines if among is None else among)
        if other != concept.id and other not in exclude
    ]
    noise = rng.random(len(candidates))
    scored = sorted(
        zip(candidates, noise, strict=True),
        key=lambda pair: (
            pair[0].id not in first,
            distance.get(pair[0].id, unreachable)
            + (0 if pair[0].domain == concept.domain else OTHER_DOMAIN_PENALTY),
            pair[1],
        ),
    )
    return [library[candidate.id] for candidate, _ in scored[:limit]]


def descendants(library: Library, concept_id: str) -> set[str]:
    """Every concept that needs ``concept_id`` first, directly or not: a walk of
    ``library.dependents`` from it, as long as its descendants, not the library."""
    dependents = library.dependents
    found: set[str] = set()
    waiting = [concept_id]
    while waiting:
        for other in dependents[waiting.pop()]:
            if other not in found:
                found.add(other)
                waiting.append(other)
    return found


LINEAGES_KEPT = 32
"""Concepts whose ancestors and descendants a library keeps (:func:`_lineage`): a study
session asks several questions about each of a few concepts at a time."""

_LINEAGE: weakref.WeakKeyDictionary[Library, dict[str, tuple[frozenset[str], frozenset[str]]]] = (
    weakref.WeakKeyDictionary()
)


def _lineage(library: Library, concept_id: str) -> tuple[frozenset[str], frozenset[str]]:
    """(ancestors, descendants) of ``concept_id``, kept per library for the
    :data:`LINEAGES_KEPT` concepts asked about last: every question about a concept
    needs them, and on a large library a root's descendants are thousands."""
    kept = _LINEAGE.setdefault(library, {})
    if concept_id in kept:
        kept[concept_id] = kept.pop(concept_id)  # now the newest
    else:
        if len(kept) >= LINEAGES_KEPT:
            del kept[next(iter(kept))]
        kept[concept_id] = (
            frozenset(ancestors(library.prerequisites, [concept_id])),
            frozenset(descendants(library, concept_id)),
        )
    return kept[concept_id]


def names_in(text: str, names: list[str]) -> bool:
    """Whether ``text`` names one of ``names``: a Latin name as a whole word (``CE`` is not
    in "once"), a Chinese one anywhere; names shorter than two characters are ignored."""
    for name in names:
        if len(name) < 2:
            continue
        if has_cjk(name):
            if name in text:
                return True
        elif re.search(rf"(?<![\w-]){re.escape(name)}(?![\w-])", text, flags=re.IGNORECASE):
            return True
    return False


_CONFUSABLE: weakref.WeakKeyDictionary[Library, dict[str, frozenset[str]]] = (
    weakref.WeakKeyDictionary()
)


def confusable(
    library: Library, concept: Concept, among: Iterable[str] | None = None
) -> frozenset[str]:
    """The concepts a definition or term question must not offer as wrong, because they
    would also fit: the concept's ancestors and descendants (broader and narrower
    ideas in this graph), any concept that shares one of its names, and any concept
    whose definition names it or that its definition names. Names and definitions are
    compared with the concepts ``among`` only (default: the whole library, kept per
    library); the ancestors and descendants are always all there."""
    if among is not None:
        return frozenset(_confusable(library, concept, among))
    known = _CONFUSABLE.setdefault(library, {})
    if concept.id not in known:
        known[concept.id] = frozenset(_confusable(library, concept, library.outlines))
    return known[concept.id]


def _kin(library: Library, concept_id: str) -> set[str]:
    """The concept's ancestors and descendants: walks as long as its ancestry."""
    before, later = _lineage(library, concept_id)
    return set(before | later)


def _confusable(library: Library, concept: Concept, among: Iterable[str]) -> set[str]:
    before, later = _lineage(library, concept.id)
    return set(before | later) | _named_alike(library, concept, among)


def _named_alike(library: Library, concept: Concept, among: Iterable[str]) -> set[str]:
    """The concepts ``among``, neither ancestors nor descendants of ``concept``, that
    share one of its names or whose definition names it or that its definition names."""
    before, later = _lineage(library, concept.id)
    own = list(concept.names()[1:])
    own_keys = {fold_term(name) for name in concept.names()}
    definition = f"{concept.definition.en}\n{concept.definition.zh}"
    found = set()
    for other_id in among:
        if other_id == concept.id or other_id in before or other_id in later:
            continue
        other = library[other_id]
        names = list(other.names()[1:])
        if (
            own_keys & {fold_term(name) for name in other.names()}
            or names_in(f"{other.definition.en}\n{other.definition.zh}", own)
            or names_in(definition, names)
        ):
            found.add(other.id)
    return found


def _distinct(options: list[Text], answer: Text, count: int) -> list[Text]:
    """Up to ``count`` options whose text differs from the answer and each other."""
    seen = {normalize_name(answer.en), normalize_name(answer.zh)}
    chosen = []
    for option in options:
        keys = {normalize_name(option.en), normalize_name(option.zh)}
        if keys & seen:
            continue
        seen |= keys
        chosen.append(option)
        if len(chosen) == count:
            break
    return chosen


def _multiple_choice(
    rng: np.random.Generator, answer: Text, distractors: list[Text]
) -> tuple[tuple[Choice, ...], str] | None:
    wrong = _distinct(distractors, answer, CHOICES - 1)
    if len(wrong) < CHOICES - 1:
        return None
    options = [Choice(answer, correct=True), *(Choice(text) for text in wrong)]
    order = rng.permutation(len(options))
    shuffled = tuple(options[i] for i in order)
    return shuffled, LETTERS[int(np.flatnonzero(order == 0)[0])]


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
    :data:`NEIGHBOURHOOD` nearest (:func:`_neighbourhood`, then the concept's domain),
    and the library is scanned only when they cannot give three options.
    """
    if len(library) > SCAN_AT_MOST:
        near = _neighbourhood(library, concept.id, NEIGHBOURHOOD)
        near = _with_domain(library, concept, near, NEIGHBOURHOOD)
        ranked = nearest_concepts(library, concept, rng, among=near, limit=NEIGHBOURHOOD)
        # As the scan's (confusable, then confusable minus the graph kin), by membership:
        # the kin of a root are thousands, its neighbourhood 64.
        before, later = _lineage(library, concept.id)
        named = _named_alike(library, concept, [c.id for c in ranked])
        answer = shown(concept)
        for keep_kin_out in (True, False):
            others = [
                c
                for c in ranked
                if c.id not in named and not (keep_kin_out and (c.id in before or c.id in later))
            ]
            options = [text for text in map(shown, others) if text is not None]
            if answer is None or len(_distinct(options, answer, CHOICES - 1)) == CHOICES - 1:
                return others
    strict = confusable(library, concept)
    graph = _kin(library, concept.id)
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
    built = _multiple_choice(rng, concept.term, [c.term for c in others])
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
        for word in dict.fromkeys(_words(concept.term.en))
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
        if any(word in _words(other.term.en) for other in chosen[: CHOICES - 1]):
            continue
        sharing = next((other for other in chosen if word in _words(other.term.en)), None)
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
    built = _multiple_choice(rng, meaning, [option for option in options if option is not None])
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


def _cloze_question(library, concept, rng, common):
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


def _words(name: str) -> tuple[str, ...]:
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
    own = [_words(name) for name in concept.names()[1:] if not has_cjk(name)]
    found = []
    for other_id in (*concept.prerequisites, *library.dependents[concept.id]):
        other = library[other_id]
        theirs = [_words(name) for name in other.names()[1:] if not has_cjk(name)]
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


def _prerequisite(library, concept, rng, common):
    """Which of these must you learn before X: one direct prerequisite of X that X's own
    definition uses (:func:`evident_prerequisites`), and wrong options that are clearly
    not needed first (:func:`unneeded_before`; in a library too small for three, concepts
    that need X first, then any not before X). Not asked when no prerequisite of X is
    named in its definition: an edge the definition does not show is one a teacher may
    dispute (MSE before maximum likelihood, softmax before accuracy)."""
    evident = evident_prerequisites(library, concept)
    if not evident:
        return None
    prerequisite = library[evident[int(rng.integers(len(evident)))]]
    others = _bounded_prerequisite_distractors(library, concept, rng, prerequisite)
    if others is None:
        others = _scanned_prerequisite_distractors(library, concept, rng, prerequisite)
    built = _multiple_choice(rng, prerequisite.term, [c.term for c in others])
    if built is None:
        return None
    needs = [library[p].term for p in concept.prerequisites]
    solution = Text(
        f"{prerequisite.term.en} is a prerequisite of {concept.term.en}, which needs: "
        + ", ".join(t.en for t in needs)
        + ".",
        f"{prerequisite.term.zh}是{concept.term.zh}的先修概念；{concept.term.zh}需要先学："
        + "、".join(t.zh for t in needs)
        + "。",
    )
    return Question(
        **{**common, "solution": solution},
        prompt=Text(
            f"Which of these must you learn before “{concept.term.en}”?",
            f"学习「{concept.term.zh}」之前必须先学哪一个？",
        ),
        answer=built[1],
        choices=built[0],
    )


def evident_prerequisites(library: Library, concept: Concept) -> list[str]:
    """The direct prerequisites of ``concept`` that its definition names (in either
    language): the ones a prerequisite question may key."""
    definition = f"{concept.definition.en}\n{concept.definition.zh}"
    return [
        other
        for other in concept.prerequisites
        if names_in(definition, list(library[other].names()[1:]))
    ]


FAMILY_STEPS = 2
"""Concepts this few steps from X (prerequisite, dependent and related links, either
way: X's siblings, its parents' parents, its children's other parents) are its family:
never offered as surely not needed before X."""


def unneeded_before(
    library: Library, concept: Concept, among: dict[str, int] | None = None
) -> set[str]:
    """The concepts clearly not needed before ``concept``: not its ancestors or its
    descendants (a part and its whole, Transformer encoder and Transformer, are argued
    either way), not linked to it as related, not named in its definition nor naming
    it in theirs, and more than :data:`FAMILY_STEPS` steps away in the graph.

    Only the concepts ``among`` are looked at (steps from ``concept`` as
    :func:`_neighbourhood` gives them, every layer up to :data:`FAMILY_STEPS` whole),
    by default the whole library.
    """
    before, later = _lineage(library, concept.id)
    distance = _graph_distances(library, concept.id) if among is None else among
    definition = f"{concept.definition.en}\n{concept.definition.zh}"
    own = list(concept.names()[1:])
    outlines = library.outlines
    found = set()
    for other_id in outlines if among is None else among:
        if (
            other_id == concept.id
            or other_id in before
            or other_id in later
            or other_id in concept.related
            or concept.id in outlines[other_id].related
            or distance.get(other_id, FAMILY_STEPS + 1) <= FAMILY_STEPS
        ):
            continue
        other = library[other_id]
        if not names_in(definition, list(other.names()[1:])) and not names_in(
            f"{other.definition.en}\n{other.definition.zh}", own
        ):
            found.add(other_id)
    return found


def _scanned_prerequisite_distractors(
    library: Library, concept: Concept, rng: np.random.Generator, prerequisite: Concept
) -> list[Concept]:
    """The wrong options of a prerequisite question, from a scan of the whole library."""
    unneeded = unneeded_before(library, concept)
    before = ancestors(library.prerequisites, [concept.id])
    # A small library may hold too few concepts outside X's family: then concepts that
    # need X first (the graph says they come after it), then anything not before X.
    for allowed in (
        unneeded,
        unneeded | descendants(library, concept.id),
        set(library.outlines) - before - {concept.id},
    ):
        others = _least_arguable_first(library, concept, rng, allowed)
        if _gives_three(others, prerequisite):
            break
    return others


def _gives_three(others: list[Concept], prerequisite: Concept) -> bool:
    """Whether ``others`` hold three terms distinct from the keyed prerequisite's."""
    terms = [c.term for c in others]
    return len(_distinct(terms, prerequisite.term, CHOICES - 1)) == CHOICES - 1


def _bounded_prerequisite_distractors(
    library: Library, concept: Concept, rng: np.random.Generator, prerequisite: Concept
) -> list[Concept] | None:
    """The wrong options of a prerequisite question on a library of more than
    :data:`SCAN_AT_MOST` concepts, from the :data:`NEIGHBOURHOOD` nearest concepts
    beyond X's family (then X's domain), with the same rules and fallbacks as the scan:
    :func:`unneeded_before`, then those and the nearest concepts that need X first.
    None on a small library, or when the neighbourhood cannot give three (then the
    caller scans the library)."""
    if len(library) <= SCAN_AT_MOST:
        return None
    near = _neighbourhood(library, concept.id, NEIGHBOURHOOD, beyond=FAMILY_STEPS)
    family = sum(steps <= FAMILY_STEPS for steps in near.values())
    near = _with_domain(library, concept, near, family + NEIGHBOURHOOD)
    before, later = _lineage(library, concept.id)
    outlines = library.outlines
    # The cheap rules first, on the outlines; the names only on the nearest survivors.
    far = {
        other: steps
        for other, steps in near.items()
        if steps > FAMILY_STEPS
        and other not in before
        and other not in later
        and other not in concept.related
        and concept.id not in outlines[other].related
    }
    nearest = nearest_concepts(library, concept, rng, among=far, limit=NEIGHBOURHOOD)
    unneeded = unneeded_before(library, concept, {c.id: far[c.id] for c in nearest})
    needing = nearest_concepts(
        library, concept, rng, among={c: near[c] for c in later if c in near}, limit=NEIGHBOURHOOD
    )
    for allowed in (unneeded, unneeded | {c.id for c in needing}):
        others = _least_arguable_first(library, concept, rng, allowed, among=near)
        if _gives_three(others, prerequisite):
            return others
    return None


_ANCESTRY_SIZE: weakref.WeakKeyDictionary[Library, dict[str, int]] = weakref.WeakKeyDictionary()


def _ancestry_size(library: Library, concept_id: str) -> int:
    """How many concepts ``concept_id`` needs first, directly or not (kept per library)."""
    known = _ANCESTRY_SIZE.setdefault(library, {})
    if concept_id not in known:
        known[concept_id] = len(ancestors(library.prerequisites, [concept_id]))
    return known[concept_id]


def _least_arguable_first(
    library: Library,
    concept: Concept,
    rng: np.random.Generator,
    allowed: set[str],
    among: dict[str, int] | None = None,
) -> list[Concept]:
    """The ``allowed`` concepts, those least arguably needed before ``concept`` first:
    ideas at least as advanced as it (as many prerequisites, direct or not), then
    specialized ones: nothing builds on them and they come from a domain none of its
    prerequisites is in (BERT: object detection, GAN), then the rest, which a teacher may
    count as background (an optimizer, weight initialization); each group nearest first
    (by the steps ``among`` gives, when ``allowed`` lies within it)."""
    depth = _ancestry_size(library, concept.id)
    advanced = {other for other in allowed if _ancestry_size(library, other) >= depth}
    before = _lineage(library, concept.id)[0]
    outlines = library.outlines
    drawn_on = {outlines[other].domain for other in before} | {concept.domain}
    specialized = {
        other
        for other in allowed - advanced
        if not library.dependents[other] and outlines[other].domain not in drawn_on
    }
    ordered: list[Concept] = []
    for group in (advanced, specialized, allowed - advanced - specialized):
        if among is None:
            excluded = {other for other in outlines if other not in group}
            ordered += nearest_concepts(library, concept, rng, exclude=excluded)
        else:
            steps = {other: among[other] for other in sorted(group)}
            ordered += nearest_concepts(library, concept, rng, among=steps)
    return ordered


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
    Kind.CLOZE: _cloze_question,
    Kind.PREREQUISITE: _prerequisite,
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
        _FOLDED_NAMES[library] = [
            (other.id, name, fold_term(name))
            for other in library.concepts.values()
            for name in other.names()
        ]
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
