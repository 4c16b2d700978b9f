"""The checks across a library's files: unknown prerequisite or related ids, prerequisite
cycles, engine references, duplicate ids and links between folders."""

from __future__ import annotations

import importlib
from collections.abc import Callable, Iterable

from kg.concept import Concept, Outline
from kg.concept_files import CheckedBefore, ConceptSource, ConceptTable
from kg.engine_refs import check_engine_reference
from kg.errors import Problem


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


def engine_problems(outlines: dict[str, Outline], concepts: ConceptTable) -> list[Problem]:
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


def duplicate(
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


def check_links(
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
