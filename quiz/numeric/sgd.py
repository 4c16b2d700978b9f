"""Numeric templates for engine.optim's plain steps: gradient descent on a parabola and a
bowl, and one SGD step on a minibatch.

Every answer is a parameter that the engine's optimizer produces. Mistaken values come from
the engine run with the mistaken inputs (a negated gradient, lr = 1, a stale gradient, the
sum of the minibatch's gradients).
"""

from __future__ import annotations

import numpy as np

from engine.optim import SGD, gradient_descent
from quiz.numeric.base import (
    Degenerate,
    Distractor,
    Mistake,
    Problem,
    as_value,
    bilingual,
    factor,
    fmt,
    nonzero,
    rounded,
    template,
)

GRADIENT_ASCENT = Mistake(
    "gradient-ascent",
    bilingual(
        "Gradient descent subtracts the gradient (x ← x − η·f'(x)); adding it climbs uphill.",
        "梯度下降要减去梯度（x ← x − η·f'(x)）；加上梯度会往上坡走。",
    ),
)
NO_LEARNING_RATE = Mistake(
    "no-learning-rate",
    bilingual(
        "The gradient must be multiplied by the learning rate η before it is subtracted.",
        "梯度要先乘以学习率 η 再减去。",
    ),
)
DERIVATIVE_WITHOUT_TWO = Mistake(
    "derivative-without-2",
    bilingual(
        "The derivative of a(x − b)² is 2a(x − b): the exponent 2 comes down as a factor.",
        "a(x − b)² 的导数是 2a(x − b)：指数 2 要作为系数乘下来。",
    ),
)
STALE_GRADIENT = Mistake(
    "stale-gradient",
    bilingual(
        "The gradient must be recomputed at the new point before every step, "
        "not reused from the starting point.",
        "每一步都要在新的位置重新计算梯度，而不是一直用起点处的梯度。",
    ),
)
SUM_NOT_MEAN = Mistake(
    "sum-not-mean",
    bilingual(
        "The loss is the mean over the minibatch, so its gradient is the mean of the "
        "per-example gradients, not their sum.",
        "损失是小批量上的平均值，所以梯度是各样本梯度的平均，而不是它们的和。",
    ),
)


def _shifted(x: str, b: float) -> str:
    """``x - b`` written the way a person does: ``x``, ``x - 2`` or ``x + 2``."""
    if b == 0:
        return x
    return f"{x} - {fmt(b)}" if b > 0 else f"{x} + {fmt(-b)}"


def _times(k: float, term: str) -> str:
    """``k·term`` as a person writes it: ``2x``, but ``x`` rather than ``1x``."""
    return term if k == 1 else f"{fmt(k)}{term}"


@template(
    "gradient-descent-parabola",
    engines=["engine.optim:gradient_descent"],
    title=("Gradient descent on a parabola", "抛物线上的梯度下降"),
)
def gradient_descent_parabola(rng: np.random.Generator) -> Problem:
    """x ← x − η · 2a(x − b), k times, on f(x) = a(x − b)²."""
    a = float(rng.choice([0.5, 1.0, 1.5, 2.0]))
    b = int(rng.integers(-3, 4))
    x0 = int(rng.integers(-4, 5))
    lr = float(rng.choice([0.05, 0.1, 0.2, 0.25, 0.3]))
    steps = int(rng.integers(2, 4))
    if x0 == b or not 0.1 <= abs(1 - 2 * a * lr) <= 0.9:
        raise Degenerate

    def grad(x):
        return 2 * a * (x - b)

    path = gradient_descent(grad, np.array(float(x0)), lr, steps)
    answer = float(path[-1])
    ascent = gradient_descent(lambda x: -grad(x), np.array(float(x0)), lr, steps)[-1]
    no_lr = gradient_descent(grad, np.array(float(x0)), 1.0, steps)[-1]
    no_two = gradient_descent(lambda x: a * (x - b), np.array(float(x0)), lr, steps)[-1]
    inner = _shifted("x", b)
    shifted = f"({inner})" if b else "x"
    f = _times(a, f"{shifted}²")
    derivative = f"f'(x) = 2 × {fmt(a)} × {shifted} = {_times(2 * a, shifted)}"
    lines_en, lines_zh = [f"1. {derivative}."], [f"1. {derivative}。"]
    for t in range(steps):
        step = (
            f"x{t + 1} = x{t} − η·f'(x{t}) = {factor(path[t])} − {fmt(lr)} × "
            f"{factor(grad(path[t]))} "
            f"= {fmt(path[t + 1])}"
        )
        lines_en.append(f"{t + 2}. {step}.")
        lines_zh.append(f"{t + 2}. {step}。")
    lines_en.append(f"After {steps} steps x = {fmt(answer)}.")
    lines_zh.append(f"{steps} 步之后 x = {fmt(answer)}。")
    return Problem(
        prompt=bilingual(
            f"Gradient descent minimizes f(x) = {f} from x0 = {x0} with learning rate "
            f"η = {fmt(lr)}, using x ← x − η·f'(x). What is x after {steps} steps?",
            f"用梯度下降最小化 f(x) = {f}，起点 x0 = {x0}，学习率 η = {fmt(lr)}，"
            f"更新规则 x ← x − η·f'(x)。{steps} 步之后 x 是多少？",
        ),
        answer=answer,
        solution=bilingual("\n".join(lines_en), "\n".join(lines_zh)),
        params={"a": a, "b": b, "x0": x0, "lr": lr, "steps": steps},
        distractors=(
            Distractor(float(ascent), GRADIENT_ASCENT),
            Distractor(float(no_lr), NO_LEARNING_RATE),
            Distractor(float(no_two), DERIVATIVE_WITHOUT_TWO),
        ),
    )


