"""The notes of an Anki package (``.apkg``) made from the concept library.

What the deck holds
-------------------
- A **concept note** per concept (note type ``dlkg concept``, fields
  :data:`CONCEPT_FIELDS`), giving up to five cards: term → definition,
  definition → term (the term blanked out of the definition), 中文 → English,
  and, as :class:`CardSet` chooses, English → 中文 and a type-in card (type the
  English term for its blanked-out definition). The back shows the formula
  and the example; the formula's legend, the worked example, the notes, the
  aliases, the prerequisites and related concepts, the references and the tags
  are behind a toggle.
- ``variants`` **numeric notes** per numeric template of a concept's engine
  (note type ``dlkg numeric``): the generated question on the front, the answer
  and the worked solution on the back. Variant ``k`` draws with
  :func:`variant_seed` of (concept, template, ``k``): concepts that share a
  template get different numbers, and a larger ``--variants`` later keeps the
  notes already exported.

Identity across exports
-----------------------
Model (note type) ids, the root deck id and the deck-options preset id are
constants; a domain deck's id is a hash of its name. A note's GUID is a hash
of the concept id (and, for a numeric note, the template id and the seed),
never of its text: an edited concept re-imports as an update of its note,
keeping its cards and their review history. New cards are new templates
appended to the note type (a card's ordinal is its template's), and new fields
are appended too. A changed note type is imported as a second one unless the
learner ticks "Merge note types"; merging adds the new fields to the notes
already there, which makes them newer than the package, so the first import
of a deck with new fields also needs "Update notes: Always"
(tests/quiz/anki/test_cards.py shows each case). Anki updates a note only when the
incoming modification time is newer than its own, so notes are stamped with
the build time; ``SOURCE_DATE_EPOCH`` (the reproducible-builds convention)
fixes that time, and the package is then byte-for-byte reproducible.

Text in fields
--------------
User text is first cleaned as the graph exports clean it
(:func:`kg.text.clean_text`): characters XML 1.0 cannot hold
become U+FFFD (among them U+001F, which Anki uses to separate a note's fields,
and lone surrogates, which SQLite cannot store), and carriage returns become
line feeds. It is then HTML-escaped, line feeds becoming ``<br>``, and ``[`` is
written ``&#91;``, so that Anki does not take ``[sound:...]`` or ``[anki:tts]``
in the text for its media and speech tags.

Learning-path order
-------------------
A new card's position in Anki's new-card queue is its ``due`` number. Each
note gets ``due`` = its index in :func:`kg.graph.learning_order` across the
whole export, not per deck, and its cards carry it (:mod:`quiz.anki.writer`);
Anki keeps those numbers on import.
Anki's default deck options gather new cards deck by deck (subdecks in name
order), which cannot follow prerequisites that cross domains both ways (NLP
needs Transformer concepts and the other way round); the package therefore
ships a deck-options preset, :data:`PRESET_NAME`, that gathers new cards by
ascending position. Anki applies it when "Import any deck presets" is ticked;
without it, each domain deck still presents its cards in learning-path order.

The notes' fields (and :class:`CardSet`, the cards chosen) are :mod:`quiz.anki.note_fields`.
"""

from __future__ import annotations

import hashlib
import itertools
import os
import re
import time
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path

from kg.concept import Concept, Lang
from kg.graph import learning_order
from kg.library import Library
from kg.plumbing.atomic import atomic_write
from kg.text import clean_text
from quiz.anki.genanki_adapter import CardOrds, Deck, Model, PresetDeck, guid_for
from quiz.anki.note_cache import NoteCache, RenderedNote
from quiz.anki.note_fields import CardSet, concept_fields, numeric_fields
from quiz.anki.problem_cache import ProblemCache
from quiz.anki.templates import (
    CONCEPT_FIELDS,
    CSS,
    NUMERIC_FIELDS,
    concept_templates,
    numeric_templates,
)
from quiz.anki.writer import AnkiPackage, NoteRow, package_bytes
from quiz.question import SEED_RANGE

CONCEPT_MODEL_ID = 2048550558
"""The ``dlkg concept`` note type. Never change it: notes would stop matching."""
NUMERIC_MODEL_ID = 1366175628
"""The ``dlkg numeric`` note type."""
# Not named like a stock note type: a second "Basic" would import as "Basic+".
CONCEPT_MODEL_NAME = "dlkg concept"
NUMERIC_MODEL_NAME = "dlkg numeric"

