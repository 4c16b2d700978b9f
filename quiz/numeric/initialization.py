"""Numeric templates for engine.initialization: the Xavier uniform bound and the He std."""

from __future__ import annotations

import math

import numpy as np

from engine.initialization import he_normal_std, xavier_uniform_bound
from quiz.numeric.base import (
    NON_NEGATIVE,
    Distractor,
    Mistake,
    Problem,
    bilingual,
    fmt,
    template,
    unique,
)

STD_NOT_BOUND = Mistake(
    "std-not-bound",
    bilingual(
        "sqrt(2 / (fan_in + fan_out)) is the standard deviation; U(−a, a) has std a/√3, so "
        "the bound is a = sqrt(6 / (fan_in + fan_out)).",
        "sqrt(2 / (fan_in + fan_out)) 是标准差；U(−a, a) 的标准差为 a/√3，"
        "所以边界是 a = sqrt(6 / (fan_in + fan_out))。",
    ),
)
FAN_IN_ONLY = Mistake(
    "fan-in-only",
    bilingual(
        "Xavier averages both fans: use fan_in + fan_out, not 2·fan_in.",
        "Xavier 初始化同时考虑两个扇数：用 fan_in + fan_out，而不是 2·fan_in。",
    ),
)
SQRT_FORGOTTEN = Mistake(
    "sqrt-forgotten",
    bilingual(
        "That is the variance 2 / fan_in; the std is its square root.",
        "那是方差 2 / fan_in；标准差是它的平方根。",
    ),
)
BOUND_SQUARED = Mistake(
    "sqrt-forgotten",
    bilingual(
        "6 / (fan_in + fan_out) is a², the square of the bound (3 × the variance "
        "2 / (fan_in + fan_out)); the bound a is its square root.",
        "6 / (fan_in + fan_out) 是 a²，即边界的平方（方差 2 / (fan_in + fan_out) 的 3 倍）；"
        "边界 a 是它的平方根。",
    ),
)
"""Xavier's bound without the root: 6 / (fan_in + fan_out) is a², not the variance."""
FAN_OUT_USED = Mistake(
    "fan-out-used",
    bilingual(
        "kaiming_normal_'s default mode is fan_in: the inputs of one unit, c_in · k · k for "
        "a convolution.",
        "kaiming_normal_ 的默认模式是 fan_in：一个单元的输入个数，卷积中为 c_in · k · k。",
    ),
)
KERNEL_FORGOTTEN = Mistake(
    "kernel-forgotten",
    bilingual(
        "A convolution unit sees c_in · k · k inputs, so fan_in includes the kernel area.",
        "卷积的一个单元看到 c_in · k · k 个输入，所以 fan_in 要乘上核的面积。",
    ),
)
FAN_OUT_DROPPED = Mistake(
    "fan-out-dropped",
    bilingual(
        "Xavier divides by both fans: a = sqrt(6 / (fan_in + fan_out)), not sqrt(6 / fan_in).",
        "Xavier 同时除以两个扇数：a = sqrt(6 / (fan_in + fan_out))，而不是 sqrt(6 / fan_in)。",
    ),
)
THREE_NOT_ROOT_THREE = Mistake(
    "three-not-root-three",
    bilingual(
        "U(−a, a) has std a/√3, so a = √3 · std, not 3 · std.",
        "U(−a, a) 的标准差为 a/√3，所以 a = √3 · std，而不是 3 · std。",
    ),
)
KERNEL_NOT_SQUARED = Mistake(
    "kernel-not-squared",
    bilingual(
        "A k×k kernel has k² weights per input channel: fan_in = c_in · k · k, not c_in · k.",
        "k×k 的核每个输入通道有 k² 个权重：fan_in = c_in · k · k，而不是 c_in · k。",
    ),
)
RELU_GAIN_FORGOTTEN = Mistake(
    "relu-gain-forgotten",
    bilingual(
        "ReLU zeroes half its inputs, so He doubles the variance: std = sqrt(2 / fan_in), "
        "not sqrt(1 / fan_in).",
        "ReLU 会把一半输入置零，所以 He 初始化把方差加倍：std = sqrt(2 / fan_in)，"
        "而不是 sqrt(1 / fan_in)。",
    ),
)


