"""The notes of each concept, as a deck export last rendered them, kept between runs.

Rendering a concept's notes (escaping some twenty fields, blanking its names
out of its definition, formatting its numeric problems) is most of what an
export of an unchanged library does again. So each concept's rendered notes
are kept with a fingerprint of everything they were made from:

- the concept's record (:meth:`kg.concept_files.ConceptTable.record`), and those
  of its prerequisites and related concepts (their terms are on its card);
- the languages and the number of numeric variants asked for;

and the file as a whole is keyed by a digest of the code that renders them
(the packages in :data:`NOTE_CODE`, NumPy's and genanki's versions, and
Python's). A concept whose fingerprint matches gets its
notes back; any other is rendered again. On a warm export nothing else is
needed: neither the concepts nor NumPy and the numeric templates.

The file is a :mod:`kg.plumbing.checked_file`; one that is corrupt, or made by other
code, is ignored and replaced.
"""

from __future__ import annotations

from collections.abc import Container, Sequence
from pathlib import Path
from typing import NamedTuple

from kg.plumbing.checked_file import read_table, write_table
from kg.plumbing.code_digest import code_digest
from quiz.anki.problem_cache import PROBLEM_CODE

_MAGIC = b"dlkg-notes 1 "
NOTE_CODE = (*PROBLEM_CODE, "quiz.anki", "kg.plumbing")
"""The packages a concept's rendered notes are computed by, besides the concept
itself; tests/quiz/anki/test_cache_keys.py checks that they cover the import
closure of :mod:`quiz.anki.notes`."""
NOTE_PACKAGES = ("numpy", "genanki")
"""Third-party packages whose version is in the key: genanki makes the GUIDs."""
MAX_CONCEPTS = 500_000
"""Beyond this many concepts the file starts over."""


class RenderedNote(NamedTuple):
    """One note of a concept, ready for the package but for its position."""

    numeric: bool
    """A numeric-problem note (else the concept's own note)."""
    fields: tuple[str, ...]
    tags: tuple[str, ...]
    guid: str


class NoteCache:
    """Rendered notes by concept id, each with the fingerprint it was rendered for.

    Examples
    --------
    >>> import tempfile
    >>> path = Path(tempfile.mkdtemp()) / "notes.cache"
    >>> first = NoteCache(path)
    >>> first.get("relu", b"v1") is None
    True
    >>> first.put("relu", b"v1", [RenderedNote(False, ("relu", "ReLU"), ("nn",), "g")])
    >>> first.save()
    >>> NoteCache(path).get("relu", b"v1")[0].guid, NoteCache(path).get("relu", b"v2")
    ('g', None)
    """

    def __init__(self, path: Path | None):
        """``path`` None keeps nothing between runs (every concept is rendered)."""
        self.path = path
        self.rendered = 0
        self._notes: dict[str, tuple[bytes, tuple[tuple[object, ...], ...]]] = {}
        self._digest = code_digest(*NOTE_CODE, packages=NOTE_PACKAGES) if path is not None else b""
        if path is not None:
            self._notes = read_table(path, _MAGIC, self._digest)

    @property
    def enabled(self) -> bool:
        """Whether notes are kept (else fingerprints need not be computed)."""
        return self.path is not None

    def get(self, concept_id: str, fingerprint: bytes) -> list[RenderedNote] | None:
        """The notes rendered for ``fingerprint``, or None."""
        entry = self._notes.get(concept_id)
        if not (isinstance(entry, tuple) and len(entry) == 2 and entry[0] == fingerprint):
            return None
        notes = entry[1]
        if not isinstance(notes, tuple) or not all(map(_well_formed, notes)):
            return None
        return [RenderedNote._make(note) for note in notes]

    def put(self, concept_id: str, fingerprint: bytes, notes: Sequence[RenderedNote]) -> None:
        if self.path is not None:
            self._notes[concept_id] = (fingerprint, tuple(tuple(note) for note in notes))
            self.rendered += 1

    def save(self, keep: Container[str] | None = None) -> None:
        """Write the file if notes were rendered; a failure only costs time next run.

        ``keep``: the ids of the library; other concepts' notes (deleted or
        renamed concepts) are dropped, so the file stays the library's size.
        """
        if self.path is None or not self.rendered:
            return
        notes = self._notes
        if keep is not None:
            notes = {concept_id: entry for concept_id, entry in notes.items() if concept_id in keep}
        write_table(self.path, _MAGIC, notes if len(notes) <= MAX_CONCEPTS else {}, self._digest)


def _well_formed(note: object) -> bool:
    return (
        isinstance(note, tuple)
        and len(note) == 4
        and isinstance(note[0], bool)
        and isinstance(note[1], tuple)
        and all(isinstance(field, str) for field in note[1])
        and isinstance(note[2], tuple)
        and all(isinstance(tag, str) for tag in note[2])
        and isinstance(note[3], str)
    )
