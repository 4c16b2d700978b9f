"""Numeric templates for engine.attention: attention weights and outputs, causal masking,
and multi-head attention's heads and size."""

from __future__ import annotations

import math

import numpy as np

from engine.attention import (
    attention_scores,
    causal_mask,
    multi_head_attention,
    scaled_dot_product_attention,
)
from engine.transformer import ENCODER_PARAM_SHAPES
from quiz.numeric.base import (
    NON_NEGATIVE,
    PROBABILITY,
    Distractor,
    Mistake,
    Problem,
    as_value,
    bilingual,
    fmt,
    template,
)

NO_SCALE = Mistake(
    "no-scale",
    bilingual(
        "Divide the dot products by √d_k before the softmax; without the scale, large scores "
        "saturate the softmax.",
        "点积要先除以 √d_k 再做 softmax；不缩放时分数过大，softmax 会饱和。",
    ),
)
SCALE_BY_D = Mistake(
    "scale-by-d",
    bilingual(
        "The scale is 1/√d_k (the square root of the key dimension), not 1/d_k.",
        "缩放因子是 1/√d_k（键维度的平方根），而不是 1/d_k。",
    ),
)
OTHER_QUERY = Mistake(
    "other-query",
    bilingual(
        "Rows are numbered from 0: query 0 is the first row of Q, query 1 the second. "
        "These are the other query's weights.",
        "行从 0 开始编号：查询 0 是 Q 的第一行，查询 1 是第二行。这是另一个查询的权重。",
    ),
)
OTHER_POSITION = Mistake(
    "other-position",
    bilingual(
        "Positions are numbered from 0: position 1 is the second row, position 2 the third. "
        "These are the other position's weights.",
        "位置从 0 开始编号：位置 1 是第二行，位置 2 是第三行。这是另一个位置的权重。",
    ),
)
SCALE_MULTIPLIED = Mistake(
    "scale-multiplied",
    bilingual(
        "Divide the dot products by √d_k; multiplying by √d_k makes the scores larger, not "
        "smaller.",
        "点积要除以 √d_k；乘以 √d_k 会让分数变大而不是变小。",
    ),
)
NO_CAUSAL_MASK = Mistake(
    "no-causal-mask",
    bilingual(
        "With a causal mask, position i attends only to positions j ≤ i: later keys get weight 0.",
        "使用因果掩码时，位置 i 只能关注 j ≤ i 的位置：之后的键权重为 0。",
    ),
)
MASK_AFTER_SOFTMAX = Mistake(
    "mask-after-softmax",
    bilingual(
        "Mask the scores (set future ones to −∞) before the softmax, so the allowed weights "
        "still sum to 1; zeroing weights after the softmax leaves them unnormalized.",
        "要在 softmax 之前屏蔽分数（把未来位置设为 −∞），这样允许的权重之和仍为 1；"
        "softmax 之后再把权重置零，剩下的权重就不再归一化。",
    ),
)
SCALE_BY_MODEL_DIM = Mistake(
    "scale-by-model-dim",
    bilingual(
        "Each head scales by 1/√d_h with its own size d_h = E/h, not by 1/√E.",
        "每个头按自己的维度 d_h = E/h 缩放，即除以 √d_h，而不是 √E。",
    ),
)
NO_HEAD_SPLIT = Mistake(
    "no-head-split",
    bilingual(
        "Each head attends with its own slice of d_h = E/h features, not with all E features.",
        "每个头只用自己那一段 d_h = E/h 个特征做注意力，而不是全部 E 个特征。",
    ),
)
PER_HEAD_PROJECTIONS = Mistake(
    "per-head-projections",
    bilingual(
        "The heads share one E×E projection each for Q, K and V (each head gets E/h of its "
        "outputs): the count does not grow with the number of heads.",
        "Q、K、V 各只有一个 E×E 的投影，由各头分用（每个头取其中 E/h 个输出）："
        "参数量不随头数增加。",
    ),
)
OTHER_HEAD = Mistake(
    "other-head",
    bilingual(
        "Head 0 uses features 0–1 and head 1 features 2–3: take the asked head's features.",
        "头 0 用特征 0–1，头 1 用特征 2–3：要用所问的那个头的特征。",
    ),
)
QUERY_KEY_SWAPPED = Mistake(
    "query-key-swapped",
    bilingual(
        "The weight from a query to a key comes from the query's row of scores, normalized "
        "over the keys; reading the key's row gives the weight the other way round.",
        "从查询到键的权重来自查询那一行分数、在各个键上归一化；读键的那一行得到的是反方向的权重。",
    ),
)
HEADS_SHRINK_THE_COUNT = Mistake(
    "heads-shrink-the-count",
    bilingual(
        "Each projection is a full E×E matrix shared by the heads; it is not h separate "
        "(E/h)×(E/h) blocks.",
        "每个投影都是由各头共用的完整 E×E 矩阵，而不是 h 个 (E/h)×(E/h) 的小块。",
    ),
)
OUTPUT_PROJECTION_PER_HEAD = Mistake(
    "everything-per-head",
    bilingual(
        "One set of four E×E projections serves all the heads (the output projection mixes "
        "the concatenated heads once): do not multiply by the number of heads.",
        "一组四个 E×E 投影服务所有的头（输出投影对拼接后的各头只做一次混合）：不要乘以头数。",
    ),
)
NO_OUTPUT_PROJECTION = Mistake(
    "no-output-projection",
    bilingual(
        "After concatenating the heads, an E×E output projection W_o mixes them: count it too.",
        "各头拼接之后还有一个 E×E 的输出投影 W_o 把它们混合起来：它也要算上。",
    ),
)
FORGOT_BIASES = Mistake(
    "forgot-biases",
    bilingual(
        "With bias=True each of the four projections also has a bias vector of size E.",
        "bias=True 时，四个投影各还有一个大小为 E 的偏置向量。",
    ),
)
COUNTED_BIASES = Mistake(
    "counted-biases",
    bilingual(
        "With bias=False the projections have weights only: no bias vectors to count.",
        "bias=False 时投影只有权重，没有偏置向量可数。",
    ),
)


