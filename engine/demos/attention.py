"""Demos of engine.attention: scaled dot-product attention step by step, and multi-head
self-attention."""

from __future__ import annotations

import numpy as np

from engine import attention
from engine.demos import Step


def scaled_dot_product_attention(rng: np.random.Generator) -> list[Step]:
    """Three queries attending over three keys with d_k = 4, then the causal version."""
    q = rng.integers(-1, 2, size=(3, 4)).astype(float)  # (L, d_k)
    k = rng.integers(-1, 2, size=(3, 4)).astype(float)  # (S, d_k)
    v = rng.integers(0, 4, size=(3, 2)).astype(float)  # (S, d_v)
    output, weights = attention.scaled_dot_product_attention(q, k, v)
    causal_output, causal_weights = attention.scaled_dot_product_attention(q, k, v, causal=True)
    return [
        Step(
            "Queries Q, one row per position (L = 3, d_k = 4)",
            "查询 Q，每个位置一行（L = 3，d_k = 4）",
            q,
        ),
        Step("Keys K (S = 3, d_k = 4)", "键 K（S = 3，d_k = 4）", k),
        Step("Values V (S = 3, d_v = 2)", "值 V（S = 3，d_v = 2）", v),
        Step(
            "Scores QKᵀ: row i holds query i's dot product with every key",
            "分数 QKᵀ：第 i 行是查询 i 与每个键的点积",
            attention.attention_scores(q, k, scale=1.0),
        ),
        Step(
            "Scaled scores QKᵀ / √d_k = QKᵀ / 2, so the softmax does not saturate",
            "缩放后的分数 QKᵀ / √d_k = QKᵀ / 2，避免 softmax 饱和",
            attention.attention_scores(q, k),
        ),
        Step(
            "Weights softmax(QKᵀ / √d_k), row by row: each row sums to 1",
            "权重 softmax(QKᵀ / √d_k)，逐行计算：每行之和为 1",
            weights,
        ),
        Step(
            "Output = weights · V: each row is a weighted mean of the values",
            "输出 = 权重 · V：每行是值向量的加权平均",
            output,
        ),
        Step(
            "Causal mask: position i may only attend to positions j ≤ i",
            "因果掩码：位置 i 只能关注位置 j ≤ i",
            attention.causal_mask(3),
        ),
        Step(
            "Causal weights: the masked scores get weight 0",
            "因果权重：被掩盖的位置权重为 0",
            causal_weights,
        ),
        Step("Causal output", "因果注意力的输出", causal_output),
    ]


def causal_mask(rng: np.random.Generator) -> list[Step]:
    """The mask of four positions, and what it does to their scores and weights."""
    mask = attention.causal_mask(4)
    scores = np.round(rng.uniform(-2, 2, size=(4, 4)), 1) + 0.0  # (L, S)
    masked = np.where(mask, scores, -np.inf)
    weights = attention.masked_softmax(scores, mask)
    return [
        Step(
            "Causal mask (4 positions): mask[i, j] = j ≤ i, so position i sees itself and the past",
            "因果掩码（4 个位置）：mask[i, j] = j ≤ i，位置 i 只能看到自己和之前的位置",
            mask,
        ),
        Step("Scores QKᵀ / √d_k of the four positions", "四个位置的分数 QKᵀ / √d_k", scores),
        Step(
            "Masked scores: every future position becomes −∞",
            "掩盖后的分数：所有未来位置变为 −∞",
            masked,
        ),
        Step(
            "Weights softmax(masked scores): 0 on the future, each row sums to 1",
            "权重 softmax(掩盖后的分数)：未来位置为 0，每行之和为 1",
            weights,
        ),
    ]


def multi_head_attention(rng: np.random.Generator) -> list[Step]:
    """Self-attention with 2 heads over 3 positions of 4 features."""
    x = rng.integers(-1, 2, size=(1, 3, 4)).astype(float)  # (N, L, E)
    # Rounded to one decimal for reading; + 0.0 turns a rounded -0.0 into 0.0.
    Wq, Wk, Wv, Wo = np.round(rng.uniform(-1, 1, size=(4, 4, 4)), 1) + 0.0  # each (E, E)
    output, weights = attention.multi_head_attention(x, Wq, Wk, Wv, Wo, num_heads=2)
    q_heads = attention.split_heads(x @ Wq.T, 2)  # (N, h, L, d_h)
    return [
        Step(
            "Input x (L = 3 positions, E = 4 features)",
            "输入 x（L = 3 个位置，E = 4 个特征）",
            x[0],
        ),
        Step("Query projection W_q (E x E)", "查询投影 W_q（E x E）", Wq),
        Step(
            "Q = x W_qᵀ, cut into h = 2 heads of d_h = E / h = 2 features: head 1",
            "Q = x W_qᵀ，切成 h = 2 个头，每头 d_h = E / h = 2 个特征：第 1 个头",
            q_heads[0, 0],
        ),
        Step("Q, head 2", "Q 的第 2 个头", q_heads[0, 1]),
        Step(
            "Head 1's attention weights softmax(Q₁K₁ᵀ / √d_h)",
            "第 1 个头的注意力权重 softmax(Q₁K₁ᵀ / √d_h)",
            weights[0, 0],
        ),
        Step(
            "Head 2's attention weights: each head can attend differently",
            "第 2 个头的注意力权重：不同的头可以关注不同的位置",
            weights[0, 1],
        ),
        Step(
            "Output: concatenate the heads' outputs and project with W_o",
            "输出：拼接各头的输出，再用 W_o 投影",
            output[0],
        ),
    ]
