"""Independent recomputation of the Nesterov templates' answers (plain Python)."""

from __future__ import annotations


def nesterov_second_step(params):
    """The card's form, unrolled: m₁ = L'(θ₀), θ₁ = θ₀ − η m₁, then the look-ahead."""
    a, theta, lr, beta = params["a"], params["theta0"], params["lr"], params["beta"]
    m = 2 * a * theta
    theta -= lr * m
    m = beta * m + 2 * a * (theta - lr * beta * m)
    return theta - lr * m


def nesterov_pytorch_step(params):
    """Via the card's form: p = θ − η·β·v, so θ = p + η·β·v; step θ, shift back."""
    p, v, g, lr, beta = (params[k] for k in ("p", "v", "g", "lr", "beta"))
    theta = p + lr * beta * v
    m = beta * v + g  # g is the gradient at the look-ahead point p
    theta -= lr * m
    return theta - lr * beta * m


INDEPENDENT = {
    "nesterov-second-step": nesterov_second_step,
    "nesterov-pytorch-step": nesterov_pytorch_step,
}


def test_card_example():
    assert (
        abs(nesterov_second_step({"a": 1.0, "theta0": 1.0, "lr": 0.1, "beta": 0.9}) - 0.496) < 1e-12
    )
