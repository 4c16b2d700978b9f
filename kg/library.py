"""Loading a folder of concept files into a validated :class:`Library`.

Every file is parsed and checked on its own (:mod:`kg.schema`); then the checks
across files run: duplicate ids, unknown prerequisite or related ids, and
prerequisite cycles. All problems are collected and raised together.

Several folders load as one library (:func:`load_libraries`): a learner's own
concepts beside the bundled ones, linking to their ids. Ids must be unique
across the folders, and the course (:mod:`kg.course`) is the first folder's
that has a course file.
"""

from __future__ import annotations

import importlib
import os
from collections.abc import Callable, Iterable, Iterator, Mapping
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple, Protocol

from kg.concept import Concept, Outline
from kg.course import COURSE_FILE, Course, load_course
from kg.engine_refs import check_engine_reference
from kg.errors import ContentError, Problem, UnknownConceptError, UnknownDomainError
from kg.names import NameIndex, normalize_name

if TYPE_CHECKING:
    import networkx as nx

    from kg.graph import PrerequisiteMap

CONCEPT_SUFFIXES = (".yaml", ".yml")
ROOT_DOMAIN = "general"
"""The domain of a concept file placed directly in the library folder."""


class LazyConcept(Protocol):
    """A concept not built yet (:class:`kg.cache.CachedConcept`): called, it builds it."""

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


