"""Demos of engine.information: entropy, KL divergence, and label smoothing."""

from __future__ import annotations

import numpy as np

from engine import information
from engine.demos import Step
from engine.losses import cross_entropy


def label_smoothing_targets(rng: np.random.Generator) -> list[Step]:
    """Smoothed targets for 4 classes, and the cross-entropy with and without them."""
    classes, epsilon = 4, 0.1
    target = int(rng.integers(classes))
    logits = np.round(rng.uniform(-2, 2, size=classes), 1) + 0.0
    logits[target] = 4.0  # a confident, correct prediction
    one_hot = np.eye(classes)[target]
    smoothed = information.label_smoothing_targets(classes, target, epsilon)
    return [
        Step(
            f"True class y (of {classes}), ε = {epsilon}",
            f"真实类别 y（共 {classes} 类），ε = {epsilon}",
            target,
        ),
        Step("One-hot target", "独热目标", one_hot),
        Step(
            "Smoothed target t = (1 − ε)·one-hot + ε/K",
            "平滑后的目标 t = (1 − ε)·独热 + ε/K",
            smoothed,
        ),
        Step("Logits z (confident in the true class)", "logits z（对真实类别很自信）", logits),
        Step(
            "Plain cross-entropy −log softmax(z)_y",
            "普通交叉熵 −log softmax(z)_y",
            cross_entropy(logits, target),
        ),
        Step(
            "Smoothed cross-entropy −Σ t_k log softmax(z)_k: the wrong classes still cost",
            "平滑交叉熵 −Σ t_k log softmax(z)_k：错误类别仍有代价",
            information.smoothed_cross_entropy(logits, target, epsilon),
        ),
    ]


def entropy(rng: np.random.Generator) -> list[Step]:
    """The entropy of a peaked, a flatter and the uniform distribution over 4 classes."""
    peak = float(rng.choice([0.7, 0.85, 0.97]))
    peaked = np.array([peak, *([(1 - peak) / 3] * 3)])
    flatter = np.array([0.4, 0.3, 0.2, 0.1])
    uniform = np.full(4, 0.25)
    return [
        Step("A peaked distribution p", "一个集中的分布 p", peaked),
        Step(
            "H(p) = −Σ p_i ln p_i (nats)",
            "H(p) = −Σ p_i ln p_i（奈特）",
            information.entropy(peaked),
        ),
        Step("A flatter distribution", "一个更平坦的分布", flatter),
        Step("Its entropy: higher", "它的熵：更大", information.entropy(flatter)),
        Step(
            "The uniform distribution has the largest entropy, ln 4",
            "均匀分布的熵最大，为 ln 4",
            information.entropy(uniform),
        ),
    ]


def kl_divergence(rng: np.random.Generator) -> list[Step]:
    """KL(p‖q) as cross-entropy minus entropy, and its asymmetry."""
    p = np.array([0.5, 0.3, 0.2])
    q = np.array([0.25, 0.25, 0.5]) if rng.integers(2) else np.array([0.6, 0.2, 0.2])
    cross = float(-np.sum(p * np.log(q)))
    return [
        Step("Data distribution p", "数据分布 p", p),
        Step("Model distribution q", "模型分布 q", q),
        Step("Cross-entropy H(p, q) = −Σ p_i ln q_i", "交叉熵 H(p, q) = −Σ p_i ln q_i", cross),
        Step("Entropy H(p)", "熵 H(p)", information.entropy(p)),
        Step(
            "KL(p‖q) = Σ p_i ln(p_i / q_i) = H(p, q) − H(p)",
            "KL(p‖q) = Σ p_i ln(p_i / q_i) = H(p, q) − H(p)",
            information.kl_divergence(p, q),
        ),
        Step(
            "KL(q‖p): in general a different number (KL is not symmetric)",
            "KL(q‖p)：一般是另一个数（KL 散度不对称）",
            information.kl_divergence(q, p),
        ),
    ]
