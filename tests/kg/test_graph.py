"""The prerequisite graph and learning paths."""

from __future__ import annotations

import networkx as nx
import pytest

from kg.graph import depths, learning_order, learning_path, related_pairs
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


def test_path_puts_prerequisites_first_with_documented_tie_break(small_library):
    graph = load_library(small_library).graph
    assert learning_path(graph, "d") == ["a", "c", "b", "d"]


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


def test_learning_order_is_deterministic_whatever_the_insertion_order():
    edges = [("b", "c"), ("a", "c"), ("c", "d"), ("z", "d"), ("y", "z")]
    forward, backward = nx.DiGraph(edges), nx.DiGraph(list(reversed(edges)))
    assert learning_order(forward) == learning_order(backward) == ["a", "b", "y", "c", "z", "d"]


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
        expected = learning_path(bundled.graph, target, known)
        assert learning_path(bundled.prerequisites, target, known) == expected


@pytest.mark.parametrize("seed", range(30))
def test_learning_order_is_networkx_lexicographic_sort_by_depth_then_id(seed):
    graph = nx.gn_graph(60, seed=seed).reverse()  # a random DAG, edges prerequisite -> concept
    graph = nx.relabel_nodes(graph, {node: f"c{node:02d}" for node in graph})
    depth = {node: max((len(p) - 1 for p in _chains(graph, node)), default=0) for node in graph}
    expected = list(nx.lexicographical_topological_sort(graph, key=lambda n: (depth[n], n)))
    assert depths(graph) == {node: depth[node] for node in depths(graph)}
    assert learning_order(graph) == expected
    subset = sorted(graph)[::3]
    sub_expected = list(
        nx.lexicographical_topological_sort(graph.subgraph(subset), key=lambda n: (depth[n], n))
    )
    assert learning_order(graph, subset) == sub_expected


def _chains(graph, node):
    roots = [n for n in graph if graph.in_degree(n) == 0]
    return [path for root in roots for path in nx.all_simple_paths(graph, root, node)] or [[node]]


def test_a_cycle_is_an_error_not_a_hang():
    with pytest.raises(ValueError, match="cycle"):
        depths(nx.DiGraph([("a", "b"), ("b", "c"), ("c", "a")]))
