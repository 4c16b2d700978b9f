"""engine.normalization against PyTorch, finite differences and hand-computed cases."""

from __future__ import annotations

import numpy as np
import pytest

from engine.calculus import numerical_gradient
from engine.normalization import batch_norm

SEEDS = range(15)


def random_case(rng: np.random.Generator, three_d: bool):
    n, c = int(rng.integers(2, 6)), int(rng.integers(1, 4))
    shape = (n, c, int(rng.integers(1, 4))) if three_d else (n, c)
    x = rng.choice([0.01, 1.0, 100.0]) * rng.standard_normal(shape) + rng.normal(0, 5)
    gamma, beta = rng.standard_normal(c), rng.standard_normal(c)
    running_mean, running_var = rng.standard_normal(c), rng.uniform(0.1, 3, size=c)
    return x, gamma, beta, running_mean, running_var


def test_train_mode_by_hand():
    x = np.array([[1.0, 10.0], [3.0, 10.0], [5.0, 10.0]])
    y, mean, var = batch_norm(
        x,
        np.array([2.0, 1.0]),
        np.array([0.5, 0.0]),
        np.zeros(2),
        np.ones(2),
        training=True,
        momentum=0.5,
        eps=1e-12,
    )
    # channel 0: mean 3, biased var 8/3, unbiased 4
    np.testing.assert_allclose(y[:, 0], 2 * np.array([-2, 0, 2]) / np.sqrt(8 / 3) + 0.5)
    np.testing.assert_allclose(y[:, 1], 0.0, atol=1e-12)  # constant channel: x - mean = 0
    np.testing.assert_allclose(mean, [1.5, 5.0])
    np.testing.assert_allclose(var, [0.5 + 0.5 * 4, 0.5])


def test_eval_mode_uses_running_statistics_and_keeps_them():
    y, mean, var = batch_norm(
        np.array([[4.0]]),
        np.array([3.0]),
        np.array([1.0]),
        np.array([2.0]),
        np.array([4.0]),
        training=False,
        eps=0.0,
    )
    assert y.tolist() == [[3.0 * (4 - 2) / 2 + 1]]
    assert mean.tolist() == [2.0] and var.tolist() == [4.0]


def test_inputs_are_not_modified():
    running_mean, running_var = np.zeros(1), np.ones(1)
    batch_norm(
        np.array([[1.0], [2.0]]), np.ones(1), np.zeros(1), running_mean, running_var, training=True
    )
    assert running_mean.tolist() == [0.0] and running_var.tolist() == [1.0]


@pytest.mark.parametrize(
    ("kwargs", "words"),
    [
        ({"x": np.ones(3)}, "x must have shape"),
        ({"gamma": np.ones(3)}, "gamma must have shape"),
        ({"running_var": -np.ones(2)}, "running_var"),
        ({"momentum": 1.5}, "momentum"),
        ({"eps": -1.0}, "eps"),
        ({"x": np.ones((1, 2))}, "more than one value per channel"),
    ],
)
def test_bad_input_raises(kwargs, words):
    args = {
        "x": np.ones((3, 2)),
        "gamma": np.ones(2),
        "beta": np.zeros(2),
        "running_mean": np.zeros(2),
        "running_var": np.ones(2),
        "training": True,
    }
    args.update(kwargs)
    with pytest.raises(ValueError, match=words):
        batch_norm(**args)


@pytest.mark.parametrize("seed", range(5))
def test_train_mode_gradient_matches_the_analytic_formula(seed):
    """dx = gamma / (m·σ) · (m·dy − Σdy − x̂·Σ(dy·x̂)) per channel (Ioffe & Szegedy)."""
    rng = np.random.default_rng(seed)
    x, gamma, beta, rm, rv = random_case(rng, three_d=False)
    dy = rng.standard_normal(x.shape)

    def loss(v):
        return float(np.sum(dy * batch_norm(v, gamma, beta, rm, rv, training=True)[0]))

    m = x.shape[0]
    sigma = np.sqrt(x.var(axis=0) + 1e-5)
    x_hat = (x - x.mean(axis=0)) / sigma
    analytic = gamma / (m * sigma) * (m * dy - dy.sum(0) - x_hat * (dy * x_hat).sum(0))
    numerical = numerical_gradient(loss, x)
    np.testing.assert_allclose(numerical, analytic, rtol=1e-4, atol=1e-6)


@pytest.fixture(scope="module")
def torch():
    return pytest.importorskip("torch", reason="PyTorch not installed (CI installs torch==2.13.0)")


@pytest.mark.parametrize("seed", SEEDS)
@pytest.mark.parametrize("training", [True, False])
def test_matches_torch(torch, seed, training):
    rng = np.random.default_rng(seed)
    x, gamma, beta, rm, rv = random_case(rng, three_d=bool(seed % 2))
    momentum = float(rng.choice([0.1, 0.5, 1.0]))
    t_rm, t_rv = torch.tensor(rm), torch.tensor(rv)  # F.batch_norm updates these in place
    expected = torch.nn.functional.batch_norm(
        torch.tensor(x),
        t_rm,
        t_rv,
        torch.tensor(gamma),
        torch.tensor(beta),
        training=training,
        momentum=momentum,
        eps=1e-5,
    )
    y, new_mean, new_var = batch_norm(x, gamma, beta, rm, rv, training, momentum=momentum)
    np.testing.assert_allclose(y, expected.numpy(), rtol=1e-6, atol=1e-9)
    np.testing.assert_allclose(new_mean, t_rm.numpy(), rtol=1e-6, atol=1e-12)
    np.testing.assert_allclose(new_var, t_rv.numpy(), rtol=1e-6, atol=1e-12)


@pytest.mark.parametrize("seed", range(5))
def test_gradient_matches_torch_autograd(torch, seed):
    rng = np.random.default_rng(seed)
    x, gamma, beta, rm, rv = random_case(rng, three_d=True)
    dy = rng.standard_normal(x.shape)
    tx = torch.tensor(x, requires_grad=True)
    out = torch.nn.functional.batch_norm(
        tx,
        torch.tensor(rm),
        torch.tensor(rv),
        torch.tensor(gamma),
        torch.tensor(beta),
        training=True,
    )
    (out * torch.tensor(dy)).sum().backward()
    numerical = numerical_gradient(
        lambda v: float(np.sum(dy * batch_norm(v, gamma, beta, rm, rv, True)[0])), x
    )
    np.testing.assert_allclose(numerical, tx.grad.numpy(), rtol=1e-4, atol=1e-5)
