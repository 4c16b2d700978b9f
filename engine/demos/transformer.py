"""Demos of engine.transformer: layer normalization, positional encoding, and one
encoder layer traced through its two sub-layers."""

from __future__ import annotations

import numpy as np

from engine import transformer
from engine.demos import Step


def layer_norm(rng: np.random.Generator) -> list[Step]:
    """Normalizing two vectors of 4 features, then scaling and shifting them."""
    x = rng.integers(0, 10, size=(2, 4)).astype(float)  # (N, D)
    x[:, 0] += 1.0  # keep each row from being constant
    # Rounded to one decimal for reading; + 0.0 turns a rounded -0.0 into 0.0.
    gamma = np.round(rng.uniform(0.5, 2.0, size=4), 1) + 0.0  # (D,)
    beta = np.round(rng.uniform(-1.0, 1.0, size=4), 1) + 0.0  # (D,)
    normalized = transformer.layer_norm(x, np.ones(4), np.zeros(4))  # (N, D)
    return [
        Step("Input x, one vector per row (D = 4)", "输入 x，每行一个向量（D = 4）", x),
        Step("Mean μ of each row", "每行的均值 μ", x.mean(axis=1)),
        Step(
            "Variance σ² of each row (divide by D, not D − 1)",
            "每行的方差 σ²（除以 D，而不是 D − 1）",
            x.var(axis=1),
        ),
        Step(
            "(x − μ) / √(σ² + ε), with ε = 1e-5: each row gets mean 0, variance 1",
            "(x − μ) / √(σ² + ε)，ε = 1e-5：每行均值为 0、方差为 1",
            normalized,
        ),
        Step("Learned scale γ", "可学习的缩放 γ", gamma),
        Step("Learned shift β", "可学习的平移 β", beta),
        Step(
            "LayerNorm(x) = γ · (x − μ) / √(σ² + ε) + β",
            "LayerNorm(x) = γ · (x − μ) / √(σ² + ε) + β",
            transformer.layer_norm(x, gamma, beta),
        ),
    ]


def positional_encoding(rng: np.random.Generator) -> list[Step]:
    """The sinusoidal encoding of a few positions."""
    seq_len = int(rng.integers(3, 6))
    d_model = 4
    pe = transformer.positional_encoding(seq_len, d_model)  # (L, D)
    return [
        Step(
            f"PE[pos, 2i] = sin(pos / 10000^(2i/d)), PE[pos, 2i+1] = cos(…), d = {d_model}",
            f"PE[pos, 2i] = sin(pos / 10000^(2i/d))，PE[pos, 2i+1] = cos(…)，d = {d_model}",
            pe,
        ),
        Step(
            "Position 0: sin 0 = 0 and cos 0 = 1",
            "位置 0：sin 0 = 0，cos 0 = 1",
            pe[0],
        ),
        Step(
            "Features 0 and 1 (i = 0) turn at frequency 1 per position",
            "特征 0 和 1（i = 0）的频率为每个位置 1 弧度",
            pe[:, :2],
        ),
        Step(
            "Features 2 and 3 (i = 1) turn 100 times slower: 10000^(2/4) = 100",
            "特征 2 和 3（i = 1）慢 100 倍：10000^(2/4) = 100",
            pe[:, 2:],
        ),
    ]


