"""Numeric templates for engine.regularization's weight penalties: the L1 and L2 penalty of
some weights, and one SGD step on a data loss plus either penalty.

Penalty gradients come from ``engine.calculus.numerical_gradient`` applied to the engine's
penalty, with a difference step for which the central difference is exact (see
:data:`L2_DIFF_STEP` and :data:`L1_DIFF_STEP`), and the weight update from
``engine.optim.SGD``.
"""

from __future__ import annotations

import numpy as np

from engine.calculus import numerical_gradient
from engine.optim import SGD
from engine.regularization import l1_penalty, l2_penalty
from quiz.numeric.base import (
    NON_NEGATIVE,
    Degenerate,
    Distractor,
    Mistake,
    Problem,
    Value,
    as_value,
    bilingual,
    fmt,
    nonzero,
    rounded,
    template,
)

L2_DIFF_STEP = 1.0
"""Central differences are exact on a quadratic, so this wide step gives the L2 penalty's
gradient λw up to rounding."""

L1_DIFF_STEP = 0.05
"""Below the size of every weight (one decimal, never 0), where the L1 penalty is linear, so
the central difference is exactly its gradient λ·sign(w)."""

NO_HALF = Mistake(
    "no-half",
    bilingual(
        "The L2 penalty here is (λ/2)·Σw², with the ½ that makes its gradient exactly λw.",
        "这里的 L2 惩罚是 (λ/2)·Σw²，有 ½ 这个系数，这样它的梯度正好是 λw。",
    ),
)
ABS_NOT_SQUARE = Mistake(
    "abs-not-square",
    bilingual(
        "L2 squares each weight (w²); summing |w| is the L1 penalty.",
        "L2 要把每个权重平方（w²）；对 |w| 求和是 L1 惩罚。",
    ),
)
SQUARE_OF_SUM = Mistake(
    "square-of-sum",
    bilingual(
        "Square each weight, then add: Σw², not (Σw)².",
        "要先把每个权重平方再相加：Σw²，而不是 (Σw)²。",
    ),
)
SQUARE_NOT_ABS = Mistake(
    "square-not-abs",
    bilingual(
        "L1 sums the absolute values |w|; squaring them gives the L2 penalty.",
        "L1 对绝对值 |w| 求和；把它们平方得到的是 L2 惩罚。",
    ),
)
ABS_OF_SUM = Mistake(
    "abs-of-sum",
    bilingual(
        "Take each weight's absolute value before adding: Σ|w|, not |Σw| (signs must not cancel).",
        "要先对每个权重取绝对值再相加：Σ|w|，而不是 |Σw|（正负不能相互抵消）。",
    ),
)
LAMBDA_FORGOTTEN = Mistake(
    "lambda-forgotten",
    bilingual(
        "The penalty is scaled by the regularization strength λ: multiply the sum by it.",
        "惩罚项要乘以正则化强度 λ：把求和结果乘上它。",
    ),
)
MEAN_NOT_SUM = Mistake(
    "mean-not-sum",
    bilingual(
        "The penalty sums over the weights; it does not average them.",
        "惩罚项是对权重求和，而不是求平均。",
    ),
)
TWO_LAMBDA = Mistake(
    "gradient-2-lambda",
    bilingual(
        "The gradient of (λ/2)·Σw² is λw: the 2 from the square cancels the ½.",
        "(λ/2)·Σw² 的梯度是 λw：平方求导得到的 2 与 ½ 相消。",
    ),
)
PENALTY_FORGOTTEN = Mistake(
    "penalty-forgotten",
    bilingual(
        "The update uses the gradient of the whole loss, data loss plus penalty, so the "
        "penalty's gradient must be added to g.",
        "更新用的是整个损失（数据损失加惩罚项）的梯度，所以要把惩罚项的梯度加到 g 上。",
    ),
)
L1_GRADIENT = Mistake(
    "l1-gradient",
    bilingual(
        "λ·sign(w) is the gradient of the L1 penalty; the L2 penalty's gradient is λw, "
        "proportional to each weight.",
        "λ·sign(w) 是 L1 惩罚的梯度；L2 惩罚的梯度是 λw，与每个权重成正比。",
    ),
)
L2_GRADIENT = Mistake(
    "l2-gradient",
    bilingual(
        "λw is the gradient of the L2 penalty; the L1 penalty's gradient is λ·sign(w), "
        "the same size for every weight.",
        "λw 是 L2 惩罚的梯度；L1 惩罚的梯度是 λ·sign(w)，对每个权重大小相同。",
    ),
)
SIGN_FORGOTTEN = Mistake(
    "sign-forgotten",
    bilingual(
        "The derivative of |w| is sign(w): −1 for a negative weight, so L1 pulls every "
        "weight toward 0, negative ones upward.",
        "|w| 的导数是 sign(w)：负权重为 −1，所以 L1 把每个权重拉向 0，负权重会被往上拉。",
    ),
)


def _l2_gradient(w: np.ndarray, lam: float) -> np.ndarray:
    """The gradient of ``l2_penalty(w, lam)``."""
    return numerical_gradient(lambda v: l2_penalty(v, lam), w, eps=L2_DIFF_STEP)


