"""Numeric templates for engine.regularization: L1 and L2 penalties, dropout, random crops.

Penalty gradients come from ``engine.calculus.numerical_gradient`` applied to the engine's
penalty, with a difference step for which the central difference is exact (see
:data:`L2_DIFF_STEP` and :data:`L1_DIFF_STEP`), and the weight update from
``engine.optim.SGD``. Dropout masks are drawn by the engine itself from a seed kept in
the parameters; the question shows the mask it drew.
"""

from __future__ import annotations

import math

import numpy as np

from engine.calculus import numerical_gradient
from engine.optim import SGD
from engine.regularization import augment_random_crop, dropout, l1_penalty, l2_penalty
from quiz.numeric.base import (
    NON_NEGATIVE,
    Degenerate,
    Distractor,
    Mistake,
    Problem,
    as_value,
    bilingual,
    fmt,
    rounded,
    template,
)

L2_DIFF_STEP = 1.0
"""Central differences are exact on a quadratic, so this wide step gives the L2 penalty's
gradient λw up to rounding."""

L1_DIFF_STEP = 0.05
"""Below the size of every weight (one decimal, never 0), where the L1 penalty is linear, so
the central difference is exactly its gradient λ·sign(w)."""

DROP_PROBABILITIES = (0.2, 0.25, 0.4, 0.6, 0.75)
"""p values for dropout questions (not 0.5, where 1/p and 1/(1 − p) coincide)."""

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
NO_RESCALING = Mistake(
    "no-rescaling",
    bilingual(
        "Inverted dropout divides the kept values by 1 − p during training, so that the "
        "expected output equals the input.",
        "反向（inverted）dropout 在训练时把保留的值除以 1 − p，使输出的期望等于输入。",
    ),
)
DIVIDE_BY_P = Mistake(
    "divide-by-p",
    bilingual(
        "Divide by the keep probability 1 − p, not by the drop probability p.",
        "要除以保留概率 1 − p，而不是丢弃概率 p。",
    ),
)
KEEP_PROB_SCALING = Mistake(
    "times-keep-probability",
    bilingual(
        "Multiplying by 1 − p is the old test-time rule of non-inverted dropout; inverted "
        "dropout divides the kept values by 1 − p during training.",
        "乘以 1 − p 是非反向 dropout 在测试时的做法；反向 dropout 在训练时把保留的值除以 1 − p。",
    ),
)
MASK_IGNORED = Mistake(
    "mask-ignored",
    bilingual(
        "In training the dropped elements are 0; only at inference does dropout pass x "
        "through unchanged.",
        "训练时被丢弃的元素为 0；只有推理时 dropout 才原样输出 x。",
    ),
)
PADDING_FORGOTTEN = Mistake(
    "padding-forgotten",
    bilingual(
        "The crop is cut from the padded image, which is 2·padding larger in each direction.",
        "裁剪是在填充后的图像上进行的，它在每个方向上大了 2·padding。",
    ),
)
PADDING_ONE_SIDE = Mistake(
    "padding-one-side",
    bilingual(
        "Padding is added on every side, so each dimension grows by 2·padding, not padding.",
        "四周都要填充，所以每个维度增加 2·padding，而不是 padding。",
    ),
)
NO_PLUS_ONE = Mistake(
    "no-plus-one",
    bilingual(
        "A corner can sit at 0, 1, …, L − l: that is L − l + 1 positions, not L − l.",
        "左上角可以位于 0, 1, …, L − l，共 L − l + 1 个位置，而不是 L − l 个。",
    ),
)
PADDED_SIZE = Mistake(
    "padded-size",
    bilingual(
        "The padding only widens the range of crop positions; the crop itself has the crop size.",
        "填充只是扩大了裁剪位置的范围；裁剪结果本身的大小就是裁剪尺寸。",
    ),
)
IMAGE_SIZE = Mistake(
    "image-size",
    bilingual(
        "A random crop outputs the crop size, not the size of the original image.",
        "随机裁剪输出的是裁剪尺寸，而不是原图的尺寸。",
    ),
)
CHANNELS_COUNTED = Mistake(
    "channels-counted",
    bilingual(
        "A crop position is a top-left corner; it is the same for every channel, so the "
        "channels do not multiply the count.",
        "裁剪位置由左上角决定，对所有通道都相同，所以通道数不乘进位置数。",
    ),
)
PADDING_TWICE = Mistake(
    "padding-twice",
    bilingual(
        "padding=P adds P pixels on each side: each dimension grows by 2·P, not 4·P.",
        "padding=P 在每侧各加 P 个像素：每个维度增加 2·P，而不是 4·P。",
    ),
)
CROP_SHRUNK_BY_PADDING = Mistake(
    "crop-shrunk-by-padding",
    bilingual(
        "The crop is exactly crop×crop pixels per channel; the padding does not shrink it.",
        "裁剪结果每个通道正好是 crop×crop 个像素；填充不会让它变小。",
    ),
)
CHANNELS_FORGOTTEN = Mistake(
    "channels-forgotten",
    bilingual(
        "Every channel is cropped, so the flattened crop has C·h·w numbers.",
        "每个通道都被裁剪，所以展平后有 C·h·w 个数。",
    ),
)


