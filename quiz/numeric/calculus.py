"""Numeric templates for engine.calculus: finite differences and the chain rule."""

from __future__ import annotations

import math

import numpy as np

from engine.calculus import chain_rule_demo, numerical_gradient
from quiz.numeric.base import (
    Degenerate,
    Distractor,
    Mistake,
    Problem,
    bilingual,
    factor,
    fmt,
    template,
)

FORWARD_DIFFERENCE = Mistake(
    "forward-difference",
    bilingual(
        "The central difference steps both ways: (f(x + h) - f(x - h)) / 2h. "
        "(f(x + h) - f(x)) / h is the one-sided difference, whose error is O(h), not O(h²).",
        "中心差分向两边各走一步：(f(x + h) - f(x - h)) / 2h。"
        "(f(x + h) - f(x)) / h 是单侧差分，误差是 O(h) 而不是 O(h²)。",
    ),
)
HALF_WIDTH_DENOMINATOR = Mistake(
    "divided-by-h",
    bilingual(
        "f(x + h) and f(x - h) are 2h apart: divide their difference by 2h, not by h.",
        "f(x + h) 与 f(x - h) 相距 2h：差值要除以 2h，而不是 h。",
    ),
)
EXACT_DERIVATIVE = Mistake(
    "exact-derivative",
    bilingual(
        "The question asks for the finite-difference estimate with the given h, not the "
        "exact derivative; for a cubic the central difference is off by a·h².",
        "题目问的是给定 h 的有限差分估计，而不是精确导数；对三次函数，中心差分与精确值相差 a·h²。",
    ),
)


def polynomial(a: int, b: int) -> str:
    """a·x³ + b·x as a person writes it: "2x³ - 3x", "x³ + x", "-x³"."""
    cube = {1: "x³", -1: "-x³"}.get(a, f"{a}x³")
    if b == 0:
        return cube
    return f"{cube} {'+' if b > 0 else '-'} {'' if abs(b) == 1 else abs(b)}x"


@template(
    "central-difference",
    engines=["engine.calculus:numerical_gradient"],
    title=("Central-difference derivative", "中心差分求导"),
)
def central_difference(rng: np.random.Generator) -> Problem:
    """f'(x) ≈ (f(x + h) - f(x - h)) / 2h for f(x) = a·x³ + b·x."""
    a = int(rng.choice([-2, -1, 1, 2, 3]))
    b = int(rng.integers(-3, 4))
    x = float(rng.choice([-2.0, -1.5, -1.0, -0.5, 0.5, 1.0, 1.5, 2.0]))
    h = float(rng.choice([0.25, 0.5]))

    def f(v):
        return a * v**3 + b * v

    answer = float(numerical_gradient(f, np.array(x), eps=h))
    # The one-sided difference (f(x + h) - f(x)) / h is the central one at x + h/2, width h/2.
    forward = float(numerical_gradient(f, np.array(x + h / 2), eps=h / 2))
    exact = float(numerical_gradient(f, np.array(x)))
    if answer == 0:
        raise Degenerate("a zero estimate equals twice itself")
    f_plus, f_minus = f(x + h), f(x - h)
    name = polynomial(a, b)
    slope = f"{3 * a}x²" + (f" {'+' if b > 0 else '-'} {abs(b)}" if b else "")
    return Problem(
        prompt=bilingual(
            f"Estimate the derivative of f(x) = {name} at x = {fmt(x)} by the central "
            f"difference with h = {fmt(h)}.",
            f"用中心差分（h = {fmt(h)}）估计 f(x) = {name} 在 x = {fmt(x)} 处的导数。",
        ),
        answer=answer,
        solution=bilingual(
            f"1. f(x + h) = f({fmt(x + h)}) = {fmt(f_plus)} and "
            f"f(x - h) = f({fmt(x - h)}) = {fmt(f_minus)}.\n"
            f"2. (f(x + h) - f(x - h)) / 2h = ({fmt(f_plus)} - {factor(f_minus)}) / {fmt(2 * h)} "
            f"= {fmt(answer)}.\n"
            f"3. For comparison, the exact derivative f'(x) = {slope} is {fmt(exact)} there: "
            f"the central difference of a cubic is off by a·h² = {fmt(a * h * h)}.",
            f"1. f(x + h) = f({fmt(x + h)}) = {fmt(f_plus)}，"
            f"f(x - h) = f({fmt(x - h)}) = {fmt(f_minus)}。\n"
            f"2. (f(x + h) - f(x - h)) / 2h = ({fmt(f_plus)} - {factor(f_minus)}) / {fmt(2 * h)} "
            f"= {fmt(answer)}。\n"
            f"3. 对照：精确导数 f'(x) = {slope} 在该点为 {fmt(exact)}，"
            f"三次函数的中心差分与它相差 a·h² = {fmt(a * h * h)}。",
        ),
        params={"a": a, "b": b, "x": x, "h": h},
        distractors=(
            Distractor(forward, FORWARD_DIFFERENCE),
            Distractor(2 * answer, HALF_WIDTH_DENOMINATOR),
            Distractor(exact, EXACT_DERIVATIVE),
        ),
    )


