"""Reading Anki packages (``.apkg``) safely, and turning their notes into concept drafts.

An ``.apkg`` is a zip archive holding a SQLite collection and a media list:

- ``collection.anki2`` (legacy, schema 11), or ``collection.anki21`` (Anki 2.1
  legacy export; the ``.anki2`` beside it is then a stub), with a JSON ``media``
  list ``{"0": "name.jpg"}``;
- ``collection.anki21b`` (Anki 2.1.50+, schema 18): the collection compressed
  with zstd, a ``meta`` entry (protobuf, ``version = 3``), and a ``media`` list
  that is zstd-compressed protobuf (``MediaEntries``).

A package is untrusted input, so:

- the media list is read, never extracted, and a name that is not a single
  plain file name (a path, ``..``, a drive, a Windows device name such as
  ``con`` or ``nul``, control characters) is refused;
- sizes are capped twice: the size an entry declares, and the bytes actually
  read (headers can lie, and zstd can expand a few bytes into gigabytes);
- the collection is extracted to a temporary folder, opened read-only
  (``file:...?mode=ro``), with ``trusted_schema`` off, and passes
  ``PRAGMA integrity_check`` before any query; the tables read must be tables;
- every failure is one :class:`ApkgError` line naming the file and the problem;
- drafts are written only inside the output folder, under names made safe.

Media are counted and listed, not imported: concept files have no media.
"""

from __future__ import annotations

import json
import re
import sqlite3
import tempfile
import unicodedata
import zipfile
import zlib
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import yaml
import zstandard

from kg.plumbing.atomic import atomic_write
from kg.schema import ENGINE_PATTERN, ID_PATTERN
from quiz.anki.templates import CONCEPT_FIELDS, NUMERIC_FIELDS
from quiz.masking import has_cjk

MIB = 1 << 20
MAX_COLLECTION_BYTES = 512 * MIB
"""Largest collection extracted (after decompression); big shared decks are ~100 MiB."""
MAX_MEDIA_LIST_BYTES = 16 * MIB
"""Largest media list read (after decompression)."""
MAX_MEDIA_FILES = 200_000
MAX_META_BYTES = 1024
MAX_VALUE_BYTES = 64 * MIB
"""Largest string or blob SQLite may build while reading (caps computed columns too)."""
MAX_NAME_BYTES = 255
"""Longest media file name, in UTF-8 bytes (the usual file-system limit)."""
MAX_FIELD_CHARS = 20_000
"""Longest text kept from one field of a foreign note (a draft stays a small file)."""
MAX_ID_LENGTH = 60
DEFAULT_DECK = "Default"
"""The deck every Anki collection has, and where a card with an unknown deck goes."""
COPY_CHUNK = 1 * MIB

COLLECTION_ANKI2 = "collection.anki2"
COLLECTION_ANKI21 = "collection.anki21"
COLLECTION_ANKI21B = "collection.anki21b"
LEGACY_1, LEGACY_2, LATEST = 1, 2, 3
"""``PackageMetadata.Version`` in Anki's import_export.proto."""
COLLECTIONS = {LEGACY_1: COLLECTION_ANKI2, LEGACY_2: COLLECTION_ANKI21, LATEST: COLLECTION_ANKI21B}

WINDOWS_DEVICE_NAMES = frozenset(
    {"con", "prn", "aux", "nul", "conin$", "conout$"}
    | {f"{port}{digit}" for port in ("com", "lpt") for digit in "123456789¹²³"}
)
"""Names Windows reserves whatever the extension (``nul.txt`` is the null device)."""

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
)
_CONTROL_CHARACTERS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ufffe\uffff]")
_CLOZE = re.compile(r"\{\{c\d+::(.*?)(?:::[^}]*)?\}\}", re.DOTALL)
_SOUND = re.compile(r"\[sound:[^\]]*\]")
_NOT_UTF8 = "the collection inside is damaged (SQLite reports a name that is not UTF-8)"
"""Python's sqlite3 cannot decode an error message quoting a damaged schema's bytes."""


class ApkgError(Exception):
    """An ``.apkg`` cannot be read: one line naming the file and the problem.

    Examples
    --------
    >>> str(ApkgError("deck.apkg", "not a zip archive"))
    'deck.apkg: not a zip archive'
    """

    def __init__(self, path: Path | str, problem: str):
        self.path = str(path)
        self.problem = " ".join(problem.split())
        super().__init__(f"{self.path}: {self.problem}")


