"""Independent recomputation of the engine.normalization templates' answers (plain Python)."""

from __future__ import annotations

import math


def _mean(values):
    return sum(values) / len(values)


def batch_norm_train_output(params):
    x = params["x"]
    mean = _mean(x)
    var = sum((v - mean) ** 2 for v in x) / len(x)
    x_hat = (x[params["index"]] - mean) / math.sqrt(var + params["eps"])
    return params["gamma"] * x_hat + params["beta"]


def batch_norm_eval_output(params):
    x = params["x"][params["index"]]
    x_hat = (x - params["running_mean"]) / math.sqrt(params["running_var"] + params["eps"])
    return params["gamma"] * x_hat + params["beta"]


def batch_norm_running_mean(params):
    return (1 - params["momentum"]) * params["old"] + params["momentum"] * _mean(params["x"])


INDEPENDENT = {
    "batch-norm-train-output": batch_norm_train_output,
    "batch-norm-eval-output": batch_norm_eval_output,
    "batch-norm-running-mean": batch_norm_running_mean,
}


def test_train_output_textbook_case():
    """x = [1, 3]: mean 2, variance 1, so the values normalize to −1 and 1."""
    params = {"x": [1.0, 3.0], "gamma": 1.0, "beta": 0.0, "index": 1, "eps": 0.0}
    assert batch_norm_train_output(params) == 1.0
