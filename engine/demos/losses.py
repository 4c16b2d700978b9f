"""Demos of engine.losses: mean squared error, softmax, and the cross-entropies."""

from __future__ import annotations

import numpy as np

from engine import losses
from engine.demos import Step


def mse(rng: np.random.Generator) -> list[Step]:
    """Mean squared error of three predictions."""
    pred = np.round(rng.uniform(0, 3, size=3), 1)
    target = np.round(rng.uniform(0, 3, size=3), 1)
    errors = pred - target  # (3,)
    return [
        Step("Predictions ŷ", "预测值 ŷ", pred),
        Step("Targets y", "目标值 y", target),
        Step("Errors ŷ − y", "误差 ŷ − y", errors),
        Step("Squared errors (ŷ − y)²", "误差的平方 (ŷ − y)²", errors**2),
        Step(
            "MSE = mean of the squared errors",
            "均方误差 MSE = 误差平方的平均值",
            losses.mse(pred, target),
        ),
    ]


def softmax(rng: np.random.Generator) -> list[Step]:
    """Softmax of three logits, and its invariance to a shift."""
    logits = np.round(rng.uniform(-2, 3, size=3), 1)
    shifted = logits - logits.max()
    probs = losses.softmax(logits)
    return [
        Step("Logits z", "logits z", logits),
        Step(
            "Subtract the max: z − max(z) ≤ 0, so exp never overflows",
            "减去最大值：z − max(z) ≤ 0，exp 不会溢出",
            shifted,
        ),
        Step(
            "softmax(z) = exp(z − max) / sum of exp(z − max)",
            "softmax(z) = exp(z − max) / Σ exp(z − max)",
            probs,
        ),
        Step("The probabilities sum to 1", "概率之和为 1", float(probs.sum())),
        Step(
            "softmax(z + 100) is the same: only differences between logits matter",
            "softmax(z + 100) 不变：只有 logits 之间的差有影响",
            losses.softmax(logits + 100),
        ),
    ]


def cross_entropy(rng: np.random.Generator) -> list[Step]:
    """Cross-entropy of a batch of two examples over three classes."""
    logits = np.round(rng.uniform(-2, 3, size=(2, 3)), 1)  # (N, C)
    target = rng.integers(0, 3, size=2)  # (N,)
    shifted = logits - logits.max(axis=1, keepdims=True)  # (N, C)
    log_probs = losses.log_softmax(logits, axis=1)  # (N, C)
    picked = log_probs[np.arange(2), target]  # (N,)
    return [
        Step(
            "Logits z, one row per example (N = 2, C = 3)",
            "logits z，每行一个样本（N = 2，C = 3）",
            logits,
        ),
        Step("Target classes y", "目标类别 y", target),
        Step(
            "Max-shifted logits z − max(z) per row (same softmax, no overflow)",
            "每行减去最大值 z − max(z)（softmax 不变，不会溢出）",
            shifted,
        ),
        Step(
            "log_softmax(z) = (z − max) − log Σ exp(z − max)",
            "log_softmax(z) = (z − max) − log Σ exp(z − max)",
            log_probs,
        ),
        Step(
            "Log-probability of each target class, log p(y | z)",
            "每个目标类别的对数概率 log p(y | z)",
            picked,
        ),
        Step(
            "Loss = −mean of those log-probabilities (natural log)",
            "损失 = 这些对数概率的平均值取负（自然对数）",
            losses.cross_entropy(logits, target),
        ),
    ]


def binary_cross_entropy(rng: np.random.Generator) -> list[Step]:
    """Binary cross-entropy of three predicted probabilities."""
    p = np.round(rng.uniform(0.05, 0.95, size=3), 2)
    y = rng.integers(0, 2, size=3).astype(float)
    per_example = [losses.binary_cross_entropy(p[i : i + 1], y[i : i + 1]) for i in range(3)]
    return [
        Step("Predicted probabilities p = P(y = 1)", "预测概率 p = P(y = 1)", p),
        Step("Labels y", "标签 y", y),
        Step(
            "Probability given to the true label: p if y = 1, else 1 − p",
            "赋予真实标签的概率：y = 1 时为 p，否则为 1 − p",
            np.where(y == 1, p, 1 - p),
        ),
        Step(
            "Per-example loss −[y log p + (1 − y) log(1 − p)]",
            "每个样本的损失 −[y log p + (1 − y) log(1 − p)]",
            per_example,
        ),
        Step(
            "BCE = mean over the examples",
            "二元交叉熵 = 对样本取平均",
            losses.binary_cross_entropy(p, y),
        ),
    ]