@dataclass(frozen=True)
class NoteType:
    """A note type of the package: its fields and card templates, in order."""

    id: int
    name: str
    fields: tuple[str, ...]
    templates: tuple[str, ...]


@dataclass(frozen=True)
class ApkgNote:
    """One note: its fields (HTML), tags, and the deck of its first card."""

    id: int
    guid: str
    notetype: int
    fields: tuple[str, ...]
    tags: tuple[str, ...]
    deck: str


@dataclass(frozen=True)
class Apkg:
    """What an ``.apkg`` holds, read from its collection."""

    path: Path
    format: str
    """The collection read: ``collection.anki2``, ``.anki21`` or ``.anki21b``."""
    decks: dict[int, str]
    notetypes: dict[int, NoteType]
    notes: tuple[ApkgNote, ...]
    cards_per_deck: dict[str, int]
    media: tuple[str, ...]

    def summary(self) -> dict[str, Any]:
        """Decks, note types and counts, JSON-ready (``dlkg anki inspect --json``).

        Anki's ``Default`` deck, in every collection, is left out while empty.
        """
        notes_per_type = Counter(note.notetype for note in self.notes)
        return {
            "file": str(self.path),
            "format": self.format,
            "notes": len(self.notes),
            "cards": sum(self.cards_per_deck.values()),
            "media": len(self.media),
            "decks": [
                {"name": name, "cards": self.cards_per_deck.get(name, 0)}
                for name in sorted(set(self.decks.values()))
                if name != DEFAULT_DECK or self.cards_per_deck.get(name)
            ],
            "note_types": [
                {
                    "name": notetype.name,
                    "fields": list(notetype.fields),
                    "templates": list(notetype.templates),
                    "notes": notes_per_type[notetype.id],
                }
                for notetype in sorted(self.notetypes.values(), key=lambda n: n.name)
                if notes_per_type[notetype.id]
            ],
        }


@dataclass(frozen=True)
class Limits:
    """The caps applied while reading (smaller ones make hostile-input tests cheap)."""

    collection_bytes: int = MAX_COLLECTION_BYTES
    media_list_bytes: int = MAX_MEDIA_LIST_BYTES
    media_files: int = MAX_MEDIA_FILES


DEFAULT_LIMITS = Limits()


def media_name_problem(name: str) -> str | None:
    """Why ``name`` is not acceptable as a media file name, or None if it is.

    A media name must be one plain file name: no folder part, no ``..``, no
    drive or stream (``:``), no control character, no trailing dot or space
    (Windows drops them), not a Windows device name, at most 255 bytes.

    Examples
    --------
    >>> media_name_problem("diagram.png") is None
    True
    >>> media_name_problem("../../.bashrc")
    'it is a path, not a file name'
    >>> media_name_problem("NUL.txt")
    'it is a reserved device name on Windows'
    """
    if not name or name in (".", ".."):
        return "it is empty or a folder reference"
    if any(separator in name for separator in "/\\:"):
        return "it is a path, not a file name"
    if _CONTROL_CHARACTERS.search(name):
        return "it contains a control character"
    if name != name.rstrip(". ") or name != name.lstrip(" "):
        return "it starts with a space or ends with a dot or space"
    if name.split(".")[0].rstrip(" ").casefold() in WINDOWS_DEVICE_NAMES:
        return "it is a reserved device name on Windows"
    if len(name.encode("utf-8", "surrogatepass")) > MAX_NAME_BYTES:
        return f"it is longer than {MAX_NAME_BYTES} bytes"
    return None


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


