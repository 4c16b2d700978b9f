"""Demos of engine.conv: a small convolution, pooling, and the output-size formula."""

from __future__ import annotations

import numpy as np

from engine import conv
from engine.demos import Step

# (name, n, kernel, stride, padding, dilation)
LAYERS = (
    ("AlexNet conv1", 227, 11, 4, 0, 1),
    ("ResNet stem conv", 224, 7, 2, 3, 1),
    ("ResNet stem max pool", 112, 3, 2, 1, 1),
    ("3 x 3 'same' conv", 32, 3, 1, 1, 1),
    ("dilated 3 x 3 conv", 7, 3, 1, 0, 2),
)


def _size_formula(n: int, kernel: int, stride: int, padding: int, dilation: int = 1) -> str:
    """The output-size formula with the numbers substituted."""
    return (
        f"floor(({n} + 2·{padding} − {dilation}·({kernel} − 1) − 1) / {stride}) + 1 = "
        f"{conv.conv_output_size(n, kernel, stride, padding, dilation)}"
    )


def conv2d(rng: np.random.Generator) -> list[Step]:
    """A 2 x 2 kernel sliding over a 4 x 4 image, then with stride 2 and padding 1."""
    x = rng.integers(0, 4, size=(1, 1, 4, 4)).astype(float)  # (N, C, H, W)
    w = rng.integers(-1, 2, size=(1, 1, 2, 2)).astype(float)  # (F, C, kh, kw)
    return [
        Step("Input x (one 4 x 4 channel)", "输入 x（一个 4 x 4 通道）", x[0, 0]),
        Step("Kernel w (2 x 2)", "卷积核 w（2 x 2）", w[0, 0]),
        Step(
            "Output size per axis: floor((n + 2p − d(k − 1) − 1) / s) + 1",
            "每个方向的输出尺寸：floor((n + 2p − d(k − 1) − 1) / s) + 1",
            _size_formula(4, 2, 1, 0),
        ),
        Step(
            "The top-left receptive field x[0:2, 0:2]; out[0, 0] = sum(field * w)",
            "左上角的感受野 x[0:2, 0:2]；out[0, 0] = sum(感受野 * w)",
            x[0, 0, :2, :2],
        ),
        Step(
            "Output: slide w over x, no flipping (cross-correlation)",
            "输出：w 在 x 上滑动，不翻转（互相关）",
            conv.conv2d(x, w)[0, 0],
        ),
        Step(
            f"With stride 2 and padding 1: {_size_formula(4, 2, 2, 1)} per axis",
            f"步幅 2、填充 1：每个方向 {_size_formula(4, 2, 2, 1)}",
            conv.conv2d(x, w, stride=2, padding=1)[0, 0],
        ),
    ]


def max_pool2d(rng: np.random.Generator) -> list[Step]:
    """2 x 2 max pooling with stride 2, next to average pooling."""
    x = rng.integers(0, 10, size=(1, 1, 4, 4)).astype(float)  # (N, C, H, W)
    return [
        Step("Input x (4 x 4)", "输入 x（4 x 4）", x[0, 0]),
        Step(
            "2 x 2 max pooling, stride 2: the largest value of each block",
            "2 x 2 最大池化，步幅 2：每块取最大值",
            conv.max_pool2d(x, 2)[0, 0],
        ),
        Step(
            "2 x 2 average pooling, stride 2, for comparison: the mean of each block",
            "对比：2 x 2 平均池化，步幅 2：每块取平均值",
            conv.avg_pool2d(x, 2)[0, 0],
        ),
        Step(
            "3 x 3 max pooling, stride 1: overlapping windows",
            "3 x 3 最大池化，步幅 1：窗口相互重叠",
            conv.max_pool2d(x, 3, stride=1)[0, 0],
        ),
    ]


def conv_output_size(rng: np.random.Generator) -> list[Step]:
    """The output-size formula on a well-known layer."""
    name, n, kernel, stride, padding, dilation = LAYERS[rng.integers(len(LAYERS))]
    span = dilation * (kernel - 1) + 1
    return [
        Step(
            f"{name}: input n = {n}, kernel k = {kernel}, stride s = {stride}, "
            f"padding p = {padding}, dilation d = {dilation}",
            f"{name}：输入 n = {n}，卷积核 k = {kernel}，步幅 s = {stride}，"
            f"填充 p = {padding}，膨胀 d = {dilation}",
            [n, kernel, stride, padding, dilation],
        ),
        Step(
            "The padded input has n + 2p positions",
            "填充后的输入有 n + 2p 个位置",
            n + 2 * padding,
        ),
        Step(
            "The dilated kernel spans d(k − 1) + 1 positions",
            "膨胀后的卷积核覆盖 d(k − 1) + 1 个位置",
            span,
        ),
        Step(
            "out = floor((n + 2p − d(k − 1) − 1) / s) + 1",
            "输出 = floor((n + 2p − d(k − 1) − 1) / s) + 1",
            _size_formula(n, kernel, stride, padding, dilation),
        ),
        Step(
            "Output size", "输出尺寸", conv.conv_output_size(n, kernel, stride, padding, dilation)
        ),
    ]


