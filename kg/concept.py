"""The Concept record: one deep-learning concept in both languages."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any, NamedTuple

from kg.names import normalize_name

_RECORD_ENCODER = json.JSONEncoder(ensure_ascii=False, separators=(",", ":"))

LANGUAGES = ("en", "zh")
"""The two languages of every :class:`Text`, as the YAML keys name them."""


class Lang(StrEnum):
    """Which languages a view shows: ``--lang both|en|zh`` (Anki cards, exports, quizzes).

    Examples
    --------
    >>> Lang("zh").shows("zh"), Lang.BOTH.shows("en"), Lang.EN.shows("zh")
    (True, True, False)
    """

    BOTH = "both"
    EN = "en"
    ZH = "zh"

    def shows(self, language: str) -> bool:
        return self is Lang.BOTH or self.value == language


@dataclass(frozen=True)
class Text:
    """A piece of text in English and Chinese.

    Examples
    --------
    >>> Text("Gradient", "梯度").get("zh")
    '梯度'
    """

    en: str
    zh: str

    def get(self, lang: str) -> str:
        """The text in ``lang`` ("en" or "zh")."""
        return self.zh if lang == "zh" else self.en

    def label(self) -> str:
        """Both languages on one line, English first: ``Gradient · 梯度``."""
        return f"{self.en} · {self.zh}"

    def to_dict(self) -> dict[str, str]:
        return {"en": self.en, "zh": self.zh}

    @classmethod
    def from_dict(cls, data: dict[str, str]) -> Text:
        return cls(data["en"], data["zh"])


@dataclass(frozen=True)
class Concept:
    """One concept, as written in its file and validated.

    ``domain`` is the folder the file lives in (``content/<domain>/<id>.yaml``);
    ``path`` is the file, for error messages.
    """

    id: str
    term: Text
    definition: Text
    domain: str
    path: str = ""
    aliases: tuple[str, ...] = ()
    example: Text | None = None
    formula: str | None = None
    legend: Text | None = None
    """What each symbol of ``formula`` stands for, in both languages."""
    worked_example: Text | None = None
    """A worked example with numbers, where ``example`` is a quote kept word for word."""
    notes: Text | None = None
    """Further notes (a procedure, why it matters), the same in both languages."""
    tags: tuple[str, ...] = ()
    prerequisites: tuple[str, ...] = ()
    related: tuple[str, ...] = ()
    engine: str | None = None
    references: tuple[str, ...] = ()
    """Where the card's facts come from: a book section, a paper, a course note."""
    positions: dict[str, tuple[int, int]] = field(default_factory=dict, compare=False, repr=False)
    """Where each field and list item was written (``"prerequisites.1"`` -> (line, col))."""

    def names(self) -> tuple[str, ...]:
        """Every name a learner may use for this concept: id, both terms, aliases."""
        return (self.id, self.term.en, self.term.zh, *self.aliases)

    def position(self, key: str) -> tuple[int, int]:
        """Where ``key`` (e.g. ``"prerequisites.1"``) was written; (1, 1) if unknown."""
        return self.positions.get(key) or self.positions.get(key.split(".")[0], (1, 1))

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready dict: the public fields (``path`` and positions left out).

        Examples
        --------
        >>> c = Concept("gradient", Text("Gradient", "梯度"), Text("d", "定义"), "foundations")
        >>> c.to_dict()["term"]
        {'en': 'Gradient', 'zh': '梯度'}
        """
        return {
            "id": self.id,
            "term": self.term.to_dict(),
            "aliases": list(self.aliases),
            "domain": self.domain,
            "definition": self.definition.to_dict(),
            "example": self.example.to_dict() if self.example else None,
            "formula": self.formula,
            "legend": self.legend.to_dict() if self.legend else None,
            "worked_example": self.worked_example.to_dict() if self.worked_example else None,
            "notes": self.notes.to_dict() if self.notes else None,
            "tags": list(self.tags),
            "prerequisites": list(self.prerequisites),
            "related": list(self.related),
            "engine": self.engine,
            "references": list(self.references),
        }

    def to_record(self) -> dict[str, Any]:
        """Everything, positions and path included: what the compile cache stores."""
        return {**self.to_dict(), "path": self.path, "positions": self.positions}

    def record_json(self) -> bytes:
        """:meth:`to_record` without the path, as compact UTF-8 JSON.

        What the compile cache stores of a concept (where its file is shown
        depends on the working directory), and so what identifies its content.
        """
        record = self.to_record()
        del record["path"]
        return _RECORD_ENCODER.encode(record).encode()

    @classmethod
    def from_record(cls, data: dict[str, Any]) -> Concept:
        """The inverse of :meth:`to_record` (and of :meth:`to_dict`).

        Raises ``TypeError`` (or ``KeyError``) if a field is missing or holds
        anything but text where text belongs: records come from a cache file.
        """
        example = data.get("example")
        legend = data.get("legend")
        worked = data.get("worked_example")
        notes = data.get("notes")
        concept = cls(
            id=data["id"],
            term=Text.from_dict(data["term"]),
            definition=Text.from_dict(data["definition"]),
            domain=data["domain"],
            path=data.get("path", ""),
            aliases=tuple(data.get("aliases", ())),
            example=Text.from_dict(example) if example else None,
            formula=data.get("formula"),
            legend=Text.from_dict(legend) if legend else None,
            worked_example=Text.from_dict(worked) if worked else None,
            notes=Text.from_dict(notes) if notes else None,
            tags=tuple(data.get("tags", ())),
            prerequisites=tuple(data.get("prerequisites", ())),
            related=tuple(data.get("related", ())),
            engine=data.get("engine"),
            references=tuple(data.get("references", ())),
            positions={key: tuple(value) for key, value in data.get("positions", {}).items()},
        )
        # str.join raises TypeError on anything but text, at C speed.
        optional = [text for text in (concept.formula, concept.engine) if text is not None]
        "".join((concept.id, concept.domain, concept.path, *optional))
        "".join((concept.term.en, concept.term.zh, concept.definition.en, concept.definition.zh))
        "".join((*concept.aliases, *concept.tags, *concept.prerequisites, *concept.related))
        "".join(concept.references)
        for extra in (concept.example, concept.legend, concept.worked_example, concept.notes):
            if extra is not None:
                "".join((extra.en, extra.zh))
        return concept


class Outline(NamedTuple):
    """What the checks across files, the graph and name lookup need of a concept.

    A warm load (:mod:`kg.cache`) reads only outlines; the full concept of an
    id is built the first time it is asked for. ``keys`` are the concept's
    names (id, both terms, aliases) folded by :func:`~kg.names.normalize_name`,
    kept so that finding a concept does not fold every name of the library.
    A named tuple: a warm load of 10,000 concepts makes 10,000 outlines, and a
    tuple is the cheapest object to make.

    Examples
    --------
    >>> c = Concept("relu", Text("ReLU", "线性整流"), Text("d", "定义"), "foundations")
    >>> Outline.of(c).keys
    ('relu', 'relu', '线性整流')
    """

    id: str
    domain: str
    path: str
    prerequisites: tuple[str, ...]
    related: tuple[str, ...]
    engine: str | None
    keys: tuple[str, ...]

    @classmethod
    def of(cls, concept: Concept) -> Outline:
        return cls(
            concept.id,
            concept.domain,
            concept.path,
            concept.prerequisites,
            concept.related,
            concept.engine,
            tuple(normalize_name(name) for name in concept.names()),
        )

    def to_list(self) -> list[Any]:
        """The fields in order, path left out (the cache stores it once per file)."""
        return [self.id, self.domain, self.prerequisites, self.related, self.engine, self.keys]

    @classmethod
    def from_list(cls, data: list[Any], path: str) -> Outline:
        """The inverse of :meth:`to_list`; ``TypeError`` or ``ValueError`` if malformed."""
        concept_id, domain, prerequisites, related, engine, keys = data
        # str.join raises TypeError on anything but text: a check at C speed,
        # which matters when a warm load reads 50,000 outlines.
        "".join(
            (concept_id, domain, "" if engine is None else engine, *prerequisites, *related, *keys)
        )
        if len(keys) < 3:
            raise ValueError("an outline has a key for the id and each term")
        return _make_outline(
            cls,
            (concept_id, domain, path, tuple(prerequisites), tuple(related), engine, tuple(keys)),
        )


_make_outline = tuple.__new__
"""Makes an :class:`Outline` of a checked tuple, skipping the keyword handling of ``Outline()``."""
