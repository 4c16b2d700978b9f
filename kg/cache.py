"""The compile cache: per-file parse results, keyed by path, size and modification time.

Parsing and checking each file is the cost of loading a library. So the
cache keeps, for every file, what :func:`kg.concept_files.parse_concept_file`
gave: the concept's :class:`~kg.concept.Outline` and its full record, or the
file's problems. A warm load re-parses only the files whose size or
modification time changed, decodes only the outlines, and builds a full
concept the first time a command asks for it. A cold load parses its files on
every core (:mod:`kg.plumbing.parallel`).

The cache file is one line of header, the index, then the records::

    dlkg-cache 6 <sha256 of the index> <length of the index>
    {"entries": [[relative path, size, mtime_ns, outline, problems, offset, length, crc,
                  digest of the file's bytes if it was racy], ...],
     "folders": {relative folder: mtime_ns, ...}, "size": <length of the records>}
    {record}{record}...        <- JSON; offset and length in bytes, from here

The index is in :mod:`marshal`'s format, which Python reads three times as
fast as JSON (the cache is kept per Python version); the records are JSON.
The checksum covers the index only, and the records are mapped, not read
(:func:`kg.plumbing.checked_file.read_checked_index`): ``dlkg show`` on 50,000
concepts reads the one record it prints. Each record is checked against the
:func:`zlib.crc32` its entry holds when it is read, and a file whose records
are not ``size`` long is rejected as torn.

Freshness. ``folders`` lists every folder of the library with the
modification time it had when it was listed. Adding, removing or renaming a
file (or a folder) changes the modification time of the folder it is in, so
while every folder has its recorded time, the list of files is the one the
index has, and the library is not listed again (:meth:`CachedParser.concept_files`).
A folder modified less than :data:`RACY_MARGIN_NS` before it was listed is
not recorded (as git's "racy" entries): a file added within the same tick
of the file system's clock would not change its time. An edit in place
changes no folder, so every file's size and modification time are still
compared with its entry (in a child process for a large library, while the
index is decoded). A folder whose listing is not trusted is listed again.
The same margin holds for files: a file modified less than
:data:`RACY_MARGIN_NS` before it was parsed keeps a digest of the bytes parsed
in its entry, and while it does, a load that finds its size and time unchanged
reads the file and compares the digest (an edit that keeps the size, within
the same tick of the clock, is not missed); the first load after the margin
drops the digest.

A few edited files do not rewrite it: their entries go to a small *delta* file
beside it (``….cache.delta``), whose header line ends with the checksum of
the cache file it amends, whose checksum covers all of it, and whose index is
``{"entries": [...], "removed": [relative path, ...], "folders": {...}, "size": n}``
(its folders replace the cache file's). When the delta grows past a
sixteenth of the library, the next write folds it into a new cache file.

The checks across files run on every load, and their verdict is noted: after
a load whose checks all passed, ``….cache.checked`` holds the checksums of the
cache and delta that load left. A load that finds the cache still in that
state (amended only by the files it parses now) checks the references and
cycles of the changed outlines only, unless an id of the checked load is gone
(:class:`kg.concept_files.CheckedBefore`); any problem found that way is looked for
again in the whole library, so the report is the full one.

The cache is never trusted blindly: a cache that is unreadable, has another
format, a wrong checksum or a malformed index is ignored as a whole and
rebuilt (a delta, also when it amends another cache file); a malformed entry is
re-parsed from its file; a record that fails its CRC or does not decode into
the concept its outline names is re-parsed when it is needed. Both files are written
atomically, and only when something changed. They are not flushed to disk
first: after a crash, a cache lost or torn is only rebuilt.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import time
import zlib
from collections.abc import Sequence
from functools import partial
from pathlib import Path
from typing import Any, NamedTuple

from kg.concept import Concept, Outline, Text
from kg.concept_files import (
    CheckedBefore,
    ParsedFile,
    concept_files,
    display_path,
    parse_concept_file,
)
from kg.errors import ContentError, Problem
from kg.plumbing.atomic import atomic_write
from kg.plumbing.checked_file import read_checked, read_checked_index, write_checked
from kg.plumbing.parallel import map_forked, start_forked

CACHE_FORMAT = 6
"""Bump when the layout, the records or the per-file checks change."""

_MAGIC = b"dlkg-cache %d " % CACHE_FORMAT
_DELTA_MAGIC = b"dlkg-cache-delta %d " % CACHE_FORMAT
MIN_DELTA_ENTRIES = 64
"""A delta may always hold this many entries; beyond, a sixteenth of the library."""

Entry = list[Any]
"""One file's entry, a list (marshal reads lists fastest) read with the indices below."""
PATH, SIZE, MTIME, OUTLINE, PROBLEMS, OFFSET, LENGTH, CRC, CONTENT = range(9)
"""An entry's fields: the file's path below the root, its size and ``st_mtime_ns``,
its outline (:meth:`~kg.concept.Outline.to_list`, None for a broken file), its
problems as ``[line, column, message]``, where its record is in the records,
the record's :func:`zlib.crc32` (checked when the record is read), and, for a
file parsed less than :data:`RACY_MARGIN_NS` after it changed, a digest of the
bytes parsed (:func:`_content_digest`; None once its time can be trusted)."""


