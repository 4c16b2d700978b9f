"""Demos of engine.activations."""

from __future__ import annotations

import numpy as np

from engine import activations
from engine.demos import Step


def relu(rng: np.random.Generator) -> list[Step]:
    """ReLU on four numbers, and where its gradient flows."""
    x = np.round(rng.uniform(-2, 2, size=4), 1)
    return [
        Step("Inputs x", "输入 x", x),
        Step(
            "relu(x) = max(x, 0): negatives become 0",
            "relu(x) = max(x, 0)：负数变为 0",
            activations.relu(x),
        ),
        Step(
            "Its derivative: 1 where x > 0, else 0 (no gradient through the zeros)",
            "导数：x > 0 处为 1，否则为 0（被置零的位置没有梯度）",
            (x > 0).astype(float),
        ),
    ]
