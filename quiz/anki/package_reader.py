"""Reading Anki packages (``.apkg``) safely: the zip, its size caps, zstd, the media list.

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
- every failure is one :class:`ApkgError` line naming the file and the problem.

The collection itself is read by :mod:`quiz.anki.collection`; its notes become
concept drafts in :mod:`quiz.anki.drafts`.

Media are counted and listed, not imported: concept files have no media.
"""

from __future__ import annotations

import sqlite3
import tempfile
import zipfile
import zlib
from collections.abc import Iterator
from contextlib import closing, contextmanager
from dataclasses import dataclass
from pathlib import Path

import zstandard

from kg.text import CONTROL_CHARACTERS
from quiz.anki.collection import (
    MIB,
    NOT_UTF8,
    Apkg,
    ApkgError,
    ApkgNote,
    NoteType,
    load_json,
    open_collection,
    read_collection,
)

__all__ = [
    "DEFAULT_LIMITS",
    "Apkg",
    "ApkgError",
    "ApkgNote",
    "Limits",
    "NoteType",
    "media_name_problem",
    "opened_collection",
    "read_apkg",
]

MAX_COLLECTION_BYTES = 512 * MIB
"""Largest collection extracted (after decompression); big shared decks are ~100 MiB."""
MAX_MEDIA_LIST_BYTES = 16 * MIB
"""Largest media list read (after decompression)."""
MAX_MEDIA_FILES = 200_000
MAX_META_BYTES = 1024
MAX_NAME_BYTES = 255
"""Longest media file name, in UTF-8 bytes (the usual file-system limit)."""
COPY_CHUNK = 1 * MIB
SQLITE_MAGIC = b"SQLite format 3\x00"
"""The first bytes of a SQLite file: a collection given as it is, not packaged."""

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
    if CONTROL_CHARACTERS.search(name):
        return "it contains a control character"
    if name != name.rstrip(". ") or name != name.lstrip(" "):
        return "it starts with a space or ends with a dot or space"
    if name.split(".")[0].rstrip(" ").casefold() in WINDOWS_DEVICE_NAMES:
        return "it is a reserved device name on Windows"
    if len(name.encode("utf-8", "surrogatepass")) > MAX_NAME_BYTES:
        return f"it is longer than {MAX_NAME_BYTES} bytes"
    return None


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
    with opened_collection(path, limits=limits, bare=False) as (connection, member, media):
        return read_collection(Path(path), connection, member, media)


@contextmanager
def opened_collection(
    path: Path | str, *, limits: Limits = DEFAULT_LIMITS, bare: bool = True
) -> Iterator[tuple[sqlite3.Connection, str, tuple[str, ...]]]:
    """The collection of a package (``.apkg``, ``.colpkg``), or with ``bare`` a collection
    file itself (``collection.anki2``), open read-only: ``(connection, member, media)``.

    The collection is copied to a temporary folder first (a bare one too: Anki may
    have it open, and SQLite must not touch the learner's file), within
    ``limits.collection_bytes``, and passes the integrity check before it is yielded.
    Errors while it is read (a query on a damaged collection) are worded as
    :class:`ApkgError` too.

    Raises
    ------
    ApkgError
        As :func:`read_apkg`; for a bare file, also if it is over the size cap.
    """
    path = Path(path)
    try:
        with path.open("rb") as stream:
            header = stream.read(len(SQLITE_MAGIC))
    except FileNotFoundError:
        raise ApkgError(path, "no such file") from None
    except IsADirectoryError:
        raise ApkgError(path, "is a folder, not an Anki file") from None
    except OSError as err:
        raise ApkgError(path, f"cannot read the file: {err.strerror or err}") from None
    if bare and header == SQLITE_MAGIC:
        with tempfile.TemporaryDirectory(prefix="dlkg-apkg-") as folder:
            database = Path(folder, "collection.sqlite")
            try:
                _copy_capped(path, database, limits.collection_bytes)
                connection = open_collection(path, database)
            except OSError as err:
                raise ApkgError(path, f"cannot read the file: {err.strerror or err}") from None
            with _worded(path), closing(connection):
                yield connection, path.name, ()
        return
    try:
        archive = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, EOFError):
        raise ApkgError(path, "not an Anki package (not a zip archive)") from None
    except NotImplementedError as err:  # a zip feature Python cannot read
        raise ApkgError(path, f"damaged archive: {err}") from None
    except UnicodeDecodeError:  # flagged as UTF-8, but it is not
        raise ApkgError(path, "damaged archive: an entry's name is not valid UTF-8") from None
    except OSError as err:
        raise ApkgError(path, f"cannot read the file: {err.strerror or err}") from None
    with archive, _worded(path):
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
            with closing(open_collection(path, database)) as connection:
                yield connection, member, media


@contextmanager
def _worded(path: Path) -> Iterator[None]:
    """Turn what a damaged archive or collection raises into one :class:`ApkgError` line."""
    try:
        yield
    except (zipfile.BadZipFile, zlib.error, EOFError, NotImplementedError) as err:
        raise ApkgError(path, f"damaged archive: {err}") from None
    except sqlite3.DatabaseError as err:
        raise ApkgError(path, f"the collection inside is not usable: {err}") from None
    except UnicodeDecodeError:
        raise ApkgError(path, NOT_UTF8) from None


def _copy_capped(source: Path, target: Path, limit: int) -> None:
    """Copy ``source`` to ``target``, refusing past ``limit`` bytes."""
    total = 0
    with source.open("rb") as reader, target.open("wb") as writer:
        while chunk := reader.read(COPY_CHUNK):
            total += len(chunk)
            if total > limit:
                raise ApkgError(source, f"the collection is over the {_size(limit)} limit")
            writer.write(chunk)


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


def _media_entry_name(entry: bytes) -> str:
    """The file name (field 1) of one entry of a zstd media list; ValueError if it is not text."""
    name = next((v for n, v in _protobuf(entry) if n == 1), b"")
    if not isinstance(name, bytes):
        raise ValueError("a media name is not a string")
    return name.decode("utf-8")


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
                _media_entry_name(entry)
                for number, entry in _protobuf(data)
                if number == 1 and isinstance(entry, bytes)
            ]
        else:
            mapping = load_json(data.decode("utf-8")) if data.strip() else {}
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
