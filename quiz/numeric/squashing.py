"""Numeric templates for engine.activations' squashing functions, sigmoid and tanh: their
derivatives through one unit (the factor backpropagation multiplies in), the
gradient of binary cross-entropy with respect to a logit, and one tanh recurrent step.

σ'(u) = σ(u)(1 − σ(u)) and tanh'(u) = 1 − tanh²(u): both are written with the
unit's OUTPUT, which is where most mistakes happen (the pre-activation plugged in,
the other function's formula, the square forgotten, the chain-rule factor left out).
"""

from __future__ import annotations

import math

import numpy as np

from engine.activations import sigmoid, tanh
from quiz.numeric.base import (
    COSINE,
    Degenerate,
    Distractor,
    Mistake,
    Problem,
    bilingual,
    factor,
    fmt,
    rounded,
    template,
    unique,
)

SIGMOID = "engine.activations:sigmoid"
TANH = "engine.activations:tanh"

INPUT_FACTOR_FORGOTTEN = Mistake(
    "input-factor-forgotten",
    bilingual(
        "Chain rule: u = w·x + b, so ∂u/∂w = x; multiply the activation's slope by x.",
        "链式法则：u = w·x + b，所以 ∂u/∂w = x；激活函数的斜率还要乘以 x。",
    ),
)
WEIGHT_NOT_INPUT = Mistake(
    "weight-not-input",
    bilingual(
        "The derivative of u = w·x + b with respect to w is x, not w (w is what you get "
        "differentiating with respect to x).",
        "u = w·x + b 对 w 的导数是 x，而不是 w（对 x 求导才得到 w）。",
    ),
)
ACTIVATION_NOT_SLOPE = Mistake(
    "activation-not-slope",
    bilingual(
        "Backpropagation multiplies by the activation's SLOPE at u, not by its value.",
        "反向传播乘的是激活函数在 u 处的斜率，而不是它的函数值。",
    ),
)
TANH_SLOPE_FOR_SIGMOID = Mistake(
    "tanh-slope-for-sigmoid",
    bilingual(
        "1 − a² is tanh's slope; the sigmoid's is σ(u)(1 − σ(u)).",
        "1 − a² 是 tanh 的斜率；sigmoid 的斜率是 σ(u)(1 − σ(u))。",
    ),
)
SIGMOID_SLOPE_FOR_TANH = Mistake(
    "sigmoid-slope-for-tanh",
    bilingual(
        "a(1 − a) is the sigmoid's slope; tanh's is 1 − tanh²(u).",
        "a(1 − a) 是 sigmoid 的斜率；tanh 的斜率是 1 − tanh²(u)。",
    ),
)
SQUARE_FORGOTTEN = Mistake(
    "square-forgotten",
    bilingual(
        "tanh'(u) = 1 − tanh²(u): square the output before subtracting it from 1.",
        "tanh'(u) = 1 − tanh²(u)：要先把输出平方，再用 1 减去它。",
    ),
)
PRE_ACTIVATION_SQUARED = Mistake(
    "pre-activation-squared",
    bilingual(
        "The slope is written with the unit's output a = tanh(u): 1 − a², not 1 − u².",
        "斜率要用单元的输出 a = tanh(u) 来写：1 − a²，而不是 1 − u²。",
    ),
)

SIGN_FLIPPED = Mistake(
    "sign-flipped",
    bilingual(
        "∂L/∂z = σ(z) − y: prediction minus target, so a too-high prediction gets a "
        "positive gradient (gradient descent then lowers z).",
        "∂L/∂z = σ(z) − y：预测减去目标，预测偏高时梯度为正（梯度下降随后会减小 z）。",
    ),
)
EXTRA_SIGMOID_SLOPE = Mistake(
    "extra-sigmoid-slope",
    bilingual(
        "With cross-entropy the sigmoid's slope cancels: ∂L/∂σ = (σ − y) / (σ(1 − σ)) and "
        "∂σ/∂z = σ(1 − σ), so ∂L/∂z = σ(z) − y, with no extra factor σ(1 − σ) (that "
        "factor stays with a squared error).",
        "使用交叉熵时 sigmoid 的斜率会被约掉：∂L/∂σ = (σ − y) / (σ(1 − σ))，∂σ/∂z = σ(1 − σ)，"
        "所以 ∂L/∂z = σ(z) − y，没有多余的 σ(1 − σ) 因子（平方误差才会保留它）。",
    ),
)
OTHER_CLASS_PROBABILITY = Mistake(
    "other-class-probability",
    bilingual(
        "σ(z) is the probability of the label 1; 1 − σ(z) = σ(−z) belongs to the label 0. "
        "The gradient is σ(z) − y.",
        "σ(z) 是标签为 1 的概率；1 − σ(z) = σ(−z) 属于标签 0。梯度是 σ(z) − y。",
    ),
)
LOGIT_NOT_PROBABILITY = Mistake(
    "logit-not-probability",
    bilingual(
        "The gradient is the predicted PROBABILITY minus the label, σ(z) − y, not the logit "
        "z minus the label.",
        "梯度是预测概率减去标签 σ(z) − y，而不是 logit z 减去标签。",
    ),
)


