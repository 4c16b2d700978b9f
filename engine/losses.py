"""Loss functions and the softmax they are built on.

Each loss reduces to a Python float by the mean, as PyTorch's default
``reduction="mean"`` does. Softmax and cross-entropy subtract the max logit before
``exp`` so that logits of ±1e4 give exact results instead of ``inf / inf``.
"""

from __future__ import annotations

import numpy as np

# torch.nn.functional.binary_cross_entropy clamps each log to >= -100 so that p = 0 or 1
# gives a large finite loss instead of inf.
BCE_LOG_FLOOR = -100.0


def mse(pred: np.ndarray, target: np.ndarray) -> float:
    """Mean squared error (``F.mse_loss``).

    ``mse = mean((pred - target) ** 2)``, mean over every element.

    Parameters
    ----------
    pred : array_like of any shape
    target : array_like of the same shape as pred

    Returns
    -------
    float

    Raises
    ------
    ValueError
        If pred and target differ in shape, or are empty.

    Examples
    --------
    >>> mse(np.array([1.0, 2.0]), np.array([1.0, 4.0]))
    2.0
    """
    pred = np.asarray(pred, dtype=float)
    target = np.asarray(target, dtype=float)
    if pred.shape != target.shape:
        raise ValueError(f"pred has shape {pred.shape} but target has shape {target.shape}")
    if pred.size == 0:
        raise ValueError("pred is empty: the mean of no elements is undefined")
    return float(np.mean((pred - target) ** 2))


def softmax(x: np.ndarray, axis: int = -1) -> np.ndarray:
    """Softmax along one axis (``F.softmax``).

    ``softmax(x)_i = exp(x_i - max(x)) / sum_j exp(x_j - max(x))`` along ``axis``.
    Subtracting the max changes nothing mathematically and keeps every ``exp`` in (0, 1].

    Parameters
    ----------
    x : array_like with at least one dimension
    axis : int, default -1
        The axis that sums to 1.

    Returns
    -------
    ndarray of the same shape as x

    Raises
    ------
    ValueError
        If x is 0-dimensional or axis is out of range (``numpy.exceptions.AxisError``).

    Examples
    --------
    >>> np.round(softmax(np.array([1.0, 2.0, 3.0])), 4)
    array([0.09  , 0.2447, 0.6652])
    >>> softmax(np.array([1e4, -1e4]))
    array([1., 0.])
    """
    x = _at_least_1d(x)
    shifted = x - np.max(x, axis=axis, keepdims=True)  # largest entry is 0
    e = np.exp(shifted)
    return e / np.sum(e, axis=axis, keepdims=True)


def log_softmax(x: np.ndarray, axis: int = -1) -> np.ndarray:
    """Logarithm of the softmax, computed without forming the softmax (``F.log_softmax``).

    ``log_softmax(x)_i = (x_i - m) - log(sum_j exp(x_j - m))`` with ``m = max(x)``
    along ``axis``; natural log. ``log(softmax(x))`` would give ``log(0) = -inf`` where
    this gives the exact large negative value.

    Parameters
    ----------
    x : array_like with at least one dimension
    axis : int, default -1

    Returns
    -------
    ndarray of the same shape as x

    Raises
    ------
    ValueError
        If x is 0-dimensional or axis is out of range (``numpy.exceptions.AxisError``).

    Examples
    --------
    >>> np.round(log_softmax(np.array([1.0, 2.0, 3.0])), 4)
    array([-2.4076, -1.4076, -0.4076])
    >>> log_softmax(np.array([1e4, -1e4]))
    array([     0., -20000.])
    """
    x = _at_least_1d(x)
    shifted = x - np.max(x, axis=axis, keepdims=True)
    return shifted - np.log(np.sum(np.exp(shifted), axis=axis, keepdims=True))


