"""Numeric templates for engine.losses: softmax, cross-entropy, MSE, binary cross-entropy."""

from __future__ import annotations

import math

import numpy as np

from engine.activations import sigmoid
from engine.losses import binary_cross_entropy, cross_entropy, mse, softmax
from quiz.numeric.base import (
    NON_NEGATIVE,
    PROBABILITY,
    Distractor,
    Mistake,
    Problem,
    bilingual,
    fmt,
    rounded,
    template,
)

LOG_BASE_2 = Mistake(
    "log-base-2",
    bilingual(
        "Cross-entropy uses the natural log (ln), not log base 2.",
        "交叉熵使用自然对数 ln，而不是以 2 为底的对数。",
    ),
)
LOG_BASE_10 = Mistake(
    "log-base-10",
    bilingual(
        "Cross-entropy uses the natural log (ln), not log base 10.",
        "交叉熵使用自然对数 ln，而不是以 10 为底的对数。",
    ),
)
ONE_MINUS_P = Mistake(
    "one-minus-p",
    bilingual(
        "The loss of an example is -ln p of its true class, not 1 - p: a confident wrong "
        "prediction costs far more than 1.",
        "一个样本的损失是真实类别概率 p 的 -ln，而不是 1 - p：自信地预测错会付出远大于 1 的代价。",
    ),
)
NO_SOFTMAX = Mistake(
    "no-softmax",
    bilingual(
        "The logits must go through softmax before the log; -logit is not a loss.",
        "logits 要先经过 softmax 再取对数；直接取 -logit 不是损失。",
    ),
)
WRONG_CLASS = Mistake(
    "largest-class",
    bilingual(
        "Use the probability of the true class, not of the most likely class.",
        "要用真实类别的概率，而不是概率最大的类别。",
    ),
)
SUM_NOT_MEAN = Mistake(
    "sum-not-mean",
    bilingual(
        "The loss is the mean over the examples (PyTorch's default reduction='mean'), "
        "not their sum: divide the sum by how many there are.",
        "损失是对样本取平均（PyTorch 默认 reduction='mean'），不是求和：求和后要除以个数。",
    ),
)


@template(
    "cross-entropy-of-logits",
    engines=["engine.losses:cross_entropy"],
    title=("Cross-entropy of three logits", "三个 logits 的交叉熵"),
    valid=NON_NEGATIVE,
)
def cross_entropy_of_logits(rng: np.random.Generator) -> Problem:
    """loss = -ln softmax(z)[y] for one example with three classes."""
    logits = rounded(rng, -2.0, 3.0, size=3)
    target = int(rng.integers(3))
    loss = cross_entropy(logits, target)
    probs = softmax(logits)
    largest = int(np.argmax(logits))
    if largest == target:
        wrong_class = cross_entropy(logits, int(np.argsort(logits)[-2]))
    else:
        wrong_class = cross_entropy(logits, largest)
    exps = np.exp(logits - logits.max())
    z, p = fmt(logits, 2), fmt(probs, 4)
    solution_en = (
        f"1. Softmax: subtract the max ({fmt(logits.max(), 2)}), exponentiate: {fmt(exps)}; "
        f"divide by their sum {fmt(exps.sum())}: p = {p}.\n"
        f"2. The true class is {target}: p[{target}] = {fmt(probs[target])}.\n"
        f"3. loss = -ln {fmt(probs[target])} = {fmt(loss)}."
    )
    solution_zh = (
        f"1. Softmax：减去最大值（{fmt(logits.max(), 2)}）后取指数：{fmt(exps)}；"
        f"再除以它们的和 {fmt(exps.sum())}：p = {p}。\n"
        f"2. 真实类别是 {target}：p[{target}] = {fmt(probs[target])}。\n"
        f"3. 损失 = -ln {fmt(probs[target])} = {fmt(loss)}。"
    )
    return Problem(
        prompt=bilingual(
            f"A classifier outputs logits z = {z} for one example whose true class is {target} "
            "(classes are numbered from 0). What is the cross-entropy loss (natural log)?",
            f"分类器对一个样本输出 logits z = {z}，真实类别为 {target}（类别从 0 开始编号）。"
            "交叉熵损失（自然对数）是多少？",
        ),
        answer=loss,
        solution=bilingual(solution_en, solution_zh),
        params={"logits": logits.tolist(), "target": target},
        distractors=(
            Distractor(loss / math.log(2), LOG_BASE_2),
            Distractor(float(-logits[target]), NO_SOFTMAX),
            Distractor(wrong_class, WRONG_CLASS),
            Distractor(loss / math.log(10), LOG_BASE_10, optional=True),
            Distractor(float(1 - probs[target]), ONE_MINUS_P, optional=True),
        ),
    )


