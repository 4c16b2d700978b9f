"""The compile cache: per-file parse results, keyed by path, size and modification time.

Parsing and checking each file is the cost of loading a library; the checks
across files (ids, prerequisites, cycles) are cheap and always run. So the
cache keeps, for every file, what :func:`kg.library.parse_concept_file`
returned (the concept, or its problems), and a warm load re-parses only the
files whose size or modification time changed.

The cache is never trusted blindly: the file starts with a SHA-256 of its body,
and a cache that is unreadable, has the wrong format version, a wrong
checksum, or records that do not rebuild into concepts is ignored as a whole
and rebuilt. It is written atomically, and only when something changed.
"""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path
from typing import Any

from kg.atomic import atomic_write
from kg.concept import Concept
from kg.errors import Problem
from kg.library import display_path, parse_concept_file, relative_parts

CACHE_FORMAT = 1
"""Bump when the record layout or the per-file checks change."""

ParseResult = tuple[Concept | None, list[Problem]]


def cache_file_for(cache_dir: Path, root: Path, salt: str = "") -> Path:
    """The cache file of the library at ``root``: one per library folder.

    ``salt`` (e.g. the dlkg version) separates caches that must not be shared.
    """
    key = hashlib.sha256(f"{root.resolve()}\0{salt}".encode()).hexdigest()[:20]
    return cache_dir / f"library-{key}.json"


def _read(cache_file: Path) -> dict[str, Any]:
    """The cached entries, or ``{}`` for a missing, corrupt or foreign cache."""
    try:
        raw = cache_file.read_bytes()
        checksum, _, body = raw.partition(b"\n")
        if hashlib.sha256(body).hexdigest().encode() != checksum:
            return {}
        data = json.loads(body)
    except (OSError, ValueError):
        return {}
    if not isinstance(data, dict) or data.get("format") != CACHE_FORMAT:
        return {}
    entries = data.get("files")
    return entries if isinstance(entries, dict) else {}


def _write(cache_file: Path, entries: dict[str, Any]) -> None:
    body = json.dumps({"format": CACHE_FORMAT, "files": entries}, ensure_ascii=False).encode()
    checksum = hashlib.sha256(body).hexdigest().encode()
    try:
        cache_file.parent.mkdir(parents=True, exist_ok=True)
        atomic_write(cache_file, checksum + b"\n" + body)
    except OSError:
        pass  # a cache that cannot be written only costs speed next time


def _record(result: ParseResult, root: Path) -> dict[str, Any]:
    concept, problems = result
    return {
        "concept": concept.to_record() if concept else None,
        "problems": [[p.line, p.column, p.message] for p in problems],
    }


def _rebuild(record: dict[str, Any], path: Path) -> ParseResult:
    shown = display_path(path)
    concept_data = record["concept"]
    concept = Concept.from_record({**concept_data, "path": shown}) if concept_data else None
    problems = [
        Problem(shown, int(line), int(col), str(msg)) for line, col, msg in record["problems"]
    ]
    return concept, problems


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
    >>> parser = CachedParser(root / "cache.json")
    >>> _ = load_library(root, parse=parser); parser.parsed
    1
    >>> _ = load_library(root, parse=parser); parser.parsed
    0
    """

    def __init__(self, cache_file: Path):
        self.cache_file = cache_file
        self.parsed = 0

    def __call__(self, files: list[Path], root: Path) -> list[ParseResult]:
        cached = _read(self.cache_file)
        entries: dict[str, Any] = {}
        results: list[ParseResult] = []
        self.parsed = 0
        changed = False
        for path in files:
            relative = "/".join(relative_parts(path, root))
            try:
                status = os.stat(path)
                key = [status.st_size, status.st_mtime_ns]
            except OSError:
                key = None
            entry = cached.get(relative)
            result = None
            if key is not None and isinstance(entry, dict) and entry.get("key") == key:
                try:
                    result = _rebuild(entry, path)
                    entries[relative] = entry
                except (KeyError, TypeError, ValueError, AttributeError):
                    result = None
            if result is None:
                result = parse_concept_file(path, root)
                self.parsed += 1
                changed = True
                if key is not None:
                    entries[relative] = {"key": key, **_record(result, root)}
            results.append(result)
        if changed or len(entries) != len(cached):
            _write(self.cache_file, entries)
        return results
