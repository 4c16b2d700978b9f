"""Independent recomputation of the BLEU templates' answers (plain Python)."""

from __future__ import annotations

import math


def _clipped_precision(candidate, reference, n):
    grams = [tuple(candidate[i : i + n]) for i in range(len(candidate) - n + 1)]
    ref = [tuple(reference[i : i + n]) for i in range(len(reference) - n + 1)]
    matched = sum(min(grams.count(g), ref.count(g)) for g in set(grams))
    return matched / len(grams)


def _bleu(params, max_n):
    candidate, reference = params["candidate"], params["reference"]
    c, r = len(candidate), len(reference)
    bp = 1.0 if c > r else math.exp(1 - r / c)
    product = math.prod(_clipped_precision(candidate, reference, n) for n in range(1, max_n + 1))
    return bp * product ** (1 / max_n)


def bleu_clipped_unigram_precision(params):
    return _bleu(params, 1)


def bleu_2_with_brevity_penalty(params):
    return _bleu(params, 2)


INDEPENDENT = {
    "bleu-clipped-unigram-precision": bleu_clipped_unigram_precision,
    "bleu-2-with-brevity-penalty": bleu_2_with_brevity_penalty,
}


def test_concept_example():
    """content/nlp/bleu.yaml: 'the cat sat on the mat' against 'the small cat sat on the mat'."""
    params = {
        "candidate": ["the", "cat", "sat", "on", "the", "mat"],
        "reference": ["the", "small", "cat", "sat", "on", "the", "mat"],
    }
    assert round(_bleu(params, 4), 3) == 0.673