def _nonzero(rng: np.random.Generator, low: float, high: float, size=None) -> np.ndarray:
    """Like ``rounded`` (one decimal) but never 0."""
    values = rounded(rng, low, high, size=size)
    if np.any(values == 0):
        raise Degenerate
    return values


def _l2_gradient(w: np.ndarray, lam: float) -> np.ndarray:
    """The gradient of ``l2_penalty(w, lam)``."""
    return numerical_gradient(lambda v: l2_penalty(v, lam), w, eps=L2_DIFF_STEP)


def _l1_gradient(w: np.ndarray, lam: float) -> np.ndarray:
    """The gradient of ``l1_penalty(w, lam)`` at weights that are all at least 0.1 from 0."""
    return numerical_gradient(lambda v: l1_penalty(v, lam), w, eps=L1_DIFF_STEP)


def _sgd(w: np.ndarray, grad: np.ndarray, lr: float) -> tuple[float, ...]:
    """The weights after one plain SGD step."""
    [new] = SGD(lr).step([w], [grad])
    return as_value(new)


def _p(x: float) -> str:
    """x as written inside a formula: a negative number in parentheses."""
    text = fmt(x)
    return f"({text})" if text.startswith("-") else text


@template(
    "l2-penalty-value",
    engines=["engine.regularization:l2_penalty"],
    title=("The L2 penalty of a weight vector", "权重向量的 L2 惩罚"),
    abs=0.0001,
    valid=NON_NEGATIVE,
)
def l2_penalty_value(rng: np.random.Generator) -> Problem:
    """Ω = (λ/2) · Σ wᵢ²."""
    w = _nonzero(rng, -2.0, 2.0, size=int(rng.integers(3, 5)))
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
    w = _nonzero(rng, -2.0, 2.0, size=size)
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
    w = _nonzero(rng, -2.0, 2.0, size=3)
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
    w = _nonzero(rng, -2.0, 2.0, size=3)
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


def _draw_mask(rng: np.random.Generator, x: np.ndarray, p: float) -> tuple[int, np.ndarray]:
    """A seed for the engine's dropout and the output it gives: some kept, some dropped."""
    seed = int(rng.integers(2**16))
    out = dropout(x, p, np.random.default_rng(seed))
    if np.all(out == 0) or np.all(out != 0):
        raise Degenerate
    return seed, out


@template(
    "dropout-masked-output",
    engines=["engine.regularization:dropout"],
    title=("Inverted dropout with a given mask", "给定掩码的反向 dropout"),
)
def dropout_masked_output(rng: np.random.Generator) -> Problem:
    """out = x · m / (1 − p), m the keep mask."""
    x = rounded(rng, 0.1, 3.0, size=4)
    p = float(rng.choice(DROP_PROBABILITIES))
    seed, out = _draw_mask(rng, x, p)
    mask = (out != 0).astype(int)
    answer = as_value(out)
    scale = 1 / (1 - p)
    kept = [f"{fmt(v)} × {fmt(scale)} = {fmt(v * scale)}" for v in x[mask == 1]]
    return Problem(
        prompt=bilingual(
            f"Inverted dropout (PyTorch's: p is the probability of dropping) with p = {fmt(p)} is "
            f"applied in training to x = {fmt(x)}. The random mask is m = {fmt(mask)} "
            "(1 = kept, 0 = dropped). What is the output?",
            f"在训练中对 x = {fmt(x)} 做反向 dropout（PyTorch 的约定：p 是丢弃概率），"
            f"p = {fmt(p)}。随机掩码为 m = {fmt(mask)}（1 = 保留，0 = 丢弃）。输出是多少？",
        ),
        answer=answer,
        solution=bilingual(
            f"1. Dropped elements become 0; kept ones are multiplied by 1 / (1 − {fmt(p)}) "
            f"= {fmt(scale)}: {', '.join(kept)}.\n2. Output = {fmt(answer)}.",
            f"1. 被丢弃的元素变为 0；保留的元素乘以 1 / (1 − {fmt(p)}) = {fmt(scale)}："
            f"{'，'.join(kept)}。\n"
            f"2. 输出 = {fmt(answer)}。",
        ),
        params={"x": x.tolist(), "p": p, "mask": mask.tolist(), "mask_seed": seed},
        distractors=(
            Distractor(as_value(out * (1 - p)), NO_RESCALING),
            Distractor(as_value(out * (1 - p) / p), DIVIDE_BY_P),
            Distractor(as_value(out * (1 - p) ** 2), KEEP_PROB_SCALING),
        ),
    )