def _pre_activation(rng: np.random.Generator) -> tuple[float, float, float, float]:
    """w, x, b readable, and u = w·x + b away from 0 (where every slope looks alike)."""
    w = float(rounded(rng, -2.0, 2.0))
    x = float(rounded(rng, -3.0, 3.0))
    b = float(rounded(rng, -1.0, 1.0))
    u = w * x + b
    if abs(x) < 0.3 or abs(w) < 0.3 or abs(u) < 0.3 or abs(abs(x) - 1) < 0.1 or b == 0:
        raise Degenerate("x, w and u must be clearly non-zero, and x not ±1")
    return w, x, b, u


@template(
    "sigmoid-unit-weight-gradient",
    engines=[SIGMOID],
    title=("The gradient of a sigmoid unit with respect to its weight", "sigmoid 单元对权重的梯度"),
    valid=(-1.0, 1.0),
)
def sigmoid_unit_weight_gradient(rng: np.random.Generator) -> Problem:
    """∂σ(w·x + b)/∂w = σ(u)(1 − σ(u)) · x."""
    w, x, b, u = _pre_activation(rng)
    a = float(sigmoid(np.array(u)))
    slope = a * (1 - a)
    answer = slope * x
    return Problem(
        prompt=bilingual(
            f"A unit computes a = σ(w·x + b) with the sigmoid σ, w = {fmt(w)}, b = {fmt(b)}, "
            f"for the input x = {fmt(x)}. What is ∂a/∂w?",
            f"一个单元计算 a = σ(w·x + b)，σ 为 sigmoid，w = {fmt(w)}，b = {fmt(b)}，"
            f"输入 x = {fmt(x)}。∂a/∂w 是多少？",
        ),
        answer=answer,
        solution=bilingual(
            f"1. u = w·x + b = {fmt(w)} × {factor(x)} + {factor(b)} = {fmt(u)}; "
            f"a = σ(u) = {fmt(a)}.\n"
            f"2. σ'(u) = a(1 − a) = {fmt(a)} × {fmt(1 - a)} = {fmt(slope)}.\n"
            f"3. ∂a/∂w = σ'(u) · x = {fmt(slope)} × {factor(x)} = {fmt(answer)}.",
            f"1. u = w·x + b = {fmt(w)} × {factor(x)} + {factor(b)} = {fmt(u)}；"
            f"a = σ(u) = {fmt(a)}。\n"
            f"2. σ'(u) = a(1 − a) = {fmt(a)} × {fmt(1 - a)} = {fmt(slope)}。\n"
            f"3. ∂a/∂w = σ'(u) · x = {fmt(slope)} × {factor(x)} = {fmt(answer)}。",
        ),
        params={"w": w, "x": x, "b": b},
        distractors=unique(
            answer,
            Distractor(slope, INPUT_FACTOR_FORGOTTEN),
            Distractor(slope * w, WEIGHT_NOT_INPUT),
            Distractor(a * x, ACTIVATION_NOT_SLOPE),
            Distractor((1 - a * a) * x, TANH_SLOPE_FOR_SIGMOID),
        ),
    )