class Records:
    """The records of the cache file, read from the file only when one is asked
    for, followed by those of its delta (sliced as one ``bytes``)."""

    __slots__ = ("_added", "_mapped", "_size", "_start")

    def __init__(self, mapped: Any, start: int, added: bytes = b""):
        self._mapped, self._start, self._added = mapped, start, added
        self._size = len(mapped) - start

    def amended(self, added: bytes) -> Records:
        return Records(self._mapped, self._start, self._added + added)

    def __len__(self) -> int:
        return self._size + len(self._added)

    def __getitem__(self, part: slice) -> bytes:
        start, stop = part.start, part.stop
        if start >= self._size:
            return self._added[start - self._size : stop - self._size]
        return self._mapped[self._start + start : self._start + min(stop, self._size)]


def cache_file_for(
    cache_dir: Path, root: Path | Sequence[Path], salt: str = "", kind: str = "library"
) -> Path:
    """The cache file of the library at ``root``: one per library folder (and ``kind``).

    ``root`` may be several folders loaded together (their order matters);
    one folder in a list has the same file as the folder alone. ``salt``
    separates caches that must not be shared (the dlkg version, and the
    Python version, whose Unicode tables fold the names in the outlines).
    """
    roots = [root] if isinstance(root, Path) else list(root)
    where = "\0".join(str(folder.resolve()) for folder in roots)
    key = hashlib.sha256(f"{where}\0{salt}".encode()).hexdigest()[:20]
    return cache_dir / f"{kind}-{key}.cache"


def delta_file_for(cache_file: Path) -> Path:
    return cache_file.with_name(cache_file.name + ".delta")


class Stored(NamedTuple):
    """What the cache holds: the cache file amended by its delta."""

    entries: dict[str, Entry]
    """By relative path; offsets are into ``records``."""
    records: Records | bytes
    base: dict[str, Entry]
    """The cache file's own entries: an entry found here (``is``) needs no rewriting."""
    digest: bytes
    """The cache file's checksum, which a delta names; empty when there is none."""
    state: bytes
    """The checksums of the cache file and of the delta applied: which entries these are."""
    folders: dict[str, int]
    """Each folder of the library (path below the root, "" for the root) and the
    ``st_mtime_ns`` it had when it was listed, for the folders that can be trusted
    (see :meth:`CachedParser.concept_files`); empty when the listing cannot be."""


_NOTHING = Stored({}, b"", {}, b"", b"", {})

RACY_MARGIN_NS = 2_000_000_000
"""How long after its last change a folder or file must have been looked at for
its modification time to be trusted (git's "racy" entries). A change made in
the same tick of the file system's clock as the one recorded leaves the time as
it was: 2 s is FAT's tick; ext4 and APFS tick in nanoseconds but take the time
from a clock that moves in steps of milliseconds. A folder listed sooner is
listed again next time; a file parsed sooner is parsed again next time."""


