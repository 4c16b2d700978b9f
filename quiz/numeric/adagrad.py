"""Numeric templates for engine.optim.Adagrad: one update after a history of gradients, and
the 1/√t decay of the step under a constant gradient.

s = s + g² (a running SUM from s = 0), θ ← θ − η·g / √s, with the current gradient
added to s before dividing. PyTorch adds ε = 1e-10 to √s; it changes no printed digit.
The mistakes: the current g² left out of s, no square root, the sum of gradients squared
instead of the sum of squares, a mean of squares instead of the sum (RMSProp's idea
without its decay), the step added, plain SGD's step.
"""

from __future__ import annotations

import math

import numpy as np

from engine.optim import Adagrad
from quiz.numeric.base import (
    NON_NEGATIVE,
    Degenerate,
    Distractor,
    Mistake,
    Problem,
    bilingual,
    factor,
    fmt,
    near_halfway,
    template,
    unique,
)

ENGINE = "engine.optim:Adagrad"

CURRENT_EXCLUDED = Mistake(
    "current-gradient-excluded",
    bilingual(
        "Add the current g² to s first, then divide: sₜ = sₜ₋₁ + gₜ², θₜ = θₜ₋₁ − η·gₜ / √sₜ.",
        "先把当前的 g² 加进 s，再做除法：sₜ = sₜ₋₁ + gₜ²，θₜ = θₜ₋₁ − η·gₜ / √sₜ。",
    ),
)
NO_SQUARE_ROOT = Mistake(
    "no-square-root",
    bilingual(
        "The step is divided by the square root of the sum, √s, not by s itself.",
        "步长要除以累加和的平方根 √s，而不是 s 本身。",
    ),
)
SUM_SQUARED = Mistake(
    "sum-of-gradients-squared",
    bilingual(
        "Square each gradient, then add: s = g₁² + g₂² + …, not (g₁ + g₂ + …)²; opposite signs "
        "do not cancel.",
        "先把每个梯度平方再相加：s = g₁² + g₂² + …，而不是 (g₁ + g₂ + …)²；正负号不会相互抵消。",
    ),
)
MEAN_NOT_SUM = Mistake(
    "mean-not-sum",
    bilingual(
        "Adagrad keeps the SUM of the squared gradients, so its learning rate only decays; "
        "an average of them is RMSProp's idea.",
        "AdaGrad 保存的是梯度平方的累加和，因此学习率只降不升；对它们取平均是 RMSProp 的思路。",
    ),
)
STEP_ADDED = Mistake(
    "step-added",
    bilingual(
        "Like every gradient method Adagrad moves against the gradient: θ − η·g / √s.",
        "和所有梯度方法一样，AdaGrad 沿梯度的反方向移动：θ − η·g / √s。",
    ),
)
SGD_STEP = Mistake(
    "plain-sgd-step",
    bilingual(
        "That is plain SGD's step η·|g|; Adagrad divides it by √s, the root of the sum of all "
        "squared gradients so far.",
        "那是普通 SGD 的步长 η·|g|；AdaGrad 还要除以 √s，即迄今所有梯度平方和的平方根。",
    ),
)
ROOT_T_ONLY = Mistake(
    "root-t-only",
    bilingual(
        "s sums the squared GRADIENTS, t·g² here, not the number of steps: η·|g| / √(t·g²) = "
        "η / √t.",
        "s 累加的是梯度的平方，这里是 t·g²，而不是步数：η·|g| / √(t·g²) = η / √t。",
    ),
)


def _sum_text(grads: list[float]) -> str:
    return " + ".join(f"{factor(g)}²" for g in grads)