@template(
    "bce-gradient-wrt-logit",
    engines=[SIGMOID, "engine.losses:binary_cross_entropy"],
    title=("The gradient of binary cross-entropy at the logit", "二元交叉熵对 logit 的梯度"),
    valid=(-1.0, 1.0),
)
def bce_gradient_wrt_logit(rng: np.random.Generator) -> Problem:
    """L = −y ln σ(z) − (1 − y) ln(1 − σ(z)) gives ∂L/∂z = σ(z) − y."""
    z = float(rounded(rng, -3.0, 3.0))
    y = float(rng.choice([0.0, 1.0]))
    if abs(z) < 0.3:
        raise Degenerate("the logit must be clearly non-zero")
    p = float(sigmoid(np.array(z)))
    answer = p - y
    slope = p * (1 - p)
    return Problem(
        prompt=bilingual(
            f"A binary classifier outputs the logit z = {fmt(z)} for an example with label "
            f"y = {fmt(y)}; its loss is the binary cross-entropy of σ(z) "
            "(F.binary_cross_entropy_with_logits). What is ∂L/∂z?",
            f"一个二分类器对标签为 y = {fmt(y)} 的样本输出 logit z = {fmt(z)}；损失是 σ(z) 的"
            "二元交叉熵（F.binary_cross_entropy_with_logits）。∂L/∂z 是多少？",
        ),
        answer=answer,
        solution=bilingual(
            f"1. σ(z) = {fmt(p)}.\n"
            "2. The sigmoid's slope σ(1 − σ) cancels against the loss's 1 / (σ(1 − σ)), "
            "leaving ∂L/∂z = σ(z) − y.\n"
            f"3. ∂L/∂z = {fmt(p)} − {fmt(y)} = {fmt(answer)}.",
            f"1. σ(z) = {fmt(p)}。\n"
            "2. sigmoid 的斜率 σ(1 − σ) 与损失中的 1 / (σ(1 − σ)) 相互抵消，"
            "剩下 ∂L/∂z = σ(z) − y。\n"
            f"3. ∂L/∂z = {fmt(p)} − {fmt(y)} = {fmt(answer)}。",
        ),
        params={"z": z, "y": y},
        distractors=unique(
            answer,
            Distractor(y - p, SIGN_FLIPPED),
            Distractor(answer * slope, EXTRA_SIGMOID_SLOPE),
            Distractor(z - y, LOGIT_NOT_PROBABILITY),
            Distractor((1 - p) - y, OTHER_CLASS_PROBABILITY),
        ),
    )


@template(
    "tanh-unit-weight-gradient",
    engines=[TANH],
    title=("The gradient of a tanh unit with respect to its weight", "tanh 单元对权重的梯度"),
)
def tanh_unit_weight_gradient(rng: np.random.Generator) -> Problem:
    """∂tanh(w·x + b)/∂w = (1 − tanh²(u)) · x."""
    w, x, b, u = _pre_activation(rng)
    a = float(tanh(np.array(u)))
    slope = 1 - a * a
    answer = slope * x
    if slope < 0.02:
        raise Degenerate("a saturated unit hides every mistake near 0")
    return Problem(
        prompt=bilingual(
            f"A unit computes a = tanh(w·x + b) with w = {fmt(w)}, b = {fmt(b)}, for the "
            f"input x = {fmt(x)}. What is ∂a/∂w?",
            f"一个单元计算 a = tanh(w·x + b)，w = {fmt(w)}，b = {fmt(b)}，输入 x = {fmt(x)}。"
            "∂a/∂w 是多少？",
        ),
        answer=answer,
        solution=bilingual(
            f"1. u = w·x + b = {fmt(w)} × {factor(x)} + {factor(b)} = {fmt(u)}; "
            f"a = tanh(u) = {fmt(a)}.\n"
            f"2. tanh'(u) = 1 − a² = 1 − {fmt(a * a)} = {fmt(slope)}.\n"
            f"3. ∂a/∂w = tanh'(u) · x = {fmt(slope)} × {factor(x)} = {fmt(answer)}.",
            f"1. u = w·x + b = {fmt(w)} × {factor(x)} + {factor(b)} = {fmt(u)}；"
            f"a = tanh(u) = {fmt(a)}。\n"
            f"2. tanh'(u) = 1 − a² = 1 − {fmt(a * a)} = {fmt(slope)}。\n"
            f"3. ∂a/∂w = tanh'(u) · x = {fmt(slope)} × {factor(x)} = {fmt(answer)}。",
        ),
        params={"w": w, "x": x, "b": b},
        distractors=unique(
            answer,
            Distractor(slope, INPUT_FACTOR_FORGOTTEN),
            Distractor((1 - a) * x, SQUARE_FORGOTTEN),
            Distractor(a * x, ACTIVATION_NOT_SLOPE),
            Distractor(a * (1 - a) * x, SIGMOID_SLOPE_FOR_TANH),
            Distractor((1 - u * u) * x, PRE_ACTIVATION_SQUARED),
        ),
    )


