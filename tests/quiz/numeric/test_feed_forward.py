"""Independent recomputation of the feed-forward templates' answers (plain Python, one
position at a time: FFN(x) = max(0, x W1^T + b1) W2^T + b2)."""

from __future__ import annotations


def ffn(params, x):
    w1, b1 = params["linear1.weight"], params["linear1.bias"]
    w2, b2 = params["linear2.weight"], params["linear2.bias"]
    hidden = [
        max(0.0, sum(a * b for a, b in zip(row, x, strict=True)) + c)
        for row, c in zip(w1, b1, strict=True)
    ]
    return [
        sum(a * h for a, h in zip(row, hidden, strict=True)) + c
        for row, c in zip(w2, b2, strict=True)
    ]


def ffn_output_entry(params):
    return ffn(params, params["x"])[params["entry"]]


def ffn_position_wise(params):
    return ffn(params, params["x"][params["row"]])[params["entry"]]


INDEPENDENT = {"ffn-output-entry": ffn_output_entry, "ffn-position-wise": ffn_position_wise}


def test_the_engines_docstring_example():
    # relu(x) + relu(-x) = |x|
    params = {
        "linear1.weight": [[1.0], [-1.0]],
        "linear1.bias": [0.0, 0.0],
        "linear2.weight": [[1.0, 1.0]],
        "linear2.bias": [0.0],
    }
    assert ffn(params, [-2.0]) == [2.0]