def _read(cache_file: Path) -> Stored:
    """The cache, amended by its delta; empty for a bad cache, unamended for a bad delta."""
    checked = read_checked_index(cache_file, _MAGIC)
    if checked is None:
        return _NOTHING
    digest, _, index, (mapped, start) = checked
    records: Records | bytes = Records(mapped, start)
    try:
        if index["size"] != len(records):
            return _NOTHING  # cut short (or grown): torn
        base = {entry[PATH]: entry for entry in index["entries"]}
        folders = index["folders"]
        if not isinstance(folders, dict):
            return _NOTHING
    except (TypeError, IndexError, KeyError):
        return _NOTHING
    entries, state = base, digest + b"+"
    delta = read_checked(delta_file_for(cache_file), _DELTA_MAGIC)  # small: all checked
    if delta is not None and delta[1] == [digest]:
        delta_digest, _, changes, added = delta
        shift = len(records)
        try:
            if changes["size"] != len(added):
                raise ValueError("a torn delta")
            amended = dict(base)
            for relative in changes["removed"]:
                amended.pop(relative, None)
            for entry in changes["entries"]:
                amended[entry[PATH]] = [*entry[:OFFSET], entry[OFFSET] + shift, *entry[LENGTH:]]
            if not isinstance(changes["folders"], dict):
                raise TypeError("folders")
            entries, state = amended, state + delta_digest
            records = records.amended(added) if isinstance(records, Records) else records + added
            folders = changes["folders"]
        except (TypeError, ValueError, IndexError, KeyError, AttributeError):
            pass  # a malformed delta is ignored as a whole
    return Stored(entries, records, base, digest, state, folders)


def _write(
    cache_file: Path,
    entries: list[Entry],
    fresh: dict[str, bytes],
    stored: Stored,
    folders: dict[str, int],
) -> bytes:
    """Write what changed since ``stored``: as a delta when little did, else the whole cache.

    Returns the new :attr:`Stored.state`, or ``b""`` if nothing could be written.
    """
    try:
        cache_file.parent.mkdir(parents=True, exist_ok=True)
        changed = [entry for entry in entries if stored.base.get(entry[PATH]) is not entry]
        present = {entry[PATH] for entry in entries}
        removed = [relative for relative in stored.base if relative not in present]
        if stored.digest and len(changed) + len(removed) <= max(
            MIN_DELTA_ENTRIES, len(entries) // 16
        ):
            relocated, blobs = _relocate(changed, fresh, stored.records)
            index = {
                "entries": relocated,
                "removed": removed,
                "folders": folders,
                "size": sum(map(len, blobs)),
            }
            delta = delta_file_for(cache_file)
            written = write_checked(delta, _DELTA_MAGIC, index, blobs, more=(stored.digest,))
            return stored.digest + b"+" + written
        relocated, blobs = _relocate(entries, fresh, stored.records, in_place=stored.base)
        index = {"entries": relocated, "folders": folders, "size": sum(map(len, blobs))}
        written = write_checked(cache_file, _MAGIC, index, blobs, index_only=True)
        delta_file_for(cache_file).unlink(missing_ok=True)
        return written + b"+"
    except OSError:
        return b""  # a cache that cannot be written only costs speed next time


def _content_digest(data: bytes) -> bytes:
    """What a racy entry keeps of its file's bytes: 16 bytes of BLAKE2b (a CRC would let
    one edit in 2**32 that keeps the size, within a clock tick, go unseen)."""
    return hashlib.blake2b(data, digest_size=16).digest()


def _parse_encoded(path: str, root: str) -> tuple[Any, list[list[Any]], bytes, bytes | None]:
    """Parse one file; its outline, problems and record, as stored (plain data), and
    :func:`_content_digest` of the bytes parsed (None if they could not be read)."""
    from kg.safe_yaml import YamlError, read_bytes

    try:
        data: bytes | None = read_bytes(path)
    except (OSError, YamlError):
        data = None  # parse_concept_file says what is wrong with it
    parsed = parse_concept_file(path, root, data)
    content = _content_digest(data) if data is not None else None
    problems = [[p.line, p.column, p.message] for p in parsed.problems]
    if not isinstance(parsed.concept, Concept) or parsed.outline is None:
        return None, problems, b"", content
    return parsed.outline.to_list(), problems, parsed.concept.record_json(), content