def read_apkg(path: Path | str, *, limits: Limits = DEFAULT_LIMITS) -> Apkg:
    """Read the decks, note types, notes and media list of an ``.apkg``.

    Parameters
    ----------
    path : path
        The package.
    limits : Limits
        Size caps (the defaults suit any real deck).

    Returns
    -------
    Apkg

    Raises
    ------
    ApkgError
        If the file is missing, not a zip archive, has no collection, declares
        or expands past a size cap, holds an unsafe media name, or its
        collection is not an intact SQLite Anki collection.
    """
    path = Path(path)
    try:
        archive = zipfile.ZipFile(path)
    except FileNotFoundError:
        raise ApkgError(path, "no such file") from None
    except IsADirectoryError:
        raise ApkgError(path, "is a folder, not an .apkg file") from None
    except (zipfile.BadZipFile, EOFError):
        raise ApkgError(path, "not an Anki package (not a zip archive)") from None
    except NotImplementedError as err:  # a zip feature Python cannot read
        raise ApkgError(path, f"damaged archive: {err}") from None
    except UnicodeDecodeError:  # flagged as UTF-8, but it is not
        raise ApkgError(path, "damaged archive: an entry's name is not valid UTF-8") from None
    except OSError as err:
        raise ApkgError(path, f"cannot read the file: {err.strerror or err}") from None
    with archive:
        try:
            version = _package_version(path, archive)
            member = COLLECTIONS[version]
            if member not in archive.NameToInfo:
                raise ApkgError(path, f"no {member} inside: not an Anki package")
            media = _media_names(path, archive, zstd=version == LATEST, limits=limits)
            with tempfile.TemporaryDirectory(prefix="dlkg-apkg-") as folder:
                database = Path(folder, "collection.sqlite")
                with open(database, "wb") as sink:
                    for chunk in _member_chunks(
                        path, archive, member, limit=limits.collection_bytes, zstd=version == LATEST
                    ):
                        sink.write(chunk)
                connection = _open_collection(path, database)
                try:
                    return _read_collection(path, connection, member, media)
                finally:
                    connection.close()
        except (zipfile.BadZipFile, zlib.error, EOFError, NotImplementedError) as err:
            raise ApkgError(path, f"damaged archive: {err}") from None
        except sqlite3.DatabaseError as err:
            raise ApkgError(path, f"the collection inside is not usable: {err}") from None
        except UnicodeDecodeError:
            raise ApkgError(path, _NOT_UTF8) from None


def _package_version(path: Path, archive: zipfile.ZipFile) -> int:
    """The package version from ``meta``; without one, the newest collection present."""
    version = None
    if "meta" in archive.NameToInfo:
        data = _read_member(path, archive, "meta", limit=MAX_META_BYTES)
        try:
            version = next((value for number, value in _protobuf(data) if number == 1), None)
        except ValueError:
            raise ApkgError(path, "the package's meta entry is damaged") from None
    if version is None:
        if COLLECTION_ANKI21B in archive.NameToInfo:
            return LATEST
        return LEGACY_2 if COLLECTION_ANKI21 in archive.NameToInfo else LEGACY_1
    if isinstance(version, int) and version > LATEST:
        raise ApkgError(path, f"made by a newer Anki (package version {version}); not supported")
    if version not in COLLECTIONS:
        raise ApkgError(path, "the package's meta entry is damaged")
    return version


def _size(limit: int) -> str:
    """``limit`` bytes for a message: ``512 MiB``, ``1 KiB``, ``300 bytes``."""
    for unit, name in ((MIB, "MiB"), (1024, "KiB")):
        if limit >= unit:
            return f"{limit / unit:g} {name}"
    return f"{limit} bytes"


def _check_declared(path: Path, info: zipfile.ZipInfo, limit: int) -> None:
    if info.file_size > limit:
        raise ApkgError(
            path, f"{info.filename} declares {info.file_size} bytes, over the {_size(limit)} limit"
        )


def _member_chunks(
    path: Path, archive: zipfile.ZipFile, name: str, *, limit: int, zstd: bool = False
) -> Iterator[bytes]:
    """The bytes of entry ``name`` (zstd-decompressed if asked), in chunks.

    The declared size is checked first, then the bytes that actually come
    out: a zip header can understate, and zstd can turn kilobytes into
    gigabytes.
    """
    info = archive.getinfo(name)
    _check_declared(path, info, limit)
    try:
        with archive.open(info) as source:
            stream = (
                zstandard.ZstdDecompressor().stream_reader(source, read_across_frames=True)
                if zstd
                else source
            )
            total = 0
            while chunk := stream.read(COPY_CHUNK):
                total += len(chunk)
                if total > limit:
                    raise ApkgError(path, f"{name} expands past the {_size(limit)} limit")
                yield chunk
    except zstandard.ZstdError as err:
        raise ApkgError(path, f"{name} is not valid zstd data: {err}") from None
    except OSError as err:
        # A header pointing before the start of the file makes the seek fail (EINVAL).
        raise ApkgError(
            path, f"damaged archive: cannot read {name} ({err.strerror or err})"
        ) from None


def _read_member(
    path: Path, archive: zipfile.ZipFile, name: str, *, limit: int, zstd: bool = False
) -> bytes:
    return b"".join(_member_chunks(path, archive, name, limit=limit, zstd=zstd))


