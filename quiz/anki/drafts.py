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
from kg.text import CONTROL_CHARACTERS, one_line
from quiz.anki.collection import Apkg, ApkgError, ApkgNote, NoteType
from quiz.anki.package_reader import WINDOWS_DEVICE_NAMES
from quiz.anki.templates import CONCEPT_FIELDS, FIRST_CONCEPT_FIELDS, NUMERIC_FIELDS
from quiz.masking import has_cjk

MAX_FIELD_CHARS = 20_000
"""Longest text kept from one field of a foreign note (a draft stays a small file)."""
MAX_FIELD_MARKUP = 1_000_000
"""Longest markup read from one field of a foreign note (the rest could not be kept)."""
MAX_ID_LENGTH = 60

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
MAX_TERM_CHARS = 48
MAX_TERM_WORDS = 6
"""Longest text taken for a term rather than a definition (a name, not a sentence)."""
CJK_WEIGHT = 4
"""A Chinese character counts as this many Latin letters when a text's language is
told by its script (a word of Chinese is one or two characters, of English five letters)."""

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
_CLOZE_OPENING = re.compile(r"\{\{c(\d{1,4})::")
MAX_CLOZE_DEPTH = 4
"""Nested deletions (``{{c1::a {{c2::b}}}}``) resolved, innermost first; deeper ones stay."""
_SOUND = re.compile(r"\[sound:[^\[\]]*\]")
"""Bounded by the next ``[``, so that a field of unclosed tags is read in linear time."""
_TONE_MARKS = frozenset("āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜ")
_SENTENCE_END = tuple(".。!！?？;；")
_PAIR_SEPARATORS = re.compile(r"\s+[·/|]\s+|\s*[｜；]\s*")
_GLOSS = re.compile(r"^(?P<main>[^()（）]+?)\s*[(（](?P<gloss>[^()（）]+)[)）]$")


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


def _capped(text: str) -> str:
    return text if len(text) <= MAX_FIELD_CHARS else text[: MAX_FIELD_CHARS - 1] + "…"


def _cloze_round(markup: str) -> tuple[str, list[tuple[int, str]]]:
    """``markup`` with its innermost cloze deletions replaced by their answers, and those
    deletions as (number, answer).

    A scan, not a regular expression: a field is untrusted, and a pattern that
    looks ahead for ``}}`` from every ``{{c1::`` takes time that grows with the
    square (or the cube) of its length. Here every character is looked at a
    bounded number of times. A deletion with another one opening inside is
    left for the next round; ``::hint`` is dropped.
    """
    parts, deletions = [], []
    position = close = 0
    while (start := markup.find("{{c", position)) != -1:
        opening = _CLOZE_OPENING.match(markup, start)
        if opening is None:
            parts.append(markup[position : start + 3])
            position = start + 3
            continue
        if close < opening.end():
            close = markup.find("}}", opening.end())
            if close == -1:
                break
        inner = markup.find("{{c", opening.end(), close)
        if inner != -1:  # another deletion opens first: this one waits for the next round
            parts.append(markup[position:inner])
            position = inner
            continue
        answer = markup[opening.end() : close].split("::", 1)[0]
        parts += [markup[position:start], answer]
        deletions.append((int(opening[1]), answer))
        position = close + 2
    parts.append(markup[position:])
    return "".join(parts), deletions


def resolve_clozes(markup: str) -> tuple[str, list[tuple[int, str]]]:
    """``markup`` with Anki's cloze deletions replaced by their answers, and the deletions.

    Examples
    --------
    >>> resolve_clozes("{{c1::Adam::optimizer}} keeps {{c2::two {{c3::moments}}}}.")
    ('Adam keeps two moments.', [(1, 'Adam'), (3, 'moments'), (2, 'two moments')])
    """
    deletions: list[tuple[int, str]] = []
    for _ in range(MAX_CLOZE_DEPTH):
        markup, found = _cloze_round(markup)
        if not found:
            break
        deletions += found
    return markup, deletions


def _foreign_text(markup: str) -> str:
    """A foreign field's text: cloze markers and sound tags removed, length capped."""
    return _capped(html_to_text(_SOUND.sub("", resolve_clozes(markup)[0])))