_new_tuple = tuple.__new__


def _decode(
    outline_data: Any,
    problem_data: list[list[Any]],
    record: tuple[Records | bytes, Any, Any, Any],
    path: str,
    shown: str,
    root: str,
) -> ParsedFile:
    """A parse result from what :func:`_parse_encoded` gave, or from a cache entry.

    ``record`` is (records, offset, length, crc): where the concept's record is.
    Raises ``TypeError`` or ``ValueError`` if the outline or problems are
    malformed; a malformed record only shows when the concept is built.
    """
    problems = (
        [Problem(shown, int(line), int(col), str(msg)) for line, col, msg in problem_data]
        if problem_data
        else []
    )
    if outline_data is None:
        return ParsedFile(None, None, problems)
    outline = Outline.from_list(outline_data, shown)
    # tuple.__new__ skips the keyword handling of a named tuple's own __new__:
    # this runs once per file of a warm load.
    concept = _new_tuple(CachedConcept, (*record, outline, path, root))
    return _new_tuple(ParsedFile, (outline, concept, problems))


class CachedConcept(NamedTuple):
    """A concept not built yet: where its record is in the cache, and its file.

    Called, it builds the concept from the record, or from the file if the
    record is bad (:class:`kg.concept_files.ConceptTable` calls it on first use).
    """

    records: Records | bytes
    offset: Any
    length: Any
    crc: Any
    outline: Outline
    path: str
    root: str

    @property
    def record(self) -> bytes:
        """The record as stored: :meth:`kg.concept.Concept.record_json` of the concept
        (empty if what is stored is not what was written)."""
        record = self.records[self.offset : self.offset + self.length]
        return record if zlib.crc32(record) == self.crc else b""

    def to_dict(self) -> dict[str, Any]:
        """:meth:`kg.concept.Concept.to_dict` of the concept, from its record, without
        building it: a record is that dict and the positions. A record that is
        not one, or does not name the links its outline has, is dealt with as
        :meth:`__call__` does (the concept is built, from the file if need be)."""
        try:
            data = json.loads(self.record)
            if _is_public_record(data, self.outline):
                del data["positions"]
                return data
        except (ValueError, TypeError, KeyError, AttributeError):
            pass
        return self().to_dict()

    def __call__(self) -> Concept:
        try:
            record = json.loads(self.record)
            concept = Concept.from_record({**record, "path": self.outline.path})
            if _links(concept) == _links(self.outline):
                return concept
        except (ValueError, TypeError, KeyError, AttributeError):
            pass
        parsed = parse_concept_file(self.path, self.root)
        if isinstance(parsed.concept, Concept) and parsed.outline == self.outline:
            return parsed.concept
        changed = Problem(self.outline.path, 1, 1, "the file changed while dlkg was reading it")
        raise ContentError(parsed.problems or [changed])


_RECORD_KEYS = [
    *Concept("", Text("", ""), Text("", ""), "").to_dict(),
    "positions",
]
_TEXTS = ("term", "definition")
_OPTIONAL_TEXTS = ("example", "legend", "worked_example", "notes")
_LISTS = ("aliases", "tags", "prerequisites", "related", "references")


