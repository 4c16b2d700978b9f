"""Graph statistics: kg.stats, and ``dlkg graph stats``."""

from __future__ import annotations

import json

import networkx as nx
from click.testing import CliRunner

from dlkg.cli import cli
from kg.graph import build_graph
from kg.library import load_library
from kg.stats import Ranked, descendant_counts, graph_stats
from tests.kg.export.conftest import synthetic_concepts


def test_small_library_stats(small_library):
    stats = graph_stats(load_library(small_library))
    assert (stats.concepts, stats.prerequisite_edges, stats.related_links) == (5, 3, 1)
    assert stats.domains == {"maths": 3, "models": 2}
    assert stats.max_depth == 2
    assert stats.roots == ["a", "c", "e"]
    assert stats.leaves == ["d", "e"]
    assert stats.isolated == ["e"]
    assert stats.most_dependents == [Ranked("a", 1), Ranked("b", 1), Ranked("c", 1)]
    assert stats.most_descendants == [Ranked("a", 2), Ranked("b", 1), Ranked("c", 1)]


def test_rankings_keep_the_top_ones_ties_by_id():
    stats = graph_stats(build_graph(synthetic_concepts(300, seed=1)), top=10)
    for ranking in (stats.most_dependents, stats.most_descendants):
        assert len(ranking) == 10
        keys = [(-entry.count, entry.id) for entry in ranking]
        assert keys == sorted(keys)


def test_descendant_counts_match_networkx():
    graph = build_graph(synthetic_concepts(300, seed=2))
    assert descendant_counts(graph) == {node: len(nx.descendants(graph, node)) for node in graph}


def test_stats_command_text(small_library):
    result = CliRunner().invoke(cli, ["graph", "stats", "--content", str(small_library)])
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[0] == "Concepts: 5 in 2 domains (maths 3, models 2)"
    assert lines[1] == "Prerequisite edges: 3   Related links: 1   Max depth: 2"
    assert "Roots (3): a, c, e" in lines and "Isolated (1): e" in lines
    assert any(line.split()[:3] == ["1.", "a", "2"] and "Term a · 术语 a" in line for line in lines)


def test_stats_command_json(small_library):
    result = CliRunner().invoke(cli, ["graph", "stats", "--json", "--content", str(small_library)])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert data == graph_stats(load_library(small_library)).to_dict()
    assert data["most_descendants"][0] == {"id": "a", "count": 2}
