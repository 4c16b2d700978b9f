"""Numeric templates for engine.linear_models' linear regression: one gradient step on the
mean squared error, and the closed-form least-squares slope for one feature.

L(w, b) = (1/n) Σ (w·xᵢ + b − yᵢ)², so ∂L/∂w = (2/n) Σ (ŷᵢ − yᵢ)·xᵢ; the best line has
w* = Σ(xᵢ − x̄)(yᵢ − ȳ) / Σ(xᵢ − x̄)² and b* = ȳ − w*·x̄. The mistakes: the 2 or the 1/n of
the derivative dropped, the input factor forgotten, the step added, the line forced
through the origin, x and y swapped, the slope through the end points, the ratio of means.
"""

from __future__ import annotations

import numpy as np

from engine.linear_models import least_squares_line, linear_regression_grads, linear_regression_step
from quiz.numeric.base import (
    Degenerate,
    Distractor,
    Mistake,
    Problem,
    bilingual,
    factor,
    fmt,
    near_halfway,
    template,
    unique,
)

ENGINE = "engine.linear_models:linear_regression_step"

TWO_FORGOTTEN = Mistake(
    "factor-two-forgotten",
    bilingual(
        "The derivative of (ŷ − y)² is 2(ŷ − y)·∂ŷ/∂w: ∂L/∂w = (2/n) Σ (ŷᵢ − yᵢ)·xᵢ.",
        "(ŷ − y)² 的导数是 2(ŷ − y)·∂ŷ/∂w：∂L/∂w = (2/n) Σ (ŷᵢ − yᵢ)·xᵢ。",
    ),
)
SUM_NOT_MEAN = Mistake(
    "sum-not-mean",
    bilingual(
        "L is the MEAN of the squared errors, so its gradient keeps the 1/n: (2/n) Σ (ŷᵢ − yᵢ)·xᵢ.",
        "L 是平方误差的平均值，所以梯度中保留 1/n：(2/n) Σ (ŷᵢ − yᵢ)·xᵢ。",
    ),
)
INPUT_FORGOTTEN = Mistake(
    "input-forgotten",
    bilingual(
        "ŷ = w·x + b, so ∂ŷ/∂w = x: each error is multiplied by its input (without x it is the "
        "bias's gradient).",
        "ŷ = w·x + b，所以 ∂ŷ/∂w = x：每个误差都要乘以对应的输入（不乘 x 得到的是偏置的梯度）。",
    ),
)
STEP_ADDED = Mistake(
    "step-added",
    bilingual(
        "Gradient descent subtracts the gradient: w ← w − η·∂L/∂w.",
        "梯度下降是减去梯度：w ← w − η·∂L/∂w。",
    ),
)
THROUGH_ORIGIN = Mistake(
    "line-through-origin",
    bilingual(
        "Σxy / Σx² is the best line through the origin (no bias); with a bias, centre first: "
        "w* = Σ(x − x̄)(y − ȳ) / Σ(x − x̄)².",
        "Σxy / Σx² 是过原点（没有偏置）的最优直线；有偏置时要先中心化："
        "w* = Σ(x − x̄)(y − ȳ) / Σ(x − x̄)²。",
    ),
)
X_Y_SWAPPED = Mistake(
    "x-and-y-swapped",
    bilingual(
        "Divide by the spread of the INPUTS, Σ(x − x̄)², not of the targets.",
        "分母是输入的离差平方和 Σ(x − x̄)²，而不是目标值的。",
    ),
)
END_POINTS = Mistake(
    "end-points-slope",
    bilingual(
        "The slope through the first and last points ignores the others; least squares uses "
        "every point: w* = Σ(x − x̄)(y − ȳ) / Σ(x − x̄)².",
        "只过第一个和最后一个点的斜率忽略了其他点；最小二乘要用到每个点："
        "w* = Σ(x − x̄)(y − ȳ) / Σ(x − x̄)²。",
    ),
)
RATIO_OF_MEANS = Mistake(
    "ratio-of-means",
    bilingual(
        "ȳ / x̄ is the slope of the line from the origin through the mean point; the best line "
        "only has to pass through (x̄, ȳ), with slope Σ(x − x̄)(y − ȳ) / Σ(x − x̄)².",
        "ȳ / x̄ 是从原点经过均值点的直线的斜率；最优直线只需经过 (x̄, ȳ)，"
        "斜率为 Σ(x − x̄)(y − ȳ) / Σ(x − x̄)²。",
    ),
)


def _points(xs, ys) -> tuple[str, str]:
    pairs = [f"({fmt(x)}, {fmt(y)})" for x, y in zip(xs, ys, strict=True)]
    return ", ".join(pairs), "、".join(pairs)


