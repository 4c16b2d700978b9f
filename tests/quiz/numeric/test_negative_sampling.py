"""Independent recomputation of the negative-sampling templates' answers (plain Python)."""

from __future__ import annotations

import math


def _neg_log_sigmoid(s):
    return math.log(1 + math.exp(-s))


def negative_sampling_loss_from_scores(params):
    return _neg_log_sigmoid(params["positive"]) + sum(_neg_log_sigmoid(-s) for s in params["noise"])


def negative_sampling_loss_from_vectors(params):
    def dot(a, b):
        return sum(x * y for x, y in zip(a, b, strict=True))

    v = params["center"]
    return _neg_log_sigmoid(dot(params["context"], v)) + sum(
        _neg_log_sigmoid(-dot(u, v)) for u in params["noise"]
    )


INDEPENDENT = {
    "negative-sampling-loss-from-scores": negative_sampling_loss_from_scores,
    "negative-sampling-loss-from-vectors": negative_sampling_loss_from_vectors,
}


def test_concept_example():
    """content/nlp/negative-sampling.yaml: scores 2.0, −1.0, 0.5 give ≈ 1.414."""
    params = {"positive": 2.0, "noise": [-1.0, 0.5]}
    assert round(negative_sampling_loss_from_scores(params), 3) == 1.414
