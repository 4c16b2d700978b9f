"""The prerequisite graph and learning paths.

The graph is an ``nx.DiGraph`` with a node per concept id (its data: the
:class:`~kg.concept.Concept` under ``"concept"``, and ``"domain"``) and an edge
``prerequisite -> concept`` per prerequisite. ``related`` links never become
ordering edges; :func:`related_pairs` lists them for exporters.

Learning-path order
-------------------
A learning path to a target is the target and its ancestors (its prerequisites,
theirs, and so on), in topological order. Among the concepts that are ready at
the same time, the tie-break is **shallowest first, then id**: the one whose
longest chain of prerequisites is shortest comes first, and ids break the
remaining ties alphabetically. The order is therefore fully deterministic.
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

    def __init__(self, prerequisites: Mapping[str, tuple[str, ...]]):
        self._prerequisites = prerequisites

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


def learning_order(graph: PrerequisiteGraph, nodes: Iterable[str] | None = None) -> list[str]:
    """``nodes`` (default: all) in topological order, shallowest first, then id.

    Kahn's algorithm with a heap keyed by (depth, id): the same order as
    ``nx.lexicographical_topological_sort`` with that key (the tests compare
    them on random DAGs), computed from predecessors alone.

    Examples
    --------
    >>> import networkx as nx
    >>> g = nx.DiGraph([("b", "c"), ("a", "c"), ("c", "d"), ("z", "d")])
    >>> learning_order(g)
    ['a', 'b', 'z', 'c', 'd']
    """
    wanted = set(graph if nodes is None else nodes)
    depth = depths(graph, wanted)
    dependents: dict[str, list[str]] = {node: [] for node in wanted}
    waiting: dict[str, int] = {}
    for node in wanted:
        inside = [p for p in graph.predecessors(node) if p in wanted]
        waiting[node] = len(inside)
        for prerequisite in inside:
            dependents[prerequisite].append(node)
    ready = [(depth[node], node) for node, count in waiting.items() if count == 0]
    heapq.heapify(ready)
    order = []
    while ready:
        _, node = heapq.heappop(ready)
        order.append(node)
        for dependent in dependents[node]:
            waiting[dependent] -= 1
            if waiting[dependent] == 0:
                heapq.heappush(ready, (depth[dependent], dependent))
    return order


def learning_path(graph: PrerequisiteGraph, target: str, known: Iterable[str] = ()) -> list[str]:
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

    Returns
    -------
    list of str
        Every prerequisite before the concepts that need it; ties broken
        shallowest first, then by id. Empty if ``target`` itself is known.

    Raises
    ------
    KeyError
        If ``target`` or a known id is not in the graph.

    Examples
    --------
    >>> import networkx as nx
    >>> g = nx.DiGraph([("derivative", "gradient"), ("gradient", "gd"), ("lr", "gd")])
    >>> learning_path(g, "gd")
    ['derivative', 'lr', 'gradient', 'gd']
    >>> learning_path(g, "gd", known=["gradient"])
    ['lr', 'gd']
    """
    known = list(known)
    for node in (target, *known):
        if node not in graph:
            raise KeyError(node)
    known_closure = ancestors(graph, known) | set(known)
    needed = (ancestors(graph, [target]) | {target}) - known_closure
    return learning_order(graph, needed)


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
