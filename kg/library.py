"""Loading a folder of concept files into a validated :class:`Library`.

Every file is parsed and checked on its own (:mod:`kg.schema`); then the checks
across files run: duplicate ids, unknown prerequisite or related ids, and
prerequisite cycles. All problems are collected and raised together.
"""

from __future__ import annotations

import importlib
import os
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Any

from kg import safe_yaml
from kg.concept import Concept
from kg.errors import ContentError, Problem, UnknownConceptError
from kg.names import NameIndex
from kg.schema import concept_from_document, did_you_mean

if TYPE_CHECKING:
    import networkx as nx

CONCEPT_SUFFIXES = (".yaml", ".yml")
ROOT_DOMAIN = "general"
"""The domain of a concept file placed directly in the library folder."""


def display_path(path: Path | str) -> str:
    """``path`` relative to the working directory when it is below it.

    String operations, not ``Path.relative_to``: this runs once per file.
    """
    text = os.fspath(path)
    base = os.getcwd()
    if text.startswith(base + os.sep):
        return text[len(base) + 1 :]
    return text


def relative_parts(path: Path | str, root: Path | str) -> list[str]:
    """The parts of ``path`` below ``root`` (``["optimization", "adam.yaml"]``)."""
    return os.fspath(path)[len(os.fspath(root)) :].lstrip(os.sep).split(os.sep)


def concept_files(root: Path) -> list[Path]:
    """Every concept file under ``root``, sorted; hidden files and folders skipped."""
    found = []
    for folder, subfolders, files in os.walk(root):
        subfolders[:] = sorted(name for name in subfolders if not name.startswith("."))
        found.extend(
            os.path.join(folder, name)
            for name in files
            if name.endswith(CONCEPT_SUFFIXES) and not name.startswith(".")
        )
    return [Path(name) for name in sorted(found)]


def parse_concept_file(path: Path, root: Path) -> tuple[Concept | None, list[Problem]]:
    """Read and validate one file on its own: the per-file half of loading."""
    shown = display_path(path)
    parts = relative_parts(path, root)
    domain = parts[0] if len(parts) > 1 else ROOT_DOMAIN
    stem = parts[-1].rsplit(".", 1)[0]
    try:
        document = safe_yaml.load(path)
    except safe_yaml.YamlError as err:
        return None, [Problem(shown, err.line, err.column, err.message)]
    except OSError as err:
        return None, [Problem(shown, 1, 1, f"cannot read the file: {err.strerror}")]
    return concept_from_document(shown, stem, domain, document)


@dataclass
class Library:
    """A validated set of concepts, by id, in file order.

    Build one with :func:`load_library`; the prerequisite graph, the name index
    and the reverse edges are computed on first use.
    """

    root: Path
    concepts: dict[str, Concept]
    domains: list[str] = field(init=False)

    def __post_init__(self) -> None:
        self.domains = sorted({concept.domain for concept in self.concepts.values()})

    def __len__(self) -> int:
        return len(self.concepts)

    def __iter__(self):
        return iter(self.concepts.values())

    def __getitem__(self, concept_id: str) -> Concept:
        return self.concepts[concept_id]

    @cached_property
    def names(self) -> NameIndex:
        return NameIndex({c.id: [c.term.en, c.term.zh, *c.aliases] for c in self})

    @cached_property
    def graph(self) -> nx.DiGraph:
        """The prerequisite DAG (see :func:`kg.graph.build_graph`)."""
        from kg.graph import build_graph

        return build_graph(self.concepts.values())

    @cached_property
    def dependents(self) -> dict[str, list[str]]:
        """For each id, the concepts that list it as a prerequisite, sorted."""
        result: dict[str, list[str]] = {concept_id: [] for concept_id in self.concepts}
        for concept in self:
            for prerequisite in concept.prerequisites:
                result[prerequisite].append(concept.id)
        return {key: sorted(value) for key, value in result.items()}

    def find(self, name: str) -> Concept:
        """The concept called ``name``: its id, either term or an alias.

        Case, width (全角/半角), spaces and hyphens are ignored.

        Raises
        ------
        UnknownConceptError
            If no concept has that name (with suggestions), or several do.
        """
        if name in self.concepts:
            return self.concepts[name]
        ids = self.names.lookup(name)
        if len(ids) == 1:
            return self.concepts[ids[0]]
        if ids:
            raise UnknownConceptError(name, sorted(ids))
        raise UnknownConceptError(name, self.names.suggest(name))

    def find_all(self, names: Iterable[str]) -> list[Concept]:
        """:meth:`find` for each name, raising on the first unknown one."""
        return [self.find(name) for name in names]

    def roots(self) -> list[str]:
        """The concepts with no prerequisites, sorted."""
        return sorted(c.id for c in self if not c.prerequisites)


def _check_references(concepts: dict[str, Concept]) -> list[Problem]:
    problems = []
    for concept in concepts.values():
        for field_name in ("prerequisites", "related"):
            for index, other in enumerate(getattr(concept, field_name)):
                if other not in concepts:
                    line, column = concept.position(f"{field_name}.{index}")
                    kind = "prerequisite" if field_name == "prerequisites" else "related concept"
                    hint = did_you_mean(other, concepts)
                    problems.append(
                        Problem(concept.path, line, column, f"unknown {kind} {other!r}{hint}")
                    )
    return problems


