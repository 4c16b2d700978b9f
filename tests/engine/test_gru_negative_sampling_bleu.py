"""The additions engine.rnn.gru_cell, engine.embedding.negative_sampling_loss and
engine.language_model.bleu, against PyTorch, finite differences and hand computations."""

from __future__ import annotations

import math

import numpy as np
import pytest

from engine.calculus import numerical_gradient
from engine.embedding import negative_sampling_loss
from engine.language_model import bleu
from engine.rnn import gru_cell


def words(sentence):
    return sentence.split()


def gru_weights(rng, input_size, hidden):
    return (
        rng.standard_normal((3 * hidden, input_size)),
        rng.standard_normal((3 * hidden, hidden)),
        rng.standard_normal(3 * hidden),
        rng.standard_normal(3 * hidden),
    )


def test_gru_one_unit_by_hand():
    x, h = np.array([[1.0]]), np.array([[0.5]])
    W_ih, W_hh = np.array([[1.0], [2.0], [3.0]]), np.array([[0.5], [-1.0], [2.0]])
    b_ih, b_hh = np.array([0.0, 0.1, 0.0]), np.array([0.0, 0.0, 0.2])
    r = 1 / (1 + math.exp(-(1.0 + 0.25)))
    z = 1 / (1 + math.exp(-(2.0 + 0.1 - 0.5)))
    n = math.tanh(3.0 + r * (1.0 + 0.2))
    got = gru_cell(x, h, W_ih, W_hh, b_ih, b_hh)
    assert got[0, 0] == pytest.approx((1 - z) * n + z * 0.5)


def test_gru_bad_input_raises():
    rng = np.random.default_rng(0)
    weights = gru_weights(rng, 2, 3)
    with pytest.raises(ValueError, match="W_ih"):
        gru_cell(np.ones((1, 4)), np.ones((1, 3)), *weights)
    with pytest.raises(ValueError, match="h must"):
        gru_cell(np.ones((1, 2)), np.ones((2, 3)), *weights)
    with pytest.raises(ValueError, match="x must"):
        gru_cell(np.ones(2), np.ones((1, 3)), *weights)


@pytest.mark.parametrize("seed", range(5))
def test_gru_gradient_in_h_by_finite_differences(seed):
    """dh'/dh for one unit: z + (1 - z) * (1 - n²) * r * w_hn + the gates' own slopes."""
    rng = np.random.default_rng(seed)
    x, h = rng.standard_normal((1, 1)), rng.standard_normal((1, 1))
    W_ih, W_hh, b_ih, b_hh = gru_weights(rng, 1, 1)
    a = W_ih[:, 0] * x[0, 0] + b_ih
    b = W_hh[:, 0] * h[0, 0] + b_hh
    r = 1 / (1 + np.exp(-(a[0] + b[0])))
    z = 1 / (1 + np.exp(-(a[1] + b[1])))
    n = np.tanh(a[2] + r * b[2])
    dr, dz = r * (1 - r) * W_hh[0, 0], z * (1 - z) * W_hh[1, 0]
    dn = (1 - n**2) * (dr * b[2] + r * W_hh[2, 0])
    analytic = -dz * n + (1 - z) * dn + dz * h[0, 0] + z
    numerical = numerical_gradient(lambda v: float(gru_cell(x, v, W_ih, W_hh, b_ih, b_hh)[0, 0]), h)
    assert numerical[0, 0] == pytest.approx(analytic, rel=1e-6)


def test_negative_sampling_by_hand():
    # content/nlp/negative-sampling.yaml: scores 2.0 (true pair), -1.0 and 0.5 (noise)
    loss = negative_sampling_loss(np.array([1.0]), np.array([2.0]), np.array([[-1.0], [0.5]]))

    def sigmoid(s):
        return 1 / (1 + math.exp(-s))

    assert loss == pytest.approx(
        -math.log(sigmoid(2.0)) - math.log(sigmoid(1.0)) - math.log(sigmoid(-0.5))
    )


def test_negative_sampling_is_stable_for_large_scores():
    v = np.array([1.0])
    assert negative_sampling_loss(v, np.array([1e4]), np.array([[-1e4]])) == 0.0
    assert negative_sampling_loss(v, np.array([-1e4]), np.array([[-1e4]])) == pytest.approx(1e4)


def test_negative_sampling_bad_input_raises():
    with pytest.raises(ValueError, match="center and context"):
        negative_sampling_loss(np.ones(2), np.ones(3), np.ones((1, 2)))
    with pytest.raises(ValueError, match="negatives"):
        negative_sampling_loss(np.ones(2), np.ones(2), np.ones(2))


