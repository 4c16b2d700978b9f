"""Numeric templates for engine.optim: gradient descent, SGD (plain and with momentum),
RMSprop and Adam.

Every answer is a parameter (or velocity) that the engine's optimizer produces. Mistaken
values come from the engine run with the mistaken inputs (a negated gradient, lr = 1,
swapped betas, ...) or from the engine's own state transformed the mistaken way (Adam's m
and v without bias correction, RMSprop's running average without the square root).
"""

from __future__ import annotations

import math

import numpy as np

from engine.optim import SGD, Adam, RMSprop, gradient_descent
from quiz.numeric.base import (
    Degenerate,
    Distractor,
    Mistake,
    Problem,
    as_value,
    bilingual,
    fmt,
    plural,
    rounded,
    template,
)

EPS = 1e-8
"""ε of RMSprop and Adam (the engine's and PyTorch's default)."""

MIN_STEP = 0.02
"""The smallest change of the parameter a question asks about, so that not updating at all
is clearly wrong."""

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
EMA_MOMENTUM = Mistake(
    "ema-momentum",
    bilingual(
        "PyTorch's momentum adds the whole gradient: v = μv + g. The average form "
        "v = μv + (1 − μ)g is another convention, with steps (1 − μ) times as large.",
        "PyTorch 的动量加上完整的梯度：v = μv + g。v = μv + (1 − μ)g 是另一种（平均）约定，"
        "步长只有它的 (1 − μ) 倍。",
    ),
)
NO_MOMENTUM = Mistake(
    "no-momentum",
    bilingual(
        "With momentum the step uses the velocity v = μv + g, which remembers earlier "
        "gradients; stepping along g alone is plain SGD.",
        "带动量时沿速度 v = μv + g 更新，它记住了之前的梯度；只沿 g 更新就是普通 SGD。",
    ),
)
LATE_VELOCITY = Mistake(
    "velocity-one-step-late",
    bilingual(
        "Update the velocity with the current gradient first, then step with the new "
        "velocity; stepping with the old one lags a step behind.",
        "先用当前梯度更新速度，再用新的速度更新参数；用旧速度更新会落后一步。",
    ),
)
NO_DECAY = Mistake(
    "velocity-not-decayed",
    bilingual(
        "The old velocity is multiplied by μ before the gradient is added (v = μv + g); "
        "without μ the velocity is just the sum of all gradients.",
        "旧速度要先乘以 μ 再加上梯度（v = μv + g）；不乘 μ 的话速度只是所有梯度之和。",
    ),
)
LR_IN_VELOCITY = Mistake(
    "lr-in-velocity",
    bilingual(
        "In PyTorch's form the velocity v = μv + g holds no learning rate; η multiplies v "
        "only in the step θ ← θ − ηv.",
        "在 PyTorch 的形式中速度 v = μv + g 不含学习率；η 只在更新 θ ← θ − ηv 时乘上。",
    ),
)
ONE_STEP_SHORT = Mistake(
    "one-step-short",
    bilingual(
        "Count the steps: after n steps the velocity has n terms, g(1 + μ + … + μⁿ⁻¹).",
        "数清步数：n 步之后速度有 n 项，g(1 + μ + … + μⁿ⁻¹)。",
    ),
)
ONE_STEP_EXTRA = Mistake(
    "one-step-extra",
    bilingual(
        "The first step sets v = g (one term): after n steps there are n terms, not n + 1.",
        "第一步 v = g（一项）：n 步之后共有 n 项，而不是 n + 1 项。",
    ),
)
STEADY_STATE = Mistake(
    "steady-state",
    bilingual(
        "g / (1 − μ) is the limit the velocity approaches after many steps; after only n "
        "steps it is g(1 + μ + … + μⁿ⁻¹).",
        "g / (1 − μ) 是速度经过很多步后趋近的极限；只走 n 步时它是 g(1 + μ + … + μⁿ⁻¹)。",
    ),
)
STEP_ADDED = Mistake(
    "step-added",
    bilingual(
        "The step is subtracted: θ ← θ − η·(update), so the parameter moves against the gradient.",
        "更新量要减去：θ ← θ − η·(更新量)，参数朝梯度的反方向移动。",
    ),
)
SWAPPED_ALPHA = Mistake(
    "swapped-alpha",
    bilingual(
        "The old average keeps weight α and the new g² gets 1 − α: s = αs + (1 − α)g².",
        "旧的平均值权重为 α，新的 g² 权重为 1 − α：s = αs + (1 − α)g²。",
    ),
)
RMS_NO_SQRT = Mistake(
    "no-square-root",
    bilingual(
        "RMSprop divides by the root mean square √s, not by the mean square s.",
        "RMSprop 除以均方根 √s，而不是均方 s。",
    ),
)
STALE_AVERAGE = Mistake(
    "stale-average",
    bilingual(
        "First update the running average with the current g², then divide by its root.",
        "要先用当前的 g² 更新滑动平均，再除以它的平方根。",
    ),
)
RMS_BIAS_CORRECTION = Mistake(
    "bias-corrected-rmsprop",
    bilingual(
        "RMSprop has no bias correction: it divides by √s itself, not by √(s / (1 − αᵗ)) "
        "as Adam does.",
        "RMSprop 没有偏差修正：直接除以 √s，而不是像 Adam 那样除以 √(s / (1 − αᵗ))。",
    ),
)
NO_BIAS_CORRECTION = Mistake(
    "no-bias-correction",
    bilingual(
        "Adam divides m by 1 − β₁ᵗ and v by 1 − β₂ᵗ before the step: they start at 0 and "
        "would make early steps the wrong size.",
        "Adam 在更新前要把 m 除以 1 − β₁ᵗ、v 除以 1 − β₂ᵗ：它们从 0 开始，不修正会让早期步长不对。",
    ),
)
WRONG_STEP_COUNT = Mistake(
    "wrong-step-count",
    bilingual(
        "The bias correction uses the number of this step, t, counting the current update.",
        "偏差修正用的是本步的序号 t（包括当前这次更新）。",
    ),
)
ADAM_NO_SQRT = Mistake(
    "no-square-root",
    bilingual(
        "Adam divides m̂ by √v̂ (plus ε), the root of the second moment, not by v̂.",
        "Adam 用 m̂ 除以 √v̂（再加 ε），即二阶矩的平方根，而不是 v̂。",
    ),
)
SWAPPED_BETAS = Mistake(
    "swapped-betas",
    bilingual(
        "β₁ = 0.9 belongs to the mean of g (m) and β₂ = 0.999 to the mean of g² (v).",
        "β₁ = 0.9 用于梯度的平均 m，β₂ = 0.999 用于梯度平方的平均 v。",
    ),
)


