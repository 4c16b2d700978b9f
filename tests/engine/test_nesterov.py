"""engine.optim.NesterovSGD against torch.optim.SGD(nesterov=True), and the card's look-ahead
form (engine.optim.nesterov_momentum) against it and against finite differences."""

from __future__ import annotations

import numpy as np
import pytest

from engine import optim
from engine.calculus import numerical_gradient
from engine.demos import Step
from engine.demos import optim as demos


@pytest.fixture(scope="module")
def torch():
    return pytest.importorskip("torch", reason="PyTorch not installed (CI installs torch==2.13.0)")


@pytest.mark.parametrize("seed", range(10))
@pytest.mark.parametrize(("lr", "momentum"), [(0.01, 0.9), (0.5, 0.5), (0.1, 0.99)])
def test_matches_torch(torch, lr, momentum, seed):
    rng = np.random.default_rng(seed)
    params = [rng.standard_normal((2, 3)), rng.standard_normal(1)]
    tparams = [torch.tensor(p.copy(), requires_grad=True) for p in params]
    topt = torch.optim.SGD(tparams, lr=lr, momentum=momentum, nesterov=True)
    ours = optim.NesterovSGD(lr, momentum=momentum)
    for _ in range(6):
        grads = [rng.standard_normal(p.shape) * rng.choice([1e-3, 1.0, 1e3]) for p in params]
        for tp, g in zip(tparams, grads, strict=True):
            tp.grad = torch.tensor(g)
        topt.step()
        params = ours.step(params, grads)
        for p, tp in zip(params, tparams, strict=True):
            np.testing.assert_allclose(p, tp.detach().numpy(), rtol=1e-6, atol=1e-12)


def test_card_form_is_pytorchs_form_shifted_to_the_look_ahead_point(torch):
    """p_t = θ_t − lr·μ·m_t on a non-quadratic loss, with finite-difference gradients for
    the card's form and torch autograd for PyTorch's."""

    def loss(w):
        return float(np.sum(np.cosh(w) + 0.3 * w**3 / (1 + w**2)))

    lr, mu, steps = 0.1, 0.9, 12
    w0 = np.array([1.5, -0.7])
    thetas, ms = optim.nesterov_momentum(lambda w: numerical_gradient(loss, w), w0, lr, mu, steps)
    tw = torch.tensor(w0.copy(), requires_grad=True)
    topt = torch.optim.SGD([tw], lr=lr, momentum=mu, nesterov=True)
    for t in range(1, steps + 1):
        topt.zero_grad()
        torch.sum(torch.cosh(tw) + 0.3 * tw**3 / (1 + tw**2)).backward()
        topt.step()
        np.testing.assert_allclose(
            thetas[t] - lr * mu * ms[t], tw.detach().numpy(), rtol=1e-6, atol=1e-9
        )


def test_first_step_is_plain_momentum_and_gradient_descent():
    thetas, ms = optim.nesterov_momentum(lambda t: 2 * t, np.array(1.0), 0.1, 0.9, 1)
    assert ms[1] == 2.0 and thetas[1] == pytest.approx(0.8)


def test_bad_input_raises():
    with pytest.raises(ValueError, match="momentum > 0"):
        optim.NesterovSGD(0.1, momentum=0.0)
    with pytest.raises(ValueError, match="lr"):
        optim.nesterov_momentum(lambda t: t, np.array(1.0), -0.1, 0.9, 1)
    with pytest.raises(ValueError, match="steps"):
        optim.nesterov_momentum(lambda t: t, np.array(1.0), 0.1, 0.9, -1)


def test_nesterov_demo():
    steps = demos.NesterovSGD(np.random.default_rng(0))
    assert all(isinstance(s, Step) and s.en and s.zh for s in steps)
    assert repr(steps) == repr(demos.NesterovSGD(np.random.default_rng(0)))
    thetas, look_ahead, stored = steps[4].value, steps[3].value, steps[5].value
    np.testing.assert_allclose(
        stored[1:], thetas[1:] - 0.1 * 0.9 * (thetas[:-1] - thetas[1:]) / 0.1
    )
    assert look_ahead[0] == thetas[0]
