"""Numeric templates for engine.detection.box_iou: the intersection over union of two boxes
given by their corners, and of two boxes given by center, width and height.

IoU(A, B) = |A ∩ B| / (|A| + |B| − |A ∩ B|). The mistakes: the intersection not
subtracted from the union, the intersection divided by one box's area, the larger box or
the enclosing box taken as the union, corners read as (x, y, width, height), the center
read as a corner, the full width added on each side of the center.
"""

from __future__ import annotations

import numpy as np

from engine.detection import box_area, box_cxcywh_to_xyxy, box_iou
from quiz.numeric.base import (
    PROBABILITY,
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

ENGINE = "engine.detection:box_iou"

UNION_NOT_SUBTRACTED = Mistake(
    "intersection-counted-twice",
    bilingual(
        "|A| + |B| counts the overlap twice: the union is |A| + |B| − |A ∩ B|.",
        "|A| + |B| 把重叠部分算了两次：并集是 |A| + |B| − |A ∩ B|。",
    ),
)
ONE_BOX = Mistake(
    "divided-by-one-box",
    bilingual(
        "IoU divides by the UNION of the two boxes, not by the area of one box alone.",
        "IoU 除以的是两个框的并集，而不只是其中一个框的面积。",
    ),
)
ENCLOSING_BOX = Mistake(
    "enclosing-box-as-union",
    bilingual(
        "The union is the area covered by either box, |A| + |B| − |A ∩ B|, not the smallest "
        "box enclosing both (that one also counts the empty corners).",
        "并集是被任一框覆盖的面积 |A| + |B| − |A ∩ B|，而不是同时包住两个框的最小框"
        "（它还包含空着的角落）。",
    ),
)
LARGER_BOX_AS_UNION = Mistake(
    "larger-box-as-union",
    bilingual(
        "The union is not just the larger box: it also holds the part of the other box outside "
        "it, |A| + |B| − |A ∩ B|.",
        "并集不只是较大的那个框：它还包括另一个框在其外的部分，|A| + |B| − |A ∩ B|。",
    ),
)
READ_AS_WIDTH = Mistake(
    "corners-read-as-width-height",
    bilingual(
        "(x₁, y₁, x₂, y₂) are two corners: the width is x₂ − x₁, not x₂.",
        "(x₁, y₁, x₂, y₂) 是两个角点：宽是 x₂ − x₁，而不是 x₂。",
    ),
)
CENTER_AS_CORNER = Mistake(
    "center-read-as-corner",
    bilingual(
        "(cx, cy) is the box's center: its corners are cx ± w/2 and cy ± h/2.",
        "(cx, cy) 是框的中心：角点为 cx ± w/2、cy ± h/2。",
    ),
)
FULL_WIDTH_EACH_SIDE = Mistake(
    "full-width-each-side",
    bilingual(
        "From the center go HALF the width each way: x₁ = cx − w/2, x₂ = cx + w/2.",
        "从中心向两边各走宽度的一半：x₁ = cx − w/2，x₂ = cx + w/2。",
    ),
)


def _overlap(a: np.ndarray, b: np.ndarray) -> tuple[np.ndarray, float]:
    corner1, corner2 = np.maximum(a[:2], b[:2]), np.minimum(a[2:], b[2:])
    sides = np.clip(corner2 - corner1, 0.0, None)
    return np.concatenate([corner1, corner2]), float(sides[0] * sides[1])


def _enclosing_iou(a: np.ndarray, b: np.ndarray, inter: float) -> float:
    hull = np.concatenate([np.minimum(a[:2], b[:2]), np.maximum(a[2:], b[2:])])
    return inter / float(box_area(hull)[0])


def _iou(a: np.ndarray, b: np.ndarray) -> float:
    return float(box_iou(a, b)[0, 0])


def _at_least_three(answer: float, *distractors: Distractor) -> tuple[Distractor | None, ...]:
    """The distinct distractors; a draw where fewer than three differ is drawn again (boxes
    of one size make the center-format mistakes give the right IoU, say)."""
    kept = unique(answer, *distractors)
    if sum(d is not None for d in kept) < 3:
        raise Degenerate("too few of the mistakes give a different IoU")
    return kept


def _solution(a, b, overlap, inter, area_a, area_b, answer) -> tuple[str, str]:
    union = area_a + area_b - inter
    en = (
        f"1. Intersection (max x₁, max y₁, min x₂, min y₂) = {fmt(overlap)}, area "
        f"{fmt(overlap[2] - overlap[0])} × {fmt(overlap[3] - overlap[1])} = {fmt(inter)}.\n"
        f"2. |A| = {fmt(area_a)}, |B| = {fmt(area_b)}; union = {fmt(area_a)} + {fmt(area_b)} "
        f"− {fmt(inter)} = {fmt(union)}.\n"
        f"3. IoU = {fmt(inter)} / {fmt(union)} = {fmt(answer)}."
    )
    zh = (
        f"1. 交集 (max x₁, max y₁, min x₂, min y₂) = {fmt(overlap)}，面积 "
        f"{fmt(overlap[2] - overlap[0])} × {fmt(overlap[3] - overlap[1])} = {fmt(inter)}。\n"
        f"2. |A| = {fmt(area_a)}，|B| = {fmt(area_b)}；并集 = {fmt(area_a)} + {fmt(area_b)} "
        f"− {fmt(inter)} = {fmt(union)}。\n"
        f"3. IoU = {fmt(inter)} / {fmt(union)} = {fmt(answer)}。"
    )
    return en, zh


def _corner_box(rng: np.random.Generator) -> np.ndarray:
    x1, y1 = (int(v) for v in rng.integers(0, 8, size=2))
    w, h = (int(v) for v in rng.integers(3, 9, size=2))
    return np.array([x1, y1, x1 + w, y1 + h], dtype=float)


@template(
    "box-iou-corners",
    engines=[ENGINE],
    title=("The IoU of two boxes", "两个框的交并比"),
    valid=PROBABILITY,
)
def box_iou_corners(rng: np.random.Generator) -> Problem:
    """IoU of a predicted and a true box given as (x₁, y₁, x₂, y₂)."""
    pred, truth = _corner_box(rng), _corner_box(rng)
    overlap, inter = _overlap(pred, truth)
    answer = _iou(pred, truth)
    if inter == 0 or answer > 0.9 or near_halfway(answer, 3):
        raise Degenerate("the boxes must overlap partly")
    area_p, area_t = (float(v) for v in box_area(np.stack([pred, truth])))
    misread = [np.array([x, y, x + w, y + h]) for x, y, w, h in (pred, truth)]
    en, zh = _solution(pred, truth, overlap, inter, area_p, area_t, answer)
    return Problem(
        prompt=bilingual(
            f"A detector predicts the box A = {fmt(pred)} for an object whose true box is "
            f"B = {fmt(truth)}, both as (x₁, y₁, x₂, y₂), the upper-left and lower-right "
            "corners. What is their intersection over union (IoU)?",
            f"检测器为一个物体预测的框为 A = {fmt(pred)}，它的真实框为 B = {fmt(truth)}，"
            "均以 (x₁, y₁, x₂, y₂) 即左上角和右下角坐标表示。它们的交并比（IoU）是多少？",
        ),
        answer=answer,
        solution=bilingual(en, zh),
        params={"A": pred.tolist(), "B": truth.tolist()},
        distractors=_at_least_three(
            answer,
            Distractor(inter / (area_p + area_t), UNION_NOT_SUBTRACTED),
            Distractor(inter / area_t, ONE_BOX),
            Distractor(inter / max(area_p, area_t), LARGER_BOX_AS_UNION),
            Distractor(_enclosing_iou(pred, truth, inter), ENCLOSING_BOX),
            Distractor(_iou(*misread), READ_AS_WIDTH),
        ),
    )


@template(
    "box-iou-center-format",
    engines=[ENGINE],
    title=("The IoU of two boxes given by their centers", "以中心表示的两个框的交并比"),
    valid=PROBABILITY,
)
def box_iou_center_format(rng: np.random.Generator) -> Problem:
    """IoU of two boxes given as (center x, center y, width, height)."""
    centers = rng.integers(4, 12, size=(2, 2)).astype(float)
    sizes = (2 * rng.integers(2, 5, size=(2, 2))).astype(float)  # even: integer corners
    boxes_c = np.concatenate([centers, sizes], axis=1)
    a, b = box_cxcywh_to_xyxy(boxes_c)
    overlap, inter = _overlap(a, b)
    answer = _iou(a, b)
    if inter == 0 or answer > 0.9 or near_halfway(answer, 3):
        raise Degenerate("the boxes must overlap partly")
    area_a, area_b = (float(v) for v in box_area(np.stack([a, b])))
    as_corner = [np.concatenate([c[:2], c[:2] + c[2:]]) for c in boxes_c]
    full = [np.concatenate([c[:2] - c[2:], c[:2] + c[2:]]) for c in boxes_c]
    en, zh = _solution(a, b, overlap, inter, area_a, area_b, answer)
    return Problem(
        prompt=bilingual(
            f"Two boxes are given as (center x, center y, width, height): A = "
            f"{fmt(boxes_c[0])} and B = {fmt(boxes_c[1])}. What is their intersection over "
            "union (IoU)?",
            f"两个框以 (中心 x, 中心 y, 宽, 高) 表示：A = {fmt(boxes_c[0])}，"
            f"B = {fmt(boxes_c[1])}。它们的交并比（IoU）是多少？",
        ),
        answer=answer,
        solution=bilingual(
            f"0. Corners (cx − w/2, cy − h/2, cx + w/2, cy + h/2): A = {fmt(a)}, B = {fmt(b)}.\n"
            + en,
            f"0. 角点 (cx − w/2, cy − h/2, cx + w/2, cy + h/2)：A = {fmt(a)}，B = {fmt(b)}。\n"
            + zh,
        ),
        params={"A": boxes_c[0].tolist(), "B": boxes_c[1].tolist()},
        distractors=_at_least_three(
            answer,
            Distractor(inter / (area_a + area_b), UNION_NOT_SUBTRACTED),
            Distractor(_iou(*as_corner), CENTER_AS_CORNER),
            Distractor(_iou(*full), FULL_WIDTH_EACH_SIDE),
            Distractor(inter / area_b, ONE_BOX),
            Distractor(_enclosing_iou(a, b, inter), ENCLOSING_BOX),
        ),
    )
