"""Demos of engine.initialization: the Xavier bound, and the variance it keeps."""

from __future__ import annotations

import numpy as np

from engine import initialization
from engine.demos import Step


def xavier_uniform_bound(rng: np.random.Generator) -> list[Step]:
    """The bound for one layer, and a sampled weight matrix whose variance matches."""
    fan_in, fan_out = (int(v) for v in rng.choice([64, 128, 256], size=2))
    bound = initialization.xavier_uniform_bound(fan_in, fan_out)
    weights = initialization.xavier_uniform((fan_out, fan_in), rng)
    return [
        Step("fan_in, fan_out", "fan_in，fan_out", [fan_in, fan_out]),
        Step("a = √(6 / (fan_in + fan_out))", "a = √(6 / (fan_in + fan_out))", bound),
        Step(
            "Target variance 2 / (fan_in + fan_out) = a² / 3",
            "目标方差 2 / (fan_in + fan_out) = a² / 3",
            2 / (fan_in + fan_out),
        ),
        Step(
            "Variance of a sampled U(−a, a) weight matrix: close to it",
            "抽样得到的 U(−a, a) 权重矩阵的方差：与之接近",
            float(weights.var()),
        ),
    ]