@template(
    "cross-entropy-of-a-batch",
    engines=["engine.losses:cross_entropy"],
    title=("Cross-entropy of a batch of two", "两个样本的批量交叉熵"),
    valid=NON_NEGATIVE,
)
def cross_entropy_of_a_batch(rng: np.random.Generator) -> Problem:
    """loss = -(1/N) Σ_n ln softmax(z_n)[y_n] for a batch of two examples with three classes."""
    logits = rounded(rng, -2.0, 3.0, size=(2, 3))
    targets = rng.integers(3, size=2)
    loss = cross_entropy(logits, targets)
    steps_en, steps_zh = [], []
    for n, (row, target) in enumerate(zip(logits, targets, strict=True)):
        p, row_loss = softmax(row), cross_entropy(row, int(target))
        steps_en.append(
            f"{n + 1}. Example {n}: softmax({fmt(row, 2)}) = {fmt(p)}; its true class is "
            f"{target}, so its loss is -ln {fmt(p[target])} = {fmt(row_loss)}."
        )
        steps_zh.append(
            f"{n + 1}. 样本 {n}：softmax({fmt(row, 2)}) = {fmt(p)}；真实类别是 {target}，"
            f"损失为 -ln {fmt(p[target])} = {fmt(row_loss)}。"
        )
    picked = logits[np.arange(2), targets]
    total = 2 * loss
    steps_en.append(f"3. Mean over the batch: {fmt(total)} / 2 = {fmt(loss)}.")
    steps_zh.append(f"3. 对批量取平均：{fmt(total)} / 2 = {fmt(loss)}。")
    rows = f"{fmt(logits[0], 2)} and {fmt(logits[1], 2)}"
    rows_zh = f"{fmt(logits[0], 2)} 和 {fmt(logits[1], 2)}"
    return Problem(
        prompt=bilingual(
            f"A classifier outputs the logits {rows} for a batch of two examples whose true "
            f"classes are {targets[0]} and {targets[1]} (classes numbered from 0). What is the "
            "cross-entropy loss of the batch (natural log, mean over the batch)?",
            f"分类器对两个样本组成的批量输出 logits {rows_zh}，真实类别分别为 {targets[0]} 和 "
            f"{targets[1]}（类别从 0 开始编号）。这个批量的交叉熵损失（自然对数，对批量取平均）"
            "是多少？",
        ),
        answer=loss,
        solution=bilingual("\n".join(steps_en), "\n".join(steps_zh)),
        params={"logits": logits.tolist(), "targets": targets.tolist()},
        distractors=(
            Distractor(total, SUM_NOT_MEAN),
            Distractor(loss / math.log(2), LOG_BASE_2),
            Distractor(float(-picked.mean()), NO_SOFTMAX),
            Distractor(loss / math.log(10), LOG_BASE_10, optional=True),
            Distractor(
                float(
                    np.mean([1 - softmax(row)[t] for row, t in zip(logits, targets, strict=True)])
                ),
                ONE_MINUS_P,
                optional=True,
            ),
        ),
    )


