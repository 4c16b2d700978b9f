"""Independent recomputation of the cross-attention template's answer (plain Python math)."""

from __future__ import annotations

import math


def cross_attention_output(params):
    query, keys, values = params["q"][params["row"]], params["k"], params["v"]
    scale = 1 / math.sqrt(len(query))
    scores = [scale * sum(a * b for a, b in zip(query, key, strict=True)) for key in keys]
    top = max(scores)
    exps = [math.exp(s - top) for s in scores]
    return sum(e * v for e, v in zip(exps, values, strict=True)) / sum(exps)


INDEPENDENT = {"cross-attention-output": cross_attention_output}


def test_the_cards_worked_example():
    # cross-attention.yaml: q = (2, 0), keys (1, 0), (0, 1), (1, 1), d_k = 2: weights 0.446,
    # 0.108, 0.446; with values (1, 0, 0) the output is the first weight.
    keys = [[1.0, 0.0], [0.0, 1.0], [1.0, 1.0]]
    params = {"q": [[2.0, 0.0]], "k": keys, "v": [1, 0, 0], "row": 0}
    assert round(cross_attention_output(params), 3) == 0.446
