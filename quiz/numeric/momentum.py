"""Numeric templates for engine.optim's SGD with momentum: the parameter after a few steps,
and the velocity a step builds.

Every answer is a parameter or velocity that the engine's optimizer produces. Mistaken values
come from the engine run with the mistaken inputs (momentum as an EMA, no momentum, the
velocity updated after the step, ...).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

import numpy as np

from engine.optim import SGD, Adam, RMSprop
from quiz.numeric.base import (
    Degenerate,
    Distractor,
    Mistake,
    Problem,
    bilingual,
    factor,
    fmt,
    nonzero,
    rounded,
    template,
)

MIN_STEP = 0.02
"""The smallest change of the parameter a question asks about, so that not updating at all
is clearly wrong."""

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


T = TypeVar("T")


def parameter_path(
    optimizer: SGD | RMSprop | Adam, theta: float, grads: list[float]
) -> list[float]:
    """The scalar parameter after each step of ``optimizer`` with the given gradients."""
    return stepped(optimizer, theta, grads, lambda: None)[0]


def stepped(
    optimizer: SGD | RMSprop | Adam,
    theta: float,
    grads: list[float],
    observe: Callable[[], T],
) -> tuple[list[float], list[T]]:
    """The scalar parameter after each step of ``optimizer``, and what ``observe`` reads
    of the optimizer's state right after that step (a velocity, a running average)."""
    params, path, seen = [np.array(theta)], [], []
    for grad in grads:
        params = optimizer.step(params, [np.array(grad)])
        path.append(float(params[0]))
        seen.append(observe())
    return path, seen


def scalar_state(state: list[np.ndarray] | None) -> float:
    """The scalar parameter's entry of an optimizer's state (velocity, running average)
    once the optimizer has stepped (before its first step the engine keeps None)."""
    if state is None:
        raise ValueError("the optimizer has not taken a step yet")
    return float(state[0])


@template(
    "sgd-momentum-steps",
    engines=["engine.optim:SGD"],
    title=("Three SGD steps with momentum", "带动量 SGD 的三步"),
    rel=0.005,
)
def sgd_momentum_steps(rng: np.random.Generator) -> Problem:
    """v ← μv + g (v = g at the first step), θ ← θ − ηv, three times."""
    theta = float(rounded(rng, -2.0, 2.0))
    grads = [float(g) for g in nonzero(rng, -2.0, 2.0, size=3)]
    lr = float(rng.choice([0.1, 0.2]))
    mu = float(rng.choice([0.5, 0.8, 0.9]))
    sgd = SGD(lr, momentum=mu)
    path, velocities = stepped(sgd, theta, grads, lambda: scalar_state(sgd.velocity))
    answer = path[-1]
    if abs(answer - theta) < MIN_STEP:
        raise Degenerate
    ema = parameter_path(SGD(lr, momentum=mu), theta, [(1 - mu) * g for g in grads])[-1]
    plain = parameter_path(SGD(lr), theta, grads)[-1]
    late = parameter_path(SGD(lr, momentum=mu), theta, grads[:2])[-1]
    lines_en, lines_zh = [], []
    before = theta
    for t, (g, v, after) in enumerate(zip(grads, velocities, path, strict=True)):
        velocity = (
            f"v = g = {fmt(v)}"
            if t == 0
            else f"v = {fmt(mu)} × {factor(velocities[t - 1])} + {factor(g)} = {fmt(v)}"
        )
        move = f"θ = {factor(before)} − {fmt(lr)} × {factor(v)} = {fmt(after)}"
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
    grad = float(nonzero(rng, -2.0, 2.0))
    mu = float(rng.choice([0.5, 0.8, 0.9]))
    lr = float(rng.choice([0.01, 0.1]))
    steps = int(rng.integers(3, 6))

    def velocity(momentum: float, g: float) -> float:
        sgd = SGD(lr, momentum=momentum)
        parameter_path(sgd, 0.0, [g] * steps)
        return scalar_state(sgd.velocity)

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
            f"2. The sum is {fmt(total)}, so v = {factor(grad)} × {fmt(total)} = {fmt(answer)} "
            "(η plays no part in v).",
            f"1. 每一步把旧速度乘以 μ 再加上 g，所以 {steps} 步之后 v = g × ({terms})。\n"
            f"2. 括号内之和为 {fmt(total)}，所以 v = {factor(grad)} × {fmt(total)} = {fmt(answer)}"
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
