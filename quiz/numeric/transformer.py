"""Numeric templates for engine.transformer: layer normalization, Add & Norm, the encoder
layer's size, and sinusoidal positional encoding."""

from __future__ import annotations

import math

import numpy as np

from engine.transformer import ENCODER_PARAM_SHAPES, layer_norm, positional_encoding
from quiz.numeric.base import (
    COSINE,
    NON_NEGATIVE,
    Degenerate,
    Distractor,
    Mistake,
    Problem,
    as_value,
    bilingual,
    fmt,
    rounded,
    template,
)

MIN_VARIANCE = 0.1
"""Below this variance ε = 1e-5 would start to show in the answer: such draws are redone."""

UNBIASED_VARIANCE = Mistake(
    "unbiased-variance",
    bilingual(
        "LayerNorm uses the biased variance, dividing by D (the number of features), not by D − 1.",
        "LayerNorm 用的是有偏方差，除以 D（特征个数），而不是 D − 1。",
    ),
)
NORMALIZED_OVER_BATCH = Mistake(
    "normalized-over-batch",
    bilingual(
        "LayerNorm normalizes each example over its own features (a row); normalizing each "
        "feature over the batch (a column) is BatchNorm.",
        "LayerNorm 对每个样本在它自己的特征上归一化（一行）；对每个特征在批次上归一化（一列）"
        "是 BatchNorm。",
    ),
)
NO_SCALE_SHIFT = Mistake(
    "no-scale-shift",
    bilingual(
        "After normalizing, LayerNorm applies the learned scale and shift: y = x̂·γ + β.",
        "归一化之后，LayerNorm 还要乘以学到的缩放并加上平移：y = x̂·γ + β。",
    ),
)
NO_RESIDUAL = Mistake(
    "no-residual",
    bilingual(
        "Add & Norm first adds the sublayer's input back (the residual connection): "
        "LayerNorm(x + Sublayer(x)), not LayerNorm(Sublayer(x)).",
        "Add & Norm 要先把子层的输入加回来（残差连接）：LayerNorm(x + Sublayer(x))，"
        "而不是 LayerNorm(Sublayer(x))。",
    ),
)
ADD_AFTER_NORM = Mistake(
    "add-after-norm",
    bilingual(
        "In the post-norm layer the residual is added before normalizing: "
        "LayerNorm(x + Sublayer(x)), not x + LayerNorm(Sublayer(x)).",
        "后归一化（post-norm）层中，残差在归一化之前相加：LayerNorm(x + Sublayer(x))，"
        "而不是 x + LayerNorm(Sublayer(x))。",
    ),
)
NO_BIASES = Mistake(
    "no-biases",
    bilingual(
        "Every linear map in the layer (the Q/K/V and output projections, both feed-forward "
        "layers) has a bias vector too.",
        "层中每个线性映射（Q/K/V 投影、输出投影、两个前馈层）都还有一个偏置向量。",
    ),
)
NO_OUTPUT_PROJECTION = Mistake(
    "no-output-projection",
    bilingual(
        "Self-attention has four E×E matrices: W_q, W_k, W_v and the output projection W_o.",
        "自注意力有四个 E×E 矩阵：W_q、W_k、W_v，以及输出投影 W_o。",
    ),
)
CROSS_ATTENTION_COUNTED = Mistake(
    "cross-attention-counted",
    bilingual(
        "An encoder layer has one attention block, self-attention; the second (cross-)attention "
        "block belongs to the decoder layer.",
        "编码器层只有一个注意力块，即自注意力；第二个（交叉）注意力块属于解码器层。",
    ),
)
PROJECTIONS_PER_HEAD = Mistake(
    "projections-per-head",
    bilingual(
        "The heads share the E×E projections, each using its own E/h of the outputs: the "
        "number of heads does not change the count.",
        "各个头共用 E×E 的投影，每个头使用其中自己的 E/h 个输出：头数不改变参数量。",
    ),
)
NO_NORM_PARAMETERS = Mistake(
    "no-norm-parameters",
    bilingual(
        "Each of the two LayerNorms learns a scale γ and a shift β of size E: 4E parameters.",
        "两个 LayerNorm 各自学习大小为 E 的缩放 γ 和平移 β：共 4E 个参数。",
    ),
)
SIN_COS_SWAPPED = Mistake(
    "sin-cos-swapped",
    bilingual(
        "Even features 2i use sin and odd features 2i + 1 use cos.",
        "偶数特征 2i 用 sin，奇数特征 2i + 1 用 cos。",
    ),
)
EXPONENT_I_OVER_D = Mistake(
    "exponent-i-over-d",
    bilingual(
        "The exponent is 2i/d_model, where i is the pair index (features 2i and 2i + 1 share "
        "a frequency), not i/d_model.",
        "指数是 2i/d_model，其中 i 是成对的下标（特征 2i 与 2i + 1 共用一个频率），"
        "而不是 i/d_model。",
    ),
)
POSITIONS_FROM_ONE = Mistake(
    "positions-from-one",
    bilingual(
        "Positions are numbered from 0: position pos uses pos itself in the angle, not pos + 1.",
        "位置从 0 开始编号：位置 pos 的角度直接用 pos，而不是 pos + 1。",
    ),
)


