"""Independent recomputation of the EMA templates' answers (plain Python, unrolled sums)."""

from __future__ import annotations


def ema_bias_corrected(params):
    """m̂ₜ = Σ_s (1 − β)·β^(t − s)·u_s / (1 − βᵗ), the unrolled form."""
    beta, values = params["beta"], params["values"]
    t = len(values)
    total = sum((1 - beta) * beta ** (t - s) * u for s, u in enumerate(values, start=1))
    return total / (1 - beta**t)


def ema_weight_of_an_old_value(params):
    """Run the recursion on u = 1 at step t − k and 0 afterwards."""
    beta, m = params["beta"], 0.0
    for u in [1.0] + [0.0] * params["k"]:
        m = beta * m + (1 - beta) * u
    return m


INDEPENDENT = {
    "ema-bias-corrected": ema_bias_corrected,
    "ema-weight-of-an-old-value": ema_weight_of_an_old_value,
}


def test_card_example():
    assert round(ema_bias_corrected({"beta": 0.9, "values": [10, 12, 11]}), 2) == 11.03
    assert round(ema_weight_of_an_old_value({"beta": 0.9, "k": 2}), 3) == 0.081
