"""Numeric templates for engine.activations.gelu: GELU(z) = z·Φ(z), from a given Φ(z), and
its tanh approximation (Hendrycks & Gimpel 2016) computed by hand.

The mistakes: Φ(z) alone (the weight, not the weighted input), the wrong tail
z·(1 − Φ(z)), the ½ of (1 + erf(z/√2))/2 applied twice, ReLU's value, and in the tanh
form the ½, the 1 of 1 + tanh, the cubic term or the √(2/π) scale left out.
"""

from __future__ import annotations

import math

import numpy as np

from engine.activations import GELU_CUBIC, SQRT_2_OVER_PI, gelu, normal_cdf
from quiz.numeric.base import (
    Degenerate,
    Distractor,
    Mistake,
    Problem,
    bilingual,
    factor,
    fmt,
    near_halfway,
    round_sig,
    rounded,
    template,
    unique,
)

ENGINE = "engine.activations:gelu"
LOWEST = -0.17
"""GELU's lowest value, about −0.16997 at z ≈ −0.75 (both forms): nothing below is possible."""

INPUT_FACTOR_FORGOTTEN = Mistake(
    "input-factor-forgotten",
    bilingual(
        "Φ(z) is only the weight: GELU multiplies the input by it, GELU(z) = z·Φ(z).",
        "Φ(z) 只是权重：GELU 用它乘以输入，GELU(z) = z·Φ(z)。",
    ),
)
WRONG_TAIL = Mistake(
    "wrong-tail",
    bilingual(
        "Φ(z) is the probability of being AT MOST z; z·(1 − Φ(z)) weights by the other tail.",
        "Φ(z) 是不大于 z 的概率；z·(1 − Φ(z)) 用的是另一侧的尾部概率。",
    ),
)
HALF_TWICE = Mistake(
    "half-applied-twice",
    bilingual(
        "The ½ in (z/2)(1 + erf(z/√2)) is already inside Φ(z) = (1 + erf(z/√2))/2: "
        "GELU(z) = z·Φ(z), not (z/2)·Φ(z).",
        "(z/2)(1 + erf(z/√2)) 中的 ½ 已经包含在 Φ(z) = (1 + erf(z/√2))/2 里："
        "GELU(z) = z·Φ(z)，而不是 (z/2)·Φ(z)。",
    ),
)
RELU_VALUE = Mistake(
    "relu-value",
    bilingual(
        "max(z, 0) is ReLU; GELU weights z by Φ(z) instead of gating it by its sign.",
        "max(z, 0) 是 ReLU；GELU 按 Φ(z) 给 z 加权，而不是按符号决定通过与否。",
    ),
)
HALF_FORGOTTEN = Mistake(
    "half-forgotten",
    bilingual(
        "The approximation starts with z/2: (z/2)(1 + tanh(…)), which tends to z for large z.",
        "近似式以 z/2 开头：(z/2)(1 + tanh(…))，z 很大时它趋于 z。",
    ),
)
CUBIC_FORGOTTEN = Mistake(
    "cubic-term-forgotten",
    bilingual(
        "Inside the tanh comes z + 0.044715·z³, not z alone.",
        "tanh 里面是 z + 0.044715·z³，而不只是 z。",
    ),
)
ONE_FORGOTTEN = Mistake(
    "one-forgotten",
    bilingual(
        "The bracket is (1 + tanh(…)): the tanh lies in (−1, 1) and the 1 shifts the weight "
        "into (0, 2), as 2Φ(z) is.",
        "括号里是 (1 + tanh(…))：tanh 在 (−1, 1) 内，加 1 后权重落在 (0, 2) 内，与 2Φ(z) 一致。",
    ),
)
SCALE_FORGOTTEN = Mistake(
    "scale-forgotten",
    bilingual(
        "Multiply z + 0.044715·z³ by √(2/π) ≈ 0.7979 before taking the tanh.",
        "取 tanh 之前要先把 z + 0.044715·z³ 乘以 √(2/π) ≈ 0.7979。",
    ),
)


def _input(rng: np.random.Generator) -> float:
    """z in [−2, 3] to one decimal, clearly away from 0 (where every form gives 0).

    Fewer negatives than positives: below 0 every named mistake lands above the key (or
    below GELU's lowest value, so it is never offered).
    """
    z = float(rounded(rng, -2.0, 3.0))
    if abs(z) < 0.3:
        raise Degenerate("z must be clearly non-zero")
    return z


