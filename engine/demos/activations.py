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


def gelu(rng: np.random.Generator) -> list[Step]:
    """GELU z·Φ(z) next to ReLU, and the tanh approximation beside the exact form."""
    z = np.array([-3.0, -1.0, -0.75, 0.0, 1.0, float(rng.choice([2.0, 3.0]))])
    return [
        Step("Inputs z", "输入 z", z),
        Step(
            "Φ(z): the probability that a standard normal variable is at most z",
            "Φ(z)：标准正态随机变量不大于 z 的概率",
            activations.normal_cdf(z),
        ),
        Step(
            "GELU(z) = z·Φ(z): each input weighted by Φ(z) (lowest about −0.17 near z = −0.75)",
            "GELU(z) = z·Φ(z)：每个输入按 Φ(z) 加权（最小约 −0.17，在 z = −0.75 附近）",
            activations.gelu(z),
        ),
        Step(
            "ReLU for comparison: max(z, 0) gates by sign",
            "对比 ReLU：max(z, 0) 按符号决定通过与否",
            activations.relu(z),
        ),
        Step(
            "The tanh approximation (z/2)(1 + tanh(√(2/π)(z + 0.044715z³))): almost the same",
            "tanh 近似式 (z/2)(1 + tanh(√(2/π)(z + 0.044715z³)))：几乎相同",
            activations.gelu(z, approximate="tanh"),
        ),
        Step(
            "Slope Φ(z) + z·φ(z): 0.5 at 0, slightly above 1 near z = 1",
            "斜率 Φ(z) + z·φ(z)：在 0 处为 0.5，在 z = 1 附近略大于 1",
            activations.gelu_derivative(z),
        ),
    ]