@template(
    "linear-regression-gradient-step",
    engines=[ENGINE],
    title=("One gradient step of linear regression", "线性回归的一步梯度下降"),
)
def linear_regression_gradient_step(rng: np.random.Generator) -> Problem:
    """w ← w − η·(2/n) Σ (w·xᵢ + b − yᵢ)·xᵢ, one feature."""
    n = int(rng.choice([2, 3]))
    xs = rng.choice([-2.0, -1.0, 1.0, 2.0, 3.0], size=n, replace=False)
    ys = rng.integers(-3, 7, size=n).astype(float)
    w = float(rng.choice([-1.0, -0.5, 0.5, 1.0, 1.5, 2.0]))
    b = float(rng.choice([-1.0, 0.0, 0.5, 1.0]))
    lr = float(rng.choice([0.05, 0.1]))
    errors = w * xs + b - ys
    if np.any(errors == 0) or abs(float(errors @ xs)) < 0.5:
        raise Degenerate("every point must pull and the gradient must show")
    _, dw, _ = linear_regression_grads(xs, ys, w, b)
    new_w, _ = linear_regression_step(xs, ys, w, b, lr)
    answer = float(new_w[0])
    if near_halfway(answer, 3):
        raise Degenerate("a key on a rounding midpoint")
    g = float(dw[0])
    total = float(errors @ xs)
    shown, shown_zh = _points(xs, ys)
    products = " + ".join(f"{factor(e)} × {factor(x)}" for e, x in zip(errors, xs, strict=True))
    return Problem(
        prompt=bilingual(
            f"Linear regression ŷ = w·x + b with w = {fmt(w)}, b = {fmt(b)} is trained on the "
            f"points (x, y) = {shown} by minimizing L = (1/n) Σ (ŷᵢ − yᵢ)². What is w after one "
            f"gradient-descent step with learning rate η = {fmt(lr)}?",
            f"线性回归 ŷ = w·x + b，w = {fmt(w)}，b = {fmt(b)}，在点 (x, y) = {shown_zh} 上通过"
            f"最小化 L = (1/n) Σ (ŷᵢ − yᵢ)² 来训练。以学习率 η = {fmt(lr)} 走一步梯度下降后，"
            "w 是多少？",
        ),
        answer=answer,
        solution=bilingual(
            f"1. Predictions ŷ = {fmt(w * xs + b)}; errors ŷ − y = {fmt(errors)}.\n"
            f"2. ∂L/∂w = (2/{n}) Σ (ŷᵢ − yᵢ)·xᵢ = (2/{n}) × ({products}) = {fmt(g)}.\n"
            f"3. w ← {fmt(w)} − {fmt(lr)} × {factor(g)} = {fmt(answer)}.",
            f"1. 预测值 ŷ = {fmt(w * xs + b)}；误差 ŷ − y = {fmt(errors)}。\n"
            f"2. ∂L/∂w = (2/{n}) Σ (ŷᵢ − yᵢ)·xᵢ = (2/{n}) × ({products}) = {fmt(g)}。\n"
            f"3. w ← {fmt(w)} − {fmt(lr)} × {factor(g)} = {fmt(answer)}。",
        ),
        params={"x": xs.tolist(), "y": ys.tolist(), "w": w, "b": b, "lr": lr},
        distractors=unique(
            answer,
            Distractor(w - lr * total / n, TWO_FORGOTTEN),
            Distractor(w - lr * 2 * total, SUM_NOT_MEAN),
            Distractor(w - lr * 2 / n * float(errors.sum()), INPUT_FORGOTTEN),
            Distractor(w + lr * g, STEP_ADDED),
        ),
    )


@template(
    "least-squares-slope",
    engines=[ENGINE],
    title=("The least-squares slope", "最小二乘斜率"),
)
def least_squares_slope(rng: np.random.Generator) -> Problem:
    """w* = Σ(xᵢ − x̄)(yᵢ − ȳ) / Σ(xᵢ − x̄)² for 3 or 4 points."""
    n = int(rng.choice([3, 4]))
    xs = np.sort(rng.choice(np.arange(0.0, 7.0), size=n, replace=False))
    slope = float(rng.choice([-2.0, -1.0, -0.5, 0.5, 1.0, 1.5, 2.0]))
    ys = np.round(slope * xs + float(rng.integers(-3, 4)) + rng.integers(-2, 3, size=n))
    w, b = least_squares_line(xs, ys)
    if abs(w) < 0.1 or np.all(ys == ys[0]) or near_halfway(w, 3) or xs.mean() == 0:
        raise Degenerate("a visible slope, and a key off a rounding midpoint")
    dx, dy = xs - xs.mean(), ys - ys.mean()
    sxy, sxx, syy = float(dx @ dy), float(dx @ dx), float(dy @ dy)
    distractors = unique(
        w,
        Distractor(float(xs @ ys / (xs @ xs)), THROUGH_ORIGIN),
        Distractor(sxy / syy, X_Y_SWAPPED),
        Distractor(float((ys[-1] - ys[0]) / (xs[-1] - xs[0])), END_POINTS),
        Distractor(float(ys.mean() / xs.mean()), RATIO_OF_MEANS),
    )
    if sum(d is not None for d in distractors) < 3:
        raise Degenerate("points so regular that the mistakes give the right slope")
    shown, shown_zh = _points(xs, ys)
    return Problem(
        prompt=bilingual(
            f"Linear regression fits ŷ = w·x + b to the points (x, y) = {shown} by least "
            "squares (minimizing the mean squared error over w and b). What is the best "
            "slope w*?",
            f"线性回归用最小二乘法（对 w 和 b 最小化均方误差）把 ŷ = w·x + b 拟合到点 "
            f"(x, y) = {shown_zh}。最优斜率 w* 是多少？",
        ),
        answer=w,
        solution=bilingual(
            f"1. x̄ = {fmt(xs.mean())}, ȳ = {fmt(ys.mean())}.\n"
            f"2. Σ(x − x̄)(y − ȳ) = {fmt(sxy)}; Σ(x − x̄)² = {fmt(sxx)}.\n"
            f"3. w* = {fmt(sxy)} / {fmt(sxx)} = {fmt(w)} (and b* = ȳ − w*·x̄ = {fmt(b)}).",
            f"1. x̄ = {fmt(xs.mean())}，ȳ = {fmt(ys.mean())}。\n"
            f"2. Σ(x − x̄)(y − ȳ) = {fmt(sxy)}；Σ(x − x̄)² = {fmt(sxx)}。\n"
            f"3. w* = {fmt(sxy)} / {fmt(sxx)} = {fmt(w)}（b* = ȳ − w*·x̄ = {fmt(b)}）。",
        ),
        params={"x": xs.tolist(), "y": ys.tolist()},
        distractors=distractors,
    )