def _p(x: float, digits: int = 4) -> str:
    """x as written inside a formula: a negative number in parentheses."""
    text = fmt(x, digits)
    return f"({text})" if text.startswith("-") else text


def _shifted(x: str, b: float) -> str:
    """``x - b`` written the way a person does: ``x``, ``x - 2`` or ``x + 2``."""
    if b == 0:
        return x
    return f"{x} - {fmt(b)}" if b > 0 else f"{x} + {fmt(-b)}"


def _times(k: float, term: str) -> str:
    """``k·term`` as a person writes it: ``2x``, but ``x`` rather than ``1x``."""
    return term if k == 1 else f"{fmt(k)}{term}"


def _numbered(lines: list[str], stop: str) -> str:
    """Solution steps as a numbered list, each line ending with ``stop``."""
    return "\n".join(f"{i}. {line}{stop}" for i, line in enumerate(lines, 1))


def _run(optimizer: SGD | RMSprop | Adam, theta: float, grads: list[float]) -> list[float]:
    """The scalar parameter after each step of ``optimizer`` with the given gradients."""
    params, path = [np.array(theta)], []
    for grad in grads:
        params = optimizer.step(params, [np.array(grad)])
        path.append(float(params[0]))
    return path


def _nonzero(rng: np.random.Generator, low: float, high: float, size=None, decimals: int = 1):
    """Like ``rounded`` but never 0 (a zero gradient or weight makes a question trivial)."""
    values = rounded(rng, low, high, size=size, decimals=decimals)
    if np.any(values == 0):
        raise Degenerate
    return values


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
            f"x{t + 1} = x{t} − η·f'(x{t}) = {_p(path[t])} − {fmt(lr)} × {_p(grad(path[t]))} "
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
    per_example = _nonzero(rng, -3.0, 3.0, size=(batch, 2))
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


