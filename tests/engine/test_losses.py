"""engine.losses against PyTorch, finite differences and hand-computed cases."""

from __future__ import annotations

import numpy as np
import pytest

from engine import losses
from engine.calculus import numerical_gradient
from engine.demos import Step
from engine.demos import losses as demos

SEEDS = range(20)


def random_logits(rng: np.random.Generator) -> np.ndarray:
    """(N, C) logits with N from 1, C from 1, at a random scale up to 1e4."""
    n, c = rng.integers(1, 8), rng.integers(1, 10)
    scale = rng.choice([0.1, 1.0, 30.0, 1e4])
    return scale * rng.standard_normal((n, c))


# --- known cases ---------------------------------------------------------------------


def test_mse_by_hand():
    assert losses.mse(np.array([1.0, 2.0]), np.array([1.0, 4.0])) == 2.0
    assert losses.mse([[0.0, 0.0]], [[3.0, 4.0]]) == 12.5


def test_softmax_of_equal_logits_is_uniform():
    np.testing.assert_allclose(losses.softmax(np.full(4, 7.0)), np.full(4, 0.25))


def test_softmax_and_cross_entropy_are_exact_for_huge_logits():
    logits = np.array([[1e4, -1e4, 0.0], [-1e4, -1e4, 1e4]])
    np.testing.assert_array_equal(losses.softmax(logits), [[1, 0, 0], [0, 0, 1]])
    np.testing.assert_array_equal(losses.log_softmax(logits), [[0, -2e4, -1e4], [-2e4, -2e4, 0]])
    assert losses.cross_entropy(logits, np.array([0, 2])) == 0.0
    assert losses.cross_entropy(logits, np.array([1, 0])) == 2e4


def test_cross_entropy_of_uniform_logits_is_log_c():
    assert losses.cross_entropy(np.zeros((3, 5)), np.array([0, 4, 2])) == pytest.approx(np.log(5))


def test_cross_entropy_single_example_equals_batch_of_one():
    logits = np.array([0.5, -1.0, 2.0])
    assert losses.cross_entropy(logits, 2) == losses.cross_entropy(logits[None], np.array([2]))


def test_binary_cross_entropy_clamps_log_like_torch():
    assert losses.binary_cross_entropy(np.array([0.0, 1.0]), np.array([0.0, 1.0])) == 0.0
    assert losses.binary_cross_entropy(np.array([1.0]), np.array([0.0])) == 100.0
    assert losses.binary_cross_entropy(np.array([1e-300]), np.array([1.0])) == 100.0


def test_losses_return_python_floats():
    assert type(losses.mse([1.0], [2.0])) is float
    assert type(losses.cross_entropy(np.zeros(2), 0)) is float
    assert type(losses.binary_cross_entropy([0.5], [1.0])) is float


# --- gradients by finite differences (no torch needed) -------------------------------


@pytest.mark.parametrize("seed", range(5))
def test_cross_entropy_gradient_is_softmax_minus_onehot_over_n(seed):
    rng = np.random.default_rng(seed)
    n, c = rng.integers(1, 5), rng.integers(2, 5)
    logits = rng.standard_normal((n, c))
    target = rng.integers(0, c, size=n)
    analytic = losses.softmax(logits)
    analytic[np.arange(n), target] -= 1
    analytic /= n
    numerical = numerical_gradient(lambda z: losses.cross_entropy(z, target), logits)
    np.testing.assert_allclose(numerical, analytic, rtol=1e-5, atol=1e-8)


@pytest.mark.parametrize("seed", range(5))
def test_mse_gradient_is_two_errors_over_size(seed):
    rng = np.random.default_rng(seed)
    pred, target = rng.standard_normal((2, 3, 2))
    numerical = numerical_gradient(lambda p: losses.mse(p, target), pred)
    np.testing.assert_allclose(numerical, 2 * (pred - target) / pred.size, rtol=1e-5, atol=1e-8)


@pytest.mark.parametrize("seed", range(5))
def test_binary_cross_entropy_gradient(seed):
    rng = np.random.default_rng(seed)
    p = rng.uniform(0.05, 0.95, size=4)
    y = rng.uniform(0, 1, size=4)
    numerical = numerical_gradient(lambda q: losses.binary_cross_entropy(q, y), p)
    analytic = (p - y) / (p * (1 - p)) / p.size
    np.testing.assert_allclose(numerical, analytic, rtol=1e-5, atol=1e-8)


# --- against PyTorch -------------------------------------------------------------------


@pytest.fixture(scope="module")
def torch():
    return pytest.importorskip("torch", reason="PyTorch not installed (CI installs torch==2.13.0)")


@pytest.mark.parametrize("seed", SEEDS)
def test_softmax_and_log_softmax_match_torch(torch, seed):
    rng = np.random.default_rng(seed)
    logits = random_logits(rng)
    for axis in (-1, 0):
        expected = torch.softmax(torch.tensor(logits), dim=axis).numpy()
        np.testing.assert_allclose(losses.softmax(logits, axis), expected, rtol=1e-6, atol=1e-12)
        expected = torch.log_softmax(torch.tensor(logits), dim=axis).numpy()
        np.testing.assert_allclose(
            losses.log_softmax(logits, axis), expected, rtol=1e-6, atol=1e-12
        )