NORMALIZED_LOGITS = Mistake(
    "no-exponential",
    bilingual(
        "Softmax exponentiates before normalizing: p_k = e^{z_k} / Σ_j e^{z_j}, not z_k / Σ_j z_j.",
        "softmax 先取指数再归一化：p_k = e^{z_k} / Σ_j e^{z_j}，而不是 z_k / Σ_j z_j。",
    ),
)
SIGMOID_NOT_SOFTMAX = Mistake(
    "sigmoid-not-softmax",
    bilingual(
        "Softmax compares a logit with all the others; the sigmoid of one logit ignores them "
        "and the results need not sum to 1.",
        "softmax 要把一个 logit 与其他所有 logit 比较；只对一个 logit 取 sigmoid 忽略了其他类别，"
        "结果加起来也不一定为 1。",
    ),
)
BASE_10_POWERS = Mistake(
    "base-10-powers",
    bilingual(
        "Softmax uses e^{z}, not 10^{z}: a larger base sharpens the distribution and "
        "changes every probability.",
        "softmax 使用 e^{z}，而不是 10^{z}：底数更大会让分布更尖，每个概率都会变。",
    ),
)
COMPLEMENT = Mistake(
    "complement",
    bilingual(
        "1 - p[k] is the probability of the other classes together; softmax gives class k "
        "e^{z_k} / Σ_j e^{z_j}.",
        "1 - p[k] 是其他类别加起来的概率；softmax 给类别 k 的概率是 e^{z_k} / Σ_j e^{z_j}。",
    ),
)
BASE_2_POWERS = Mistake(
    "base-2-powers",
    bilingual(
        "Softmax uses e^{z}, not 2^{z}: a different base changes every probability.",
        "softmax 使用 e^{z}，而不是 2^{z}：换了底数，每个概率都会变。",
    ),
)


@template(
    "softmax-probability",
    engines=["engine.losses:softmax"],
    title=("Softmax probability of one class", "某个类别的 softmax 概率"),
    valid=PROBABILITY,
)
def softmax_probability(rng: np.random.Generator) -> Problem:
    """p_k = e^{z_k} / Σ_j e^{z_j} for three positive logits."""
    logits = rounded(rng, 0.2, 3.0, size=3)
    k = int(rng.integers(3))
    probs = softmax(logits)
    answer = float(probs[k])
    exps = np.exp(logits)
    z = fmt(logits, 2)
    return Problem(
        prompt=bilingual(
            f"The logits of three classes are z = {z} (classes numbered from 0). "
            f"What probability does softmax give class {k}?",
            f"三个类别的 logits 为 z = {z}（类别从 0 开始编号）。softmax 给类别 {k} 的概率是多少？",
        ),
        answer=answer,
        solution=bilingual(
            f"1. Exponentiate: e^z = {fmt(exps)}.\n"
            f"2. Their sum is {fmt(exps.sum())}.\n"
            f"3. p[{k}] = {fmt(exps[k])} / {fmt(exps.sum())} = {fmt(answer)}.",
            f"1. 取指数：e^z = {fmt(exps)}。\n"
            f"2. 它们的和为 {fmt(exps.sum())}。\n"
            f"3. p[{k}] = {fmt(exps[k])} / {fmt(exps.sum())} = {fmt(answer)}。",
        ),
        params={"logits": logits.tolist(), "k": k},
        distractors=(
            Distractor(float(logits[k] / logits.sum()), NORMALIZED_LOGITS),
            Distractor(float(sigmoid(logits[k])), SIGMOID_NOT_SOFTMAX),
            Distractor(float(softmax(logits * math.log(2))[k]), BASE_2_POWERS),
            Distractor(1 - answer, COMPLEMENT, optional=True),
            Distractor(float(softmax(logits * math.log(10))[k]), BASE_10_POWERS, optional=True),
        ),
    )


