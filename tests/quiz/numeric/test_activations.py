"""Independent recomputation of the engine.activations templates' answers (plain Python)."""

from __future__ import annotations


def relu_layer_output(params):
    return [
        max(sum(w * x for w, x in zip(row, params["x"], strict=True)) + b, 0.0)
        for row, b in zip(params["W"], params["b"], strict=True)
    ]


def relu_gradient(params):
    return [g if x > 0 else 0.0 for x, g in zip(params["x"], params["g"], strict=True)]


INDEPENDENT = {
    "relu-layer-output": relu_layer_output,
    "relu-gradient": relu_gradient,
}


def test_relu_layer_textbook_case():
    """W = I, b = 0: the layer is relu itself."""
    params = {"W": [[1.0, 0.0], [0.0, 1.0]], "x": [-1.5, 2.0], "b": [0.0, 0.0]}
    assert relu_layer_output(params) == [0.0, 2.0]
