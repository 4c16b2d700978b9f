"""engine.calculus on functions whose derivatives are known, and against PyTorch."""

from __future__ import annotations

import numpy as np
import pytest

from engine import calculus
from engine.demos import Step
from engine.demos import calculus as demos


@pytest.mark.parametrize(
    ("f", "gradient"),
    [
        (lambda x: np.sum(x**2), lambda x: 2 * x),
        (lambda x: np.sum(np.sin(x)), np.cos),
        (lambda x: np.sum(np.exp(x)), np.exp),
        (lambda x: np.prod(x), lambda x: np.prod(x) / x),
        (lambda x: np.log(np.sum(np.exp(x))), lambda x: np.exp(x) / np.sum(np.exp(x))),
    ],
)
@pytest.mark.parametrize("shape", [(), (1,), (3,), (2, 3)])
def test_numerical_gradient_of_known_functions(f, gradient, shape):
    x = np.random.default_rng(0).uniform(0.5, 1.5, size=shape)
    result = calculus.numerical_gradient(f, x)
    assert result.shape == x.shape
    np.testing.assert_allclose(result, gradient(x), rtol=1e-6, atol=1e-9)


def test_numerical_gradient_leaves_x_unchanged_and_takes_lists():
    x = np.array([1.0, 2.0])
    calculus.numerical_gradient(lambda v: float(v @ v), x)
    np.testing.assert_array_equal(x, [1.0, 2.0])
    np.testing.assert_allclose(
        calculus.numerical_gradient(lambda v: v[0] * v[1], [3.0, 4.0]), [4.0, 3.0]
    )


def test_numerical_gradient_error_shrinks_with_eps_squared():
    x = np.array([0.7])
    errors = [
        abs(calculus.numerical_gradient(lambda v: np.exp(v[0]), x, eps)[0] - np.exp(0.7))
        for eps in (1e-2, 1e-3)
    ]
    assert errors[1] < errors[0] / 50  # O(eps²): 100× smaller, not 10×


def test_chain_rule_demo_matches_the_derivative_by_hand():
    parts = calculus.chain_rule_demo(1.3)
    assert parts["y"] == pytest.approx(1.69)
    assert parts["dz_dx"] == pytest.approx(np.cos(1.69) * 2.6)
    assert parts["dz_dx"] == pytest.approx(parts["dz_dy"] * parts["dy_dx"])
    assert parts["dz_dx_numerical"] == pytest.approx(parts["dz_dx"], rel=1e-6)


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (lambda: calculus.numerical_gradient(np.sum, np.ones(2), eps=0.0), "eps must be > 0"),
        (lambda: calculus.numerical_gradient(np.sum, np.ones(2), eps=-1.0), "eps must be > 0"),
        (lambda: calculus.numerical_gradient(lambda v: v, np.ones(2)), "f must return a scalar"),
    ],
)
def test_bad_input_raises(call, message):
    with pytest.raises(ValueError, match=message):
        call()


@pytest.fixture(scope="module")
def torch():
    return pytest.importorskip("torch", reason="PyTorch not installed (CI installs torch==2.13.0)")


@pytest.mark.parametrize("seed", range(20))
def test_numerical_gradient_matches_torch_autograd(torch, seed):
    rng = np.random.default_rng(seed)
    x = rng.standard_normal(tuple(rng.integers(1, 4, size=2)))
    weights = rng.standard_normal(x.shape)

    def f(v):
        return np.sum(weights * np.tanh(v)) + np.sum(v**3) / 3

    x_t = torch.tensor(x, requires_grad=True)
    (torch.sum(torch.tensor(weights) * torch.tanh(x_t)) + torch.sum(x_t**3) / 3).backward()
    np.testing.assert_allclose(
        calculus.numerical_gradient(f, x), x_t.grad.numpy(), rtol=1e-6, atol=1e-9
    )


@pytest.mark.parametrize("seed", range(20))
def test_chain_rule_demo_matches_torch_autograd(torch, seed):
    x = float(np.random.default_rng(seed).uniform(-3, 3))
    x_t = torch.tensor(x, dtype=torch.float64, requires_grad=True)
    torch.sin(x_t**2).backward()
    assert calculus.chain_rule_demo(x)["dz_dx"] == pytest.approx(
        x_t.grad.item(), rel=1e-6, abs=1e-12
    )


@pytest.mark.parametrize("name", ["numerical_gradient", "chain_rule_demo"])
def test_demo_is_bilingual_and_reproducible(name):
    demo = getattr(demos, name)
    steps = demo(np.random.default_rng(2))
    assert steps and all(isinstance(s, Step) and s.en and s.zh for s in steps)
    assert repr(steps) == repr(demo(np.random.default_rng(2)))


def test_numerical_gradient_demo_agrees_with_the_hand_gradient():
    *_, numerical, by_hand, difference = demos.numerical_gradient(np.random.default_rng(0))
    np.testing.assert_allclose(numerical.value, by_hand.value, atol=1e-8)
    assert difference.value < 1e-8
