"""Demo of engine.information: label smoothing, the smoothed targets and their loss."""

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
