"""Demos of engine.linear_models."""

from __future__ import annotations

import numpy as np

from engine import linear_models, losses
from engine.demos import Step


def softmax_regression_step(rng: np.random.Generator) -> list[Step]:
    """One example, three classes: logits, probabilities, p − y and one SGD step."""
    x = np.round(rng.uniform(-2, 2, size=2), 1)
    W = np.round(rng.uniform(-1, 1, size=(3, 2)), 1)
    b = np.zeros(3)
    y = int(rng.integers(0, 3))
    loss, dz, dW, _ = linear_models.softmax_regression_grads(x, y, W, b)
    W2, b2 = linear_models.softmax_regression_step(x, y, W, b, lr=0.5)
    z2 = W2 @ x + b2
    return [
        Step("Features x", "特征 x", x),
        Step("Weights W (one row per class), b = 0", "权重 W（每个类别一行），b = 0", W),
        Step("True class y", "真实类别 y", y),
        Step("Logits z = Wx + b", "logits z = Wx + b", W @ x + b),
        Step("Probabilities ŷ = softmax(z)", "概率 ŷ = softmax(z)", losses.softmax(W @ x + b)),
        Step("Cross-entropy −ln ŷ_y", "交叉熵 −ln ŷ_y", loss),
        Step(
            "∂L/∂z = ŷ − y (prediction minus one-hot target)",
            "∂L/∂z = ŷ − y（预测减独热目标）",
            dz[0],
        ),
        Step("∂L/∂W = (ŷ − y)xᵀ", "∂L/∂W = (ŷ − y)xᵀ", dW),
        Step("After one step with η = 0.5: new logits", "以 η = 0.5 走一步后的 logits", z2),
        Step(
            "The true class's probability rises",
            "真实类别的概率上升",
            [float(losses.softmax(W @ x + b)[y]), float(losses.softmax(z2)[y])],
        ),
    ]


def linear_regression_step(rng: np.random.Generator) -> list[Step]:
    """A line fitted to four points: one gradient step on the MSE, and the closed form."""
    x = np.array([1.0, 2.0, 3.0, 4.0])
    y = np.round(1.5 + 1.6 * x + rng.uniform(-0.5, 0.5, size=4), 1)
    w, b = np.array([0.0]), 0.0
    loss, dw, db = linear_models.linear_regression_grads(x, y, w, b)
    w1, b1 = linear_models.linear_regression_step(x, y, w, b, lr=0.05)
    best_w, best_b = linear_models.least_squares_line(x, y)
    return [
        Step("Inputs x", "输入 x", x),
        Step("Targets y", "目标 y", y),
        Step(
            "Start: w = 0, b = 0, so ŷ = 0 and MSE =", "起点：w = 0，b = 0，ŷ = 0，均方误差 =", loss
        ),
        Step(
            "∂L/∂w = (2/n)Σ(ŷ − y)x and ∂L/∂b = (2/n)Σ(ŷ − y)",
            "∂L/∂w = (2/n)Σ(ŷ − y)x，∂L/∂b = (2/n)Σ(ŷ − y)",
            [float(dw[0]), db],
        ),
        Step("One step with η = 0.05: (w, b)", "以 η = 0.05 走一步：(w, b)", [float(w1[0]), b1]),
        Step(
            "MSE after the step",
            "这一步之后的均方误差",
            linear_models.linear_regression_grads(x, y, w1, b1)[0],
        ),
        Step("Closed-form best line (w*, b*)", "闭式解给出的最优直线 (w*, b*)", [best_w, best_b]),
        Step(
            "Its MSE, the lowest of any line",
            "它的均方误差，所有直线中最低",
            linear_models.linear_regression_grads(x, y, best_w, best_b)[0],
        ),
    ]