ROOT_DECK_ID = 1160135727
ROOT_DECK_NAME = "Deep Learning"
"""Domains nest under it: ``Deep Learning::Optimization``."""

GUID_NAMESPACE = "dlkg"
"""Prefixed to every GUID so that no other genanki deck can collide with ours."""
MAX_VARIANTS = 50
"""Most numeric notes per template and concept (``--variants``)."""
SOURCE_DATE_EPOCH = "SOURCE_DATE_EPOCH"
"""The environment variable that fixes the build time (reproducible-builds.org)."""


@dataclass(frozen=True)
class ExportSummary:
    """What :func:`export_apkg` wrote."""

    path: Path
    concept_notes: int
    numeric_notes: int
    cards: int
    decks: tuple[str, ...]

    @property
    def notes(self) -> int:
        return self.concept_notes + self.numeric_notes


def build_time(environ: Mapping[str, str] = os.environ) -> float:
    """The time notes are stamped with: ``$SOURCE_DATE_EPOCH`` if set, else now.

    Raises
    ------
    ValueError
        If ``SOURCE_DATE_EPOCH`` is set but is not a whole number of seconds.

    Examples
    --------
    >>> build_time({"SOURCE_DATE_EPOCH": "1700000000"})
    1700000000.0
    """
    value = environ.get(SOURCE_DATE_EPOCH)
    if value is None or not value.strip():
        return time.time()
    if not value.strip().isdigit():
        raise ValueError(f"{SOURCE_DATE_EPOCH} must be a whole number of seconds, not {value!r}")
    return float(value)


def concept_guid(concept_id: str) -> str:
    """The GUID of a concept's note: a hash of its id, never of its text.

    Examples
    --------
    >>> concept_guid("gradient-descent") == concept_guid("gradient-descent")
    True
    >>> concept_guid("gradient-descent") != concept_guid("gradient")
    True
    """
    return guid_for(GUID_NAMESPACE, "concept", concept_id)


def numeric_guid(concept_id: str, template_id: str, seed: int) -> str:
    """The GUID of one numeric variant: concept, template and seed."""
    return guid_for(GUID_NAMESPACE, "numeric", concept_id, template_id, seed)


def variant_seed(concept_id: str, template_id: str, variant: int) -> int:
    """The seed of a concept's ``variant``-th problem from a template.

    A hash, so that two concepts practising the same template (attention and
    self-attention) get different numbers rather than twin cards.

    Examples
    --------
    >>> variant_seed("attention", "attention-weights", 0) == variant_seed(
    ...     "attention", "attention-weights", 0)
    True
    >>> variant_seed("attention", "attention-weights", 0) != variant_seed(
    ...     "self-attention", "attention-weights", 0)
    True
    """
    digest = hashlib.sha256(f"{concept_id}\n{template_id}\n{variant}".encode()).digest()
    return int.from_bytes(digest[:8], "big") % SEED_RANGE


_SHORT_LOWERCASE = frozenset({"a", "an", "and", "for", "in", "of", "on", "the", "to", "vs"})


def deck_name(domain: str) -> str:
    """The deck of a domain: words capitalized, short ones (acronyms) upper-cased.

    Examples
    --------
    >>> deck_name("optimization")
    'Deep Learning::Optimization'
    >>> deck_name("nlp")
    'Deep Learning::NLP'
    >>> deck_name("graph-neural-networks")
    'Deep Learning::Graph Neural Networks'
    """
    words = [word for word in re.split(r"[-_\s:]+", clean_text(domain)) if word]
    title = " ".join(
        word.lower()
        if index and word.lower() in _SHORT_LOWERCASE
        else word.upper()
        if len(word) <= 3
        else word.capitalize()
        for index, word in enumerate(words)
    )
    return f"{ROOT_DECK_NAME}::{title or domain}"


def deck_id(name: str) -> int:
    """A deck's id: the root's constant, or a stable 48-bit hash of the deck's name.

    (Anki matches decks by name on import; the id only has to be stable.)
    """
    if name == ROOT_DECK_NAME:
        return ROOT_DECK_ID
    return int.from_bytes(hashlib.sha256(f"dlkg deck {name}".encode()).digest()[:6], "big")


def anki_tag(tag: str) -> str:
    """``tag`` as an Anki tag: Anki splits tags on whitespace, so it becomes ``_``.

    Examples
    --------
    >>> anki_tag("learning rate"), anki_tag("学习　率")
    ('learning_rate', '学习_率')
    """
    return "_".join(clean_text(tag).split())