@template(
    "xavier-uniform-bound",
    engines=["engine.initialization:xavier_uniform_bound"],
    title=("The Xavier uniform bound", "Xavier 均匀初始化的边界"),
    valid=NON_NEGATIVE,
    abs=1e-5,
)
def xavier_uniform_bound_question(rng: np.random.Generator) -> Problem:
    """a = sqrt(6 / (fan_in + fan_out)) for nn.Linear(fan_in, fan_out)."""
    fan_in = int(rng.choice([64, 100, 128, 256, 300, 512, 784]))
    fan_out = int(rng.choice([10, 32, 64, 100, 128, 200, 256]))
    answer = xavier_uniform_bound(fan_in, fan_out)
    total = fan_in + fan_out
    return Problem(
        prompt=bilingual(
            f"The weight of nn.Linear({fan_in}, {fan_out}) is initialized with "
            "nn.init.xavier_uniform_ (gain 1), i.e. drawn from U(−a, a). What is a?",
            f"nn.Linear({fan_in}, {fan_out}) 的权重用 nn.init.xavier_uniform_（gain 为 1）初始化，"
            "即从 U(−a, a) 中抽取。a 是多少？",
        ),
        answer=answer,
        solution=bilingual(
            f"fan_in = {fan_in}, fan_out = {fan_out}: a = sqrt(6 / ({fan_in} + {fan_out})) "
            f"= sqrt(6 / {total}) = {fmt(answer)}.",
            f"fan_in = {fan_in}，fan_out = {fan_out}：a = sqrt(6 / ({fan_in} + {fan_out})) "
            f"= sqrt(6 / {total}) = {fmt(answer)}。",
        ),
        params={"fan_in": fan_in, "fan_out": fan_out},
        distractors=(
            Distractor(math.sqrt(2 / total), STD_NOT_BOUND),
            Distractor(math.sqrt(3 / fan_in), FAN_IN_ONLY),
            Distractor(6 / total, BOUND_SQUARED),
            Distractor(math.sqrt(6 / fan_in), FAN_OUT_DROPPED),
            Distractor(3 * math.sqrt(2 / total), THREE_NOT_ROOT_THREE),
        ),
    )


@template(
    "he-normal-std",
    engines=["engine.initialization:he_normal_std"],
    title=("The He (Kaiming) normal std", "He（Kaiming）正态初始化的标准差"),
    valid=NON_NEGATIVE,
    abs=1e-5,
)
def he_normal_std_question(rng: np.random.Generator) -> Problem:
    """std = sqrt(2 / fan_in) with fan_in = c_in · k · k for nn.Conv2d."""
    c_in = int(rng.choice([3, 16, 32, 64, 128]))
    c_out = int(rng.choice([16, 64, 256]))
    k = int(rng.choice([3, 5]))
    fan_in = c_in * k * k
    answer = he_normal_std(fan_in)
    return Problem(
        prompt=bilingual(
            f"The weight of nn.Conv2d({c_in}, {c_out}, kernel_size={k}), followed by a ReLU, "
            "is initialized with nn.init.kaiming_normal_(w, nonlinearity='relu') (mode "
            "fan_in). What is the standard deviation of its normal distribution?",
            f"nn.Conv2d({c_in}, {c_out}, kernel_size={k}) 之后接 ReLU，其权重用 "
            "nn.init.kaiming_normal_(w, nonlinearity='relu')（fan_in 模式）初始化。"
            "该正态分布的标准差是多少？",
        ),
        answer=answer,
        solution=bilingual(
            f"1. fan_in = c_in · k · k = {c_in} · {k} · {k} = {fan_in}.\n"
            f"2. std = sqrt(2 / fan_in) = sqrt(2 / {fan_in}) = {fmt(answer)}.",
            f"1. fan_in = c_in · k · k = {c_in} · {k} · {k} = {fan_in}。\n"
            f"2. std = sqrt(2 / fan_in) = sqrt(2 / {fan_in}) = {fmt(answer)}。",
        ),
        params={"c_in": c_in, "c_out": c_out, "k": k},
        distractors=(
            Distractor(math.sqrt(2 / (c_out * k * k)), FAN_OUT_USED),
            Distractor(math.sqrt(2 / c_in), KERNEL_FORGOTTEN),
            Distractor(math.sqrt(1 / fan_in), RELU_GAIN_FORGOTTEN),
            Distractor(2 / fan_in, SQRT_FORGOTTEN),
            Distractor(math.sqrt(2 / (c_in * k)), KERNEL_NOT_SQUARED),
        ),
    )