class Library:
    """A validated set of concepts, by id, in file order.

    Build one with :func:`load_library`. ``outlines`` (ids, domains, links,
    names) are always at hand; a full :class:`Concept` is built when first
    asked for. The prerequisite graph, the name index and the reverse edges
    are computed on first use.

    Examples
    --------
    >>> from kg.concept import Text
    >>> t = Text("x", "x")
    >>> library = Library(Path("."), {"a": Concept("a", t, t, "d")})
    >>> library["a"].domain, library.domains
    ('d', ['d'])
    """

    def __init__(
        self,
        root: Path | str,
        concepts: Mapping[str, Concept],
        outlines: dict[str, Outline] | None = None,
        *,
        folders: Iterable[Path | str] = (),
    ):
        self.root = Path(root)
        """The library's folder; the first of :attr:`folders`."""
        self.folders = tuple(Path(folder) for folder in folders) or (self.root,)
        """Every folder the library was loaded from, in the order given."""
        self.concepts = (
            concepts if isinstance(concepts, ConceptTable) else ConceptTable(dict(concepts))
        )
        self.outlines = (
            outlines
            if outlines is not None
            else {concept.id: Outline.of(concept) for concept in concepts.values()}
        )
        self.domains = sorted({outline.domain for outline in self.outlines.values()})

    def __len__(self) -> int:
        return len(self.outlines)

    def __iter__(self) -> Iterator[Concept]:
        return iter(self.concepts.values())

    def __getitem__(self, concept_id: str) -> Concept:
        return self.concepts[concept_id]

    @cached_property
    def names(self) -> NameIndex:
        """Every name of every concept, with what suggestions need; builds every concept."""
        return NameIndex({c.id: [c.term.en, c.term.zh, *c.aliases] for c in self})

    def lookup(self, name: str) -> list[str]:
        """The ids whose id, term or alias matches ``name`` (see :func:`normalize_name`).

        A scan of the folded names in the outlines: one lookup costs less
        than building :attr:`names`, which a warm ``dlkg show`` never needs.
        """
        key = normalize_name(name)
        if not key:
            return []
        return [outline.id for outline in self.outlines.values() if key in outline.keys]

    @cached_property
    def graph(self) -> nx.DiGraph:
        """The prerequisite DAG as networkx (see :func:`kg.graph.build_graph`); builds
        every concept. For exporters and graph statistics: orders, paths, ancestors
        and the frontier come from :attr:`prerequisites` and :attr:`learning_order`."""
        from kg.graph import build_graph

        return build_graph(self.concepts.values())

    @cached_property
    def prerequisites(self) -> PrerequisiteMap:
        """Each id's prerequisites, a graph the learning-path functions of
        :mod:`kg.graph` accept: the same paths as :attr:`graph` gives, from the
        outlines alone (no concept built, networkx not imported)."""
        from kg.graph import PrerequisiteMap

        prerequisites = {o.id: o.prerequisites for o in self.outlines.values()}
        return PrerequisiteMap(prerequisites, self.ranks)

    @cached_property
    def course(self) -> Course:
        """The library's title and domain order, from its course file (see :mod:`kg.course`):
        the first of :attr:`folders` that has one."""
        with_course = (folder for folder in self.folders if (folder / COURSE_FILE).is_file())
        return load_course(next(with_course, self.root))

    @cached_property
    def ranks(self) -> dict[str, int]:
        """Each id's curriculum rank: its domain's place in :attr:`course`."""
        rank_of = {domain: self.course.rank(domain) for domain in self.domains}
        return {o.id: rank_of[o.domain] for o in self.outlines.values()}

    @cached_property
    def learning_order(self) -> list[str]:
        """Every id in the syllabus order (:func:`kg.graph.learning_order`), computed once."""
        from kg.graph import learning_order

        return learning_order(self.prerequisites)

    def path_to(self, target: str, known: Iterable[str] = ()) -> list[str]:
        """The learning path to ``target``, in the syllabus order (see :mod:`kg.graph`)."""
        from kg.graph import learning_path

        return learning_path(self.prerequisites, target, known)

    @cached_property
    def learning_rank(self) -> dict[str, int]:
        """Each id's position in :attr:`learning_order` (0 first): the key that sorts
        any ids into learning order."""
        return {concept_id: rank for rank, concept_id in enumerate(self.learning_order)}

    @cached_property
    def dependents(self) -> dict[str, list[str]]:
        """For each id, the concepts that list it as a prerequisite, sorted."""
        result: dict[str, list[str]] = {concept_id: [] for concept_id in self.outlines}
        for outline in self.outlines.values():
            for prerequisite in outline.prerequisites:
                result[prerequisite].append(outline.id)
        return {key: sorted(value) for key, value in result.items()}

    def dependents_of(self, concept_id: str) -> list[str]:
        """``dependents[concept_id]``, by a scan when the whole table is not built yet."""
        if "dependents" in self.__dict__:
            return self.dependents[concept_id]
        return sorted(o.id for o in self.outlines.values() if concept_id in o.prerequisites)

    def find(self, name: str) -> Concept:
        """The concept called ``name``: its id, either term or an alias.

        Case, width (全角/半角), spaces and hyphens are ignored.

        Raises
        ------
        UnknownConceptError
            If no concept has that name (with suggestions), or several do.
        """
        if name in self.outlines:
            return self.concepts[name]
        ids = self.lookup(name)
        if len(ids) == 1:
            return self.concepts[ids[0]]
        if ids:
            raise UnknownConceptError(name, sorted(ids))
        raise UnknownConceptError(name, self.names.suggest(name))

    def find_domain(self, name: str) -> str:
        """The domain called ``name``, as the library spells it; case is ignored.

        Raises
        ------
        UnknownDomainError
            If the library has no such domain (the message names them all).

        Examples
        --------
        >>> from kg.concept import Text
        >>> t = Text("x", "x")
        >>> Library(Path("."), {"a": Concept("a", t, t, "Maths")}).find_domain("maths")
        'Maths'
        """
        for known in self.domains:
            if known.casefold() == name.casefold():
                return known
        raise UnknownDomainError(name, self.domains)

    def roots(self) -> list[str]:
        """The concepts with no prerequisites, sorted."""
        return sorted(o.id for o in self.outlines.values() if not o.prerequisites)


def _check_references(
    outlines: dict[str, Outline], concepts: ConceptTable, only: Iterable[str] | None = None
) -> list[Problem]:
    """Every reference to an unknown id, in the outlines of ``only`` (default: all)."""
    problems = []
    known = set(outlines)
    for outline in outlines.values() if only is None else map(outlines.__getitem__, only):
        if known.issuperset(outline.prerequisites) and known.issuperset(outline.related):
            continue  # the norm, checked at C speed; the loop below finds what is wrong
        for field_name in ("prerequisites", "related"):
            for index, other in enumerate(getattr(outline, field_name)):
                if other not in outlines:
                    from kg.schema import did_you_mean  # only a wrong reference needs it

                    line, column = concepts[outline.id].position(f"{field_name}.{index}")
                    kind = "prerequisite" if field_name == "prerequisites" else "related concept"
                    hint = did_you_mean(other, outlines)
                    problems.append(
                        Problem(outline.path, line, column, f"unknown {kind} {other!r}{hint}")
                    )
    return problems