@template(
    "sgd-momentum-steps",
    engines=["engine.optim:SGD"],
    title=("Three SGD steps with momentum", "带动量 SGD 的三步"),
    rel=0.005,
)
def sgd_momentum_steps(rng: np.random.Generator) -> Problem:
    """v ← μv + g (v = g at the first step), θ ← θ − ηv, three times."""
    theta = float(rounded(rng, -2.0, 2.0))
    grads = [float(g) for g in _nonzero(rng, -2.0, 2.0, size=3)]
    lr = float(rng.choice([0.1, 0.2]))
    mu = float(rng.choice([0.5, 0.8, 0.9]))
    sgd = SGD(lr, momentum=mu)
    params, path, velocities = [np.array(theta)], [], []
    for g in grads:
        params = sgd.step(params, [np.array(g)])
        path.append(float(params[0]))
        velocities.append(float(sgd.velocity[0]))
    answer = path[-1]
    if abs(answer - theta) < MIN_STEP:
        raise Degenerate
    ema = _run(SGD(lr, momentum=mu), theta, [(1 - mu) * g for g in grads])[-1]
    plain = _run(SGD(lr), theta, grads)[-1]
    late = _run(SGD(lr, momentum=mu), theta, grads[:2])[-1]
    lines_en, lines_zh = [], []
    before = theta
    for t, (g, v, after) in enumerate(zip(grads, velocities, path, strict=True)):
        velocity = (
            f"v = g = {fmt(v)}"
            if t == 0
            else f"v = {fmt(mu)} × {_p(velocities[t - 1])} + {_p(g)} = {fmt(v)}"
        )
        move = f"θ = {_p(before)} − {fmt(lr)} × {_p(v)} = {fmt(after)}"
        lines_en.append(f"{t + 1}. Step {t + 1}: {velocity}; {move}.")
        lines_zh.append(f"{t + 1}. 第 {t + 1} 步：{velocity}；{move}。")
        before = after
    return Problem(
        prompt=bilingual(
            f"SGD with momentum (PyTorch's form v ← μv + g, θ ← θ − ηv, with v = g at the first "
            f"step) starts from θ = {fmt(theta)} with η = {fmt(lr)} and μ = {fmt(mu)}. The "
            f"gradients of the three steps are {fmt(grads)}. What is θ after the three steps?",
            f"带动量的 SGD（PyTorch 的形式 v ← μv + g，θ ← θ − ηv，第一步 v = g）从 "
            f"θ = {fmt(theta)} 出发，η = {fmt(lr)}，μ = {fmt(mu)}。三步的梯度依次为 "
            f"{fmt(grads)}。三步之后 θ 是多少？",
        ),
        answer=answer,
        solution=bilingual("\n".join(lines_en), "\n".join(lines_zh)),
        params={"theta": theta, "grads": grads, "lr": lr, "momentum": mu},
        distractors=(
            Distractor(ema, EMA_MOMENTUM),
            Distractor(plain, NO_MOMENTUM),
            Distractor(late, LATE_VELOCITY),
        ),
    )


@template(
    "momentum-velocity",
    engines=["engine.optim:SGD"],
    title=("Momentum velocity under a constant gradient", "恒定梯度下的动量速度"),
)
def momentum_velocity(rng: np.random.Generator) -> Problem:
    """v ← μv + g with the same g every step: v_n = g(1 + μ + … + μⁿ⁻¹)."""
    grad = float(_nonzero(rng, -2.0, 2.0))
    mu = float(rng.choice([0.5, 0.8, 0.9]))
    lr = float(rng.choice([0.01, 0.1]))
    steps = int(rng.integers(3, 6))

    def velocity(momentum: float, g: float) -> float:
        sgd = SGD(lr, momentum=momentum)
        _run(sgd, 0.0, [g] * steps)
        return float(sgd.velocity[0])

    answer = velocity(mu, grad)
    ema = velocity(mu, (1 - mu) * grad)
    no_decay = velocity(1.0, grad)
    with_lr = velocity(mu, lr * grad)
    terms = " + ".join(["1", *(f"{fmt(mu)}^{k}" if k > 1 else fmt(mu) for k in range(1, steps))])
    total = answer / grad
    return Problem(
        prompt=bilingual(
            f"SGD with momentum μ = {fmt(mu)} and learning rate η = {fmt(lr)} uses PyTorch's form "
            f"v ← μv + g, θ ← θ − ηv (v = g at the first step). The gradient is g = {fmt(grad)} "
            f"at every step. What is the velocity v after {steps} steps?",
            f"带动量的 SGD，μ = {fmt(mu)}，学习率 η = {fmt(lr)}，采用 PyTorch 的形式 "
            f"v ← μv + g，θ ← θ − ηv（第一步 v = g）。每一步的梯度都是 g = {fmt(grad)}。"
            f"{steps} 步之后速度 v 是多少？",
        ),
        answer=answer,
        solution=bilingual(
            f"1. Each step multiplies the old velocity by μ and adds g, so after {steps} steps "
            f"v = g × ({terms}).\n"
            f"2. The sum is {fmt(total)}, so v = {_p(grad)} × {fmt(total)} = {fmt(answer)} "
            "(η plays no part in v).",
            f"1. 每一步把旧速度乘以 μ 再加上 g，所以 {steps} 步之后 v = g × ({terms})。\n"
            f"2. 括号内之和为 {fmt(total)}，所以 v = {_p(grad)} × {fmt(total)} = {fmt(answer)}"
            "（η 不影响 v）。",
        ),
        params={"grad": grad, "momentum": mu, "lr": lr, "steps": steps},
        distractors=(
            Distractor(ema, EMA_MOMENTUM),
            Distractor(no_decay, NO_DECAY),
            Distractor(with_lr, LR_IN_VELOCITY),
            Distractor(answer - grad * mu ** (steps - 1), ONE_STEP_SHORT, optional=True),
            Distractor(answer + grad * mu**steps, ONE_STEP_EXTRA, optional=True),
            Distractor(grad / (1 - mu), STEADY_STATE, optional=True),
        ),
    )


