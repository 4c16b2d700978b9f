"""Independent recomputation of the conv shape templates' answers (plain Python)."""

from __future__ import annotations


def dilated_conv_output_size(params):
    n, k, s = params["n"], params["kernel"], params["stride"]
    p, d = params["padding"], params["dilation"]
    return (n + 2 * p - d * (k - 1) - 1) // s + 1


def receptive_field_of_a_stack(params):
    """Walk back from one output: r positions of layer l cover s·(r − 1) + k of layer l − 1."""
    field = 1
    for k, s in reversed(list(zip(params["kernels"], params["strides"], strict=True))):
        field = s * (field - 1) + k
    return field


def conv_layer_parameters(params):
    k = params["k"]
    return params["c_out"] * (params["c_in"] * k * k + 1)


def receptive_field_with_dilation(params):
    """Walk back from one output: a dilated layer of stride 1 adds d(k − 1) positions."""
    field = 1
    for d in reversed(params["dilations"]):
        field += d * (params["kernel"] - 1)
    return field


INDEPENDENT = {
    "dilated-conv-output-size": dilated_conv_output_size,
    "receptive-field-of-a-stack": receptive_field_of_a_stack,
    "conv-layer-parameters": conv_layer_parameters,
    "receptive-field-with-dilation": receptive_field_with_dilation,
}


def test_vgg_three_3x3_convs_see_7x7():
    assert receptive_field_of_a_stack({"kernels": [3, 3, 3], "strides": [1, 1, 1]}) == 7
