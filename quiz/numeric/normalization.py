"""Numeric templates for engine.normalization: batch norm in training and evaluation, and
the running-mean update."""

from __future__ import annotations

import numpy as np

from engine.normalization import batch_norm
from quiz.numeric.base import (
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

ENGINE = "engine.normalization:batch_norm"
EPS = 1e-5

UNBIASED_VARIANCE = Mistake(
    "unbiased-variance",
    bilingual(
        "In training, batch norm normalizes with the biased variance: divide the squared "
        "deviations by m, not by m − 1 (the unbiased one only feeds the running variance).",
        "训练时批归一化用有偏方差做归一化：平方偏差之和除以 m，而不是 m − 1"
        "（无偏方差只用于更新滑动方差）。",
    ),
)
VARIANCE_NOT_STD = Mistake(
    "variance-not-std",
    bilingual(
        "Divide by the standard deviation sqrt(var + ε), not by the variance itself.",
        "要除以标准差 sqrt(var + ε)，而不是方差本身。",
    ),
)
AFFINE_FORGOTTEN = Mistake(
    "affine-forgotten",
    bilingual(
        "After normalizing, scale by γ and shift by β: y = γ x̂ + β.",
        "归一化之后还要乘以 γ、加上 β：y = γ x̂ + β。",
    ),
)
BATCH_STATISTICS_IN_EVAL = Mistake(
    "batch-statistics-in-eval",
    bilingual(
        "In evaluation mode batch norm uses the running mean and variance, not the "
        "statistics of the current batch (a prediction must not depend on its batch-mates).",
        "评估模式下批归一化使用滑动均值和滑动方差，而不是当前批次的统计量"
        "（一个预测不应依赖同批的其他样本）。",
    ),
)
MOMENTUM_SWAPPED = Mistake(
    "momentum-swapped",
    bilingual(
        "PyTorch's momentum weights the new batch statistic: "
        "new = (1 − momentum) · old + momentum · batch.",
        "PyTorch 的 momentum 是新批次统计量的权重："
        "新值 = (1 − momentum) · 旧值 + momentum · 批次值。",
    ),
)
NOT_UPDATED = Mistake(
    "running-mean-not-updated",
    bilingual(
        "The running mean is a buffer that the forward pass itself updates in training mode; "
        "it does not wait for the optimizer step or for evaluation.",
        "滑动均值是一个缓冲区，训练模式下前向传播本身就会更新它；不会等到优化器更新或评估时才更新。",
    ),
)
OLD_NOT_DECAYED = Mistake(
    "old-value-not-decayed",
    bilingual(
        "Both terms are weighted: the old value keeps only (1 − momentum) of itself, "
        "new = (1 − momentum) · old + momentum · batch, not old + momentum · batch.",
        "两项都要加权：旧值只保留 (1 − momentum) 的比例，"
        "新值 = (1 − momentum) · 旧值 + momentum · 批次值，而不是 旧值 + momentum · 批次值。",
    ),
)
OLD_FORGOTTEN = Mistake(
    "old-value-forgotten",
    bilingual(
        "The old running mean stays in the average with weight 1 − momentum: "
        "new = (1 − momentum) · old + momentum · batch, not momentum · batch alone.",
        "旧的滑动均值以 1 − momentum 的权重留在平均里："
        "新值 = (1 − momentum) · 旧值 + momentum · 批次值，而不只是 momentum · 批次值。",
    ),
)
REPLACED_NOT_AVERAGED = Mistake(
    "replaced-not-averaged",
    bilingual(
        "The running mean is an exponential moving average: blend the batch mean into the "
        "old value instead of replacing it.",
        "滑动均值是指数滑动平均：把批次均值按比例混入旧值，而不是直接替换。",
    ),
)


def _batch(rng: np.random.Generator) -> np.ndarray:
    """Four readable values of one feature, not all equal."""
    x = rng.integers(-4, 9, size=4).astype(float)
    if np.ptp(x) < 2:
        raise Degenerate("a nearly constant feature has a tiny variance")
    return x


@template(
    "batch-norm-train-output",
    engines=[ENGINE],
    title=("Batch norm in training mode", "训练模式下的批归一化"),
)
def batch_norm_train_output(rng: np.random.Generator) -> Problem:
    """y_i = γ (x_i − mean) / sqrt(var + ε) + β with the batch's biased variance."""
    x = _batch(rng)
    gamma, beta = float(rounded(rng, 0.5, 3.0)), float(rounded(rng, -2.0, 2.0))
    i = int(rng.integers(4))
    if abs(x[i] - x.mean()) < 0.5 or beta == 0:
        raise Degenerate("the asked value must not sit on the mean, and β must show")
    ones = np.ones(1)
    y, _, _ = batch_norm(x[:, None], gamma * ones, beta * ones, 0 * ones, ones, training=True)
    answer = float(y[i, 0])
    mean, var = x.mean(), x.var()
    x_hat = (x[i] - mean) / np.sqrt(var + EPS)
    unbiased = gamma * (x[i] - mean) / np.sqrt(x.var(ddof=1) + EPS) + beta
    return Problem(
        prompt=bilingual(
            f"A BatchNorm1d layer with one feature, γ = {fmt(gamma)}, β = {fmt(beta)} and "
            f"ε = 1e-5 is in training mode. The batch holds the values x = {fmt(x)}. "
            f"What is its output for the value x_{i + 1} = {fmt(x[i])}?",
            f"一个单特征的 BatchNorm1d 层处于训练模式，γ = {fmt(gamma)}，β = {fmt(beta)}，"
            f"ε = 1e-5。该批次的取值为 x = {fmt(x)}。"
            f"第 {i + 1} 个值 x = {fmt(x[i])} 的输出是多少？",
        ),
        answer=answer,
        solution=bilingual(
            f"1. Batch mean: {fmt(mean)}; biased variance (divide by m = 4): {fmt(var)}.\n"
            f"2. x̂ = ({fmt(x[i])} − {factor(mean)}) / sqrt({fmt(var)} + ε) = {fmt(x_hat)}.\n"
            f"3. y = γ x̂ + β = {fmt(gamma)} × {factor(x_hat)} + {factor(beta)} = {fmt(answer)}.",
            f"1. 批次均值：{fmt(mean)}；有偏方差（除以 m = 4）：{fmt(var)}。\n"
            f"2. x̂ = ({fmt(x[i])} − {factor(mean)}) / sqrt({fmt(var)} + ε) = {fmt(x_hat)}。\n"
            f"3. y = γ x̂ + β = {fmt(gamma)} × {factor(x_hat)} + {factor(beta)} = {fmt(answer)}。",
        ),
        params={"x": x.tolist(), "gamma": gamma, "beta": beta, "index": i, "eps": EPS},
        distractors=(
            Distractor(float(unbiased), UNBIASED_VARIANCE),
            Distractor(float(gamma * (x[i] - mean) / (var + EPS) + beta), VARIANCE_NOT_STD),
            Distractor(float(x_hat), AFFINE_FORGOTTEN),
        ),
    )


@template(
    "batch-norm-eval-output",
    engines=[ENGINE],
    title=("Batch norm in evaluation mode", "评估模式下的批归一化"),
)
def batch_norm_eval_output(rng: np.random.Generator) -> Problem:
    """y = γ (x − running_mean) / sqrt(running_var + ε) + β, whatever the batch."""
    x = _batch(rng)
    gamma, beta = float(rounded(rng, 0.5, 3.0)), float(rounded(rng, -2.0, 2.0))
    running_mean = float(rounded(rng, -2.0, 4.0))
    running_var = float(rng.choice([0.25, 4.0, 9.0, 16.0, 2.25, 6.25]))
    i = int(rng.integers(4))
    if abs(x[i] - running_mean) < 0.5 or beta == 0:
        raise Degenerate("the value must not sit on the running mean, and β must show")
    ones = np.ones(1)
    y, _, _ = batch_norm(
        x[:, None], gamma * ones, beta * ones, running_mean * ones, running_var * ones, False
    )
    answer = float(y[i, 0])
    y_train, _, _ = batch_norm(x[:, None], gamma * ones, beta * ones, ones, ones, training=True)
    std = np.sqrt(running_var + EPS)
    return Problem(
        prompt=bilingual(
            f"A trained BatchNorm1d layer with one feature has γ = {fmt(gamma)}, β = {fmt(beta)}, "
            f"ε = 1e-5, running mean {fmt(running_mean)} and running variance "
            f"{fmt(running_var)}. In evaluation mode (model.eval()) it receives the batch "
            f"x = {fmt(x)}. What is its output for x_{i + 1} = {fmt(x[i])}?",
            f"一个训练好的单特征 BatchNorm1d 层：γ = {fmt(gamma)}，β = {fmt(beta)}，ε = 1e-5，"
            f"滑动均值 {fmt(running_mean)}，滑动方差 {fmt(running_var)}。在评估模式（model.eval()）"
            f"下它收到批次 x = {fmt(x)}。第 {i + 1} 个值 x = {fmt(x[i])} 的输出是多少？",
        ),
        answer=answer,
        solution=bilingual(
            f"1. Evaluation mode ignores the batch and uses the running statistics.\n"
            f"2. y = γ (x − μ_run) / sqrt(σ²_run + ε) + β = {fmt(gamma)} × "
            f"({fmt(x[i])} − {factor(running_mean)}) / {fmt(std)} + {factor(beta)} "
            f"= {fmt(answer)}.",
            f"1. 评估模式忽略当前批次，使用滑动统计量。\n"
            f"2. y = γ (x − μ_run) / sqrt(σ²_run + ε) + β = {fmt(gamma)} × "
            f"({fmt(x[i])} − {factor(running_mean)}) / {fmt(std)} + {factor(beta)} "
            f"= {fmt(answer)}。",
        ),
        params={
            "x": x.tolist(),
            "gamma": gamma,
            "beta": beta,
            "running_mean": running_mean,
            "running_var": running_var,
            "index": i,
            "eps": EPS,
        },
        distractors=(
            Distractor(float(y_train[i, 0]), BATCH_STATISTICS_IN_EVAL),
            Distractor(
                float(gamma * (x[i] - running_mean) / (running_var + EPS) + beta), VARIANCE_NOT_STD
            ),
            Distractor(float((x[i] - running_mean) / std), AFFINE_FORGOTTEN),
        ),
    )


@template(
    "batch-norm-running-mean",
    engines=[ENGINE],
    title=("Updating batch norm's running mean", "批归一化滑动均值的更新"),
)
def batch_norm_running_mean(rng: np.random.Generator) -> Problem:
    """new = (1 − momentum) · old + momentum · batch mean."""
    x = _batch(rng)
    old = float(rounded(rng, -3.0, 3.0))
    momentum = float(rng.choice([0.1, 0.2, 0.01]))
    ones = np.ones(1)
    _, new_mean, _ = batch_norm(
        x[:, None], ones, 0 * ones, old * ones, ones, training=True, momentum=momentum
    )
    answer = float(new_mean[0])
    mean = float(x.mean())
    if abs(mean - old) < 1:
        raise Degenerate("the batch mean must differ from the old running mean")
    return Problem(
        prompt=bilingual(
            f"A BatchNorm1d layer (momentum = {fmt(momentum)}, PyTorch's convention) has the "
            f"running mean {fmt(old)} for its one feature. A training batch brings the values "
            f"x = {fmt(x)}. What is the running mean after this batch?",
            f"一个 BatchNorm1d 层（momentum = {fmt(momentum)}，PyTorch 的约定）唯一特征的滑动均值"
            f"为 {fmt(old)}。一个训练批次带来取值 x = {fmt(x)}。处理完该批次后，滑动均值是多少？",
        ),
        answer=answer,
        solution=bilingual(
            f"1. Batch mean: {fmt(mean)}.\n"
            f"2. new = (1 − {fmt(momentum)}) × {factor(old)} + {fmt(momentum)} × {factor(mean)} "
            f"= {fmt(answer)}.",
            f"1. 批次均值：{fmt(mean)}。\n"
            f"2. 新值 = (1 − {fmt(momentum)}) × {factor(old)} + {fmt(momentum)} × {factor(mean)} "
            f"= {fmt(answer)}。",
        ),
        params={"x": x.tolist(), "old": old, "momentum": momentum},
        distractors=unique(
            answer,
            Distractor(momentum * old + (1 - momentum) * mean, MOMENTUM_SWAPPED),
            Distractor(mean, REPLACED_NOT_AVERAGED),
            Distractor(old, NOT_UPDATED),
            Distractor(old + momentum * mean, OLD_NOT_DECAYED),
            Distractor(momentum * mean, OLD_FORGOTTEN),
        ),
    )
