"""Numeric templates for engine.backprop: a tiny two-layer ReLU network, forward and backward.

Every network here has two inputs, two hidden units and two classes, with small integer
weights, so that each step can be done by hand.
"""

from __future__ import annotations

import math
from typing import NamedTuple

import numpy as np

from engine.backprop import mlp_forward, mlp_loss_and_grads
from engine.losses import cross_entropy, softmax
from kg.concept import Text
from quiz.numeric.base import (
    NON_NEGATIVE,
    Degenerate,
    Distractor,
    Mistake,
    Problem,
    as_value,
    bilingual,
    factor,
    fmt,
    template,
)


class Net(NamedTuple):
    """One input x and the parameters of a 2-2-2 network (weights as nn.Linear stores them)."""

    x: np.ndarray  # (2,)
    W1: np.ndarray  # (H, D) = (2, 2)
    b1: np.ndarray  # (2,)
    W2: np.ndarray  # (C, H) = (2, 2)
    b2: np.ndarray  # (2,)

    def params(self) -> dict[str, list]:
        """The network as JSON-ready lists."""
        return {name: value.tolist() for name, value in self._asdict().items()}


def draw_net(rng: np.random.Generator) -> Net:
    """Small nonzero inputs and weights; one hidden unit active (> 0), the other off (< 0)."""
    x = rng.choice([-2.0, -1.0, 1.0, 2.0], size=2)
    W1 = rng.choice([-2.0, -1.0, 1.0, 2.0], size=(2, 2))
    b1 = rng.choice([-1.0, 0.0, 1.0], size=2)
    W2 = rng.choice([-1.0, -0.5, 0.5, 1.0], size=(2, 2))
    b2 = rng.choice([-0.5, 0.0, 0.5], size=2)
    hidden_pre = W1 @ x + b1
    if np.any(hidden_pre == 0):
        raise Degenerate("a hidden pre-activation of 0 sits on ReLU's kink")
    if hidden_pre[0] * hidden_pre[1] > 0:  # same sign: flip unit 1 so that exactly one is active
        W1[1], b1[1] = -W1[1], -b1[1] + 0.0  # + 0.0 turns -0.0 into 0.0
    return Net(x, W1, b1, W2, b2)


def readable_probabilities(logits: np.ndarray) -> None:
    """Raise Degenerate unless softmax(logits) stays within about [0.05, 0.95]."""
    if np.ptp(logits) > 3:
        raise Degenerate("a probability near 0 or 1 makes the loss and gradients tiny")


def describe(net: Net) -> Text:
    """The network, as the prompt states it."""
    return bilingual(
        f"A network has input x = {fmt(net.x)}, hidden layer h = relu(W1 x + b1) with "
        f"W1 = {fmt(net.W1)}, b1 = {fmt(net.b1)}, and logits z = W2 h + b2 with "
        f"W2 = {fmt(net.W2)}, b2 = {fmt(net.b2)} (each row of a W holds one unit's weights; "
        "units and classes are numbered from 0).",
        f"一个网络的输入 x = {fmt(net.x)}，隐藏层 h = relu(W1 x + b1)，其中 W1 = {fmt(net.W1)}，"
        f"b1 = {fmt(net.b1)}；logits z = W2 h + b2，其中 W2 = {fmt(net.W2)}，b2 = {fmt(net.b2)}"
        "（W 的每一行是一个单元的权重；单元和类别都从 0 开始编号）。",
    )


def forward_steps(net: Net) -> tuple[list[str], list[str]]:
    """The forward pass, one line per layer, in both languages."""
    out = mlp_forward(net.x[None, :], net.W1, net.b1, net.W2, net.b2)
    pre, hidden, logits = out.hidden_pre[0], out.hidden[0], out.logits[0]
    en = [
        f"W1 x + b1 = {fmt(pre)}; ReLU sets the negative entry to 0: h = {fmt(hidden)}.",
        f"z = W2 h + b2 = {fmt(logits)}.",
    ]
    zh = [
        f"W1 x + b1 = {fmt(pre)}；ReLU 把负值置 0：h = {fmt(hidden)}。",
        f"z = W2 h + b2 = {fmt(logits)}。",
    ]
    return en, zh


def numbered(lines: list[str]) -> str:
    """Solution lines as a numbered list."""
    return "\n".join(f"{i}. {line}" for i, line in enumerate(lines, start=1))


