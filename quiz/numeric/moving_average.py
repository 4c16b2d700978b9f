"""Numeric templates for engine.moving_average: the bias-corrected exponential moving
average of a few observations, and the weight a value k steps old keeps.

mₜ = β·mₜ₋₁ + (1 − β)·uₜ from m₀ = 0, m̂ₜ = mₜ / (1 − βᵗ); unrolled, uₜ₋ₖ has the weight
(1 − β)·βᵏ in mₜ. The mistakes: no correction, dividing by 1 − β instead of 1 − βᵗ,
multiplying by 1 − βᵗ, feeding the corrected value back into the recursion, the plain
mean, the exponent one off, the factor 1 − β forgotten, β and 1 − β swapped, equal weights
1 − β over the window.
"""

from __future__ import annotations

import numpy as np

from engine.moving_average import bias_corrected, ema, ema_weights
from quiz.numeric.base import (
    PROBABILITY,
    Degenerate,
    Distractor,
    Mistake,
    Problem,
    bilingual,
    fmt,
    near_halfway,
    plural,
    template,
    unique,
)

ENGINE = "engine.moving_average:ema"
SUBSCRIPT = str.maketrans("0123456789", "₀₁₂₃₄₅₆₇₈₉")


def _sub(n: int) -> str:
    """``n`` as subscript digits, so that u₃ reads like u₁ and uₜ."""
    return str(n).translate(SUBSCRIPT)


NOT_CORRECTED = Mistake(
    "not-bias-corrected",
    bilingual(
        "That is mₜ itself, pulled toward m₀ = 0; the bias-corrected average divides it by 1 − βᵗ.",
        "那是 mₜ 本身，它被 m₀ = 0 拉低了；偏差修正后的平均值还要除以 1 − βᵗ。",
    ),
)
DIVIDED_BY_ONE_MINUS_BETA = Mistake(
    "divided-by-one-minus-beta",
    bilingual(
        "The correction is 1 − βᵗ, β to the power of the step t, not 1 − β: the weights of "
        "u₁ … uₜ sum to 1 − βᵗ.",
        "修正因子是 1 − βᵗ（β 的 t 次方，t 为步数），而不是 1 − β：u₁ … uₜ 的权重之和为 1 − βᵗ。",
    ),
)
CORRECTION_MULTIPLIED = Mistake(
    "correction-multiplied",
    bilingual(
        "mₜ is too small because its weights sum to 1 − βᵗ < 1: divide by 1 − βᵗ to scale it "
        "up, do not multiply.",
        "mₜ 偏小是因为它的权重之和为 1 − βᵗ < 1：要除以 1 − βᵗ 把它放大，而不是乘以它。",
    ),
)
CORRECTED_FED_BACK = Mistake(
    "corrected-value-fed-back",
    bilingual(
        "The recursion runs on the uncorrected mₜ₋₁; the correction is applied to the output "
        "only, never fed back into mₜ = β·mₜ₋₁ + (1 − β)·uₜ.",
        "递推使用的是未修正的 mₜ₋₁；修正只作用于输出，不能代回 mₜ = β·mₜ₋₁ + (1 − β)·uₜ。",
    ),
)
PLAIN_MEAN = Mistake(
    "plain-mean",
    bilingual(
        "An EMA weights recent values more, uₜ₋ₖ by (1 − β)·βᵏ; equal weights give the plain "
        "mean, a different number.",
        "指数移动平均给近期的值更大的权重，uₜ₋ₖ 的权重为 (1 − β)·βᵏ；等权重得到的是普通平均数，"
        "结果不同。",
    ),
)
ONE_MINUS_BETA_FORGOTTEN = Mistake(
    "one-minus-beta-forgotten",
    bilingual(
        "Every new value enters with the factor 1 − β, so uₜ₋ₖ keeps (1 − β)·βᵏ, not βᵏ.",
        "每个新值进入时都乘以 1 − β，所以 uₜ₋ₖ 保留的权重是 (1 − β)·βᵏ，而不是 βᵏ。",
    ),
)
EXPONENT_TOO_SMALL = Mistake(
    "exponent-one-too-small",
    bilingual(
        "uₜ₋ₖ has been multiplied by β once per later step, k times: (1 − β)·βᵏ, not "
        "(1 − β)·βᵏ⁻¹ (uₜ itself has weight (1 − β)·β⁰).",
        "uₜ₋ₖ 之后每过一步乘一次 β，共 k 次：(1 − β)·βᵏ，而不是 (1 − β)·βᵏ⁻¹"
        "（uₜ 本身的权重是 (1 − β)·β⁰）。",
    ),
)
EXPONENT_TOO_LARGE = Mistake(
    "exponent-one-too-large",
    bilingual(
        "uₜ₋ₖ has been multiplied by β once per later step, k times: (1 − β)·βᵏ, not (1 − β)·βᵏ⁺¹.",
        "uₜ₋ₖ 之后每过一步乘一次 β，共 k 次：(1 − β)·βᵏ，而不是 (1 − β)·βᵏ⁺¹。",
    ),
)
EQUAL_WINDOW = Mistake(
    "equal-weights-over-the-window",
    bilingual(
        "An EMA covers ROUGHLY 1 / (1 − β) values, but not with equal weights 1 − β each: the "
        "weight decays geometrically, (1 − β)·βᵏ.",
        "指数移动平均大致覆盖 1 / (1 − β) 个值，但并不是每个值都取相等的权重 1 − β："
        "权重按几何级数衰减，(1 − β)·βᵏ。",
    ),
)
ROLES_SWAPPED = Mistake(
    "beta-roles-swapped",
    bilingual(
        "β multiplies the old average and 1 − β the new value: (1 − β)·βᵏ, not β·(1 − β)ᵏ.",
        "β 乘的是旧的平均值，1 − β 乘的是新值：(1 − β)·βᵏ，而不是 β·(1 − β)ᵏ。",
    ),
)