TEMPERATURE_MULTIPLIED = Mistake(
    "temperature-multiplied",
    bilingual(
        "Temperature divides the logits, softmax(z / T): T > 1 flattens the distribution, "
        "T < 1 sharpens it. Multiplying by T does the opposite.",
        "温度是除 logits：softmax(z / T)。T > 1 让分布更平，T < 1 让分布更尖；乘以 T 效果正相反。",
    ),
)
TEMPERATURE_IGNORED = Mistake(
    "temperature-ignored",
    bilingual(
        "Divide the logits by the temperature before the softmax; without it you get the "
        "T = 1 probabilities.",
        "要先把 logits 除以温度再做 softmax；不除就得到 T = 1 时的概率。",
    ),
)
PROBABILITIES_DIVIDED = Mistake(
    "probabilities-divided",
    bilingual(
        "Temperature divides the logits before the softmax; dividing the probabilities "
        "afterwards leaves numbers that no longer sum to 1.",
        "温度在 softmax 之前除 logits；事后把概率除以 T，得到的数加起来不再为 1。",
    ),
)


@template(
    "softmax-with-temperature",
    engines=["engine.losses:softmax"],
    title=("Softmax with a temperature", "带温度的 softmax"),
    valid=PROBABILITY,
)
def softmax_with_temperature(rng: np.random.Generator) -> Problem:
    """p_k = softmax(z / T)_k for three logits and a temperature T."""
    logits = rounded(rng, -1.0, 3.0, size=3)
    temperature = float(rng.choice([0.5, 2.0, 4.0]))
    k = int(rng.integers(3))
    answer = float(softmax(logits / temperature)[k])
    plain = float(softmax(logits)[k])
    scaled = logits / temperature
    exps = np.exp(scaled)
    z, t = fmt(logits, 2), fmt(temperature)
    return Problem(
        prompt=bilingual(
            f"The logits of three classes are z = {z} (classes numbered from 0). Sampling uses "
            f"temperature T = {t}. What probability does softmax(z / T) give class {k}?",
            f"三个类别的 logits 为 z = {z}（类别从 0 开始编号）。采样时温度 T = {t}。"
            f"softmax(z / T) 给类别 {k} 的概率是多少？",
        ),
        answer=answer,
        solution=bilingual(
            f"1. Divide the logits by T = {t}: z / T = {fmt(scaled)}.\n"
            f"2. Exponentiate: {fmt(exps)}, whose sum is {fmt(exps.sum())}.\n"
            f"3. p[{k}] = {fmt(exps[k])} / {fmt(exps.sum())} = {fmt(answer)} "
            f"(at T = 1 it would be {fmt(plain)}).",
            f"1. logits 除以 T = {t}：z / T = {fmt(scaled)}。\n"
            f"2. 取指数：{fmt(exps)}，和为 {fmt(exps.sum())}。\n"
            f"3. p[{k}] = {fmt(exps[k])} / {fmt(exps.sum())} = {fmt(answer)}"
            f"（T = 1 时为 {fmt(plain)}）。",
        ),
        params={"logits": logits.tolist(), "temperature": temperature, "k": k},
        distractors=(
            Distractor(float(softmax(logits * temperature)[k]), TEMPERATURE_MULTIPLIED),
            Distractor(plain, TEMPERATURE_IGNORED),
            Distractor(plain / temperature, PROBABILITIES_DIVIDED),
        ),
    )