def script_language(text: str) -> str | None:
    """``"zh"`` or ``"en"``, as the script of ``text``'s letters shows; None without letters.

    A Chinese character weighs :data:`CJK_WEIGHT` Latin letters: a Chinese
    name with a Latin acronym is Chinese, an English sentence quoting a
    Chinese word is English.

    Examples
    --------
    >>> script_language("梯度"), script_language("Softmax 函数"), script_language("ReLU")
    ('zh', 'zh', 'en')
    >>> script_language("The gradient (梯度) of f at x."), script_language("3.14")
    ('en', None)
    """
    chinese = sum(has_cjk(char) for char in text)
    latin = sum(char.isalpha() for char in text) - chinese
    if not chinese and not latin:
        return None
    return "zh" if chinese * CJK_WEIGHT >= latin else "en"


def _looks_like_pinyin(text: str) -> bool:
    """Whether ``text`` is romanised Chinese with tone marks (``tī dù``), not English.

    Examples
    --------
    >>> _looks_like_pinyin("tī dù"), _looks_like_pinyin("Tīdù xiàjiàng")
    (True, True)
    >>> _looks_like_pinyin("café au lait"), _looks_like_pinyin("gradient")
    (False, False)
    """
    words = text.casefold().split()
    marked = sum(any(char in _TONE_MARKS for char in word) for word in words)
    return bool(words) and not has_cjk(text) and marked * 2 > len(words)


def is_term_like(text: str) -> bool:
    """Whether ``text`` reads as a name (a term) rather than a sentence (a definition).

    Examples
    --------
    >>> is_term_like("Gradient descent"), is_term_like("梯度下降")
    (True, True)
    >>> is_term_like("The vector of partial derivatives."), is_term_like("偏导数组成的向量。")
    (False, False)
    """
    if not text or "\n" in text or len(text) > MAX_TERM_CHARS or text.endswith(_SENTENCE_END):
        return False
    return script_language(text) == "zh" or len(text.split()) <= MAX_TERM_WORDS


def by_language(text: str, *, term: bool = False) -> dict[str, str]:
    """The parts of ``text`` in each language: ``{"en": ..., "zh": ...}``.

    Lines in different scripts are told apart (pinyin lines are dropped), and
    so, in a ``term``, are the halves of ``Gradient · 梯度``, ``梯度 / gradient``
    or ``梯度 (gradient)``. Text in one script is one part.

    Examples
    --------
    >>> by_language("偏导数组成的向量。\\nThe vector of partial derivatives.")
    {'zh': '偏导数组成的向量。', 'en': 'The vector of partial derivatives.'}
    >>> by_language("梯度（gradient）", term=True), by_language("tī dù\\n梯度")
    ({'zh': '梯度', 'en': 'gradient'}, {'zh': '梯度'})
    """
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    parts: dict[str, list[str]] = {}
    for line in lines:
        if _looks_like_pinyin(line):
            continue
        halves = _split_pair(line) if term else None
        for language, half in halves.items() if halves else [(script_language(line), line)]:
            if language is not None:
                parts.setdefault(language, []).append(half)
    return {language: "\n".join(texts) for language, texts in parts.items()}


def _split_pair(line: str) -> dict[str, str] | None:
    """The English and Chinese halves of a bilingual term, or None if it is not one."""
    gloss = _GLOSS.match(line)
    halves = [gloss["main"], gloss["gloss"]] if gloss else _PAIR_SEPARATORS.split(line)
    halves = [half.strip() for half in halves if half.strip() and not _looks_like_pinyin(half)]
    languages = [script_language(half) for half in halves]
    if len(halves) != 2 or set(languages) != {"en", "zh"}:
        return None
    return {str(language): half for language, half in zip(languages, halves, strict=True)}


def pinyin_id(text: str, fallback: str) -> str:
    """A kebab-case id from a Chinese name, by its pinyin (toneless), or ``fallback``.

    Examples
    --------
    >>> pinyin_id("梯度下降", "note-1"), pinyin_id("Softmax 函数", "note-2")
    ('ti-du-xia-jiang', 'softmax-han-shu')
    >>> pinyin_id("！", "note-3")
    'note-3'
    """
    from pypinyin import lazy_pinyin  # its dictionaries take half a second to load

    return slugify(" ".join(lazy_pinyin(text)), fallback)


def _cloze_answer(deletions: list[tuple[int, str]]) -> str:
    """The text hidden by a note's first cloze deletion (the lowest number), or ``""``."""
    if not deletions:
        return ""
    first = min(number for number, _ in deletions)
    answers = dict.fromkeys(html_to_text(a) for n, a in deletions if n == first and a.strip())
    return _capped(" … ".join(answer for answer in answers if answer))


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
