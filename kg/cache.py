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

This module is the parser that uses the cache and its freshness checks; the files'
format, reading and writing are :mod:`kg.cache_file`, a file parsed into what is stored
and a record decoded back are :mod:`kg.cache_records`.
"""

from __future__ import annotations

import contextlib
import os
import time
import zlib
from functools import partial
from pathlib import Path

from kg.cache_file import (
    CONTENT,
    CRC,
    LENGTH,
    MTIME,
    OFFSET,
    OUTLINE,
    PROBLEMS,
    RACY_MARGIN_NS,
    SIZE,
    Entry,
    Stored,
    _content_digest,
    _read,
    _write,
)
from kg.cache_records import _decode, _parse_encoded
from kg.concept_files import (
    CheckedBefore,
    ParsedFile,
    concept_files,
    display_path,
)
from kg.plumbing.atomic import atomic_write
from kg.plumbing.parallel import map_forked, start_forked


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