def _softmax_steps(scores: np.ndarray, weights: np.ndarray) -> tuple[str, str]:
    """The softmax of ``scores`` step by step (English, Chinese), ending in ``weights``."""
    exps = np.exp(scores - scores.max())
    largest, powers, total = fmt(scores.max()), fmt(exps), fmt(exps.sum())
    return (
        f"subtract the largest ({largest}) and exponentiate: {powers}; divide by their sum "
        f"{total}: {fmt(weights)}",
        f"减去最大值（{largest}）后取指数：{powers}；再除以它们的和 {total}：{fmt(weights)}",
    )


@template(
    "attention-weights",
    engines=["engine.attention:scaled_dot_product_attention"],
    title=("Attention weights of one query", "一个查询的注意力权重"),
    rel=0.01,
    abs=0.002,
    valid=PROBABILITY,
)
def attention_weights(rng: np.random.Generator) -> Problem:
    """weights = softmax(q·Kᵀ / √d_k) for one of two queries over three keys.

    Every offered option is a distribution over the keys (entries in [0, 1] summing to
    1): each wrong one is a named mistake made inside the softmax (no scale, 1/d_k,
    ×√d_k, the other query's row), never a softmax taken over the wrong axis, whose
    numbers do not sum to 1 and would give themselves away."""
    d = int(rng.choice([2, 4]))
    q = rng.integers(-2, 3, size=(2, d)).astype(float)
    k = rng.integers(-2, 3, size=(3, d)).astype(float)
    row = int(rng.integers(2))
    _, weights = scaled_dot_product_attention(q, k, k)
    answer = as_value(weights[row])
    raw = attention_scores(q[row : row + 1], k, scale=1.0)[0]
    scaled = attention_scores(q[row : row + 1], k)[0]
    scale = "1/2" if d == 4 else "1/√2"
    softmax_en, softmax_zh = _softmax_steps(scaled, weights[row])
    steps_en = (
        f"Dot products of q_{row} = {fmt(q[row])} with the keys: {fmt(raw)}. "
        f"Scale by 1/√d_k = {scale}: {fmt(scaled)}. "
        f"Softmax over the keys: {softmax_en}."
    )
    steps_zh = (
        f"q_{row} = {fmt(q[row])} 与各键的点积：{fmt(raw)}。乘以 1/√d_k = {scale}：{fmt(scaled)}。"
        f"对键做 softmax：{softmax_zh}。"
    )
    return Problem(
        prompt=bilingual(
            f"Scaled dot-product attention has queries Q = {fmt(q)} (one query per row) and "
            f"keys K = {fmt(k)} (one key per row, d_k = {d}). What are the attention weights "
            f"of query {row} (rows numbered from 0) over the three keys? Answer as "
            "[w_0, w_1, w_2].",
            f"缩放点积注意力的查询 Q = {fmt(q)}（每行一个查询），键 K = {fmt(k)}"
            f"（每行一个键，d_k = {d}）。查询 {row}（行从 0 开始编号）在三个键上的注意力权重"
            "是多少？按 [w_0, w_1, w_2] 作答。",
        ),
        answer=answer,
        solution=bilingual(steps_en, steps_zh),
        params={"q": q.tolist(), "k": k.tolist(), "row": row},
        distractors=(
            Distractor(
                as_value(scaled_dot_product_attention(q, k, k, scale=1.0)[1][row]), NO_SCALE
            ),
            Distractor(
                as_value(scaled_dot_product_attention(q, k, k, scale=1 / d)[1][row]), SCALE_BY_D
            ),
            Distractor(as_value(weights[1 - row]), OTHER_QUERY),
            Distractor(
                as_value(scaled_dot_product_attention(q, k, k, scale=math.sqrt(d))[1][row]),
                SCALE_MULTIPLIED,
                optional=True,
            ),
        ),
    )


