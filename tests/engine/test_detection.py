"""engine.detection: IoU checked by counting pixels, against torchvision.ops when it is
installed (it is not a dependency: skipped otherwise), and its slope in the coordinates
by finite differences against torch autograd."""

from __future__ import annotations

import numpy as np
import pytest

from engine import detection
from engine.calculus import numerical_gradient
from engine.demos import Step
from engine.demos import detection as demos


def _pixels(box):
    x1, y1, x2, y2 = (int(v) for v in box)
    return {(x, y) for x in range(x1, x2) for y in range(y1, y2)}


@pytest.mark.parametrize("seed", range(30))
def test_iou_by_counting_pixels(seed):
    """On integer boxes, IoU is |A ∩ B| / |A ∪ B| of the sets of unit pixels they cover."""
    rng = np.random.default_rng(seed)
    corners = np.sort(rng.integers(0, 12, size=(2, 2, 2)), axis=1)  # (box, (lo, hi), axis)
    boxes = np.stack([corners[:, 0, 0], corners[:, 0, 1], corners[:, 1, 0], corners[:, 1, 1]], 1)
    a, b = _pixels(boxes[0]), _pixels(boxes[1])
    if not a | b:
        return
    got = detection.box_iou(boxes[0], boxes[1])[0, 0]
    assert got == pytest.approx(len(a & b) / len(a | b))


def test_matches_torchvision_when_installed():
    torchvision = pytest.importorskip("torchvision", reason="torchvision is not a dependency")
    torch = pytest.importorskip("torch")
    rng = np.random.default_rng(0)
    lo = rng.uniform(0, 50, size=(6, 2))
    boxes = np.concatenate([lo, lo + rng.uniform(1, 40, size=(6, 2))], axis=1)
    expected = torchvision.ops.box_iou(torch.tensor(boxes[:3]), torch.tensor(boxes[3:]))
    np.testing.assert_allclose(detection.box_iou(boxes[:3], boxes[3:]), expected.numpy(), rtol=1e-6)
    scores = rng.uniform(size=6)
    kept = torchvision.ops.nms(torch.tensor(boxes), torch.tensor(scores), 0.3).numpy()
    np.testing.assert_array_equal(detection.nms(boxes, scores, 0.3), kept)


def test_iou_properties():
    a = np.array([[0.0, 0, 4, 4], [10, 10, 12, 12]])
    b = np.array([[0.0, 0, 4, 4], [2, 0, 6, 4], [4, 0, 8, 4]])
    iou = detection.box_iou(a, b)
    assert iou.shape == (2, 3)
    np.testing.assert_allclose(iou[0], [1.0, 8 / 24, 0.0])  # identical, half-overlap, touching
    np.testing.assert_allclose(iou[1], 0.0)
    np.testing.assert_allclose(detection.box_iou(b, a), iou.T)


def test_slope_matches_torch_autograd_by_finite_differences():
    torch = pytest.importorskip("torch", reason="PyTorch not installed")
    a = np.array([1.0, 2.0, 7.5, 6.0])
    b = np.array([3.0, 1.0, 9.0, 5.5])
    numeric = numerical_gradient(lambda t: float(detection.box_iou(t, b)[0, 0]), a)
    ta, tb = torch.tensor(a, requires_grad=True), torch.tensor(b)
    w = torch.clamp(torch.minimum(ta[2], tb[2]) - torch.maximum(ta[0], tb[0]), min=0)
    h = torch.clamp(torch.minimum(ta[3], tb[3]) - torch.maximum(ta[1], tb[1]), min=0)
    inter = w * h
    union = (ta[2] - ta[0]) * (ta[3] - ta[1]) + (tb[2] - tb[0]) * (tb[3] - tb[1]) - inter
    (inter / union).backward()
    np.testing.assert_allclose(numeric, ta.grad.numpy(), rtol=1e-5, atol=1e-9)


def test_center_format_conversion_and_nms_by_hand():
    np.testing.assert_allclose(
        detection.box_cxcywh_to_xyxy(np.array([[5.0, 5, 4, 2]])), [[3.0, 4, 7, 6]]
    )
    boxes = np.array([[0.0, 0, 10, 10], [1, 1, 11, 11], [0, 0, 10, 9], [20, 20, 30, 30]])
    # 1 overlaps 0 with IoU 81/119 ≈ 0.68, 2 overlaps 0 with 0.9: both dropped at 0.5.
    assert detection.nms(boxes, np.array([0.9, 0.8, 0.95, 0.1]), 0.5).tolist() == [2, 3]
    assert detection.nms(boxes, np.array([0.9, 0.8, 0.95, 0.1]), 0.95).tolist() == [2, 0, 1, 3]


def test_bad_input_raises():
    with pytest.raises(ValueError, match="x1 <= x2"):
        detection.box_iou(np.array([5.0, 0, 1, 1]), np.array([0.0, 0, 1, 1]))
    with pytest.raises(ValueError, match=r"\(N, 4\)"):
        detection.box_iou(np.array([0.0, 0, 1]), np.array([0.0, 0, 1, 1]))
    with pytest.raises(ValueError, match="scores"):
        detection.nms(np.array([[0.0, 0, 1, 1]]), np.array([0.5, 0.4]), 0.5)


def test_demo():
    steps = demos.box_iou(np.random.default_rng(0))
    assert all(isinstance(s, Step) and s.en and s.zh for s in steps)
    assert repr(steps) == repr(demos.box_iou(np.random.default_rng(0)))
    assert 0 < steps[5].value < 1
