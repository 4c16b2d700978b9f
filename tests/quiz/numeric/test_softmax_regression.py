"""Independent recomputation of the softmax-regression templates' answers (plain Python)."""

from __future__ import annotations

import math


def _probabilities(params):
    x, W, b = params["x"], params["W"], params["b"]
    z = [
        sum(w * v for w, v in zip(row, x, strict=True)) + bias
        for row, bias in zip(W, b, strict=True)
    ]
    e = [math.exp(v) for v in z]
    return [v / sum(e) for v in e]


def softmax_regression_logit_gradient(params):
    """∂(−ln ŷ_y)/∂z_k by the quotient rule: ŷ_k − [k = y]."""
    return [p - (k == params["y"]) for k, p in enumerate(_probabilities(params))]


def softmax_regression_weight_step(params):
    k, j, y = params["k"], params["j"], params["y"]
    p = _probabilities(params)[k]
    return params["W"][k][j] - params["lr"] * (p - (k == y)) * params["x"][j]


INDEPENDENT = {
    "softmax-regression-logit-gradient": softmax_regression_logit_gradient,
    "softmax-regression-weight-step": softmax_regression_weight_step,
}


def test_card_example():
    params = {"x": [1, 2], "W": [[1, 0.5], [0, 0.5], [-1, 0.5]], "b": [0, 0, 0], "y": 1}
    assert [round(v, 3) for v in softmax_regression_logit_gradient(params)] == [0.665, -0.755, 0.09]
