"""Independent recomputation of the GELU templates' answers (plain Python)."""

from __future__ import annotations

import math


def gelu_from_normal_cdf(params):
    """z·Φ(z) with Φ(z) = (1 + erf(z/√2)) / 2."""
    z = params["z"]
    return z * (1 + math.erf(z / math.sqrt(2))) / 2


def gelu_tanh_approximation(params):
    z = params["z"]
    u = math.sqrt(2 / math.pi) * (z + 0.044715 * z**3)
    return z / 2 * (1 + (math.exp(2 * u) - 1) / (math.exp(2 * u) + 1))


INDEPENDENT = {
    "gelu-from-normal-cdf": gelu_from_normal_cdf,
    "gelu-tanh-approximation": gelu_tanh_approximation,
}


def test_card_example_at_one():
    assert round(gelu_from_normal_cdf({"z": 1.0}), 3) == 0.841
    assert round(gelu_tanh_approximation({"z": 1.0}), 3) == 0.841
