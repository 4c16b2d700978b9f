"""The concept file schema: turn a parsed file into a :class:`Concept`, or say why not.

Checks that need only the file itself live here (fields, types, the id, the
engine reference's shape); checks across files (unknown ids, duplicates,
cycles) live in :mod:`kg.library`.
"""

from __future__ import annotations

import difflib
import re
from typing import TYPE_CHECKING, Any

from kg.concept import LANGUAGES, Concept, Text
from kg.errors import Problem

if TYPE_CHECKING:
    from kg.safe_yaml import Document

ID_PATTERN = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
"""kebab-case: lowercase letters and digits in words joined by single hyphens."""

ENGINE_PATTERN = re.compile(r"^engine(?:\.[A-Za-z_]\w*)+:[A-Za-z_]\w*$")
"""``engine.module:function``, as in ``engine.losses:cross_entropy``.

Only dlkg's own ``engine`` package may be named: a concept file must not be able
to make dlkg import (and so run) an arbitrary installed module."""

REQUIRED_FIELDS = ("id", "term", "definition")
OPTIONAL_FIELDS = (
    "aliases",
    "example",
    "formula",
    "tags",
    "prerequisites",
    "related",
    "engine",
    "legend",
    "worked_example",
    "notes",
    "references",
)
FIELDS = REQUIRED_FIELDS + OPTIONAL_FIELDS
POSITIONS_KEPT = frozenset({"id", "prerequisites", "related", "engine"})
"""The fields whose positions a concept keeps, for the checks across files."""


def did_you_mean(word: str, candidates: Any) -> str:
    """A ``"; did you mean 'x'?"`` suffix, or ``""`` when nothing is close.

    Examples
    --------
    >>> did_you_mean("prerequisite", ["prerequisites", "related"])
    "; did you mean 'prerequisites'?"
    """
    close = difflib.get_close_matches(word, list(candidates), n=1, cutoff=0.6)
    return f"; did you mean {close[0]!r}?" if close else ""


def _shorten(value: str, limit: int = 40) -> str:
    return value if len(value) <= limit else value[: limit - 1] + "…"


def _kind(value: Any) -> str:
    if value is None:
        return "nothing"
    if isinstance(value, dict):
        return "a mapping"
    return "a list" if isinstance(value, list) else "a text value"


class _FileChecker:
    """Collects the problems of one file while reading its fields."""

    def __init__(self, path: str, document: Document):
        self.path = path
        self.document = document
        self.problems: list[Problem] = []

    def problem(self, where: tuple, message: str, *, at_key: bool = False) -> None:
        if at_key and where in self.document.key_positions:
            line, column = self.document.key_positions[where]
        else:
            line, column = self.document.position(where)
        self.problems.append(Problem(self.path, line, column, message))

    def text(self, data: dict, name: str, *, required: bool) -> str | None:
        value = data.get(name)
        if value is None:
            if required:
                self.problem((name,), f"missing required field '{name}'")
            return None
        if not isinstance(value, str):
            self.problem((name,), f"'{name}' must be text, found {_kind(value)}")
            return None
        if not value.strip():
            self.problem((name,), f"'{name}' is empty")
            return None
        return value.strip()

    def bilingual(self, data: dict, name: str, *, required: bool) -> Text | None:
        value = data.get(name)
        if value is None:
            if required:
                self.problem((name,), f"missing required field '{name}' (with 'en' and 'zh')")
            return None
        if isinstance(value, str) and name == "example":
            text = value.strip()
            return Text(text, text) if text else None
        if not isinstance(value, dict):
            self.problem((name,), f"'{name}' must be a mapping with 'en' and 'zh'")
            return None
        for key in value:
            if key not in LANGUAGES:
                hint = did_you_mean(key, LANGUAGES)
                self.problem((name, key), f"unknown language '{name}.{key}'{hint}", at_key=True)
        parts = []
        for lang in LANGUAGES:
            item = value.get(lang)
            if item is None:
                self.problem((name,), f"missing '{name}.{lang}'")
            elif not isinstance(item, str):
                self.problem((name, lang), f"'{name}.{lang}' must be text, found {_kind(item)}")
            elif not item.strip():
                self.problem((name, lang), f"'{name}.{lang}' is empty")
            else:
                parts.append(item.strip())
        return Text(*parts) if len(parts) == 2 else None

    def text_list(self, data: dict, name: str) -> tuple[str, ...]:
        value = data.get(name)
        if value is None:
            return ()
        if not isinstance(value, list):
            self.problem((name,), f"'{name}' must be a list, found {_kind(value)}")
            return ()
        items: list[str] = []
        for index, item in enumerate(value):
            if not isinstance(item, str) or not item.strip():
                found = "an empty value" if isinstance(item, str | None) else _kind(item)
                self.problem(
                    (name, index), f"'{name}' item {index + 1} must be text, found {found}"
                )
            elif item.strip() in items:
                self.problem((name, index), f"'{name}' lists {item.strip()!r} twice")
            else:
                items.append(item.strip())
        return tuple(items)

    def id_list(self, data: dict, name: str, own_id: str | None) -> tuple[str, ...]:
        """The ids listed, each problem reported; only the well-formed ids are returned
        (a wrong one is reported here, not again as an unknown id)."""
        ids = self.text_list(data, name)
        written = data[name] if isinstance(data.get(name), list) else []
        wrong = set()
        for index, item in enumerate(written):
            if not isinstance(item, str) or not item.strip():
                continue
            item = item.strip()
            if not ID_PATTERN.match(item):
                self.problem((name, index), f"'{name}' item {_shorten(item)!r} is not a concept id")
                wrong.add(item)
            elif item == own_id and name == "prerequisites":
                self.problem((name, index), f"concept {own_id!r} is its own prerequisite")
                wrong.add(item)
        return tuple(item for item in ids if item not in wrong)


