"""Independent recomputation of the IoU templates' answers: count the unit pixels."""

from __future__ import annotations


def _pixels(x1, y1, x2, y2):
    return {(x, y) for x in range(int(x1), int(x2)) for y in range(int(y1), int(y2))}


def box_iou_corners(params):
    a, b = _pixels(*params["A"]), _pixels(*params["B"])
    return len(a & b) / len(a | b)


def box_iou_center_format(params):
    def corners(cx, cy, w, h):
        return cx - w / 2, cy - h / 2, cx + w / 2, cy + h / 2

    a, b = _pixels(*corners(*params["A"])), _pixels(*corners(*params["B"]))
    return len(a & b) / len(a | b)


INDEPENDENT = {
    "box-iou-corners": box_iou_corners,
    "box-iou-center-format": box_iou_center_format,
}


def test_card_example():
    iou = box_iou_corners({"A": [40, 60, 140, 160], "B": [50, 50, 150, 150]})
    assert abs(iou - 8100 / 11900) < 1e-12