@template(
    "layer-norm-entry",
    engines=["engine.transformer:layer_norm"],
    title=("One entry of layer normalization", "层归一化的一个输出"),
    rel=0.01,
    abs=0.005,
)
def layer_norm_entry(rng: np.random.Generator) -> Problem:
    """y[r, k] = (x[r, k] − μ_r) / √(σ²_r + ε)·γ_k + β_k, statistics over row r's features."""
    x = rounded(rng, -2.0, 3.0, size=(3, 4))
    gamma = rounded(rng, 0.5, 2.0, size=4)
    beta = rounded(rng, -1.0, 1.0, size=4)
    row, col = int(rng.integers(3)), int(rng.integers(4))
    if x[row].var() < MIN_VARIANCE or x[:, col].var() < MIN_VARIANCE:
        raise Degenerate("a row or column too flat for ε to be negligible")
    answer = float(layer_norm(x, gamma, beta)[row, col])
    normalized = float(layer_norm(x, np.ones(4), np.zeros(4))[row, col])
    unbiased = float(layer_norm(x, gamma * math.sqrt(3 / 4), beta)[row, col])
    over_batch = float(layer_norm(x.T, np.ones(3), np.zeros(3))[col, row] * gamma[col] + beta[col])
    mean, variance = float(x[row].mean()), float(x[row].var())
    value, g, b = x[row, col], gamma[col], beta[col]
    steps = (
        f"μ = {fmt(mean)}, σ² = {fmt(variance)}; "
        f"x̂ = ({fmt(value, 2)} {'+' if mean < 0 else '−'} {fmt(abs(mean))}) / "
        f"√({fmt(variance)} + ε) = {fmt(normalized)}; "
        f"y = x̂·γ_{col} + β_{col} = {fmt(normalized)}·{fmt(g, 2)} {'−' if b < 0 else '+'} "
        f"{fmt(abs(b), 2)} = {fmt(answer)}"
    )
    return Problem(
        prompt=bilingual(
            f"nn.LayerNorm(4) (ε = 1e-5, negligible here) with scale γ = {fmt(gamma, 2)} and "
            f"shift β = {fmt(beta, 2)} is applied to a batch of 3 examples with 4 features, "
            f"x = {fmt(x, 2)} (one example per row). What is output[{row}][{col}] (rows and "
            "columns numbered from 0)?",
            f"对一个 3 个样本、每个 4 个特征的批次 x = {fmt(x, 2)}（每行一个样本）使用 "
            f"nn.LayerNorm(4)（ε = 1e-5，此处可忽略），缩放 γ = {fmt(gamma, 2)}，平移 "
            f"β = {fmt(beta, 2)}。输出 output[{row}][{col}] 是多少（行、列从 0 开始编号）？",
        ),
        answer=answer,
        solution=bilingual(
            f"Normalize row {row}, {fmt(x[row], 2)}, over its 4 features with the mean μ and "
            f"the biased variance σ² (divide by 4): {steps}.",
            f"对第 {row} 行 {fmt(x[row], 2)} 在它的 4 个特征上归一化，用均值 μ 和有偏方差 σ²"
            f"（除以 4）：{steps}。",
        ),
        params={
            "x": x.tolist(),
            "gamma": gamma.tolist(),
            "beta": beta.tolist(),
            "row": row,
            "col": col,
        },
        distractors=(
            Distractor(unbiased, UNBIASED_VARIANCE),
            Distractor(over_batch, NORMALIZED_OVER_BATCH),
            Distractor(normalized, NO_SCALE_SHIFT),
        ),
    )


