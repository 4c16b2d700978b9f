"""Concept drafts from the notes of an Anki package (``dlkg anki import``), and writing them.

Notes of dlkg's own concept type map field for field, so an export re-imports
as the same concepts; notes of any other type map their Front/Back-like fields
to a term and a definition. A draft is a concept file to check and complete:
its header (a YAML comment) says where it came from and what is missing.

The text comes from an untrusted package: field HTML is reduced to text
(scripts, styles and images dropped), control characters removed, lengths
capped, and drafts are written only inside the output folder, under names
made safe.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import yaml

from kg.plumbing.atomic import atomic_write
from kg.schema import ENGINE_PATTERN, ID_PATTERN
from quiz.anki.collection import Apkg, ApkgError, ApkgNote, NoteType
from quiz.anki.package_reader import CONTROL_CHARACTERS, WINDOWS_DEVICE_NAMES
from quiz.anki.templates import CONCEPT_FIELDS, FIRST_CONCEPT_FIELDS, NUMERIC_FIELDS
from quiz.masking import has_cjk

MAX_FIELD_CHARS = 20_000
"""Longest text kept from one field of a foreign note (a draft stays a small file)."""
MAX_ID_LENGTH = 60

TERM_FIELD_NAMES = ("term", "front", "word", "expression", "question", "text", "术语", "正面")
DEFINITION_FIELD_NAMES = ("definition", "back", "meaning", "answer", "explanation", "定义", "背面")
EXAMPLE_FIELD_NAMES = ("example", "sentence", "例句")
"""Field names (compared case-insensitively) mapped from foreign note types."""

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
"""Fields a draft needs in both languages (``example`` may be one text for both)."""
_CLOZE = re.compile(r"\{\{c\d+::(.*?)(?:::[^}]*)?\}\}", re.DOTALL)
_SOUND = re.compile(r"\[sound:[^\]]*\]")


def slugify(text: str, fallback: str) -> str:
    """A kebab-case id from ``text`` (ASCII letters and digits), or ``fallback``.

    Examples
    --------
    >>> slugify("Café au lait (FR)!", "note-1")
    'cafe-au-lait-fr'
    >>> slugify("梯度", "note-7")
    'note-7'
    """
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")
    slug = slug[:MAX_ID_LENGTH].strip("-")
    return slug or fallback


class _HtmlText(HTMLParser):
    """Field HTML to plain text: ``<br>`` and block ends become line breaks;
    scripts, styles and images are dropped; ``item`` spans are collected."""

    BLOCKS = frozenset({"div", "p", "li", "tr", "h1", "h2", "h3", "h4", "h5", "h6"})
    SKIPPED = frozenset({"script", "style"})

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.items: list[tuple[str | None, str]] = []
        self._item: tuple[str | None, list[str]] | None = None
        self._skipping = 0

    def handle_starttag(self, tag, attrs):
        if tag in self.SKIPPED:
            self._skipping += 1
        elif tag == "br":
            self.parts.append("\n")
        elif tag == "span" and "item" in (dict(attrs).get("class") or "").split():
            self._item = (dict(attrs).get("data-id"), [])

    def handle_endtag(self, tag):
        if tag in self.SKIPPED:
            self._skipping = max(0, self._skipping - 1)
        elif tag in self.BLOCKS:
            self.parts.append("\n")
        elif tag == "span" and self._item is not None:
            self.items.append((self._item[0], "".join(self._item[1]).strip()))
            self._item = None

    def handle_data(self, data):
        if self._skipping:
            return
        self.parts.append(data)
        if self._item is not None:
            self._item[1].append(data)


def _parse_html(markup: str) -> _HtmlText:
    parser = _HtmlText()
    parser.feed(markup)
    parser.close()
    return parser


def html_to_text(markup: str) -> str:
    """The text of a field: tags dropped, entities decoded, line breaks kept.

    Examples
    --------
    >>> html_to_text("a &lt; b<br>next <b>bold</b><script>x()</script>")
    'a < b\\nnext bold'
    """
    text = "".join(_parse_html(markup).parts).replace("\xa0", " ")
    text = CONTROL_CHARACTERS.sub("", text)
    return "\n".join(line.rstrip() for line in text.strip().splitlines()).strip()


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
    ``missing`` names required fields the note could not supply.
    """

    id: str
    domain: str
    data: dict[str, Any]
    source: str
    missing: tuple[str, ...] = field(default=())

    def to_yaml(self) -> str:
        """The draft as a concept file, with a comment saying where it came from."""
        lines = [f"# Draft imported by dlkg from {_one_line(self.source)}."]
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


