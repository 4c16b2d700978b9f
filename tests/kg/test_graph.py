"""The prerequisite graph and learning paths."""

from __future__ import annotations

import itertools

import networkx as nx
import pytest

from kg.graph import PrerequisiteMap, depths, learning_order, learning_path, related_pairs
from kg.library import load_library
from tests.conftest import BUNDLED_CONTENT


@pytest.fixture(scope="module")
def bundled():
    return load_library(BUNDLED_CONTENT)


def test_graph_has_a_node_per_concept_and_an_edge_per_prerequisite(small_library):
    library = load_library(small_library)
    graph = library.graph
    assert set(graph.nodes) == {"a", "b", "c", "d", "e"}
    assert set(graph.edges) == {("a", "b"), ("b", "d"), ("c", "d")}
    assert graph.nodes["d"]["concept"].id == "d" and graph.nodes["d"]["domain"] == "models"
    assert ("c", "e") not in graph.edges and ("e", "c") not in graph.edges


def test_related_links_are_pairs_not_edges(small_library):
    library = load_library(small_library)
    assert related_pairs(library) == [("c", "e")]


def test_depth_is_the_longest_prerequisite_chain(small_library):
    assert depths(load_library(small_library).graph) == {"a": 0, "c": 0, "e": 0, "b": 1, "d": 2}


def test_path_puts_each_prerequisite_right_before_what_needs_it(small_library):
    library = load_library(small_library)
    path = learning_path(library.prerequisites, "d")
    assert sorted(path) == ["a", "b", "c", "d"] and path[-1] == "d"
    assert _is_topological(library.prerequisites, path)
    assert path == library.path_to("d")


def test_known_concepts_and_their_prerequisites_are_left_out(small_library):
    graph = load_library(small_library).graph
    assert learning_path(graph, "d", known=["b"]) == ["c", "d"]
    assert learning_path(graph, "d", known=["d"]) == []


def test_unknown_target_raises_key_error(small_library):
    with pytest.raises(KeyError):
        learning_path(load_library(small_library).graph, "zzz")


def test_bundled_graph_is_a_dag(bundled):
    assert nx.is_directed_acyclic_graph(bundled.graph)
    assert len(bundled) >= 50
    assert len(bundled.domains) >= 5


@pytest.mark.parametrize("target", ["transformer", "adam", "long-short-term-memory", "gpt", "bert"])
def test_every_bundled_path_respects_prerequisites(bundled, target):
    route = learning_path(bundled.graph, target)
    position = {concept_id: index for index, concept_id in enumerate(route)}
    assert route[-1] == target
    assert set(route) == nx.ancestors(bundled.graph, target) | {target}
    for concept_id in route:
        for prerequisite in bundled[concept_id].prerequisites:
            assert position[prerequisite] < position[concept_id]


def test_the_syllabus_order_on_a_small_graph():
    # d needs c then z (in that order); c needs b then a; z needs y.
    graph = PrerequisiteMap(
        {"a": (), "b": (), "y": (), "c": ("b", "a"), "z": ("y",), "d": ("c", "z")}
    )
    # Depth-first from d, prerequisites in the author's order: each subtree right before its user.
    assert learning_order(graph) == ["b", "a", "c", "y", "z", "d"]
    # A domain ranked earlier is finished first, whatever the walk says.
    ranks = {"y": 0, "z": 0, "a": 1, "b": 1, "c": 1, "d": 1}
    assert learning_order(graph, rank=ranks) == ["y", "z", "b", "a", "c", "d"]
    # Ids break the remaining ties only: two unrelated roots.
    assert learning_order(PrerequisiteMap({"q": (), "p": ()})) == ["p", "q"]


def test_learning_order_is_deterministic_whatever_the_insertion_order():
    prerequisites = {"c": ("b", "a"), "d": ("c", "z"), "z": ("y",), "a": (), "b": (), "y": ()}
    shuffled = dict(reversed(list(prerequisites.items())))
    assert learning_order(PrerequisiteMap(prerequisites)) == learning_order(
        PrerequisiteMap(shuffled)
    )


def test_find_by_id_term_alias_case_and_width(bundled):
    assert bundled.find("反向传播").id == "backpropagation"
    assert bundled.find("Gradient descent").id == "gradient-descent"
    assert bundled.find("GRADIENT  DESCENT").id == "gradient-descent"
    assert bundled.find("backprop").id == "backpropagation"
    assert bundled.find("ＢＡＣＫＰＲＯＰ").id == "backpropagation"
    assert bundled.find("self-attention").id == "self-attention"


def test_unknown_name_suggests_close_ones(bundled):
    from kg.errors import UnknownConceptError

    with pytest.raises(UnknownConceptError) as info:
        bundled.find("backprob")
    assert "backprop" in info.value.suggestions
    assert "did you mean" in str(info.value)


@pytest.mark.parametrize("known", [[], ["gradient-descent"], ["softmax", "backpropagation"]])
def test_a_path_from_the_outlines_is_the_path_in_the_networkx_graph(bundled, known):
    for target in bundled.outlines:
        expected = learning_path(bundled.graph, target, known, rank=bundled.ranks)
        assert learning_path(bundled.prerequisites, target, known) == expected


@pytest.mark.parametrize("seed", range(30))
def test_learning_order_is_a_topological_order_grouped_by_rank(seed):
    graph = nx.gn_graph(60, seed=seed).reverse()  # a random DAG, edges prerequisite -> concept
    graph = nx.relabel_nodes(graph, {node: f"c{node:02d}" for node in graph})
    depth = {node: max((len(p) - 1 for p in _chains(graph, node)), default=0) for node in graph}
    assert depths(graph) == {node: depth[node] for node in depths(graph)}
    order = learning_order(graph)
    assert sorted(order) == sorted(graph) and _is_topological(graph, order)
    subset = sorted(graph)[::3]
    assert sorted(learning_order(graph, subset)) == subset
    # With ranks, a concept never comes after one of a later rank unless it must.
    ranks = {node: int(node[1:]) % 3 for node in graph}
    ranked = learning_order(graph, rank=ranks)
    assert _is_topological(graph, ranked)
    for earlier, later in itertools.pairwise(ranked):
        if ranks[earlier] > ranks[later]:
            assert nx.ancestors(graph, later) - set(ranked[: ranked.index(later)]) == set()


def _is_topological(graph, order):
    position = {node: index for index, node in enumerate(order)}
    return all(
        position[p] < position[node]
        for node in order
        for p in graph.predecessors(node)
        if p in position
    )


def _chains(graph, node):
    roots = [n for n in graph if graph.in_degree(n) == 0]
    return [path for root in roots for path in nx.all_simple_paths(graph, root, node)] or [[node]]


def test_a_cycle_is_an_error_not_a_hang():
    with pytest.raises(ValueError, match="cycle"):
        depths(nx.DiGraph([("a", "b"), ("b", "c"), ("c", "a")]))
