"""Numeric templates for engine.conv.global_avg_pool2d: one channel's pooled value, and the
parameters of a classifier layer on the pooled vector.

Y_c = (1/(h·w)) Σᵢ Σⱼ X_c,i,j; a K-class nn.Linear on the c pooled values has c·K + K
parameters, against c·h·w·K + K on the flattened maps. The mistakes: the maximum (global
max pooling), the sum, dividing by h + w or by c·h·w, averaging across channels, the
flattened maps, the bias forgotten or counted per channel, the map size for the channels.
"""

from __future__ import annotations

import numpy as np

from engine.conv import global_avg_pool2d
from quiz.numeric.base import (
    NON_NEGATIVE,
    Degenerate,
    Distractor,
    Mistake,
    Problem,
    bilingual,
    fmt,
    near_halfway,
    template,
    unique,
)

ENGINE = "engine.conv:global_avg_pool2d"

MAX_NOT_AVERAGE = Mistake(
    "max-not-average",
    bilingual(
        "That is global MAX pooling; global average pooling takes the mean of the channel's map.",
        "那是全局最大池化；全局平均池化取的是该通道特征图的平均值。",
    ),
)
SUM_NOT_AVERAGE = Mistake(
    "sum-not-average",
    bilingual(
        "Divide the sum by the number of positions h·w: Y_c = (1/(h·w)) Σ X_c.",
        "总和要除以位置数 h·w：Y_c = (1/(h·w)) Σ X_c。",
    ),
)
DIVIDED_BY_H_PLUS_W = Mistake(
    "divided-by-h-plus-w",
    bilingual(
        "An h×w map has h·w positions, not h + w: divide the sum by h·w.",
        "h×w 的特征图有 h·w 个位置，而不是 h + w 个：总和要除以 h·w。",
    ),
)
ACROSS_CHANNELS = Mistake(
    "averaged-across-channels",
    bilingual(
        "Global average pooling averages each channel SEPARATELY, over its own h×w map, giving "
        "one number per channel.",
        "全局平均池化对每个通道分别在它自己的 h×w 特征图上求平均，每个通道得到一个数。",
    ),
)
DIVIDED_BY_ALL = Mistake(
    "divided-by-every-value",
    bilingual(
        "Each channel's sum is divided by its own h·w positions, not by the c·h·w values of "
        "the whole tensor.",
        "每个通道的总和除以它自己的 h·w 个位置，而不是整个张量的 c·h·w 个值。",
    ),
)
FLATTENED = Mistake(
    "flattened-not-pooled",
    bilingual(
        "After global average pooling the layer sees c numbers, not the c·h·w values of the "
        "flattened maps: c·K + K parameters.",
        "全局平均池化之后，该层看到的是 c 个数，而不是展平后的 c·h·w 个值：参数量为 c·K + K。",
    ),
)
BIAS_FORGOTTEN = Mistake(
    "bias-forgotten",
    bilingual(
        "nn.Linear also has one bias per output class: c·K + K.",
        "nn.Linear 还要为每个输出类别配一个偏置：c·K + K。",
    ),
)
BIAS_PER_CHANNEL = Mistake(
    "bias-per-channel",
    bilingual(
        "The biases belong to the outputs, one per class (K), not to the inputs (c).",
        "偏置属于输出，每个类别一个（K 个），而不是每个输入通道一个（c 个）。",
    ),
)
MAP_SIZE_FOR_CHANNELS = Mistake(
    "map-size-for-channels",
    bilingual(
        "Pooling removes the h×w positions and keeps the c channels: the layer has c inputs.",
        "池化去掉的是 h×w 个位置，保留 c 个通道：该层有 c 个输入。",
    ),
)


