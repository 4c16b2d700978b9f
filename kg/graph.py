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

from collections.abc import Iterable

import networkx as nx

from kg.concept import Concept


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
    graph = nx.DiGraph()
    concepts = list(concepts)
    graph.add_nodes_from((c.id, {"concept": c, "domain": c.domain}) for c in concepts)
    graph.add_edges_from((p, c.id) for c in concepts for p in c.prerequisites)
    return graph


def depths(graph: nx.DiGraph) -> dict[str, int]:
    """The depth of every concept: the length of its longest prerequisite chain.

    Roots have depth 0; any other concept is one deeper than its deepest
    prerequisite.

    Examples
    --------
    >>> g = nx.DiGraph([("a", "b"), ("b", "c"), ("a", "c")])
    >>> depths(g)
    {'a': 0, 'b': 1, 'c': 2}
    """
    depth: dict[str, int] = {}
    for node in nx.topological_sort(graph):
        depth[node] = max((depth[p] + 1 for p in graph.predecessors(node)), default=0)
    return depth


def learning_order(graph: nx.DiGraph, nodes: Iterable[str] | None = None) -> list[str]:
    """``nodes`` (default: all) in topological order, shallowest first, then id.

    Examples
    --------
    >>> g = nx.DiGraph([("b", "c"), ("a", "c"), ("c", "d"), ("z", "d")])
    >>> learning_order(g)
    ['a', 'b', 'z', 'c', 'd']
    """
    subgraph = graph if nodes is None else graph.subgraph(nodes)
    depth = depths(graph)
    return list(nx.lexicographical_topological_sort(subgraph, key=lambda n: (depth[n], n)))


def learning_path(graph: nx.DiGraph, target: str, known: Iterable[str] = ()) -> list[str]:
    """The ordered route to ``target``: its unknown ancestors, then itself.

    Parameters
    ----------
    graph : networkx.DiGraph
        The prerequisite graph.
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
    >>> g = nx.DiGraph([("derivative", "gradient"), ("gradient", "gd"), ("lr", "gd")])
    >>> learning_path(g, "gd")
    ['derivative', 'lr', 'gradient', 'gd']
    >>> learning_path(g, "gd", known=["gradient"])
    ['lr', 'gd']
    """
    for node in (target, *known):
        if node not in graph:
            raise KeyError(node)
    known_closure: set[str] = set()
    for node in known:
        known_closure |= nx.ancestors(graph, node) | {node}
    needed = (nx.ancestors(graph, target) | {target}) - known_closure
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
    return sorted({tuple(sorted((c.id, other))) for c in concepts for other in c.related})
