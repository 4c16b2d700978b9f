"""Independent recomputation of the sigmoid and tanh templates' answers (plain Python)."""

from __future__ import annotations

import math


def _sigmoid(u):
    return 1 / (1 + math.exp(-u))


def sigmoid_unit_weight_gradient(params):
    u = params["w"] * params["x"] + params["b"]
    return _sigmoid(u) * (1 - _sigmoid(u)) * params["x"]


def bce_gradient_wrt_logit(params):
    """y = 1: L = ln(1 + e^−z), L' = −e^−z / (1 + e^−z).

    y = 0: L = ln(1 + e^z), L' = e^z / (1 + e^z).
    """
    z = params["z"]
    if params["y"] == 1:
        return -math.exp(-z) / (1 + math.exp(-z))
    return math.exp(z) / (1 + math.exp(z))


def tanh_unit_weight_gradient(params):
    u = params["w"] * params["x"] + params["b"]
    t = (math.exp(u) - math.exp(-u)) / (math.exp(u) + math.exp(-u))
    return (1 - t * t) * params["x"]


def tanh_recurrent_step(params):
    u = params["w_x"] * params["x"] + params["w_h"] * params["h"] + params["b"]
    return 2 * _sigmoid(2 * u) - 1


INDEPENDENT = {
    "sigmoid-unit-weight-gradient": sigmoid_unit_weight_gradient,
    "bce-gradient-wrt-logit": bce_gradient_wrt_logit,
    "tanh-unit-weight-gradient": tanh_unit_weight_gradient,
    "tanh-recurrent-step": tanh_recurrent_step,
}


def test_sigmoid_slope_at_zero_is_a_quarter():
    assert sigmoid_unit_weight_gradient({"w": 0.0, "x": 1.0, "b": 0.0}) == 0.25
