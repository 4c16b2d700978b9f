"""Demo of engine.normalization: batch normalization in training and in evaluation."""

from __future__ import annotations

import numpy as np

from engine import normalization
from engine.demos import Step


def batch_norm(rng: np.random.Generator) -> list[Step]:
    """A batch of 4 examples with 2 channels: statistics per channel, then eval mode."""
    x = rng.integers(-3, 6, size=(4, 2)).astype(float)  # (N, C)
    gamma, beta = np.array([1.0, 2.0]), np.array([0.0, 0.5])
    running_mean, running_var = np.zeros(2), np.ones(2)
    y, new_mean, new_var = normalization.batch_norm(
        x, gamma, beta, running_mean, running_var, training=True, momentum=0.1
    )
    mean, var = x.mean(axis=0), x.var(axis=0)  # per channel, biased variance
    y_eval, _, _ = normalization.batch_norm(x, gamma, beta, new_mean, new_var, training=False)
    return [
        Step("Batch x: 4 examples (rows) x 2 channels", "批量 x：4 个样本（行）x 2 个通道", x),
        Step("Scale γ and shift β per channel", "每个通道的缩放 γ 与平移 β", [gamma, beta]),
        Step("Batch mean μ per channel", "每个通道的批量均值 μ", mean),
        Step(
            "Batch variance σ² per channel (divided by m)", "每个通道的批量方差 σ²（除以 m）", var
        ),
        Step(
            "Normalized x̂ = (x − μ) / √(σ² + ε): each column has mean 0, variance 1",
            "归一化 x̂ = (x − μ) / √(σ² + ε)：每列均值为 0、方差为 1",
            (x - mean) / np.sqrt(var + 1e-5),
        ),
        Step("Training output y = γ·x̂ + β", "训练模式输出 y = γ·x̂ + β", y),
        Step(
            "Running mean ← 0.9·running mean + 0.1·μ",
            "滑动均值 ← 0.9·滑动均值 + 0.1·μ",
            new_mean,
        ),
        Step(
            "Running variance ← 0.9·running var + 0.1·σ²·m/(m − 1) (unbiased)",
            "滑动方差 ← 0.9·滑动方差 + 0.1·σ²·m/(m − 1)（无偏）",
            new_var,
        ),
        Step(
            "Evaluation output: the same batch normalized with the running statistics",
            "评估模式输出：同一批数据改用滑动统计量归一化",
            y_eval,
        ),
    ]