def _l1_gradient(w: np.ndarray, lam: float) -> np.ndarray:
    """The gradient of ``l1_penalty(w, lam)`` at weights that are all at least 0.1 from 0."""
    return numerical_gradient(lambda v: l1_penalty(v, lam), w, eps=L1_DIFF_STEP)


def _sgd(w: np.ndarray, grad: np.ndarray, lr: float) -> Value:
    """The weights after one plain SGD step."""
    [new] = SGD(lr).step([w], [grad])
    return as_value(new)


@template(
    "l2-penalty-value",
    engines=["engine.regularization:l2_penalty"],
    title=("The L2 penalty of a weight vector", "权重向量的 L2 惩罚"),
    abs=0.0001,
    valid=NON_NEGATIVE,
)
def l2_penalty_value(rng: np.random.Generator) -> Problem:
    """Ω = (λ/2) · Σ wᵢ²."""
    w = nonzero(rng, -2.0, 2.0, size=int(rng.integers(3, 5)))
    lam = float(rng.choice([0.05, 0.1, 0.2, 0.5]))
    answer = l2_penalty(w, lam)
    squares = w**2
    total = float(squares.sum())
    return Problem(
        prompt=bilingual(
            f"A layer's weights are w = {fmt(w)}. With L2 regularization strength λ = {fmt(lam)} "
            "and the convention Ω = (λ/2)·Σ wᵢ² (gradient λw, PyTorch's weight_decay = λ), "
            "what penalty Ω is added to the loss?",
            f"某层的权重为 w = {fmt(w)}。L2 正则化强度 λ = {fmt(lam)}，采用约定 "
            "Ω = (λ/2)·Σ wᵢ²（梯度为 λw，即 PyTorch 的 weight_decay = λ）。"
            "加到损失上的惩罚 Ω 是多少？",
        ),
        answer=answer,
        solution=bilingual(
            f"1. Squares: {fmt(squares)}; their sum Σw² = {fmt(total)}.\n"
            f"2. Ω = {fmt(lam)} / 2 × {fmt(total)} = {fmt(answer)}.",
            f"1. 各权重的平方：{fmt(squares)}；求和 Σw² = {fmt(total)}。\n"
            f"2. Ω = {fmt(lam)} / 2 × {fmt(total)} = {fmt(answer)}。",
        ),
        params={"w": w.tolist(), "lam": lam},
        distractors=(
            Distractor(l2_penalty(w, 2 * lam), NO_HALF),
            Distractor(l1_penalty(w, lam / 2), ABS_NOT_SQUARE),
            Distractor(l2_penalty([w.sum()], lam), SQUARE_OF_SUM),
            Distractor(l2_penalty(w, 1.0), LAMBDA_FORGOTTEN, optional=True),
            Distractor(l2_penalty(w, lam / len(w)), MEAN_NOT_SUM, optional=True),
        ),
    )


@template(
    "l1-penalty-value",
    engines=["engine.regularization:l1_penalty"],
    title=("The L1 penalty of a weight vector", "权重向量的 L1 惩罚"),
    abs=0.0001,
    valid=NON_NEGATIVE,
)
def l1_penalty_value(rng: np.random.Generator) -> Problem:
    """Ω = λ · Σ |wᵢ|."""
    size = int(rng.integers(3, 5))
    w = nonzero(rng, -2.0, 2.0, size=size)
    lam = float(rng.choice([0.01, 0.05, 0.1, 0.5]))
    if np.all(w > 0) or np.all(w < 0):
        raise Degenerate
    answer = l1_penalty(w, lam)
    total = float(np.abs(w).sum())
    return Problem(
        prompt=bilingual(
            f"A layer's weights are w = {fmt(w)}. With L1 regularization Ω = λ·Σ|wᵢ| and "
            f"λ = {fmt(lam)}, what penalty Ω is added to the loss?",
            f"某层的权重为 w = {fmt(w)}。L1 正则化 Ω = λ·Σ|wᵢ|，λ = {fmt(lam)}。"
            "加到损失上的惩罚 Ω 是多少？",
        ),
        answer=answer,
        solution=bilingual(
            f"1. Absolute values: {fmt(np.abs(w))}; their sum Σ|w| = {fmt(total)}.\n"
            f"2. Ω = {fmt(lam)} × {fmt(total)} = {fmt(answer)}.",
            f"1. 各权重的绝对值：{fmt(np.abs(w))}；求和 Σ|w| = {fmt(total)}。\n"
            f"2. Ω = {fmt(lam)} × {fmt(total)} = {fmt(answer)}。",
        ),
        params={"w": w.tolist(), "lam": lam},
        distractors=(
            Distractor(l2_penalty(w, lam), SQUARE_NOT_ABS),
            Distractor(l1_penalty([w.sum()], lam), ABS_OF_SUM),
            Distractor(l1_penalty(w, lam / size), MEAN_NOT_SUM),
            Distractor(l1_penalty(w, 1.0), LAMBDA_FORGOTTEN, optional=True),
        ),
    )


