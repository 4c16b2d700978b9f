"""engine.language_model: a bigram model worked by hand, and perplexity."""

from __future__ import annotations

import numpy as np
import pytest

from engine import language_model
from engine.demos import Step
from engine.demos import language_model as demos


def test_bigram_model_on_a_tiny_corpus_by_hand():
    vocab, probs = language_model.bigram_model(["the", "cat", "sat", "on", "the", "mat"])
    assert vocab == ["cat", "mat", "on", "sat", "the"]
    expected = np.zeros((5, 5))
    expected[0, 3] = 1.0  # cat -> sat
    expected[2, 4] = 1.0  # on -> the
    expected[3, 2] = 1.0  # sat -> on
    expected[4, 0] = expected[4, 1] = 0.5  # the -> cat, the -> mat
    np.testing.assert_array_equal(probs, expected)  # "mat" is never followed: a row of zeros


def test_bigram_model_with_laplace_smoothing():
    vocab, probs = language_model.bigram_model(["a", "b", "a", "a"], smoothing=1.0)
    assert vocab == ["a", "b"]
    # a -> b once, a -> a once: (1 + 1) / (2 + 2); b -> a once: (1 + 1) / (1 + 2)
    np.testing.assert_allclose(probs, [[0.5, 0.5], [2 / 3, 1 / 3]])
    np.testing.assert_allclose(probs.sum(axis=1), 1.0)


def test_sequence_probs_and_perplexity_of_the_training_text():
    tokens = ["a", "b", "a", "c"]
    vocab, probs = language_model.bigram_model(tokens)
    observed = language_model.sequence_probs(tokens, vocab, probs)
    np.testing.assert_array_equal(observed, [0.5, 1.0, 0.5])
    assert language_model.perplexity(observed) == pytest.approx(4 ** (1 / 3))


@pytest.mark.parametrize("k", [1, 2, 7, 50_000])
def test_perplexity_of_a_uniform_model_over_k_tokens_is_k(k):
    assert language_model.perplexity(np.full(13, 1 / k)) == pytest.approx(k, rel=1e-12)


def test_perplexity_is_exp_of_the_mean_negative_log_probability():
    probs = np.array([[0.5, 0.25], [0.125, 1.0]])
    assert language_model.perplexity(probs) == pytest.approx(np.exp(np.log(64) / 4))
    assert type(language_model.perplexity([0.5])) is float


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (lambda: language_model.bigram_model(["a"]), "at least two tokens"),
        (lambda: language_model.bigram_model(["a", "b"], smoothing=-1.0), "smoothing must be >= 0"),
        (lambda: language_model.perplexity([]), "probs is empty"),
        (
            lambda: language_model.perplexity([0.5, 0.0]),
            "probs must hold probabilities in \\(0, 1\\]",
        ),
        (lambda: language_model.perplexity([1.5]), "probs must hold probabilities"),
        (lambda: language_model.perplexity([-0.5]), "probs must hold probabilities"),
        (lambda: language_model.perplexity([np.nan]), "probs must hold probabilities"),
        (lambda: language_model.sequence_probs(["a", "z"], ["a", "b"], np.eye(2)), "not in vocab"),
        (lambda: language_model.sequence_probs(["a"], ["a", "b"], np.eye(2)), "at least two"),
        (
            lambda: language_model.sequence_probs(["a", "b"], ["a", "b"], np.eye(3)),
            "probs must have",
        ),
    ],
)
def test_bad_input_raises(call, message):
    with pytest.raises(ValueError, match=message):
        call()


@pytest.fixture(scope="module")
def torch():
    return pytest.importorskip("torch", reason="PyTorch not installed (CI installs torch==2.13.0)")


@pytest.mark.parametrize("seed", range(20))
def test_perplexity_is_exp_of_torch_cross_entropy(torch, seed):
    rng = np.random.default_rng(seed)
    n, c = rng.integers(1, 10), rng.integers(2, 30)
    logits = rng.choice([1.0, 10.0]) * rng.standard_normal((n, c))
    target = rng.integers(0, c, size=n)
    observed = torch.softmax(torch.tensor(logits), dim=1).numpy()[np.arange(n), target]
    loss = torch.nn.functional.cross_entropy(torch.tensor(logits), torch.tensor(target))
    assert language_model.perplexity(observed) == pytest.approx(np.exp(loss.item()), rel=1e-6)


@pytest.mark.parametrize("seed", range(20))
def test_bigram_rows_match_torch_bincount(torch, seed):
    rng = np.random.default_rng(seed)
    ids = rng.integers(0, 5, size=rng.integers(2, 40))
    tokens = [f"w{i}" for i in ids]
    vocab, probs = language_model.bigram_model(tokens)
    index = torch.tensor([vocab.index(t) for t in tokens])
    v = len(vocab)
    counts = torch.bincount(index[:-1] * v + index[1:], minlength=v * v).reshape(v, v).double()
    totals = counts.sum(dim=1, keepdim=True)
    expected = torch.where(totals > 0, counts / totals.clamp(min=1), 0.0).numpy()
    np.testing.assert_allclose(probs, expected, rtol=1e-6, atol=1e-12)


@pytest.mark.parametrize("name", ["bigram_model", "perplexity"])
def test_demo_is_bilingual_and_reproducible(name):
    demo = getattr(demos, name)
    steps = demo(np.random.default_rng(9))
    assert steps and all(isinstance(s, Step) and s.en and s.zh for s in steps)
    assert repr(steps) == repr(demo(np.random.default_rng(9)))


def test_perplexity_demo_compares_with_the_uniform_model():
    *_, uniform = demos.perplexity(np.random.default_rng(0))
    assert uniform.value == pytest.approx(int(uniform.en.split()[-1]))