def concept_model() -> Model:
    """The ``dlkg concept`` note type (a new object: genanki mutates its templates)."""
    return Model(
        CONCEPT_MODEL_ID,
        CONCEPT_MODEL_NAME,
        fields=[{"name": name} for name in CONCEPT_FIELDS],
        templates=concept_templates(),
        css=CSS,
        sort_field_index=CONCEPT_FIELDS.index("Term"),
    )


def numeric_model() -> Model:
    """The ``dlkg numeric`` note type."""
    return Model(
        NUMERIC_MODEL_ID,
        NUMERIC_MODEL_NAME,
        fields=[{"name": name} for name in NUMERIC_FIELDS],
        templates=numeric_templates(),
        css=CSS,
        sort_field_index=NUMERIC_FIELDS.index("Question"),
    )


def concept_notes(
    library: Library,
    concept: Concept,
    variants: int,
    lang: Lang,
    problems: ProblemCache,
    cards: CardSet = CardSet.ALL,
) -> list[RenderedNote]:
    """The notes of one concept: its own, then ``variants`` per numeric template."""
    from quiz.numeric import templates_for

    tags = tuple(dict.fromkeys(anki_tag(t) for t in (f"dlkg::{concept.domain}", *concept.tags)))
    fields = tuple(concept_fields(library, concept, lang, cards))
    notes = [RenderedNote(False, fields, tags, concept_guid(concept.id))]
    for template in templates_for(concept.engine) if concept.engine else ():
        for variant in range(variants):
            seed = variant_seed(concept.id, template.id, variant)
            notes.append(
                RenderedNote(
                    True,
                    tuple(numeric_fields(concept, template, seed, lang, problems)),
                    (*tags, "dlkg::numeric"),
                    numeric_guid(concept.id, template.id, seed),
                )
            )
    return notes


class NoteFingerprints:
    """What a concept's notes are made from, hashed (:mod:`quiz.anki.note_cache`).

    The concept's record, its prerequisites' and related concepts' records
    (their terms are on its card), the languages, the card set and the
    variant count.
    Records are hashed once each, and read from the compile cache without
    building the concepts.
    """

    def __init__(self, library: Library, variants: int, lang: Lang, cards: CardSet = CardSet.ALL):
        self._library = library
        self._salt = f"{lang.value} {variants} {cards.value}".encode()
        self._records: dict[str, bytes] = {}

    def _record(self, concept_id: str) -> bytes:
        digest = self._records.get(concept_id)
        if digest is None:
            record = self._library.concepts.record(concept_id)
            digest = self._records[concept_id] = hashlib.blake2b(record, digest_size=16).digest()
        return digest

    def __call__(self, concept_id: str) -> bytes:
        outline = self._library.outlines[concept_id]
        parts = [self._salt, self._record(concept_id)]
        parts += [self._record(other) for other in (*outline.prerequisites, *outline.related)]
        return hashlib.blake2b(b"".join(parts), digest_size=16).digest()


