"""engine.activations.gelu against PyTorch's F.gelu, finite differences and the card."""

from __future__ import annotations

import math

import numpy as np
import pytest

from engine import activations
from engine.calculus import numerical_gradient
from engine.demos import Step
from engine.demos import activations as demos


@pytest.fixture(scope="module")
def torch():
    return pytest.importorskip("torch", reason="PyTorch not installed (CI installs torch==2.13.0)")


@pytest.mark.parametrize("seed", range(20))
@pytest.mark.parametrize("approximate", ["none", "tanh"])
def test_matches_torch(torch, approximate, seed):
    rng = np.random.default_rng(seed)
    shape = tuple(rng.integers(1, 5, size=rng.integers(1, 4)))
    x = rng.choice([1.0, 3.0, 30.0, 800.0]) * rng.standard_normal(shape)
    expected = torch.nn.functional.gelu(torch.tensor(x), approximate=approximate).numpy()
    got = activations.gelu(x, approximate=approximate)
    np.testing.assert_allclose(got, expected, rtol=1e-6, atol=1e-12)


def test_derivative_matches_torch_autograd_and_finite_differences(torch):
    x = np.linspace(-4.0, 4.0, 17)
    t = torch.tensor(x, requires_grad=True)
    torch.nn.functional.gelu(t).sum().backward()
    np.testing.assert_allclose(activations.gelu_derivative(x), t.grad.numpy(), rtol=1e-6)
    numeric = numerical_gradient(lambda v: float(activations.gelu(v).sum()), x)
    np.testing.assert_allclose(activations.gelu_derivative(x), numeric, rtol=1e-6, atol=1e-8)


def test_tanh_approximation_is_close_to_the_exact_form():
    x = np.linspace(-6.0, 6.0, 121)
    gap = np.abs(activations.gelu(x) - activations.gelu(x, approximate="tanh"))
    assert gap.max() < 1e-3


def test_minimum_is_about_minus_0_17_near_minus_0_75():
    x = np.linspace(-2.0, 0.0, 20001)
    y = activations.gelu(x)
    assert round(float(y.min()), 2) == -0.17 and abs(x[y.argmin()] + 0.75) < 0.01


def test_by_hand_with_erf():
    assert activations.gelu(np.array(1.0)) == pytest.approx(0.5 * (1 + math.erf(1 / math.sqrt(2))))


def test_bad_approximate_raises():
    with pytest.raises(ValueError, match="approximate"):
        activations.gelu(np.array([1.0]), approximate="erf")


def test_gelu_demo():
    steps = demos.gelu(np.random.default_rng(0))
    assert all(isinstance(s, Step) and s.en and s.zh for s in steps)
    z, phi, exact = steps[0].value, steps[1].value, steps[2].value
    np.testing.assert_allclose(exact, z * phi)
    assert repr(steps) == repr(demos.gelu(np.random.default_rng(0)))