def _rmsprop_at(lr: float, alpha: float, square_avg: float) -> RMSprop:
    """An RMSprop optimizer whose running average of g² is ``square_avg``."""
    rmsprop = RMSprop(lr, alpha=alpha, eps=EPS)
    rmsprop.square_avg = [np.array(square_avg)]
    return rmsprop


@template(
    "rmsprop-step-from-state",
    engines=["engine.optim:RMSprop"],
    title=("One RMSprop step", "RMSprop 的一步更新"),
    rel=0.005,
)
def rmsprop_step_from_state(rng: np.random.Generator) -> Problem:
    """s ← αs + (1 − α)g², θ ← θ − η·g / (√s + ε)."""
    theta = float(rounded(rng, -1.0, 1.0))
    grad = float(_nonzero(rng, -3.0, 3.0))
    s_prev = float(rounded(rng, 0.1, 4.0))
    alpha = float(rng.choice([0.8, 0.9]))
    lr = float(rng.choice([0.05, 0.1]))
    rmsprop = _rmsprop_at(lr, alpha, s_prev)
    [answer] = _run(rmsprop, theta, [grad])
    s = float(rmsprop.square_avg[0])
    if abs(answer - theta) < MIN_STEP:
        raise Degenerate
    [swapped] = _run(_rmsprop_at(lr, 1 - alpha, s_prev), theta, [grad])
    [stale] = _run(_rmsprop_at(lr, 1.0, s_prev), theta, [grad])
    no_sqrt = theta - lr * grad / (s + EPS)
    return Problem(
        prompt=bilingual(
            f"RMSprop (α = {fmt(alpha)}, η = {fmt(lr)}, ε = 1e-8) updates a parameter "
            f"θ = {fmt(theta)} whose running average of squared gradients is s = {fmt(s_prev)}. "
            f"The new gradient is g = {fmt(grad)}. Using s ← αs + (1 − α)g² and "
            "θ ← θ − η·g / (√s + ε), what is θ after this step?",
            f"RMSprop（α = {fmt(alpha)}，η = {fmt(lr)}，ε = 1e-8）更新参数 θ = {fmt(theta)}，"
            f"它的梯度平方滑动平均为 s = {fmt(s_prev)}。新的梯度是 g = {fmt(grad)}。"
            "按 s ← αs + (1 − α)g² 和 θ ← θ − η·g / (√s + ε)，这一步之后 θ 是多少？",
        ),
        answer=answer,
        solution=bilingual(
            f"1. s = {fmt(alpha)} × {fmt(s_prev)} + {fmt(1 - alpha)} × {_p(grad)}² = {fmt(s)}.\n"
            f"2. √s = {fmt(math.sqrt(s))}.\n"
            f"3. θ = {_p(theta)} − {fmt(lr)} × {_p(grad)} / {fmt(math.sqrt(s))} = {fmt(answer)}.",
            f"1. s = {fmt(alpha)} × {fmt(s_prev)} + {fmt(1 - alpha)} × {_p(grad)}² = {fmt(s)}。\n"
            f"2. √s = {fmt(math.sqrt(s))}。\n"
            f"3. θ = {_p(theta)} − {fmt(lr)} × {_p(grad)} / {fmt(math.sqrt(s))} = {fmt(answer)}。",
        ),
        params={"theta": theta, "grad": grad, "square_avg": s_prev, "alpha": alpha, "lr": lr},
        distractors=(
            Distractor(swapped, SWAPPED_ALPHA),
            Distractor(no_sqrt, RMS_NO_SQRT),
            Distractor(stale, STALE_AVERAGE),
            Distractor(2 * theta - answer, STEP_ADDED, optional=True),
        ),
    )


