"""Demos of engine.moving_average."""

from __future__ import annotations

import numpy as np

from engine import moving_average
from engine.demos import Step


def ema(rng: np.random.Generator) -> list[Step]:
    """An EMA from m₀ = 0 lagging far below its data, and the bias correction fixing it."""
    beta = 0.9
    values = np.round(10 + rng.uniform(-2, 2, size=5), 1)
    averages = moving_average.ema(values, beta)
    return [
        Step("Observations u₁ … u₅", "观测值 u₁ … u₅", values),
        Step("Decay rate β", "衰减率 β", beta),
        Step(
            "mₜ = β·mₜ₋₁ + (1 − β)·uₜ from m₀ = 0: far below the data at first",
            "从 m₀ = 0 开始 mₜ = β·mₜ₋₁ + (1 − β)·uₜ：起初远低于数据",
            averages,
        ),
        Step(
            "1 − βᵗ, the total weight mₜ gives the data",
            "1 − βᵗ：mₜ 给数据的总权重",
            1 - beta ** np.arange(1, 6),
        ),
        Step(
            "Bias-corrected m̂ₜ = mₜ / (1 − βᵗ): on the scale of the data from the start",
            "偏差修正 m̂ₜ = mₜ / (1 − βᵗ)：从一开始就与数据同一量级",
            moving_average.bias_corrected(averages, beta),
        ),
        Step(
            "Weights (1 − β)·βᵏ of u₁ … u₅ in m₅: older values count less",
            "m₅ 中 u₁ … u₅ 的权重 (1 − β)·βᵏ：越旧的值权重越小",
            moving_average.ema_weights(beta, 5),
        ),
    ]
