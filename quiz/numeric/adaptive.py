"""Numeric templates for engine.optim's adaptive optimizers: RMSprop and Adam, one step from
a given state and two steps from the start.

Every answer is a parameter that the engine's optimizer produces. Mistaken values come from
the engine run with the mistaken inputs (swapped betas or alpha, one step too many) or from
the engine's own state transformed the mistaken way (Adam's m and v without bias
correction, RMSprop's running average without the square root).
"""

from __future__ import annotations

import math

import numpy as np

from engine.optim import Adam, RMSprop
from quiz.numeric.base import (
    Degenerate,
    Distractor,
    Mistake,
    Problem,
    bilingual,
    factor,
    fmt,
    nonzero,
    plural,
    rounded,
    template,
)
from quiz.numeric.momentum import MIN_STEP, parameter_path, scalar_state, stepped

EPS = 1e-8
"""ε of RMSprop and Adam (the engine's and PyTorch's default)."""

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


def _numbered(lines: list[str], stop: str) -> str:
    """Solution steps as a numbered list, each line ending with ``stop``."""
    return "\n".join(f"{i}. {line}{stop}" for i, line in enumerate(lines, 1))


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
    grad = float(nonzero(rng, -3.0, 3.0))
    s_prev = float(rounded(rng, 0.1, 4.0))
    alpha = float(rng.choice([0.8, 0.9]))
    lr = float(rng.choice([0.05, 0.1]))
    rmsprop = _rmsprop_at(lr, alpha, s_prev)
    [answer] = parameter_path(rmsprop, theta, [grad])
    s = scalar_state(rmsprop.square_avg)
    if abs(answer - theta) < MIN_STEP:
        raise Degenerate
    [swapped] = parameter_path(_rmsprop_at(lr, 1 - alpha, s_prev), theta, [grad])
    [stale] = parameter_path(_rmsprop_at(lr, 1.0, s_prev), theta, [grad])
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
            f"1. s = {fmt(alpha)} × {fmt(s_prev)} + {fmt(1 - alpha)} × {factor(grad)}² "
            f"= {fmt(s)}.\n"
            f"2. √s = {fmt(math.sqrt(s))}.\n"
            f"3. θ = {factor(theta)} − {fmt(lr)} × {factor(grad)} / {fmt(math.sqrt(s))} "
            f"= {fmt(answer)}.",
            f"1. s = {fmt(alpha)} × {fmt(s_prev)} + {fmt(1 - alpha)} × {factor(grad)}² "
            f"= {fmt(s)}。\n"
            f"2. √s = {fmt(math.sqrt(s))}。\n"
            f"3. θ = {factor(theta)} − {fmt(lr)} × {factor(grad)} / {fmt(math.sqrt(s))} "
            f"= {fmt(answer)}。",
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
    grads = [float(g) for g in nonzero(rng, -3.0, 3.0, size=2)]
    alpha = float(rng.choice([0.9, 0.99]))
    lr = float(rng.choice([0.01, 0.02, 0.05]))
    rmsprop = RMSprop(lr, alpha=alpha, eps=EPS)
    path, averages = stepped(rmsprop, theta, grads, lambda: scalar_state(rmsprop.square_avg))
    answer = path[-1]
    if min(abs(answer - theta), abs(path[0] - theta)) < MIN_STEP:
        raise Degenerate
    swapped = parameter_path(RMSprop(lr, alpha=1 - alpha, eps=EPS), theta, grads)[-1]
    no_sqrt = theta - lr * sum(g / (s + EPS) for g, s in zip(grads, averages, strict=True))
    corrected = theta - lr * sum(
        g / (math.sqrt(s / (1 - alpha ** (t + 1))) + EPS)
        for t, (g, s) in enumerate(zip(grads, averages, strict=True))
    )
    en, zh = [], []
    before, s_old = theta, 0.0
    for t, (g, s, after) in enumerate(zip(grads, averages, path, strict=True), 1):
        average = (
            f"s{t} = {fmt(alpha)} × {fmt(s_old, 6)} + {fmt(1 - alpha)} × {factor(g)}² = {fmt(s, 6)}"
        )
        root = f"√s{t} = {fmt(math.sqrt(s))}"
        move = (
            f"θ{t} = {factor(before)} − {fmt(lr)} × {factor(g)} / {fmt(math.sqrt(s))} "
            f"= {fmt(after)}"
        )
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
    grad = float(nonzero(rng, -2.0, 2.0))
    t = int(rng.integers(2, 6))
    lr = float(rng.choice([0.05, 0.1]))
    # The state comes from running Adam on t − 1 random gradients, so that it is one Adam
    # can reach (|m| ≤ √v up to the betas); it is shown rounded, and used as shown.
    past = [float(g) for g in nonzero(rng, -2.0, 2.0, size=t - 1)]
    history = Adam(lr, eps=EPS)
    parameter_path(history, 0.0, past)
    m_prev = float(f"{scalar_state(history.m):.4g}")
    v_prev = float(f"{scalar_state(history.v):.4g}")
    adam = _adam_at(lr, m_prev, v_prev, t)
    [answer] = parameter_path(adam, theta, [grad])
    if abs(answer - theta) < MIN_STEP:
        raise Degenerate
    if abs(answer) < MIN_STEP:
        # θ − η·m̂/√v̂ is exactly 0 by hand (θ = −0.1, η·m̂/√v̂ = −0.1); only ε leaves a key
        # such as -1.43e-9, which the hand-worked 0 would not match.
        raise Degenerate("θ lands on 0, where ε alone decides the key")
    m, v = scalar_state(adam.m), scalar_state(adam.v)
    m_hat, v_hat = (float(moment[0]) for moment in adam.bias_corrected())
    [wrong_t] = parameter_path(_adam_at(lr, m_prev, v_prev, t - 1), theta, [grad])
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
            f"1. m = 0.9 × {factor(m_prev)} + 0.1 × {factor(grad)} = {fmt(m, 6)}.\n"
            f"2. v = 0.999 × {fmt(v_prev)} + 0.001 × {factor(grad)}² = {fmt(v, 6)}.\n"
            f"3. m̂ = m / (1 − 0.9^{t}) = {fmt(m, 6)} / {fmt(c1, 6)} = {fmt(m_hat)}; "
            f"v̂ = v / (1 − 0.999^{t}) = {fmt(v, 6)} / {fmt(c2, 6)} = {fmt(v_hat)}.\n"
            f"4. θ = {factor(theta)} − {fmt(lr)} × {factor(m_hat)} / {fmt(math.sqrt(v_hat))} "
            f"= {fmt(answer)}.",
            f"1. m = 0.9 × {factor(m_prev)} + 0.1 × {factor(grad)} = {fmt(m, 6)}。\n"
            f"2. v = 0.999 × {fmt(v_prev)} + 0.001 × {factor(grad)}² = {fmt(v, 6)}。\n"
            f"3. m̂ = m / (1 − 0.9^{t}) = {fmt(m, 6)} / {fmt(c1, 6)} = {fmt(m_hat)}；"
            f"v̂ = v / (1 − 0.999^{t}) = {fmt(v, 6)} / {fmt(c2, 6)} = {fmt(v_hat)}。\n"
            f"4. θ = {factor(theta)} − {fmt(lr)} × {factor(m_hat)} / {fmt(math.sqrt(v_hat))} "
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
    grads = [float(g) for g in nonzero(rng, -2.0, 2.0, size=2)]
    lr = float(rng.choice([0.01, 0.05, 0.1]))
    adam = Adam(lr, eps=EPS)

    def moments() -> tuple[float, float, float, float]:
        m_hat, v_hat = adam.bias_corrected()
        return scalar_state(adam.m), scalar_state(adam.v), float(m_hat[0]), float(v_hat[0])

    path, states = stepped(adam, theta, grads, moments)
    answer = path[-1]
    if min(abs(answer - theta), abs(path[0] - theta)) < MIN_STEP:
        raise Degenerate
    no_correction = theta - lr * sum(m / (math.sqrt(v) + EPS) for m, v, _, _ in states)
    no_sqrt = theta - lr * sum(mh / (vh + EPS) for _, _, mh, vh in states)
    swapped = parameter_path(Adam(lr, betas=(0.999, 0.9), eps=EPS), theta, grads)[-1]
    en, zh = [], []
    before, m_old, v_old = theta, 0.0, 0.0
    for t, (g, (m, v, mh, vh), after) in enumerate(zip(grads, states, path, strict=True), 1):
        first = f"m = 0.9 × {factor(m_old, 6)} + 0.1 × {factor(g)} = {fmt(m, 6)}"
        second = f"v = 0.999 × {fmt(v_old, 6)} + 0.001 × {factor(g)}² = {fmt(v, 6)}"
        m_hat_line = f"m̂ = m / (1 − 0.9^{t}) = {fmt(mh)}"
        v_hat_line = f"v̂ = v / (1 − 0.999^{t}) = {fmt(vh)}"
        move = (
            f"θ = {factor(before)} − {fmt(lr)} × {factor(mh)} / {fmt(math.sqrt(vh))} = {fmt(after)}"
        )
        en += [f"t = {t}: {first}, {second}", f"{m_hat_line}, {v_hat_line}", move]
        zh += [f"t = {t}：{first}，{second}", f"{m_hat_line}，{v_hat_line}", move]
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