@template(
    "dropout-next-layer",
    engines=["engine.regularization:dropout"],
    title=("A neuron after dropout", "dropout 之后的神经元"),
)
def dropout_next_layer(rng: np.random.Generator) -> Problem:
    """y = Σ wᵢ · xᵢ · mᵢ / (1 − p)."""
    x = rounded(rng, 0.1, 3.0, size=4)
    w = _nonzero(rng, -1.0, 1.0, size=4)
    p = float(rng.choice(DROP_PROBABILITIES))
    seed, out = _draw_mask(rng, x, p)
    mask = (out != 0).astype(int)
    answer = float(w @ out)
    inference = float(w @ dropout(x, p, rng, training=False))
    terms = " + ".join(f"{_p(wi)} × {fmt(oi)}" for wi, oi in zip(w, out, strict=True) if oi)
    return Problem(
        prompt=bilingual(
            f"Inverted dropout (p = {fmt(p)} is the probability of dropping) is applied in "
            f"training to x = {fmt(x)} with the random mask m = {fmt(mask)} (1 = kept). The next "
            f"neuron computes y = w · dropout(x) with w = {fmt(w)} (no bias). What is y?",
            f"训练时对 x = {fmt(x)} 做反向 dropout（p = {fmt(p)} 为丢弃概率），随机掩码为 "
            f"m = {fmt(mask)}（1 = 保留）。下一个神经元计算 y = w · dropout(x)，w = {fmt(w)}"
            "（无偏置）。y 是多少？",
        ),
        answer=answer,
        solution=bilingual(
            f"1. dropout(x) = x · m / (1 − {fmt(p)}) = {fmt(out)}.\n"
            f"2. y = {terms} = {fmt(answer)} (the dropped terms are 0).\n"
            f"(Averaged over all masks E[y] = w · x = {fmt(inference)}, the value at inference.)",
            f"1. dropout(x) = x · m / (1 − {fmt(p)}) = {fmt(out)}。\n"
            f"2. y = {terms} = {fmt(answer)}（被丢弃的项为 0）。\n"
            f"（对所有掩码取平均，E[y] = w · x = {fmt(inference)}，即推理时的值。）",
        ),
        params={"x": x.tolist(), "w": w.tolist(), "p": p, "mask": mask.tolist(), "mask_seed": seed},
        distractors=(
            Distractor(answer * (1 - p), NO_RESCALING),
            Distractor(answer * (1 - p) / p, DIVIDE_BY_P),
            Distractor(inference, MASK_IGNORED),
        ),
    )


class _CornerCount:
    """Stands in for the random generator of ``augment_random_crop``: records, for each axis,
    how many top-left corners the crop is drawn from (and always takes the first)."""

    def __init__(self) -> None:
        self.choices: list[int] = []

    def integers(self, low: int, high: int) -> int:
        self.choices.append(int(high - low))
        return low


def _corner_choices(shape: tuple[int, ...], size: tuple[int, int], padding: int) -> list[int]:
    """How many corner rows and columns ``augment_random_crop`` chooses from."""
    counter = _CornerCount()
    augment_random_crop(np.zeros(shape), size, padding, counter)
    return counter.choices