@template(
    "adagrad-update-after-history",
    engines=[ENGINE],
    title=("An Adagrad update after a few steps", "几步之后的一次 AdaGrad 更新"),
)
def adagrad_update_after_history(rng: np.random.Generator) -> Problem:
    """θ₃ = θ₂ − η·g₃ / √(g₁² + g₂² + g₃²)."""
    grads = [float(g) for g in rng.choice([-3.0, -2.0, -1.5, -1.0, -0.5, 0.5, 1.0, 2.0, 3.0], 3)]
    lr = float(rng.choice([0.1, 0.5, 1.0]))
    theta = float(np.round(rng.uniform(-2.0, 2.0), 1))
    if theta == 0 or abs(sum(grads)) < 0.5:
        raise Degenerate("a zero start or gradients that cancel make mistakes coincide")
    adagrad = Adagrad(lr)
    history = np.array([theta + 1.0])  # where θ was: only the gradients matter for s
    for g in grads[:2]:
        (history,) = adagrad.step([history], [np.array([g])])
    (new,) = adagrad.step([np.array([theta])], [np.array([grads[2]])])
    answer = float(new[0])
    s = sum(g * g for g in grads)
    g3 = grads[2]
    if near_halfway(answer, 3):
        raise Degenerate("a key on a rounding midpoint")
    step = lr * g3 / math.sqrt(s)
    shown = ", ".join(fmt(g) for g in grads)
    shown_zh = "、".join(fmt(g) for g in grads)
    return Problem(
        prompt=bilingual(
            f"Adagrad (torch.optim.Adagrad, lr η = {fmt(lr)}, s₀ = 0) trains one parameter. "
            f"Its gradients at steps 1, 2 and 3 are g = {shown}. After step 2 the parameter is "
            "θ₂ = " + fmt(theta) + ". What is θ₃?",
            f"用 AdaGrad（torch.optim.Adagrad，学习率 η = {fmt(lr)}，s₀ = 0）训练一个参数。"
            f"它在第 1、2、3 步的梯度依次为 g = {shown_zh}。第 2 步之后参数为 θ₂ = {fmt(theta)}。"
            "θ₃ 是多少？",
        ),
        answer=answer,
        solution=bilingual(
            f"1. s₃ = {_sum_text(grads)} = {fmt(s)} (the current gradient included).\n"
            f"2. Step η·g₃ / √s₃ = {fmt(lr)} × {factor(g3)} / {fmt(math.sqrt(s))} = "
            f"{fmt(step)}.\n"
            f"3. θ₃ = {fmt(theta)} − {factor(step)} = {fmt(answer)}.",
            f"1. s₃ = {_sum_text(grads)} = {fmt(s)}（包括当前梯度）。\n"
            f"2. 步长 η·g₃ / √s₃ = {fmt(lr)} × {factor(g3)} / {fmt(math.sqrt(s))} = "
            f"{fmt(step)}。\n"
            f"3. θ₃ = {fmt(theta)} − {factor(step)} = {fmt(answer)}。",
        ),
        params={"lr": lr, "grads": grads, "theta": theta},
        distractors=unique(
            answer,
            Distractor(theta - lr * g3 / math.sqrt(s - g3 * g3), CURRENT_EXCLUDED),
            Distractor(theta - lr * g3 / s, NO_SQUARE_ROOT),
            Distractor(theta - lr * g3 / abs(sum(grads)), SUM_SQUARED),
            Distractor(theta - lr * g3 / math.sqrt(s / 3), MEAN_NOT_SUM),
            Distractor(theta + step, STEP_ADDED),
        ),
    )


@template(
    "adagrad-step-under-constant-gradient",
    engines=[ENGINE],
    title=("Adagrad's step after t equal gradients", "t 个相同梯度之后 AdaGrad 的步长"),
    valid=NON_NEGATIVE,
)
def adagrad_step_under_constant_gradient(rng: np.random.Generator) -> Problem:
    """The t-th step with a constant gradient g: η·|g| / √(t·g²) = η / √t."""
    g = float(rng.choice([-4.0, -2.0, -0.5, 0.5, 2.0, 3.0, 4.0]))
    lr = float(rng.choice([0.1, 0.3, 0.5, 1.0]))
    t = int(rng.integers(2, 11))
    adagrad = Adagrad(lr)
    p = np.zeros(1)
    for _ in range(t):
        before = p
        (p,) = adagrad.step([p], [np.array([g])])
    answer = float(abs(before[0] - p[0]))
    if near_halfway(answer, 3):
        raise Degenerate("a key on a rounding midpoint")
    s = t * g * g
    return Problem(
        prompt=bilingual(
            f"A parameter trained with Adagrad (lr η = {fmt(lr)}, s₀ = 0) receives the same "
            f"gradient g = {fmt(g)} at every step. How far does it move at step {t} (the size "
            "|Δθ| of that one update)?",
            f"一个用 AdaGrad（学习率 η = {fmt(lr)}，s₀ = 0）训练的参数在每一步得到相同的梯度 "
            f"g = {fmt(g)}。它在第 {t} 步移动了多远（这一次更新的大小 |Δθ|）？",
        ),
        answer=answer,
        solution=bilingual(
            f"1. s{_sub(t)} = {t} × {factor(g)}² = {fmt(s)}.\n"
            f"2. |Δθ| = η·|g| / √s = {fmt(lr)} × {fmt(abs(g))} / {fmt(math.sqrt(s))} = "
            f"η / √{t} = {fmt(answer)}: the step decays as 1/√t whatever g is.",
            f"1. s{_sub(t)} = {t} × {factor(g)}² = {fmt(s)}。\n"
            f"2. |Δθ| = η·|g| / √s = {fmt(lr)} × {fmt(abs(g))} / {fmt(math.sqrt(s))} = "
            f"η / √{t} = {fmt(answer)}：无论 g 是多少，步长都按 1/√t 衰减。",
        ),
        params={"lr": lr, "g": g, "t": t},
        distractors=unique(
            answer,
            Distractor(lr * abs(g), SGD_STEP),
            Distractor(lr * abs(g) / s, NO_SQUARE_ROOT),
            Distractor(lr / math.sqrt(t - 1), CURRENT_EXCLUDED),
            Distractor(lr * abs(g) / math.sqrt(t), ROOT_T_ONLY),
            Distractor(lr, MEAN_NOT_SUM),
        ),
    )


SUBSCRIPT = str.maketrans("0123456789", "₀₁₂₃₄₅₆₇₈₉")


def _sub(n: int) -> str:
    """``n`` as subscript digits: s₁₀."""
    return str(n).translate(SUBSCRIPT)
