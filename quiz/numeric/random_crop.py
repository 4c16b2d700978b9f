"""Numeric templates for engine.regularization's random crops (data augmentation): how many
corner positions a padded random crop can take, and how many numbers a crop holds.

The counts come from the engine's own ``augment_random_crop``, run with a stand-in for its
random generator that records how many corners it chooses from.
"""

from __future__ import annotations

import math
from typing import cast

import numpy as np

from engine.regularization import augment_random_crop
from quiz.numeric.base import (
    NON_NEGATIVE,
    Distractor,
    Mistake,
    Problem,
    bilingual,
    fmt,
    template,
)

PADDING_FORGOTTEN = Mistake(
    "padding-forgotten",
    bilingual(
        "The crop is cut from the padded image, which is 2·padding larger in each direction.",
        "裁剪是在填充后的图像上进行的，它在每个方向上大了 2·padding。",
    ),
)
PADDING_ONE_SIDE = Mistake(
    "padding-one-side",
    bilingual(
        "Padding is added on every side, so each dimension grows by 2·padding, not padding.",
        "四周都要填充，所以每个维度增加 2·padding，而不是 padding。",
    ),
)
NO_PLUS_ONE = Mistake(
    "no-plus-one",
    bilingual(
        "A corner can sit at 0, 1, …, L − l: that is L − l + 1 positions, not L − l.",
        "左上角可以位于 0, 1, …, L − l，共 L − l + 1 个位置，而不是 L − l 个。",
    ),
)
PADDED_SIZE = Mistake(
    "padded-size",
    bilingual(
        "The padding only widens the range of crop positions; the crop itself has the crop size.",
        "填充只是扩大了裁剪位置的范围；裁剪结果本身的大小就是裁剪尺寸。",
    ),
)
IMAGE_SIZE = Mistake(
    "image-size",
    bilingual(
        "A random crop outputs the crop size, not the size of the original image.",
        "随机裁剪输出的是裁剪尺寸，而不是原图的尺寸。",
    ),
)
CHANNELS_COUNTED = Mistake(
    "channels-counted",
    bilingual(
        "A crop position is a top-left corner; it is the same for every channel, so the "
        "channels do not multiply the count.",
        "裁剪位置由左上角决定，对所有通道都相同，所以通道数不乘进位置数。",
    ),
)
PADDING_TWICE = Mistake(
    "padding-twice",
    bilingual(
        "padding=P adds P pixels on each side: each dimension grows by 2·P, not 4·P.",
        "padding=P 在每侧各加 P 个像素：每个维度增加 2·P，而不是 4·P。",
    ),
)
CROP_SHRUNK_BY_PADDING = Mistake(
    "crop-shrunk-by-padding",
    bilingual(
        "The crop is exactly crop×crop pixels per channel; the padding does not shrink it.",
        "裁剪结果每个通道正好是 crop×crop 个像素；填充不会让它变小。",
    ),
)
CHANNELS_FORGOTTEN = Mistake(
    "channels-forgotten",
    bilingual(
        "Every channel is cropped, so the flattened crop has C·h·w numbers.",
        "每个通道都被裁剪，所以展平后有 C·h·w 个数。",
    ),
)


class _CornerCount:
    """Stands in for the random generator of ``augment_random_crop``: records, for each axis,
    how many top-left corners the crop is drawn from (and always takes the first)."""

    def __init__(self) -> None:
        self.choices: list[int] = []

    def integers(self, low: int, high: int) -> int:
        self.choices.append(int(high - low))
        return low


def _corner_choices(shape: tuple[int, ...], size: tuple[int, int], padding: int) -> list[int]:
    """How many corner rows and columns ``augment_random_crop`` chooses from."""
    counter = _CornerCount()
    # The engine calls only ``rng.integers(low, high)``; the counter answers that call.
    augment_random_crop(np.zeros(shape), size, padding, cast(np.random.Generator, counter))
    return counter.choices


