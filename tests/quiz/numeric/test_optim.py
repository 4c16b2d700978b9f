"""Independent recomputation of the engine.optim templates' answers (the updates written out)."""

from __future__ import annotations

import math

import pytest

from quiz.numeric import load_templates
from quiz.numeric.question import numeric_question

EPS = 1e-8


def gradient_descent_parabola(params):
    a, b, x, lr = params["a"], params["b"], params["x0"], params["lr"]
    for _ in range(params["steps"]):
        x = x - lr * 2 * a * (x - b)
    return x


def gradient_descent_bowl(params):
    (x, y), a, c, lr = params["start"], params["a"], params["c"], params["lr"]
    for _ in range(2):
        x, y = x - lr * 2 * a * x, y - lr * 2 * c * y
    return [x, y]


def sgd_minibatch_step(params):
    grads, lr = params["grads"], params["lr"]
    return [w - lr * sum(g[i] for g in grads) / len(grads) for i, w in enumerate(params["w"])]


def sgd_momentum_steps(params):
    theta, lr, mu = params["theta"], params["lr"], params["momentum"]
    v = 0.0
    for g in params["grads"]:
        v = mu * v + g
        theta -= lr * v
    return theta


def momentum_velocity(params):
    mu = params["momentum"]
    return params["grad"] * sum(mu**k for k in range(params["steps"]))


def rmsprop_step_from_state(params):
    alpha, g = params["alpha"], params["grad"]
    s = alpha * params["square_avg"] + (1 - alpha) * g * g
    return params["theta"] - params["lr"] * g / (math.sqrt(s) + EPS)


def rmsprop_two_steps(params):
    theta, alpha, lr, s = params["theta"], params["alpha"], params["lr"], 0.0
    for g in params["grads"]:
        s = alpha * s + (1 - alpha) * g * g
        theta -= lr * g / (math.sqrt(s) + EPS)
    return theta


def adam_update(theta, grads, lr, m=0.0, v=0.0, t=0):
    for g in grads:
        t += 1
        m = 0.9 * m + 0.1 * g
        v = 0.999 * v + 0.001 * g * g
        m_hat, v_hat = m / (1 - 0.9**t), v / (1 - 0.999**t)
        theta -= lr * m_hat / (math.sqrt(v_hat) + EPS)
    return theta


def adam_step_from_state(params):
    return adam_update(
        params["theta"], [params["grad"]], params["lr"], params["m"], params["v"], params["t"] - 1
    )


def adam_two_steps(params):
    return adam_update(params["theta"], params["grads"], params["lr"])


INDEPENDENT = {
    "gradient-descent-parabola": gradient_descent_parabola,
    "gradient-descent-bowl": gradient_descent_bowl,
    "sgd-minibatch-step": sgd_minibatch_step,
    "sgd-momentum-steps": sgd_momentum_steps,
    "momentum-velocity": momentum_velocity,
    "rmsprop-step-from-state": rmsprop_step_from_state,
    "rmsprop-two-steps": rmsprop_two_steps,
    "adam-step-from-state": adam_step_from_state,
    "adam-two-steps": adam_two_steps,
}


def test_the_concept_files_examples():
    """The worked examples of content/optimization, through the recomputations above."""
    assert momentum_velocity({"grad": 1.0, "momentum": 0.9, "steps": 3}) == pytest.approx(2.71)
    # Adam's first step moves θ by η whatever g's size; RMSprop's (α = 0.99) by 10η.
    assert adam_two_steps({"theta": 0.0, "grads": [0.5], "lr": 0.1}) == pytest.approx(-0.1)
    rms = {"theta": 0.0, "grads": [2.0], "alpha": 0.99, "lr": 0.1}
    assert rmsprop_two_steps(rms) == pytest.approx(-1.0)


@pytest.mark.parametrize("template_id", sorted(INDEPENDENT))
def test_the_distractors_are_the_named_mistakes(template_id):
    """Each template states its conventions in the prompt and offers three misconceptions
    (of the named mistakes it knows, a multiple-choice question shows three)."""
    problem = load_templates()[template_id].generate(7)
    assert len(problem.distractors) >= 3
    question = numeric_question("c", load_templates()[template_id], 7, choice=True)
    assert len(question.choices) == 4
    if "momentum" in template_id:
        assert "v ← μv + g" in problem.prompt.en
        assert "ema-momentum" in {d.mistake.name for d in problem.distractors}
    if template_id.startswith("adam"):
        assert "no-bias-correction" in {d.mistake.name for d in problem.distractors}


def test_adam_states_are_ones_adam_reaches():
    """The shown m and v are those of Adam run on the past gradients (rounded as shown)."""
    template = load_templates()["adam-step-from-state"]
    for seed in range(100):
        params = template.generate(seed).params
        m = v = 0.0
        for g in params["past_grads"]:
            m, v = 0.9 * m + 0.1 * g, 0.999 * v + 0.001 * g * g
        assert len(params["past_grads"]) == params["t"] - 1
        assert params["m"] == pytest.approx(m, rel=1e-3, abs=1e-12)
        assert params["v"] == pytest.approx(v, rel=1e-3, abs=1e-12)