def encoder_layer(rng: np.random.Generator) -> list[Step]:
    """One post-norm encoder layer (E = 4, 2 heads, F = 8) traced sub-layer by sub-layer."""
    embed, hidden, num_heads = 4, 8, 2
    sizes = {"3E": 3 * embed, "E": embed, "F": hidden}
    # Rounded to one decimal for reading; + 0.0 turns a rounded -0.0 into 0.0.
    params = {
        name: np.round(rng.uniform(-1, 1, size=[sizes[size] for size in shape]), 1) + 0.0
        for name, shape in transformer.ENCODER_PARAM_SHAPES.items()
    }
    for norm in ("norm1", "norm2"):
        params[f"{norm}.weight"] = np.ones(embed)
        params[f"{norm}.bias"] = np.zeros(embed)
    tokens = rng.integers(-1, 2, size=(1, 3, embed)).astype(float)  # (N, L, E)
    x = tokens + transformer.positional_encoding(3, embed)  # (N, L, E)
    attended = transformer.self_attention(x, params, num_heads)  # (N, L, E)
    h = transformer.layer_norm(x + attended, params["norm1.weight"], params["norm1.bias"])
    return [
        Step(
            "Parameters, named as nn.TransformerEncoderLayer's state_dict",
            "参数，按 nn.TransformerEncoderLayer 的 state_dict 命名",
            [f"{name} {params[name].shape}" for name in params],
        ),
        Step(
            "Input x: token vectors plus positional encoding (L = 3, E = 4)",
            "输入 x：词向量加位置编码（L = 3，E = 4）",
            x[0],
        ),
        Step(
            "Multi-head self-attention SA(x), 2 heads",
            "多头自注意力 SA(x)，2 个头",
            attended[0],
        ),
        Step(
            "Add & norm: h = LayerNorm₁(x + SA(x))",
            "残差与归一化：h = LayerNorm₁(x + SA(x))",
            h[0],
        ),
        Step(
            "Feed-forward FFN(h) = ReLU(h W₁ᵀ + b₁) W₂ᵀ + b₂, applied at each position",
            "前馈网络 FFN(h) = ReLU(h W₁ᵀ + b₁) W₂ᵀ + b₂，逐位置应用",
            transformer.feed_forward(h, params)[0],
        ),
        Step(
            "Add & norm: out = LayerNorm₂(h + FFN(h)), the layer's output",
            "残差与归一化：out = LayerNorm₂(h + FFN(h))，即该层的输出",
            transformer.encoder_layer(x, params, num_heads)[0],
        ),
    ]


def feed_forward(rng: np.random.Generator) -> list[Step]:
    """The position-wise FFN (E = 2, F = 3) on a sequence of three positions, step by step."""
    params = {
        "linear1.weight": rng.integers(-2, 3, size=(3, 2)).astype(float),  # W1 (F, E)
        "linear1.bias": rng.integers(-1, 2, size=3).astype(float),  # b1 (F,)
        "linear2.weight": rng.integers(-1, 3, size=(2, 3)).astype(float),  # W2 (E, F)
        "linear2.bias": rng.integers(-1, 2, size=2).astype(float),  # b2 (E,)
    }
    x = rng.integers(-2, 4, size=(1, 3, 2)).astype(float)  # (N, L, E)
    pre = x[0] @ params["linear1.weight"].T + params["linear1.bias"]  # (L, F)
    output = transformer.feed_forward(x, params)[0]  # (L, E)
    return [
        Step(
            "Input X, one row per position (L = 3, E = 2)",
            "输入 X，每个位置一行（L = 3，E = 2）",
            x[0],
        ),
        Step(
            "W₁ (F = 3 hidden units × E) and b₁, shared by every position",
            "W₁（F = 3 个隐藏单元 × E）与 b₁，所有位置共用",
            [params["linear1.weight"], params["linear1.bias"]],
        ),
        Step("Pre-activations X W₁ᵀ + b₁", "预激活 X W₁ᵀ + b₁", pre),
        Step(
            "ReLU: max(0, ·), negative entries become 0",
            "ReLU：max(0, ·)，负值变为 0",
            np.maximum(pre, 0.0),
        ),
        Step(
            "W₂ (E × F) and b₂ bring each position back to width E",
            "W₂（E × F）与 b₂ 把每个位置映射回宽度 E",
            [params["linear2.weight"], params["linear2.bias"]],
        ),
        Step(
            "FFN(X) = max(0, X W₁ᵀ + b₁) W₂ᵀ + b₂: each row depends on its own position only",
            "FFN(X) = max(0, X W₁ᵀ + b₁) W₂ᵀ + b₂：每一行只取决于该位置自己",
            output,
        ),
    ]
