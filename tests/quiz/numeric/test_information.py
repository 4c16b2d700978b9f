"""Independent recomputation of the engine.information templates' answers (plain Python)."""

from __future__ import annotations

import math


def entropy_of_a_distribution(params):
    return -sum(p * math.log(p) for p in params["p"] if p > 0)


def kl_divergence(params):
    return sum(p * math.log(p / q) for p, q in zip(params["p"], params["q"], strict=True) if p)


def label_smoothed_target(params):
    c, epsilon = params["c"], params["epsilon"]
    return epsilon / c + (1 - epsilon if params["k"] == params["target"] else 0.0)


def label_smoothed_loss(params):
    logits, target, epsilon = params["logits"], params["target"], params["epsilon"]
    log_z = math.log(sum(math.exp(z) for z in logits))
    nll = [log_z - z for z in logits]  # −log softmax
    c = len(logits)
    return sum((epsilon / c + (1 - epsilon) * (k == target)) * nll[k] for k in range(c))


def entropy_of_a_smoothed_target(params):
    c, epsilon = params["c"], params["epsilon"]
    high, low = 1 - epsilon + epsilon / c, epsilon / c
    return -high * math.log(high) - (c - 1) * low * math.log(low)


def kl_divergence_of_two_coins(params):
    p, q = params["p"], params["q"]
    return p * math.log(p / q) + (1 - p) * math.log((1 - p) / (1 - q))


INDEPENDENT = {
    "entropy-of-a-distribution": entropy_of_a_distribution,
    "kl-divergence": kl_divergence,
    "label-smoothed-target": label_smoothed_target,
    "label-smoothed-loss": label_smoothed_loss,
    "entropy-of-a-smoothed-target": entropy_of_a_smoothed_target,
    "kl-divergence-of-two-coins": kl_divergence_of_two_coins,
}


def test_fair_coin_has_entropy_ln_2():
    assert entropy_of_a_distribution({"p": [0.5, 0.5]}) == math.log(2)
