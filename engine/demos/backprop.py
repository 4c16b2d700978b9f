"""Demos of engine.backprop: a tiny two-layer network, forward and backward."""

from __future__ import annotations

import numpy as np

from engine import backprop, losses
from engine.demos import Step


def mlp_forward(rng: np.random.Generator) -> list[Step]:
    """Forward pass of a 2-input, 3-hidden, 2-class network on two examples."""
    x, W1, b1, W2, b2 = _tiny_network(rng)
    forward = backprop.mlp_forward(x, W1, b1, W2, b2)
    return [
        Step(
            "Inputs x, one row per example (N = 2, D = 2)",
            "输入 x，每行一个样本（N = 2，D = 2）",
            x,
        ),
        Step("First layer W1 (H = 3, D = 2) and b1", "第一层 W1（H = 3，D = 2）和 b1", [W1, b1]),
        Step(
            "Hidden pre-activation x @ W1.T + b1",
            "隐藏层激活前的值 x @ W1.T + b1",
            forward.hidden_pre,
        ),
        Step("Hidden h = ReLU(pre-activation)", "隐藏层 h = ReLU(激活前的值)", forward.hidden),
        Step("Second layer W2 (C = 2, H = 3) and b2", "第二层 W2（C = 2，H = 3）和 b2", [W2, b2]),
        Step("Logits h @ W2.T + b2", "logits = h @ W2.T + b2", forward.logits),
    ]


def mlp_loss_and_grads(rng: np.random.Generator) -> list[Step]:
    """Loss and every gradient of the tiny network, from the loss back to W1."""
    x, W1, b1, W2, b2 = _tiny_network(rng)
    y = rng.integers(0, 2, size=2)
    forward = backprop.mlp_forward(x, W1, b1, W2, b2)
    loss, grads = backprop.mlp_loss_and_grads(x, y, W1, b1, W2, b2)
    return [
        Step("Inputs x (N = 2, D = 2)", "输入 x（N = 2，D = 2）", x),
        Step("Target classes y", "目标类别 y", y),
        Step(
            "Hidden pre-activation x @ W1.T + b1",
            "隐藏层激活前的值 x @ W1.T + b1",
            forward.hidden_pre,
        ),
        Step("Hidden h = ReLU(pre-activation)", "隐藏层 h = ReLU(激活前的值)", forward.hidden),
        Step("Logits h @ W2.T + b2", "logits = h @ W2.T + b2", forward.logits),
        Step(
            "Softmax probabilities P; dL/dlogits = (P − onehot(y)) / N",
            "softmax 概率 P；dL/dlogits = (P − onehot(y)) / N",
            losses.softmax(forward.logits),
        ),
        Step("Cross-entropy loss (mean over the batch)", "交叉熵损失（对批次取平均）", loss),
        Step("dL/dW2 = dlogits.T @ h", "dL/dW2 = dlogits.T @ h", grads["W2"]),
        Step("dL/db2 = sum of dlogits over the batch", "dL/db2 = dlogits 对批次求和", grads["b2"]),
        Step(
            "dL/dW1 = (dlogits @ W2 · [pre-activation > 0]).T @ x: ReLU blocks where it was off",
            "dL/dW1 = (dlogits @ W2 · [激活前 > 0]).T @ x：ReLU 关闭处梯度为 0",
            grads["W1"],
        ),
        Step("dL/db1", "dL/db1", grads["b1"]),
    ]


def _tiny_network(
    rng: np.random.Generator,
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Two examples and the weights of a 2 -> 3 -> 2 network, one decimal each."""

    def draw(*shape: int) -> np.ndarray:
        return np.round(rng.uniform(-1, 1, size=shape), 1)

    return draw(2, 2), draw(3, 2), draw(3), draw(2, 3), draw(2)
