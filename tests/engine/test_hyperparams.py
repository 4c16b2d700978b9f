"""engine.hyperparams: epoch arithmetic against DataLoader, and the two searches."""

from __future__ import annotations

import numpy as np
import pytest

from engine import hyperparams
from engine.demos import Step
from engine.demos import hyperparams as demos


def test_steps_per_epoch_textbook_cases():
    assert hyperparams.steps_per_epoch(50_000, 128) == 391
    assert hyperparams.steps_per_epoch(50_000, 128, drop_last=True) == 390
    assert hyperparams.steps_per_epoch(60_000, 100) == 600
    assert hyperparams.steps_per_epoch(60_000, 100, drop_last=True) == 600
    assert hyperparams.steps_per_epoch(0, 32) == 0
    assert hyperparams.steps_per_epoch(5, 32, drop_last=True) == 0
    assert type(hyperparams.steps_per_epoch(np.int64(10), np.int64(3))) is int


def test_grid_search_tries_every_combination_in_order():
    calls = []

    def score(config):
        calls.append(config)
        return config["a"] * 10 + config["b"]

    best, best_score = hyperparams.grid_search(score, {"a": [1, 2], "b": [0, 5, 3]})
    assert calls == [{"a": a, "b": b} for a in (1, 2) for b in (0, 5, 3)]
    assert (best, best_score) == ({"a": 2, "b": 5}, 25.0)


def test_grid_search_minimize_and_ties_keep_the_first():
    grid = {"lr": [0.1, 0.01, 0.001]}
    assert hyperparams.grid_search(lambda c: c["lr"], grid, maximize=False) == (
        {"lr": 0.001},
        0.001,
    )
    assert hyperparams.grid_search(lambda c: 1.0, grid) == ({"lr": 0.1}, 1.0)


def test_random_search_draws_from_choices_and_samplers():
    calls = []

    def score(config):
        calls.append(config)
        return -abs(config["lr"] - 0.01)

    space = {"lr": lambda rng: 10 ** rng.uniform(-4, -1), "layers": (1, 2, 3)}
    best, best_score = hyperparams.random_search(score, space, 30, np.random.default_rng(0))
    assert len(calls) == 30
    assert all(1e-4 <= c["lr"] <= 1e-1 and c["layers"] in (1, 2, 3) for c in calls)
    assert {c["layers"] for c in calls} == {1, 2, 3}
    assert best in calls
    assert best_score == max(-abs(c["lr"] - 0.01) for c in calls)


def test_random_search_is_reproducible_from_the_seed():
    space = {"x": lambda rng: rng.uniform(0, 1)}

    def run(seed):
        return hyperparams.random_search(lambda c: c["x"], space, 5, np.random.default_rng(seed))

    assert run(3) == run(3)
    assert run(3) != run(4)


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (lambda: hyperparams.steps_per_epoch(-1, 32), "n must be an integer >= 0"),
        (lambda: hyperparams.steps_per_epoch(10.5, 32), "n must be an integer >= 0"),
        (lambda: hyperparams.steps_per_epoch(100, 0), "batch_size must be an integer > 0"),
        (lambda: hyperparams.steps_per_epoch(100, -4), "batch_size must be an integer > 0"),
        (lambda: hyperparams.steps_per_epoch(100, 2.0), "batch_size must be an integer > 0"),
        (lambda: hyperparams.steps_per_epoch(100, True), "batch_size must be an integer > 0"),
        (lambda: hyperparams.grid_search(lambda c: 0.0, {}), "grid is empty"),
        (lambda: hyperparams.grid_search(lambda c: 0.0, {"lr": []}), "grid\\['lr'\\] is empty"),
        (lambda: hyperparams.grid_search(lambda c: np.nan, {"lr": [1]}), "score_fn returned NaN"),
        (
            lambda: hyperparams.random_search(lambda c: 0.0, {}, 3, np.random.default_rng()),
            "space is empty",
        ),
        (
            lambda: hyperparams.random_search(lambda c: 0.0, {"a": []}, 3, np.random.default_rng()),
            "space\\['a'\\] is an empty sequence",
        ),
        (
            lambda: hyperparams.random_search(
                lambda c: 0.0, {"a": [1]}, 0, np.random.default_rng()
            ),
            "n must be an integer >= 1",
        ),
        (
            lambda: hyperparams.random_search(
                lambda c: 0.0, {"a": [1]}, 2.5, np.random.default_rng()
            ),
            "n must be an integer >= 1",
        ),
    ],
)
def test_bad_input_raises(call, message):
    with pytest.raises(ValueError, match=message):
        call()


@pytest.fixture(scope="module")
def torch():
    return pytest.importorskip("torch", reason="PyTorch not installed (CI installs torch==2.13.0)")


@pytest.mark.parametrize("seed", range(20))
def test_steps_per_epoch_matches_len_of_a_torch_dataloader(torch, seed):
    rng = np.random.default_rng(seed)
    n, batch_size = int(rng.integers(0, 500)), int(rng.integers(1, 64))
    dataset = torch.utils.data.TensorDataset(torch.zeros(n))
    for drop_last in (False, True):
        loader = torch.utils.data.DataLoader(dataset, batch_size=batch_size, drop_last=drop_last)
        assert hyperparams.steps_per_epoch(n, batch_size, drop_last=drop_last) == len(loader)


@pytest.mark.parametrize("name", ["steps_per_epoch", "grid_search", "random_search"])
def test_demo_is_bilingual_and_reproducible(name):
    demo = getattr(demos, name)
    steps = demo(np.random.default_rng(8))
    assert steps and all(isinstance(s, Step) and s.en and s.zh for s in steps)
    assert repr(steps) == repr(demo(np.random.default_rng(8)))


def test_grid_search_demo_shows_six_trials():
    _, trials, _, _ = demos.grid_search(np.random.default_rng(0))
    assert len(trials.value) == 6
