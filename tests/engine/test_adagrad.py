"""engine.optim.Adagrad against torch.optim.Adagrad, by hand, and on a loss whose gradients
come from finite differences."""

from __future__ import annotations

import itertools

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
@pytest.mark.parametrize(("lr", "eps"), [(0.01, 1e-10), (0.5, 1e-10), (0.1, 1e-3)])
def test_matches_torch(torch, lr, eps, seed):
    rng = np.random.default_rng(seed)
    params = [rng.standard_normal((2, 3)), rng.standard_normal(4)]
    tparams = [torch.tensor(p.copy(), requires_grad=True) for p in params]
    topt = torch.optim.Adagrad(tparams, lr=lr, eps=eps)
    ours = optim.Adagrad(lr, eps=eps)
    for _ in range(5):
        grads = [rng.standard_normal(p.shape) * rng.choice([1e-3, 1.0, 1e3]) for p in params]
        for tp, g in zip(tparams, grads, strict=True):
            tp.grad = torch.tensor(g)
        topt.step()
        params = ours.step(params, grads)
        for p, tp in zip(params, tparams, strict=True):
            np.testing.assert_allclose(p, tp.detach().numpy(), rtol=1e-6, atol=1e-12)


def test_default_eps_matches_torch(torch):
    p = torch.zeros(1, requires_grad=True)
    assert torch.optim.Adagrad([p]).defaults["eps"] == optim.Adagrad(0.01).eps


def test_on_a_loss_with_finite_difference_gradients(torch):
    """Ten steps on f(w) = 5·w₀² + 0.05·w₁² + w₀·w₁: the gradients from central differences,
    and the same run with torch autograd's gradients, end at the same point."""
    a = np.array([[10.0, 1.0], [1.0, 0.1]])

    def loss(w):
        return 0.5 * float(w @ a @ w)

    w = np.array([1.0, -2.0])
    ours = optim.Adagrad(0.3)
    tw = torch.tensor(w.copy(), requires_grad=True)
    topt = torch.optim.Adagrad([tw], lr=0.3)
    ta = torch.tensor(a)
    for _ in range(10):
        (w,) = ours.step([w], [numerical_gradient(loss, w)])
        topt.zero_grad()
        (0.5 * tw @ ta @ tw).backward()
        topt.step()
    np.testing.assert_allclose(w, tw.detach().numpy(), rtol=1e-6)


def test_rare_parameter_keeps_the_full_step():
    """The card: gradient 1 at every step vs only at step 4, η = 0.1."""
    adagrad = optim.Adagrad(0.1)
    p = [np.zeros(2)]
    for t in range(1, 5):
        new = adagrad.step(p, [np.array([1.0, 1.0 if t == 4 else 0.0])])
        moves = p[0] - new[0]
        p = new
    np.testing.assert_allclose(moves, [0.05, 0.1])


def test_bad_input_raises():
    with pytest.raises(ValueError, match="lr"):
        optim.Adagrad(-0.1)
    with pytest.raises(ValueError, match="eps"):
        optim.Adagrad(0.1, eps=-1.0)


def test_adagrad_demo():
    steps = demos.Adagrad(np.random.default_rng(0))
    assert all(isinstance(s, Step) and s.en and s.zh for s in steps)
    assert repr(steps) == repr(demos.Adagrad(np.random.default_rng(0)))
    sums = [s.value for s in steps if s.en.endswith("(it only grows)")]
    assert all(np.all(later >= earlier) for earlier, later in itertools.pairwise(sums))