@template(
    "gradient-descent-bowl",
    engines=["engine.optim:gradient_descent"],
    title=("Two gradient-descent steps on a 2-D bowl", "二维碗形函数上的两步梯度下降"),
)
def gradient_descent_bowl(rng: np.random.Generator) -> Problem:
    """(x, y) ← (x, y) − η · (2a·x, 2c·y), twice, on f(x, y) = a·x² + c·y²."""
    a, c = (float(v) for v in rng.choice([0.5, 1.0, 2.0, 3.0], size=2, replace=False))
    start = rng.integers(-3, 4, size=2).astype(float)
    lr = float(rng.choice([0.1, 0.2]))
    if np.any(start == 0) or not all(0.1 <= abs(1 - 2 * k * lr) <= 0.9 for k in (a, c)):
        raise Degenerate
    curvature = np.array([2 * a, 2 * c])

    def grad(point):
        return curvature * point

    path = gradient_descent(grad, start, lr, 2)
    answer = as_value(path[-1])
    ascent = gradient_descent(lambda p: -grad(p), start, lr, 2)[-1]
    no_lr = gradient_descent(grad, start, 1.0, 2)[-1]
    stale = gradient_descent(lambda p: grad(start), start, lr, 2)[-1]
    f = f"{_times(a, 'x²')} + {_times(c, 'y²')}"
    lines = [f"∇f(x, y) = [{_times(2 * a, 'x')}, {_times(2 * c, 'y')}]."]
    for t in range(2):
        lines.append(
            f"p{t + 1} = p{t} − η·∇f(p{t}) = {fmt(path[t])} − {fmt(lr)} × {fmt(grad(path[t]))} "
            f"= {fmt(path[t + 1])}"
        )
    en = f"1. {lines[0]}\n2. {lines[1]}.\n3. {lines[2]}, the point after two steps."
    zh = f"1. {lines[0]}\n2. {lines[1]}。\n3. {lines[2]}，即两步之后的位置。"
    return Problem(
        prompt=bilingual(
            f"Gradient descent minimizes f(x, y) = {f} from p0 = {fmt(start)} with learning "
            f"rate η = {fmt(lr)}, using p ← p − η·∇f(p). Give the point [x, y] after two steps.",
            f"用梯度下降最小化 f(x, y) = {f}，起点 p0 = {fmt(start)}，学习率 η = {fmt(lr)}，"
            "更新规则 p ← p − η·∇f(p)。给出两步之后的点 [x, y]。",
        ),
        answer=answer,
        solution=bilingual(en, zh),
        params={"a": a, "c": c, "start": start.tolist(), "lr": lr},
        distractors=(
            Distractor(as_value(ascent), GRADIENT_ASCENT),
            Distractor(as_value(no_lr), NO_LEARNING_RATE),
            Distractor(as_value(stale), STALE_GRADIENT),
        ),
    )


@template(
    "sgd-minibatch-step",
    engines=["engine.optim:SGD"],
    title=("One SGD step on a minibatch", "小批量上的一步 SGD"),
)
def sgd_minibatch_step(rng: np.random.Generator) -> Problem:
    """w ← w − η · mean_i g_i (plain SGD, no momentum)."""
    batch = int(rng.integers(2, 5))
    w = rounded(rng, -2.0, 2.0, size=2)
    per_example = nonzero(rng, -3.0, 3.0, size=(batch, 2))
    lr = float(rng.choice([0.1, 0.2, 0.5]))
    mean = per_example.mean(axis=0)
    [new] = SGD(lr).step([w], [mean])
    [summed] = SGD(lr).step([w], [per_example.sum(axis=0)])
    [ascent] = SGD(lr).step([w], [-mean])
    [no_lr] = SGD(1.0).step([w], [mean])
    listed = ", ".join(f"g{i + 1} = {fmt(g)}" for i, g in enumerate(per_example))
    answer = as_value(new)
    return Problem(
        prompt=bilingual(
            f"A minibatch of {batch} examples has per-example gradients {listed}; the loss is "
            f"the mean of the per-example losses. Plain SGD (no momentum) with learning rate "
            f"η = {fmt(lr)} updates the weights w = {fmt(w)}. What are the new weights?",
            f"一个含 {batch} 个样本的小批量，各样本的梯度为 {listed}；损失是各样本损失的平均值。"
            f"普通 SGD（无动量），学习率 η = {fmt(lr)}，更新权重 w = {fmt(w)}。新的权重是多少？",
        ),
        answer=answer,
        solution=bilingual(
            f"1. Minibatch gradient = mean of the {batch} gradients = {fmt(mean)}.\n"
            f"2. w ← w − η·g = {fmt(w)} − {fmt(lr)} × {fmt(mean)} = {fmt(answer)}.",
            f"1. 小批量梯度 = {batch} 个梯度的平均 = {fmt(mean)}。\n"
            f"2. w ← w − η·g = {fmt(w)} − {fmt(lr)} × {fmt(mean)} = {fmt(answer)}。",
        ),
        params={"w": w.tolist(), "grads": per_example.tolist(), "lr": lr},
        distractors=(
            Distractor(as_value(summed), SUM_NOT_MEAN),
            Distractor(as_value(ascent), GRADIENT_ASCENT),
            Distractor(as_value(no_lr), NO_LEARNING_RATE),
        ),
    )
