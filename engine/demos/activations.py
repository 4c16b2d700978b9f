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


def sigmoid(rng: np.random.Generator) -> list[Step]:
    """The sigmoid and its slope σ(1 − σ): largest at 0, vanishing in the tails."""
    z = np.array([-5.0, -2.0, 0.0, 2.0, float(rng.choice([3.0, 5.0]))])
    s = activations.sigmoid(z)
    return [
        Step("Inputs z", "输入 z", z),
        Step("σ(z) = 1 / (1 + e^(−z))", "σ(z) = 1 / (1 + e^(−z))", s),
        Step(
            "Slope σ'(z) = σ(z)(1 − σ(z)): at most 0.25, tiny in the tails",
            "斜率 σ'(z) = σ(z)(1 − σ(z))：最大 0.25，两端极小",
            s * (1 - s),
        ),
    ]


def tanh(rng: np.random.Generator) -> list[Step]:
    """tanh, the identity tanh(z) = 2σ(2z) − 1, and its slope 1 − tanh²."""
    z = np.array([-2.0, -1.0, 0.0, 1.0, float(rng.choice([2.0, 3.0]))])
    t = activations.tanh(z)
    return [
        Step("Inputs z", "输入 z", z),
        Step("tanh(z), zero-centred in (−1, 1)", "tanh(z)，以 0 为中心，取值 (−1, 1)", t),
        Step(
            "2σ(2z) − 1: the same values",
            "2σ(2z) − 1：数值相同",
            2 * activations.sigmoid(2 * z) - 1,
        ),
        Step(
            "Slope 1 − tanh²(z): 1 at 0, four times the sigmoid's",
            "斜率 1 − tanh²(z)：在 0 处为 1，是 sigmoid 的四倍",
            1 - t**2,
        ),
    ]
