"""Numeric templates for engine.conv: output sizes, one output of a small convolution,
parameter counts, and max pooling."""

from __future__ import annotations

import numpy as np

from engine.conv import avg_pool2d, conv2d, conv_output_size, max_pool2d
from quiz.numeric.base import (
    NON_NEGATIVE,
    Distractor,
    Mistake,
    Problem,
    bilingual,
    factor,
    fmt,
    template,
    unique,
)

PADDING_FORGOTTEN = Mistake(
    "padding-forgotten",
    bilingual(
        "Padding adds p positions on each side (zeros for a convolution, −∞ for max pooling), "
        "so the window slides over n + 2p positions: out = ⌊(n + 2p − k) / s⌋ + 1.",
        "填充在两侧各加 p 个位置（卷积填 0，最大池化填 −∞），窗口在 n + 2p 个位置上滑动："
        "out = ⌊(n + 2p − k) / s⌋ + 1。",
    ),
)
STRIDE_FORGOTTEN = Mistake(
    "stride-forgotten",
    bilingual(
        "The window moves s positions at a time: divide n + 2p − k by the stride s (rounding "
        "down) before adding 1.",
        "窗口每次移动 s 个位置：先把 n + 2p − k 除以步幅 s（向下取整），再加 1。",
    ),
)
NO_PLUS_ONE = Mistake(
    "no-plus-one",
    bilingual(
        "⌊(n + 2p − k) / s⌋ counts the steps from the first window to the last; the number "
        "of windows is one more, so add 1.",
        "⌊(n + 2p − k) / s⌋ 数的是从第一个窗口到最后一个窗口移动的步数；窗口个数还要再加 1。",
    ),
)
ROUNDED_UP = Mistake(
    "rounded-up",
    bilingual(
        "A window that would run past the (padded) edge is not used: round (n + 2p − k) / s "
        "down, not up (ceil_mode=False, PyTorch's default).",
        "会越过（补零后）边界的窗口不算：(n + 2p − k) / s 要向下取整，而不是向上"
        "（PyTorch 默认 ceil_mode=False）。",
    ),
)
KERNEL_FORGOTTEN = Mistake(
    "kernel-forgotten",
    bilingual(
        "The last window must fit: subtract the kernel size k before dividing by the stride, "
        "out = ⌊(n + 2p − k) / s⌋ + 1.",
        "最后一个窗口必须放得下：先减去核大小 k 再除以步幅，out = ⌊(n + 2p − k) / s⌋ + 1。",
    ),
)
KERNEL_TWICE = Mistake(
    "kernel-twice",
    bilingual(
        "Subtract the kernel size once: the last window starts k positions before the "
        "padded edge, out = ⌊(n + 2p − k) / s⌋ + 1.",
        "核大小只减一次：最后一个窗口从补零后边界往前 k 个位置开始，out = ⌊(n + 2p − k) / s⌋ + 1。",
    ),
)
STRIDE_TWICE = Mistake(
    "stride-twice",
    bilingual(
        "Divide by the stride once: the window moves s positions per step, "
        "out = ⌊(n + 2p − k) / s⌋ + 1.",
        "只除一次步幅：窗口每步移动 s 个位置，out = ⌊(n + 2p − k) / s⌋ + 1。",
    ),
)
PADDING_TWICE = Mistake(
    "padding-twice",
    bilingual(
        "padding=p adds p positions on each side, 2p in all: the padded size is n + 2p, "
        "not n + 4p.",
        "padding=p 在每侧各加 p 个位置，一共 2p 个：填充后大小是 n + 2p，而不是 n + 4p。",
    ),
)
PADDING_ONE_SIDE = Mistake(
    "padding-one-side",
    bilingual(
        "padding=p adds p positions on both sides of each dimension: n + 2p, not n + p.",
        "padding=p 在每个维度的两侧各加 p 个位置：是 n + 2p，而不是 n + p。",
    ),
)
WINDOWS_COUNTED_AS_N_OVER_K = Mistake(
    "n-over-k",
    bilingual(
        "n / k counts the windows only when they tile the input exactly; use "
        "⌊(n + 2p − k) / s⌋ + 1.",
        "只有窗口恰好铺满输入时，窗口数才是 n / k；一般要用 ⌊(n + 2p − k) / s⌋ + 1。",
    ),
)
POOL_STRIDE_ONE = Mistake(
    "stride-one",
    bilingual(
        "Pooling windows move by the stride, which in nn.MaxPool2d defaults to the kernel "
        "size (non-overlapping windows), not by 1.",
        "池化窗口按步幅移动；nn.MaxPool2d 的步幅默认等于核大小（窗口互不重叠），而不是 1。",
    ),
)
NO_BIAS = Mistake(
    "no-bias",
    bilingual(
        "Each filter also has a bias: it is added once to every output value "
        "(and counts as one parameter per filter).",
        "每个滤波器还有一个偏置：它加到每个输出值上（每个滤波器算一个参数）。",
    ),
)
FLIPPED_KERNEL = Mistake(
    "flipped-kernel",
    bilingual(
        "Deep-learning convolution (nn.Conv2d) is cross-correlation: the kernel is laid on "
        "the window as it is, not flipped.",
        "深度学习中的卷积（nn.Conv2d）其实是互相关：核直接覆盖在窗口上，不翻转。",
    ),
)
ONE_CHANNEL = Mistake(
    "one-channel",
    bilingual(
        "A filter spans every input channel: sum the products over all channels, then add "
        "the bias.",
        "一个滤波器覆盖所有输入通道：要把所有通道的乘积加起来，再加偏置。",
    ),
)
NO_INPUT_CHANNELS = Mistake(
    "no-input-channels",
    bilingual(
        "Each filter has a k×k kernel for every input channel: C·k·k weights, not k·k.",
        "每个滤波器对每个输入通道都有一个 k×k 的核：共 C·k·k 个权重，而不是 k·k。",
    ),
)
KERNEL_NOT_SQUARED = Mistake(
    "kernel-not-squared",
    bilingual(
        "A k×k kernel has k·k weights per input channel, not k.",
        "k×k 的核在每个输入通道上有 k·k 个权重，而不是 k 个。",
    ),
)
BIAS_PER_CHANNEL = Mistake(
    "bias-per-channel",
    bilingual(
        "A filter has one bias, added once to its sum over all channels, not one bias per "
        "input channel.",
        "一个滤波器只有一个偏置，加在它对所有通道求和的结果上，而不是每个输入通道一个偏置。",
    ),
)
PER_POSITION = Mistake(
    "per-position",
    bilingual(
        "Weights are shared: the same filters slide over every position, so the count does "
        "not depend on the image size.",
        "权重是共享的：同一组滤波器在所有位置上滑动，所以参数量与图像大小无关。",
    ),
)
AVERAGE_POOLING = Mistake(
    "average-instead-of-max",
    bilingual(
        "Max pooling keeps the largest value of the window; the mean is average pooling.",
        "最大池化取窗口中的最大值；取平均是平均池化。",
    ),
)
WINDOW_STRIDE = Mistake(
    "window-without-stride",
    bilingual(
        "With stride s, output (i, j) reads the window starting at row s·i, column s·j, "
        "not at (i, j).",
        "步幅为 s 时，输出 (i, j) 对应从第 s·i 行、第 s·j 列开始的窗口，而不是从 (i, j) 开始。",
    ),
)
MIN_POOLING = Mistake(
    "min-instead-of-max",
    bilingual(
        "Max pooling keeps the largest value of the window, not the smallest.",
        "最大池化取窗口中的最大值，而不是最小值。",
    ),
)
SUM_POOLING = Mistake(
    "sum-instead-of-max",
    bilingual(
        "Max pooling keeps the largest value of the window; it does not add the window up.",
        "最大池化取窗口中的最大值，而不是把窗口里的值加起来。",
    ),
)
GLOBAL_MAX = Mistake(
    "global-max",
    bilingual(
        "Each output is the max of its own window only, not of the whole input.",
        "每个输出只取它自己窗口内的最大值，而不是整个输入的最大值。",
    ),
)


