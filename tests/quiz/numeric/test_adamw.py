"""Independent recomputation of the AdamW templates' answers (plain Python)."""

from __future__ import annotations


def adamw_decay_without_gradient(params):
    """Run the AdamW update rule with g = 0: m and v stay 0, only the decay acts."""
    p, lr, wd = params["p"], params["lr"], params["weight_decay"]
    m = v = 0.0
    for t in range(1, params["steps"] + 1):
        p -= lr * wd * p
        m, v = 0.9 * m, 0.999 * v  # + (1 − β) · g with g = 0
        m_hat, v_hat = m / (1 - 0.9**t), v / (1 - 0.999**t)
        p -= lr * m_hat / (v_hat**0.5 + 1e-8)
    return p


INDEPENDENT = {
    "adamw-decay-without-gradient": adamw_decay_without_gradient,
}


def test_ten_steps_of_decay():
    params = {"p": 2.0, "lr": 0.1, "weight_decay": 0.5, "steps": 10}
    assert abs(adamw_decay_without_gradient(params) - 2.0 * 0.95**10) < 1e-12