SIGMOID_FOR_TANH = Mistake(
    "sigmoid-for-tanh",
    bilingual(
        "The recurrent unit uses tanh, whose outputs lie in (−1, 1); the sigmoid's lie in (0, 1).",
        "该循环单元使用 tanh，其输出在 (−1, 1) 内；sigmoid 的输出在 (0, 1) 内。",
    ),
)
HALF_ARGUMENT = Mistake(
    "two-sigma-argument-not-doubled",
    bilingual(
        "tanh(u) = 2σ(2u) − 1: the argument of σ is doubled too; 2σ(u) − 1 is tanh(u/2).",
        "tanh(u) = 2σ(2u) − 1：σ 的自变量也要加倍；2σ(u) − 1 等于 tanh(u/2)。",
    ),
)
PREVIOUS_STATE_FORGOTTEN = Mistake(
    "previous-state-forgotten",
    bilingual(
        "A recurrent step adds the previous hidden state's term: u = w_x·x + w_h·h + b.",
        "循环的一步还要加上前一个隐状态的项：u = w_x·x + w_h·h + b。",
    ),
)
BIAS_FORGOTTEN = Mistake(
    "bias-forgotten",
    bilingual(
        "Add the bias b before applying tanh: u = w_x·x + w_h·h + b.",
        "应用 tanh 之前要加上偏置 b：u = w_x·x + w_h·h + b。",
    ),
)


@template(
    "tanh-recurrent-step",
    engines=[TANH],
    title=("One tanh recurrent step", "一步 tanh 循环计算"),
    valid=COSINE,
)
def tanh_recurrent_step(rng: np.random.Generator) -> Problem:
    """h' = tanh(w_x·x + w_h·h + b) for one unit."""
    w_x, w_h = (float(v) for v in rounded(rng, -1.5, 1.5, size=2))
    x, h = float(rounded(rng, -2.0, 2.0)), float(rounded(rng, -0.9, 0.9))
    b = float(rounded(rng, -0.5, 0.5))
    u = w_x * x + w_h * h + b
    if min(abs(w_x * x), abs(w_h * h), abs(b), abs(u)) < 0.1 or abs(u) > 2.0:
        raise Degenerate("every term must show, and tanh must not saturate")
    answer = float(tanh(np.array(u)))
    return Problem(
        prompt=bilingual(
            f"A one-unit RNN computes h_t = tanh(w_x·x_t + w_h·h_(t−1) + b) with w_x = "
            f"{fmt(w_x)}, w_h = {fmt(w_h)}, b = {fmt(b)}. With x_t = {fmt(x)} and h_(t−1) = "
            f"{fmt(h)}, what is h_t?",
            f"一个单单元 RNN 计算 h_t = tanh(w_x·x_t + w_h·h_(t−1) + b)，w_x = {fmt(w_x)}，"
            f"w_h = {fmt(w_h)}，b = {fmt(b)}。当 x_t = {fmt(x)}、h_(t−1) = {fmt(h)} 时，"
            "h_t 是多少？",
        ),
        answer=answer,
        solution=bilingual(
            f"1. u = {fmt(w_x)} × {factor(x)} + {factor(w_h)} × {factor(h)} + {factor(b)} "
            f"= {fmt(u)}.\n"
            f"2. h_t = tanh({fmt(u)}) = {fmt(answer)}.",
            f"1. u = {fmt(w_x)} × {factor(x)} + {factor(w_h)} × {factor(h)} + {factor(b)} "
            f"= {fmt(u)}。\n"
            f"2. h_t = tanh({fmt(u)}) = {fmt(answer)}。",
        ),
        params={"w_x": w_x, "w_h": w_h, "b": b, "x": x, "h": h},
        distractors=unique(
            answer,
            Distractor(float(sigmoid(np.array(u))), SIGMOID_FOR_TANH),
            Distractor(2 * float(sigmoid(np.array(u))) - 1, HALF_ARGUMENT),
            Distractor(math.tanh(w_x * x + b), PREVIOUS_STATE_FORGOTTEN),
            Distractor(math.tanh(w_x * x + w_h * h), BIAS_FORGOTTEN),
        ),
    )