def _one_line(text: str) -> str:
    """``text`` safe inside a YAML comment: control characters and line breaks removed."""
    return " ".join(CONTROL_CHARACTERS.sub(" ", text).split())


def _safe_stem(candidate: str, fallback: str) -> str:
    """A file or folder name from untrusted text: kebab-case, never a device name."""
    stem = candidate if ID_PATTERN.match(candidate) else slugify(candidate, fallback)
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


def _foreign_text(markup: str) -> str:
    """A foreign field's text: cloze markers and sound tags removed, length capped."""
    text = html_to_text(_SOUND.sub("", _CLOZE.sub(r"\1", markup)))
    return text if len(text) <= MAX_FIELD_CHARS else text[: MAX_FIELD_CHARS - 1] + "…"


def _in_its_language(text: str) -> dict[str, str] | None:
    """``{"zh": text}`` if it holds Chinese characters, else ``{"en": text}``."""
    if not text:
        return None
    return {"zh" if has_cjk(text) else "en": text}


def _foreign_concept(note: ApkgNote, notetype: NoteType | None) -> tuple[str, str, dict[str, Any]]:
    """A note of any other type: (id candidate, domain, concept fields).

    The term comes from a Front/Term-like field (else the first field), the
    definition from a Back/Definition-like one (else the next field).
    """
    names = notetype.fields if notetype else ()
    names += tuple(f"Field {i + 1}" for i in range(len(names), len(note.fields)))
    fields = {name: _foreign_text(value) for name, value in zip(names, note.fields, strict=False)}
    term_field = _field_named(fields, TERM_FIELD_NAMES, None) or next(iter(fields), None)
    definition_field = _field_named(fields, DEFINITION_FIELD_NAMES, term_field) or next(
        (name for name in fields if name != term_field), None
    )
    example_field = _field_named(fields, EXAMPLE_FIELD_NAMES, term_field)
    term = fields.get(term_field, "")
    data = {
        "term": _in_its_language(term),
        "definition": _in_its_language(fields.get(definition_field, "")),
        "example": fields.get(example_field) or None,
        "tags": list(dict.fromkeys(note.tags)),
    }
    return term, note.deck.split("::")[-1], data


def concept_drafts(apkg: Apkg) -> list[ConceptDraft]:
    """A concept draft per note; numeric-problem notes of dlkg decks are skipped.

    Notes of dlkg's own concept type map field for field (an export re-imports
    as the same concepts); other notes map Front/Back-like fields to the term
    and definition (the language told by the script), with a slugified id.
    Ids are made unique; domains come from the ``Domain`` field or the deck.
    """
    drafts: list[ConceptDraft] = []
    used: set[str] = set()
    for note in apkg.notes:
        notetype = apkg.notetypes.get(note.notetype)
        fields = notetype.fields if notetype else ()
        if fields == NUMERIC_FIELDS:
            continue
        if is_concept_type(fields):
            candidate, domain, data = _own_concept(note, fields)
        else:
            candidate, domain, data = _foreign_concept(note, notetype)
        base = concept_id = _safe_stem(candidate, f"note-{note.id}")
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
        type_name = notetype.name if notetype else "an unknown note type"
        drafts.append(
            ConceptDraft(
                id=concept_id,
                domain=_safe_stem(domain, "imported"),
                data={"id": concept_id} | {k: data[k] for k in DRAFT_FIELD_ORDER if data.get(k)},
                source=f"{apkg.path.name}, note {note.id} ({type_name})",
                missing=missing,
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