SQUARE_OF_MEAN = Mistake(
    "square-of-mean-error",
    bilingual(
        "Square each error first, then average: mean((ŷ - y)²). Averaging the errors first "
        "lets positive and negative errors cancel.",
        "先把每个误差平方再取平均：mean((ŷ - y)²)。先对误差取平均，正负误差会相互抵消。",
    ),
)
ROOTED = Mistake(
    "square-root-taken",
    bilingual(
        "MSE has no square root; sqrt(MSE) is the root-mean-square error (RMSE).",
        "MSE 不开平方根；sqrt(MSE) 是均方根误差 RMSE。",
    ),
)
N_MINUS_ONE = Mistake(
    "divided-by-n-minus-1",
    bilingual(
        "MSE divides the sum of squared errors by the number of predictions N, not by N - 1 "
        "(that is the sample-variance correction).",
        "MSE 把平方误差之和除以预测个数 N，而不是 N - 1（那是样本方差的修正）。",
    ),
)
ABSOLUTE_ERRORS = Mistake(
    "absolute-errors",
    bilingual(
        "MSE squares the errors; averaging their absolute values gives the mean absolute "
        "error (MAE).",
        "MSE 要把误差平方；对绝对值取平均得到的是平均绝对误差（MAE）。",
    ),
)
NO_BIAS = Mistake(
    "bias-forgotten",
    bilingual(
        "The prediction is ŷ = w·x + b: add the bias b to every prediction before taking "
        "the errors.",
        "预测值是 ŷ = w·x + b：计算误差前，每个预测都要加上偏置 b。",
    ),
)


@template(
    "mse-of-predictions",
    engines=["engine.losses:mse"],
    title=("Mean squared error of predictions", "预测值的均方误差"),
    valid=NON_NEGATIVE,
)
def mse_of_predictions(rng: np.random.Generator) -> Problem:
    """mse = (1/N) Σ_n (ŷ_n - y_n)² for three or four predictions."""
    n = int(rng.integers(3, 5))
    pred = rounded(rng, 0.0, 5.0, size=n)
    target = rounded(rng, 0.0, 5.0, size=n)
    answer = mse(pred, target)
    errors = pred - target
    squares = errors**2
    return Problem(
        prompt=bilingual(
            f"A regression model predicts ŷ = {fmt(pred, 2)} for targets y = {fmt(target, 2)}. "
            "What is the mean squared error?",
            f"回归模型对目标 y = {fmt(target, 2)} 的预测为 ŷ = {fmt(pred, 2)}。均方误差是多少？",
        ),
        answer=answer,
        solution=bilingual(
            f"1. Errors ŷ - y = {fmt(errors)}.\n"
            f"2. Squared: {fmt(squares)}, summing to {fmt(squares.sum())}.\n"
            f"3. Mean over the {n} predictions: {fmt(squares.sum())} / {n} = {fmt(answer)}.",
            f"1. 误差 ŷ - y = {fmt(errors)}。\n"
            f"2. 平方：{fmt(squares)}，和为 {fmt(squares.sum())}。\n"
            f"3. 对 {n} 个预测取平均：{fmt(squares.sum())} / {n} = {fmt(answer)}。",
        ),
        params={"pred": pred.tolist(), "target": target.tolist()},
        distractors=(
            Distractor(n * answer, SUM_NOT_MEAN),
            Distractor(mse(pred.mean(keepdims=True), target.mean(keepdims=True)), SQUARE_OF_MEAN),
            Distractor(math.sqrt(answer), ROOTED),
            Distractor(n * answer / (n - 1), N_MINUS_ONE, optional=True),
            Distractor(float(np.abs(errors).mean()), ABSOLUTE_ERRORS, optional=True),
        ),
    )