@template(
    "ema-bias-corrected",
    engines=[ENGINE],
    title=("A bias-corrected exponential moving average", "偏差修正后的指数移动平均"),
)
def ema_bias_corrected(rng: np.random.Generator) -> Problem:
    """m̂ₜ = mₜ / (1 − βᵗ) after t = 2 or 3 observations from m₀ = 0."""
    beta = float(rng.choice([0.5, 0.8, 0.9]))
    t = int(rng.choice([2, 3]))
    values = [float(v) for v in rng.integers(1, 21, size=t)]
    if len(set(values)) < t:
        raise Degenerate("distinct observations show the weighting")
    averages = ema(np.array(values), beta)
    answer = float(bias_corrected(averages, beta)[-1])
    m = float(averages[-1])
    if near_halfway(answer, 3):
        raise Degenerate("a key on a rounding midpoint")
    fed_back = 0.0
    for step, u in enumerate(values, start=1):
        fed_back = (beta * fed_back + (1 - beta) * u) / (1 - beta**step)
    shown = ", ".join(fmt(v) for v in values)
    shown_zh = "、".join(fmt(v) for v in values)
    lines_en, lines_zh = [], []
    previous = 0.0
    for step, (u, m_step) in enumerate(zip(values, averages, strict=True), start=1):
        line = (
            f"m{_sub(step)} = {fmt(beta)} × {fmt(previous)} + {fmt(1 - beta)} × {fmt(u)} "
            f"= {fmt(m_step)}"
        )
        lines_en.append(f"{step}. {line}.")
        lines_zh.append(f"{step}. {line}。")
        previous = float(m_step)
    correction = 1 - beta**t
    last_en = (
        f"{t + 1}. m̂{_sub(t)} = m{_sub(t)} / (1 − {fmt(beta)}^{t}) = {fmt(m)} / "
        f"{fmt(correction)} = "
    )
    return Problem(
        prompt=bilingual(
            f"An exponential moving average mₜ = β·mₜ₋₁ + (1 − β)·uₜ with β = {fmt(beta)} "
            f"starts at m₀ = 0 and observes u₁ … u{_sub(t)} = {shown}. What is the bias-corrected "
            f"average m̂{_sub(t)} = m{_sub(t)} / (1 − β^{t})?",
            f"指数移动平均 mₜ = β·mₜ₋₁ + (1 − β)·uₜ，β = {fmt(beta)}，从 m₀ = 0 开始，"
            f"依次观测到 u₁ … u{_sub(t)} = {shown_zh}。偏差修正后的平均值 "
            f"m̂{_sub(t)} = m{_sub(t)} / (1 − β^{t}) 是多少？",
        ),
        answer=answer,
        solution=bilingual(
            "\n".join([*lines_en, last_en + f"{fmt(answer)}."]),
            "\n".join([*lines_zh, last_en + f"{fmt(answer)}。"]),
        ),
        params={"beta": beta, "values": values},
        distractors=unique(
            answer,
            Distractor(m, NOT_CORRECTED),
            Distractor(m / (1 - beta), DIVIDED_BY_ONE_MINUS_BETA),
            Distractor(fed_back, CORRECTED_FED_BACK),
            Distractor(m * correction, CORRECTION_MULTIPLIED),
            Distractor(float(np.mean(values)), PLAIN_MEAN, optional=True),
        ),
    )


