"""engine.information against PyTorch, finite differences and hand-computed cases."""

from __future__ import annotations

import math

import numpy as np
import pytest

from engine import information, losses
from engine.calculus import numerical_gradient

SEEDS = range(20)


def random_distribution(rng, size, zeros=False):
    p = rng.dirichlet(np.full(size, rng.choice([0.3, 1.0, 5.0])))
    if zeros and size > 1:
        p[rng.integers(size)] = 0.0
        p /= p.sum()
    return p


def test_entropy_by_hand():
    assert information.entropy(np.full(4, 0.25)) == pytest.approx(math.log(4))
    assert information.entropy(np.array([0.0, 1.0])) == 0.0
    assert information.entropy([0.5, 0.25, 0.25]) == pytest.approx(1.5 * math.log(2))


def test_kl_by_hand_and_asymmetry():
    p, q = np.array([0.5, 0.5]), np.array([0.9, 0.1])
    expected = 0.5 * math.log(0.5 / 0.9) + 0.5 * math.log(0.5 / 0.1)
    assert information.kl_divergence(p, q) == pytest.approx(expected)
    assert information.kl_divergence(q, p) != pytest.approx(expected)
    assert information.kl_divergence(p, p) == 0.0
    assert information.kl_divergence(p, np.array([1.0, 0.0])) == math.inf


def test_kl_is_cross_entropy_minus_entropy():
    rng = np.random.default_rng(0)
    p, q = random_distribution(rng, 5), random_distribution(rng, 5)
    cross = -np.sum(p * np.log(q))
    assert information.kl_divergence(p, q) == pytest.approx(cross - information.entropy(p))


def test_smoothed_cross_entropy_decomposes():
    rng = np.random.default_rng(1)
    logits, target, eps = rng.standard_normal((4, 3)), np.array([0, 2, 1, 1]), 0.1
    plain = losses.cross_entropy(logits, target)
    uniform = -np.mean(losses.log_softmax(logits))
    assert information.smoothed_cross_entropy(logits, target, eps) == pytest.approx(
        (1 - eps) * plain + eps * uniform
    )


@pytest.mark.parametrize("seed", range(5))
def test_smoothed_cross_entropy_gradient_is_softmax_minus_targets(seed):
    rng = np.random.default_rng(seed)
    n, c = int(rng.integers(1, 4)), int(rng.integers(2, 5))
    logits, target = rng.standard_normal((n, c)), rng.integers(0, c, size=n)
    eps = float(rng.uniform(0, 0.5))
    targets = np.stack([information.label_smoothing_targets(c, int(t), eps) for t in target])
    analytic = (losses.softmax(logits) - targets) / n
    numerical = numerical_gradient(
        lambda z: information.smoothed_cross_entropy(z, target, eps), logits
    )
    np.testing.assert_allclose(numerical, analytic, rtol=1e-5, atol=1e-8)


@pytest.mark.parametrize("seed", range(5))
def test_kl_gradient_in_p(seed):
    """d KL / d p_i = log(p_i / q_i) + 1 (p treated as free, off the simplex)."""
    rng = np.random.default_rng(seed)
    p, q = random_distribution(rng, 4), random_distribution(rng, 4)
    p = np.clip(p, 0.05, None)
    p /= p.sum()

    def kl_free(v):  # the same sum without the sum-to-1 check
        return float(np.sum(v * np.log(v / q)))

    numerical = numerical_gradient(kl_free, p)
    np.testing.assert_allclose(numerical, np.log(p / q) + 1, rtol=1e-5)
    assert kl_free(p) == pytest.approx(information.kl_divergence(p, q))


@pytest.mark.parametrize(
    ("call", "words"),
    [
        (lambda: information.entropy(np.array([0.5, 0.6])), "sum to 1"),
        (lambda: information.entropy(np.array([1.5, -0.5])), r"\[0, 1\]"),
        (lambda: information.entropy(np.array(1.0)), "vector"),
        (lambda: information.kl_divergence([0.5, 0.5], [1.0]), "entries"),
        (lambda: information.label_smoothing_targets(3, 3, 0.1), "target"),
        (lambda: information.label_smoothing_targets(3, 0, 1.5), "epsilon"),
        (lambda: information.label_smoothing_targets(0, 0, 0.1), "num_classes"),
        (lambda: information.smoothed_cross_entropy(np.zeros((2, 3)), np.array([0]), 0.1), "2"),
    ],
)
def test_bad_input_raises(call, words):
    with pytest.raises(ValueError, match=words):
        call()


@pytest.fixture(scope="module")
def torch():
    return pytest.importorskip("torch", reason="PyTorch not installed (CI installs torch==2.13.0)")


@pytest.mark.parametrize("seed", SEEDS)
def test_kl_matches_torch(torch, seed):
    rng = np.random.default_rng(seed)
    size = int(rng.integers(1, 8))
    p, q = random_distribution(rng, size, zeros=True), random_distribution(rng, size)
    expected = torch.nn.functional.kl_div(
        torch.tensor(q).log(), torch.tensor(p), reduction="sum"
    ).item()
    assert information.kl_divergence(p, q) == pytest.approx(expected, rel=1e-6, abs=1e-12)


@pytest.mark.parametrize("seed", SEEDS)
def test_entropy_matches_torch(torch, seed):
    rng = np.random.default_rng(seed)
    p = random_distribution(rng, int(rng.integers(1, 8)), zeros=True)
    expected = torch.distributions.Categorical(probs=torch.tensor(p)).entropy().item()
    assert information.entropy(p) == pytest.approx(expected, rel=1e-6, abs=1e-12)


@pytest.mark.parametrize("seed", SEEDS)
def test_smoothed_cross_entropy_matches_torch(torch, seed):
    rng = np.random.default_rng(seed)
    n, c = int(rng.integers(1, 6)), int(rng.integers(1, 6))
    logits = rng.choice([0.1, 1.0, 1e3]) * rng.standard_normal((n, c))
    target = rng.integers(0, c, size=n)
    eps = float(rng.choice([0.0, 0.1, 0.3, 1.0]))
    expected = torch.nn.functional.cross_entropy(
        torch.tensor(logits), torch.tensor(target), label_smoothing=eps
    ).item()
    got = information.smoothed_cross_entropy(logits, target, eps)
    assert got == pytest.approx(expected, rel=1e-6, abs=1e-12)
    # the targets themselves: torch's smoothed loss against a one-hot row is the dot product
    t = information.label_smoothing_targets(c, int(target[0]), eps)
    assert t.sum() == pytest.approx(1.0)
    soft = torch.nn.functional.cross_entropy(torch.tensor(logits[:1]), torch.tensor(t[None]))
    assert information.smoothed_cross_entropy(logits[0], int(target[0]), eps) == pytest.approx(
        soft.item(), rel=1e-6, abs=1e-12
    )