NO_RELU = Mistake(
    "relu-forgotten",
    bilingual(
        "The hidden layer is relu(W1 x + b1): set its negative pre-activations to 0 before "
        "the output layer.",
        "隐藏层是 relu(W1 x + b1)：进入输出层之前，要把为负的预激活值置 0。",
    ),
)
WEIGHTS_TRANSPOSED = Mistake(
    "weights-transposed",
    bilingual(
        "Each row of W holds one unit's weights (as nn.Linear stores them), so unit j "
        "computes row j of W times x; reading the columns gives W^T x.",
        "W 的每一行是一个单元的权重（nn.Linear 的存法），单元 j 用 W 的第 j 行乘 x；"
        "按列来读算出的是 W^T x。",
    ),
)
RELU_ON_LOGITS = Mistake(
    "relu-on-logits",
    bilingual(
        "The output layer has no ReLU: logits may be negative (softmax takes care of them).",
        "输出层没有 ReLU：logits 可以为负（之后由 softmax 处理）。",
    ),
)


@template(
    "mlp-logits",
    engines=["engine.backprop:mlp_forward"],
    title=("Forward pass of a tiny network", "小网络的前向传播"),
)
def mlp_logits(rng: np.random.Generator) -> Problem:
    """z = W2 relu(W1 x + b1) + b2 for a 2-2-2 network."""
    net = draw_net(rng)
    out = mlp_forward(net.x[None, :], net.W1, net.b1, net.W2, net.b2)
    logits = out.logits[0]
    if logits.min() >= 0:
        raise Degenerate("a negative logit shows that the output layer has no ReLU")
    transposed = mlp_forward(net.x[None, :], net.W1.T, net.b1, net.W2.T, net.b2).logits[0]
    linear = out.hidden_pre[0] @ net.W2.T + net.b2
    en, zh = forward_steps(net)
    network = describe(net)
    return Problem(
        prompt=bilingual(
            f"{network.en} What are the logits? Give them as [z0, z1].",
            f"{network.zh}logits 是多少？以 [z0, z1] 的形式给出。",
        ),
        answer=as_value(logits),
        solution=bilingual(numbered(en), numbered(zh)),
        params=net.params(),
        distractors=(
            Distractor(as_value(linear), NO_RELU),
            Distractor(as_value(transposed), WEIGHTS_TRANSPOSED),
            Distractor(as_value(np.maximum(logits, 0)), RELU_ON_LOGITS),
        ),
    )


LOG_BASE_2 = Mistake(
    "log-base-2",
    bilingual(
        "Cross-entropy uses the natural log (ln), not log base 2.",
        "交叉熵使用自然对数 ln，而不是以 2 为底的对数。",
    ),
)
OTHER_CLASS = Mistake(
    "other-class",
    bilingual(
        "Take -ln of the probability of the true class; the other class's probability "
        "gives the loss for the wrong label.",
        "要对真实类别的概率取 -ln；用另一个类别的概率，算出的是标签错了时的损失。",
    ),
)


@template(
    "mlp-loss",
    engines=["engine.backprop:mlp_forward", "engine.backprop:mlp_loss_and_grads"],
    title=("Loss of a tiny network", "小网络的损失"),
    valid=NON_NEGATIVE,
)
def mlp_loss(rng: np.random.Generator) -> Problem:
    """loss = -ln softmax(W2 relu(W1 x + b1) + b2)[y] for a 2-2-2 network."""
    net = draw_net(rng)
    y = int(rng.integers(2))
    loss, _ = mlp_loss_and_grads(net.x[None, :], np.array([y]), *net[1:])
    out = mlp_forward(net.x[None, :], net.W1, net.b1, net.W2, net.b2)
    logits = out.logits[0]
    readable_probabilities(logits)
    probs = softmax(logits)
    linear = out.hidden_pre[0] @ net.W2.T + net.b2
    en, zh = forward_steps(net)
    en += [
        f"softmax(z) = {fmt(probs)}; the true class is {y}: loss = -ln {fmt(probs[y])} "
        f"= {fmt(loss)}."
    ]
    zh += [f"softmax(z) = {fmt(probs)}；真实类别是 {y}：损失 = -ln {fmt(probs[y])} = {fmt(loss)}。"]
    network = describe(net)
    return Problem(
        prompt=bilingual(
            f"{network.en} The true class is {y}. What is the cross-entropy loss "
            "(softmax of the logits, natural log)?",
            f"{network.zh}真实类别是 {y}。交叉熵损失（对 logits 做 softmax，自然对数）是多少？",
        ),
        answer=loss,
        solution=bilingual(numbered(en), numbered(zh)),
        params={**net.params(), "y": y},
        distractors=(
            Distractor(cross_entropy(linear, y), NO_RELU),
            Distractor(loss / math.log(2), LOG_BASE_2),
            Distractor(cross_entropy(logits, 1 - y), OTHER_CLASS),
        ),
    )