def _varint(data: bytes, position: int) -> tuple[int, int]:
    result = shift = 0
    while True:
        if position >= len(data) or shift > 63:
            raise ValueError("truncated varint")
        byte = data[position]
        position += 1
        result |= (byte & 0x7F) << shift
        shift += 7
        if not byte & 0x80:
            return result, position


def _protobuf(data: bytes) -> Iterator[tuple[int, int | bytes]]:
    """``(field number, value)`` for each field of a protobuf message.

    Varints come out as ints, length-delimited fields as bytes; fixed-width
    fields are skipped. Enough for Anki's ``PackageMetadata`` and ``MediaEntries``.

    Raises
    ------
    ValueError
        On truncated or malformed data.
    """
    position = 0
    while position < len(data):
        key, position = _varint(data, position)
        number, wire_type = key >> 3, key & 7
        if wire_type == 0:
            value, position = _varint(data, position)
            yield number, value
        elif wire_type == 2:
            length, position = _varint(data, position)
            if position + length > len(data):
                raise ValueError("truncated field")
            yield number, data[position : position + length]
            position += length
        elif wire_type in (1, 5):
            position += 8 if wire_type == 1 else 4
        else:
            raise ValueError(f"unsupported wire type {wire_type}")
    if position != len(data):
        raise ValueError("truncated field")


def _media_names(
    path: Path, archive: zipfile.ZipFile, *, zstd: bool, limits: Limits
) -> tuple[str, ...]:
    """The media file names the package lists, each checked by :func:`media_name_problem`."""
    if "media" not in archive.NameToInfo:
        return ()
    data = _read_member(path, archive, "media", limit=limits.media_list_bytes, zstd=zstd)
    try:
        if zstd:
            names = [
                next((v for n, v in _protobuf(entry) if n == 1), b"").decode("utf-8")
                for number, entry in _protobuf(data)
                if number == 1 and isinstance(entry, bytes)
            ]
        else:
            mapping = _json(data.decode("utf-8")) if data.strip() else {}
            if not isinstance(mapping, dict) or not all(
                isinstance(name, str) for name in mapping.values()
            ):
                raise ValueError("not a mapping of names")
            names = list(mapping.values())
    except (ValueError, AttributeError):
        raise ApkgError(path, "the media list is damaged") from None
    if len(names) > limits.media_files:
        raise ApkgError(path, f"the media list has more than {limits.media_files} files")
    for name in names:
        problem = media_name_problem(name)
        if problem:
            shown = name if len(name) <= 40 else name[:39] + "…"
            raise ApkgError(path, f"refusing media file name {shown!r}: {problem}")
    return tuple(names)


def _unicase(left: str, right: str) -> int:
    """Anki's ``unicase`` collation (its indexes use it; SQLite must know it to check them)."""
    left, right = left.casefold(), right.casefold()
    return (left > right) - (left < right)


def _open_collection(path: Path, database: Path) -> sqlite3.Connection:
    connection = sqlite3.connect(database.as_uri() + "?mode=ro", uri=True)
    try:
        connection.create_collation("unicase", _unicase)
        connection.setlimit(sqlite3.SQLITE_LIMIT_LENGTH, MAX_VALUE_BYTES)
        connection.execute("PRAGMA trusted_schema = OFF")
        connection.execute("PRAGMA query_only = ON")
        problems = [row[0] for row in connection.execute("PRAGMA integrity_check(5)")]
    except sqlite3.DatabaseError as err:
        connection.close()
        raise ApkgError(
            path, f"the collection inside is damaged or not a SQLite database ({err})"
        ) from None
    except UnicodeDecodeError:
        connection.close()
        raise ApkgError(path, _NOT_UTF8) from None
    if problems != ["ok"]:
        connection.close()
        raise ApkgError(path, f"the collection inside is corrupt: {problems[0]}")
    return connection


def _text(value: Any) -> str:
    if isinstance(value, bytes):
        return value.decode("utf-8", "replace")
    return "" if value is None else str(value)


def _integer(value: Any) -> int:
    """``value`` as an int; 0 for what is not a finite number (a damaged row may hold inf)."""
    try:
        return int(value)
    except (TypeError, ValueError, OverflowError):
        return 0


def _json(text: str) -> Any:
    """``json.loads``, with nesting too deep for Python's parser reported as a ValueError."""
    try:
        return json.loads(text)
    except RecursionError:
        raise ValueError("JSON nested too deeply") from None


