"""Independent recomputation of the initialization templates' answers (plain Python)."""

from __future__ import annotations

import math


def xavier_uniform_bound(params):
    return (6 / (params["fan_in"] + params["fan_out"])) ** 0.5


def he_normal_std(params):
    return math.sqrt(2) / math.sqrt(params["c_in"] * params["k"] ** 2)


def xavier_uniform_bound_conv(params):
    area = params["k"] ** 2
    return math.sqrt(6 / (params["c_in"] * area + params["c_out"] * area))


INDEPENDENT = {
    "xavier-uniform-bound": xavier_uniform_bound,
    "he-normal-std": he_normal_std,
    "xavier-uniform-bound-conv": xavier_uniform_bound_conv,
}


def test_equal_fans_of_three_give_bound_one():
    assert xavier_uniform_bound({"fan_in": 3, "fan_out": 3}) == 1.0
