"""Independent recomputation of the engine.decoding templates' answers (plain Python)."""

from __future__ import annotations

import math


def top_p_renormalized_probability(params):
    probs, p = params["probs"], params["p"]
    kept, total = [], 0.0
    for prob in sorted(probs, reverse=True):
        kept.append(prob)
        total += prob
        if total >= p - 1e-12:
            break
    return probs[params["token"]] / sum(kept)


def temperature_softmax_probability(params):
    scaled = [z / params["temperature"] for z in params["logits"]]
    exps = [math.exp(z - max(scaled)) for z in scaled]
    return exps[params["token"]] / sum(exps)


def beam_search_best_probability(params):
    first, *rows = params["table"]
    kept = sorted(range(3), key=lambda t: -first[t])[:2]  # the beam after step 1
    return max(first[a] * rows[a][b] for a in kept for b in range(3))


def top_k_with_temperature(params):
    scaled = [z / params["temperature"] for z in params["logits"]]
    exps = [math.exp(z - max(scaled)) for z in scaled]
    probs = [e / sum(exps) for e in exps]
    kept = sorted(probs, reverse=True)[: params["k"]]
    return probs[params["token"]] / sum(kept)


def beam_search_log_score(params):
    return math.log(beam_search_best_probability(params))


INDEPENDENT = {
    "top-p-renormalized-probability": top_p_renormalized_probability,
    "temperature-softmax-probability": temperature_softmax_probability,
    "beam-search-best-probability": beam_search_best_probability,
    "top-k-with-temperature": top_k_with_temperature,
    "beam-search-log-score": beam_search_log_score,
}


def test_beam_keeps_the_runner_up():
    table = [[0.5, 0.3, 0.2], [0.4, 0.35, 0.25], [0.9, 0.05, 0.05], [0.9, 0.05, 0.05]]
    assert beam_search_best_probability({"table": table}) == 0.3 * 0.9