BIAS_GRADIENT = Mistake(
    "bias-gradient",
    bilingual(
        "A weight's gradient is the upstream gradient times the weight's input: "
        "dL/dW2[c, j] = (p_c - y_c) · h_j. (p_c - y_c) alone is the bias gradient dL/db2[c].",
        "权重的梯度是上游梯度乘以该权重的输入：dL/dW2[c, j] = (p_c - y_c) · h_j。"
        "只有 (p_c - y_c) 的是偏置的梯度 dL/db2[c]。",
    ),
)
SIGN_FLIPPED = Mistake(
    "sign-flipped",
    bilingual(
        "The gradient of softmax cross-entropy with respect to the logits is p - y "
        "(probabilities minus one-hot target), not y - p.",
        "softmax 交叉熵对 logits 的梯度是 p - y（概率减去 one-hot 目标），而不是 y - p。",
    ),
)
INPUT_NOT_HIDDEN = Mistake(
    "input-not-hidden",
    bilingual(
        "W2 multiplies the hidden activations h, so its gradient uses h_j, not the network "
        "input x_j.",
        "W2 乘的是隐藏层激活 h，所以它的梯度用 h_j，而不是网络输入 x_j。",
    ),
)


def backward_start(net: Net, y: int) -> tuple[dict[str, np.ndarray], list[str], list[str]]:
    """The gradients, and the solution's lines up to dL/dz = p - y, in both languages."""
    _, grads = mlp_loss_and_grads(net.x[None, :], np.array([y]), *net[1:])
    out = mlp_forward(net.x[None, :], net.W1, net.b1, net.W2, net.b2)
    readable_probabilities(out.logits[0])
    probs = softmax(out.logits[0])
    en, zh = forward_steps(net)
    en += [
        f"p = softmax(z) = {fmt(probs)}; with the one-hot target for class {y}, "
        f"dL/dz = p - y = {fmt(grads['b2'])}."
    ]
    zh += [
        f"p = softmax(z) = {fmt(probs)}；类别 {y} 的 one-hot 目标下，"
        f"dL/dz = p - y = {fmt(grads['b2'])}。"
    ]
    return grads, en, zh


@template(
    "mlp-output-weight-gradient",
    engines=["engine.backprop:mlp_loss_and_grads"],
    title=("Gradient of an output weight", "输出层权重的梯度"),
)
def mlp_output_weight_gradient(rng: np.random.Generator) -> Problem:
    """dL/dW2[c, j] = (p_c - y_c) · h_j for a 2-2-2 network and one example."""
    net = draw_net(rng)
    y, c = (int(v) for v in rng.integers(2, size=2))
    j = int(np.argmax(net.W1 @ net.x + net.b1))  # the active hidden unit
    grads, en, zh = backward_start(net, y)
    answer = float(grads["W2"][c, j])
    hidden_j = float(max(net.W1[j] @ net.x + net.b1[j], 0))
    step = f"dL/dW2[{c}, {j}] = dL/dz{c} · h{j} = {fmt(grads['b2'][c])} · {factor(hidden_j)}"
    en += [f"{step} = {fmt(answer)}."]
    zh += [f"{step} = {fmt(answer)}。"]
    network = describe(net)
    return Problem(
        prompt=bilingual(
            f"{network.en} The loss is the cross-entropy of softmax(z) with true class {y}. "
            f"What is dL/dW2[{c}, {j}], the gradient of the weight from hidden unit {j} to "
            f"logit {c}?",
            f"{network.zh}损失是 softmax(z) 与真实类别 {y} 的交叉熵。dL/dW2[{c}, {j}]"
            f"（隐藏单元 {j} 到 logit {c} 的权重的梯度）是多少？",
        ),
        answer=answer,
        solution=bilingual(numbered(en), numbered(zh)),
        params={**net.params(), "y": y, "c": c, "j": j},
        distractors=(
            Distractor(float(grads["b2"][c]), BIAS_GRADIENT),
            Distractor(-answer, SIGN_FLIPPED),
            Distractor(float(grads["b2"][c] * net.x[j]), INPUT_NOT_HIDDEN),
            Distractor(float((grads["b2"][c] + 1) * hidden_j), LABEL_FORGOTTEN, optional=True)
            if c == y
            else None,
            Distractor(2 * answer, SQUARED_ERROR_GRADIENT, optional=True),
        ),
    )


