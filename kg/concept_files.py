"""A library folder's concept files: finding them, parsing each on its own, and the seam
(:class:`Parser`) through which :mod:`kg.cache` parses only what changed."""

from __future__ import annotations

import os
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any, NamedTuple, Protocol

from kg.concept import Concept, Outline
from kg.course import COURSE_FILE
from kg.errors import Problem

CONCEPT_SUFFIXES = (".yaml", ".yml")
ROOT_DOMAIN = "general"
"""The domain of a concept file placed directly in the library folder."""


class LazyConcept(Protocol):
    """A concept not built yet (:class:`kg.cache_records.CachedConcept`): called, it builds it."""

    @property
    def record(self) -> bytes:
        """What :meth:`~kg.concept.Concept.record_json` of the concept gives, as stored."""
        ...

    def to_dict(self) -> dict[str, Any]:
        """:meth:`~kg.concept.Concept.to_dict` of the concept, without building it."""
        ...

    def __call__(self) -> Concept: ...


ConceptSource = Concept | LazyConcept
"""A concept, or one built when it is first needed (see :mod:`kg.cache`)."""


class ParsedFile(NamedTuple):
    """What one file gives on its own: its outline and concept, or its problems."""

    outline: Outline | None
    concept: ConceptSource | None
    problems: list[Problem]


class CheckedBefore(NamedTuple):
    """What a parser knows of an earlier load of the same library whose checks
    across files all passed, when nothing else changed since (:mod:`kg.cache`).

    The outlines not in ``changed`` are that load's, unchanged. So if none of
    its ids is gone, its references still resolve and any new cycle passes
    through a changed outline: only the changed ones need checking.
    """

    ids: set[str]
    """Every concept id of that load."""
    changed: set[str]
    """The ids of the outlines parsed since."""


def display_path(path: str, base: str | None = None) -> str:
    """``path`` relative to the working directory when it is below it.

    String operations, not ``Path.relative_to``: this runs once per file, so a
    caller looping over a library passes ``base`` (the working directory and a
    separator) once instead of asking the system for it per file.
    """
    if base is None:
        base = os.getcwd() + os.sep
    return path[len(base) :] if path.startswith(base) else path


def relative_parts(path: str, root: str) -> list[str]:
    """The parts of ``path`` below ``root`` (``["optimization", "adam.yaml"]``)."""
    return path[len(root) :].lstrip(os.sep).split(os.sep)


def concept_files(root: str, scanned: list[str] | None = None) -> list[str]:
    """Every concept file under ``root``, sorted; hidden files and folders skipped.

    Paths are strings, found with ``os.scandir``: a library has tens of
    thousands of files, and ``Path`` objects would cost more than finding them.
    Every folder listed is appended to ``scanned``, if given, before it is listed.
    """
    found: list[str] = []
    folders = [root]
    course_file = os.path.join(root, COURSE_FILE)  # the library's course, not a concept
    while folders:
        folder = folders.pop()
        if scanned is not None:
            scanned.append(folder)
        try:
            with os.scandir(folder) as entries:
                for entry in entries:
                    name = entry.name
                    if name.startswith("."):
                        continue
                    if entry.is_dir():  # as os.walk: symlinked folders are not followed
                        if not entry.is_symlink():
                            folders.append(entry.path)
                    elif name.endswith(CONCEPT_SUFFIXES) and entry.path != course_file:
                        found.append(entry.path)
        except OSError:
            continue  # an unreadable folder holds no files we can read
    found.sort()
    return found


def parse_concept_file(path: str, root: str, data: bytes | None = None) -> ParsedFile:
    """Read and validate one file on its own: the per-file half of loading.

    ``data`` is the file's bytes if the caller read them already (the compile
    cache keeps a checksum of exactly what was parsed).
    """
    from kg import safe_yaml  # imports yaml: only a load that parses pays for it
    from kg.schema import concept_from_document

    shown = display_path(path)
    parts = relative_parts(path, root)
    domain = parts[0] if len(parts) > 1 else ROOT_DOMAIN
    stem = parts[-1].rsplit(".", 1)[0]
    try:
        if data is None:
            document = safe_yaml.load(Path(path))
        else:
            document = safe_yaml.parse(safe_yaml.decode(data))
    except safe_yaml.YamlError as err:
        return ParsedFile(None, None, [Problem(shown, err.line, err.column, err.message)])
    except OSError as err:
        problem = Problem(shown, 1, 1, f"cannot read the file: {err.strerror}")
        return ParsedFile(None, None, [problem])
    concept, problems = concept_from_document(shown, stem, domain, document)
    return ParsedFile(Outline.of(concept) if concept else None, concept, problems)


def parse_files(files: list[str], root: str) -> list[ParsedFile]:
    """The default parser: every file, no cache."""
    return [parse_concept_file(path, root) for path in files]


class Parser(Protocol):
    """What :func:`load_library` parses a library's files with.

    :class:`FileParser` parses every file; :class:`kg.cache.CachedParser` keeps
    results between runs and knows what an earlier load already checked.
    """

    checked_before: CheckedBefore | None
    """After a call: what an earlier load whose checks across files all passed
    had, when only the files parsed now changed since; else None."""

    def __call__(self, files: list[str], root: str) -> list[ParsedFile]: ...

    def concept_files(self, root: str) -> list[str]:
        """The files to parse: :func:`concept_files` of ``root``, or the same list known
        another way (the cache knows it while no folder of the library changed)."""
        ...

    def checks_passed(self) -> None:
        """Called once the checks across files passed on what the last call gave."""
        ...


class FileParser:
    """The plain :class:`Parser`: every file parsed, nothing remembered."""

    checked_before: CheckedBefore | None = None

    def __call__(self, files: list[str], root: str) -> list[ParsedFile]:
        return parse_files(files, root)

    def concept_files(self, root: str) -> list[str]:
        return concept_files(root)

    def checks_passed(self) -> None:
        """Nothing to note: the next load checks everything again."""


class ConceptTable(Mapping[str, Concept]):
    """Concepts by id, in file order, each built the first time it is asked for.

    A cold load holds the concepts themselves; a warm one holds functions that
    decode them from the cache, so that ``dlkg show`` on a library of 50,000
    concepts builds the handful it prints.
    """

    def __init__(self, sources: dict[str, ConceptSource]):
        self._sources = sources

    def __getitem__(self, concept_id: str) -> Concept:
        source = self._sources[concept_id]
        if isinstance(source, Concept):
            return source
        concept = self._sources[concept_id] = source()
        return concept

    def record(self, concept_id: str) -> bytes:
        """The concept's content as :meth:`~kg.concept.Concept.record_json` gives it,
        without building the concept if a warm load left it in the cache.

        Equal records mean equal concepts: what a cache of anything made from
        a concept (an Anki note) can key on.
        """
        source = self._sources[concept_id]
        return source.record_json() if isinstance(source, Concept) else source.record

    def to_dict(self, concept_id: str) -> dict[str, Any]:
        """``self[concept_id].to_dict()``, straight from the record a warm load left
        in the cache if the concept is not built yet (and then not built): what
        ``--json`` prints of a long path, thousands of concepts, costs no more
        than decoding their records."""
        return self._sources[concept_id].to_dict()

    def __contains__(self, concept_id: object) -> bool:
        return concept_id in self._sources

    def __iter__(self) -> Iterator[str]:
        return iter(self._sources)

    def __len__(self) -> int:
        return len(self._sources)