@template(
    "causal-attention-output",
    engines=["engine.attention:scaled_dot_product_attention", "engine.attention:causal_mask"],
    title=("Output of causal self-attention", "因果自注意力的输出"),
    rel=0.01,
    abs=0.005,
)
def causal_attention_output(rng: np.random.Generator) -> Problem:
    """output_1 = Σ_(j ≤ 1) softmax_j(q_1·k_j / √2) · v_j, keys after position 1 masked."""
    q = rng.integers(-2, 3, size=(3, 2)).astype(float)
    k = rng.integers(-2, 3, size=(3, 2)).astype(float)
    v = rng.integers(-3, 4, size=(3, 2)).astype(float)
    output, weights = scaled_dot_product_attention(q, k, v, causal=True)
    answer = as_value(output[1])
    unmasked_output, unmasked_weights = scaled_dot_product_attention(q, k, v)
    zeroed = unmasked_weights[1] * causal_mask(3)[1]
    scaled = attention_scores(q[1:2], k[:2])[0]
    softmax_en, softmax_zh = _softmax_steps(scaled, weights[1, :2])
    mixture = " + ".join(f"{fmt(weights[1, j])}·{fmt(v[j])}" for j in range(2))
    return Problem(
        prompt=bilingual(
            f"Causal (masked) self-attention over 3 positions has queries Q = {fmt(q)}, keys "
            f"K = {fmt(k)} and values V = {fmt(v)} (row i belongs to position i, numbered from "
            "0; d_k = 2), with scaled dot-product attention. What is the output at position 1? "
            "Answer as [a, b].",
            f"对 3 个位置做因果（带掩码的）自注意力：查询 Q = {fmt(q)}，键 K = {fmt(k)}，"
            f"值 V = {fmt(v)}（第 i 行属于位置 i，从 0 开始编号；d_k = 2），使用缩放点积注意力。"
            "位置 1 的输出是多少？按 [a, b] 作答。",
        ),
        answer=answer,
        solution=bilingual(
            "Position 1 may attend to positions 0 and 1 only (position 2 is in the future). "
            f"Scores q_1·k_j / √2 for j = 0, 1: {fmt(scaled)}. Softmax over these two: "
            f"{softmax_en}. "
            f"Output = {mixture} = {fmt(answer)}.",
            "位置 1 只能关注位置 0 和 1（位置 2 在未来）。"
            f"j = 0、1 的分数 q_1·k_j / √2：{fmt(scaled)}。对这两个做 softmax："
            f"{softmax_zh}。"
            f"输出 = {mixture} = {fmt(answer)}。",
        ),
        params={"q": q.tolist(), "k": k.tolist(), "v": v.tolist()},
        distractors=(
            Distractor(as_value(unmasked_output[1]), NO_CAUSAL_MASK),
            Distractor(as_value(zeroed @ v), MASK_AFTER_SOFTMAX),
            Distractor(
                as_value(scaled_dot_product_attention(q, k, v, causal=True, scale=1.0)[0][1]),
                NO_SCALE,
            ),
        ),
    )