def build_package(
    library: Library,
    concept_ids: Iterable[str] | None = None,
    *,
    variants: int = 0,
    lang: Lang = Lang.BOTH,
    cards: CardSet = CardSet.ALL,
    on_concept: Callable[[str], None] | None = None,
    problems: ProblemCache | None = None,
    note_cache: NoteCache | None = None,
) -> AnkiPackage:
    """The decks and notes of ``concept_ids`` (default: every concept).

    Each concept's notes come from ``note_cache`` when its fingerprint
    (:class:`NoteFingerprints`) matches, else they are rendered
    (:func:`concept_notes`) and put there.

    Parameters
    ----------
    library : Library
        The validated concept library.
    concept_ids : iterable of str, optional
        The concepts to export; they are put in learning-path order here,
        whatever order they come in.
    variants : int
        Numeric notes per numeric template of each concept (0 for none).
    lang : Lang
        The languages the cards show.
    cards : CardSet
        Which cards each concept note gives.
    on_concept : callable, optional
        Called with each concept id once its notes are built (for a progress bar).
    problems : ProblemCache, optional
        Where numeric problems come from: kept between runs, or (default)
        generated here.
    note_cache : NoteCache, optional
        Concepts' notes as rendered before (default: every concept is rendered).

    Returns
    -------
    AnkiPackage
        The root deck and one deck per domain; notes carry ``due`` = their
        position in learning-path order across all decks.

    Raises
    ------
    KeyError
        If a concept id is not in the library.
    ValueError
        If ``variants`` is negative or above :data:`MAX_VARIANTS`.
    """
    if not 0 <= variants <= MAX_VARIANTS:
        raise ValueError(f"variants must be between 0 and {MAX_VARIANTS}, not {variants}")
    ids = list(library.concepts) if concept_ids is None else list(concept_ids)
    unknown = [concept_id for concept_id in ids if concept_id not in library.concepts]
    if unknown:
        raise KeyError(unknown[0])
    everything = len(set(ids)) == len(library)
    order = library.learning_order if everything else learning_order(library.prerequisites, ids)
    lang, cards = Lang(lang), CardSet(cards)
    problems = problems if problems is not None else ProblemCache(None)
    note_cache = note_cache if note_cache is not None else NoteCache(None)
    fingerprint = NoteFingerprints(library, variants, lang, cards) if note_cache.enabled else None
    models = {False: concept_model(), True: numeric_model()}
    root = PresetDeck(
        ROOT_DECK_ID, ROOT_DECK_NAME, "dlkg: deep-learning concepts in English and 中文."
    )
    decks: dict[str, Deck] = {}  # by name: two domains may share a deck
    domain_decks: dict[str, Deck] = {}
    notes: dict[int, list[NoteRow]] = {}
    position = itertools.count()
    for concept_id in order:
        domain = library.outlines[concept_id].domain
        deck = domain_decks.get(domain)
        if deck is None:
            name = deck_name(domain)
            if name not in decks:
                decks[name] = PresetDeck(deck_id(name), name)
            deck = domain_decks[domain] = decks[name]
        key = fingerprint(concept_id) if fingerprint else b""
        rendered = note_cache.get(concept_id, key) if fingerprint else None
        if rendered is None:
            rendered = concept_notes(library, library[concept_id], variants, lang, problems, cards)
            note_cache.put(concept_id, key, rendered)
        notes.setdefault(deck.deck_id, []).extend(
            NoteRow(models[note.numeric], note.fields, note.tags, note.guid, next(position))
            for note in rendered
        )
        if on_concept is not None:
            on_concept(concept_id)
    return AnkiPackage((root, *decks.values()), notes)


def export_apkg(
    library: Library,
    path: Path | str,
    concept_ids: Iterable[str] | None = None,
    *,
    variants: int = 0,
    lang: Lang = Lang.BOTH,
    cards: CardSet = CardSet.ALL,
    timestamp: float | None = None,
    on_concept: Callable[[str], None] | None = None,
    problems: ProblemCache | None = None,
    note_cache: NoteCache | None = None,
) -> ExportSummary:
    """Build the deck of ``concept_ids`` and write it to ``path`` atomically.

    Parameters
    ----------
    library, concept_ids, variants, lang, cards, on_concept, problems, note_cache
        As for :func:`build_package`.
    path : path
        The ``.apkg`` to write; an existing file is replaced only once the new
        one is complete.
    timestamp : float, optional
        The build time notes are stamped with (default: :func:`build_time`).
        A re-import updates a note only if this is later than the last import's.

    Returns
    -------
    ExportSummary

    Raises
    ------
    OSError
        If the file cannot be written.
    ValueError
        If ``variants`` is out of range or ``SOURCE_DATE_EPOCH`` is malformed.

    Examples
    --------
    >>> import tempfile
    >>> from kg.examples import example_library
    >>> library = example_library()
    >>> out = Path(tempfile.mkdtemp()) / "path.apkg"
    >>> summary = export_apkg(library, out, ["derivative", "gradient"], variants=0, timestamp=0)
    >>> summary.concept_notes, summary.cards, summary.decks
    (2, 10, ('Deep Learning', 'Deep Learning::Foundations'))
    """
    package = build_package(
        library,
        concept_ids,
        variants=variants,
        lang=lang,
        cards=cards,
        on_concept=on_concept,
        problems=problems,
        note_cache=note_cache,
    )
    data = package_bytes(package, timestamp=build_time() if timestamp is None else timestamp)
    atomic_write(path, data)
    notes = list(package.all_notes())
    numeric = sum(note.model.model_id == NUMERIC_MODEL_ID for note in notes)
    card_ords = CardOrds()
    return ExportSummary(
        path=Path(path),
        concept_notes=len(notes) - numeric,
        numeric_notes=numeric,
        cards=sum(len(card_ords(note.model, note.fields)) for note in notes),
        decks=tuple(sorted(deck.name for deck in package.decks)),
    )