@template(
    "gelu-from-normal-cdf",
    engines=[ENGINE],
    title=("GELU from the normal CDF", "由正态分布函数计算 GELU"),
    valid=(LOWEST, math.inf),
)
def gelu_from_normal_cdf(rng: np.random.Generator) -> Problem:
    """GELU(z) = z·Φ(z), with Φ(z) given to four decimals."""
    z = _input(rng)
    phi = float(normal_cdf(np.array(z)))
    shown = round(phi, 4)
    answer = float(gelu(np.array(z)))
    if near_halfway(answer, 3, 0.2) or round_sig(z * shown, 3) != round_sig(answer, 3):
        raise Degenerate("the rounded Φ(z) must give the same answer to three figures")
    return Problem(
        prompt=bilingual(
            f"GELU(z) = z·Φ(z), where Φ is the standard normal cumulative distribution "
            f"function. For z = {fmt(z)}, Φ(z) = {shown:.4f}. What is GELU(z)?",
            f"GELU(z) = z·Φ(z)，其中 Φ 是标准正态分布的累积分布函数。当 z = {fmt(z)} 时，"
            f"Φ(z) = {shown:.4f}。GELU(z) 是多少？",
        ),
        answer=answer,
        solution=bilingual(
            f"1. Φ({fmt(z)}) = {shown:.4f}: the weight of this input.\n"
            f"2. GELU(z) = z·Φ(z) = {fmt(z)} × {shown:.4f} = {fmt(answer)}.",
            f"1. Φ({fmt(z)}) = {shown:.4f}：这个输入的权重。\n"
            f"2. GELU(z) = z·Φ(z) = {fmt(z)} × {shown:.4f} = {fmt(answer)}。",
        ),
        params={"z": z},
        distractors=unique(
            answer,
            Distractor(phi, INPUT_FACTOR_FORGOTTEN),
            Distractor(z * (1 - phi), WRONG_TAIL),
            Distractor(z * phi / 2, HALF_TWICE),
            Distractor(max(z, 0.0), RELU_VALUE),
        ),
    )


def _tanh_form(z: float, *, half: float = 0.5, cubic: float = GELU_CUBIC, scale: float) -> float:
    return half * z * (1 + math.tanh(scale * (z + cubic * z**3)))


@template(
    "gelu-tanh-approximation",
    engines=[ENGINE],
    title=("GELU by its tanh approximation", "用 tanh 近似式计算 GELU"),
    valid=(LOWEST, math.inf),
)
def gelu_tanh_approximation(rng: np.random.Generator) -> Problem:
    """GELU(z) ≈ (z/2)(1 + tanh(√(2/π)(z + 0.044715 z³))), as F.gelu(approximate="tanh")."""
    z = _input(rng)
    if abs(z) > 2.5:
        raise Degenerate("far out every form is ReLU's value")
    inner = z + GELU_CUBIC * z**3
    t = math.tanh(SQRT_2_OVER_PI * inner)
    answer = float(gelu(np.array(z), approximate="tanh"))
    if near_halfway(answer, 3, 0.2):
        raise Degenerate("√(2/π) rounded by hand must not flip the third figure")
    return Problem(
        prompt=bilingual(
            'Some implementations (F.gelu(approximate="tanh"), GPT-2) compute GELU by the '
            "approximation GELU(z) ≈ (z/2)(1 + tanh(√(2/π)(z + 0.044715·z³))). What does it "
            f"give for z = {fmt(z)}?",
            '有些实现（F.gelu(approximate="tanh")、GPT-2）用近似式 '
            "GELU(z) ≈ (z/2)(1 + tanh(√(2/π)(z + 0.044715·z³))) 计算 GELU。"
            f"当 z = {fmt(z)} 时它给出多少？",
        ),
        answer=answer,
        solution=bilingual(
            f"1. z + 0.044715·z³ = {fmt(z)} + 0.044715 × {factor(z**3)} = {fmt(inner)}.\n"
            f"2. × √(2/π) ≈ 0.7979: {fmt(SQRT_2_OVER_PI * inner)}; tanh of it = {fmt(t)}.\n"
            f"3. (z/2)(1 + tanh) = {fmt(z / 2)} × {fmt(1 + t)} = {fmt(answer)}.",
            f"1. z + 0.044715·z³ = {fmt(z)} + 0.044715 × {factor(z**3)} = {fmt(inner)}。\n"
            f"2. 乘以 √(2/π) ≈ 0.7979：{fmt(SQRT_2_OVER_PI * inner)}；其 tanh = {fmt(t)}。\n"
            f"3. (z/2)(1 + tanh) = {fmt(z / 2)} × {fmt(1 + t)} = {fmt(answer)}。",
        ),
        params={"z": z},
        distractors=unique(
            answer,
            Distractor(_tanh_form(z, half=1.0, scale=SQRT_2_OVER_PI), HALF_FORGOTTEN),
            Distractor(_tanh_form(z, cubic=0.0, scale=SQRT_2_OVER_PI), CUBIC_FORGOTTEN),
            Distractor(_tanh_form(z, scale=1.0), SCALE_FORGOTTEN),
            Distractor(z / 2 * t, ONE_FORGOTTEN),
            Distractor(max(z, 0.0), RELU_VALUE),
        ),
    )