@template(
    "causal-attention-weights",
    engines=["engine.attention:causal_mask"],
    title=("Attention weights under a causal mask", "因果掩码下的注意力权重"),
    rel=0.01,
    abs=0.002,
    valid=PROBABILITY,
)
def causal_attention_weights(rng: np.random.Generator) -> Problem:
    """weights_i = softmax over j ≤ i of q_i·k_j / √2, and 0 for every later key j > i.

    Every option is a distribution: no mask, no scale, the other position's row; never
    the weights zeroed after the softmax (they would not sum to 1 and give themselves
    away)."""
    q = rng.integers(-2, 3, size=(3, 2)).astype(float)
    k = rng.integers(-2, 3, size=(3, 2)).astype(float)
    row = int(rng.integers(1, 3))
    _, weights = scaled_dot_product_attention(q, k, k, causal=True)
    answer = as_value(weights[row])
    scaled = attention_scores(q[row : row + 1], k[: row + 1])[0]
    softmax_en, softmax_zh = _softmax_steps(scaled, weights[row, : row + 1])
    later_en = "key 2 gets weight 0" if row == 1 else "no key is later"
    later_zh = "键 2 的权重为 0" if row == 1 else "没有更靠后的键"
    return Problem(
        prompt=bilingual(
            f"Causal (masked) self-attention over 3 positions has queries Q = {fmt(q)} and keys "
            f"K = {fmt(k)} (row i belongs to position i, numbered from 0; d_k = 2), with "
            f"scaled dot-product attention. What are the attention weights of position {row} "
            "over the three keys? Answer as [w_0, w_1, w_2].",
            f"对 3 个位置做因果（带掩码的）自注意力：查询 Q = {fmt(q)}，键 K = {fmt(k)}"
            f"（第 i 行属于位置 i，从 0 开始编号；d_k = 2），使用缩放点积注意力。位置 {row} "
            "在三个键上的注意力权重是多少？按 [w_0, w_1, w_2] 作答。",
        ),
        answer=answer,
        solution=bilingual(
            f"Position {row} may attend to positions 0 to {row} only ({later_en}). Scores "
            f"q_{row}·k_j / √2 for j ≤ {row}: {fmt(scaled)}. Softmax over these: {softmax_en}. "
            f"Weights: {fmt(answer)}.",
            f"位置 {row} 只能关注位置 0 到 {row}（{later_zh}）。j ≤ {row} 的分数 "
            f"q_{row}·k_j / √2：{fmt(scaled)}。对它们做 softmax：{softmax_zh}。"
            f"权重：{fmt(answer)}。",
        ),
        params={"q": q.tolist(), "k": k.tolist(), "row": row},
        distractors=(
            Distractor(as_value(scaled_dot_product_attention(q, k, k)[1][row]), NO_CAUSAL_MASK),
            Distractor(
                as_value(scaled_dot_product_attention(q, k, k, causal=True, scale=1.0)[1][row]),
                NO_SCALE,
            ),
            Distractor(as_value(weights[3 - row]), OTHER_POSITION, optional=True),
        ),
    )


@template(
    "multi-head-attention-weight",
    engines=["engine.attention:multi_head_attention"],
    title=("One attention weight of a two-head layer", "双头注意力的一个权重"),
    rel=0.01,
    abs=0.002,
    valid=PROBABILITY,
)
def multi_head_attention_weight(rng: np.random.Generator) -> Problem:
    """weight = softmax_j(x_a[head]·x_j[head] / √(E/h))[b] with identity projections, h = 2."""
    x = rng.integers(-2, 3, size=(3, 4)).astype(float)
    head = int(rng.integers(2))
    query, key = (int(v) for v in rng.integers(0, 3, size=2))
    eye = np.eye(4)
    _, weights = multi_head_attention(x[None], eye, eye, eye, eye, num_heads=2)
    answer = float(weights[0, head, query, key])
    features = x[:, 2 * head : 2 * head + 2]
    scaled = attention_scores(features[query : query + 1], features)[0]
    by_model_dim = scaled_dot_product_attention(features, features, features, scale=0.5)[1]
    unscaled = scaled_dot_product_attention(features, features, features, scale=1.0)[1]
    one_head = multi_head_attention(x[None], eye, eye, eye, eye, num_heads=1)[1]
    columns = f"{2 * head}–{2 * head + 1}"
    softmax_en, softmax_zh = _softmax_steps(scaled, weights[0, head, query])
    return Problem(
        prompt=bilingual(
            f"Multi-head self-attention with E = 4 and h = 2 heads runs over 3 positions with "
            f"inputs x = {fmt(x)} (one position per row, numbered from 0). All four "
            "projections W_q, W_k, W_v, W_o are the 4×4 identity, and, as in "
            "nn.MultiheadAttention, head 0 uses features 0–1 and head 1 features 2–3. What "
            f"attention weight does head {head} give from position {query} (query) to "
            f"position {key} (key)?",
            f"多头自注意力（E = 4，h = 2 个头）作用于 3 个位置，输入 x = {fmt(x)}"
            "（每行一个位置，从 0 开始编号）。四个投影 W_q、W_k、W_v、W_o 都是 4×4 单位矩阵，"
            "并且与 nn.MultiheadAttention 一样，头 0 用特征 0–1，头 1 用特征 2–3。"
            f"头 {head} 中，位置 {query}（查询）给位置 {key}（键）的注意力权重是多少？",
        ),
        answer=answer,
        solution=bilingual(
            f"Head {head} sees features {columns}: {fmt(features)}. Its size is "
            f"d_h = E/h = 2, so scores are dot products / √2. Scores of position {query} "
            f"with positions 0, 1, 2: {fmt(scaled)}. Softmax: "
            f"{softmax_en}. "
            f"The weight on position {key} is {fmt(answer)}.",
            f"头 {head} 看到特征 {columns}：{fmt(features)}。每个头的维度 d_h = E/h = 2，"
            f"所以分数是点积除以 √2。位置 {query} 与位置 0、1、2 的分数：{fmt(scaled)}。"
            f"softmax：{softmax_zh}。"
            f"给位置 {key} 的权重是 {fmt(answer)}。",
        ),
        params={"x": x.tolist(), "head": head, "query": query, "key": key},
        distractors=(
            Distractor(float(by_model_dim[query, key]), SCALE_BY_MODEL_DIM),
            Distractor(float(one_head[0, 0, query, key]), NO_HEAD_SPLIT),
            Distractor(float(unscaled[query, key]), NO_SCALE),
            Distractor(float(weights[0, 1 - head, query, key]), OTHER_HEAD, optional=True),
            Distractor(float(weights[0, head, key, query]), QUERY_KEY_SWAPPED, optional=True)
            if query != key
            else None,
        ),
    )