NO_INNER_DERIVATIVE = Mistake(
    "inner-derivative-forgotten",
    bilingual(
        "The chain rule multiplies the outer derivative by the inner one: "
        "dz/dx = cos(x²) · 2x, not cos(x²) alone.",
        "链式法则要把外层导数乘以内层导数：dz/dx = cos(x²) · 2x，而不只是 cos(x²)。",
    ),
)
OUTER_AT_WRONG_POINT = Mistake(
    "outer-at-x",
    bilingual(
        "Evaluate the outer derivative at the inner function's value y = x²: "
        "cos(y) = cos(x²), not cos(x).",
        "外层导数要在内层函数的值 y = x² 处求值：cos(y) = cos(x²)，而不是 cos(x)。",
    ),
)
WRONG_OUTER_DERIVATIVE = Mistake(
    "derivative-of-sin",
    bilingual(
        "The derivative of sin is cos (it is cos whose derivative is -sin).",
        "sin 的导数是 cos（导数为 -sin 的是 cos）。",
    ),
)


def sin_square_steps(x: float, parts: dict[str, float]) -> tuple[str, str]:
    """The forward values and local derivatives of z = sin(x²), in both languages."""
    en = (
        f"1. Forward: y = x² = {fmt(parts['y'])}, z = sin(y) = {fmt(parts['z'])}.\n"
        f"2. Local derivatives: dy/dx = 2x = {fmt(parts['dy_dx'])}, "
        f"dz/dy = cos(y) = {fmt(parts['dz_dy'])}.\n"
        f"3. Chain rule: dz/dx = dz/dy · dy/dx = {fmt(parts['dz_dy'])} · "
        f"{factor(parts['dy_dx'])} = {fmt(parts['dz_dx'])}."
    )
    zh = (
        f"1. 前向：y = x² = {fmt(parts['y'])}，z = sin(y) = {fmt(parts['z'])}。\n"
        f"2. 局部导数：dy/dx = 2x = {fmt(parts['dy_dx'])}，"
        f"dz/dy = cos(y) = {fmt(parts['dz_dy'])}。\n"
        f"3. 链式法则：dz/dx = dz/dy · dy/dx = {fmt(parts['dz_dy'])} · "
        f"{factor(parts['dy_dx'])} = {fmt(parts['dz_dx'])}。"
    )
    return en, zh


def draw_x(rng: np.random.Generator) -> float:
    """x with one decimal, 0.3 <= |x| <= 1.9, where sin(x²) has a readable slope."""
    return float(rng.choice([-1, 1]) * rng.integers(3, 20) / 10)


