"""Independent recomputation of the engine.hyperparams templates' answers (plain Python)."""

from __future__ import annotations

import math

from quiz.numeric import load_templates


def training_steps(params):
    return params["epochs"] * math.ceil(params["n"] / params["batch_size"])


def steps_per_epoch_drop_last(params):
    return (params["n"] - params["held_out"]) // params["batch_size"]


def grid_search_cost(params):
    return math.prod(len(values) for values in params["grid"].values()) * params["seeds"]


def cells(params):
    """Every (row value, column value, score) of the params' table."""
    return [
        (row, column, score)
        for row, scores in zip(params["row_values"], params["scores"], strict=True)
        for column, score in zip(params["column_values"], scores, strict=True)
    ]


def score_of(params, row, column):
    return next(s for r, c, s in cells(params) if (r, c) == (row, column))


def grid_search_best(params):
    row, column, _ = min(cells(params), key=lambda cell: cell[2])
    return [row, column]


def random_search_best(params):
    return max(params["drawn"], key=lambda pair: score_of(params, *pair))


def random_search_best_loss(params):
    return min(score_of(params, *pair) for pair in params["drawn"])


INDEPENDENT = {
    "training-steps": training_steps,
    "steps-per-epoch-drop-last": steps_per_epoch_drop_last,
    "grid-search-cost": grid_search_cost,
    "grid-search-best": grid_search_best,
    "random-search-best": random_search_best,
    "random-search-best-loss": random_search_best_loss,
}


def test_cifar10_textbook_case():
    """CIFAR-10: 50,000 images in batches of 128 give 391 steps, or 390 with drop_last."""
    assert training_steps({"n": 50_000, "batch_size": 128, "epochs": 1}) == 391
    assert steps_per_epoch_drop_last({"n": 50_000, "held_out": 0, "batch_size": 128}) == 390


def test_random_search_draws_come_from_the_table():
    """The listed trials are configurations of the table, so the learner can look them up."""
    template = load_templates()["random-search-best"]
    for seed in range(20):
        params = template.generate(seed).params
        for row, column in params["drawn"]:
            assert row in params["row_values"] and column in params["column_values"]


def test_random_search_never_draws_a_configuration_twice():
    templates = load_templates()
    for template_id in ("random-search-best", "random-search-best-loss"):
        for seed in range(100):
            drawn = [tuple(pair) for pair in templates[template_id].generate(seed).params["drawn"]]
            assert len(set(drawn)) == len(drawn), (template_id, seed)