@template(
    "multi-head-attention-parameter-count",
    engines=["engine.attention:multi_head_attention"],
    title=("Parameters of multi-head attention", "多头注意力的参数量"),
    rel=0.0,
    abs=0.5,
    integer=True,
    valid=NON_NEGATIVE,
)
def multi_head_attention_parameter_count(rng: np.random.Generator) -> Problem:
    """params = 4·E² (+ 4·E with biases), whatever the number of heads."""
    embed = int(rng.choice([64, 128, 256, 512, 768, 1024]))
    heads = int(rng.choice([h for h in (2, 4, 8, 12, 16) if embed % h == 0]))
    bias = bool(rng.random() < 0.5)
    sizes = {"E": embed, "3E": 3 * embed}
    counts = {
        name: math.prod(sizes[axis] for axis in shape)
        for name, shape in ENCODER_PARAM_SHAPES.items()
        if name.startswith("self_attn.") and (bias or name.endswith("weight"))
    }
    count = float(sum(counts.values()))
    output_projection = sum(n for name, n in counts.items() if "out_proj" in name)
    bias_count = 4 * embed
    per_head = heads * (count - output_projection) + output_projection
    weights_step = f"4·E² = 4·{embed}² = {fmt(4 * embed * embed)}"
    if bias:
        steps_en = f"Weights {weights_step}, biases 4·E = {bias_count}: total {fmt(count)}"
        steps_zh = f"权重 {weights_step}，偏置 4·E = {bias_count}：共 {fmt(count)}"
        bias_distractor = Distractor(count - bias_count, FORGOT_BIASES)
    else:
        steps_en = f"Weights only (no biases): {weights_step}"
        steps_zh = f"只有权重（没有偏置）：{weights_step}"
        bias_distractor = Distractor(count + bias_count, COUNTED_BIASES)
    return Problem(
        prompt=bilingual(
            f"How many learnable parameters does nn.MultiheadAttention(embed_dim={embed}, "
            f"num_heads={heads}, bias={bias}) have?",
            f"nn.MultiheadAttention(embed_dim={embed}, num_heads={heads}, bias={bias}) "
            "有多少个可学习参数？",
        ),
        answer=count,
        solution=bilingual(
            f"Q, K and V each have one E×E projection (head j uses its own E/h = "
            f"{embed // heads} of the outputs), and the output projection W_o is E×E: four E×E "
            f"matrices, however many heads there are. {steps_en}.",
            f"Q、K、V 各有一个 E×E 的投影（第 j 个头使用其中自己的 E/h = {embed // heads} "
            f"个输出），输出投影 W_o 也是 E×E：不论有多少个头，都是四个 E×E 矩阵。{steps_zh}。",
        ),
        params={"embed_dim": embed, "num_heads": heads, "bias": bias},
        distractors=(
            Distractor(per_head, PER_HEAD_PROJECTIONS),
            Distractor(count - output_projection, NO_OUTPUT_PROJECTION),
            bias_distractor,
            Distractor(
                count - 4 * embed * embed * (1 - 1 / heads), HEADS_SHRINK_THE_COUNT, optional=True
            ),
            Distractor(heads * count, OUTPUT_PROJECTION_PER_HEAD, optional=True),
        ),
    )
