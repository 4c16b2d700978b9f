"""Demos of engine.regularization: penalties, dropout and random crops."""

from __future__ import annotations

import numpy as np

from engine import calculus, regularization
from engine.demos import Step


def l1_penalty(rng: np.random.Generator) -> list[Step]:
    """The L1 penalty of three weights and its gradient."""
    w = np.round(rng.uniform(-2, 2, size=3), 1)
    lam = 0.1
    gradient = calculus.numerical_gradient(lambda v: regularization.l1_penalty(v, lam), w)
    return [
        Step("Weights w", "权重 w", w),
        Step("Penalty strength λ", "惩罚强度 λ", lam),
        Step("L1 penalty λ·Σ|w|", "L1 惩罚 λ·Σ|w|", regularization.l1_penalty(w, lam)),
        Step(
            "Its gradient λ·sign(w): the same pull toward 0 for every weight, big or small",
            "其梯度 λ·sign(w)：无论权重大小，都以相同力度拉向 0",
            gradient,
        ),
    ]


def l2_penalty(rng: np.random.Generator) -> list[Step]:
    """The L2 penalty of three weights and its gradient, weight decay."""
    w = np.round(rng.uniform(-2, 2, size=3), 1)
    lam = 0.1
    gradient = calculus.numerical_gradient(lambda v: regularization.l2_penalty(v, lam), w)
    return [
        Step("Weights w", "权重 w", w),
        Step("Penalty strength λ", "惩罚强度 λ", lam),
        Step("L2 penalty ½·λ·Σw²", "L2 惩罚 ½·λ·Σw²", regularization.l2_penalty(w, lam)),
        Step(
            "Its gradient λ·w: big weights are pulled harder (torch's weight_decay = λ)",
            "其梯度 λ·w：越大的权重被拉得越狠（即 torch 的 weight_decay = λ）",
            gradient,
        ),
    ]


def dropout(rng: np.random.Generator) -> list[Step]:
    """Inverted dropout with p = 0.5 on four activations."""
    x = np.round(rng.uniform(0.5, 2, size=4), 1)
    p = 0.5
    out = regularization.dropout(x, p, rng)
    return [
        Step("Activations x", "激活值 x", x),
        Step("Drop probability p", "丢弃概率 p", p),
        Step(
            "Kept positions (each kept with probability 1 − p)",
            "保留的位置（每个以概率 1 − p 保留）",
            (out != 0).astype(float),
        ),
        Step(
            "Training output: dropped → 0, kept → x / (1 − p), so the mean stays x",
            "训练时输出：丢弃的为 0，保留的为 x / (1 − p)，期望仍为 x",
            out,
        ),
        Step(
            "At test time (training=False): x unchanged",
            "测试时（training=False）：x 不变",
            regularization.dropout(x, p, rng, training=False),
        ),
    ]


def augment_random_crop(rng: np.random.Generator) -> list[Step]:
    """Three random 3×3 crops of a 3×3 image padded by 1."""
    x = np.arange(1.0, 10.0).reshape(1, 3, 3)  # (C, H, W)
    return [
        Step("Image x (1 channel, 3×3)", "图像 x（1 个通道，3×3）", x),
        Step(
            "Padded with one ring of zeros (5×5): the crop window slides over this",
            "四周补一圈 0（5×5）：裁剪窗口在其上滑动",
            np.pad(x, ((0, 0), (1, 1), (1, 1))),
        ),
        *(
            Step(
                f"Random 3×3 crop {i}: the image shifted by up to one pixel",
                f"随机 3×3 裁剪 {i}：图像最多平移一个像素",
                regularization.augment_random_crop(x, 3, 1, rng),
            )
            for i in (1, 2, 3)
        ),
    ]