def _check_cycles(
    outlines: dict[str, Outline], concepts: ConceptTable, only: Iterable[str] | None = None
) -> list[Problem]:
    """One problem per prerequisite cycle, naming the whole cycle and its files.

    An iterative depth-first search (three colours) finds each cycle once:
    cheaper than networkx's ``find_cycle`` on the acyclic graphs that are the
    norm, and free of recursion limits on long chains. With ``only``, the
    search starts from those ids alone: it finds every cycle they can reach.
    """
    white, grey, black = 0, 1, 2
    colour = dict.fromkeys(outlines, white)
    problems = []
    for start in outlines if only is None else only:
        if colour[start] != white:
            continue
        stack = [(start, iter(outlines[start].prerequisites))]
        colour[start] = grey
        while stack:
            node, prerequisites = stack[-1]
            for prerequisite in prerequisites:
                if prerequisite not in outlines:
                    continue
                if colour[prerequisite] == white:
                    colour[prerequisite] = grey
                    stack.append((prerequisite, iter(outlines[prerequisite].prerequisites)))
                    break
                if colour[prerequisite] == grey:
                    on_stack = [entry[0] for entry in stack]
                    cycle = on_stack[on_stack.index(prerequisite) :]
                    problems.append(_cycle_problem(outlines, concepts, cycle))
            else:
                colour[node] = black
                stack.pop()
    return problems


def _cycle_problem(
    outlines: dict[str, Outline], concepts: ConceptTable, cycle: list[str]
) -> Problem:
    """``cycle`` lists ids each of which has the next as a prerequisite."""
    learning_order = [*reversed(cycle), cycle[-1]]
    first = outlines[cycle[0]]
    index = first.prerequisites.index(cycle[1] if len(cycle) > 1 else cycle[0])
    line, column = concepts[first.id].position(f"prerequisites.{index}")
    files = ", ".join(sorted({outlines[c].path for c in cycle}))
    return Problem(
        first.path,
        line,
        column,
        f"prerequisite cycle: {' -> '.join(learning_order)} (files: {files})",
    )


def resolve_engine(reference: str) -> Callable[..., object]:
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


def _check_engines(outlines: dict[str, Outline], concepts: ConceptTable) -> list[Problem]:
    problems = []
    errors: dict[str, str | None] = {}  # by reference: a library names few engine functions
    for outline in outlines.values():
        if outline.engine is None:
            continue
        if outline.engine not in errors:
            errors[outline.engine] = check_engine_reference(outline.engine, resolve_engine)
        error = errors[outline.engine]
        if error:
            line, column = concepts[outline.id].position("engine")
            problems.append(
                Problem(outline.path, line, column, f"engine {outline.engine!r}: {error}")
            )
    return problems