@template(
    "random-crop-positions",
    engines=["engine.regularization:augment_random_crop"],
    title=("How many random crops an image has", "一张图像有多少种随机裁剪"),
    rel=0,
    abs=0.5,
    integer=True,
    valid=NON_NEGATIVE,
)
def random_crop_positions(rng: np.random.Generator) -> Problem:
    """(H + 2P − h + 1) · (W + 2P − w + 1) corner positions."""
    height, width = (int(v) for v in rng.choice([24, 28, 32], size=2))
    crop = (height - int(rng.choice([0, 2, 4])), width - int(rng.choice([0, 2, 4])))
    padding = int(rng.integers(1, 5))
    shape = (3, height, width)
    rows, cols = _corner_choices(shape, crop, padding)
    answer = float(rows * cols)
    unpadded = math.prod(_corner_choices(shape, crop, 0))
    one_side = math.prod(_corner_choices((3, height + padding, width + padding), crop, 0))
    padded_h, padded_w = height + 2 * padding, width + 2 * padding
    lines = (
        f"{padded_h} − {crop[0]} + 1 = {rows}",
        f"{padded_w} − {crop[1]} + 1 = {cols}",
    )
    return Problem(
        prompt=bilingual(
            f"Data augmentation pads a 3×{height}×{width} image (C×H×W) with {padding} zero "
            f"pixels on every side, then takes a random {crop[0]}×{crop[1]} crop (torchvision's "
            f"RandomCrop(({crop[0]}, {crop[1]}), padding={padding})). How many different crop "
            "positions are there?",
            f"数据增强先在一张 3×{height}×{width}（C×H×W）的图像四周各填充 {padding} 个零像素，"
            f"再随机裁剪出 {crop[0]}×{crop[1]} 的区域（torchvision 的 "
            f"RandomCrop(({crop[0]}, {crop[1]}), padding={padding})）。共有多少种不同的裁剪位置？",
        ),
        answer=answer,
        solution=bilingual(
            f"1. The padded image is {padded_h}×{padded_w}.\n"
            f"2. The top row of the crop can be 0 … {padded_h - crop[0]}: {lines[0]} choices; "
            f"the left column 0 … {padded_w - crop[1]}: {lines[1]} choices.\n"
            f"3. Positions = {rows} × {cols} = {fmt(answer)}.",
            f"1. 填充后的图像为 {padded_h}×{padded_w}。\n"
            f"2. 裁剪区域的顶行可以是 0 … {padded_h - crop[0]}：{lines[0]} 种；"
            f"左列可以是 0 … {padded_w - crop[1]}：{lines[1]} 种。\n"
            f"3. 位置数 = {rows} × {cols} = {fmt(answer)}。",
        ),
        params={"height": height, "width": width, "crop": list(crop), "padding": padding},
        distractors=(
            Distractor(float(unpadded), PADDING_FORGOTTEN),
            Distractor(float(one_side), PADDING_ONE_SIDE),
            Distractor(float((rows - 1) * (cols - 1)), NO_PLUS_ONE),
            Distractor(float(3 * rows * cols), CHANNELS_COUNTED, optional=True),
            Distractor(
                float(math.prod(_corner_choices(shape, crop, 2 * padding))),
                PADDING_TWICE,
                optional=True,
            ),
        ),
    )


@template(
    "random-crop-features",
    engines=["engine.regularization:augment_random_crop"],
    title=("The size of a random crop", "随机裁剪的大小"),
    rel=0,
    abs=0.5,
    integer=True,
    valid=NON_NEGATIVE,
)
def random_crop_features(rng: np.random.Generator) -> Problem:
    """A crop holds C · h · w numbers, whatever the padding."""
    side = int(rng.choice([32, 48, 64]))
    crop = side - int(rng.choice([4, 8, 16]))
    padding = int(rng.choice([2, 4]))
    image = np.zeros((3, side, side))
    out = augment_random_crop(image, crop, padding, rng)
    answer = float(out.size)
    padded = augment_random_crop(image, side + 2 * padding, padding, rng).size
    uncropped = augment_random_crop(image, side, padding, rng).size
    one_channel = augment_random_crop(image[:1], crop, padding, rng).size
    return Problem(
        prompt=bilingual(
            f"Training images are 3×{side}×{side} (C×H×W). Augmentation pads each with {padding} "
            f"zero pixels on every side and takes a random {crop}×{crop} crop; the crop is then "
            "flattened into the input of a linear layer. How many input features does that "
            "layer need?",
            f"训练图像为 3×{side}×{side}（C×H×W）。数据增强先在四周各填充 {padding} 个零像素，"
            f"再随机裁剪出 {crop}×{crop} 的区域；裁剪结果展平后作为线性层的输入。"
            "这个线性层需要多少个输入特征？",
        ),
        answer=answer,
        solution=bilingual(
            f"1. Padding makes the image 3×{side + 2 * padding}×{side + 2 * padding}, but it only "
            f"widens the choice of crop positions.\n"
            f"2. The crop has shape {'×'.join(str(n) for n in out.shape)}: every channel is cut "
            f"to {crop}×{crop}.\n"
            f"3. Features = 3 × {crop} × {crop} = {fmt(answer)}.",
            f"1. 填充后图像为 3×{side + 2 * padding}×{side + 2 * padding}，"
            "但这只扩大了裁剪位置的选择范围。\n"
            f"2. 裁剪结果的形状为 {'×'.join(str(n) for n in out.shape)}："
            f"每个通道都被裁成 {crop}×{crop}。\n"
            f"3. 特征数 = 3 × {crop} × {crop} = {fmt(answer)}。",
        ),
        params={"channels": 3, "side": side, "crop": crop, "padding": padding},
        distractors=(
            Distractor(float(padded), PADDED_SIZE),
            Distractor(float(uncropped), IMAGE_SIZE),
            Distractor(float(one_channel), CHANNELS_FORGOTTEN),
            Distractor(float(3 * (crop - 2 * padding) ** 2), CROP_SHRUNK_BY_PADDING, optional=True),
        ),
    )
