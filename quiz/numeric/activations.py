"""Numeric templates for engine.activations: the ReLU forward and its gradient."""

from __future__ import annotations

import numpy as np

from engine.activations import relu
from engine.calculus import numerical_gradient
from quiz.numeric.base import (
    Degenerate,
    Distractor,
    Mistake,
    Problem,
    as_value,
    bilingual,
    fmt,
    rounded,
    template,
)

NO_ACTIVATION = Mistake(
    "relu-forgotten",
    bilingual(
        "The layer's output is relu(W x + b): negative pre-activations become 0.",
        "这一层的输出是 relu(W x + b)：为负的预激活值要变成 0。",
    ),
)
RELU_BEFORE_BIAS = Mistake(
    "relu-before-bias",
    bilingual(
        "Add the bias first, then apply ReLU: relu(W x + b), not relu(W x) + b.",
        "先加偏置再做 ReLU：relu(W x + b)，而不是 relu(W x) + b。",
    ),
)
RELU_ON_INPUTS = Mistake(
    "relu-on-inputs",
    bilingual(
        "ReLU acts on the layer's pre-activations W x + b, not on its inputs x.",
        "ReLU 作用在这一层的预激活值 W x + b 上，而不是输入 x 上。",
    ),
)


@template(
    "relu-layer-output",
    engines=["engine.activations:relu"],
    title=("Output of a ReLU layer", "ReLU 层的输出"),
)
def relu_layer_output(rng: np.random.Generator) -> Problem:
    """h = relu(W x + b) for a layer of two units on three inputs."""
    W = rng.integers(-2, 3, size=(2, 3)).astype(float)
    x = rounded(rng, -2.0, 2.0, size=3)
    b = rounded(rng, -1.0, 1.0, size=2)
    pre = W @ x + b  # (2,)
    if pre.max() < 0.1 or pre.min() > -0.1 or x.min() >= 0:
        raise Degenerate("one unit must be active and one off, and an input negative")
    answer = relu(pre)
    return Problem(
        prompt=bilingual(
            f"A dense layer has weights W = {fmt(W)} (one row per unit) and bias b = {fmt(b)}. "
            f"For the input x = {fmt(x)}, what is its output relu(W x + b)? "
            "Give both units as [h0, h1].",
            f"一个全连接层的权重 W = {fmt(W)}（每行对应一个单元），偏置 b = {fmt(b)}。"
            f"输入 x = {fmt(x)} 时，输出 relu(W x + b) 是多少？以 [h0, h1] 的形式给出两个单元。",
        ),
        answer=as_value(answer),
        solution=bilingual(
            f"1. W x = {fmt(W @ x)}; add b: W x + b = {fmt(pre)}.\n"
            f"2. ReLU keeps positive values and sets negative ones to 0: "
            f"relu({fmt(pre)}) = {fmt(answer)}.",
            f"1. W x = {fmt(W @ x)}；加上 b：W x + b = {fmt(pre)}。\n"
            f"2. ReLU 保留正值、把负值置 0：relu({fmt(pre)}) = {fmt(answer)}。",
        ),
        params={"W": W.tolist(), "x": x.tolist(), "b": b.tolist()},
        distractors=(
            Distractor(as_value(pre), NO_ACTIVATION),
            Distractor(as_value(relu(W @ x) + b), RELU_BEFORE_BIAS),
            Distractor(as_value(W @ relu(x) + b), RELU_ON_INPUTS),
        ),
    )


GRADIENT_NOT_GATED = Mistake(
    "gradient-not-gated",
    bilingual(
        "ReLU's derivative is 1 where x > 0 and 0 where x < 0: the gradient passes only "
        "through the positive inputs.",
        "ReLU 的导数在 x > 0 处为 1，在 x < 0 处为 0：梯度只从正的输入处传回去。",
    ),
)
VALUE_NOT_SLOPE = Mistake(
    "value-not-slope",
    bilingual(
        "Multiply the upstream gradient by ReLU's slope (1 or 0), not by its output relu(x).",
        "上游梯度要乘以 ReLU 的斜率（1 或 0），而不是乘以它的输出 relu(x)。",
    ),
)
RELU_ON_GRADIENT = Mistake(
    "relu-on-gradient",
    bilingual(
        "Backward, the gate is decided by the sign of the input x, not of the gradient: "
        "a negative gradient passes unchanged where x > 0.",
        "反向传播时，是否放行由输入 x 的正负决定，而不是由梯度的正负决定："
        "在 x > 0 处，负梯度也原样传回。",
    ),
)


@template(
    "relu-gradient",
    engines=["engine.activations:relu", "engine.calculus:numerical_gradient"],
    title=("Gradient through a ReLU", "经过 ReLU 的梯度"),
)
def relu_gradient(rng: np.random.Generator) -> Problem:
    """dL/dx = g · 1[x > 0] for h = relu(x) and upstream gradient g = dL/dh."""
    x = rounded(rng, -2.0, 2.0, size=3)
    g = rounded(rng, -2.0, 2.0, size=3)
    if np.any(np.abs(x) < 0.1) or np.any(g == 0):
        raise Degenerate("ReLU has no derivative at 0, and a zero gradient hides the gate")
    # Central differences of a piecewise-linear function away from its kink are exact up
    # to float noise, which rounding to 6 decimals removes.
    answer = np.round(numerical_gradient(lambda v: float(g @ relu(v)), x), 6)
    slope = (x > 0).astype(float)
    return Problem(
        prompt=bilingual(
            f"In a network, h = relu(x) for x = {fmt(x)}, and backpropagation has reached h "
            f"with the gradient dL/dh = {fmt(g)}. What is dL/dx? Give it as a vector of three.",
            f"网络中 h = relu(x)，x = {fmt(x)}；反向传播到 h 时的梯度为 dL/dh = {fmt(g)}。"
            "dL/dx 是多少？以三个数的向量给出。",
        ),
        answer=as_value(answer),
        solution=bilingual(
            f"1. ReLU's slope is 1 where x > 0 and 0 where x < 0: {fmt(slope)}.\n"
            f"2. Chain rule, elementwise: dL/dx = dL/dh · slope = {fmt(g)} · {fmt(slope)} "
            f"= {fmt(answer)}.",
            f"1. ReLU 的斜率在 x > 0 处为 1，在 x < 0 处为 0：{fmt(slope)}。\n"
            f"2. 逐元素应用链式法则：dL/dx = dL/dh · 斜率 = {fmt(g)} · {fmt(slope)} "
            f"= {fmt(answer)}。",
        ),
        params={"x": x.tolist(), "g": g.tolist()},
        distractors=(
            Distractor(as_value(g), GRADIENT_NOT_GATED),
            Distractor(as_value(g * relu(x)), VALUE_NOT_SLOPE),
            Distractor(as_value(relu(g)), RELU_ON_GRADIENT),
        ),
    )
