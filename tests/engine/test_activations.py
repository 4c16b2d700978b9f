"""engine.activations against PyTorch and by hand."""

from __future__ import annotations

import numpy as np
import pytest

from engine import activations
from engine.demos import Step
from engine.demos import activations as demos


def test_relu_by_hand():
    np.testing.assert_array_equal(activations.relu([-2.0, 0.0, 3.0]), [0.0, 0.0, 3.0])


def test_sigmoid_is_exact_at_the_extremes_without_overflow_warnings():
    with np.errstate(over="raise"):
        np.testing.assert_array_equal(activations.sigmoid([-1e4, 0.0, 1e4]), [0.0, 0.5, 1.0])


def test_tanh_is_twice_sigmoid_of_twice_minus_one():
    x = np.linspace(-5, 5, 11)
    np.testing.assert_allclose(activations.tanh(x), 2 * activations.sigmoid(2 * x) - 1, atol=1e-15)


def test_bad_input_raises():
    with pytest.raises(ValueError, match="could not convert"):
        activations.relu(["one"])


@pytest.fixture(scope="module")
def torch():
    return pytest.importorskip("torch", reason="PyTorch not installed (CI installs torch==2.13.0)")


@pytest.mark.parametrize("seed", range(20))
@pytest.mark.parametrize("name", ["relu", "sigmoid", "tanh"])
def test_matches_torch(torch, name, seed):
    rng = np.random.default_rng(seed)
    shape = tuple(rng.integers(1, 5, size=rng.integers(1, 4)))
    x = rng.choice([1.0, 30.0, 800.0, 1e4]) * rng.standard_normal(shape)
    expected = getattr(torch, name)(torch.tensor(x)).numpy()
    np.testing.assert_allclose(getattr(activations, name)(x), expected, rtol=1e-6, atol=1e-12)


def test_relu_demo():
    steps = demos.relu(np.random.default_rng(0))
    assert all(isinstance(s, Step) and s.en and s.zh for s in steps)
    x, out, derivative = (s.value for s in steps)
    np.testing.assert_array_equal(out, activations.relu(x))
    np.testing.assert_array_equal(derivative, x > 0)
    assert repr(steps) == repr(demos.relu(np.random.default_rng(0)))
