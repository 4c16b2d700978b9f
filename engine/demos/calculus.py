"""Demos of engine.calculus: finite differences and the chain rule."""

from __future__ import annotations

import numpy as np

from engine import calculus
from engine.demos import Step


def numerical_gradient(rng: np.random.Generator) -> list[Step]:
    """Central differences on f(x) = x₀² + 3·x₀·x₁, against the gradient by hand."""
    x = np.round(rng.uniform(-2, 2, size=2), 1)

    def f(v: np.ndarray) -> float:
        return v[0] ** 2 + 3 * v[0] * v[1]

    numerical = calculus.numerical_gradient(f, x)
    by_hand = np.array([2 * x[0] + 3 * x[1], 3 * x[0]])
    return [
        Step("f(x) = x₀² + 3·x₀·x₁ at the point x", "在点 x 处求 f(x) = x₀² + 3·x₀·x₁", x),
        Step("f(x)", "f(x)", float(f(x))),
        Step(
            "Central differences (f(x + ε·eᵢ) − f(x − ε·eᵢ)) / 2ε, ε = 1e-6",
            "中心差分 (f(x + ε·eᵢ) − f(x − ε·eᵢ)) / 2ε，ε = 1e-6",
            numerical,
        ),
        Step(
            "The gradient by hand: (2·x₀ + 3·x₁, 3·x₀)",
            "手算梯度：(2·x₀ + 3·x₁, 3·x₀)",
            by_hand,
        ),
        Step(
            "Largest difference: tiny, so the hand-written gradient is right",
            "最大差值：极小，说明手算梯度正确",
            float(np.max(np.abs(numerical - by_hand))),
        ),
    ]


def chain_rule_demo(rng: np.random.Generator) -> list[Step]:
    """dz/dx = dz/dy · dy/dx for z = sin(y), y = x²."""
    x = float(np.round(rng.uniform(0.5, 2.0), 1))
    parts = calculus.chain_rule_demo(x)
    return [
        Step("x (with y = x², z = sin y)", "x（其中 y = x²，z = sin y）", x),
        Step("y = x²", "y = x²", parts["y"]),
        Step("z = sin(y)", "z = sin(y)", parts["z"]),
        Step("Local derivative dy/dx = 2x", "局部导数 dy/dx = 2x", parts["dy_dx"]),
        Step("Local derivative dz/dy = cos(y)", "局部导数 dz/dy = cos(y)", parts["dz_dy"]),
        Step(
            "Chain rule: dz/dx = dz/dy · dy/dx",
            "链式法则：dz/dx = dz/dy · dy/dx",
            parts["dz_dx"],
        ),
        Step(
            "Check by central differences: the same number",
            "用中心差分检验：结果相同",
            parts["dz_dx_numerical"],
        ),
    ]
