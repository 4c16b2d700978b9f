"""Numeric templates for engine.linear_models' softmax regression: the gradient of the
cross-entropy with respect to the logits, ŷ − y, and one gradient step on a weight.

z = Wx + b, ŷ = softmax(z), L = −ln ŷ_y; ∂L/∂z = ŷ − y (y one-hot), ∂L/∂W_kj = (ŷ_k − y_k)·x_j.
The mistakes: the target left out, the sign flipped, the softmax's slope ŷ(1 − ŷ) multiplied
in, the predicted class taken as the target, the logits used instead of the probabilities,
the input factor or the wrong feature in the weight's gradient, the step added.
"""

from __future__ import annotations

import numpy as np

from engine.linear_models import softmax_regression_grads, softmax_regression_step
from engine.losses import softmax
from quiz.numeric.base import (
    COSINE,
    Degenerate,
    Distractor,
    Mistake,
    Problem,
    as_value,
    bilingual,
    factor,
    fmt,
    near_halfway,
    nonzero,
    rounded,
    template,
    unique,
)

ENGINE = "engine.linear_models:softmax_regression_step"
CLASSES = (("cat", "猫"), ("dog", "狗"), ("bird", "鸟"))

TARGET_FORGOTTEN = Mistake(
    "target-forgotten",
    bilingual(
        "∂L/∂z = ŷ − y: subtract the one-hot target, 1 at the true class and 0 elsewhere.",
        "∂L/∂z = ŷ − y：要减去独热目标，真实类别处为 1，其余为 0。",
    ),
)
SIGN_FLIPPED = Mistake(
    "sign-flipped",
    bilingual(
        "Prediction minus target, ŷ − y: the true class's logit gets a negative gradient, so "
        "gradient descent raises it.",
        "是预测减去目标 ŷ − y：真实类别的 logit 梯度为负，梯度下降因而会增大它。",
    ),
)
SOFTMAX_SLOPE = Mistake(
    "softmax-slope-multiplied",
    bilingual(
        "With cross-entropy the softmax's slope cancels: ∂L/∂z = ŷ − y exactly, with no extra "
        "factor ŷ(1 − ŷ).",
        "使用交叉熵时 softmax 的斜率会被约掉：∂L/∂z 恰好是 ŷ − y，没有多余的 ŷ(1 − ŷ) 因子。",
    ),
)
PREDICTED_AS_TARGET = Mistake(
    "predicted-class-as-target",
    bilingual(
        "y is the one-hot vector of the TRUE class, not of the class the model predicts.",
        "y 是真实类别的独热向量，而不是模型预测类别的独热向量。",
    ),
)
LOGITS_NOT_PROBABILITIES = Mistake(
    "logits-not-probabilities",
    bilingual(
        "The gradient uses the probabilities ŷ = softmax(z), not the logits z.",
        "梯度中用的是概率 ŷ = softmax(z)，而不是 logits z。",
    ),
)
INPUT_FORGOTTEN = Mistake(
    "input-forgotten",
    bilingual(
        "∂L/∂W_kj = (ŷ_k − y_k)·x_j: the logit's gradient times the input it multiplies.",
        "∂L/∂W_kj = (ŷ_k − y_k)·x_j：logit 的梯度乘以该权重所乘的输入。",
    ),
)
WRONG_FEATURE = Mistake(
    "wrong-feature",
    bilingual(
        "W_kj multiplies the feature x_j, so its gradient is (ŷ_k − y_k)·x_j, with that feature.",
        "W_kj 乘的是特征 x_j，所以它的梯度是 (ŷ_k − y_k)·x_j，要用这个特征。",
    ),
)
STEP_ADDED = Mistake(
    "step-added",
    bilingual(
        "Gradient descent subtracts: W ← W − η·∂L/∂W.",
        "梯度下降是减去梯度：W ← W − η·∂L/∂W。",
    ),
)


def _draw(rng: np.random.Generator):
    x = nonzero(rng, -2.0, 2.0, size=2)
    W = rounded(rng, -1.0, 1.0, size=(3, 2))
    b = rounded(rng, -0.5, 0.5, size=3)
    y = int(rng.integers(0, 3))
    z = W @ x + b
    p = softmax(z)
    if p.min() < 0.03 or np.abs(np.diff(np.sort(z))).min() < 0.1:
        raise Degenerate("every class must show and no two logits tie")
    return x, W, b, y, z, p


def _setup(x, W, b, y) -> tuple[str, str]:
    rows = ", ".join(fmt(row) for row in W)
    rows_zh = "、".join(fmt(row) for row in W)
    en = (
        f"A softmax-regression classifier with the classes cat, dog, bird (in that order) has "
        f"the weight rows W = {rows} (one row per class) and b = {fmt(b)}. An image with the "
        f"features x = {fmt(x)} is a {CLASSES[y][0]}; the loss is the cross-entropy "
        "of ŷ = softmax(Wx + b)."
    )
    zh = (
        f"一个 softmax 回归分类器的类别依次为猫、狗、鸟，权重各行为 W = {rows_zh}（每个类别一行），"
        f"b = {fmt(b)}。一张特征为 x = {fmt(x)} 的图像是{CLASSES[y][1]}；损失是 "
        "ŷ = softmax(Wx + b) 的交叉熵。"
    )
    return en, zh