@template(
    "mse-of-a-line",
    engines=["engine.losses:mse"],
    title=("Mean squared error of a line fit", "直线拟合的均方误差"),
    valid=NON_NEGATIVE,
)
def mse_of_a_line(rng: np.random.Generator) -> Problem:
    """mse = (1/N) Σ_n (w·x_n + b - y_n)² for three points."""
    w = float(rng.choice([-1.5, -1.0, -0.5, 0.5, 1.0, 1.5, 2.0]))
    b = float(rng.choice([-2.0, -1.0, -0.5, 0.5, 1.0, 2.0]))
    x = np.sort(rng.choice(np.arange(0, 5), size=3, replace=False)).astype(float)
    y = rounded(rng, -3.0, 6.0, size=3)
    pred = w * x + b
    answer = mse(pred, y)
    errors = pred - y
    squares = errors**2
    slope = {1.0: "", -1.0: "-"}.get(w, f"{fmt(w)}·")
    line = f"{slope}x {'+' if b > 0 else '-'} {fmt(abs(b))}"
    return Problem(
        prompt=bilingual(
            f"A model predicts with the line ŷ = {line}. The data are the points x = {fmt(x)}, "
            f"y = {fmt(y, 2)}. What is the line's mean squared error on these three points?",
            f"模型用直线 ŷ = {line} 做预测。数据为点 x = {fmt(x)}，y = {fmt(y, 2)}。"
            "这条直线在这三个点上的均方误差是多少？",
        ),
        answer=answer,
        solution=bilingual(
            f"1. Predictions ŷ = {line} = {fmt(pred)}.\n"
            f"2. Errors ŷ - y = {fmt(errors)}; squared: {fmt(squares)}.\n"
            f"3. Mean: {fmt(squares.sum())} / 3 = {fmt(answer)}.",
            f"1. 预测 ŷ = {line} = {fmt(pred)}。\n"
            f"2. 误差 ŷ - y = {fmt(errors)}；平方：{fmt(squares)}。\n"
            f"3. 平均：{fmt(squares.sum())} / 3 = {fmt(answer)}。",
        ),
        params={"w": w, "b": b, "x": x.tolist(), "y": y.tolist()},
        distractors=(
            Distractor(mse(w * x, y), NO_BIAS),
            Distractor(3 * answer, SUM_NOT_MEAN),
            Distractor(mse(pred.mean(keepdims=True), y.mean(keepdims=True)), SQUARE_OF_MEAN),
            Distractor(1.5 * answer, N_MINUS_ONE, optional=True),
            Distractor(float(np.abs(errors).mean()), ABSOLUTE_ERRORS, optional=True),
        ),
    )


LABEL_IGNORED = Mistake(
    "label-ignored",
    bilingual(
        "For an example with y = 0 the loss is -ln(1 - p), not -ln p: binary cross-entropy "
        "takes the log of the probability given to the true label.",
        "对 y = 0 的样本，损失是 -ln(1 - p)，而不是 -ln p："
        "二元交叉熵取的是真实标签所得概率的对数。",
    ),
)
LABELS_FLIPPED = Mistake(
    "labels-flipped",
    bilingual(
        "p = sigmoid(z) is the probability of class 1: use -ln p when y = 1 and "
        "-ln(1 - p) when y = 0, not the other way round.",
        "p = sigmoid(z) 是类别 1 的概率：y = 1 时用 -ln p，y = 0 时用 -ln(1 - p)，不要反过来。",
    ),
)


@template(
    "bce-of-probabilities",
    engines=["engine.losses:binary_cross_entropy"],
    title=("Binary cross-entropy of three predictions", "三个预测的二元交叉熵"),
    valid=NON_NEGATIVE,
)
def bce_of_probabilities(rng: np.random.Generator) -> Problem:
    """loss = -(1/N) Σ_n [y_n ln p_n + (1 - y_n) ln(1 - p_n)] for three examples."""
    p = rounded(rng, 0.1, 0.95, size=3)
    y = rng.permutation([1.0, 0.0, float(rng.integers(2))])
    answer = binary_cross_entropy(p, y)
    terms = -(y * np.log(p) + (1 - y) * np.log(1 - p))
    lines_en = [
        f"example {n}: y = {int(label)}, so -ln {fmt(q if label else 1 - q)} = {fmt(term)}"
        for n, (q, label, term) in enumerate(zip(p, y, terms, strict=True))
    ]
    lines_zh = [
        f"样本 {n}：y = {int(label)}，-ln {fmt(q if label else 1 - q)} = {fmt(term)}"
        for n, (q, label, term) in enumerate(zip(p, y, terms, strict=True))
    ]
    return Problem(
        prompt=bilingual(
            f"A binary classifier gives the probabilities p = {fmt(p, 2)} of class 1 to three "
            f"examples whose labels are y = {fmt(y)}. What is the binary cross-entropy loss "
            "(natural log, mean over the examples)?",
            f"二分类器对三个样本给出类别 1 的概率 p = {fmt(p, 2)}，它们的标签为 y = {fmt(y)}。"
            "二元交叉熵损失（自然对数，对样本取平均）是多少？",
        ),
        answer=answer,
        solution=bilingual(
            "1. Each example's loss is -ln of the probability given to its label: "
            + "; ".join(lines_en)
            + f".\n2. Mean: {fmt(terms.sum())} / 3 = {fmt(answer)}.",
            "1. 每个样本的损失是其标签所得概率的 -ln："
            + "；".join(lines_zh)
            + f"。\n2. 平均：{fmt(terms.sum())} / 3 = {fmt(answer)}。",
        ),
        params={"p": p.tolist(), "y": y.tolist()},
        distractors=(
            Distractor(binary_cross_entropy(p, np.ones_like(y)), LABEL_IGNORED),
            Distractor(answer / math.log(2), LOG_BASE_2),
            Distractor(3 * answer, SUM_NOT_MEAN),
            Distractor(answer / math.log(10), LOG_BASE_10, optional=True),
            Distractor(float(np.mean(1 - np.where(y == 1, p, 1 - p))), ONE_MINUS_P, optional=True),
        ),
    )


