"""Independent recomputation of the Adagrad templates' answers (plain Python)."""

from __future__ import annotations

import math


def adagrad_update_after_history(params):
    grads = params["grads"]
    s = sum(g**2 for g in grads)
    return params["theta"] - params["lr"] * grads[-1] / (math.sqrt(s) + 1e-10)


def adagrad_step_under_constant_gradient(params):
    """Run the recursion t times and measure the last move."""
    lr, g, s, theta = params["lr"], params["g"], 0.0, 0.0
    move = 0.0
    for _ in range(params["t"]):
        s += g * g
        move = lr * g / (math.sqrt(s) + 1e-10)
        theta -= move
    return abs(move)


INDEPENDENT = {
    "adagrad-update-after-history": adagrad_update_after_history,
    "adagrad-step-under-constant-gradient": adagrad_step_under_constant_gradient,
}


def test_card_example_steps_decay_as_one_over_root_t():
    steps = [adagrad_step_under_constant_gradient({"lr": 0.1, "g": 1.0, "t": t}) for t in (1, 4)]
    assert [round(v, 4) for v in steps] == [0.1, 0.05]
