"""Statistics of the prerequisite graph, as data (``dlkg graph stats`` prints them).

How big the library is, how deep, where it starts (roots) and ends (leaves),
which concepts the most others build on, and which stand alone.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import asdict, dataclass
from typing import TYPE_CHECKING, Any

import networkx as nx

from kg.graph import depths, related_pairs

if TYPE_CHECKING:
    from kg.library import Library

TOP = 10
"""How many concepts the rankings list."""


@dataclass(frozen=True)
class Ranked:
    """A concept and how many others it counts in a ranking."""

    id: str
    count: int


@dataclass(frozen=True)
class GraphStats:
    """The numbers :func:`graph_stats` computes.

    Attributes
    ----------
    concepts, prerequisite_edges, related_links : int
        Sizes; each ``related`` link counts once, whichever side lists it.
    domains : dict of str to int
        The number of concepts in each domain, by domain name.
    max_depth : int
        The longest chain of prerequisites (:func:`kg.graph.depths`).
    roots, leaves : list of str
        Concepts with no prerequisites, and those nothing builds on; sorted.
    most_dependents : list of Ranked
        The concepts with the most direct dependents.
    most_descendants : list of Ranked
        The concepts with the most descendants: everything that builds on
        them, directly or not.
    isolated : list of str
        Concepts with neither prerequisites nor dependents; sorted.
    """

    concepts: int
    prerequisite_edges: int
    related_links: int
    domains: dict[str, int]
    max_depth: int
    roots: list[str]
    leaves: list[str]
    most_dependents: list[Ranked]
    most_descendants: list[Ranked]
    isolated: list[str]

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready dict; rankings are lists of ``{"id", "count"}``."""
        return asdict(self)


def descendant_counts(graph: nx.DiGraph) -> dict[str, int]:
    """How many concepts each one leads to, directly or not.

    One pass in reverse topological order, each node's descendants held as the
    bits of an integer: linear in the edges times n/64, where calling
    ``nx.descendants`` on every node would walk the graph n times.

    Parameters
    ----------
    graph : networkx.DiGraph
        A DAG.

    Returns
    -------
    dict of str to int

    Examples
    --------
    >>> descendant_counts(nx.DiGraph([("a", "b"), ("b", "c"), ("a", "c"), ("d", "c")]))
    {'a': 2, 'b': 1, 'c': 0, 'd': 1}
    """
    bit = {node: 1 << index for index, node in enumerate(graph)}
    reachable: dict[str, int] = {}
    for node in reversed(list(nx.topological_sort(graph))):
        below = 0
        for successor in graph.successors(node):
            below |= bit[successor] | reachable[successor]
        reachable[node] = below
    return {node: reachable[node].bit_count() for node in graph}


def _ranking(counts: dict[str, int], top: int) -> list[Ranked]:
    ordered = sorted((item for item in counts.items() if item[1] > 0), key=lambda i: (-i[1], i[0]))
    return [Ranked(node, count) for node, count in ordered[:top]]


def graph_stats(source: Library | nx.DiGraph, *, top: int = TOP) -> GraphStats:
    """Statistics of a library's prerequisite graph.

    Parameters
    ----------
    source : Library or networkx.DiGraph
        A loaded library, or a graph from :func:`kg.graph.build_graph`.
    top : int
        How many concepts each ranking lists (ties broken by id).

    Returns
    -------
    GraphStats

    Raises
    ------
    networkx.NetworkXUnfeasible
        If the graph has a cycle (a loaded library never has one).

    Examples
    --------
    >>> from kg.concept import Concept, Text
    >>> from kg.graph import build_graph
    >>> t = Text("x", "x")
    >>> stats = graph_stats(build_graph([
    ...     Concept("a", t, t, "maths"), Concept("b", t, t, "maths", prerequisites=("a",)),
    ...     Concept("c", t, t, "models", prerequisites=("b",), related=("e",)),
    ...     Concept("e", t, t, "models"),
    ... ]))
    >>> stats.max_depth, stats.roots, stats.leaves, stats.isolated, stats.related_links
    (2, ['a', 'e'], ['c', 'e'], ['e'], 1)
    >>> stats.most_descendants[0]
    Ranked(id='a', count=2)
    """
    graph = source if isinstance(source, nx.DiGraph) else source.graph
    concepts = [data["concept"] for _, data in graph.nodes(data=True)]
    dependents = {node: graph.out_degree(node) for node in graph}
    return GraphStats(
        concepts=graph.number_of_nodes(),
        prerequisite_edges=graph.number_of_edges(),
        related_links=len(related_pairs(concepts)),
        domains=dict(sorted(Counter(concept.domain for concept in concepts).items())),
        max_depth=max(depths(graph).values(), default=0),
        roots=sorted(node for node in graph if graph.in_degree(node) == 0),
        leaves=sorted(node for node in graph if dependents[node] == 0),
        most_dependents=_ranking(dependents, top),
        most_descendants=_ranking(descendant_counts(graph), top),
        isolated=sorted(node for node in graph if graph.degree(node) == 0),
    )