@template(
    "rmsprop-two-steps",
    engines=["engine.optim:RMSprop"],
    title=("The first two RMSprop steps", "RMSprop 的前两步"),
    rel=0.005,
)
def rmsprop_two_steps(rng: np.random.Generator) -> Problem:
    """From s = 0: s ← αs + (1 − α)g², θ ← θ − η·g / (√s + ε), twice."""
    theta = float(rounded(rng, -1.0, 1.0))
    grads = [float(g) for g in _nonzero(rng, -3.0, 3.0, size=2)]
    alpha = float(rng.choice([0.9, 0.99]))
    lr = float(rng.choice([0.01, 0.02, 0.05]))
    rmsprop = RMSprop(lr, alpha=alpha, eps=EPS)
    params, path, averages = [np.array(theta)], [], []
    for g in grads:
        params = rmsprop.step(params, [np.array(g)])
        path.append(float(params[0]))
        averages.append(float(rmsprop.square_avg[0]))
    answer = path[-1]
    if min(abs(answer - theta), abs(path[0] - theta)) < MIN_STEP:
        raise Degenerate
    swapped = _run(RMSprop(lr, alpha=1 - alpha, eps=EPS), theta, grads)[-1]
    no_sqrt = theta - lr * sum(g / (s + EPS) for g, s in zip(grads, averages, strict=True))
    corrected = theta - lr * sum(
        g / (math.sqrt(s / (1 - alpha ** (t + 1))) + EPS)
        for t, (g, s) in enumerate(zip(grads, averages, strict=True))
    )
    en, zh = [], []
    before, s_old = theta, 0.0
    for t, (g, s, after) in enumerate(zip(grads, averages, path, strict=True), 1):
        average = (
            f"s{t} = {fmt(alpha)} × {fmt(s_old, 6)} + {fmt(1 - alpha)} × {_p(g)}² = {fmt(s, 6)}"
        )
        root = f"√s{t} = {fmt(math.sqrt(s))}"
        move = f"θ{t} = {_p(before)} − {fmt(lr)} × {_p(g)} / {fmt(math.sqrt(s))} = {fmt(after)}"
        en += [f"Step {t}: {average}, {root}", move]
        zh += [f"第 {t} 步：{average}，{root}", move]
        before, s_old = after, s
    return Problem(
        prompt=bilingual(
            f"RMSprop (α = {fmt(alpha)}, η = {fmt(lr)}, ε = 1e-8, no bias correction) starts "
            f"with s = 0 at θ = {fmt(theta)}. The gradients of the first two steps are "
            f"{fmt(grads)}. Using s ← αs + (1 − α)g² and θ ← θ − η·g / (√s + ε), what is θ "
            "after two steps?",
            f"RMSprop（α = {fmt(alpha)}，η = {fmt(lr)}，ε = 1e-8，无偏差修正）从 s = 0、"
            f"θ = {fmt(theta)} 开始。前两步的梯度依次为 {fmt(grads)}。按 s ← αs + (1 − α)g² 和 "
            "θ ← θ − η·g / (√s + ε)，两步之后 θ 是多少？",
        ),
        answer=answer,
        solution=bilingual(_numbered(en, "."), _numbered(zh, "。")),
        params={"theta": theta, "grads": grads, "alpha": alpha, "lr": lr},
        distractors=(
            Distractor(swapped, SWAPPED_ALPHA),
            Distractor(no_sqrt, RMS_NO_SQRT),
            Distractor(corrected, RMS_BIAS_CORRECTION),
            Distractor(2 * theta - answer, STEP_ADDED, optional=True),
        ),
    )


