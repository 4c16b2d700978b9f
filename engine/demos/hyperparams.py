"""Demos of engine.hyperparams: epochs in steps, grid search and random search.

The searches score a made-up validation accuracy that peaks at lr = 0.01 and batch
size 64, plus a little noise, as real runs have.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import Any

import numpy as np

from engine import hyperparams
from engine.demos import Step


def steps_per_epoch(rng: np.random.Generator) -> list[Step]:
    """Batches per epoch, with and without the last, smaller batch."""
    n = int(rng.integers(100, 1000))
    batch_size = int(rng.choice([16, 32, 64]))
    return [
        Step("Training examples n", "训练样本数 n", n),
        Step("Batch size", "批大小", batch_size),
        Step(
            "Steps per epoch = ceil(n / batch size)",
            "每轮步数 = ceil(n / 批大小)",
            hyperparams.steps_per_epoch(n, batch_size),
        ),
        Step(
            "Examples in the last, smaller batch",
            "最后一个不满的批次中的样本数",
            n % batch_size,
        ),
        Step(
            "With drop_last=True that batch is skipped: floor(n / batch size)",
            "drop_last=True 时跳过该批次：floor(n / 批大小)",
            hyperparams.steps_per_epoch(n, batch_size, drop_last=True),
        ),
    ]


def grid_search(rng: np.random.Generator) -> list[Step]:
    """Every combination of three learning rates and two batch sizes."""
    grid: dict[str, list[float]] = {"lr": [0.001, 0.01, 0.1], "batch_size": [32, 64]}
    score_fn, trials = _recorded(_validation_accuracy(rng))
    best, score = hyperparams.grid_search(score_fn, grid)
    return [
        Step("The grid: every combination is tried", "网格：尝试每一种组合", str(grid)),
        Step("Each trial and its validation accuracy", "每次试验及其验证准确率", trials),
        Step("Best configuration", "最佳配置", str(best)),
        Step("Its validation accuracy", "其验证准确率", score),
    ]


def random_search(rng: np.random.Generator) -> list[Step]:
    """Five random configurations: lr log-uniform in [1e-4, 1e-1], batch size a choice."""
    space: dict[str, Any] = {
        "lr": lambda r: round(10 ** r.uniform(-4, -1), 4),
        "batch_size": [32, 64, 128],
    }
    score_fn, trials = _recorded(_validation_accuracy(rng))
    best, score = hyperparams.random_search(score_fn, space, 5, rng)
    return [
        Step(
            "The space: lr = 10^u with u uniform in [−4, −1]; batch size from [32, 64, 128]",
            "搜索空间：lr = 10^u，u 在 [−4, −1] 上均匀；批大小取自 [32, 64, 128]",
            "lr ~ log-uniform(1e-4, 1e-1), batch_size ∈ {32, 64, 128}",
        ),
        Step(
            "Each of 5 random trials: every one tries a new lr",
            "5 次随机试验：每次都尝试一个新的 lr",
            trials,
        ),
        Step("Best configuration", "最佳配置", str(best)),
        Step("Its validation accuracy", "其验证准确率", score),
    ]


def _validation_accuracy(rng: np.random.Generator) -> Callable[[dict], float]:
    """A made-up accuracy, best at lr = 0.01 and batch size 64, with a little noise."""

    def accuracy(config: dict) -> float:
        lr_miss = (math.log10(config["lr"]) + 2) ** 2
        batch_miss = abs(math.log2(config["batch_size"] / 64))
        return round(0.9 - 0.05 * lr_miss - 0.02 * batch_miss + rng.normal(0, 0.005), 3)

    return accuracy


def _recorded(score_fn: Callable[[dict], float]) -> tuple[Callable[[dict], float], list[str]]:
    """score_fn, and a list that receives one line per call."""
    trials: list[str] = []

    def recording(config: dict) -> float:
        score = score_fn(config)
        trials.append(f"{config} → {score}")
        return score

    return recording, trials
