"""Independent recomputation of the engine.backprop templates' answers (plain Python math).

Each function writes the 2-2-2 network's forward pass and the gradient it needs out by
hand, from the params alone.
"""

from __future__ import annotations

import math

import pytest

from quiz.numeric import load_templates


def forward(params):
    x = params["x"]
    pre = [
        sum(w * v for w, v in zip(row, x, strict=True)) + b
        for row, b in zip(params["W1"], params["b1"], strict=True)
    ]
    hidden = [max(v, 0.0) for v in pre]
    logits = [
        sum(w * h for w, h in zip(row, hidden, strict=True)) + b
        for row, b in zip(params["W2"], params["b2"], strict=True)
    ]
    return pre, hidden, logits


def probabilities(logits):
    exps = [math.exp(z) for z in logits]
    return [e / sum(exps) for e in exps]


def dlogits(params):
    _, _, logits = forward(params)
    return [p - (c == params["y"]) for c, p in enumerate(probabilities(logits))]


def mlp_logits(params):
    return forward(params)[2]


def mlp_loss(params):
    return -math.log(probabilities(forward(params)[2])[params["y"]])


def mlp_output_weight_gradient(params):
    _, hidden, _ = forward(params)
    return dlogits(params)[params["c"]] * hidden[params["j"]]


def mlp_hidden_weight_gradient(params):
    pre, _, _ = forward(params)
    j, i = params["j"], params["i"]
    dhidden = sum(d * row[j] for d, row in zip(dlogits(params), params["W2"], strict=True))
    return dhidden * (pre[j] > 0) * params["x"][i]


INDEPENDENT = {
    "mlp-logits": mlp_logits,
    "mlp-loss": mlp_loss,
    "mlp-output-weight-gradient": mlp_output_weight_gradient,
    "mlp-hidden-weight-gradient": mlp_hidden_weight_gradient,
}


@pytest.mark.parametrize(
    "template_id", ["mlp-output-weight-gradient", "mlp-hidden-weight-gradient"]
)
def test_gradient_entries_match_finite_differences(template_id):
    """Nudging the asked weight changes the loss by the gradient times the nudge."""
    template = load_templates()[template_id]
    matrix = "W2" if template_id == "mlp-output-weight-gradient" else "W1"
    for seed in range(20):
        problem = template.generate(seed)
        params = problem.params
        row, col = (params["c"], params["j"]) if matrix == "W2" else (params["j"], params["i"])
        losses = []
        for step in (1e-6, -1e-6):
            nudged = [list(r) for r in params[matrix]]
            nudged[row][col] += step
            losses.append(mlp_loss({**params, matrix: nudged}))
        assert (losses[0] - losses[1]) / 2e-6 == pytest.approx(problem.answer, abs=1e-6)