def _check_cycles(concepts: dict[str, Concept]) -> list[Problem]:
    """One problem per prerequisite cycle, naming the whole cycle and its files.

    An iterative depth-first search (three colours) finds each cycle once:
    cheaper than networkx's ``find_cycle`` on the acyclic graphs that are the
    norm, and free of recursion limits on long chains.
    """
    white, grey, black = 0, 1, 2
    colour = dict.fromkeys(concepts, white)
    problems = []
    for start in concepts:
        if colour[start] != white:
            continue
        stack = [(start, iter(concepts[start].prerequisites))]
        colour[start] = grey
        while stack:
            node, prerequisites = stack[-1]
            for prerequisite in prerequisites:
                if prerequisite not in concepts:
                    continue
                if colour[prerequisite] == white:
                    colour[prerequisite] = grey
                    stack.append((prerequisite, iter(concepts[prerequisite].prerequisites)))
                    break
                if colour[prerequisite] == grey:
                    on_stack = [entry[0] for entry in stack]
                    cycle = on_stack[on_stack.index(prerequisite) :]
                    problems.append(_cycle_problem(concepts, cycle))
            else:
                colour[node] = black
                stack.pop()
    return problems


def _cycle_problem(concepts: dict[str, Concept], cycle: list[str]) -> Problem:
    """``cycle`` lists ids each of which has the next as a prerequisite."""
    learning_order = [*reversed(cycle), cycle[-1]]
    first = concepts[cycle[0]]
    index = first.prerequisites.index(cycle[1] if len(cycle) > 1 else cycle[0])
    line, column = first.position(f"prerequisites.{index}")
    files = ", ".join(sorted({concepts[c].path for c in cycle}))
    return Problem(
        first.path,
        line,
        column,
        f"prerequisite cycle: {' -> '.join(learning_order)} (files: {files})",
    )


def resolve_engine(reference: str) -> Callable[..., Any]:
    """Import the function a concept's ``engine:`` field names.

    Raises
    ------
    LookupError
        If the module or the attribute is missing or not callable.
    """
    module_name, _, attribute = reference.partition(":")
    try:
        module = importlib.import_module(module_name)
    except ImportError as err:
        raise LookupError(f"cannot import module {module_name!r}: {err}") from err
    function = getattr(module, attribute, None)
    if function is None:
        raise LookupError(f"module {module_name!r} has no {attribute!r}")
    if not callable(function):
        raise LookupError(f"{reference!r} is not callable")
    return function


def _check_engines(concepts: dict[str, Concept]) -> list[Problem]:
    problems = []
    for concept in concepts.values():
        if concept.engine is None:
            continue
        try:
            resolve_engine(concept.engine)
        except LookupError as err:
            line, column = concept.position("engine")
            problems.append(
                Problem(concept.path, line, column, f"engine {concept.engine!r}: {err}")
            )
    return problems


def load_library(
    root: Path | str,
    *,
    check_engines: bool = False,
    parse: Callable[[list[Path], Path], list[tuple[Concept | None, list[Problem]]]] | None = None,
) -> Library:
    """Load and validate every concept file under ``root``.

    Parameters
    ----------
    root : path
        The library folder; each concept is ``<root>/<domain>/<id>.yaml``.
    check_engines : bool
        Also import every ``engine:`` reference and check it is callable
        (this imports numpy, so only ``dlkg check`` and the engine's users ask).
    parse : callable, optional
        Parses a list of files (``parse(files, root)``); the compile cache
        passes its own. The default parses each with :func:`parse_concept_file`.

    Returns
    -------
    Library

    Raises
    ------
    ContentError
        With every problem found: in single files, duplicate ids, unknown
        prerequisite or related ids (with did-you-mean), cycles, and, when
        asked, engine references that do not resolve.

    Examples
    --------
    >>> import tempfile
    >>> root = Path(tempfile.mkdtemp())
    >>> (root / "maths").mkdir()
    >>> _ = (root / "maths" / "gradient.yaml").write_text(
    ...     "id: gradient\\nterm: {en: Gradient, zh: 梯度}\\n"
    ...     "definition: {en: Partial derivatives., zh: 偏导数。}\\nprerequisites: [derivatve]\\n",
    ...     encoding="utf-8")
    >>> _ = (root / "maths" / "derivative.yaml").write_text(
    ...     "id: derivative\\nterm: {en: Derivative, zh: 导数}\\n"
    ...     "definition: {en: Rate of change., zh: 变化率。}\\n", encoding="utf-8")
    >>> try:
    ...     load_library(root)
    ... except ContentError as err:
    ...     print(err.problems[0].message)
    unknown prerequisite 'derivatve'; did you mean 'derivative'?
    """
    root = Path(root)
    if not root.is_dir():
        raise ContentError([Problem(str(root), 0, 0, "no such folder")])
    files = concept_files(root)
    if not files:
        raise ContentError([Problem(str(root), 0, 0, "no concept files (*.yaml) in this folder")])
    results = (parse or _parse_each)(files, root)

    problems: list[Problem] = []
    concepts: dict[str, Concept] = {}
    for concept, file_problems in results:
        problems.extend(file_problems)
        if concept is None:
            continue
        if concept.id in concepts:
            line, column = concept.position("id")
            first = concepts[concept.id].path
            problems.append(
                Problem(
                    concept.path, line, column, f"duplicate id {concept.id!r} (also in {first})"
                )
            )
            continue
        concepts[concept.id] = concept

    problems.extend(_check_references(concepts))
    problems.extend(_check_cycles(concepts))
    if check_engines:
        problems.extend(_check_engines(concepts))
    if problems:
        raise ContentError(problems)
    return Library(root, concepts)


def _parse_each(files: list[Path], root: Path) -> list[tuple[Concept | None, list[Problem]]]:
    return [parse_concept_file(path, root) for path in files]