def cross_entropy(logits: np.ndarray, target: np.ndarray | int) -> float:
    """Softmax cross-entropy with integer class targets (``F.cross_entropy``).

    ``loss = -mean_n log_softmax(logits)[n, target[n]]``: mean over the batch,
    natural log. Uses :func:`log_softmax`, so logits of ±1e4 give the exact loss.
    Unlike PyTorch there is no ``ignore_index``: every target must be a class id.

    Parameters
    ----------
    logits : array_like of shape (N, C), or (C,) for a single example
    target : array_like of int of shape (N,), or an int when logits is (C,)
        Class ids in ``[0, C)``.

    Returns
    -------
    float

    Raises
    ------
    ValueError
        If logits is not (N, C) or (C,), the batch or the classes are empty, target's
        shape does not match, target holds non-integers, or a class id is outside [0, C).

    Examples
    --------
    >>> round(cross_entropy(np.array([[2.0, 0.0], [0.0, 2.0]]), np.array([0, 0])), 4)
    1.1269
    >>> cross_entropy(np.array([1e4, -1e4]), 1)
    20000.0
    """
    logits = np.asarray(logits, dtype=float)
    target = np.asarray(target)
    if logits.ndim == 1:
        if target.ndim != 0:
            raise ValueError(f"target must be one class id when logits is (C,), got {target.shape}")
        logits, target = logits[None, :], target[None]  # a batch of one: (1, C), (1,)
    if logits.ndim != 2:
        raise ValueError(f"logits must have shape (N, C) or (C,), got {logits.shape}")
    n, c = logits.shape
    if n == 0 or c == 0:
        raise ValueError(f"logits must have at least one row and one class, got {logits.shape}")
    if target.shape != (n,):
        raise ValueError(f"target must have shape ({n},) to match logits, got {target.shape}")
    if not np.issubdtype(target.dtype, np.integer):
        raise ValueError(f"target must hold integer class ids, got dtype {target.dtype}")
    if np.any((target < 0) | (target >= c)):
        raise ValueError(f"target holds class ids outside [0, {c}): {target.tolist()}")
    log_probs = log_softmax(logits, axis=1)  # (N, C)
    picked = log_probs[np.arange(n), target]  # (N,) log-probability of the true class
    return float(-np.mean(picked))


def binary_cross_entropy(p: np.ndarray, y: np.ndarray) -> float:
    """Binary cross-entropy on probabilities (``F.binary_cross_entropy``).

    ``loss = -mean(y * max(log p, -100) + (1 - y) * max(log(1 - p), -100))``: mean over
    every element, natural log. The clamp at -100 is PyTorch's: p of exactly 0 or 1 gives
    a large finite loss, not inf. ``log(1 - p)`` is computed as ``log1p(-p)``, exact for
    small p.

    Parameters
    ----------
    p : array_like of any shape
        Predicted probabilities in [0, 1].
    y : array_like of the same shape as p
        Targets in [0, 1] (usually 0 or 1).

    Returns
    -------
    float

    Raises
    ------
    ValueError
        If p and y differ in shape, are empty, or hold values outside [0, 1].

    Examples
    --------
    >>> round(binary_cross_entropy(np.array([0.9, 0.2]), np.array([1.0, 0.0])), 4)
    0.1643
    >>> binary_cross_entropy(np.array([0.0]), np.array([1.0]))
    100.0
    """
    p = np.asarray(p, dtype=float)
    y = np.asarray(y, dtype=float)
    if p.shape != y.shape:
        raise ValueError(f"p has shape {p.shape} but y has shape {y.shape}")
    if p.size == 0:
        raise ValueError("p is empty: the mean of no elements is undefined")
    if not np.all((p >= 0) & (p <= 1)):  # also rejects NaN
        raise ValueError("p must hold probabilities in [0, 1]")
    if not np.all((y >= 0) & (y <= 1)):
        raise ValueError("y must hold targets in [0, 1]")
    with np.errstate(divide="ignore"):  # log(0) = -inf is clamped just below
        log_p = np.maximum(np.log(p), BCE_LOG_FLOOR)
        log_not_p = np.maximum(np.log1p(-p), BCE_LOG_FLOOR)
    return float(-np.mean(y * log_p + (1 - y) * log_not_p))


def _at_least_1d(x: np.ndarray) -> np.ndarray:
    """x as a float64 array, refusing 0-d input (a softmax over one number is a no-op)."""
    x = np.asarray(x, dtype=float)
    if x.ndim == 0:
        raise ValueError("x must have at least one dimension, got a scalar")
    return x