def _adam_at(lr: float, m: float, v: float, t: int) -> Adam:
    """An Adam optimizer (β = 0.9, 0.999) whose next step is step t, with running means m, v."""
    adam = Adam(lr, eps=EPS)
    adam.m, adam.v, adam.t = [np.array(m)], [np.array(v)], t - 1
    return adam


@template(
    "adam-step-from-state",
    engines=["engine.optim:Adam"],
    title=("One Adam step", "Adam 的一步更新"),
    rel=0.005,
)
def adam_step_from_state(rng: np.random.Generator) -> Problem:
    """m, v ← running means; m̂ = m/(1 − β₁ᵗ), v̂ = v/(1 − β₂ᵗ); θ ← θ − η·m̂/(√v̂ + ε)."""
    theta = float(rounded(rng, -1.0, 1.0))
    grad = float(_nonzero(rng, -2.0, 2.0))
    t = int(rng.integers(2, 6))
    lr = float(rng.choice([0.05, 0.1]))
    # The state comes from running Adam on t − 1 random gradients, so that it is one Adam
    # can reach (|m| ≤ √v up to the betas); it is shown rounded, and used as shown.
    past = [float(g) for g in _nonzero(rng, -2.0, 2.0, size=t - 1)]
    history = Adam(lr, eps=EPS)
    _run(history, 0.0, past)
    m_prev = float(f"{float(history.m[0]):.4g}")
    v_prev = float(f"{float(history.v[0]):.4g}")
    adam = _adam_at(lr, m_prev, v_prev, t)
    [answer] = _run(adam, theta, [grad])
    if abs(answer - theta) < MIN_STEP:
        raise Degenerate
    m, v = float(adam.m[0]), float(adam.v[0])
    m_hat, v_hat = (float(moment[0]) for moment in adam.bias_corrected())
    [wrong_t] = _run(_adam_at(lr, m_prev, v_prev, t - 1), theta, [grad])
    no_correction = theta - lr * m / (math.sqrt(v) + EPS)
    no_sqrt = theta - lr * m_hat / (v_hat + EPS)
    c1, c2 = 1 - 0.9**t, 1 - 0.999**t
    taken = plural(t - 1, "step")
    return Problem(
        prompt=bilingual(
            f"Adam (β₁ = 0.9, β₂ = 0.999, ε = 1e-8, η = {fmt(lr)}) has taken {taken}: "
            f"its running means are m = {fmt(m_prev)} and v = {fmt(v_prev)}, and the parameter "
            f"is θ = {fmt(theta)}. Step t = {t} has gradient g = {fmt(grad)}. Update m and v, "
            "correct their bias, and give θ after this step.",
            f"Adam（β₁ = 0.9，β₂ = 0.999，ε = 1e-8，η = {fmt(lr)}）已经走了 {t - 1} 步："
            f"滑动平均为 m = {fmt(m_prev)}、v = {fmt(v_prev)}，参数 θ = {fmt(theta)}。"
            f"第 t = {t} 步的梯度为 g = {fmt(grad)}。更新 m 和 v、做偏差修正，"
            "给出这一步之后的 θ。",
        ),
        answer=answer,
        solution=bilingual(
            f"1. m = 0.9 × {_p(m_prev)} + 0.1 × {_p(grad)} = {fmt(m, 6)}.\n"
            f"2. v = 0.999 × {fmt(v_prev)} + 0.001 × {_p(grad)}² = {fmt(v, 6)}.\n"
            f"3. m̂ = m / (1 − 0.9^{t}) = {fmt(m, 6)} / {fmt(c1, 6)} = {fmt(m_hat)}; "
            f"v̂ = v / (1 − 0.999^{t}) = {fmt(v, 6)} / {fmt(c2, 6)} = {fmt(v_hat)}.\n"
            f"4. θ = {_p(theta)} − {fmt(lr)} × {_p(m_hat)} / {fmt(math.sqrt(v_hat))} "
            f"= {fmt(answer)}.",
            f"1. m = 0.9 × {_p(m_prev)} + 0.1 × {_p(grad)} = {fmt(m, 6)}。\n"
            f"2. v = 0.999 × {fmt(v_prev)} + 0.001 × {_p(grad)}² = {fmt(v, 6)}。\n"
            f"3. m̂ = m / (1 − 0.9^{t}) = {fmt(m, 6)} / {fmt(c1, 6)} = {fmt(m_hat)}；"
            f"v̂ = v / (1 − 0.999^{t}) = {fmt(v, 6)} / {fmt(c2, 6)} = {fmt(v_hat)}。\n"
            f"4. θ = {_p(theta)} − {fmt(lr)} × {_p(m_hat)} / {fmt(math.sqrt(v_hat))} "
            f"= {fmt(answer)}。",
        ),
        params={
            "theta": theta,
            "grad": grad,
            "m": m_prev,
            "v": v_prev,
            "t": t,
            "lr": lr,
            "past_grads": past,
        },
        distractors=(
            Distractor(no_correction, NO_BIAS_CORRECTION),
            Distractor(wrong_t, WRONG_STEP_COUNT),
            Distractor(no_sqrt, ADAM_NO_SQRT),
            Distractor(2 * theta - answer, STEP_ADDED, optional=True),
        ),
    )