def load_library(
    root: Path | str,
    *,
    check_engines: bool = False,
    parse: Parser | None = None,
) -> Library:
    """Load and validate every concept file under ``root``.

    Parameters
    ----------
    root : path
        The library folder; each concept is ``<root>/<domain>/<id>.yaml``.
    check_engines : bool
        Also check that every ``engine:`` reference names a function of the
        engine package (see :mod:`kg.engine_refs`); only ``dlkg check`` and
        the engine's users ask.
    parse : Parser, optional
        Parses a list of files; the compile cache passes its own
        (:class:`kg.cache.CachedParser`). The default is :class:`FileParser`.

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
    return _load([Path(root)], check_engines, [parse or FileParser()])


def load_libraries(
    roots: Iterable[Path | str],
    *,
    check_engines: bool = False,
    parsers: Iterable[Parser] | None = None,
) -> Library:
    """Load several library folders as one library: a learner's own concepts
    beside the bundled ones, linking to their ids.

    Parameters
    ----------
    roots : paths
        The library folders, in order; the course is the first one's that has
        a course file. One folder loads as :func:`load_library` does.
    check_engines : bool
        As for :func:`load_library`.
    parsers : Parsers, optional
        One per folder (the compile cache keeps one per folder); default
        :class:`FileParser`. Only a single folder's parser checks no more than
        what changed since its last load: ids must be unique across all the
        folders, so several are checked as a whole.

    Returns
    -------
    Library

    Raises
    ------
    ContentError
        With every problem found, as :func:`load_library`; an id defined in
        two folders is one problem, naming both files. A folder given twice,
        or inside another one given, is a problem too.

    Examples
    --------
    >>> import tempfile
    >>> base, mine = Path(tempfile.mkdtemp()), Path(tempfile.mkdtemp())
    >>> _ = (base / "derivative.yaml").write_text(
    ...     "id: derivative\\nterm: {en: Derivative, zh: 导数}\\n"
    ...     "definition: {en: Rate of change., zh: 变化率。}\\n", encoding="utf-8")
    >>> _ = (mine / "gradient.yaml").write_text(
    ...     "id: gradient\\nterm: {en: Gradient, zh: 梯度}\\n"
    ...     "definition: {en: Partial derivatives., zh: 偏导数。}\\nprerequisites: [derivative]\\n",
    ...     encoding="utf-8")
    >>> library = load_libraries([base, mine])
    >>> library.path_to("gradient"), library.folders == (base, mine)
    (['derivative', 'gradient'], True)
    """
    folders = [Path(root) for root in roots]
    chosen: list[Parser] = list(parsers) if parsers is not None else [FileParser() for _ in folders]
    if not folders or len(chosen) != len(folders):
        raise ValueError("load_libraries needs one or more folders, and a parser for each")
    return _load(folders, check_engines, chosen)


def _folder_problems(roots: list[Path], files: list[list[str]]) -> list[Problem]:
    """Folders that are missing, empty (no ``files``), given twice, or inside another one given."""
    problems = []
    resolved = [root.resolve() for root in roots]
    for index, root in enumerate(roots):
        real = resolved[index]
        outer = next((roots[o] for o, other in enumerate(resolved) if other in real.parents), None)
        if not root.is_dir():
            problems.append(Problem(str(root), 0, 0, "no such folder"))
        elif real in resolved[:index]:
            problems.append(Problem(str(root), 0, 0, "this library folder is given twice"))
        elif outer is not None:
            message = f"this library folder is inside {outer}, also given"
            problems.append(Problem(str(root), 0, 0, message))
        elif not files[index]:
            problems.append(Problem(str(root), 0, 0, "no concept files (*.yaml) in this folder"))
    return problems


def _load(roots: list[Path], check_engines: bool, parsers: list[Parser]) -> Library:
    files = [
        parse.concept_files(str(root)) if root.is_dir() else []
        for root, parse in zip(roots, parsers, strict=True)
    ]
    folder_problems = _folder_problems(roots, files)
    if folder_problems:
        raise ContentError(folder_problems)

    problems: list[Problem] = []
    outlines: dict[str, Outline] = {}
    sources: dict[str, ConceptSource] = {}
    library_of: dict[str, int] = {}  # the index of the folder each id came from
    for index, (root, parse) in enumerate(zip(roots, parsers, strict=True)):
        for outline, concept, file_problems in parse(files[index], str(root)):
            if file_problems:
                problems.extend(file_problems)
            if outline is None or concept is None:
                continue
            if outline.id in outlines:
                problems.append(
                    _duplicate(outline, concept, outlines, library_of[outline.id] != index)
                )
                continue
            outlines[outline.id] = outline
            sources[outline.id] = concept
            library_of[outline.id] = index

    concepts = ConceptTable(sources)
    before = parsers[0].checked_before if len(parsers) == 1 else None
    if not problems:
        problems = _check_links(outlines, concepts, before)
    else:
        problems += _check_links(outlines, concepts, None)
    if check_engines:
        problems.extend(_check_engines(outlines, concepts))
    if problems:
        raise ContentError(problems)
    if len(parsers) == 1:  # what several folders passed says nothing of one alone
        parsers[0].checks_passed()
    return Library(roots[0], concepts, outlines, folders=roots)


def _duplicate(
    outline: Outline, concept: ConceptSource, outlines: dict[str, Outline], across: bool
) -> Problem:
    """The problem of an id already defined: where, and whether in another library folder."""
    duplicate = concept if isinstance(concept, Concept) else concept()
    line, column = duplicate.position("id")
    first = outlines[outline.id].path
    where = (
        f"also in {first}, another library: ids must be unique across libraries"
        if across
        else f"also in {first}"
    )
    return Problem(outline.path, line, column, f"duplicate id {outline.id!r} ({where})")


def _check_links(
    outlines: dict[str, Outline], concepts: ConceptTable, before: CheckedBefore | None
) -> list[Problem]:
    """Unknown references and cycles: of every outline, or of those changed since
    ``before`` when that is enough (see :class:`CheckedBefore`).

    If the changed outlines have a problem, everything is checked again, so
    that the problems reported are the same as a full check finds.
    """
    if before is not None and before.ids.issubset(outlines):
        changed = [concept_id for concept_id in before.changed if concept_id in outlines]
        problems = _check_references(outlines, concepts, changed)
        problems += _check_cycles(outlines, concepts, changed)
        if not problems:
            return problems
    return _check_references(outlines, concepts) + _check_cycles(outlines, concepts)
