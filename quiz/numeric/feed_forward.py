"""Numeric templates for the Transformer's position-wise feed-forward network
(engine.transformer:feed_forward, Vaswani et al., 2017, section 3.3):

    FFN(x) = max(0, x W₁ᵀ + b₁) W₂ᵀ + b₂

applied to each position by itself, with the same weights at every position. Small
integer weights (model width E = 2, hidden width F = 3) keep every answer a whole number."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from engine.transformer import feed_forward
from quiz.numeric.base import (
    Distractor,
    Mistake,
    Problem,
    bilingual,
    factor,
    fmt,
    template,
)

ENGINE = "engine.transformer:feed_forward"

NO_RELU = Mistake(
    "no-relu",
    bilingual(
        "The hidden layer passes through the ReLU, max(0, ·): negative pre-activations "
        "become 0 before the second linear layer.",
        "隐藏层要经过 ReLU，即 max(0, ·)：负的预激活值在进入第二个线性层之前变为 0。",
    ),
)
B1_AFTER_RELU = Mistake(
    "b1-after-relu",
    bilingual(
        "The first bias b₁ is added before the ReLU, inside max(0, x W₁ᵀ + b₁), not after it.",
        "第一个偏置 b₁ 在 ReLU 之前加上，即在 max(0, x W₁ᵀ + b₁) 之内，而不是之后。",
    ),
)
NO_SECOND_BIAS = Mistake(
    "no-second-bias",
    bilingual(
        "The second linear layer has its own bias b₂: add it to the output.",
        "第二个线性层有自己的偏置 b₂：要把它加到输出上。",
    ),
)
OTHER_POSITION = Mistake(
    "other-position",
    bilingual(
        "Positions are numbered from 0: position 1 is the second row. This is the other "
        "position's output.",
        "位置从 0 开始编号：位置 1 是第二行。这是另一个位置的输出。",
    ),
)
MEAN_OF_POSITIONS = Mistake(
    "mixed-positions",
    bilingual(
        "The feed-forward network is position-wise: each position goes through it on its "
        "own; it does not mix positions (attention does that). This is the FFN of the "
        "positions' mean.",
        "前馈网络是逐位置的：每个位置单独通过它，不混合不同位置（混合位置的是注意力）。"
        "这是对各位置平均值做前馈的结果。",
    ),
)


@dataclass(frozen=True)
class _Weights:
    W1: np.ndarray  # (F, E), linear1.weight
    b1: np.ndarray  # (F,)
    W2: np.ndarray  # (E, F), linear2.weight
    b2: np.ndarray  # (E,)

    def params(self) -> dict[str, np.ndarray]:
        return {
            "linear1.weight": self.W1,
            "linear1.bias": self.b1,
            "linear2.weight": self.W2,
            "linear2.bias": self.b2,
        }

    def apply(self, x: np.ndarray, **changes: np.ndarray) -> np.ndarray:
        """FFN of the rows of ``x`` (L, E) by the engine, with some parameters replaced."""
        return feed_forward(x[None], {**self.params(), **changes})[0]

    def to_json(self) -> dict[str, list]:
        return {k: v.tolist() for k, v in self.params().items()}


def _weights(rng: np.random.Generator) -> _Weights:
    return _Weights(
        W1=rng.integers(-2, 3, size=(3, 2)).astype(float),
        b1=rng.integers(-1, 2, size=3).astype(float),
        W2=rng.integers(-2, 3, size=(2, 3)).astype(float),
        b2=rng.choice([-2.0, -1.0, 1.0, 2.0], size=2),
    )


def _no_relu(w: _Weights, x: np.ndarray) -> np.ndarray:
    """x W₁ᵀ + b₁ fed to the second layer as it is (the ReLU left out)."""
    return (x @ w.W1.T + w.b1) @ w.W2.T + w.b2


def _b1_after_relu(w: _Weights, x: np.ndarray) -> np.ndarray:
    return (np.maximum(x @ w.W1.T, 0.0) + w.b1) @ w.W2.T + w.b2


def _steps(w: _Weights, x: np.ndarray, entry: int, out: float) -> tuple[str, str]:
    """The worked computation for one position ``x`` (E,), ending in output ``entry``."""
    pre = x @ w.W1.T + w.b1
    hidden = np.maximum(pre, 0.0)
    terms = " + ".join(
        f"{factor(a)} × {factor(h)}" for a, h in zip(w.W2[entry], hidden, strict=True)
    )
    return (
        f"Hidden pre-activations x W₁ᵀ + b₁ = {fmt(pre)}; after the ReLU h = {fmt(hidden)}. "
        f"Output entry {entry} = row {entry} of W₂ · h + b₂[{entry}] = {terms} + "
        f"{factor(w.b2[entry])} = {fmt(out)}.",
        f"隐藏层预激活 x W₁ᵀ + b₁ = {fmt(pre)}；经过 ReLU 得 h = {fmt(hidden)}。"
        f"输出第 {entry} 个分量 = W₂ 的第 {entry} 行 · h + b₂[{entry}] = {terms} + "
        f"{factor(w.b2[entry])} = {fmt(out)}。",
    )


def _weights_text(w: _Weights) -> tuple[str, str]:
    shown = f"W₁ = {fmt(w.W1)}, b₁ = {fmt(w.b1)}, W₂ = {fmt(w.W2)}, b₂ = {fmt(w.b2)}"
    return (
        "A Transformer's position-wise feed-forward network computes "
        f"FFN(x) = max(0, x W₁ᵀ + b₁) W₂ᵀ + b₂ (model width 2, hidden width 3) with {shown}",
        "Transformer 的逐位置前馈网络计算 FFN(x) = max(0, x W₁ᵀ + b₁) W₂ᵀ + b₂"
        f"（模型宽度 2，隐藏层宽度 3），其中 {shown}",
    )


@template(
    "ffn-output-entry",
    engines=[ENGINE],
    title=("One output of a position-wise feed-forward network", "逐位置前馈网络的一个输出"),
    rel=0.0,
    abs=0.5,
    integer=True,
)
def ffn_output_entry(rng: np.random.Generator) -> Problem:
    """FFN(x)[j] = Σ_f W₂[j, f] · max(0, (x W₁ᵀ + b₁)_f) + b₂[j] for one position x."""
    w = _weights(rng)
    x = rng.integers(-2, 4, size=(1, 2)).astype(float)
    entry = int(rng.integers(2))
    out = float(w.apply(x)[0, entry])
    intro_en, intro_zh = _weights_text(w)
    steps_en, steps_zh = _steps(w, x[0], entry, out)
    return Problem(
        prompt=bilingual(
            f"{intro_en}. For the input x = {fmt(x[0])} at one position, what is entry "
            f"{entry} of FFN(x) (entries numbered from 0)?",
            f"{intro_zh}。对某个位置的输入 x = {fmt(x[0])}，FFN(x) 的第 {entry} 个分量"
            "（分量从 0 开始编号）是多少？",
        ),
        answer=out,
        solution=bilingual(steps_en, steps_zh),
        params={**w.to_json(), "x": x[0].tolist(), "entry": entry},
        distractors=(
            Distractor(float(_no_relu(w, x)[0, entry]), NO_RELU),
            Distractor(
                float(w.apply(x, **{"linear2.bias": np.zeros(2)})[0, entry]), NO_SECOND_BIAS
            ),
            Distractor(float(_b1_after_relu(w, x)[0, entry]), B1_AFTER_RELU, optional=True),
        ),
    )


@template(
    "ffn-position-wise",
    engines=[ENGINE],
    title=(
        "The feed-forward network at one position of a sequence",
        "序列中一个位置的前馈网络输出",
    ),
    rel=0.0,
    abs=0.5,
    integer=True,
)
def ffn_position_wise(rng: np.random.Generator) -> Problem:
    """FFN applied to position t of a two-position sequence: the other position plays no
    part (the same weights, applied to each row by itself)."""
    w = _weights(rng)
    x = rng.integers(-2, 4, size=(2, 2)).astype(float)
    row = int(rng.integers(2))
    entry = int(rng.integers(2))
    outputs = w.apply(x)
    out = float(outputs[row, entry])
    intro_en, intro_zh = _weights_text(w)
    steps_en, steps_zh = _steps(w, x[row], entry, out)
    mixed = float(w.apply(x.mean(axis=0, keepdims=True))[0, entry])
    return Problem(
        prompt=bilingual(
            f"{intro_en}. It is applied to a sequence of two positions X = {fmt(x)} (one row "
            f"per position). What is entry {entry} of the output at position {row} (rows and "
            "entries numbered from 0)?",
            f"{intro_zh}。把它用于有两个位置的序列 X = {fmt(x)}（每个位置一行）。位置 {row} 的"
            f"输出的第 {entry} 个分量（行与分量都从 0 开始编号）是多少？",
        ),
        answer=out,
        solution=bilingual(
            f"Position-wise: only row {row}, x = {fmt(x[row])}, enters. {steps_en}",
            f"逐位置计算：只用第 {row} 行 x = {fmt(x[row])}。{steps_zh}",
        ),
        params={**w.to_json(), "x": x.tolist(), "row": row, "entry": entry},
        distractors=(
            Distractor(float(_no_relu(w, x)[row, entry]), NO_RELU),
            Distractor(float(outputs[1 - row, entry]), OTHER_POSITION),
            Distractor(
                float(w.apply(x, **{"linear2.bias": np.zeros(2)})[row, entry]),
                NO_SECOND_BIAS,
                optional=True,
            ),
            # offered only when whole, as every option of a whole-number question is
            Distractor(mixed, MEAN_OF_POSITIONS, optional=True) if mixed == round(mixed) else None,
        ),
    )
