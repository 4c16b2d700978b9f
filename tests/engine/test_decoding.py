"""engine.decoding: the d2l.ai beam-search example, brute force, and PyTorch's softmax."""

from __future__ import annotations

import itertools
import math

import numpy as np
import pytest

from engine import decoding

# d2l.ai 10.8, figures 10.8.1 and 10.8.2: vocabulary A, B, C, <eos> = 0, 1, 2, 3
A, B, C, EOS = 0, 1, 2, 3
D2L = {
    (): [0.5, 0.2, 0.2, 0.1],
    (A,): [0.1, 0.4, 0.3, 0.2],
    (A, B): [0.2, 0.2, 0.4, 0.2],
    (A, C): [0.1, 0.6, 0.1, 0.2],
    (A, B, C): [0.1, 0.1, 0.2, 0.6],
    (A, C, B): [0.1, 0.1, 0.2, 0.6],
    (B,): [0.25, 0.25, 0.25, 0.25],  # not in d2l's figures: what a beam of 2 also expands
    (C,): [0.25, 0.25, 0.25, 0.25],
}


def test_d2l_greedy_is_beaten_by_the_second_best_first_step():
    tokens, p = decoding.greedy_decode(D2L, max_len=4, eos=EOS)
    assert tokens == [A, B, C, EOS] and p == pytest.approx(0.5 * 0.4 * 0.4 * 0.6)  # 0.048
    # d2l: choosing C at step 2 gives 0.5 × 0.3 × 0.6 × 0.6 = 0.054, which a beam of 2 finds
    tokens, p = decoding.beam_search(D2L, beam_width=2, max_len=4, eos=EOS)
    assert tokens == [A, C, B, EOS] and p == pytest.approx(0.054)


def full_table(rng, vocab, length):
    table = {}
    for n in range(length):
        for prefix in itertools.product(range(vocab), repeat=n):
            table[prefix] = rng.dirichlet(np.ones(vocab)).tolist()
    return table


@pytest.mark.parametrize("seed", range(20))
def test_wide_beam_is_exhaustive_and_width_one_is_greedy(seed):
    rng = np.random.default_rng(seed)
    vocab, length = int(rng.integers(2, 4)), int(rng.integers(1, 4))
    table = full_table(rng, vocab, length)
    best = max(
        itertools.product(range(vocab), repeat=length),
        key=lambda seq: math.prod(table[seq[:i]][seq[i]] for i in range(length)),
    )
    tokens, p = decoding.beam_search(table, beam_width=vocab**length, max_len=length)
    assert tokens == list(best)
    assert p == pytest.approx(math.prod(table[best[:i]][best[i]] for i in range(length)))
    beam_tokens, beam_p = decoding.beam_search(table, 1, length)
    greedy_tokens, greedy_p = decoding.greedy_decode(table, length)
    assert beam_tokens == greedy_tokens and beam_p == pytest.approx(greedy_p)


def test_filters_by_hand():
    probs = np.array([0.1, 0.4, 0.3, 0.2])
    np.testing.assert_allclose(decoding.top_k_filter(probs, 2), [0, 4 / 7, 3 / 7, 0])
    np.testing.assert_allclose(decoding.top_p_filter(probs, 0.7), [0, 4 / 7, 3 / 7, 0])
    np.testing.assert_allclose(decoding.top_p_filter(probs, 0.71), [0, 4 / 9, 3 / 9, 2 / 9])
    np.testing.assert_allclose(decoding.top_p_filter(probs, 0.2), [0, 1, 0, 0])
    np.testing.assert_allclose(decoding.top_p_filter(probs, 1.0), probs)


@pytest.mark.parametrize(
    ("call", "words"),
    [
        (lambda: decoding.temperature_softmax(np.ones(2), 0.0), "temperature"),
        (lambda: decoding.top_k_filter(np.array([0.5, 0.5]), 3), "k must"),
        (lambda: decoding.top_p_filter(np.array([0.5, 0.6]), 0.5), "sum to 1"),
        (lambda: decoding.top_p_filter(np.array([0.5, 0.5]), 0.0), "p must"),
        (lambda: decoding.greedy_decode({}, 1), "no distribution"),
        (lambda: decoding.beam_search(D2L, 0, 2), "beam_width"),
        (lambda: decoding.greedy_decode(D2L, 0), "max_len"),
    ],
)
def test_bad_input_raises(call, words):
    with pytest.raises(ValueError, match=words):
        call()


@pytest.fixture(scope="module")
def torch():
    return pytest.importorskip("torch", reason="PyTorch not installed (CI installs torch==2.13.0)")


@pytest.mark.parametrize("seed", range(10))
def test_temperature_softmax_matches_torch(torch, seed):
    rng = np.random.default_rng(seed)
    logits = rng.choice([1.0, 100.0]) * rng.standard_normal(int(rng.integers(1, 8)))
    temperature = float(rng.choice([0.1, 0.7, 1.0, 3.0]))
    expected = torch.softmax(torch.tensor(logits) / temperature, dim=-1).numpy()
    np.testing.assert_allclose(
        decoding.temperature_softmax(logits, temperature), expected, rtol=1e-6, atol=1e-15
    )


@pytest.mark.parametrize("seed", range(10))
def test_top_k_matches_torch_topk(torch, seed):
    rng = np.random.default_rng(seed)
    probs = rng.dirichlet(np.ones(int(rng.integers(2, 8))))
    k = int(rng.integers(1, probs.size + 1))
    values, indices = torch.topk(torch.tensor(probs), k)
    expected = np.zeros_like(probs)
    expected[indices.numpy()] = values.numpy() / values.sum().item()
    np.testing.assert_allclose(decoding.top_k_filter(probs, k), expected, rtol=1e-6)
