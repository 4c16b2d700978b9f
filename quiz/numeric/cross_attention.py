"""Numeric templates for cross-attention: scaled dot-product attention whose queries come
from the decoder (the target sequence) and whose keys and values come from the encoder's
output (the source sequence), computed by engine.attention:scaled_dot_product_attention
with L target positions and S ≠ L source positions.

    CrossAttention(Y, H_enc) = softmax((Y W^Q)(H_enc W^K)ᵀ / √d_k) · H_enc W^V

The projections are given already applied (the queries q_t = y_t W^Q, the keys and the
values), so the question practises which sequence supplies what, the scale and the
weighted mean."""

from __future__ import annotations

import numpy as np

from engine.attention import attention_scores, scaled_dot_product_attention
from quiz.numeric.attention import NO_SCALE, SCALE_BY_D
from quiz.numeric.base import (
    Distractor,
    Mistake,
    Problem,
    bilingual,
    factor,
    fmt,
    template,
)

ENGINE = "engine.attention:scaled_dot_product_attention"

OTHER_TARGET = Mistake(
    "other-target-position",
    bilingual(
        "Target positions are numbered from 0: position 0 is the first row of the decoder "
        "queries, position 1 the second. This is the other target position's output.",
        "目标位置从 0 开始编号：位置 0 是解码器查询的第一行，位置 1 是第二行。"
        "这是另一个目标位置的输出。",
    ),
)
UNIFORM_WEIGHTS = Mistake(
    "plain-mean-of-values",
    bilingual(
        "The output is the values weighted by the softmax of the scaled scores, not their "
        "plain mean: source tokens whose keys match the query count more.",
        "输出是以缩放分数的 softmax 为权重的值的加权平均，而不是值的简单平均："
        "键与查询越匹配的源词元占的比重越大。",
    ),
)


@template(
    "cross-attention-output",
    engines=[ENGINE],
    title=("Output of cross-attention at one target position", "交叉注意力在一个目标位置的输出"),
    rel=0.01,
    abs=0.002,
)
def cross_attention_output(rng: np.random.Generator) -> Problem:
    """out_t = Σ_j softmax_j(q_t · k_j / √d_k) · v_j, with q_t from the decoder and k_j, v_j
    from the encoder's three source positions (d_k = 2 or 4, one value per source token)."""
    d = int(rng.choice([2, 4]))
    q = rng.integers(-2, 3, size=(2, d)).astype(float)  # decoder queries, (L=2, d_k)
    k = rng.integers(-2, 3, size=(3, d)).astype(float)  # encoder keys, (S=3, d_k)
    v = rng.integers(-3, 6, size=(3, 1)).astype(float)  # encoder values, (S=3, d_v=1)
    row = int(rng.integers(2))
    output, weights = scaled_dot_product_attention(q, k, v)
    out = float(output[row, 0])
    raw = attention_scores(q[row : row + 1], k, scale=1.0)[0]
    scaled = attention_scores(q[row : row + 1], k)[0]
    scale = "1/2" if d == 4 else "1/√2"
    values = v[:, 0]
    terms = " + ".join(f"{fmt(w)} × {factor(x)}" for w, x in zip(weights[row], values, strict=True))

    def with_scale(s: float) -> float:
        return float(scaled_dot_product_attention(q, k, v, scale=s)[0][row, 0])

    return Problem(
        prompt=bilingual(
            "In a Transformer decoder's cross-attention, the two target positions have "
            f"queries Q = {fmt(q)} (one row per target position, already projected by W^Q); "
            f"the encoder's output over three source tokens gives keys K = {fmt(k)} (one row "
            f"per source token, d_k = {d}) and values v = {fmt(values)} (one number per "
            f"source token). What is the cross-attention output at target position {row} "
            "(positions numbered from 0)?",
            "在 Transformer 解码器的交叉注意力中，两个目标位置的查询 Q = "
            f"{fmt(q)}（每个目标位置一行，已乘过 W^Q）；编码器对三个源词元的输出给出键 K = "
            f"{fmt(k)}（每个源词元一行，d_k = {d}）和值 v = {fmt(values)}（每个源词元一个数）。"
            f"目标位置 {row}（位置从 0 开始编号）的交叉注意力输出是多少？",
        ),
        answer=out,
        solution=bilingual(
            f"The query comes from the decoder, q_{row} = {fmt(q[row])}; keys and values come "
            f"from the encoder. Dot products with the three keys: {fmt(raw)}. Scale by "
            f"1/√d_k = {scale}: {fmt(scaled)}. Softmax over the source tokens: "
            f"{fmt(weights[row])}. Weighted sum of the values: {terms} = {fmt(out)}.",
            f"查询来自解码器，q_{row} = {fmt(q[row])}；键和值来自编码器。与三个键的点积："
            f"{fmt(raw)}。乘以 1/√d_k = {scale}：{fmt(scaled)}。对源词元做 softmax："
            f"{fmt(weights[row])}。对值加权求和：{terms} = {fmt(out)}。",
        ),
        params={"q": q.tolist(), "k": k.tolist(), "v": values.tolist(), "row": row},
        distractors=(
            Distractor(with_scale(1.0), NO_SCALE),
            Distractor(with_scale(1 / d), SCALE_BY_D),
            Distractor(float(output[1 - row, 0]), OTHER_TARGET, optional=True),
            Distractor(float(values.mean()), UNIFORM_WEIGHTS, optional=True),
        ),
    )