def _is_public_record(data: Any, outline: Outline) -> bool:
    """Whether ``data`` is a record as :meth:`~kg.concept.Concept.record_json` writes
    it, of the concept ``outline`` names: the types :meth:`Concept.from_record`
    accepts, the keys in :meth:`~kg.concept.Concept.to_dict`'s order, the same links.
    Raises ``TypeError``/``KeyError``/``AttributeError`` on some malformed ones."""
    if list(data) != _RECORD_KEYS:
        return False
    texts = [data[key] for key in _TEXTS]
    texts += [data[key] for key in _OPTIONAL_TEXTS if data[key] is not None]
    for text in texts:
        if list(text) != ["en", "zh"]:
            return False
    # str.join raises TypeError on anything but text, at C speed.
    "".join([text for pair in texts for text in pair.values()])
    "".join([text for key in _LISTS for text in data[key]])
    "".join([data["id"], data["domain"], *(data[k] for k in ("formula", "engine") if data[k])])
    return (
        data["id"] == outline.id
        and data["domain"] == outline.domain
        and tuple(data["prerequisites"]) == outline.prerequisites
        and tuple(data["related"]) == outline.related
        and data["engine"] == outline.engine
    )


def _links(item: Concept | Outline) -> tuple[Any, ...]:
    return (item.id, item.domain, item.prerequisites, item.related, item.engine)


class CachedParser:
    """The :class:`kg.concept_files.Parser` that uses the cache.

    After a call, ``parsed`` counts the files actually parsed (the rest came
    from the cache): what the tests and benchmarks look at.

    Examples
    --------
    >>> import tempfile
    >>> from kg.library import load_library
    >>> root = Path(tempfile.mkdtemp())
    >>> _ = (root / "a.yaml").write_text(
    ...     "id: a\\nterm: {en: A, zh: 甲}\\ndefinition: {en: x, zh: 乙}\\n", encoding="utf-8")
    >>> parser = CachedParser(root / "library.cache")
    >>> _ = load_library(root, parse=parser); parser.parsed
    1
    >>> library = load_library(root, parse=parser); parser.parsed
    0
    >>> library["a"].term.zh
    '甲'
    """

    def __init__(self, cache_file: Path):
        self.cache_file = cache_file
        self.parsed = 0
        self.checked_before: CheckedBefore | None = None
        """After a call: what an earlier load whose checks all passed had, if the
        cache is still that load's, amended only by the files parsed now."""
        self._state = b""
        self._read: tuple[str, Stored] | None = None
        self._folders: dict[str, int] = {}

    def concept_files(self, root: str) -> list[str]:
        """The library's files: the cache's own list while no folder changed since it
        was made, else :func:`kg.concept_files.concept_files`.

        Adding, removing or renaming a file changes its folder's modification
        time (and a new or removed folder its parent's), so while every folder
        listed has the time it had, the list is the same. A folder is trusted
        only if it had not changed for :data:`RACY_MARGIN_NS` when it was
        listed. Edits in place change no folder: :meth:`__call__` looks at the
        size and modification time of every file.
        """
        stored = _read(self.cache_file)
        self._read = (root, stored)
        if stored.folders:
            try:
                unchanged = all(
                    os.stat(os.path.join(root, folder)).st_mtime_ns == mtime
                    for folder, mtime in stored.folders.items()
                )
            except (OSError, TypeError, ValueError):
                unchanged = False
            if unchanged:
                self._folders = stored.folders
                prefix = root + os.sep
                if os.sep == "/":
                    files = [prefix + relative for relative in stored.entries]
                    if stored.entries is not stored.base:  # a delta may add out of order
                        files.sort()
                    return files
                return sorted(prefix + relative.replace("/", os.sep) for relative in stored.entries)
        started = time.time_ns()
        scanned: list[str] = []
        files = concept_files(root, scanned)
        start = len(root) + 1
        folders: dict[str, int] = {}
        for folder in scanned:
            try:
                mtime = os.stat(folder).st_mtime_ns
            except OSError:
                folders = {}
                break
            if mtime > started - RACY_MARGIN_NS:
                folders = {}  # too recent to trust: listed again next time
                break
            folders[_relative(folder, start) if folder != root else ""] = mtime
        self._folders = folders
        return files

    def __call__(self, files: list[str], root: str) -> list[ParsedFile]:
        if self._read is not None and self._read[0] == root:
            stored = self._read[1]
        else:
            stored, self._folders = _read(self.cache_file), {}
        self._read = None
        racy = time.time_ns() - RACY_MARGIN_NS  # a file changed since may change unseen
        shown = _shown_paths(files, root)
        results, entries, missed, renewed = _from_cache(stored, files, shown, root)
        self.parsed = len(missed)
        self.checked_before = None
        self._state = stored.state
        fresh: dict[str, bytes] = {}  # relative path -> record of a file parsed now
        if missed:
            from kg import safe_yaml, schema  # noqa: F401  (imported once, before forking)

            parse = partial(_parse_encoded, root=root)
            encoded = map_forked(parse, [files[index] for index, _ in missed])
            start = len(root) + 1
            for (index, status), (outline, problems, record, content) in zip(
                missed, encoded, strict=True
            ):
                path = files[index]
                located = (record, 0, len(record), zlib.crc32(record))
                results[index] = _decode(outline, problems, located, path, shown[index], root)
                if status is not None:
                    relative = _relative(path, start)
                    fresh[relative] = record
                    racy_content = None if status[1] <= racy else content
                    entry = [relative, *status, outline, problems, 0, 0, 0, racy_content]
                    entries.append(entry)
        if stored.state and _read_marker(self.cache_file) == stored.state:
            self.checked_before = _checked_before(stored, [results[i] for i, _ in missed])
        if len(entries) != len(files):
            self._folders = {}  # a file without an entry: the next load lists the folders
        if (
            missed
            or renewed
            or len(entries) != len(stored.entries)
            or self._folders != stored.folders
        ):
            self._state = _write(self.cache_file, entries, fresh, stored, self._folders)
        return [result for result in results if result is not None]  # every None was replaced

    def checks_passed(self) -> None:
        """Note that the checks across files passed on what the last call gave.

        :func:`kg.library.load_library` calls it; the next load from the same
        cache then checks only what changed since (see :class:`CheckedBefore`).
        """
        if self._state and _read_marker(self.cache_file) != self._state:
            with contextlib.suppress(OSError):  # only costs the full checks next time
                atomic_write(checked_file_for(self.cache_file), self._state, durable=False)


