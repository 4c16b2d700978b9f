"""The benchmark generator writes libraries that dlkg accepts (no timing here)."""

from __future__ import annotations

import networkx as nx

from benchmarks.generate import generate_library
from kg.library import load_library


def test_generated_library_is_valid(tmp_path):
    generated = generate_library(tmp_path / "library", 50)

    library = load_library(generated.root, check_engines=True)

    assert len(library) == 50
    assert sum(len(concept.prerequisites) for concept in library) == generated.edges
    assert generated.sample_term_zh in {concept.term.zh for concept in library}
    longest = max(len(nx.ancestors(library.graph, node)) for node in library.graph)
    assert len(nx.ancestors(library.graph, generated.deepest_id)) == longest
    assert generated.deepest_path_length == longest + 1
    assert generated.sample_file.is_file()


def test_generation_is_deterministic(tmp_path):
    first = generate_library(tmp_path / "first", 50, seed=3)
    second = generate_library(tmp_path / "second", 50, seed=3)

    first_files = sorted(p.relative_to(first.root) for p in first.root.rglob("*.yaml"))
    second_files = sorted(p.relative_to(second.root) for p in second.root.rglob("*.yaml"))
    assert first_files == second_files
    assert all(
        (first.root / name).read_bytes() == (second.root / name).read_bytes()
        for name in first_files
    )


def test_the_workload_simulation_runs_and_the_cap_holds():
    """A short run of the simulated learner (the figures are the benchmark's, not a test's)."""
    from benchmarks.workload import bundled_library, simulate, workload_table

    library = bundled_library()
    capped = simulate(library, max_reviews=2, days=4)
    assert [day.day for day in capped.days] == [1, 2, 3, 4]
    assert all(day.new_concepts == 3 for day in capped.days)  # never starved on a short run
    assert capped.starved == 0 and capped.concepts == 12
    assert simulate(library, max_reviews=2, days=4) == capped  # a fixed seed: reproducible
    assert "| 2 |" in workload_table([capped])


def test_deep_library_is_valid_and_deep(tmp_path):
    generated = generate_library(tmp_path / "deep", 300, shape="deep")

    library = load_library(generated.root, check_engines=True)

    assert len(library) == 300
    assert sum(len(concept.prerequisites) for concept in library) == generated.edges
    ancestors = len(nx.ancestors(library.graph, generated.deepest_id))
    assert generated.deepest_path_length == ancestors + 1
    # a late concept has most of the library behind it, not tens of concepts
    assert ancestors > 150
