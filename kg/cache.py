"""The compile cache: per-file parse results, keyed by path, size and modification time.

Parsing and checking each file is the cost of loading a library; the checks
across files (ids, prerequisites, cycles, engines) are cheap and always run.
So the cache keeps, for every file, what :func:`kg.library.parse_concept_file`
gave: the concept's :class:`~kg.concept.Outline` and its full record, or the
file's problems. A warm load re-parses only the files whose size or
modification time changed, decodes only the outlines, and builds a full
concept the first time a command asks for it.

The file is one line of header, one line of index, then the records::

    dlkg-cache 2 <sha256 of everything after this line>
    [[relative path, size, mtime_ns, outline, problems, offset, length], ...]
    {record}{record}...        <- offset and length in bytes, from here

The cache is never trusted blindly: a cache that is unreadable, has another
format, a wrong checksum or a malformed index is ignored as a whole and
rebuilt; a malformed entry is re-parsed from its file; a record that does not
decode into the concept its outline names is re-parsed when it is needed. It
is written atomically, and only when something changed.
"""

from __future__ import annotations

import hashlib
import json
import os
from functools import partial
from pathlib import Path
from typing import Any

from kg.atomic import atomic_write
from kg.concept import Concept, Outline
from kg.errors import ContentError, Problem
from kg.library import ParsedFile, display_path, parse_concept_file

CACHE_FORMAT = 2
"""Bump when the layout, the records or the per-file checks change."""

_MAGIC = b"dlkg-cache %d " % CACHE_FORMAT
_RECORD_ENCODER = json.JSONEncoder(ensure_ascii=False, separators=(",", ":"))


def cache_file_for(cache_dir: Path, root: Path, salt: str = "") -> Path:
    """The cache file of the library at ``root``: one per library folder.

    ``salt`` separates caches that must not be shared (the dlkg version, and
    the Python version, whose Unicode tables fold the names in the outlines).
    """
    key = hashlib.sha256(f"{root.resolve()}\0{salt}".encode()).hexdigest()[:20]
    return cache_dir / f"library-{key}.cache"


def _read(cache_file: Path) -> tuple[dict[str, list[Any]], bytes]:
    """The entries by relative path, and the records; empty for a bad cache."""
    try:
        raw = cache_file.read_bytes()
    except OSError:
        return {}, b""
    header_end = raw.find(b"\n")
    index_end = raw.find(b"\n", header_end + 1)
    if index_end < 0:
        return {}, b""
    body = memoryview(raw)[header_end + 1 :]  # hashed and sliced without a copy
    if raw[:header_end] != _MAGIC + hashlib.sha256(body).hexdigest().encode():
        return {}, b""
    try:
        entries = json.loads(raw[header_end + 1 : index_end])
        by_path = {entry[0]: entry for entry in entries}
    except (ValueError, TypeError, IndexError, KeyError):
        return {}, b""
    return by_path, raw[index_end + 1 :]


def _write(cache_file: Path, entries: list[list[Any]], records: list[bytes]) -> None:
    index = json.dumps(entries, ensure_ascii=False, separators=(",", ":")).encode()
    body = index + b"\n" + b"".join(records)
    try:
        cache_file.parent.mkdir(parents=True, exist_ok=True)
        atomic_write(cache_file, _MAGIC + hashlib.sha256(body).hexdigest().encode() + b"\n" + body)
    except OSError:
        pass  # a cache that cannot be written only costs speed next time


def _encode(parsed: ParsedFile) -> tuple[Any, list[list[Any]], bytes]:
    """The outline, problems and record of one parse result, as stored."""
    problems = [[p.line, p.column, p.message] for p in parsed.problems]
    if not isinstance(parsed.concept, Concept) or parsed.outline is None:
        return None, problems, b""
    record = parsed.concept.to_record()
    del record["path"]  # where the file is shown depends on the working directory
    return parsed.outline.to_list(), problems, _RECORD_ENCODER.encode(record).encode()


def _decode(entry: list[Any], path: str, shown: str, root: str, records: bytes) -> ParsedFile:
    """A parse result from a cache entry; ``TypeError``/``ValueError`` if malformed."""
    _, _, _, outline_data, problem_data, offset, length = entry
    problems = (
        [Problem(shown, int(line), int(col), str(msg)) for line, col, msg in problem_data]
        if problem_data
        else []
    )
    if outline_data is None:
        return ParsedFile(None, None, problems)
    outline = Outline.from_list(outline_data, shown)
    if offset.__class__ is not int or length.__class__ is not int or offset + length > len(records):
        raise ValueError("a record outside the cache")
    record = records[offset : offset + length]
    return ParsedFile(outline, partial(_concept, record, outline, path, root), problems)


def _concept(record: bytes, outline: Outline, path: str, root: str) -> Concept:
    """Build a concept from its cached record, or from its file if the record is bad."""
    try:
        concept = Concept.from_record({**json.loads(record), "path": outline.path})
        if _links(concept) == _links(outline):
            return concept
    except (ValueError, TypeError, KeyError, AttributeError):
        pass
    parsed = parse_concept_file(path, root)
    if isinstance(parsed.concept, Concept) and parsed.outline == outline:
        return parsed.concept
    changed = Problem(outline.path, 1, 1, "the file changed while dlkg was reading it")
    raise ContentError(parsed.problems or [changed])


def _links(item: Concept | Outline) -> tuple[Any, ...]:
    return (item.id, item.domain, item.prerequisites, item.related, item.engine)


class CachedParser:
    """A drop-in ``parse`` for :func:`kg.library.load_library` that uses the cache.

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

    def __call__(self, files: list[str], root: str) -> list[ParsedFile]:
        cached, records = _read(self.cache_file)
        results: list[ParsedFile] = []
        entries: list[list[Any]] = []
        fresh: dict[int, bytes] = {}  # index in entries -> record of a file parsed now
        self.parsed = 0
        start = len(root) + 1
        base = os.getcwd() + os.sep
        for path in files:
            relative = path[start:] if os.sep == "/" else path[start:].replace(os.sep, "/")
            shown = display_path(path, base)
            try:
                status = os.stat(path)
            except OSError:
                status = None
            entry = cached.get(relative)
            result = None
            try:
                if (
                    status is not None
                    and entry is not None
                    and entry[1] == status.st_size
                    and entry[2] == status.st_mtime_ns
                ):
                    result = _decode(entry, path, shown, root, records)
                    entries.append(entry)
            except (TypeError, ValueError, IndexError, KeyError):
                result = None
            if result is None:
                result = parse_concept_file(path, root)
                self.parsed += 1
                if status is not None:
                    outline, problems, record = _encode(result)
                    fresh[len(entries)] = record
                    entries.append(
                        [relative, status.st_size, status.st_mtime_ns, outline, problems, 0, 0]
                    )
            results.append(result)
        if self.parsed or len(entries) != len(cached):
            _write(self.cache_file, *_relocate(entries, fresh, records))
        return results


def _relocate(
    entries: list[list[Any]], fresh: dict[int, bytes], records: bytes
) -> tuple[list[list[Any]], list[bytes]]:
    """The entries with offsets into the new records, and those records in order."""
    relocated, blobs, offset = [], [], 0
    for index, entry in enumerate(entries):
        record = fresh[index] if index in fresh else records[entry[5] : entry[5] + entry[6]]
        relocated.append([*entry[:5], offset, len(record)])
        blobs.append(record)
        offset += len(record)
    return relocated, blobs
