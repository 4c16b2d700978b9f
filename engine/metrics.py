"""Classification metrics: the confusion matrix, accuracy, precision, recall and F1.

Labels are integer class ids. The confusion matrix puts the true class in the rows and
the predicted class in the columns (scikit-learn's layout). Where a ratio has a zero
denominator (no positive predictions, say) it is 0, as scikit-learn's default.
"""

from __future__ import annotations

import numpy as np

__all__ = ["accuracy", "confusion_matrix", "precision_recall_f1", "precision_recall_f1_counts"]


def _labels(y_true: np.ndarray, y_pred: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Both label arrays as 1-D integer arrays of the same, non-zero length."""
    arrays = []
    for name, labels in (("y_true", y_true), ("y_pred", y_pred)):
        array = np.asarray(labels)
        if array.ndim != 1:
            raise ValueError(f"{name} must be one-dimensional, got shape {array.shape}")
        if array.size and not np.issubdtype(array.dtype, np.integer):
            raise ValueError(f"{name} must hold integer class ids, got dtype {array.dtype}")
        arrays.append(array.astype(np.int64))
    if arrays[0].shape != arrays[1].shape:
        raise ValueError(f"y_true has {arrays[0].size} labels but y_pred has {arrays[1].size}")
    if arrays[0].size == 0:
        raise ValueError("y_true is empty: a metric of no examples is undefined")
    return arrays[0], arrays[1]


def confusion_matrix(y_true: np.ndarray, y_pred: np.ndarray, num_classes: int) -> np.ndarray:
    """Counts ``C[j, k]`` of examples with true class j predicted as class k.

    ``C[j, k] = sum_i 1(y_true[i] == j and y_pred[i] == k)``; rows are true classes,
    columns predicted ones, so the diagonal counts the correct predictions.

    Parameters
    ----------
    y_true, y_pred : array_like of int of shape (n,)
        Class ids in ``[0, num_classes)``.
    num_classes : int >= 1

    Returns
    -------
    ndarray of int64 of shape (num_classes, num_classes)

    Raises
    ------
    ValueError
        If the labels are not 1-D integer arrays of one length, are empty, or hold an id
        outside ``[0, num_classes)``, or num_classes < 1.

    Examples
    --------
    >>> confusion_matrix([0, 0, 1, 1], [0, 1, 1, 1], num_classes=2)
    array([[1, 1],
           [0, 2]])
    """
    y_true, y_pred = _labels(y_true, y_pred)
    if int(num_classes) != num_classes or num_classes < 1:
        raise ValueError(f"num_classes must be a positive integer, got {num_classes!r}")
    for name, labels in (("y_true", y_true), ("y_pred", y_pred)):
        if np.any((labels < 0) | (labels >= num_classes)):
            raise ValueError(f"{name} holds class ids outside [0, {num_classes})")
    counts = np.zeros((num_classes, num_classes), dtype=np.int64)
    np.add.at(counts, (y_true, y_pred), 1)  # add.at counts repeated (j, k) pairs
    return counts


def accuracy(y_true: np.ndarray, y_pred: np.ndarray) -> float:
    """Fraction of correct predictions: ``mean(y_true == y_pred)``.

    Raises
    ------
    ValueError
        If the labels are not 1-D integer arrays of one length, or are empty.

    Examples
    --------
    >>> accuracy([0, 2, 0, 1, 1], [2, 2, 0, 1, 2])
    0.6
    """
    y_true, y_pred = _labels(y_true, y_pred)
    return float(np.mean(y_true == y_pred))


def precision_recall_f1_counts(tp: int, fp: int, fn: int) -> tuple[float, float, float]:
    """Precision, recall and F1 from the counts of one positive class.

    ``precision = tp / (tp + fp)``, ``recall = tp / (tp + fn)``,
    ``f1 = 2 * precision * recall / (precision + recall) = 2 tp / (2 tp + fp + fn)``;
    each is 0 where its denominator is 0.

    Raises
    ------
    ValueError
        If a count is negative.

    Examples
    --------
    >>> [round(v, 4) for v in precision_recall_f1_counts(40, 20, 10)]
    [0.6667, 0.8, 0.7273]
    """
    for name, count in (("tp", tp), ("fp", fp), ("fn", fn)):
        if count < 0:
            raise ValueError(f"{name} must be >= 0, got {count}")
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    f1 = 2 * tp / (2 * tp + fp + fn) if tp else 0.0  # the harmonic mean, without 0/0
    return float(precision), float(recall), float(f1)


def precision_recall_f1(
    y_true: np.ndarray, y_pred: np.ndarray, positive: int = 1
) -> tuple[float, float, float]:
    """Precision, recall and F1 of class ``positive`` against all others.

    With ``tp = sum(pred == positive and true == positive)``,
    ``fp = sum(pred == positive and true != positive)``,
    ``fn = sum(pred != positive and true == positive)``: see
    :func:`precision_recall_f1_counts`. The true negatives enter none of the three.

    Raises
    ------
    ValueError
        If the labels are not 1-D integer arrays of one length, or are empty.

    Examples
    --------
    >>> precision_recall_f1([1, 1, 0, 0, 1], [1, 0, 1, 0, 1])
    (0.6666666666666666, 0.6666666666666666, 0.6666666666666666)
    """
    y_true, y_pred = _labels(y_true, y_pred)
    is_true, is_pred = y_true == positive, y_pred == positive
    tp = int(np.sum(is_true & is_pred))
    fp = int(np.sum(~is_true & is_pred))
    fn = int(np.sum(is_true & ~is_pred))
    return precision_recall_f1_counts(tp, fp, fn)