@template(
    "softmax-regression-logit-gradient",
    engines=[ENGINE],
    title=("The gradient of softmax regression at the logits", "softmax 回归对 logits 的梯度"),
    valid=COSINE,
)
def softmax_regression_logit_gradient(rng: np.random.Generator) -> Problem:
    """∂L/∂z = ŷ − y for one example."""
    x, W, b, y, z, p = _draw(rng)
    _, dz, _, _ = softmax_regression_grads(x, y, W, b)
    answer = as_value(dz[0])
    if any(near_halfway(v, 3) for v in dz[0]):
        raise Degenerate("an entry on a rounding midpoint")
    onehot = np.eye(3)[y]
    predicted = int(np.argmax(p))
    en, zh = _setup(x, W, b, y)
    return Problem(
        prompt=bilingual(
            en + " What is the gradient ∂L/∂z with respect to the logits z (three entries, "
            "cat, dog, bird)?",
            zh + "损失对 logits z 的梯度 ∂L/∂z（三个分量，依次为猫、狗、鸟）是多少？",
        ),
        answer=answer,
        solution=bilingual(
            f"1. z = Wx + b = {fmt(z)}.\n"
            f"2. ŷ = softmax(z) = {fmt(p)}.\n"
            f"3. y = {fmt(onehot)} (the {CLASSES[y][0]}); ∂L/∂z = ŷ − y = {fmt(answer)}.",
            f"1. z = Wx + b = {fmt(z)}。\n"
            f"2. ŷ = softmax(z) = {fmt(p)}。\n"
            f"3. y = {fmt(onehot)}（{CLASSES[y][1]}）；∂L/∂z = ŷ − y = {fmt(answer)}。",
        ),
        params={"x": x.tolist(), "W": W.tolist(), "b": b.tolist(), "y": y},
        distractors=unique(
            answer,
            Distractor(as_value(p), TARGET_FORGOTTEN),
            Distractor(as_value(onehot - p), SIGN_FLIPPED),
            Distractor(as_value((p - onehot) * p * (1 - p)), SOFTMAX_SLOPE),
            Distractor(as_value(p - np.eye(3)[predicted]), PREDICTED_AS_TARGET)
            if predicted != y
            else None,
            Distractor(as_value(z - onehot), LOGITS_NOT_PROBABILITIES),
        ),
    )


@template(
    "softmax-regression-weight-step",
    engines=[ENGINE],
    title=("One gradient step of softmax regression", "softmax 回归的一步梯度下降"),
)
def softmax_regression_weight_step(rng: np.random.Generator) -> Problem:
    """W_kj ← W_kj − η·(ŷ_k − y_k)·x_j."""
    x, W, b, y, z, p = _draw(rng)
    k, j = int(rng.integers(0, 3)), int(rng.integers(0, 2))
    lr = float(rng.choice([0.1, 0.5, 1.0]))
    W2, _ = softmax_regression_step(x, y, W, b, lr)
    answer = float(W2[k, j])
    target = 1.0 if k == y else 0.0
    grad = (p[k] - target) * x[j]
    other = x[1 - j]
    if near_halfway(answer, 3) or abs(W[k, j]) < 0.05 or x[0] == x[1]:
        raise Degenerate("a readable weight that the step visibly moves")
    en, zh = _setup(x, W, b, y)
    name, name_zh = CLASSES[k]
    return Problem(
        prompt=bilingual(
            en + f" After one gradient-descent step with learning rate η = {fmt(lr)}, what is "
            f"the weight W_{name},{j + 1} (the {name} row's weight of feature x{j + 1}, now "
            f"{fmt(W[k, j])})?",
            zh + f"以学习率 η = {fmt(lr)} 走一步梯度下降后，权重 W_{name},{j + 1}（{name_zh}"
            f"那一行中特征 x{j + 1} 的权重，当前为 {fmt(W[k, j])}）是多少？",
        ),
        answer=answer,
        solution=bilingual(
            f"1. z = Wx + b = {fmt(z)}; ŷ = softmax(z) = {fmt(p)}.\n"
            f"2. ∂L/∂z_{name} = ŷ_{name} − y_{name} = {fmt(p[k])} − {fmt(target)} = "
            f"{fmt(p[k] - target)}.\n"
            f"3. ∂L/∂W_{name},{j + 1} = {factor(p[k] - target)} × {factor(x[j])} = {fmt(grad)}.\n"
            f"4. W_{name},{j + 1} ← {fmt(W[k, j])} − {fmt(lr)} × {factor(grad)} = {fmt(answer)}.",
            f"1. z = Wx + b = {fmt(z)}；ŷ = softmax(z) = {fmt(p)}。\n"
            f"2. ∂L/∂z_{name} = ŷ_{name} − y_{name} = {fmt(p[k])} − {fmt(target)} = "
            f"{fmt(p[k] - target)}。\n"
            f"3. ∂L/∂W_{name},{j + 1} = {factor(p[k] - target)} × {factor(x[j])} = {fmt(grad)}。\n"
            f"4. W_{name},{j + 1} ← {fmt(W[k, j])} − {fmt(lr)} × {factor(grad)} = {fmt(answer)}。",
        ),
        params={
            "x": x.tolist(),
            "W": W.tolist(),
            "b": b.tolist(),
            "y": y,
            "k": k,
            "j": j,
            "lr": lr,
        },
        distractors=unique(
            answer,
            Distractor(float(W[k, j] + lr * grad), STEP_ADDED),
            Distractor(float(W[k, j] - lr * (p[k] - target)), INPUT_FORGOTTEN),
            Distractor(float(W[k, j] - lr * p[k] * x[j]), TARGET_FORGOTTEN) if k == y else None,
            Distractor(float(W[k, j] - lr * (p[k] - target) * other), WRONG_FEATURE),
            Distractor(float(W[k, j] - lr * (z[k] - target) * x[j]), LOGITS_NOT_PROBABILITIES),
        ),
    )