def _read_collection(
    path: Path, connection: sqlite3.Connection, member: str, media: tuple[str, ...]
) -> Apkg:
    tables = {
        row[0] for row in connection.execute("SELECT name FROM sqlite_master WHERE type = 'table'")
    }
    missing = {"notes", "cards", "col"} - tables
    if missing:
        raise ApkgError(path, f"not an Anki collection (no {', '.join(sorted(missing))} table)")
    if {"notetypes", "fields", "templates", "decks"} <= tables:
        decks, notetypes = _schema18(connection)
    else:
        decks, notetypes = _schema11(path, connection)
    cards_per_deck: Counter[str] = Counter()
    first_deck: dict[int, str] = {}
    for note_id, deck, original_deck in connection.execute(
        "SELECT nid, did, odid FROM cards ORDER BY nid, ord"
    ):
        name = decks.get(_integer(original_deck) or _integer(deck), DEFAULT_DECK)
        cards_per_deck[name] += 1
        first_deck.setdefault(_integer(note_id), name)
    notes = []
    for note_id, guid, notetype, fields, tags in connection.execute(
        "SELECT id, guid, mid, flds, tags FROM notes ORDER BY id"
    ):
        note_id = _integer(note_id)
        notes.append(
            ApkgNote(
                id=note_id,
                guid=_text(guid),
                notetype=_integer(notetype),
                fields=tuple(_text(fields).split("\x1f")),
                tags=tuple(_text(tags).split()),
                deck=first_deck.get(note_id, DEFAULT_DECK),
            )
        )
    return Apkg(path, member, decks, notetypes, tuple(notes), dict(cards_per_deck), media)


def _schema18(connection: sqlite3.Connection) -> tuple[dict[int, str], dict[int, NoteType]]:
    """Decks and note types of a schema-18 collection (their own tables)."""
    decks = {
        _integer(deck_id): _text(name).replace("\x1f", "::")
        for deck_id, name in connection.execute("SELECT id, name FROM decks")
    }
    fields: dict[int, list[str]] = {}
    for notetype, name in connection.execute("SELECT ntid, name FROM fields ORDER BY ntid, ord"):
        fields.setdefault(_integer(notetype), []).append(_text(name))
    templates: dict[int, list[str]] = {}
    for notetype, name in connection.execute("SELECT ntid, name FROM templates ORDER BY ntid, ord"):
        templates.setdefault(_integer(notetype), []).append(_text(name))
    notetypes = {}
    for notetype_id, name in connection.execute("SELECT id, name FROM notetypes"):
        notetype_id = _integer(notetype_id)
        notetypes[notetype_id] = NoteType(
            notetype_id,
            _text(name),
            tuple(fields.get(notetype_id, ())),
            tuple(templates.get(notetype_id, ())),
        )
    return decks, notetypes


def _schema11(
    path: Path, connection: sqlite3.Connection
) -> tuple[dict[int, str], dict[int, NoteType]]:
    """Decks and note types of a schema-11 collection (JSON in the ``col`` row)."""
    row = connection.execute("SELECT decks, models FROM col").fetchone()
    try:
        deck_data, model_data = (_json(_text(value) or "{}") for value in row or ("", ""))
        if not isinstance(deck_data, dict) or not isinstance(model_data, dict):
            raise ValueError("not a mapping")
        decks = {_integer(key): _text(deck.get("name")) for key, deck in deck_data.items()}
        notetypes = {}
        for key, model in model_data.items():
            by_order = sorted(model.get("flds") or (), key=lambda f: _integer(f.get("ord")))
            templates = sorted(model.get("tmpls") or (), key=lambda t: _integer(t.get("ord")))
            notetypes[_integer(key)] = NoteType(
                _integer(key),
                _text(model.get("name")),
                tuple(_text(f.get("name")) for f in by_order),
                tuple(_text(t.get("name")) for t in templates),
            )
    except (ValueError, TypeError, AttributeError):
        raise ApkgError(path, "the collection's deck or note type list is damaged") from None
    return decks, notetypes


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
    text = _CONTROL_CHARACTERS.sub("", text)
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
    return " ".join(_CONTROL_CHARACTERS.sub(" ", text).split())


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


def _own_concept(note: ApkgNote) -> tuple[str, str, dict[str, Any]]:
    """A note of dlkg's concept type: (id, domain, concept fields), field for field."""
    values = dict(zip(CONCEPT_FIELDS, note.fields, strict=False))

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
        if fields == CONCEPT_FIELDS:
            candidate, domain, data = _own_concept(note)
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
            for key in ("term", "definition")
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