def _size_mistakes(n: int, kernel: int, stride: int, padding: int) -> list[Distractor | None]:
    """The output sizes that other slips give: rounding up, and each term of
    ⌊(n + 2p − k) / s⌋ + 1 forgotten or counted twice."""
    span = n + 2 * padding - kernel
    return [
        Distractor(float(-(-span // stride) + 1), ROUNDED_UP, optional=True)
        if span % stride
        else None,
        Distractor(float((n + 2 * padding) // stride + 1), KERNEL_FORGOTTEN, optional=True),
        Distractor(float((span - kernel) // stride + 1), KERNEL_TWICE, optional=True)
        if span > kernel
        else None,
        Distractor(float(span // stride**2 + 1), STRIDE_TWICE, optional=True),
        Distractor(float((n + padding - kernel) // stride + 1), PADDING_ONE_SIDE, optional=True)
        if padding
        else None,
        Distractor(float((span + 2 * padding) // stride + 1), PADDING_TWICE, optional=True)
        if padding
        else None,
    ]


def _size_steps(n: int, kernel: int, stride: int, padding: int, out: float) -> str:
    """The output-size formula with the numbers put in (the same in both languages)."""
    span = n + 2 * padding - kernel
    return (
        f"out = ⌊(n + 2p − k) / s⌋ + 1 = ⌊({n} + 2·{padding} − {kernel}) / {stride}⌋ + 1 "
        f"= ⌊{span} / {stride}⌋ + 1 = {span // stride} + 1 = {fmt(out)}"
    )


@template(
    "conv-output-size",
    engines=["engine.conv:conv_output_size"],
    title=("Output size of a convolution", "卷积的输出尺寸"),
    rel=0.0,
    abs=0.5,
    integer=True,
    valid=NON_NEGATIVE,
)
def conv_output_size_question(rng: np.random.Generator) -> Problem:
    """out = ⌊(n + 2p − k) / s⌋ + 1 for an n×n input."""
    kernel = int(rng.choice([3, 5, 7, 11]))
    stride = int(rng.integers(2, 5))
    padding = int(rng.integers(1, kernel // 2 + 1))
    n = int(rng.integers(kernel + 1, 65))
    out = float(conv_output_size(n, kernel, stride, padding))
    steps = _size_steps(n, kernel, stride, padding, out)
    return Problem(
        prompt=bilingual(
            f"A convolution with kernel size k = {kernel}, stride s = {stride} and padding "
            f"p = {padding} (zeros on each side) is applied to an input of size {n}×{n}. "
            "What is the height (= width) of its output?",
            f"对 {n}×{n} 的输入做卷积：核大小 k = {kernel}，步幅 s = {stride}，"
            f"每边补零 p = {padding}。输出的高（= 宽）是多少？",
        ),
        answer=out,
        solution=bilingual(
            f"{steps}. The output is {fmt(out)}×{fmt(out)}.",
            f"{steps}。输出大小为 {fmt(out)}×{fmt(out)}。",
        ),
        params={"n": n, "kernel": kernel, "stride": stride, "padding": padding},
        distractors=unique(
            out,
            Distractor(float(conv_output_size(n, kernel, stride, 0)), PADDING_FORGOTTEN),
            Distractor(float(conv_output_size(n, kernel, 1, padding)), STRIDE_FORGOTTEN),
            Distractor(out - 1, NO_PLUS_ONE),
            *_size_mistakes(n, kernel, stride, padding),
        ),
    )


@template(
    "max-pool-output-size",
    engines=["engine.conv:max_pool2d", "engine.conv:conv_output_size"],
    title=("Output size of max pooling", "最大池化的输出尺寸"),
    rel=0.0,
    abs=0.5,
    integer=True,
    valid=NON_NEGATIVE,
)
def max_pool_output_size(rng: np.random.Generator) -> Problem:
    """out = ⌊(n + 2p − k) / s⌋ + 1, with the stride defaulting to the kernel size."""
    kernel = int(rng.choice([2, 3]))
    default_stride = bool(rng.random() < 0.5)
    stride = kernel if default_stride else int(rng.integers(2, kernel + 1))
    padding = int(rng.choice([0, 1, 1]))  # padded two times in three: more ways to slip
    n = int(rng.integers(6, 65))
    image = np.zeros((1, 1, n, n))
    out = float(max_pool2d(image, kernel, None if default_stride else stride, padding).shape[-1])
    steps = _size_steps(n, kernel, stride, padding, out)
    arguments = f"kernel_size={kernel}" + ("" if default_stride else f", stride={stride}")
    arguments += f", padding={padding}" if padding else ""
    distractors: list[Distractor | None] = [
        Distractor(float(max_pool2d(image, kernel, 1, padding).shape[-1]), POOL_STRIDE_ONE)
    ]
    if padding:
        no_padding = max_pool2d(image, kernel, stride, 0).shape[-1]
        distractors.append(Distractor(float(no_padding), PADDING_FORGOTTEN))
    distractors.append(Distractor(out - 1, NO_PLUS_ONE))
    distractors.extend(_size_mistakes(n, kernel, stride, padding))
    tiles = float((n + 2 * padding) // kernel)
    distractors.append(
        Distractor(tiles, WINDOWS_COUNTED_AS_N_OVER_K, optional=True) if tiles != out else None
    )
    stride_en = f"The stride is {stride}" + (
        " (the default, = kernel_size)" if default_stride else ""
    )
    stride_zh = f"步幅为 {stride}" + ("（默认值，等于 kernel_size）" if default_stride else "")
    return Problem(
        prompt=bilingual(
            f"PyTorch's nn.MaxPool2d({arguments}) is applied to a {n}×{n} feature map. "
            "What is the height (= width) of its output?",
            f"对 {n}×{n} 的特征图使用 PyTorch 的 nn.MaxPool2d({arguments})。"
            "输出的高（= 宽）是多少？",
        ),
        answer=out,
        solution=bilingual(
            f"{stride_en}, padding p = {padding}, kernel k = {kernel}. Pooling uses the "
            f"convolution size formula: {steps}.",
            f"{stride_zh}，补零 p = {padding}，核大小 k = {kernel}。"
            f"池化与卷积用同一个尺寸公式：{steps}。",
        ),
        params={"n": n, "kernel": kernel, "stride": stride, "padding": padding},
        distractors=unique(out, *distractors),
    )


@template(
    "conv2d-output-entry",
    engines=["engine.conv:conv2d"],
    title=("One output of a two-channel convolution", "双通道卷积的一个输出"),
    rel=0.0,
    abs=0.5,
    integer=True,
)
def conv2d_output_entry(rng: np.random.Generator) -> Problem:
    """out[i, j] = b + Σ_c Σ_u Σ_v x[c, i + u, j + v] · w[c, u, v] (2 channels, 2×2 kernel)."""
    x = rng.integers(-2, 4, size=(2, 3, 3)).astype(float)
    w = rng.integers(-1, 3, size=(2, 2, 2)).astype(float)
    bias = float(rng.choice([-2, -1, 1, 2]))
    i, j = (int(v) for v in rng.integers(0, 2, size=2))
    out = float(conv2d(x[None], w[None], np.array([bias]))[0, 0, i, j])
    no_bias = float(conv2d(x[None], w[None])[0, 0, i, j])
    flipped = float(conv2d(x[None], w[None, :, ::-1, ::-1], np.array([bias]))[0, 0, i, j])
    one_channel = float(conv2d(x[None, :1], w[None, :1], np.array([bias]))[0, 0, i, j])
    partial = [float(conv2d(x[None, c : c + 1], w[None, c : c + 1])[0, 0, i, j]) for c in (0, 1)]
    steps_en, steps_zh = [], []
    for c in (0, 1):
        window = fmt(x[c, i : i + 2, j : j + 2])
        steps_en.append(
            f"Channel {c}: window {window} times kernel {fmt(w[c])}, elementwise, summed: "
            f"{fmt(partial[c])}."
        )
        steps_zh.append(
            f"通道 {c}：窗口 {window} 与核 {fmt(w[c])} 逐元素相乘再求和：{fmt(partial[c])}。"
        )
    total = f"{fmt(partial[0])} + {factor(partial[1])} + {factor(bias)} = {fmt(out)}"
    return Problem(
        prompt=bilingual(
            "A convolution layer with one filter (as nn.Conv2d computes it: stride 1, no padding) "
            "is applied to a 2-channel 3×3 input. "
            f"Input channel 0 = {fmt(x[0])}, channel 1 = {fmt(x[1])}; the filter's kernel for "
            f"channel 0 = {fmt(w[0])}, for channel 1 = {fmt(w[1])}; bias b = {fmt(bias)}. "
            f"What is output[{i}][{j}] (rows and columns numbered from 0)?",
            "对一个 2 通道、3×3 的输入使用只有一个滤波器的卷积层（按 nn.Conv2d 的算法：步幅 1，"
            f"不补零）。输入通道 0 = {fmt(x[0])}，通道 1 = {fmt(x[1])}；滤波器在通道 0 上的核 = "
            f"{fmt(w[0])}，通道 1 上的核 = {fmt(w[1])}；偏置 b = {fmt(bias)}。"
            f"输出 output[{i}][{j}] 是多少（行、列从 0 开始编号）？",
        ),
        answer=out,
        solution=bilingual(
            f"Output ({i}, {j}) reads the 2×2 window starting at row {i}, column {j} of each "
            "channel (the kernel is not flipped).\n"
            + "\n".join(steps_en)
            + f"\nAdd the channels and the bias: {total}.",
            f"输出 ({i}, {j}) 对应每个通道从第 {i} 行、第 {j} 列开始的 2×2 窗口（核不翻转）。\n"
            + "\n".join(steps_zh)
            + f"\n把各通道的结果与偏置相加：{total}。",
        ),
        params={"x": x.tolist(), "w": w.tolist(), "bias": bias, "row": i, "col": j},
        distractors=(
            Distractor(no_bias, NO_BIAS),
            Distractor(flipped, FLIPPED_KERNEL),
            Distractor(one_channel, ONE_CHANNEL),
        ),
    )


def _parameter_count(channels: int, filters: int, kernel: int, bias: bool = True) -> float:
    """Parameters of Conv2d(channels, filters, kernel), counted by the engine.

    On a k×k input of ones, with every weight and bias 1, each filter's single output is
    the number of terms in its sum, C·k·k products plus the bias: summed over the filters,
    that is the layer's parameter count.
    """
    ones = np.ones((1, channels, kernel, kernel))
    weights = np.ones((filters, channels, kernel, kernel))
    return float(conv2d(ones, weights, np.ones(filters) if bias else None).sum())


@template(
    "conv-parameter-count",
    engines=["engine.conv:conv2d", "engine.conv:conv_parameter_count"],
    title=("Parameters of a convolution layer", "卷积层的参数量"),
    rel=0.0,
    abs=0.5,
    integer=True,
    valid=NON_NEGATIVE,
)
def conv_parameter_count(rng: np.random.Generator) -> Problem:
    """params = F·(C·k·k + 1)."""
    channels = int(rng.choice([3, 16, 32, 64]))
    filters = int(rng.choice([8, 16, 32, 64, 128]))
    kernel = int(rng.choice([1, 3, 5, 7]))
    size = int(rng.choice([28, 32, 64]))
    count = _parameter_count(channels, filters, kernel)
    out = conv_output_size(size, kernel, 1, kernel // 2)
    per_filter = channels * kernel * kernel
    steps = (
        f"F·(C·k·k + 1) = {filters}·({channels}·{kernel}·{kernel} + 1) = "
        f"{filters}·{per_filter + 1} = {fmt(count)}"
    )
    return Problem(
        prompt=bilingual(
            f"The layer nn.Conv2d({channels}, {filters}, kernel_size={kernel}, "
            f"padding={kernel // 2}) is applied to {channels}×{size}×{size} images. How many "
            "learnable parameters (weights and biases) does it have?",
            f"把 nn.Conv2d({channels}, {filters}, kernel_size={kernel}, padding={kernel // 2}) "
            f"用在 {channels}×{size}×{size} 的图像上。它有多少个可学习参数（权重加偏置）？",
        ),
        answer=count,
        solution=bilingual(
            f"Each of the F = {filters} filters has a {kernel}×{kernel} kernel for each of the "
            f"C = {channels} input channels ({per_filter} weights) and one bias. The weights "
            f"are shared across all positions, so the image size ({size}×{size}) does not "
            f"matter: {steps}.",
            f"F = {filters} 个滤波器中的每一个，对 C = {channels} 个输入通道各有一个 "
            f"{kernel}×{kernel} 的核（共 {per_filter} 个权重），外加一个偏置。"
            f"权重在所有位置上共享，所以图像大小（{size}×{size}）无关：{steps}。",
        ),
        params={"channels": channels, "filters": filters, "kernel": kernel, "size": size},
        distractors=(
            Distractor(_parameter_count(channels, filters, kernel, bias=False), NO_BIAS),
            Distractor(_parameter_count(1, filters, kernel), NO_INPUT_CHANNELS),
            Distractor(count * out * out, PER_POSITION),
            Distractor(float(filters * (channels * kernel + 1)), KERNEL_NOT_SQUARED, optional=True)
            if kernel > 1
            else None,
            Distractor(float(filters * (per_filter + channels)), BIAS_PER_CHANNEL, optional=True),
        ),
    )


@template(
    "max-pool-entry",
    engines=["engine.conv:max_pool2d"],
    title=("One output of max pooling", "最大池化的一个输出"),
    rel=0.0,
    abs=0.1,
    integer=True,
)
def max_pool_entry(rng: np.random.Generator) -> Problem:
    """out[i, j] = max of x[s·i : s·i + k, s·j : s·j + k]."""
    kernel = int(rng.choice([2, 3]))
    size = kernel + 2
    stride = 2
    x = rng.choice(30, size=(size, size), replace=False).astype(float)  # no ties
    i, j = (int(v) for v in rng.integers(0, 2, size=2))
    if i == j == 0:
        i, j = 1, 1
    images = x[None, None]
    out = float(max_pool2d(images, kernel, stride)[0, 0, i, j])
    rows, cols = slice(stride * i, stride * i + kernel), slice(stride * j, stride * j + kernel)
    window = fmt(x[rows, cols])
    return Problem(
        prompt=bilingual(
            f"Max pooling with kernel size {kernel} and stride {stride} (no padding) is applied "
            f"to the {size}×{size} input {fmt(x)}. What is output[{i}][{j}] (rows and columns "
            "numbered from 0)?",
            f"对 {size}×{size} 的输入 {fmt(x)} 做最大池化：核大小 {kernel}，步幅 {stride}，"
            f"不补零。输出 output[{i}][{j}] 是多少（行、列从 0 开始编号）？",
        ),
        answer=out,
        solution=bilingual(
            f"Output ({i}, {j}) covers rows {stride * i}–{stride * i + kernel - 1} and columns "
            f"{stride * j}–{stride * j + kernel - 1}: the window {window}. Its largest value "
            f"is {fmt(out)}.",
            f"输出 ({i}, {j}) 覆盖第 {stride * i}–{stride * i + kernel - 1} 行、第 "
            f"{stride * j}–{stride * j + kernel - 1} 列：窗口 {window}。其中最大值为 {fmt(out)}。",
        ),
        params={"x": x.tolist(), "kernel": kernel, "stride": stride, "row": i, "col": j},
        distractors=(
            Distractor(float(avg_pool2d(images, kernel, stride)[0, 0, i, j]), AVERAGE_POOLING),
            Distractor(float(max_pool2d(images, kernel, 1)[0, 0, i, j]), WINDOW_STRIDE),
            Distractor(float(max_pool2d(images, size)[0, 0, 0, 0]), GLOBAL_MAX),
            Distractor(float(x[rows, cols].min()), MIN_POOLING, optional=True),
            Distractor(float(x[rows, cols].sum()), SUM_POOLING, optional=True),
        ),
    )