@template(
    "ema-weight-of-an-old-value",
    engines=[ENGINE],
    title=("The weight of an old value in an EMA", "指数移动平均中旧值的权重"),
    valid=PROBABILITY,
)
def ema_weight_of_an_old_value(rng: np.random.Generator) -> Problem:
    """uₜ₋ₖ keeps the weight (1 − β)·βᵏ in mₜ (t > k, m₀ = 0)."""
    beta = float(rng.choice([0.6, 0.8, 0.9, 0.95, 0.99]))
    k = int(rng.integers(1, 6))
    answer = float(ema_weights(beta, k + 1)[0])
    if near_halfway(answer, 3):
        raise Degenerate("a key on a rounding midpoint")
    return Problem(
        prompt=bilingual(
            f"An exponential moving average mₜ = β·mₜ₋₁ + (1 − β)·uₜ with β = {fmt(beta)} "
            f"starts at m₀ = 0. Written out as a weighted sum of u₁ … uₜ, what weight does mₜ "
            f"give the value uₜ₋{_sub(k)}, observed {plural(k, 'step')} before uₜ (t > {k})?",
            f"指数移动平均 mₜ = β·mₜ₋₁ + (1 − β)·uₜ，β = {fmt(beta)}，从 m₀ = 0 开始。"
            f"把 mₜ 展开为 u₁ … uₜ 的加权和时，比 uₜ 早 {k} 步观测到的 uₜ₋{_sub(k)} 的权重是多少"
            f"（t > {k}）？",
        ),
        answer=answer,
        solution=bilingual(
            f"1. uₜ₋{_sub(k)} enters with the factor 1 − β = {fmt(1 - beta)}.\n"
            f"2. Each later step ({k} of them) multiplies the average by β: β^{k} = "
            f"{fmt(beta**k)}.\n"
            f"3. Weight (1 − β)·β^{k} = {fmt(1 - beta)} × {fmt(beta**k)} = {fmt(answer)}.",
            f"1. uₜ₋{_sub(k)} 进入时乘以 1 − β = {fmt(1 - beta)}。\n"
            f"2. 之后的 {k} 步每步把平均值乘以 β：β^{k} = {fmt(beta**k)}。\n"
            f"3. 权重 (1 − β)·β^{k} = {fmt(1 - beta)} × {fmt(beta**k)} = {fmt(answer)}。",
        ),
        params={"beta": beta, "k": k},
        distractors=unique(
            answer,
            Distractor(beta**k, ONE_MINUS_BETA_FORGOTTEN),
            Distractor((1 - beta) * beta ** (k - 1), EXPONENT_TOO_SMALL),
            Distractor((1 - beta) * beta ** (k + 1), EXPONENT_TOO_LARGE),
            Distractor(beta * (1 - beta) ** k, ROLES_SWAPPED),
            Distractor(1 - beta, EQUAL_WINDOW),
        ),
    )
