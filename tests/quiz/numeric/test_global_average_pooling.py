"""Independent recomputation of the global-average-pooling templates' answers."""

from __future__ import annotations


def global_average_pooling_value(params):
    rows = params["x"][params["c"]]
    values = [v for row in rows for v in row]
    return sum(values) / len(values)


def global_average_pooling_head_parameters(params):
    """Count nn.Linear(c, classes): a weight per (input, output) pair and a bias per output."""
    weights = sum(1 for _ in range(params["c"]) for _ in range(params["classes"]))
    return weights + params["classes"]


INDEPENDENT = {
    "global-average-pooling-value": global_average_pooling_value,
    "global-average-pooling-head-parameters": global_average_pooling_head_parameters,
}


def test_card_example():
    assert global_average_pooling_head_parameters({"c": 512, "side": 7, "classes": 1000}) == 513_000
    assert global_average_pooling_value({"x": [[[1, 2], [3, 6]]], "c": 0}) == 3
