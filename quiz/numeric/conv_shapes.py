"""Numeric templates for the shape arithmetic of engine.conv: dilated output sizes, the
receptive field of a stack, and a layer's parameter count."""

from __future__ import annotations

import math

import numpy as np

from engine.conv import conv_output_size, conv_parameter_count, receptive_field
from quiz.numeric.base import (
    NON_NEGATIVE,
    Degenerate,
    Distractor,
    Mistake,
    Problem,
    bilingual,
    fmt,
    template,
    unique,
)

DILATION_FORGOTTEN = Mistake(
    "dilation-forgotten",
    bilingual(
        "A dilated kernel spans d(k − 1) + 1 input positions, not k: "
        "out = ⌊(n + 2p − d(k − 1) − 1) / s⌋ + 1.",
        "空洞卷积核覆盖 d(k − 1) + 1 个输入位置，而不是 k 个："
        "out = ⌊(n + 2p − d(k − 1) − 1) / s⌋ + 1。",
    ),
)
DILATION_TIMES_KERNEL = Mistake(
    "dilation-times-kernel",
    bilingual(
        "Dilation inserts d − 1 gaps between the k taps, so the span is d(k − 1) + 1, not d·k.",
        "空洞卷积在 k 个抽头之间插入 d − 1 个空隙，所以跨度是 d(k − 1) + 1，而不是 d·k。",
    ),
)
NO_PLUS_ONE = Mistake(
    "no-plus-one",
    bilingual(
        "The floor counts the strides from the first window to the last; add 1 for the "
        "number of windows.",
        "向下取整得到的是从第一个窗口到最后一个窗口的步数；窗口个数还要加 1。",
    ),
)
PADDING_ONCE = Mistake(
    "padding-on-one-side",
    bilingual(
        "Padding p is added on both sides of the input: n + 2p, not n + p.",
        "补零 p 加在输入的两侧：n + 2p，而不是 n + p。",
    ),
)
STRIDE_IGNORED = Mistake(
    "stride-ignored",
    bilingual(
        "A stride of s moves the window s positions at a time: divide by s before adding 1.",
        "步幅为 s 时窗口每次移动 s 个位置：加 1 之前要先除以 s。",
    ),
)
CEIL_NOT_FLOOR = Mistake(
    "ceil-not-floor",
    bilingual(
        "A window that would run past the padded input is dropped: round the division down "
        "(floor), not up.",
        "超出补零后输入范围的窗口会被丢弃：除法要向下取整，而不是向上取整。",
    ),
)
STRIDES_IGNORED = Mistake(
    "strides-ignored",
    bilingual(
        "After a stride-s layer, neighbouring positions are s input positions apart, so every "
        "later kernel widens the field s times as much.",
        "经过步幅为 s 的层后，相邻位置在输入上相隔 s 个位置，之后每一层核扩大的范围都要乘以 s。",
    ),
)
OWN_STRIDE_COUNTED = Mistake(
    "own-stride-counted",
    bilingual(
        "A layer's kernel is spread by the strides of the layers before it, not by its own "
        "stride: r = 1 + Σ_l (k_l − 1) Π_{i<l} s_i.",
        "某一层的核只被它之前各层的步幅放大，而不包括它自己的步幅："
        "r = 1 + Σ_l (k_l − 1) Π_{i<l} s_i。",
    ),
)
OUTPUT_POSITION_FORGOTTEN = Mistake(
    "output-position-forgotten",
    bilingual(
        "Start from 1, the output position itself: r = 1 + Σ_l (k_l − 1) Π_{i<l} s_i.",
        "要从 1 开始（输出位置本身）：r = 1 + Σ_l (k_l − 1) Π_{i<l} s_i。",
    ),
)
FULL_KERNEL_SPREAD = Mistake(
    "k-not-k-minus-one",
    bilingual(
        "A layer adds k − 1 new positions at the spacing of the earlier strides, not k: the "
        "window's first position is already in the field.",
        "每一层在之前各层步幅的间距上只增加 k − 1 个新位置，而不是 k 个："
        "窗口的第一个位置已经在感受野里了。",
    ),
)
KERNELS_SUMMED = Mistake(
    "kernels-summed",
    bilingual(
        "Adjacent windows overlap: each layer adds k − 1 positions to the field, not k.",
        "相邻窗口是重叠的：每一层只给感受野增加 k − 1 个位置，而不是 k 个。",
    ),
)
BIAS_FORGOTTEN = Mistake(
    "bias-forgotten",
    bilingual(
        "Each output channel also has one bias.",
        "每个输出通道还有一个偏置。",
    ),
)
INPUT_CHANNELS_FORGOTTEN = Mistake(
    "input-channels-forgotten",
    bilingual(
        "Each filter spans all input channels: it has c_in · k · k weights.",
        "每个滤波器覆盖全部输入通道：它有 c_in · k · k 个权重。",
    ),
)
KERNEL_NOT_SQUARED = Mistake(
    "kernel-not-squared",
    bilingual(
        "A k×k kernel has k² weights per input channel, not k.",
        "k×k 的卷积核在每个输入通道上有 k² 个权重，而不是 k 个。",
    ),
)

