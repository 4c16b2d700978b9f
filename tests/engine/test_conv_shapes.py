"""engine.conv.receptive_field and conv_parameter_count, against PyTorch."""

from __future__ import annotations

import numpy as np
import pytest

from engine.conv import conv2d, conv_parameter_count, receptive_field


def test_by_hand():
    assert receptive_field([3, 3, 3], [1, 1, 1]) == 7  # three 3×3 convs see 7×7 (VGG)
    assert receptive_field([7, 3], [2, 2]) == 11  # ResNet stem: conv 7/2, then pool 3/2
    assert conv_parameter_count(3, 64, 3) == 64 * 3 * 9 + 64
    assert conv_parameter_count(3, 64, (3, 5), bias=False) == 64 * 3 * 15


@pytest.mark.parametrize(
    ("call", "words"),
    [
        (lambda: receptive_field([3, 3], [1]), "one length"),
        (lambda: receptive_field([], []), "non-empty"),
        (lambda: receptive_field([0], [1]), "kernel"),
        (lambda: receptive_field([3], [0]), "stride"),
        (lambda: conv_parameter_count(0, 4, 3), "c_in"),
        (lambda: conv_parameter_count(2, 4, (3, 3, 3)), "k must be"),
    ],
)
def test_bad_input_raises(call, words):
    with pytest.raises(ValueError, match=words):
        call()


@pytest.mark.parametrize("seed", range(10))
def test_receptive_field_is_where_the_gradient_reaches(seed):
    """Finite differences through engine.conv.conv2d with positive kernels."""
    rng = np.random.default_rng(seed)
    layers = int(rng.integers(1, 4))
    kernels = [int(k) for k in rng.integers(1, 4, size=layers)]
    strides = [int(s) for s in rng.integers(1, 3, size=layers)]
    n = receptive_field(kernels, strides) + 3

    def output(x):
        h = x[None, None]
        for k, s in zip(kernels, strides, strict=True):
            h = conv2d(h, np.ones((1, 1, k, k)), stride=s)
        return float(h[0, 0, 0, 0])

    x = rng.standard_normal((n, n))
    grad = np.zeros_like(x)
    for i in range(n):  # the output is linear in x: a unit step is its exact derivative
        for j in range(n):
            bumped = x.copy()
            bumped[i, j] += 1.0
            grad[i, j] = output(bumped) - output(x)
    columns = np.flatnonzero(np.abs(grad).sum(axis=0) > 1e-9)
    assert columns.max() - columns.min() + 1 == receptive_field(kernels, strides)


@pytest.fixture(scope="module")
def torch():
    return pytest.importorskip("torch", reason="PyTorch not installed (CI installs torch==2.13.0)")


@pytest.mark.parametrize("seed", range(10))
def test_parameter_count_matches_torch(torch, seed):
    rng = np.random.default_rng(seed)
    c_in, c_out = int(rng.integers(1, 9)), int(rng.integers(1, 9))
    k = (int(rng.integers(1, 6)), int(rng.integers(1, 6)))
    bias = bool(rng.integers(2))
    layer = torch.nn.Conv2d(c_in, c_out, k, bias=bias)
    assert conv_parameter_count(c_in, c_out, k, bias) == sum(p.numel() for p in layer.parameters())


@pytest.mark.parametrize("seed", range(10))
def test_receptive_field_matches_torch_autograd(torch, seed):
    rng = np.random.default_rng(seed)
    layers = int(rng.integers(1, 5))
    kernels = [int(k) for k in rng.integers(1, 6, size=layers)]
    strides = [int(s) for s in rng.integers(1, 4, size=layers)]
    n = receptive_field(kernels, strides) + 5
    x = torch.randn(1, 1, n, n, dtype=torch.float64, requires_grad=True)
    h = x
    for k, s in zip(kernels, strides, strict=True):
        h = torch.nn.functional.conv2d(h, torch.ones(1, 1, k, k, dtype=torch.float64), stride=s)
    h[0, 0, 0, 0].backward()
    columns = np.flatnonzero(x.grad[0, 0].abs().sum(dim=0).numpy() > 0)
    assert columns.max() - columns.min() + 1 == receptive_field(kernels, strides)