@pytest.mark.parametrize("seed", SEEDS)
def test_cross_entropy_matches_torch(torch, seed):
    rng = np.random.default_rng(seed)
    logits = random_logits(rng)
    target = rng.integers(0, logits.shape[1], size=logits.shape[0])
    expected = torch.nn.functional.cross_entropy(torch.tensor(logits), torch.tensor(target))
    assert losses.cross_entropy(logits, target) == pytest.approx(
        expected.item(), rel=1e-6, abs=1e-12
    )
    # a single example: logits (C,), target an int
    expected = torch.nn.functional.cross_entropy(torch.tensor(logits[0]), torch.tensor(target[0]))
    assert losses.cross_entropy(logits[0], int(target[0])) == pytest.approx(
        expected.item(), rel=1e-6, abs=1e-12
    )


@pytest.mark.parametrize("seed", SEEDS)
def test_mse_matches_torch(torch, seed):
    rng = np.random.default_rng(seed)
    shape = tuple(rng.integers(1, 5, size=rng.integers(1, 4)))
    pred, target = rng.standard_normal(shape), rng.standard_normal(shape)
    expected = torch.nn.functional.mse_loss(torch.tensor(pred), torch.tensor(target))
    assert losses.mse(pred, target) == pytest.approx(expected.item(), rel=1e-6, abs=1e-12)


@pytest.mark.parametrize("seed", SEEDS)
def test_binary_cross_entropy_matches_torch(torch, seed):
    rng = np.random.default_rng(seed)
    n = rng.integers(1, 12)
    # probabilities from moderate to within 1e-40 of 0 and 1, plus exact 0 and 1
    p = 1 / (1 + np.exp(-rng.choice([1.0, 20.0, 92.0], size=n) * rng.standard_normal(n)))
    p[rng.random(n) < 0.1] = 0.0
    p[rng.random(n) < 0.1] = 1.0
    y = rng.choice([0.0, 1.0, 0.3], size=n)
    expected = torch.nn.functional.binary_cross_entropy(torch.tensor(p), torch.tensor(y))
    assert losses.binary_cross_entropy(p, y) == pytest.approx(expected.item(), rel=1e-6, abs=1e-12)


# --- bad input -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (lambda: losses.mse(np.zeros(2), np.zeros(3)), "pred has shape"),
        (lambda: losses.mse(np.zeros(0), np.zeros(0)), "pred is empty"),
        (lambda: losses.softmax(np.float64(1.0)), "x must have at least one dimension"),
        (lambda: losses.log_softmax(np.float64(1.0)), "x must have at least one dimension"),
        (lambda: losses.softmax(np.zeros(3), axis=1), "axis 1 is out of bounds"),
        (lambda: losses.cross_entropy(np.zeros((2, 2, 2)), np.zeros(2, int)), "logits must have"),
        (lambda: losses.cross_entropy(np.zeros((0, 3)), np.zeros(0, int)), "at least one row"),
        (lambda: losses.cross_entropy(np.zeros((2, 3)), np.zeros(3, int)), "target must have"),
        (lambda: losses.cross_entropy(np.zeros(3), np.array([1])), "one class id"),
        (lambda: losses.cross_entropy(np.zeros((2, 3)), np.array([0.0, 1.0])), "integer"),
        (lambda: losses.cross_entropy(np.zeros((2, 3)), np.array([True, False])), "integer"),
        (lambda: losses.cross_entropy(np.zeros((2, 3)), np.array([0, 3])), "outside \\[0, 3\\)"),
        (lambda: losses.cross_entropy(np.zeros((2, 3)), np.array([-100, 0])), "outside"),
        (lambda: losses.binary_cross_entropy([0.5], [1.0, 0.0]), "p has shape"),
        (lambda: losses.binary_cross_entropy([], []), "p is empty"),
        (lambda: losses.binary_cross_entropy([1.5], [1.0]), "p must hold probabilities"),
        (lambda: losses.binary_cross_entropy([np.nan], [1.0]), "p must hold probabilities"),
        (lambda: losses.binary_cross_entropy([0.5], [2.0]), "y must hold targets"),
    ],
)
def test_bad_input_raises(call, message):
    with pytest.raises(ValueError, match=message):
        call()


# --- demos -----------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["mse", "softmax", "cross_entropy", "binary_cross_entropy"])
def test_demo_is_bilingual_and_reproducible(name):
    demo = getattr(demos, name)
    steps = demo(np.random.default_rng(7))
    assert steps and all(isinstance(s, Step) and s.en and s.zh for s in steps)
    assert repr(steps) == repr(demo(np.random.default_rng(7)))


def test_cross_entropy_demo_ends_with_the_engine_loss():
    logits, target, *_, loss = demos.cross_entropy(np.random.default_rng(1))
    assert loss.value == losses.cross_entropy(logits.value, target.value)
