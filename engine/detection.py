"""Bounding boxes for object detection: areas, intersection over union, and non-maximum
suppression, with the semantics of ``torchvision.ops`` (boxes as (x₁, y₁, x₂, y₂), upper
left and lower right corners, x₁ ≤ x₂ and y₁ ≤ y₂).
"""

from __future__ import annotations

import numpy as np


def _boxes(name: str, boxes: np.ndarray) -> np.ndarray:
    boxes = np.asarray(boxes, dtype=float)
    if boxes.ndim == 1:
        boxes = boxes[None, :]
    if boxes.ndim != 2 or boxes.shape[1] != 4:
        raise ValueError(f"{name} must have shape (N, 4) as (x1, y1, x2, y2), got {boxes.shape}")
    if np.any(boxes[:, 2] < boxes[:, 0]) or np.any(boxes[:, 3] < boxes[:, 1]):
        raise ValueError(f"{name} must have x1 <= x2 and y1 <= y2 (corner format)")
    return boxes


def box_area(boxes: np.ndarray) -> np.ndarray:
    """``(x₂ − x₁)·(y₂ − y₁)`` of each box (``torchvision.ops.box_area``).

    Examples
    --------
    >>> box_area(np.array([[50.0, 50, 150, 150], [0, 0, 2, 3]])).tolist()
    [10000.0, 6.0]
    """
    boxes = _boxes("boxes", boxes)
    return (boxes[:, 2] - boxes[:, 0]) * (boxes[:, 3] - boxes[:, 1])


def box_cxcywh_to_xyxy(boxes: np.ndarray) -> np.ndarray:
    """(center x, center y, width, height) to corners: ``(cx − w/2, cy − h/2, cx + w/2,
    cy + h/2)`` (``torchvision.ops.box_convert(..., "cxcywh", "xyxy")``).

    Examples
    --------
    >>> box_cxcywh_to_xyxy(np.array([[100.0, 100, 100, 100]]))
    array([[ 50.,  50., 150., 150.]])
    """
    boxes = np.atleast_2d(np.asarray(boxes, dtype=float))
    if boxes.shape[-1] != 4 or np.any(boxes[:, 2:] < 0):
        raise ValueError("boxes must be (N, 4) as (cx, cy, w, h) with w, h >= 0")
    half = boxes[:, 2:] / 2
    return np.concatenate([boxes[:, :2] - half, boxes[:, :2] + half], axis=1)


def box_iou(boxes1: np.ndarray, boxes2: np.ndarray) -> np.ndarray:
    """Intersection over union of every pair (``torchvision.ops.box_iou``).

    ``IoU(A, B) = |A ∩ B| / (|A| + |B| − |A ∩ B|)``, where the intersection is the box
    ``(max x₁, max y₁, min x₂, min y₂)`` with its width and height clamped at 0 (no
    overlap gives 0).

    Parameters
    ----------
    boxes1 : (N, 4) or (4,)
    boxes2 : (M, 4) or (4,)

    Returns
    -------
    ndarray of shape (N, M)

    Raises
    ------
    ValueError
        If a box is not (x1, y1, x2, y2) with x1 <= x2 and y1 <= y2.

    Examples
    --------
    The card's boxes: they overlap on 90 × 90 = 8,100 of a union of 11,900.

    >>> np.round(box_iou(np.array([40.0, 60, 140, 160]), np.array([50.0, 50, 150, 150])), 4)
    array([[0.6807]])
    """
    a, b = _boxes("boxes1", boxes1), _boxes("boxes2", boxes2)
    top_left = np.maximum(a[:, None, :2], b[None, :, :2])  # (N, M, 2)
    bottom_right = np.minimum(a[:, None, 2:], b[None, :, 2:])  # (N, M, 2)
    sides = np.clip(bottom_right - top_left, 0.0, None)
    intersection = sides[..., 0] * sides[..., 1]  # (N, M)
    union = box_area(a)[:, None] + box_area(b)[None, :] - intersection
    with np.errstate(invalid="ignore", divide="ignore"):
        return intersection / union  # 0 / 0 = nan for two empty boxes, as torchvision


def nms(boxes: np.ndarray, scores: np.ndarray, iou_threshold: float) -> np.ndarray:
    """Non-maximum suppression (``torchvision.ops.nms``).

    Take the boxes by decreasing score; keep the best remaining one and drop every other
    remaining box whose IoU with it is greater than ``iou_threshold``; repeat.

    Returns
    -------
    ndarray of int
        The indices of the kept boxes, by decreasing score.

    Examples
    --------
    The card's A (0.9), B (0.8) and C (0.7): B overlaps A with IoU ≈ 0.68 and is dropped.

    >>> boxes = np.array([[50.0, 50, 150, 150], [40, 60, 140, 160], [200, 40, 300, 140]])
    >>> nms(boxes, np.array([0.9, 0.8, 0.7]), 0.5)
    array([0, 2])
    """
    boxes = _boxes("boxes", boxes)
    scores = np.asarray(scores, dtype=float)
    if scores.shape != (len(boxes),):
        raise ValueError(f"scores must have shape ({len(boxes)},), got {scores.shape}")
    order = list(np.argsort(-scores, kind="stable"))
    kept: list[int] = []
    while order:
        best = order.pop(0)
        kept.append(int(best))
        if order:
            overlaps = box_iou(boxes[best], boxes[order])[0]
            order = [i for i, iou in zip(order, overlaps, strict=True) if not iou > iou_threshold]
    return np.array(kept, dtype=int)
