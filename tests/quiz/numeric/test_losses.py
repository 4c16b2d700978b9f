"""Independent recomputation of the engine.losses templates' answers (plain Python math)."""

from __future__ import annotations

import math

from quiz.numeric import load_templates


def cross_entropy_of_logits(params):
    logits, target = params["logits"], params["target"]
    return -(logits[target] - math.log(sum(math.exp(z) for z in logits)))


def cross_entropy_of_a_batch(params):
    losses = [
        math.log(sum(math.exp(z) for z in row)) - row[target]
        for row, target in zip(params["logits"], params["targets"], strict=True)
    ]
    return sum(losses) / len(losses)


def softmax_probability(params):
    logits = params["logits"]
    return math.exp(logits[params["k"]]) / sum(math.exp(z) for z in logits)


def softmax_with_temperature(params):
    scaled = [z / params["temperature"] for z in params["logits"]]
    return math.exp(scaled[params["k"]]) / sum(math.exp(z) for z in scaled)


def mse_of_predictions(params):
    pairs = list(zip(params["pred"], params["target"], strict=True))
    return sum((p - t) ** 2 for p, t in pairs) / len(pairs)


def mse_of_a_line(params):
    w, b = params["w"], params["b"]
    pairs = list(zip(params["x"], params["y"], strict=True))
    return sum((w * x + b - y) ** 2 for x, y in pairs) / len(pairs)


def bce_of_probabilities(params):
    pairs = list(zip(params["p"], params["y"], strict=True))
    return -sum(math.log(p) if y == 1 else math.log(1 - p) for p, y in pairs) / len(pairs)


def bce_of_logits(params):
    pairs = list(zip(params["z"], params["y"], strict=True))
    # -ln sigmoid(z) = ln(1 + e^-z) and -ln(1 - sigmoid(z)) = ln(1 + e^z)
    return sum(math.log1p(math.exp(-z if y == 1 else z)) for z, y in pairs) / len(pairs)


INDEPENDENT = {
    "cross-entropy-of-logits": cross_entropy_of_logits,
    "cross-entropy-of-a-batch": cross_entropy_of_a_batch,
    "softmax-probability": softmax_probability,
    "softmax-with-temperature": softmax_with_temperature,
    "mse-of-predictions": mse_of_predictions,
    "mse-of-a-line": mse_of_a_line,
    "bce-of-probabilities": bce_of_probabilities,
    "bce-of-logits": bce_of_logits,
}


def test_softmax_textbook_case():
    """softmax([1, 2, 3]) = [0.0900, 0.2447, 0.6652], the classic example."""
    assert round(softmax_probability({"logits": [1.0, 2.0, 3.0], "k": 2}), 4) == 0.6652


def test_temperature_flattens_the_distribution():
    """T > 1 lowers the most likely class's probability, T < 1 raises it."""
    template = load_templates()["softmax-with-temperature"]
    for seed in range(50):
        params = template.generate(seed).params
        top = max(range(3), key=lambda k: params["logits"][k])
        hot = softmax_with_temperature({**params, "k": top})
        plain = softmax_with_temperature({**params, "k": top, "temperature": 1.0})
        assert (hot < plain) == (params["temperature"] > 1)
