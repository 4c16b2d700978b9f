"""Demos of engine.detection."""

from __future__ import annotations

import numpy as np

from engine import detection
from engine.demos import Step


def box_iou(rng: np.random.Generator) -> list[Step]:
    """A predicted box against the true box: intersection, union, IoU; then NMS."""
    truth = np.array([50.0, 50.0, 150.0, 150.0])
    dx, dy = (float(v) for v in rng.choice([-30.0, -20.0, -10.0, 10.0, 20.0, 30.0], size=2))
    predicted = truth + np.array([dx, dy, dx, dy])
    top_left = np.maximum(truth[:2], predicted[:2])
    bottom_right = np.minimum(truth[2:], predicted[2:])
    intersection = float(np.prod(np.clip(bottom_right - top_left, 0, None)))
    areas = detection.box_area(np.stack([predicted, truth]))
    far = np.array([200.0, 40.0, 300.0, 140.0])
    boxes = np.stack([truth, predicted, far])
    return [
        Step("True box (x₁, y₁, x₂, y₂)", "真实框 (x₁, y₁, x₂, y₂)", truth),
        Step("Predicted box", "预测框", predicted),
        Step(
            "Intersection (max x₁, max y₁, min x₂, min y₂)",
            "交集 (max x₁, max y₁, min x₂, min y₂)",
            np.concatenate([top_left, bottom_right]),
        ),
        Step("Its area |A ∩ B|", "交集面积 |A ∩ B|", intersection),
        Step(
            "Union |A| + |B| − |A ∩ B|",
            "并集 |A| + |B| − |A ∩ B|",
            float(areas.sum() - intersection),
        ),
        Step(
            "IoU = |A ∩ B| / |A ∪ B|",
            "IoU = |A ∩ B| / |A ∪ B|",
            float(detection.box_iou(predicted, truth)[0, 0]),
        ),
        Step(
            "NMS at 0.5 on (true 0.9, predicted 0.8, a far box 0.7): kept indices",
            "阈值 0.5 的 NMS（真实框 0.9、预测框 0.8、远处的框 0.7）：保留的序号",
            detection.nms(boxes, np.array([0.9, 0.8, 0.7]), 0.5),
        ),
    ]
