"""Numeric templates for engine.regularization's dropout: the output of a dropout layer, and
what the next layer computes from it.

Dropout masks are drawn by the engine itself from a seed kept in the parameters; the question
shows the mask it drew.
"""

from __future__ import annotations

import numpy as np

from engine.regularization import dropout
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

DROP_PROBABILITIES = (0.2, 0.25, 0.4, 0.6, 0.75)
"""p values for dropout questions (not 0.5, where 1/p and 1/(1 − p) coincide)."""

NO_RESCALING = Mistake(
    "no-rescaling",
    bilingual(
        "Inverted dropout divides the kept values by 1 − p during training, so that the "
        "expected output equals the input.",
        "反向（inverted）dropout 在训练时把保留的值除以 1 − p，使输出的期望等于输入。",
    ),
)
DIVIDE_BY_P = Mistake(
    "divide-by-p",
    bilingual(
        "Divide by the keep probability 1 − p, not by the drop probability p.",
        "要除以保留概率 1 − p，而不是丢弃概率 p。",
    ),
)
KEEP_PROB_SCALING = Mistake(
    "times-keep-probability",
    bilingual(
        "Multiplying by 1 − p is the old test-time rule of non-inverted dropout; inverted "
        "dropout divides the kept values by 1 − p during training.",
        "乘以 1 − p 是非反向 dropout 在测试时的做法；反向 dropout 在训练时把保留的值除以 1 − p。",
    ),
)
MASK_IGNORED = Mistake(
    "mask-ignored",
    bilingual(
        "In training the dropped elements are 0; only at inference does dropout pass x "
        "through unchanged.",
        "训练时被丢弃的元素为 0；只有推理时 dropout 才原样输出 x。",
    ),
)


def _draw_mask(rng: np.random.Generator, x: np.ndarray, p: float) -> tuple[int, np.ndarray]:
    """A seed for the engine's dropout and the output it gives: some kept, some dropped."""
    seed = int(rng.integers(2**16))
    out = dropout(x, p, np.random.default_rng(seed))
    if np.all(out == 0) or np.all(out != 0):
        raise Degenerate
    return seed, out


@template(
    "dropout-masked-output",
    engines=["engine.regularization:dropout"],
    title=("Inverted dropout with a given mask", "给定掩码的反向 dropout"),
)
def dropout_masked_output(rng: np.random.Generator) -> Problem:
    """out = x · m / (1 − p), m the keep mask."""
    x = rounded(rng, 0.1, 3.0, size=4)
    p = float(rng.choice(DROP_PROBABILITIES))
    seed, out = _draw_mask(rng, x, p)
    mask = (out != 0).astype(int)
    answer = as_value(out)
    scale = 1 / (1 - p)
    kept = [f"{fmt(v)} × {fmt(scale)} = {fmt(v * scale)}" for v in x[mask == 1]]
    return Problem(
        prompt=bilingual(
            f"Inverted dropout (PyTorch's: p is the probability of dropping) with p = {fmt(p)} is "
            f"applied in training to x = {fmt(x)}. The random mask is m = {fmt(mask)} "
            "(1 = kept, 0 = dropped). What is the output?",
            f"在训练中对 x = {fmt(x)} 做反向 dropout（PyTorch 的约定：p 是丢弃概率），"
            f"p = {fmt(p)}。随机掩码为 m = {fmt(mask)}（1 = 保留，0 = 丢弃）。输出是多少？",
        ),
        answer=answer,
        solution=bilingual(
            f"1. Dropped elements become 0; kept ones are multiplied by 1 / (1 − {fmt(p)}) "
            f"= {fmt(scale)}: {', '.join(kept)}.\n2. Output = {fmt(answer)}.",
            f"1. 被丢弃的元素变为 0；保留的元素乘以 1 / (1 − {fmt(p)}) = {fmt(scale)}："
            f"{'，'.join(kept)}。\n"
            f"2. 输出 = {fmt(answer)}。",
        ),
        params={"x": x.tolist(), "p": p, "mask": mask.tolist(), "mask_seed": seed},
        distractors=(
            Distractor(as_value(out * (1 - p)), NO_RESCALING),
            Distractor(as_value(out * (1 - p) / p), DIVIDE_BY_P),
            Distractor(as_value(out * (1 - p) ** 2), KEEP_PROB_SCALING),
        ),
    )


@template(
    "dropout-next-layer",
    engines=["engine.regularization:dropout"],
    title=("A neuron after dropout", "dropout 之后的神经元"),
)
def dropout_next_layer(rng: np.random.Generator) -> Problem:
    """y = Σ wᵢ · xᵢ · mᵢ / (1 − p)."""
    x = rounded(rng, 0.1, 3.0, size=4)
    w = nonzero(rng, -1.0, 1.0, size=4)
    p = float(rng.choice(DROP_PROBABILITIES))
    seed, out = _draw_mask(rng, x, p)
    mask = (out != 0).astype(int)
    answer = float(w @ out)
    inference = float(w @ dropout(x, p, rng, training=False))
    terms = " + ".join(f"{factor(wi)} × {fmt(oi)}" for wi, oi in zip(w, out, strict=True) if oi)
    return Problem(
        prompt=bilingual(
            f"Inverted dropout (p = {fmt(p)} is the probability of dropping) is applied in "
            f"training to x = {fmt(x)} with the random mask m = {fmt(mask)} (1 = kept). The next "
            f"neuron computes y = w · dropout(x) with w = {fmt(w)} (no bias). What is y?",
            f"训练时对 x = {fmt(x)} 做反向 dropout（p = {fmt(p)} 为丢弃概率），随机掩码为 "
            f"m = {fmt(mask)}（1 = 保留）。下一个神经元计算 y = w · dropout(x)，w = {fmt(w)}"
            "（无偏置）。y 是多少？",
        ),
        answer=answer,
        solution=bilingual(
            f"1. dropout(x) = x · m / (1 − {fmt(p)}) = {fmt(out)}.\n"
            f"2. y = {terms} = {fmt(answer)} (the dropped terms are 0).\n"
            f"(Averaged over all masks E[y] = w · x = {fmt(inference)}, the value at inference.)",
            f"1. dropout(x) = x · m / (1 − {fmt(p)}) = {fmt(out)}。\n"
            f"2. y = {terms} = {fmt(answer)}（被丢弃的项为 0）。\n"
            f"（对所有掩码取平均，E[y] = w · x = {fmt(inference)}，即推理时的值。）",
        ),
        params={"x": x.tolist(), "w": w.tolist(), "p": p, "mask": mask.tolist(), "mask_seed": seed},
        distractors=(
            Distractor(answer * (1 - p), NO_RESCALING),
            Distractor(answer * (1 - p) / p, DIVIDE_BY_P),
            Distractor(inference, MASK_IGNORED),
        ),
    )
