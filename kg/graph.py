"""The prerequisite graph and learning paths.

The graph is an ``nx.DiGraph`` with a node per concept id (its data: the
:class:`~kg.concept.Concept` under ``"concept"``, and ``"domain"``) and an edge
``prerequisite -> concept`` per prerequisite. ``related`` links never become
ordering edges; :func:`related_pairs` lists them for exporters.

Learning-path order (the syllabus order)
----------------------------------------
One rule orders every list of concepts dlkg teaches from: ``dlkg path``, the
study frontier and the Anki new-card order. Prerequisites always come first;
among the concepts ready at the same time, the next is chosen by

1. the curriculum rank of its domain (the library's course file lists the
   domains in teaching order), so that a topic is finished before the next starts;
2. its position in a depth-first walk from the concepts being aimed at,
   visiting each concept's prerequisites in the order the author lists them,
   so that a prerequisite comes right before the concept that needs it;
3. its id, only as the last tie-break.
"""

from __future__ import annotations

import heapq
from collections.abc import Iterable, Iterator, Mapping
from typing import TYPE_CHECKING, Protocol

from kg.concept import Concept

if TYPE_CHECKING:
    import networkx as nx


class PrerequisiteGraph(Protocol):
    """What the ordering functions below need of a graph; ``nx.DiGraph`` has it.

    They are written against this rather than networkx so that ``dlkg path``
    can order a learning path straight from a library's outlines
    (:class:`PrerequisiteMap`) without importing networkx, which costs more
    than the whole computation.
    """

    def __contains__(self, node: object) -> bool: ...

    def __iter__(self) -> Iterator[str]: ...

    def predecessors(self, node: str) -> Iterable[str]: ...


class PrerequisiteMap(Mapping[str, tuple[str, ...]]):
    """Each concept id's prerequisites, as a :class:`PrerequisiteGraph`.

    Examples
    --------
    >>> graph = PrerequisiteMap({"a": (), "b": ("a",)})
    >>> list(graph.predecessors("b")), "b" in graph
    (['a'], True)
    """

    def __init__(
        self,
        prerequisites: Mapping[str, tuple[str, ...]],
        ranks: Mapping[str, int] | None = None,
    ):
        self._prerequisites = prerequisites
        self.ranks: Mapping[str, int] = ranks or {}
        """Each id's curriculum rank, used by :func:`learning_order` unless it is given one."""

    def __getitem__(self, node: str) -> tuple[str, ...]:
        return self._prerequisites[node]

    def __iter__(self) -> Iterator[str]:
        return iter(self._prerequisites)

    def __len__(self) -> int:
        return len(self._prerequisites)

    def predecessors(self, node: str) -> tuple[str, ...]:
        return self._prerequisites[node]


def build_graph(concepts: Iterable[Concept]) -> nx.DiGraph:
    """Compile concepts into the prerequisite DAG.

    Parameters
    ----------
    concepts : iterable of Concept
        Validated concepts whose prerequisites all exist (see
        :func:`kg.library.load_library`).

    Returns
    -------
    networkx.DiGraph
        A node per concept id; an edge ``prerequisite -> concept``.

    Examples
    --------
    >>> from kg.concept import Text
    >>> t = Text("x", "x")
    >>> g = build_graph([Concept("a", t, t, "d"), Concept("b", t, t, "d", prerequisites=("a",))])
    >>> list(g.edges)
    [('a', 'b')]
    """
    import networkx as nx

    graph = nx.DiGraph()
    concepts = list(concepts)
    graph.add_nodes_from((c.id, {"concept": c, "domain": c.domain}) for c in concepts)
    graph.add_edges_from((p, c.id) for c in concepts for p in c.prerequisites)
    return graph


def ancestors(graph: PrerequisiteGraph, nodes: Iterable[str]) -> set[str]:
    """Every prerequisite of ``nodes``, transitively (``nodes`` themselves left out
    unless one is a prerequisite of another).

    Examples
    --------
    >>> sorted(ancestors(PrerequisiteMap({"a": (), "b": ("a",), "c": ("b",)}), ["c"]))
    ['a', 'b']
    """
    found: set[str] = set()
    waiting = [p for node in nodes for p in graph.predecessors(node)]
    while waiting:
        node = waiting.pop()
        if node not in found:
            found.add(node)
            waiting.extend(graph.predecessors(node))
    return found


def depths(graph: PrerequisiteGraph, nodes: Iterable[str] | None = None) -> dict[str, int]:
    """The depth of ``nodes`` (default: all): the length of the longest prerequisite chain.

    Roots have depth 0; any other concept is one deeper than its deepest
    prerequisite. Only ``nodes`` and their ancestors are visited.

    Raises
    ------
    ValueError
        If the graph has a cycle through the nodes visited.

    Examples
    --------
    >>> import networkx as nx
    >>> depths(nx.DiGraph([("a", "b"), ("b", "c"), ("a", "c")]))
    {'a': 0, 'b': 1, 'c': 2}
    """
    depth: dict[str, int] = {}
    for start in graph if nodes is None else nodes:
        if start in depth:
            continue
        # Depth-first with an explicit stack (chains may be thousands long);
        # ``path`` holds the nodes being visited, so reaching one again is a cycle.
        stack = [(start, iter(graph.predecessors(start)))]
        path = {start}
        while stack:
            node, prerequisites = stack[-1]
            for prerequisite in prerequisites:
                if prerequisite not in depth:
                    if prerequisite in path:
                        raise ValueError(f"prerequisite cycle through {prerequisite!r}")
                    path.add(prerequisite)
                    stack.append((prerequisite, iter(graph.predecessors(prerequisite))))
                    break
            else:
                stack.pop()
                path.discard(node)
                depth[node] = max((depth[p] + 1 for p in graph.predecessors(node)), default=0)
    return depth


