"""A file parsed into the plain data the compile cache stores (its outline, problems and
record), and a stored record decoded back into a concept when a command asks for it
(:class:`CachedConcept`)."""

from __future__ import annotations

import json
import zlib
from typing import Any, NamedTuple

from kg.cache_file import Records, _content_digest
from kg.concept import Concept, Outline, Text
from kg.concept_files import (
    ParsedFile,
    parse_concept_file,
)
from kg.errors import ContentError, Problem


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