def concept_from_document(path: str, stem: str, domain: str, document: Document):
    """Validate one parsed file.

    Parameters
    ----------
    path : str
        The file, as it should appear in messages.
    stem : str
        The file name without its extension; the id must equal it.
    domain : str
        The folder the file lives in.
    document : Document
        The parsed file.

    Returns
    -------
    tuple of (Concept or None, list of Problem)
        Every problem found, and the concept whenever its id, term and definition
        are valid, even with other problems: the checks across files (duplicate
        ids, cycles, references to it) then still see it, so that a file whose id
        does not match its name, say, has every other problem reported too.

    Examples
    --------
    >>> from kg.safe_yaml import parse
    >>> doc = parse(
    ...     "id: relu\\nterm: {en: ReLU, zh: 线性整流}\\n"
    ...     "definition: {en: d, zh: 定义}\\ntag: [x]\\n"
    ... )
    >>> concept, problems = concept_from_document("relu.yaml", "relu", "foundations", doc)
    >>> [str(p) for p in problems]
    ["relu.yaml:4:1: unknown field 'tag'; did you mean 'tags'?"]
    """
    checker = _FileChecker(path, document)
    data = document.value
    if data is None:
        checker.problem((), "the file is empty; a concept needs id, term and definition")
        return None, checker.problems
    if not isinstance(data, dict):
        checker.problem((), f"a concept file must be a mapping of fields, found {_kind(data)}")
        return None, checker.problems

    for key in data:
        if key not in FIELDS:
            hint = did_you_mean(key, FIELDS)
            checker.problem((key,), f"unknown field {_shorten(key)!r}{hint}", at_key=True)

    concept_id = checker.text(data, "id", required=True)
    if concept_id is not None:
        if not ID_PATTERN.match(concept_id):
            checker.problem(
                ("id",),
                f"id {_shorten(concept_id)!r} is not kebab-case "
                "(lowercase letters and digits joined by '-')",
            )
        elif concept_id != stem:
            checker.problem(("id",), f"id {concept_id!r} does not match the file name {stem!r}")

    term = checker.bilingual(data, "term", required=True)
    definition = checker.bilingual(data, "definition", required=True)
    example = checker.bilingual(data, "example", required=False)
    formula = checker.text(data, "formula", required=False)
    legend = checker.bilingual(data, "legend", required=False)
    worked_example = checker.bilingual(data, "worked_example", required=False)
    notes = checker.bilingual(data, "notes", required=False)
    engine = checker.text(data, "engine", required=False)
    if engine is not None and not ENGINE_PATTERN.match(engine):
        checker.problem(
            ("engine",),
            f"engine {_shorten(engine)!r} must look like 'engine.module:function'",
        )
    aliases = checker.text_list(data, "aliases")
    tags = checker.text_list(data, "tags")
    references = checker.text_list(data, "references")
    prerequisites = checker.id_list(data, "prerequisites", concept_id)
    related = checker.id_list(data, "related", None)

    if concept_id is None or not ID_PATTERN.match(concept_id) or term is None or definition is None:
        return None, checker.problems
    positions = {
        ".".join(str(part) for part in where): position
        for where, position in document.positions.items()
        if where and where[0] in POSITIONS_KEPT
    }
    concept = Concept(
        id=concept_id,
        term=term,
        definition=definition,
        domain=domain,
        path=path,
        aliases=aliases,
        example=example,
        formula=formula,
        legend=legend,
        worked_example=worked_example,
        notes=notes,
        tags=tags,
        references=references,
        prerequisites=prerequisites,
        related=related,
        engine=engine if engine is None or ENGINE_PATTERN.match(engine) else None,
        positions=positions,
    )
    return concept, checker.problems