def walk_positions(
    graph: PrerequisiteGraph, starts: Iterable[str], wanted: set[str]
) -> dict[str, int]:
    """Each concept's position in a depth-first post-order walk from ``starts``.

    Prerequisites are visited in the order the author lists them, so each
    concept's prerequisites (and theirs) come right before it.

    Examples
    --------
    >>> walk_positions(PrerequisiteMap({"a": (), "b": (), "c": ("b", "a")}), ["c"], {"a", "b", "c"})
    {'b': 0, 'a': 1, 'c': 2}
    """
    position: dict[str, int] = {}
    entered: set[str] = set()
    for start in starts:
        if start in entered:
            continue
        entered.add(start)
        stack = [(start, iter(graph.predecessors(start)))]
        while stack:
            node, prerequisites = stack[-1]
            for prerequisite in prerequisites:
                if prerequisite in wanted and prerequisite not in entered:
                    entered.add(prerequisite)
                    stack.append((prerequisite, iter(graph.predecessors(prerequisite))))
                    break
            else:
                stack.pop()
                position[node] = len(position)
    return position


def learning_order(
    graph: PrerequisiteGraph,
    nodes: Iterable[str] | None = None,
    *,
    rank: Mapping[str, int] | None = None,
) -> list[str]:
    """``nodes`` (default: all) in the syllabus order (see the module docstring).

    Parameters
    ----------
    graph : PrerequisiteGraph
        The prerequisite graph (``Library.prerequisites`` or ``Library.graph``).
    nodes : iterable of str, optional
        The concepts to order; every one of their prerequisites that is among
        them comes first.
    rank : mapping of str to int, optional
        Each concept's curriculum rank (its domain's place in the course);
        missing ones rank 0. By default a :class:`PrerequisiteMap`'s own ranks.

    Examples
    --------
    >>> g = PrerequisiteMap({"d": (), "g": ("d",), "gd": ("g", "lr"), "lr": ()})
    >>> learning_order(g)
    ['d', 'g', 'lr', 'gd']
    >>> learning_order(g, rank={"lr": 0, "d": 1, "g": 1, "gd": 1})
    ['lr', 'd', 'g', 'gd']
    """
    wanted = set(graph if nodes is None else nodes)
    if rank is None and isinstance(graph, PrerequisiteMap):
        rank = graph.ranks
    ranks = rank or {}
    dependents: dict[str, list[str]] = {node: [] for node in wanted}
    waiting: dict[str, int] = {}
    for node in wanted:
        inside = [p for p in graph.predecessors(node) if p in wanted]
        waiting[node] = len(inside)
        for prerequisite in inside:
            dependents[prerequisite].append(node)
    ends = sorted(
        (node for node in wanted if not dependents[node]),
        key=lambda node: (ranks.get(node, 0), node),
    )
    position = walk_positions(graph, ends, wanted)
    if len(position) < len(wanted):
        raise ValueError("prerequisite cycle among the concepts to order")

    def key(node: str) -> tuple[int, int, str]:
        return (ranks.get(node, 0), position[node], node)

    ready = [key(node) for node, count in waiting.items() if count == 0]
    heapq.heapify(ready)
    order = []
    while ready:
        *_, node = heapq.heappop(ready)
        order.append(node)
        for dependent in dependents[node]:
            waiting[dependent] -= 1
            if waiting[dependent] == 0:
                heapq.heappush(ready, key(dependent))
    return order


def learning_path(
    graph: PrerequisiteGraph,
    target: str,
    known: Iterable[str] = (),
    *,
    rank: Mapping[str, int] | None = None,
) -> list[str]:
    """The ordered route to ``target``: its unknown ancestors, then itself.

    Parameters
    ----------
    graph : PrerequisiteGraph
        The prerequisite graph: ``Library.graph``, or ``Library.prerequisites``
        (the same order, without building the networkx graph).
    target : str
        The concept to reach.
    known : iterable of str
        Concepts the learner knows. A known concept's own prerequisites are
        taken as known too (knowing backpropagation implies the chain rule).
    rank : mapping of str to int, optional
        Each concept's curriculum rank (see :func:`learning_order`).

    Returns
    -------
    list of str
        Every prerequisite before the concepts that need it, in the syllabus
        order. Empty if ``target`` itself is known.

    Raises
    ------
    KeyError
        If ``target`` or a known id is not in the graph.

    Examples
    --------
    >>> import networkx as nx
    >>> g = nx.DiGraph([("derivative", "gradient"), ("gradient", "gd"), ("lr", "gd")])
    >>> learning_path(g, "gd")
    ['derivative', 'gradient', 'lr', 'gd']
    >>> learning_path(g, "gd", known=["gradient"])
    ['lr', 'gd']
    """
    known = list(known)
    for node in (target, *known):
        if node not in graph:
            raise KeyError(node)
    known_closure = ancestors(graph, known) | set(known)
    needed = (ancestors(graph, [target]) | {target}) - known_closure
    return learning_order(graph, needed, rank=rank)


def related_pairs(concepts: Iterable[Concept]) -> list[tuple[str, str]]:
    """Each ``related`` link once, as a sorted pair, the pairs sorted.

    Examples
    --------
    >>> from kg.concept import Text
    >>> t = Text("x", "x")
    >>> a = Concept("a", t, t, "d", related=("b",))
    >>> related_pairs([a, Concept("b", t, t, "d", related=("a",))])
    [('a', 'b')]
    """
    return sorted({(min(c.id, other), max(c.id, other)) for c in concepts for other in c.related})
