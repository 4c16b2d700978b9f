"""engine.moving_average against torch.optim.Adam's moment buffers, finite differences and
by hand."""

from __future__ import annotations

import numpy as np
import pytest

from engine import moving_average
from engine.calculus import numerical_gradient
from engine.demos import Step
from engine.demos import moving_average as demos


@pytest.fixture(scope="module")
def torch():
    return pytest.importorskip("torch", reason="PyTorch not installed (CI installs torch==2.13.0)")


@pytest.mark.parametrize("seed", range(10))
def test_matches_adams_first_moment(torch, seed):
    """Adam's exp_avg is the EMA of the gradients with β = β₁, and its bias-corrected
    step divides it by 1 − β₁ᵗ."""
    rng = np.random.default_rng(seed)
    beta = float(rng.choice([0.5, 0.9, 0.99]))
    values = rng.standard_normal((int(rng.integers(1, 8)), 3)) * rng.choice([1.0, 100.0])
    p = torch.zeros(3, dtype=torch.float64, requires_grad=True)
    opt = torch.optim.Adam([p], lr=0.1, betas=(beta, 0.999))
    buffers = []
    for u in values:
        p.grad = torch.tensor(u)
        opt.step()
        buffers.append(opt.state[p]["exp_avg"].clone().numpy())
    averages = moving_average.ema(values, beta)
    np.testing.assert_allclose(averages, np.array(buffers), rtol=1e-6, atol=1e-12)
    t = len(values)
    np.testing.assert_allclose(
        moving_average.bias_corrected(averages, beta)[-1], buffers[-1] / (1 - beta**t), rtol=1e-9
    )


@pytest.mark.parametrize("beta", [0.0, 0.5, 0.9])
def test_weights_are_the_derivatives_and_sum_to_one_minus_beta_to_the_t(beta):
    values = np.array([3.0, -1.0, 4.0, 1.5, 9.0])
    numeric = numerical_gradient(lambda v: float(moving_average.ema(v, beta)[-1]), values)
    weights = moving_average.ema_weights(beta, len(values))
    np.testing.assert_allclose(weights, numeric, rtol=1e-6, atol=1e-9)
    assert weights.sum() == pytest.approx(1 - beta ** len(values))


def test_bias_correction_of_a_constant_is_the_constant():
    averages = moving_average.ema(np.full(6, 7.0), 0.9)
    np.testing.assert_allclose(moving_average.bias_corrected(averages, 0.9), 7.0)


def test_bad_input_raises():
    with pytest.raises(ValueError, match="beta"):
        moving_average.ema(np.array([1.0]), 1.0)
    with pytest.raises(ValueError, match="at least one"):
        moving_average.ema(np.array([]), 0.5)
    with pytest.raises(ValueError, match="t must"):
        moving_average.ema_weights(0.5, 0)


def test_ema_demo():
    steps = demos.ema(np.random.default_rng(0))
    assert all(isinstance(s, Step) and s.en and s.zh for s in steps)
    values, beta, averages = steps[0].value, steps[1].value, steps[2].value
    np.testing.assert_allclose(averages, moving_average.ema(values, beta))
    assert repr(steps) == repr(demos.ema(np.random.default_rng(0)))