LABEL_FORGOTTEN = Mistake(
    "label-forgotten",
    bilingual(
        "The gradient of cross-entropy with softmax at logit c is p_c − y_c: subtract the "
        "one-hot label.",
        "softmax 交叉熵对 logit c 的梯度是 p_c − y_c：要减去 one-hot 标签。",
    ),
)
SQUARED_ERROR_GRADIENT = Mistake(
    "squared-error-gradient",
    bilingual(
        "Softmax with cross-entropy gives dL/dz = p − y exactly; the factor 2 belongs to a "
        "squared error's gradient.",
        "softmax 加交叉熵的梯度正好是 dL/dz = p − y；系数 2 属于平方误差的梯度。",
    ),
)
ONE_PATH_ONLY = Mistake(
    "one-path-only",
    bilingual(
        "Hidden unit j feeds every logit, so its gradient sums over all of them: "
        "dL/dh_j = Σ_c (p_c - y_c) · W2[c, j], not only the true class's term.",
        "隐藏单元 j 连到每一个 logit，所以它的梯度要对所有 logit 求和："
        "dL/dh_j = Σ_c (p_c - y_c) · W2[c, j]，而不只是真实类别那一项。",
    ),
)
W2_ROW_NOT_COLUMN = Mistake(
    "w2-row-not-column",
    bilingual(
        "Backward, hidden unit j collects the gradient through column j of W2 "
        "(dL/dh = W2^T (p - y)), not through row j.",
        "反向传播时，隐藏单元 j 通过 W2 的第 j 列收集梯度（dL/dh = W2^T (p - y)），而不是第 j 行。",
    ),
)


@template(
    "mlp-hidden-weight-gradient",
    engines=["engine.backprop:mlp_loss_and_grads"],
    title=("Gradient of a hidden-layer weight", "隐藏层权重的梯度"),
)
def mlp_hidden_weight_gradient(rng: np.random.Generator) -> Problem:
    """dL/dW1[j, i] = Σ_c (p_c - y_c) W2[c, j] · 1[h_j > 0] · x_i for one example."""
    net = draw_net(rng)
    y, i = (int(v) for v in rng.integers(2, size=2))
    j = int(np.argmax(net.W1 @ net.x + net.b1))  # the active hidden unit
    grads, en, zh = backward_start(net, y)
    dlogits = grads["b2"]  # p - y for a batch of one
    answer = float(grads["W1"][j, i])
    dhidden_j = float(dlogits @ net.W2[:, j])
    step = f"dL/dW1[{j}, {i}] = dL/dh{j} · x{i} = {fmt(dhidden_j)} · {factor(net.x[i])}"
    en += [
        f"dL/dh{j} = Σ_c (p_c - y_c) · W2[c, {j}] = {fmt(dhidden_j)}; unit {j} is active, "
        "so ReLU passes it unchanged.",
        f"{step} = {fmt(answer)}.",
    ]
    zh += [
        f"dL/dh{j} = Σ_c (p_c - y_c) · W2[c, {j}] = {fmt(dhidden_j)}；单元 {j} 处于激活状态，"
        "ReLU 原样传回。",
        f"{step} = {fmt(answer)}。",
    ]
    network = describe(net)
    return Problem(
        prompt=bilingual(
            f"{network.en} The loss is the cross-entropy of softmax(z) with true class {y}. "
            f"What is dL/dW1[{j}, {i}], the gradient of the weight from input {i} to hidden "
            f"unit {j}?",
            f"{network.zh}损失是 softmax(z) 与真实类别 {y} 的交叉熵。dL/dW1[{j}, {i}]"
            f"（输入 {i} 到隐藏单元 {j} 的权重的梯度）是多少？",
        ),
        answer=answer,
        solution=bilingual(numbered(en), numbered(zh)),
        params={**net.params(), "y": y, "j": j, "i": i},
        distractors=(
            Distractor(-answer, SIGN_FLIPPED),
            Distractor(float(dlogits[y] * net.W2[y, j] * net.x[i]), ONE_PATH_ONLY),
            Distractor(float(dlogits @ net.W2[j, :] * net.x[i]), W2_ROW_NOT_COLUMN),
        ),
    )