@template(
    "random-crop-positions",
    engines=["engine.regularization:augment_random_crop"],
    title=("How many random crops an image has", "一张图像有多少种随机裁剪"),
    rel=0,
    abs=0.5,
    integer=True,
    valid=NON_NEGATIVE,
)
def random_crop_positions(rng: np.random.Generator) -> Problem:
    """(H + 2P − h + 1) · (W + 2P − w + 1) corner positions."""
    height, width = (int(v) for v in rng.choice([24, 28, 32], size=2))
    crop = (height - int(rng.choice([0, 2, 4])), width - int(rng.choice([0, 2, 4])))
    padding = int(rng.integers(1, 5))
    shape = (3, height, width)
    rows, cols = _corner_choices(shape, crop, padding)
    answer = float(rows * cols)
    unpadded = math.prod(_corner_choices(shape, crop, 0))
    one_side = math.prod(_corner_choices((3, height + padding, width + padding), crop, 0))
    padded_h, padded_w = height + 2 * padding, width + 2 * padding
    lines = (
        f"{padded_h} − {crop[0]} + 1 = {rows}",
        f"{padded_w} − {crop[1]} + 1 = {cols}",
    )
    return Problem(
        prompt=bilingual(
            f"Data augmentation pads a 3×{height}×{width} image (C×H×W) with {padding} zero "
            f"pixels on every side, then takes a random {crop[0]}×{crop[1]} crop (torchvision's "
            f"RandomCrop(({crop[0]}, {crop[1]}), padding={padding})). How many different crop "
            "positions are there?",
            f"数据增强先在一张 3×{height}×{width}（C×H×W）的图像四周各填充 {padding} 个零像素，"
            f"再随机裁剪出 {crop[0]}×{crop[1]} 的区域（torchvision 的 "
            f"RandomCrop(({crop[0]}, {crop[1]}), padding={padding})）。共有多少种不同的裁剪位置？",
        ),
        answer=answer,
        solution=bilingual(
            f"1. The padded image is {padded_h}×{padded_w}.\n"
            f"2. The top row of the crop can be 0 … {padded_h - crop[0]}: {lines[0]} choices; "
            f"the left column 0 … {padded_w - crop[1]}: {lines[1]} choices.\n"
            f"3. Positions = {rows} × {cols} = {fmt(answer)}.",
            f"1. 填充后的图像为 {padded_h}×{padded_w}。\n"
            f"2. 裁剪区域的顶行可以是 0 … {padded_h - crop[0]}：{lines[0]} 种；"
            f"左列可以是 0 … {padded_w - crop[1]}：{lines[1]} 种。\n"
            f"3. 位置数 = {rows} × {cols} = {fmt(answer)}。",
        ),
        params={"height": height, "width": width, "crop": list(crop), "padding": padding},
        distractors=(
            Distractor(float(unpadded), PADDING_FORGOTTEN),
            Distractor(float(one_side), PADDING_ONE_SIDE),
            Distractor(float((rows - 1) * (cols - 1)), NO_PLUS_ONE),
            Distractor(float(3 * rows * cols), CHANNELS_COUNTED, optional=True),
            Distractor(
                float(math.prod(_corner_choices(shape, crop, 2 * padding))),
                PADDING_TWICE,
                optional=True,
            ),
        ),
    )


@template(
    "random-crop-features",
    engines=["engine.regularization:augment_random_crop"],
    title=("The size of a random crop", "随机裁剪的大小"),
    rel=0,
    abs=0.5,
    integer=True,
    valid=NON_NEGATIVE,
)
def random_crop_features(rng: np.random.Generator) -> Problem:
    """A crop holds C · h · w numbers, whatever the padding."""
    side = int(rng.choice([32, 48, 64]))
    crop = side - int(rng.choice([4, 8, 16]))
    padding = int(rng.choice([2, 4]))
    image = np.zeros((3, side, side))
    out = augment_random_crop(image, crop, padding, rng)
    answer = float(out.size)
    padded = augment_random_crop(image, side + 2 * padding, padding, rng).size
    uncropped = augment_random_crop(image, side, padding, rng).size
    one_channel = augment_random_crop(image[:1], crop, padding, rng).size
    return Problem(
        prompt=bilingual(
            f"Training images are 3×{side}×{side} (C×H×W). Augmentation pads each with {padding} "
            f"zero pixels on every side and takes a random {crop}×{crop} crop; the crop is then "
            "flattened into the input of a linear layer. How many input features does that "
            "layer need?",
            f"训练图像为 3×{side}×{side}（C×H×W）。数据增强先在四周各填充 {padding} 个零像素，"
            f"再随机裁剪出 {crop}×{crop} 的区域；裁剪结果展平后作为线性层的输入。"
            "这个线性层需要多少个输入特征？",
        ),
        answer=answer,
        solution=bilingual(
            f"1. Padding makes the image 3×{side + 2 * padding}×{side + 2 * padding}, but it only "
            f"widens the choice of crop positions.\n"
            f"2. The crop has shape {'×'.join(str(n) for n in out.shape)}: every channel is cut "
            f"to {crop}×{crop}.\n"
            f"3. Features = 3 × {crop} × {crop} = {fmt(answer)}.",
            f"1. 填充后图像为 3×{side + 2 * padding}×{side + 2 * padding}，"
            "但这只扩大了裁剪位置的选择范围。\n"
            f"2. 裁剪结果的形状为 {'×'.join(str(n) for n in out.shape)}："
            f"每个通道都被裁成 {crop}×{crop}。\n"
            f"3. 特征数 = 3 × {crop} × {crop} = {fmt(answer)}。",
        ),
        params={"channels": 3, "side": side, "crop": crop, "padding": padding},
        distractors=(
            Distractor(float(padded), PADDED_SIZE),
            Distractor(float(uncropped), IMAGE_SIZE),
            Distractor(float(one_channel), CHANNELS_FORGOTTEN),
            Distractor(float(3 * (crop - 2 * padding) ** 2), CROP_SHRUNK_BY_PADDING, optional=True),
        ),
    )