def _penalized_step_text(
    w: np.ndarray, grad: np.ndarray, penalty_grad: np.ndarray, lr: float, answer, formula: str
) -> tuple[str, str]:
    """The worked solution (en, zh) of one SGD step on data loss + penalty."""
    total = grad + penalty_grad
    step = f"w ← w − η·(g + {formula}) = {fmt(w)} − {fmt(lr)} × {fmt(total)} = {fmt(answer)}"
    return (
        f"1. Gradient of the penalty: {formula} = {fmt(penalty_grad)}.\n"
        f"2. Gradient of the whole loss: g + {formula} = {fmt(grad)} + {fmt(penalty_grad)} "
        f"= {fmt(total)}.\n3. {step}.",
        f"1. 惩罚项的梯度：{formula} = {fmt(penalty_grad)}。\n"
        f"2. 整个损失的梯度：g + {formula} = {fmt(grad)} + {fmt(penalty_grad)} "
        f"= {fmt(total)}。\n3. {step}。",
    )


@template(
    "weight-decay-step",
    engines=["engine.regularization:l2_penalty"],
    title=("One SGD step with an L2 penalty", "带 L2 惩罚的一步 SGD"),
    rel=0.002,
    abs=0.0005,
)
def weight_decay_step(rng: np.random.Generator) -> Problem:
    """w ← w − η·(g + λw): SGD on data loss + (λ/2)·Σw²."""
    w = nonzero(rng, -2.0, 2.0, size=3)
    grad = rounded(rng, -1.0, 1.0, size=3)
    lam = float(rng.choice([0.1, 0.2, 0.5]))
    lr = float(rng.choice([0.1, 0.5]))
    penalty_grad = _l2_gradient(w, lam)
    answer = _sgd(w, grad + penalty_grad, lr)
    en, zh = _penalized_step_text(w, grad, penalty_grad, lr, answer, "λw")
    return Problem(
        prompt=bilingual(
            f"The loss is a data loss plus the L2 penalty (λ/2)·Σw² with λ = {fmt(lam)}. At "
            f"w = {fmt(w)} the data loss has gradient g = {fmt(grad)}. What are the weights "
            f"after one plain SGD step with learning rate η = {fmt(lr)}?",
            f"损失是数据损失加上 L2 惩罚 (λ/2)·Σw²，λ = {fmt(lam)}。在 w = {fmt(w)} 处，"
            f"数据损失的梯度为 g = {fmt(grad)}。学习率 η = {fmt(lr)}，"
            "普通 SGD 走一步之后权重是多少？",
        ),
        answer=answer,
        solution=bilingual(en, zh),
        params={"w": w.tolist(), "grad": grad.tolist(), "lam": lam, "lr": lr},
        distractors=(
            Distractor(_sgd(w, grad + _l2_gradient(w, 2 * lam), lr), TWO_LAMBDA),
            Distractor(_sgd(w, grad, lr), PENALTY_FORGOTTEN),
            Distractor(_sgd(w, grad + _l1_gradient(w, lam), lr), L1_GRADIENT),
        ),
    )


@template(
    "l1-shrink-step",
    engines=["engine.regularization:l1_penalty"],
    title=("One SGD step with an L1 penalty", "带 L1 惩罚的一步 SGD"),
    rel=0.002,
    abs=0.0005,
)
def l1_shrink_step(rng: np.random.Generator) -> Problem:
    """w ← w − η·(g + λ·sign(w)): SGD on data loss + λ·Σ|w|."""
    w = nonzero(rng, -2.0, 2.0, size=3)
    grad = rounded(rng, -1.0, 1.0, size=3)
    lam = float(rng.choice([0.1, 0.2, 0.5]))
    lr = float(rng.choice([0.1, 0.5]))
    if np.all(w > 0) or np.all(w < 0):
        raise Degenerate
    penalty_grad = _l1_gradient(w, lam)
    answer = _sgd(w, grad + penalty_grad, lr)
    en, zh = _penalized_step_text(w, grad, penalty_grad, lr, answer, "λ·sign(w)")
    return Problem(
        prompt=bilingual(
            f"The loss is a data loss plus the L1 penalty λ·Σ|w| with λ = {fmt(lam)}. At "
            f"w = {fmt(w)} the data loss has gradient g = {fmt(grad)}. What are the weights "
            f"after one plain SGD step with learning rate η = {fmt(lr)}?",
            f"损失是数据损失加上 L1 惩罚 λ·Σ|w|，λ = {fmt(lam)}。在 w = {fmt(w)} 处，"
            f"数据损失的梯度为 g = {fmt(grad)}。学习率 η = {fmt(lr)}，"
            "普通 SGD 走一步之后权重是多少？",
        ),
        answer=answer,
        solution=bilingual(en, zh),
        params={"w": w.tolist(), "grad": grad.tolist(), "lam": lam, "lr": lr},
        distractors=(
            Distractor(_sgd(w, grad + _l2_gradient(w, lam), lr), L2_GRADIENT),
            Distractor(_sgd(w, grad, lr), PENALTY_FORGOTTEN),
            Distractor(_sgd(w, grad + _l1_gradient(np.abs(w), lam), lr), SIGN_FORGOTTEN),
        ),
    )