def checked_file_for(cache_file: Path) -> Path:
    """Where the state of the cache whose checks across files passed is noted."""
    return cache_file.with_name(cache_file.name + ".checked")


def _read_marker(cache_file: Path) -> bytes:
    try:
        return checked_file_for(cache_file).read_bytes()
    except OSError:
        return b""


def _checked_before(stored: Stored, parsed_now: list[ParsedFile | None]) -> CheckedBefore | None:
    """The ids of the checked load ``stored`` is, and those of the files parsed now."""
    try:
        ids = {entry[OUTLINE][0] for entry in stored.entries.values() if entry[OUTLINE] is not None}
    except (TypeError, IndexError, KeyError):
        return None
    changed = {result.outline.id for result in parsed_now if result and result.outline}
    return CheckedBefore(ids, changed)


def _status(path: str) -> tuple[int, int] | None:
    """A file's size and ``st_mtime_ns``, or None if it cannot be looked at."""
    try:
        status = os.stat(path)
    except OSError:
        return None
    return status.st_size, status.st_mtime_ns


STAT_IN_CHILD = 4000
"""From this many files, a warm load looks at them in a child process while it
decodes the cache (one ``stat`` per file is the bulk of a warm load's system time)."""


def _from_cache(
    stored: Stored, files: list[str], shown: list[str], root: str
) -> tuple[list[ParsedFile | None], list[Entry], list[tuple[int, tuple[int, int] | None]], int]:
    """The results the cache holds, in file order (None where it has none), the
    entries used, the files to parse: (index in ``files``, its size and
    modification time, or None if it could not be looked at), and how many racy
    entries were renewed (their file's bytes compared, see :func:`_same_content`).

    Every file is looked at (:func:`_status`) for edits in place, in a child
    process for a large library, while this one decodes the entries. The warm
    path: the loops run once per file, so they are kept lean.
    """
    statuses = (
        start_forked(_status, files) if len(files) >= STAT_IN_CHILD and stored.entries else None
    )
    decoded: list[ParsedFile | None] = []
    found: list[Entry | None] = []
    start = len(root) + 1
    lookup = stored.entries.get
    records = stored.records
    for index, path in enumerate(files):
        entry = lookup(_relative(path, start))
        result = None
        if entry is not None:
            try:
                located = (records, entry[OFFSET], entry[LENGTH], entry[CRC])
                outline, problems = entry[OUTLINE], entry[PROBLEMS]
                result = _decode(outline, problems, located, path, shown[index], root)
            except (TypeError, ValueError, IndexError, KeyError):
                entry = None  # a malformed entry: parse the file
        decoded.append(result)
        found.append(entry)
    results: list[ParsedFile | None] = []
    entries: list[Entry] = []
    missed: list[tuple[int, tuple[int, int] | None]] = []
    current = statuses() if statuses is not None else list(map(_status, files))
    racy = time.time_ns() - RACY_MARGIN_NS
    renewed = 0
    for index, (entry, status) in enumerate(zip(found, current, strict=True)):
        if status is not None and entry is not None:
            try:
                if entry[SIZE] == status[0] and entry[MTIME] == status[1]:
                    if entry[CONTENT] is not None:  # racy: its time alone proves nothing
                        entry = _same_content(entry, files[index], racy)
                        renewed += entry is not None
                    if entry is not None:
                        results.append(decoded[index])
                        entries.append(entry)
                        continue
            except (TypeError, IndexError):
                pass  # a malformed entry: parse the file
        missed.append((index, status))
        results.append(None)
    return results, entries, missed, renewed