@template(
    "global-average-pooling-value",
    engines=[ENGINE],
    title=("A globally average-pooled channel", "全局平均池化后的一个通道"),
)
def global_average_pooling_value(rng: np.random.Generator) -> Problem:
    """Y_c, the mean of channel c's h×w map, for a 2-channel input."""
    h, w = (int(v) for v in rng.choice([2, 3], size=2))
    x = rng.integers(-6, 7, size=(1, 2, h, w)).astype(float)
    c = int(rng.integers(0, 2))
    answer = float(global_avg_pool2d(x)[0, c])
    if answer == 0 or near_halfway(answer, 3) or len(set(x[0, c].ravel())) < 3:
        raise Degenerate("a non-zero mean of a varied map")
    channel = x[0, c]
    total = float(channel.sum())
    maps = "; ".join(f"channel {k + 1}: {fmt(x[0, k])}" for k in range(2))
    maps_zh = "；".join(f"通道 {k + 1}：{fmt(x[0, k])}" for k in range(2))
    return Problem(
        prompt=bilingual(
            f"A convolutional network's last block outputs 2 channels of {h}×{w} maps ({maps}, "
            f"rows top to bottom). Global average pooling turns them into a vector of length 2. "
            f"What is its entry for channel {c + 1}?",
            f"一个卷积网络的最后一个块输出 2 个通道的 {h}×{w} 特征图（{maps_zh}，各行自上而下）。"
            f"全局平均池化把它们变成长度为 2 的向量。通道 {c + 1} 对应的分量是多少？",
        ),
        answer=answer,
        solution=bilingual(
            f"1. Sum of channel {c + 1}'s map: {fmt(total)}.\n"
            f"2. Y = sum / (h·w) = {fmt(total)} / {h * w} = {fmt(answer)}.",
            f"1. 通道 {c + 1} 特征图的总和：{fmt(total)}。\n"
            f"2. Y = 总和 / (h·w) = {fmt(total)} / {h * w} = {fmt(answer)}。",
        ),
        params={"x": x[0].tolist(), "c": c},
        distractors=unique(
            answer,
            Distractor(float(channel.max()), MAX_NOT_AVERAGE),
            Distractor(total, SUM_NOT_AVERAGE),
            Distractor(total / (h + w), DIVIDED_BY_H_PLUS_W) if h * w != h + w else None,
            Distractor(float(x.mean()), ACROSS_CHANNELS),
            Distractor(total / x.size, DIVIDED_BY_ALL),
        ),
    )


@template(
    "global-average-pooling-head-parameters",
    engines=[ENGINE],
    title=(
        "The parameters of a classifier after global average pooling",
        "全局平均池化之后分类层的参数量",
    ),
    integer=True,
    rel=0.0,
    abs=0.5,
    valid=NON_NEGATIVE,
)
def global_average_pooling_head_parameters(rng: np.random.Generator) -> Problem:
    """A K-class nn.Linear on the c pooled values: c·K + K."""
    c = int(rng.choice([64, 128, 256, 512, 1024, 2048]))
    side = int(rng.choice([4, 7, 8, 14]))
    classes = int(rng.choice([10, 100, 200, 1000]))
    pooled = global_avg_pool2d(np.zeros((1, c, side, side)))  # (1, c): one number per channel
    features = pooled.shape[1]
    answer = float(features * classes + classes)
    if side * side == c:
        raise Degenerate("the map size must differ from the channel count")
    return Problem(
        prompt=bilingual(
            f"A CNN ends with {fmt(c)} feature maps of size {side}×{side}. Global average "
            f"pooling is followed by a fully connected layer (nn.Linear, with bias) to "
            f"{fmt(classes)} classes. How many parameters does that layer have?",
            f"一个 CNN 最后输出 {fmt(c)} 张 {side}×{side} 的特征图。全局平均池化之后接一个到 "
            f"{fmt(classes)} 个类别的全连接层（nn.Linear，带偏置）。该层有多少个参数？",
        ),
        answer=answer,
        solution=bilingual(
            f"1. Global average pooling leaves one number per channel: {fmt(c)} inputs.\n"
            f"2. Weights {fmt(c)} × {fmt(classes)}, plus {fmt(classes)} biases: "
            f"{fmt(answer)}.",
            f"1. 全局平均池化后每个通道剩一个数：{fmt(c)} 个输入。\n"
            f"2. 权重 {fmt(c)} × {fmt(classes)}，加上 {fmt(classes)} 个偏置：{fmt(answer)}。",
        ),
        params={"c": c, "side": side, "classes": classes},
        distractors=unique(
            answer,
            Distractor(float(c * side * side * classes + classes), FLATTENED),
            Distractor(float(c * classes), BIAS_FORGOTTEN),
            Distractor(float(c * classes + c), BIAS_PER_CHANNEL),
            Distractor(float(side * side * classes + classes), MAP_SIZE_FOR_CHANNELS),
        ),
    )