BIAS_PER_INPUT_CHANNEL = Mistake(
    "bias-per-input-channel",
    bilingual(
        "Each output channel has one bias, shared over its input channels: c_out biases, "
        "not c_out · c_in.",
        "每个输出通道只有一个偏置，由其所有输入通道共享：共 c_out 个，而不是 c_out · c_in 个。",
    ),
)
BIAS_PER_KERNEL_POSITION = Mistake(
    "bias-per-kernel-position",
    bilingual(
        "The bias is added once per output channel, not once per kernel position: c_out "
        "biases, not c_out · k · k.",
        "偏置每个输出通道加一次，而不是每个核位置加一次：共 c_out 个，而不是 c_out · k · k 个。",
    ),
)


@template(
    "dilated-conv-output-size",
    engines=["engine.conv:conv_output_size"],
    title=("Output size of a dilated, strided convolution", "带空洞和步幅的卷积的输出尺寸"),
    rel=0.0,
    abs=0.5,
    integer=True,
    valid=NON_NEGATIVE,
)
def dilated_conv_output_size(rng: np.random.Generator) -> Problem:
    """out = ⌊(n + 2p − d(k − 1) − 1) / s⌋ + 1."""
    kernel = int(rng.choice([3, 5]))
    dilation = int(rng.integers(2, 4))
    stride = int(rng.integers(1, 3))
    padding = int(rng.integers(0, dilation * (kernel - 1) // 2 + 1))
    n = int(rng.integers(dilation * kernel + 2, 65))
    out = float(conv_output_size(n, kernel, stride, padding, dilation))
    span = dilation * (kernel - 1) + 1
    numerator = n + 2 * padding - span
    times_kernel = (n + 2 * padding - dilation * kernel) // stride + 1
    return Problem(
        prompt=bilingual(
            f"A convolution with kernel size k = {kernel}, dilation d = {dilation}, stride "
            f"s = {stride} and padding p = {padding} is applied to an input of length n = {n}. "
            "What is the output length?",
            f"对长度 n = {n} 的输入做卷积：核大小 k = {kernel}，空洞率 d = {dilation}，"
            f"步幅 s = {stride}，补零 p = {padding}。输出长度是多少？",
        ),
        answer=out,
        solution=bilingual(
            f"1. The dilated kernel spans d(k − 1) + 1 = {dilation}·{kernel - 1} + 1 = {span}.\n"
            f"2. out = ⌊(n + 2p − {span}) / s⌋ + 1 = ⌊{numerator} / {stride}⌋ + 1 = {fmt(out)}.",
            f"1. 空洞卷积核的跨度为 d(k − 1) + 1 = {dilation}·{kernel - 1} + 1 = {span}。\n"
            f"2. out = ⌊(n + 2p − {span}) / s⌋ + 1 = ⌊{numerator} / {stride}⌋ + 1 = {fmt(out)}。",
        ),
        params={
            "n": n,
            "kernel": kernel,
            "stride": stride,
            "padding": padding,
            "dilation": dilation,
        },
        distractors=unique(
            out,
            Distractor(float(conv_output_size(n, kernel, stride, padding)), DILATION_FORGOTTEN),
            Distractor(float(times_kernel), DILATION_TIMES_KERNEL),
            Distractor(out - 1, NO_PLUS_ONE),
            Distractor(float((n + padding - span) // stride + 1), PADDING_ONCE),
            Distractor(float(numerator + 1), STRIDE_IGNORED),
            Distractor(float(-(-numerator // stride) + 1), CEIL_NOT_FLOOR),
        ),
    )


@template(
    "receptive-field-of-a-stack",
    engines=["engine.conv:receptive_field"],
    title=("Receptive field of stacked layers", "堆叠层的感受野"),
    rel=0.0,
    abs=0.5,
    integer=True,
    valid=NON_NEGATIVE,
)
def receptive_field_of_a_stack(rng: np.random.Generator) -> Problem:
    """r = 1 + Σ_l (k_l − 1) Π_{i<l} s_i."""
    layers = int(rng.integers(3, 5))
    kernels = [int(k) for k in rng.choice([2, 3, 5], size=layers)]
    strides = [int(s) for s in rng.choice([1, 2], size=layers)]
    if all(s == 1 for s in strides[:-1]):
        raise Degenerate("a stride before the last layer must matter")
    answer = float(receptive_field(kernels, strides))
    jumps = [math.prod(strides[:i]) for i in range(layers)]
    own = 1 + sum((k - 1) * math.prod(strides[: i + 1]) for i, k in enumerate(kernels))
    table_en = ", ".join(
        f"layer {i + 1}: k = {k}, s = {s}"
        for i, (k, s) in enumerate(zip(kernels, strides, strict=True))
    )
    table_zh = "，".join(
        f"第 {i + 1} 层：k = {k}，s = {s}"
        for i, (k, s) in enumerate(zip(kernels, strides, strict=True))
    )
    terms = " + ".join(f"{k - 1}·{jump}" for k, jump in zip(kernels, jumps, strict=True))
    return Problem(
        prompt=bilingual(
            f"A stack of 1-D convolution and pooling layers ({table_en}) is applied to a "
            "signal. How many input positions does one output of the last layer depend on "
            "(its receptive field)?",
            f"对一个信号依次应用若干一维卷积和池化层（{table_zh}）。最后一层的一个输出依赖多少个"
            "输入位置（即感受野大小）？",
        ),
        answer=answer,
        solution=bilingual(
            f"1. Layer l widens the field by (k_l − 1) times the product of the earlier "
            f"strides: {fmt(jumps)}.\n"
            f"2. r = 1 + {terms} = {fmt(answer)}.",
            f"1. 第 l 层使感受野增加 (k_l − 1) 乘以它之前各层步幅之积：{fmt(jumps)}。\n"
            f"2. r = 1 + {terms} = {fmt(answer)}。",
        ),
        params={"kernels": kernels, "strides": strides},
        distractors=unique(
            answer,
            Distractor(float(1 + sum(k - 1 for k in kernels)), STRIDES_IGNORED),
            Distractor(float(own), OWN_STRIDE_COUNTED),
            Distractor(float(sum(kernels)), KERNELS_SUMMED),
            Distractor(answer - 1, OUTPUT_POSITION_FORGOTTEN),
            Distractor(
                float(1 + sum(k * jump for k, jump in zip(kernels, jumps, strict=True))),
                FULL_KERNEL_SPREAD,
            ),
        ),
    )


@template(
    "conv-layer-parameters",
    engines=["engine.conv:conv_parameter_count"],
    title=("Learnable parameters of nn.Conv2d", "nn.Conv2d 的可学习参数量"),
    rel=0.0,
    abs=0.5,
    integer=True,
    valid=NON_NEGATIVE,
)
def conv_layer_parameters(rng: np.random.Generator) -> Problem:
    """c_out · c_in · k · k + c_out."""
    c_in = int(rng.choice([1, 3, 8, 16, 32, 64]))
    c_out = int(rng.choice([8, 16, 32, 64, 128]))
    k = int(rng.choice([1, 3, 5, 7]))
    if k == 1 or c_in == 1:
        raise Degenerate("k = 1 or one input channel hides a mistake")
    answer = float(conv_parameter_count(c_in, c_out, k))
    weights = c_out * c_in * k * k
    return Problem(
        prompt=bilingual(
            f"How many learnable parameters does nn.Conv2d({c_in}, {c_out}, kernel_size={k}) "
            "have (bias included, as by default)?",
            f"nn.Conv2d({c_in}, {c_out}, kernel_size={k}) 有多少个可学习参数（默认包含偏置）？",
        ),
        answer=answer,
        solution=bilingual(
            f"1. Weights: c_out · c_in · k · k = {c_out} · {c_in} · {k} · {k} = {fmt(weights)}.\n"
            f"2. Biases: one per output channel, {c_out}. Total {fmt(weights)} + {c_out} = "
            f"{fmt(answer)}.",
            f"1. 权重：c_out · c_in · k · k = {c_out} · {c_in} · {k} · {k} = {fmt(weights)}。\n"
            f"2. 偏置：每个输出通道一个，共 {c_out} 个。"
            f"合计 {fmt(weights)} + {c_out} = {fmt(answer)}。",
        ),
        params={"c_in": c_in, "c_out": c_out, "k": k},
        distractors=(
            Distractor(float(weights), BIAS_FORGOTTEN),
            Distractor(float(c_out * k * k + c_out), INPUT_CHANNELS_FORGOTTEN),
            Distractor(float(c_out * c_in * k + c_out), KERNEL_NOT_SQUARED),
            Distractor(float(weights + c_out * c_in), BIAS_PER_INPUT_CHANNEL),
            Distractor(float(weights + c_out * k * k), BIAS_PER_KERNEL_POSITION),
        ),
    )


COUNT_WORDS = {2: "two", 3: "three", 4: "four", 5: "five"}
"""A small count before a number-led noun ("four 1-D convolutions", not "4 1-D convolutions")."""
DILATED_OUTPUT_POSITION_FORGOTTEN = Mistake(
    "output-position-forgotten",
    bilingual(
        "Start from 1, the output position itself: r = 1 + Σ_l d_l (k − 1).",
        "要从 1 开始（输出位置本身）：r = 1 + Σ_l d_l (k − 1)。",
    ),
)
DILATION_IGNORED = Mistake(
    "dilation-ignored",
    bilingual(
        "A dilated kernel of size k spans d(k − 1) + 1 input positions, so each layer widens the "
        "field by d(k − 1), not by k − 1.",
        "空洞卷积核覆盖 d(k − 1) + 1 个输入位置，所以每一层使感受野增加 d(k − 1)，而不是 k − 1。",
    ),
)
DILATED_SPAN_TIMES_KERNEL = Mistake(
    "dilated-span-d-times-k",
    bilingual(
        "Dilation puts d − 1 gaps between the k taps: the span is d(k − 1) + 1, not d · k.",
        "空洞卷积在 k 个抽头之间插入 d − 1 个空隙：跨度是 d(k − 1) + 1，而不是 d · k。",
    ),
)
DILATION_AS_STRIDE = Mistake(
    "dilation-as-stride",
    bilingual(
        "Dilation spreads one layer's own taps; it does not space out the later layers the "
        "way a stride does. With stride 1 each layer adds d(k − 1) on its own.",
        "空洞率只拉开本层自己的抽头；它不像步幅那样拉大后面各层的间距。"
        "步幅为 1 时每层各自增加 d(k − 1)。",
    ),
)
SPANS_ADDED = Mistake(
    "spans-added",
    bilingual(
        "Each layer adds its span minus one, d(k − 1), to the field: adjacent windows "
        "share their first position, so the spans do not simply add up.",
        "每一层给感受野增加的是跨度减一，即 d(k − 1)：相邻窗口共享第一个位置，跨度不能直接相加。",
    ),
)


@template(
    "receptive-field-with-dilation",
    engines=["engine.conv:receptive_field"],
    title=("Receptive field of dilated convolutions", "空洞卷积的感受野"),
    rel=0.0,
    abs=0.5,
    integer=True,
    valid=NON_NEGATIVE,
)
def receptive_field_with_dilation(rng: np.random.Generator) -> Problem:
    """r = 1 + Σ_l d_l (k − 1) for stride-1 layers (a dilated kernel spans d(k − 1) + 1)."""
    layers = int(rng.integers(2, 5))
    kernel = int(rng.choice([3, 5]))
    dilations = [int(d) for d in rng.choice([1, 2, 3, 4], size=layers)]
    if all(d == 1 for d in dilations):
        raise Degenerate("some layer must be dilated")
    spans = [d * (kernel - 1) + 1 for d in dilations]
    answer = float(receptive_field(spans, [1] * layers))
    table_en = ", ".join(f"d = {d}" for d in dilations)
    table_zh = "、".join(str(d) for d in dilations)
    terms = " + ".join(f"{d}·{kernel - 1}" for d in dilations)
    return Problem(
        prompt=bilingual(
            f"A stack of {COUNT_WORDS[layers]} 1-D convolutions, each with kernel size "
            f"k = {kernel} and stride 1, uses the dilations {table_en} (first layer first). "
            "How many input positions does one output of the last layer depend on (its "
            "receptive field)?",
            f"{layers} 个一维卷积层依次堆叠，每层核大小 k = {kernel}、步幅 1，空洞率依次为 "
            f"{table_zh}。最后一层的一个输出依赖多少个输入位置（即感受野大小）？",
        ),
        answer=answer,
        solution=bilingual(
            f"1. A dilated kernel spans d(k − 1) + 1 positions: {fmt(spans)}.\n"
            f"2. With stride 1 each layer widens the field by d(k − 1): "
            f"r = 1 + {terms} = {fmt(answer)}.",
            f"1. 空洞卷积核覆盖 d(k − 1) + 1 个位置：{fmt(spans)}。\n"
            f"2. 步幅为 1 时每一层使感受野增加 d(k − 1)：r = 1 + {terms} = {fmt(answer)}。",
        ),
        params={"kernel": kernel, "dilations": dilations},
        distractors=unique(
            answer,
            Distractor(float(1 + layers * (kernel - 1)), DILATION_IGNORED),
            Distractor(
                float(1 + sum(d * kernel - 1 for d in dilations)), DILATED_SPAN_TIMES_KERNEL
            ),
            Distractor(answer - 1, DILATED_OUTPUT_POSITION_FORGOTTEN),
            Distractor(float(sum(spans)), SPANS_ADDED),
            Distractor(float(receptive_field([kernel] * layers, dilations)), DILATION_AS_STRIDE),
        ),
    )