@template(
    "add-and-norm",
    engines=["engine.transformer:layer_norm", "engine.transformer:encoder_layer"],
    title=("Add & Norm after a sublayer", "子层之后的 Add & Norm"),
    rel=0.01,
    abs=0.005,
)
def add_and_norm(rng: np.random.Generator) -> Problem:
    """y = LayerNorm(x + s) with γ = 1, β = 0, over 4 features."""
    x = rounded(rng, -2.0, 2.0, size=4)
    s = rounded(rng, -2.0, 2.0, size=4)
    total = x + s
    if total.var() < MIN_VARIANCE or s.var() < MIN_VARIANCE:
        raise Degenerate("a vector too flat for ε to be negligible")
    ones, zeros = np.ones(4), np.zeros(4)
    answer = as_value(layer_norm(total, ones, zeros))
    stats = f"x + s = {fmt(total, 2)}; μ = {fmt(total.mean())}, σ² = {fmt(total.var())}"
    normalized = f"(x + s − μ) / √(σ² + ε) = {fmt(answer)}"
    return Problem(
        prompt=bilingual(
            "In a post-norm Transformer encoder layer (as in the original Transformer and "
            "nn.TransformerEncoderLayer with norm_first=False), the self-attention sublayer "
            f"receives x = {fmt(x, 2)} at one position and outputs s = {fmt(s, 2)} there. Its "
            "LayerNorm has γ = 1, β = 0 and ε = 1e-5 (negligible). What vector does the "
            "Add & Norm step output at this position?",
            "在后归一化（post-norm）的 Transformer 编码器层中（与原始 Transformer 及 "
            "norm_first=False 的 nn.TransformerEncoderLayer 相同），自注意力子层在某个位置的"
            f"输入为 x = {fmt(x, 2)}，输出为 s = {fmt(s, 2)}。其 LayerNorm 的 γ = 1、β = 0、"
            "ε = 1e-5（可忽略）。这个位置上 Add & Norm 步骤输出的向量是多少？",
        ),
        answer=answer,
        solution=bilingual(
            f"Add & Norm computes LayerNorm(x + Sublayer(x)): {stats} (biased variance, "
            f"divide by 4); {normalized}.",
            f"Add & Norm 计算 LayerNorm(x + Sublayer(x))：{stats}（有偏方差，除以 4）；"
            f"{normalized}。",
        ),
        params={"x": x.tolist(), "s": s.tolist()},
        distractors=(
            Distractor(as_value(layer_norm(s, ones, zeros)), NO_RESIDUAL),
            Distractor(
                as_value(layer_norm(total, ones * math.sqrt(3 / 4), zeros)), UNBIASED_VARIANCE
            ),
            Distractor(as_value(x + layer_norm(s, ones, zeros)), ADD_AFTER_NORM),
        ),
    )