def _same_content(entry: Entry, path: str, racy: int) -> Entry | None:
    """A racy ``entry`` (parsed within :data:`RACY_MARGIN_NS` of its file's last change)
    if the file still has the bytes it was parsed from, else None (parse it again).

    Once the file's time is older than the margin, the entry returned is a new one
    that trusts it (written back, so the file is not read on every load)."""
    from kg.safe_yaml import YamlError, read_bytes

    try:
        if _content_digest(read_bytes(path)) != entry[CONTENT]:
            return None
    except (OSError, YamlError):
        return None
    return [*entry[:CONTENT], None] if entry[MTIME] <= racy else entry


def _shown_paths(files: list[str], root: str) -> list[str]:
    """Each file's path as messages show it (see :func:`kg.concept_files.display_path`)."""
    base = os.getcwd() + os.sep
    if (root + os.sep).startswith(base):  # the usual case: every file is below
        cut = len(base)
        return [path[cut:] for path in files]
    return [display_path(path, base) for path in files]


def _relative(path: str, start: int) -> str:
    """The cache's key for a file: its path below the root, with ``/`` separators."""
    return path[start:] if os.sep == "/" else path[start:].replace(os.sep, "/")


def _relocate(
    entries: list[Entry],
    fresh: dict[str, bytes],
    records: Records | bytes,
    in_place: dict[str, Entry] | None = None,
) -> tuple[list[Entry], list[bytes]]:
    """The entries with offsets into new records, and those records in order.

    A file parsed now has its record in ``fresh``; the others' are in ``records``.
    With ``in_place`` (the cache file's own entries, which must stay as they
    are), an entry made by this load (not in it) is changed in place rather
    than copied: a cold load of 50,000 files would hold 50,000 lists twice
    while the cache is written, about 12 MB of its peak memory.
    """
    relocated, blobs, offset = [], [], 0
    for entry in entries:
        relative = entry[PATH]
        if relative in fresh:
            record = fresh[relative]
            crc = zlib.crc32(record)
        else:
            start, length, crc = entry[OFFSET], entry[LENGTH], entry[CRC]
            record = records[start : start + length]
        if in_place is not None and in_place.get(relative) is not entry:
            entry[OFFSET], entry[LENGTH], entry[CRC] = offset, len(record), crc
            relocated.append(entry)
        else:
            relocated.append([*entry[:OFFSET], offset, len(record), crc, *entry[CONTENT:]])
        blobs.append(record)
        offset += len(record)
    return relocated, blobs