def receptive_field(rng: np.random.Generator) -> list[Step]:
    """The receptive field of a small stack, grown layer by layer: r_l = r_{l−1} + (k_l − 1)·J_l."""
    kernels = [3, 3, 2, 3]
    strides = [1, 1, 2, 1] if rng.integers(2) else [1, 2, 2, 1]
    steps = [
        Step("Kernel sizes k, first layer first", "各层核大小 k（从第一层起）", kernels),
        Step("Strides s", "各层步幅 s", strides),
    ]
    for depth in range(1, len(kernels) + 1):
        jump = int(np.prod(strides[: depth - 1]))
        steps.append(
            Step(
                f"After layer {depth}: + (k − 1) × {jump} (the product of the earlier strides)",
                f"第 {depth} 层之后：+ (k − 1) × {jump}（之前各层步幅之积）",
                conv.receptive_field(kernels[:depth], strides[:depth]),
            )
        )
    return steps


def global_avg_pool2d(rng: np.random.Generator) -> list[Step]:
    """Two channels averaged to two numbers, and what it saves in the classifier head."""
    x = rng.integers(-3, 7, size=(1, 2, 3, 3)).astype(float)
    c, h, w, classes = 512, 7, 7, 1000
    return [
        Step("Input: 2 channels of 3×3 maps", "输入：2 个通道，每个 3×3", x[0]),
        Step(
            "Y_c = (1/(h·w)) Σ X_c: one number per channel",
            "Y_c = (1/(h·w)) Σ X_c：每个通道一个数",
            conv.global_avg_pool2d(x)[0],
        ),
        Step(
            "Same as average pooling with a 3×3 window",
            "等于窗口为 3×3 的平均池化",
            conv.avg_pool2d(x, 3)[0, :, 0, 0],
        ),
        Step(
            "Parameters of a 1,000-class layer on 512 pooled 7×7 maps: 512 × 1,000 + 1,000",
            "在 512 张 7×7 特征图池化后接 1,000 类输出层的参数量：512 × 1,000 + 1,000",
            c * classes + classes,
        ),
        Step(
            "Without pooling, flattened 512·7·7 features into the same layer",
            "不池化、把 512·7·7 个特征展平后接同样的层",
            c * h * w * classes + classes,
        ),
    ]


def conv_parameter_count(rng: np.random.Generator) -> list[Step]:
    """The learnable parameters of nn.Conv2d(c_i, c_o, k): c_o · (c_i · k_h · k_w + 1)."""
    c_in = int(rng.choice([3, 16, 64]))
    c_out = int(rng.choice([8, 32, 128]))
    k = int(rng.choice([1, 3, 5]))
    per_filter = c_in * k * k
    return [
        Step(
            f"One filter holds a {k}×{k} kernel for each of the c_i = {c_in} input channels: "
            "c_i · k_h · k_w weights",
            f"一个滤波器为 c_i = {c_in} 个输入通道各配一个 {k}×{k} 的核：c_i · k_h · k_w 个权重",
            per_filter,
        ),
        Step(
            "Plus one bias per filter: c_i · k_h · k_w + 1",
            "每个滤波器再加一个偏置：c_i · k_h · k_w + 1",
            per_filter + 1,
        ),
        Step(
            f"c_o = {c_out} filters, one per output channel: c_o · (c_i · k_h · k_w + 1)",
            f"c_o = {c_out} 个滤波器，每个输出通道一个：c_o · (c_i · k_h · k_w + 1)",
            conv.conv_parameter_count(c_in, c_out, k),
        ),
        Step(
            "Without biases (bias=False): c_o · c_i · k_h · k_w",
            "不带偏置（bias=False）：c_o · c_i · k_h · k_w",
            conv.conv_parameter_count(c_in, c_out, k, bias=False),
        ),
    ]
