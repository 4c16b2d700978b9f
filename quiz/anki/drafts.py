"""Concept drafts from the notes of an Anki package (``dlkg anki import``), and writing them.

Notes of dlkg's own concept type map field for field, so an export re-imports
as the same concepts. Notes of any other type (:func:`foreign_concept`) map
their Front/Back-like fields to a term and a definition, each text in the
language its script shows: a Chinese front is ``term.zh``, and a short English
back beside it is ``term.en``, the translation, not a definition. A Cloze note
becomes a concept whose term is the first deletion and whose example is the
sentence. Ids are kebab-case: from the English term, else the pinyin of the
Chinese one (pypinyin), else the note id.

A draft is a concept file to check and complete: its header (a YAML comment)
names the package, the deck and the note it came from, and what is missing.

The text comes from an untrusted package: field HTML is reduced to text
(scripts, styles and images dropped), control characters removed, lengths
capped, and drafts are written only inside the output folder, under names
made safe.

Reading the notes' text (HTML, clozes, scripts, pinyin) is :mod:`quiz.anki.note_text`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from kg.plumbing.atomic import atomic_write
from kg.schema import ENGINE_PATTERN, ID_PATTERN
from kg.text import one_line
from quiz.anki.collection import Apkg, ApkgError, ApkgNote, NoteType
from quiz.anki.note_text import (
    MAX_FIELD_MARKUP,
    _cloze_answer,
    _foreign_text,
    _parse_html,
    by_language,
    html_to_text,
    is_term_like,
    pinyin_id,
    resolve_clozes,
    slugify,
)
from quiz.anki.package_reader import WINDOWS_DEVICE_NAMES
from quiz.anki.templates import CONCEPT_FIELDS, FIRST_CONCEPT_FIELDS, NUMERIC_FIELDS
from quiz.masking import has_cjk

TERM_FIELD_NAMES = ("term", "front", "word", "expression", "question", "text", "术语", "正面")
DEFINITION_FIELD_NAMES = (
    "definition",
    "back",
    "meaning",
    "answer",
    "explanation",
    "back extra",
    "extra",
    "定义",
    "背面",
)
EXAMPLE_FIELD_NAMES = ("example", "sentence", "例句")
"""Field names (compared case-insensitively) mapped from foreign note types."""
SKIPPED_FIELD_NAMES = ("pinyin", "拼音", "reading", "pronunciation", "读音", "audio", "sound")
"""Fields of foreign notes that are not concept text (a Chinese deck's pinyin)."""

DRAFT_FIELD_ORDER = (
    "id",
    "term",
    "aliases",
    "definition",
    "example",
    "formula",
    "tags",
    "prerequisites",
    "related",
    "engine",
    "legend",
    "worked_example",
    "notes",
    "references",
)
REQUIRED_BILINGUAL = ("term", "definition")
OPTIONAL_BILINGUAL = ("legend", "worked_example", "notes")


def _list_field(markup: str) -> list[tuple[str | None, str]]:
    """A list field's entries: our ``item`` spans, else the text split on commas."""
    parsed = _parse_html(markup)
    if parsed.items:
        return [(item_id, text) for item_id, text in parsed.items if text or item_id]
    text = html_to_text(markup)
    return [(None, part.strip()) for part in re.split(r"[,，、\n]", text) if part.strip()]


def _formula(markup: str) -> str:
    text = html_to_text(markup)
    for start, end in (("\\[", "\\]"), ("\\(", "\\)")):
        if text.startswith(start) and text.endswith(end):
            return text[len(start) : -len(end)].strip()
    return text


@dataclass(frozen=True)
class ConceptDraft:
    """A concept file made from a note: its mapping, and what is missing.

    ``data`` holds the concept file's fields (see :data:`DRAFT_FIELD_ORDER`);
    ``missing`` names required fields the note could not supply. ``source``
    is the package's file name; ``deck``, ``note_id``, ``note_type`` and
    ``guid`` say which note of it the draft was made from.
    """

    id: str
    domain: str
    data: dict[str, Any]
    source: str
    missing: tuple[str, ...] = field(default=())
    deck: str = ""
    note_id: int | None = None
    note_type: str = ""
    guid: str = ""

    def to_yaml(self) -> str:
        """The draft as a concept file, with a comment saying where it came from.

        Examples
        --------
        >>> draft = ConceptDraft("ti-du", "calculus", {"id": "ti-du"}, "shared.apkg",
        ...     ("term.en",), "Maths::Calculus", 1700000000123, "Basic", "Ab3x")
        >>> print(draft.to_yaml())
        # Draft imported by dlkg from shared.apkg.
        # Deck: Maths::Calculus
        # Note: 1700000000123 (Basic), GUID Ab3x
        # Not in the deck, to fill in: term.en.
        id: ti-du
        <BLANKLINE>
        """
        lines = [f"# Draft imported by dlkg from {one_line(self.source)}."]
        if self.deck:
            lines.append(f"# Deck: {one_line(self.deck)}")
        if self.note_id is not None:
            kind = f" ({one_line(self.note_type)})" if self.note_type else ""
            guid = f", GUID {one_line(self.guid)}" if self.guid else ""
            lines.append(f"# Note: {self.note_id}{kind}{guid}")
        if self.missing:
            lines.append(f"# Not in the deck, to fill in: {', '.join(self.missing)}.")
        body = yaml.dump(
            self.data, Dumper=_DraftDumper, allow_unicode=True, sort_keys=False, width=100
        )
        return "\n".join(lines) + "\n" + body


class _DraftDumper(yaml.SafeDumper):
    """A safe dumper that never writes anchors (kg's reader rejects them)."""

    def ignore_aliases(self, data):
        return True


def _safe_stem(candidate: str, fallback: str) -> str:
    """A file or folder name from untrusted text: kebab-case (Chinese by its pinyin),
    never a device name.

    Examples
    --------
    >>> _safe_stem("Deep Learning", "x"), _safe_stem("深度学习", "x"), _safe_stem("NUL", "x")
    ('deep-learning', 'shen-du-xue-xi', 'nul-x')
    """
    if ID_PATTERN.match(candidate):
        stem = candidate
    elif has_cjk(candidate):
        stem = pinyin_id(candidate, fallback)
    else:
        stem = slugify(candidate, fallback)
    if stem in WINDOWS_DEVICE_NAMES:
        stem = f"{stem}-{fallback}"
    return stem


def _bilingual(en: str, zh: str) -> dict[str, str] | None:
    parts = {lang: text for lang, text in (("en", en), ("zh", zh)) if text}
    return parts or None


def _example(en: str, zh: str) -> dict[str, str] | str | None:
    """Both languages as a mapping; one alone as a plain string (valid for either)."""
    if en and zh:
        return {"en": en, "zh": zh}
    return en or zh or None


def is_concept_type(fields: tuple[str, ...]) -> bool:
    """Whether a note type with ``fields`` is dlkg's concept type, of this or an earlier export.

    Examples
    --------
    >>> is_concept_type(CONCEPT_FIELDS), is_concept_type(FIRST_CONCEPT_FIELDS)
    (True, True)
    >>> is_concept_type(("Front", "Back"))
    False
    """
    return len(fields) >= len(FIRST_CONCEPT_FIELDS) and fields == CONCEPT_FIELDS[: len(fields)]


def _own_concept(note: ApkgNote, fields: tuple[str, ...]) -> tuple[str, str, dict[str, Any]]:
    """A note of dlkg's concept type: (id, domain, concept fields), field for field."""
    values = dict(zip(fields, note.fields, strict=False))

    def text(name: str) -> str:
        return html_to_text(values.get(name, ""))

    def entries(name: str) -> list[tuple[str | None, str]]:
        return _list_field(values.get(name, ""))

    def ids(name: str) -> list[str]:
        return [item_id for item_id, _ in entries(name) if item_id and ID_PATTERN.match(item_id)]

    engine = text("Engine")
    data = {
        "term": _bilingual(text("Term"), text("TermZh")),
        "aliases": list(dict.fromkeys(label for _, label in entries("Aliases"))),
        "definition": _bilingual(text("Definition"), text("DefinitionZh")),
        "example": _example(text("Example"), text("ExampleZh")),
        "formula": _formula(values.get("Formula", "")),
        "tags": list(dict.fromkeys(label for _, label in entries("Tags"))),
        "prerequisites": ids("Prerequisites"),
        "related": ids("Related"),
        "engine": engine if ENGINE_PATTERN.match(engine) else "",
        "legend": _bilingual(text("Legend"), text("LegendZh")),
        "worked_example": _bilingual(text("WorkedExample"), text("WorkedExampleZh")),
        "notes": _bilingual(text("Notes"), text("NotesZh")),
        "references": list(dict.fromkeys(label for _, label in entries("References"))),
    }
    return text("Id"), text("Domain"), data


def _field_named(fields: dict[str, str], names: tuple[str, ...], skip: str | None) -> str | None:
    """The first field (by ``names`` order) called one of ``names``, case ignored."""
    for wanted in names:
        for name in fields:
            if name.casefold() == wanted and name != skip:
                return name
    return None


def foreign_concept(
    note: ApkgNote, notetype: NoteType | None
) -> tuple[dict[str, str], str, dict[str, Any]]:
    """A note of any other type: (term, domain, concept fields).

    The term comes from a Front/Term-like field (else the first field with
    text); the next side (a Back/Definition-like field, else the next field)
    gives the definition, or the term in the other language when it is short
    and the term has none. Each text goes to the language its script shows;
    other fields fill what is still missing. A Cloze note's term is its first
    deletion, its example the sentence, its Back Extra the definition.
    """
    names = notetype.fields if notetype else ()
    names += tuple(f"Field {i + 1}" for i in range(len(names), len(note.fields)))
    raw = {
        name: markup[:MAX_FIELD_MARKUP]
        for name, markup in zip(names, note.fields, strict=False)
        if name.casefold() not in SKIPPED_FIELD_NAMES
    }
    fields = {name: text for name, markup in raw.items() if (text := _foreign_text(markup))}
    term: dict[str, str] = {}
    definition: dict[str, str] = {}
    example: str | None = None
    term_field: str | None
    clozes = {name: resolve_clozes(markup)[1] for name, markup in raw.items() if "{{c" in markup}
    cloze_field = next((name for name, deletions in clozes.items() if deletions), None)
    if cloze_field is not None:
        answer = _cloze_answer(clozes[cloze_field])
        term.update(by_language(answer, term=True))
        example = fields.get(cloze_field)
        term_field = cloze_field
    else:
        term_field = _field_named(fields, TERM_FIELD_NAMES, None) or next(iter(fields), None)
        term.update(by_language(fields.get(term_field or "", ""), term=True))
    definition_field = _field_named(fields, DEFINITION_FIELD_NAMES, term_field) or next(
        (name for name in fields if name != term_field), None
    )
    example_field = _field_named(fields, EXAMPLE_FIELD_NAMES, term_field)
    if example is None and example_field is not None:
        example = fields[example_field]
    others = [name for name in fields if name not in (term_field, example_field)]
    if definition_field in others:  # the definition side first, then any other field
        others.remove(definition_field)
        others.insert(0, definition_field)
    for name in others:
        text = fields[name]
        for language, part in by_language(text, term=is_term_like(text)).items():
            if language not in term and is_term_like(part):
                term[language] = part
            else:
                definition.setdefault(language, part)
    term, definition = _in_order(term), _in_order(definition)
    data = {
        "term": term or None,
        "definition": definition or None,
        "example": example,
        "tags": list(dict.fromkeys(note.tags)),
    }
    return term, note.deck.split("::")[-1], data


def _in_order(parts: dict[str, str]) -> dict[str, str]:
    """English first, as concept files are written."""
    return {language: parts[language] for language in ("en", "zh") if language in parts}


def _foreign_id(term: dict[str, str], fallback: str) -> str:
    """The id of a foreign note: from its English term, else its Chinese term's pinyin."""
    english = slugify(term.get("en", ""), "")
    return english or _safe_stem(term.get("zh", ""), fallback)


def concept_drafts(apkg: Apkg) -> list[ConceptDraft]:
    """A concept draft per note; numeric-problem notes of dlkg decks are skipped.

    Notes of dlkg's own concept type map field for field (an export re-imports
    as the same concepts); other notes go through :func:`foreign_concept`,
    their id from the English term or the Chinese term's pinyin. Ids are made
    unique; domains come from the ``Domain`` field or the deck.
    """
    drafts: list[ConceptDraft] = []
    used: set[str] = set()
    for note in apkg.notes:
        notetype = apkg.notetypes.get(note.notetype)
        fields = notetype.fields if notetype else ()
        if fields == NUMERIC_FIELDS:
            continue
        fallback = f"note-{note.id}"
        if is_concept_type(fields):
            candidate, domain, data = _own_concept(note, fields)
        else:
            term, domain, data = foreign_concept(note, notetype)
            candidate = _foreign_id(term, fallback)
        base = concept_id = _safe_stem(candidate, fallback)
        suffix = 2
        while concept_id in used:
            concept_id = f"{base}-{suffix}"
            suffix += 1
        used.add(concept_id)
        missing = tuple(
            f"{key}.{lang}"
            for key in (*REQUIRED_BILINGUAL, *OPTIONAL_BILINGUAL)
            if key in REQUIRED_BILINGUAL or data.get(key)
            for lang in ("en", "zh")
            if not (data.get(key) or {}).get(lang)
        )
        drafts.append(
            ConceptDraft(
                id=concept_id,
                domain=_safe_stem(domain, "imported"),
                data={"id": concept_id} | {k: data[k] for k in DRAFT_FIELD_ORDER if data.get(k)},
                source=apkg.path.name,
                missing=missing,
                deck=note.deck,
                note_id=note.id,
                note_type=notetype.name if notetype else "an unknown note type",
                guid=note.guid,
            )
        )
    return drafts


@dataclass(frozen=True)
class WrittenDrafts:
    """Which draft files :func:`write_drafts` wrote, and which it left alone."""

    written: tuple[Path, ...]
    kept: tuple[Path, ...]


def write_drafts(drafts: list[ConceptDraft], out_dir: Path | str, *, overwrite: bool = False):
    """Write each draft to ``out_dir/<domain>/<id>.yaml`` (atomically).

    Parameters
    ----------
    drafts : list of ConceptDraft
    out_dir : path
        Created if missing; nothing is written outside it.
    overwrite : bool
        Replace existing files; by default they are kept (a draft may have
        been edited since the last import).

    Returns
    -------
    WrittenDrafts

    Raises
    ------
    ApkgError
        If a draft's path would leave ``out_dir`` (a symlinked subfolder).
    OSError
        If a folder or file cannot be written.
    """
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    root = out_dir.resolve()
    written, kept = [], []
    for draft in drafts:
        target = out_dir / draft.domain / f"{draft.id}.yaml"
        target.parent.mkdir(exist_ok=True)
        if not target.resolve().is_relative_to(root):
            raise ApkgError(target, f"refusing to write outside {out_dir}")
        if target.exists() and not overwrite:
            kept.append(target)
            continue
        atomic_write(target, draft.to_yaml())
        written.append(target)
    return WrittenDrafts(tuple(written), tuple(kept))