CONV_FANS_NOT_KERNEL = Mistake(
    "kernel-left-out-of-fans",
    bilingual(
        "For a convolution both fans include the kernel area: fan_in = c_in · k · k and "
        "fan_out = c_out · k · k, not c_in and c_out.",
        "卷积层的两个扇数都要乘上核的面积：fan_in = c_in · k · k，fan_out = c_out · k · k，"
        "而不是 c_in 和 c_out。",
    ),
)


@template(
    "xavier-uniform-bound-conv",
    engines=["engine.initialization:xavier_uniform_bound"],
    title=("The Xavier uniform bound of a convolution", "卷积层的 Xavier 均匀初始化边界"),
    valid=NON_NEGATIVE,
    abs=1e-5,
)
def xavier_uniform_bound_conv(rng: np.random.Generator) -> Problem:
    """a = sqrt(6 / (fan_in + fan_out)) with fan_in = c_in k², fan_out = c_out k² (nn.Conv2d)."""
    c_in = int(rng.choice([3, 8, 16, 32, 64]))
    c_out = int(rng.choice([8, 16, 32, 64, 128]))
    k = int(rng.choice([3, 5]))
    fan_in, fan_out = c_in * k * k, c_out * k * k
    answer = xavier_uniform_bound(fan_in, fan_out)
    total = fan_in + fan_out
    return Problem(
        prompt=bilingual(
            f"The weight of nn.Conv2d({c_in}, {c_out}, kernel_size={k}) is initialized with "
            "nn.init.xavier_uniform_ (gain 1), i.e. drawn from U(−a, a). What is a?",
            f"nn.Conv2d({c_in}, {c_out}, kernel_size={k}) 的权重用 nn.init.xavier_uniform_"
            "（gain 为 1）初始化，即从 U(−a, a) 中抽取。a 是多少？",
        ),
        answer=answer,
        solution=bilingual(
            f"1. fan_in = c_in · k · k = {c_in} · {k} · {k} = {fmt(fan_in)}; fan_out = "
            f"c_out · k · k = {c_out} · {k} · {k} = {fmt(fan_out)}.\n"
            f"2. a = sqrt(6 / (fan_in + fan_out)) = sqrt(6 / {fmt(total)}) = {fmt(answer)}.",
            f"1. fan_in = c_in · k · k = {c_in} · {k} · {k} = {fmt(fan_in)}；fan_out = "
            f"c_out · k · k = {c_out} · {k} · {k} = {fmt(fan_out)}。\n"
            f"2. a = sqrt(6 / (fan_in + fan_out)) = sqrt(6 / {fmt(total)}) = {fmt(answer)}。",
        ),
        params={"c_in": c_in, "c_out": c_out, "k": k},
        distractors=unique(
            answer,
            Distractor(math.sqrt(6 / (c_in + c_out)), CONV_FANS_NOT_KERNEL),
            Distractor(math.sqrt(6 / ((c_in + c_out) * k)), KERNEL_NOT_SQUARED),
            Distractor(math.sqrt(2 / total), STD_NOT_BOUND),
            Distractor(6 / total, BOUND_SQUARED),
            Distractor(math.sqrt(6 / fan_in), FAN_OUT_DROPPED),
        ),
    )