@template(
    "chain-rule-sin-of-square",
    engines=["engine.calculus:chain_rule_demo"],
    title=("Chain rule through sin(x²)", "sin(x²) 的链式法则"),
)
def chain_rule_sin_of_square(rng: np.random.Generator) -> Problem:
    """dz/dx = cos(x²) · 2x for z = sin(y), y = x²."""
    x = draw_x(rng)
    parts = chain_rule_demo(x)
    answer = parts["dz_dx"]
    en, zh = sin_square_steps(x, parts)
    return Problem(
        prompt=bilingual(
            f"Let y = x² and z = sin(y), angles in radians. What is dz/dx at x = {fmt(x)}?",
            f"设 y = x²，z = sin(y)，角度用弧度。x = {fmt(x)} 时 dz/dx 是多少？",
        ),
        answer=answer,
        solution=bilingual(en, zh),
        params={"x": x},
        distractors=(
            Distractor(parts["dz_dy"], NO_INNER_DERIVATIVE),
            Distractor(math.cos(x) * parts["dy_dx"], OUTER_AT_WRONG_POINT),
            Distractor(-parts["z"] * parts["dy_dx"], WRONG_OUTER_DERIVATIVE),
        ),
    )


LOSS_LINK_FORGOTTEN = Mistake(
    "loss-link-forgotten",
    bilingual(
        "The chain runs all the way from L: dL/dx = dL/dz · dz/dx, with dL/dz = 2(z - t).",
        "链要从 L 一直连下来：dL/dx = dL/dz · dz/dx，其中 dL/dz = 2(z - t)。",
    ),
)
SQUARE_FACTOR_FORGOTTEN = Mistake(
    "factor-2-forgotten",
    bilingual(
        "The derivative of (z - t)² is 2(z - t): keep the factor 2.",
        "(z - t)² 的导数是 2(z - t)：不要漏掉因子 2。",
    ),
)


@template(
    "chain-rule-squared-loss",
    engines=["engine.calculus:chain_rule_demo"],
    title=("Chain rule from a squared loss", "从平方损失出发的链式法则"),
)
def chain_rule_squared_loss(rng: np.random.Generator) -> Problem:
    """dL/dx = 2(z - t) · cos(x²) · 2x for L = (z - t)², z = sin(y), y = x²."""
    x = draw_x(rng)
    t = float(rng.choice([-1, 1]) * rng.integers(1, 10) / 10)
    parts = chain_rule_demo(x)
    if abs(parts["z"] - t) < 0.1:
        raise Degenerate("z almost at its target makes every gradient tiny")
    dl_dz = 2 * (parts["z"] - t)
    answer = dl_dz * parts["dz_dx"]
    en, zh = sin_square_steps(x, parts)
    return Problem(
        prompt=bilingual(
            f"Let y = x², z = sin(y) (radians) and the loss L = (z - t)² with target "
            f"t = {fmt(t)}. What is dL/dx at x = {fmt(x)}?",
            f"设 y = x²，z = sin(y)（弧度），损失 L = (z - t)²，目标 t = {fmt(t)}。"
            f"x = {fmt(x)} 时 dL/dx 是多少？",
        ),
        answer=answer,
        solution=bilingual(
            f"{en}\n4. dL/dz = 2(z - t) = 2·({fmt(parts['z'])} - {factor(t)}) = {fmt(dl_dz)}.\n"
            f"5. dL/dx = dL/dz · dz/dx = {fmt(dl_dz)} · {factor(parts['dz_dx'])} = {fmt(answer)}.",
            f"{zh}\n4. dL/dz = 2(z - t) = 2·({fmt(parts['z'])} - {factor(t)}) = {fmt(dl_dz)}。\n"
            f"5. dL/dx = dL/dz · dz/dx = {fmt(dl_dz)} · {factor(parts['dz_dx'])} = {fmt(answer)}。",
        ),
        params={"x": x, "t": t},
        distractors=(
            Distractor(parts["dz_dx"], LOSS_LINK_FORGOTTEN),
            Distractor(dl_dz * parts["dz_dy"], NO_INNER_DERIVATIVE),
            Distractor(answer / 2, SQUARE_FACTOR_FORGOTTEN),
        ),
    )