@template(
    "encoder-layer-parameter-count",
    engines=["engine.transformer:encoder_layer"],
    title=("Parameters of a Transformer encoder layer", "Transformer 编码器层的参数量"),
    rel=0.0,
    abs=0.5,
    integer=True,
    valid=NON_NEGATIVE,
)
def encoder_layer_parameter_count(rng: np.random.Generator) -> Problem:
    """params = 4E² + 4E (attention) + 2EF + F + E (feed-forward) + 4E (two LayerNorms)."""
    embed = int(rng.choice([64, 128, 256, 512, 768]))
    hidden = embed * int(rng.choice([2, 4]))
    heads = int(rng.choice([h for h in (2, 4, 8, 12, 16) if embed % h == 0]))
    sizes = {"E": embed, "3E": 3 * embed, "F": hidden}
    counts = {
        name: math.prod(sizes[axis] for axis in shape)
        for name, shape in ENCODER_PARAM_SHAPES.items()
    }
    count = float(sum(counts.values()))

    def without(test) -> float:
        """The count without the parameters whose names pass ``test``."""
        return count - sum(n for name, n in counts.items() if test(name))

    attention = sum(n for name, n in counts.items() if name.startswith("self_attn."))
    feed_forward = sum(n for name, n in counts.items() if name.startswith("linear"))
    norms = sum(n for name, n in counts.items() if name.startswith("norm"))
    steps_en = (
        f"self-attention 4E² + 4E = {attention:,}; feed-forward 2·E·F + F + E = "
        f"{feed_forward:,}; LayerNorms 4E = {norms:,}; total {attention:,} + {feed_forward:,} "
        f"+ {norms:,} = {fmt(count)}"
    )
    steps_zh = (
        f"自注意力 4E² + 4E = {attention:,}；前馈 2·E·F + F + E = {feed_forward:,}；"
        f"LayerNorm 4E = {norms:,}；合计 {attention:,} + {feed_forward:,} + {norms:,} "
        f"= {fmt(count)}"
    )
    return Problem(
        prompt=bilingual(
            f"How many learnable parameters does nn.TransformerEncoderLayer(d_model={embed}, "
            f"nhead={heads}, dim_feedforward={hidden}) have (PyTorch's defaults: biases and "
            "two LayerNorms)?",
            f"nn.TransformerEncoderLayer(d_model={embed}, nhead={heads}, "
            f"dim_feedforward={hidden})（PyTorch 默认：带偏置、两个 LayerNorm）"
            "有多少个可学习参数？",
        ),
        answer=count,
        solution=bilingual(
            f"With E = {embed} and F = {hidden} (the number of heads does not matter): {steps_en}.",
            f"E = {embed}，F = {hidden}（头数不影响参数量）：{steps_zh}。",
        ),
        params={"d_model": embed, "nhead": heads, "dim_feedforward": hidden},
        distractors=(
            Distractor(  # the linear maps' biases; the LayerNorms' β are NO_NORM_PARAMETERS
                without(lambda name: name.endswith("bias") and not name.startswith("norm")),
                NO_BIASES,
            ),
            Distractor(without(lambda name: "out_proj" in name), NO_OUTPUT_PROJECTION),
            Distractor(without(lambda name: name.startswith("norm")), NO_NORM_PARAMETERS),
            Distractor(count + attention, CROSS_ATTENTION_COUNTED, optional=True),
            Distractor(
                count + (heads - 1) * (attention - embed * embed - embed),
                PROJECTIONS_PER_HEAD,
                optional=True,
            ),
        ),
    )


def _encoding(position: int, d_model: int) -> np.ndarray:
    """Row ``position`` of the engine's positional-encoding table."""
    return positional_encoding(position + 1, d_model)[position]


@template(
    "positional-encoding-entry",
    engines=["engine.transformer:positional_encoding"],
    title=("One entry of the sinusoidal positional encoding", "正弦位置编码的一个分量"),
    rel=0.01,
    abs=0.005,
    valid=COSINE,
)
def positional_encoding_entry(rng: np.random.Generator) -> Problem:
    """PE[pos, 2i] = sin(pos / 10000^(2i/d)), PE[pos, 2i + 1] = cos(pos / 10000^(2i/d))."""
    d_model = int(rng.choice([4, 8, 16, 32, 64]))
    position = int(rng.integers(1, 51))
    feature = int(rng.integers(2, d_model))
    answer = float(_encoding(position, d_model)[feature])
    pair, odd = feature // 2, feature % 2
    function = "cos" if odd else "sin"
    denominator = 10000.0 ** (2 * pair / d_model)
    angle = position / denominator
    parity_en = f"{feature} = 2·{pair} + 1 is odd" if odd else f"{feature} = 2·{pair} is even"
    parity_zh = f"{feature} = 2·{pair} + 1 是奇数" if odd else f"{feature} = 2·{pair} 是偶数"
    scale = f"10000^(2i/d_model) = 10000^({2 * pair}/{d_model}) = {fmt(denominator)}"
    angle_value = f"{position} / {fmt(denominator)} = {fmt(angle)}"
    result = f"{function}({fmt(angle)}) = {fmt(answer)}"
    formula = (
        "PE[pos, 2i] = sin(pos / 10000^(2i/d_model)), "
        "PE[pos, 2i + 1] = cos(pos / 10000^(2i/d_model))"
    )
    return Problem(
        prompt=bilingual(
            f"The sinusoidal positional encoding is {formula} (angles in radians; positions "
            f"and features numbered from 0). With d_model = {d_model}, what is "
            f"PE[{position}, {feature}]?",
            f"正弦位置编码为 {formula}（角度用弧度；位置和特征都从 0 开始编号）。"
            f"d_model = {d_model} 时，PE[{position}, {feature}] 是多少？",
        ),
        answer=answer,
        solution=bilingual(
            f"Feature {parity_en}, so i = {pair} and PE uses {function}. {scale}; the angle "
            f"is {angle_value} radians; {result}.",
            f"特征 {parity_zh}，所以 i = {pair}，用 {function}。{scale}；角度为 "
            f"{angle_value}（弧度）；{result}。",
        ),
        params={"d_model": d_model, "position": position, "feature": feature},
        distractors=(
            Distractor(float(_encoding(position, d_model)[feature ^ 1]), SIN_COS_SWAPPED),
            # 2i/(2·d_model) = i/d_model: the engine's table for twice the width.
            Distractor(float(_encoding(position, 2 * d_model)[feature]), EXPONENT_I_OVER_D),
            Distractor(float(_encoding(position + 1, d_model)[feature]), POSITIONS_FROM_ONE),
        ),
    )


