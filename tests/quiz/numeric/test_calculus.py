"""Independent recomputation of the engine.calculus templates' answers (plain Python math)."""

from __future__ import annotations

import math

from quiz.numeric.calculus import polynomial


def central_difference(params):
    a, b, x, h = params["a"], params["b"], params["x"], params["h"]
    # For a cubic the central difference is exactly f'(x) + a·h².
    return 3 * a * x**2 + b + a * h**2


def chain_rule_sin_of_square(params):
    x = params["x"]
    return math.cos(x**2) * 2 * x


def chain_rule_squared_loss(params):
    x, t = params["x"], params["t"]
    return 2 * (math.sin(x**2) - t) * math.cos(x**2) * 2 * x


INDEPENDENT = {
    "central-difference": central_difference,
    "chain-rule-sin-of-square": chain_rule_sin_of_square,
    "chain-rule-squared-loss": chain_rule_squared_loss,
}


def test_polynomial_is_written_as_a_person_writes_it():
    assert polynomial(2, -3) == "2x³ - 3x"
    assert polynomial(1, 1) == "x³ + x"
    assert polynomial(-1, 0) == "-x³"


def test_chain_rule_textbook_case():
    """d/dx sin(x²) at x = 1 is 2 cos 1 = 1.0806."""
    assert round(chain_rule_sin_of_square({"x": 1.0}), 4) == 1.0806
