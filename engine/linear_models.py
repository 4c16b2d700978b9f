"""The two basic linear models trained by gradient descent: softmax regression
(classification) and linear regression (one output, squared error).

Both compute an affine map of the features and move its weights against the gradient of
the mean loss over a batch. Shapes follow ``nn.Linear``: W is (K, d) for K outputs and d
features, x is (N, d) or one example (d,).
"""

from __future__ import annotations

import numpy as np

from engine.losses import cross_entropy, softmax


def _check_lr(lr: float) -> None:
    if not lr >= 0:
        raise ValueError(f"lr must be >= 0, got {lr}")


def _batch(x: np.ndarray, d: int) -> np.ndarray:
    x = np.atleast_2d(np.asarray(x, dtype=float))
    if x.ndim != 2 or x.shape[1] != d:
        raise ValueError(f"x must have shape (N, {d}) or ({d},), got {np.shape(x)}")
    return x


def softmax_regression_grads(
    x: np.ndarray, y: np.ndarray | int, W: np.ndarray, b: np.ndarray
) -> tuple[float, np.ndarray, np.ndarray, np.ndarray]:
    """Loss and gradients of softmax regression (a ``nn.Linear`` and ``F.cross_entropy``).

    ``z = x Wᵀ + b``, ``ŷ = softmax(z)``, ``L = mean_i −log ŷ_{i, y_i}``. With Y the
    one-hot targets, the gradient with respect to the logits is ``(ŷ − Y) / N``
    (prediction minus target), hence ``∂L/∂W = ((ŷ − Y) / N)ᵀ x`` and
    ``∂L/∂b = Σ_i (ŷ_i − Y_i) / N``.

    Parameters
    ----------
    x : (N, d) or (d,) features
    y : (N,) or int, class indices in [0, K)
    W : (K, d) weights, one row per class
    b : (K,) biases

    Returns
    -------
    (loss, dz, dW, db) : float, (N, K), (K, d), (K,)

    Raises
    ------
    ValueError
        If the shapes do not fit or a class index is out of range.

    Examples
    --------
    The card's example: x = [1, 2], three classes, the true class 1 ("dog"):

    >>> W = np.array([[1.0, 0.5], [0.0, 0.5], [-1.0, 0.5]])
    >>> loss, dz, dW, db = softmax_regression_grads(np.array([1.0, 2.0]), 1, W, np.zeros(3))
    >>> round(loss, 3), np.round(dz, 3), np.round(dW[1], 3)
    (1.408, array([[ 0.665, -0.755,  0.09 ]]), array([-0.755, -1.511]))
    """
    W = np.asarray(W, dtype=float)
    b = np.asarray(b, dtype=float)
    if W.ndim != 2 or b.shape != (W.shape[0],):
        raise ValueError(f"W must be (K, d) and b (K,), got {W.shape} and {b.shape}")
    x = _batch(x, W.shape[1])
    y = np.atleast_1d(np.asarray(y))
    if y.shape != (x.shape[0],) or not np.issubdtype(y.dtype, np.integer):
        raise ValueError(f"y must hold {x.shape[0]} integer class indices, got {y!r}")
    if np.any((y < 0) | (y >= W.shape[0])):
        raise ValueError(f"class indices must be in [0, {W.shape[0]}), got {y.tolist()}")
    z = x @ W.T + b  # (N, K)
    loss = cross_entropy(z, y)
    dz = softmax(z)
    dz[np.arange(len(y)), y] -= 1.0
    dz /= len(y)
    return loss, dz, dz.T @ x, dz.sum(axis=0)


def softmax_regression_step(
    x: np.ndarray, y: np.ndarray | int, W: np.ndarray, b: np.ndarray, lr: float
) -> tuple[np.ndarray, np.ndarray]:
    """One gradient-descent step of softmax regression: ``W − lr·∂L/∂W``, ``b − lr·∂L/∂b``.

    See :func:`softmax_regression_grads` for the gradients. Returns the new ``(W, b)``.

    Examples
    --------
    >>> W = np.array([[1.0, 0.5], [0.0, 0.5], [-1.0, 0.5]])
    >>> W2, b2 = softmax_regression_step(np.array([1.0, 2.0]), 1, W, np.zeros(3), lr=0.1)
    >>> np.round(W2 @ np.array([1.0, 2.0]) + b2, 3)
    array([ 1.601,  1.453, -0.054])
    """
    _check_lr(lr)
    _, _, dW, db = softmax_regression_grads(x, y, W, b)
    return np.asarray(W, dtype=float) - lr * dW, np.asarray(b, dtype=float) - lr * db


