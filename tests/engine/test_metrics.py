"""engine.metrics against hand counts and plain loops (no PyTorch counterpart)."""

from __future__ import annotations

import numpy as np
import pytest

from engine import metrics


def test_confusion_matrix_by_hand():
    # the cat/dog/bird table of content/training/confusion-matrix.yaml
    y_true = [0] * 8 + [1] * 7 + [2] * 5
    y_pred = [0] * 6 + [1] * 2 + [0] + [1] * 5 + [2] + [1] + [2] * 4
    expected = [[6, 2, 0], [1, 5, 1], [0, 1, 4]]
    assert metrics.confusion_matrix(y_true, y_pred, 3).tolist() == expected
    assert metrics.accuracy(y_true, y_pred) == 0.75


@pytest.mark.parametrize("seed", range(20))
def test_metrics_agree_with_loops_and_each_other(seed):
    rng = np.random.default_rng(seed)
    n, c = int(rng.integers(1, 40)), int(rng.integers(2, 5))
    y_true, y_pred = rng.integers(0, c, size=n), rng.integers(0, c, size=n)
    matrix = metrics.confusion_matrix(y_true, y_pred, c)
    loops = np.zeros((c, c), dtype=int)
    for t, p in zip(y_true, y_pred, strict=True):
        loops[t, p] += 1
    assert matrix.tolist() == loops.tolist()
    assert metrics.accuracy(y_true, y_pred) == pytest.approx(np.trace(matrix) / n)
    positive = int(rng.integers(0, c))
    tp = matrix[positive, positive]
    fp = matrix[:, positive].sum() - tp
    fn = matrix[positive].sum() - tp
    precision, recall, f1 = metrics.precision_recall_f1(y_true, y_pred, positive)
    assert precision == pytest.approx(tp / (tp + fp) if tp + fp else 0.0)
    assert recall == pytest.approx(tp / (tp + fn) if tp + fn else 0.0)
    harmonic = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    assert f1 == pytest.approx(harmonic)


def test_zero_denominators_give_zero():
    assert metrics.precision_recall_f1([0, 0], [0, 0]) == (0.0, 0.0, 0.0)
    assert metrics.precision_recall_f1_counts(0, 3, 0) == (0.0, 0.0, 0.0)


@pytest.mark.parametrize(
    ("call", "words"),
    [
        (lambda: metrics.accuracy([0, 1], [0]), "y_true has 2 labels"),
        (lambda: metrics.accuracy([], []), "empty"),
        (lambda: metrics.accuracy([[0]], [[0]]), "one-dimensional"),
        (lambda: metrics.accuracy([0.5], [1.0]), "integer"),
        (lambda: metrics.confusion_matrix([0, 3], [0, 1], 3), "y_true holds class ids"),
        (lambda: metrics.confusion_matrix([0], [0], 0), "num_classes"),
        (lambda: metrics.precision_recall_f1_counts(1, -1, 0), "fp must be"),
    ],
)
def test_bad_input_raises(call, words):
    with pytest.raises(ValueError, match=words):
        call()
