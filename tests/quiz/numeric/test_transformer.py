"""Independent recomputation of the engine.transformer templates' answers (plain Python math)."""

from __future__ import annotations

import math

EPS = 1e-5


def normalize(values):
    mean = sum(values) / len(values)
    variance = sum((v - mean) ** 2 for v in values) / len(values)
    return [(v - mean) / math.sqrt(variance + EPS) for v in values]


def layer_norm_entry(params):
    row, col = params["row"], params["col"]
    return normalize(params["x"][row])[col] * params["gamma"][col] + params["beta"][col]


def add_and_norm(params):
    return normalize([a + b for a, b in zip(params["x"], params["s"], strict=True)])


def encoder_layer_parameter_count(params):
    e, f = params["d_model"], params["dim_feedforward"]
    attention = 3 * e * e + 3 * e + e * e + e  # in_proj weight and bias, out_proj
    feed_forward = f * e + f + e * f + e  # linear1, linear2
    norms = 2 * (e + e)  # norm1, norm2: weight and bias
    return attention + feed_forward + norms


def encoding(position, feature, d_model):
    angle = position / 10000 ** (2 * (feature // 2) / d_model)
    return math.cos(angle) if feature % 2 else math.sin(angle)


def positional_encoding_entry(params):
    return encoding(params["position"], params["feature"], params["d_model"])


def positional_encoding_vector(params):
    return [encoding(params["position"], feature, 4) for feature in range(4)]


INDEPENDENT = {
    "layer-norm-entry": layer_norm_entry,
    "add-and-norm": add_and_norm,
    "encoder-layer-parameter-count": encoder_layer_parameter_count,
    "positional-encoding-entry": positional_encoding_entry,
    "positional-encoding-vector": positional_encoding_vector,
}


def test_base_transformer_encoder_layer_size():
    # d_model = 512, d_ff = 2048: 1,050,624 (attention) + 2,099,712 (FFN) + 2,048 (norms).
    params = {"d_model": 512, "nhead": 8, "dim_feedforward": 2048}
    assert encoder_layer_parameter_count(params) == 3_152_384


def test_position_zero_is_sin_zero_cos_zero():
    assert positional_encoding_vector({"position": 0}) == [0.0, 1.0, 0.0, 1.0]