@pytest.mark.parametrize("seed", range(5))
def test_negative_sampling_gradient(seed):
    """dL/dv_c = (σ(u_o·v) − 1) u_o + Σ_k σ(u_k·v) u_k (Mikolov 2013; d2l 15.2)."""
    rng = np.random.default_rng(seed)
    d, k = int(rng.integers(1, 5)), int(rng.integers(1, 5))
    v, u_o, u_neg = rng.standard_normal(d), rng.standard_normal(d), rng.standard_normal((k, d))

    def sigmoid(s):
        return 1 / (1 + np.exp(-s))

    analytic = (sigmoid(u_o @ v) - 1) * u_o + sigmoid(u_neg @ v) @ u_neg
    numerical = numerical_gradient(lambda c: negative_sampling_loss(c, u_o, u_neg), v)
    np.testing.assert_allclose(numerical, analytic, rtol=1e-5, atol=1e-8)


def test_bleu_by_hand():
    """content/nlp/bleu.yaml's example, every factor recomputed."""
    reference = words("the small cat sat on the mat")
    candidate = words("the cat sat on the mat")
    # p1 = 6/6, p2 = 4/5, p3 = 3/4, p4 = 2/3; BP = e^(1 − 7/6)
    expected = math.exp(1 - 7 / 6) * (1 * 0.8 * 0.75 * (2 / 3)) ** 0.25
    assert bleu(candidate, [reference]) == pytest.approx(expected)
    assert bleu(reference, [reference]) == 1.0
    assert bleu(candidate, [reference], max_n=1) == pytest.approx(math.exp(1 - 7 / 6))


def test_bleu_clips_counts_and_uses_the_closest_reference():
    reference = words("the small cat sat on the mat")
    # modified unigram precision 2/7: "the" occurs twice in the reference
    assert bleu(["the"] * 7, [reference], max_n=1) == pytest.approx(2 / 7)
    # two references: counts clip at the larger per-reference count; r = the closest length
    candidate = words("a a b")
    refs = [words("a b c d"), words("a a")]
    # p1 = 3/3 (a clips at 2, b at 1), c = 3 > r = 2 (closer than 4, tie-free): BP = 1
    assert bleu(candidate, refs, max_n=1) == pytest.approx(1.0)
    assert bleu(words("x y z w"), [reference]) == 0.0


def test_bleu_d2l_style_pair():
    """d2l.ai 10.7 scores 'je suis calme .' against the reference 'je suis calme .' as 1."""
    assert bleu(words("je suis calme ."), [words("je suis calme .")]) == 1.0
    # d2l's 'il est riche .' vs 'il est mouillé .': p1 = 3/4, p2 = 1/3, p3 = 0
    assert bleu(words("il est riche ."), [words("il est mouillé .")]) == 0.0
    assert bleu(words("il est riche ."), [words("il est mouillé .")], max_n=2) == pytest.approx(
        math.sqrt(3 / 4 * 1 / 3)
    )


def test_bleu_bad_input_raises():
    with pytest.raises(ValueError, match="references"):
        bleu(["a"] * 4, [])
    with pytest.raises(ValueError, match="max_n"):
        bleu(["a"] * 4, [["a"]], max_n=0)
    with pytest.raises(ValueError, match="fewer than max_n"):
        bleu(["a"], [["a"]])


@pytest.fixture(scope="module")
def torch():
    return pytest.importorskip("torch", reason="PyTorch not installed (CI installs torch==2.13.0)")


@pytest.mark.parametrize("seed", range(15))
def test_gru_matches_torch(torch, seed):
    rng = np.random.default_rng(seed)
    n, i, h_size = int(rng.integers(1, 4)), int(rng.integers(1, 5)), int(rng.integers(1, 5))
    weights = gru_weights(rng, i, h_size)
    x, h = 3 * rng.standard_normal((n, i)), rng.standard_normal((n, h_size))
    cell = torch.nn.GRUCell(i, h_size).double()
    with torch.no_grad():
        for param, value in zip(
            (cell.weight_ih, cell.weight_hh, cell.bias_ih, cell.bias_hh), weights, strict=True
        ):
            param.copy_(torch.tensor(value))
    expected = cell(torch.tensor(x), torch.tensor(h)).detach().numpy()
    np.testing.assert_allclose(gru_cell(x, h, *weights), expected, rtol=1e-6, atol=1e-12)


@pytest.mark.parametrize("seed", range(10))
def test_negative_sampling_matches_torch(torch, seed):
    rng = np.random.default_rng(seed)
    d, k = int(rng.integers(1, 6)), int(rng.integers(1, 6))
    scale = float(rng.choice([0.1, 1.0, 30.0]))
    v, u_o, u_neg = (scale * rng.standard_normal(s) for s in [(d,), (d,), (k, d)])
    scores = torch.tensor(np.concatenate([[u_o @ v], u_neg @ v]))
    labels = torch.tensor([1.0] + [0.0] * k, dtype=torch.float64)
    expected = torch.nn.functional.binary_cross_entropy_with_logits(
        scores, labels, reduction="sum"
    ).item()
    assert negative_sampling_loss(v, u_o, u_neg) == pytest.approx(expected, rel=1e-6, abs=1e-12)