@template(
    "bce-of-logits",
    engines=["engine.losses:binary_cross_entropy"],
    title=("Binary cross-entropy from logits", "由 logits 计算二元交叉熵"),
    valid=NON_NEGATIVE,
)
def bce_of_logits(rng: np.random.Generator) -> Problem:
    """loss = -(1/2) Σ_n [y_n ln σ(z_n) + (1 - y_n) ln(1 - σ(z_n))] for two examples."""
    z = rounded(rng, -3.0, 3.0, size=2)
    y = rng.integers(2, size=2).astype(float)
    p = sigmoid(z)
    answer = binary_cross_entropy(p, y)
    picked = np.where(y == 1, p, 1 - p)
    terms = -np.log(picked)
    return Problem(
        prompt=bilingual(
            f"A binary classifier outputs the logits z = {fmt(z, 2)} for two examples with "
            f"labels y = {fmt(y)}; p = sigmoid(z) is the probability of class 1. What is the "
            "binary cross-entropy loss (natural log, mean over the examples)?",
            f"二分类器对两个样本输出 logits z = {fmt(z, 2)}，标签为 y = {fmt(y)}；"
            "p = sigmoid(z) 是类别 1 的概率。二元交叉熵损失（自然对数，对样本取平均）是多少？",
        ),
        answer=answer,
        solution=bilingual(
            f"1. p = sigmoid(z) = 1 / (1 + e^(-z)) = {fmt(p)}.\n"
            f"2. The probability given to each true label (p if y = 1, 1 - p if y = 0): "
            f"{fmt(picked)}.\n"
            f"3. Their -ln: {fmt(terms)}; mean: {fmt(terms.sum())} / 2 = {fmt(answer)}.",
            f"1. p = sigmoid(z) = 1 / (1 + e^(-z)) = {fmt(p)}。\n"
            f"2. 每个真实标签所得的概率（y = 1 取 p，y = 0 取 1 - p）：{fmt(picked)}。\n"
            f"3. 取 -ln：{fmt(terms)}；平均：{fmt(terms.sum())} / 2 = {fmt(answer)}。",
        ),
        params={"z": z.tolist(), "y": y.tolist()},
        distractors=(
            Distractor(binary_cross_entropy(p, 1 - y), LABELS_FLIPPED),
            Distractor(answer / math.log(2), LOG_BASE_2),
            Distractor(2 * answer, SUM_NOT_MEAN),
            Distractor(answer / math.log(10), LOG_BASE_10, optional=True),
            Distractor(float(np.mean(1 - picked)), ONE_MINUS_P, optional=True),
        ),
    )
