"""Demos of engine.schedules: linear warmup and cosine annealing, at a few steps."""

from __future__ import annotations

import numpy as np

from engine import schedules
from engine.demos import Step


def warmup_lr(rng: np.random.Generator) -> list[Step]:
    """The rate climbing linearly over the warmup, then flat."""
    base_lr = float(rng.choice([0.1, 0.4]))  # large-batch SGD (Goyal et al. 2017)
    warmup = 1000
    checkpoints = [0, 250, 500, 1000, 2000]
    return [
        Step(
            f"base_lr = {base_lr}, warmup_steps = {warmup}",
            f"base_lr = {base_lr}，warmup_steps = {warmup}",
            [base_lr, warmup],
        ),
        Step("Steps t", "步数 t", checkpoints),
        Step(
            "lr = base_lr · min(t, warmup_steps) / warmup_steps",
            "lr = base_lr · min(t, warmup_steps) / warmup_steps",
            np.round([schedules.warmup_lr(t, base_lr, warmup) for t in checkpoints], 8),
        ),
    ]


def cosine_lr(rng: np.random.Generator) -> list[Step]:
    """The cosine from base_lr to min_lr, against a straight line."""
    base_lr, total = 0.1, 100
    min_lr = float(rng.choice([0.0, 0.01]))
    checkpoints = [0, 25, 50, 75, 100]
    return [
        Step(
            f"base_lr = {base_lr}, min_lr = {min_lr}, T = {total}",
            f"base_lr = {base_lr}，min_lr = {min_lr}，T = {total}",
            [base_lr, min_lr, total],
        ),
        Step("Steps t", "步数 t", checkpoints),
        Step(
            "lr = min_lr + (base_lr − min_lr)(1 + cos(π t / T)) / 2",
            "lr = min_lr + (base_lr − min_lr)(1 + cos(π t / T)) / 2",
            np.round([schedules.cosine_lr(t, base_lr, total, min_lr) for t in checkpoints], 6),
        ),
        Step(
            "A straight line from base_lr to min_lr, for comparison: the cosine decays more "
            "slowly at the start and the end",
            "从 base_lr 到 min_lr 的直线作对比：余弦在开头和结尾衰减得更慢",
            np.round([base_lr - (base_lr - min_lr) * t / total for t in checkpoints], 6),
        ),
    ]
