"""Independent recomputation of the engine.attention templates' answers (plain Python math)."""

from __future__ import annotations

import math


def softmax(scores):
    top = max(scores)
    exps = [math.exp(s - top) for s in scores]
    return [e / sum(exps) for e in exps]


def dot(a, b):
    return sum(x * y for x, y in zip(a, b, strict=True))


def attention_weights(params):
    q, k = params["q"][params["row"]], params["k"]
    return softmax([dot(q, key) / math.sqrt(len(q)) for key in k])


def causal_attention_output(params):
    q, k, v = params["q"][1], params["k"], params["v"]
    weights = softmax([dot(q, k[j]) / math.sqrt(2) for j in range(2)])  # keys 0 and 1 only
    return [sum(weights[j] * v[j][c] for j in range(2)) for c in range(2)]


def causal_attention_weights(params):
    q, k, row = params["q"][params["row"]], params["k"], params["row"]
    allowed = softmax([dot(q, k[j]) / math.sqrt(2) for j in range(row + 1)])
    return allowed + [0.0] * (len(k) - row - 1)


def multi_head_attention_weight(params):
    head = params["head"]
    features = [row[2 * head : 2 * head + 2] for row in params["x"]]
    query = features[params["query"]]
    weights = softmax([dot(query, key) / math.sqrt(2) for key in features])
    return weights[params["key"]]


def multi_head_attention_parameter_count(params):
    embed = params["embed_dim"]
    return 4 * embed * embed + (4 * embed if params["bias"] else 0)


INDEPENDENT = {
    "attention-weights": attention_weights,
    "causal-attention-output": causal_attention_output,
    "causal-attention-weights": causal_attention_weights,
    "multi-head-attention-weight": multi_head_attention_weight,
    "multi-head-attention-parameter-count": multi_head_attention_parameter_count,
}


def test_transformer_base_attention_size():
    # The base Transformer: d_model = 512, 8 heads, with biases: 4·512² + 4·512 = 1,050,624.
    params = {"embed_dim": 512, "num_heads": 8, "bias": True}
    assert multi_head_attention_parameter_count(params) == 1_050_624


def test_equal_scores_give_equal_weights():
    params = {"q": [[1.0, 0.0], [0.0, 0.0]], "k": [[0.0, 1.0], [0.0, -1.0], [0.0, 2.0]], "row": 0}
    assert attention_weights(params) == [1 / 3] * 3