@template(
    "adam-two-steps",
    engines=["engine.optim:Adam"],
    title=("The first two Adam steps", "Adam 的前两步"),
    rel=0.005,
)
def adam_two_steps(rng: np.random.Generator) -> Problem:
    """From m = v = 0: Adam's update at t = 1 and t = 2."""
    theta = float(rounded(rng, -1.0, 1.0))
    grads = [float(g) for g in _nonzero(rng, -2.0, 2.0, size=2)]
    lr = float(rng.choice([0.01, 0.05, 0.1]))
    adam = Adam(lr, eps=EPS)
    params, path, states = [np.array(theta)], [], []
    for g in grads:
        params = adam.step(params, [np.array(g)])
        path.append(float(params[0]))
        m_hat, v_hat = adam.bias_corrected()
        states.append((float(adam.m[0]), float(adam.v[0]), float(m_hat[0]), float(v_hat[0])))
    answer = path[-1]
    if min(abs(answer - theta), abs(path[0] - theta)) < MIN_STEP:
        raise Degenerate
    no_correction = theta - lr * sum(m / (math.sqrt(v) + EPS) for m, v, _, _ in states)
    no_sqrt = theta - lr * sum(mh / (vh + EPS) for _, _, mh, vh in states)
    swapped = _run(Adam(lr, betas=(0.999, 0.9), eps=EPS), theta, grads)[-1]
    en, zh = [], []
    before, m_old, v_old = theta, 0.0, 0.0
    for t, (g, (m, v, mh, vh), after) in enumerate(zip(grads, states, path, strict=True), 1):
        first = f"m = 0.9 × {_p(m_old, 6)} + 0.1 × {_p(g)} = {fmt(m, 6)}"
        second = f"v = 0.999 × {fmt(v_old, 6)} + 0.001 × {_p(g)}² = {fmt(v, 6)}"
        m_hat = f"m̂ = m / (1 − 0.9^{t}) = {fmt(mh)}"
        v_hat = f"v̂ = v / (1 − 0.999^{t}) = {fmt(vh)}"
        move = f"θ = {_p(before)} − {fmt(lr)} × {_p(mh)} / {fmt(math.sqrt(vh))} = {fmt(after)}"
        en += [f"t = {t}: {first}, {second}", f"{m_hat}, {v_hat}", move]
        zh += [f"t = {t}：{first}，{second}", f"{m_hat}，{v_hat}", move]
        before, m_old, v_old = after, m, v
    return Problem(
        prompt=bilingual(
            f"Adam (β₁ = 0.9, β₂ = 0.999, ε = 1e-8, η = {fmt(lr)}) starts with m = v = 0 at "
            f"θ = {fmt(theta)}. The gradients of steps t = 1 and t = 2 are {fmt(grads)}. "
            "With bias correction, what is θ after two steps?",
            f"Adam（β₁ = 0.9，β₂ = 0.999，ε = 1e-8，η = {fmt(lr)}）从 m = v = 0、"
            f"θ = {fmt(theta)} 开始。第 t = 1 和 t = 2 步的梯度依次为 {fmt(grads)}。"
            "做偏差修正，两步之后 θ 是多少？",
        ),
        answer=answer,
        solution=bilingual(_numbered(en, "."), _numbered(zh, "。")),
        params={"theta": theta, "grads": grads, "lr": lr},
        distractors=(
            Distractor(no_correction, NO_BIAS_CORRECTION),
            Distractor(no_sqrt, ADAM_NO_SQRT),
            Distractor(swapped, SWAPPED_BETAS),
            Distractor(2 * theta - answer, STEP_ADDED, optional=True),
        ),
    )