@template(
    "positional-encoding-vector",
    engines=["engine.transformer:positional_encoding"],
    title=("A position's encoding vector, d_model = 4", "d_model = 4 时一个位置的编码向量"),
    rel=0.01,
    abs=0.005,
    valid=COSINE,
)
def positional_encoding_vector(rng: np.random.Generator) -> Problem:
    """PE[pos] = [sin(pos), cos(pos), sin(pos/100), cos(pos/100)] for d_model = 4."""
    position = int(rng.integers(1, 100))
    vector = _encoding(position, 4)
    answer = as_value(vector)
    slow = position / 100
    steps_en = (
        f"pair 0 (i = 0): frequency 1/10000^0 = 1, angle {position}: "
        f"sin = {fmt(vector[0])}, cos = {fmt(vector[1])}; "
        f"pair 1 (i = 1): frequency 1/10000^(2/4) = 1/100, angle {fmt(slow)}: "
        f"sin = {fmt(vector[2])}, cos = {fmt(vector[3])}"
    )
    steps_zh = (
        f"第 0 对（i = 0）：频率 1/10000^0 = 1，角度 {position}："
        f"sin = {fmt(vector[0])}，cos = {fmt(vector[1])}；"
        f"第 1 对（i = 1）：频率 1/10000^(2/4) = 1/100，角度 {fmt(slow)}："
        f"sin = {fmt(vector[2])}，cos = {fmt(vector[3])}"
    )
    formula = (
        "PE[pos, 2i] = sin(pos / 10000^(2i/d_model)), "
        "PE[pos, 2i + 1] = cos(pos / 10000^(2i/d_model))"
    )
    return Problem(
        prompt=bilingual(
            f"The sinusoidal positional encoding is {formula} (angles in radians; positions "
            f"numbered from 0). With d_model = 4, what is the encoding of position {position}? "
            "Answer as [PE_0, PE_1, PE_2, PE_3].",
            f"正弦位置编码为 {formula}（角度用弧度；位置从 0 开始编号）。d_model = 4 时，"
            f"位置 {position} 的编码是多少？按 [PE_0, PE_1, PE_2, PE_3] 作答。",
        ),
        answer=answer,
        solution=bilingual(
            f"{steps_en}. So PE[{position}] = {fmt(answer)}.",
            f"{steps_zh}。所以 PE[{position}] = {fmt(answer)}。",
        ),
        params={"position": position},
        distractors=(
            Distractor(as_value(vector[[1, 0, 3, 2]]), SIN_COS_SWAPPED),
            # 2i/8 = i/4: the engine's table for d_model = 8, first four features.
            Distractor(as_value(_encoding(position, 8)[:4]), EXPONENT_I_OVER_D),
            Distractor(as_value(_encoding(position + 1, 4)), POSITIONS_FROM_ONE),
        ),
    )
