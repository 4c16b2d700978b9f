"""Independent recomputation of the engine.language_model templates' answers (plain Python)."""

from __future__ import annotations

import math
from collections import Counter
from itertools import pairwise


def conditional(tokens, current, following, smoothing=0.0):
    pairs = Counter(pairwise(tokens))
    row = sum(n for (first, _), n in pairs.items() if first == current)
    return (pairs[current, following] + smoothing) / (row + smoothing * len(set(tokens)))


def bigram_probability(params):
    return conditional(params["tokens"], params["current"], params["next"])


def bigram_laplace_probability(params):
    return conditional(params["tokens"], params["current"], params["next"], smoothing=1.0)


def perplexity_of_probabilities(params):
    probs = params["probs"]
    return math.prod(probs) ** (-1 / len(probs))


def bigram_perplexity(params):
    test = params["test"]
    probs = [conditional(params["tokens"], a, b) for a, b in pairwise(test)]
    return math.prod(probs) ** (-1 / len(probs))


INDEPENDENT = {
    "bigram-probability": bigram_probability,
    "bigram-laplace-probability": bigram_laplace_probability,
    "perplexity-of-probabilities": perplexity_of_probabilities,
    "bigram-perplexity": bigram_perplexity,
}


def test_uniform_model_has_perplexity_k():
    """A model that spreads its probability over 4 tokens has perplexity 4."""
    assert perplexity_of_probabilities({"probs": [0.25] * 5}) == 4.0


def test_textbook_bigram_case():
    """In "a b a c", a is followed once by b and once by c; add-one gives (1 + 1) / (2 + 3)."""
    tokens = ["a", "b", "a", "c"]
    assert bigram_probability({"tokens": tokens, "current": "a", "next": "b"}) == 0.5
    assert bigram_laplace_probability({"tokens": tokens, "current": "a", "next": "b"}) == 0.4
