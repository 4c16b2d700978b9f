"""engine.linear_models against torch autograd (nn.Linear + F.cross_entropy / F.mse_loss),
finite differences, and the closed form of least squares."""

from __future__ import annotations

import numpy as np
import pytest

from engine import linear_models
from engine.calculus import numerical_gradient
from engine.demos import Step
from engine.demos import linear_models as demos


@pytest.fixture(scope="module")
def torch():
    return pytest.importorskip("torch", reason="PyTorch not installed (CI installs torch==2.13.0)")


def _softmax_case(seed):
    rng = np.random.default_rng(seed)
    n, d, k = int(rng.integers(1, 5)), int(rng.integers(1, 4)), int(rng.integers(2, 5))
    scale = rng.choice([1.0, 30.0])
    return (
        rng.standard_normal((n, d)) * scale,
        rng.integers(0, k, size=n),
        rng.standard_normal((k, d)),
        rng.standard_normal(k),
    )


@pytest.mark.parametrize("seed", range(15))
def test_softmax_regression_matches_torch(torch, seed):
    x, y, W, b = _softmax_case(seed)
    tW = torch.tensor(W, requires_grad=True)
    tb = torch.tensor(b, requires_grad=True)
    tloss = torch.nn.functional.cross_entropy(
        torch.nn.functional.linear(torch.tensor(x), tW, tb), torch.tensor(y)
    )
    tloss.backward()
    loss, _, dW, db = linear_models.softmax_regression_grads(x, y, W, b)
    assert loss == pytest.approx(tloss.item(), rel=1e-6)
    np.testing.assert_allclose(dW, tW.grad.numpy(), rtol=1e-6, atol=1e-12)
    np.testing.assert_allclose(db, tb.grad.numpy(), rtol=1e-6, atol=1e-12)
    tW2 = tW.detach() - 0.1 * tW.grad
    W2, _ = linear_models.softmax_regression_step(x, y, W, b, lr=0.1)
    np.testing.assert_allclose(W2, tW2.numpy(), rtol=1e-6, atol=1e-12)


@pytest.mark.parametrize("seed", range(5))
def test_softmax_regression_logit_gradient_by_finite_differences(seed):
    x, y, W, b = _softmax_case(seed)
    x = x / np.abs(x).max()
    _, dz, dW, db = linear_models.softmax_regression_grads(x, y, W, b)
    numeric_W = numerical_gradient(
        lambda w: linear_models.softmax_regression_grads(x, y, w, b)[0], W
    )
    numeric_b = numerical_gradient(
        lambda v: linear_models.softmax_regression_grads(x, y, W, v)[0], b
    )
    np.testing.assert_allclose(dW, numeric_W, rtol=1e-5, atol=1e-8)
    np.testing.assert_allclose(db, numeric_b, rtol=1e-5, atol=1e-8)
    np.testing.assert_allclose(dz.sum(axis=1), 0.0, atol=1e-12)  # ŷ − y sums to 0


@pytest.mark.parametrize("seed", range(10))
def test_linear_regression_matches_torch_and_finite_differences(torch, seed):
    rng = np.random.default_rng(seed)
    n, d = int(rng.integers(1, 6)), int(rng.integers(1, 4))
    x, y = rng.standard_normal((n, d)), rng.standard_normal(n) * 5
    w, b = rng.standard_normal(d), float(rng.standard_normal())
    tw = torch.tensor(w, requires_grad=True)
    tb = torch.tensor(b, requires_grad=True)
    tloss = torch.nn.functional.mse_loss(torch.tensor(x) @ tw + tb, torch.tensor(y))
    tloss.backward()
    loss, dw, db = linear_models.linear_regression_grads(x, y, w, b)
    assert loss == pytest.approx(tloss.item(), rel=1e-6)
    np.testing.assert_allclose(dw, tw.grad.numpy(), rtol=1e-6, atol=1e-12)
    assert db == pytest.approx(tb.grad.item(), rel=1e-6, abs=1e-12)
    numeric = numerical_gradient(lambda v: linear_models.linear_regression_grads(x, y, v, b)[0], w)
    np.testing.assert_allclose(dw, numeric, rtol=1e-5, atol=1e-8)
    w2, b2 = linear_models.linear_regression_step(x, y, w, b, lr=0.05)
    np.testing.assert_allclose(w2, w - 0.05 * tw.grad.numpy(), rtol=1e-6)
    assert b2 == pytest.approx(b - 0.05 * tb.grad.item())


@pytest.mark.parametrize("seed", range(5))
def test_least_squares_line_is_where_the_gradient_vanishes(torch, seed):
    rng = np.random.default_rng(seed)
    x, y = rng.uniform(-3, 3, size=6), rng.standard_normal(6)
    w, b = linear_models.least_squares_line(x, y)
    _, dw, db = linear_models.linear_regression_grads(x, y, w, b)
    assert abs(dw[0]) < 1e-9 and abs(db) < 1e-9
    design = torch.tensor(np.stack([x, np.ones_like(x)], axis=1))
    solution = torch.linalg.lstsq(design, torch.tensor(y).unsqueeze(1)).solution.squeeze(1)
    np.testing.assert_allclose([w, b], solution.numpy(), rtol=1e-6, atol=1e-9)


def test_bad_input_raises():
    W, b = np.zeros((3, 2)), np.zeros(3)
    with pytest.raises(ValueError, match="class indices"):
        linear_models.softmax_regression_grads(np.ones(2), 3, W, b)
    with pytest.raises(ValueError, match="x must have shape"):
        linear_models.softmax_regression_grads(np.ones(3), 0, W, b)
    with pytest.raises(ValueError, match="lr"):
        linear_models.linear_regression_step(np.ones(2), np.ones(2), 1.0, 0.0, -1.0)
    with pytest.raises(ValueError, match="all x are equal"):
        linear_models.least_squares_line(np.ones(3), np.arange(3.0))


@pytest.mark.parametrize("name", ["softmax_regression_step", "linear_regression_step"])
def test_demos(name):
    steps = getattr(demos, name)(np.random.default_rng(0))
    assert all(isinstance(s, Step) and s.en and s.zh for s in steps)
    assert repr(steps) == repr(getattr(demos, name)(np.random.default_rng(0)))
