"""Loading a folder of concept files into a validated :class:`Library`.

Every file is parsed and checked on its own (:mod:`kg.schema`); then the checks
across files run: duplicate ids, unknown prerequisite or related ids, and
prerequisite cycles. All problems are collected and raised together.

Several folders load as one library (:func:`load_libraries`): a learner's own
concepts beside the bundled ones, linking to their ids. Ids must be unique
across the folders, and the course (:mod:`kg.course`) is the first folder's
that has a course file.

Finding and parsing the files is :mod:`kg.concept_files`; the checks across files are
:mod:`kg.library_checks`.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING

from kg.concept import Concept, Outline
from kg.concept_files import ConceptSource, ConceptTable, FileParser, Parser
from kg.course import COURSE_FILE, Course, load_course
from kg.errors import ContentError, Problem, UnknownConceptError, UnknownDomainError
from kg.library_checks import check_links, duplicate, engine_problems
from kg.names import NameIndex, normalize_name

if TYPE_CHECKING:
    import networkx as nx

    from kg.graph import PrerequisiteMap


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
                    duplicate(outline, concept, outlines, library_of[outline.id] != index)
                )
                continue
            outlines[outline.id] = outline
            sources[outline.id] = concept
            library_of[outline.id] = index

    concepts = ConceptTable(sources)
    before = parsers[0].checked_before if len(parsers) == 1 else None
    if not problems:
        problems = check_links(outlines, concepts, before)
    else:
        problems += check_links(outlines, concepts, None)
    if check_engines:
        problems.extend(engine_problems(outlines, concepts))
    if problems:
        raise ContentError(problems)
    if len(parsers) == 1:  # what several folders passed says nothing of one alone
        parsers[0].checks_passed()
    return Library(roots[0], concepts, outlines, folders=roots)