def linear_regression_grads(
    x: np.ndarray, y: np.ndarray, w: np.ndarray | float, b: float
) -> tuple[float, np.ndarray, float]:
    """Mean squared error of ``ŷ = x w + b`` and its gradients (``F.mse_loss``).

    ``L = (1/N) Σ_i (ŷ_i − y_i)²``, so ``∂L/∂w = (2/N) Σ_i (ŷ_i − y_i) x_i`` and
    ``∂L/∂b = (2/N) Σ_i (ŷ_i − y_i)``: the error times the input.

    Parameters
    ----------
    x : (N, d) or (N,) for one feature
    y : (N,) targets
    w : (d,) weights (or a number for one feature)
    b : the bias

    Returns
    -------
    (loss, dw, db) : float, (d,), float

    Examples
    --------
    >>> loss, dw, db = linear_regression_grads(np.array([1.0, 2.0]), np.array([3.0, 5.0]), 1.0, 0.0)
    >>> loss, dw, db
    (6.5, array([-8.]), -5.0)
    """
    w = np.atleast_1d(np.asarray(w, dtype=float))
    x = np.asarray(x, dtype=float)
    x = x.reshape(-1, 1) if x.ndim == 1 and w.shape == (1,) else x
    x = _batch(x, w.shape[0])
    y = np.asarray(y, dtype=float).reshape(-1)
    if y.shape != (x.shape[0],):
        raise ValueError(f"y must hold {x.shape[0]} targets, got shape {y.shape}")
    error = x @ w + float(b) - y  # (N,)
    n = len(y)
    return float(np.mean(error**2)), 2.0 / n * (x.T @ error), float(2.0 / n * error.sum())


def linear_regression_step(
    x: np.ndarray, y: np.ndarray, w: np.ndarray | float, b: float, lr: float
) -> tuple[np.ndarray, float]:
    """One gradient-descent step on the mean squared error: ``w − lr·∂L/∂w``, ``b − lr·∂L/∂b``.

    See :func:`linear_regression_grads`. Returns the new ``(w, b)``.

    Examples
    --------
    >>> w, b = linear_regression_step(np.array([1.0, 2.0]), np.array([3.0, 5.0]), 1.0, 0.0, 0.1)
    >>> w, round(b, 4)
    (array([1.8]), 0.5)
    """
    _check_lr(lr)
    _, dw, db = linear_regression_grads(x, y, w, b)
    return np.atleast_1d(np.asarray(w, dtype=float)) - lr * dw, float(b) - lr * db


def least_squares_line(x: np.ndarray, y: np.ndarray) -> tuple[float, float]:
    """The closed-form best line ``ŷ = w x + b`` for one feature (ordinary least squares).

    ``w = Σ(x_i − x̄)(y_i − ȳ) / Σ(x_i − x̄)²`` and ``b = ȳ − w x̄``: the minimizer of the
    mean squared error, ``(XᵀX)⁻¹Xᵀy`` with a column of ones in X.

    Raises
    ------
    ValueError
        If x and y differ in length or all x are equal (no unique line).

    Examples
    --------
    The card's noisy points (1, 3), (2, 5), (3, 6), (4, 8):

    >>> w, b = least_squares_line(np.array([1.0, 2, 3, 4]), np.array([3.0, 5, 6, 8]))
    >>> round(w, 4), round(b, 4)
    (1.6, 1.5)
    """
    x = np.asarray(x, dtype=float).reshape(-1)
    y = np.asarray(y, dtype=float).reshape(-1)
    if x.shape != y.shape or len(x) < 2:
        raise ValueError(f"x and y must be two or more paired values, got {x.shape}, {y.shape}")
    dx = x - x.mean()
    spread = float(dx @ dx)
    if spread == 0:
        raise ValueError("all x are equal: no unique least-squares line")
    w = float(dx @ (y - y.mean())) / spread
    return w, float(y.mean() - w * x.mean())
