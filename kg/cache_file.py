"""The compile cache's files (see :mod:`kg.cache` for their layout): the entries' fields,
the records, where the files are, reading the cache amended by its delta, writing both."""

from __future__ import annotations

import hashlib
import zlib
from collections.abc import Sequence
from pathlib import Path
from typing import Any, NamedTuple

from kg.plumbing.checked_file import read_checked, read_checked_index, write_checked

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
