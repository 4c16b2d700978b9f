"""Derivatives by finite differences, and the chain rule on a small composition.

``numerical_gradient`` is the reference every hand-written gradient in the engine is
checked against (cs231n's gradient check): slow, but it needs only the function.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np


def numerical_gradient(
    f: Callable[[np.ndarray], float], x: np.ndarray, eps: float = 1e-6
) -> np.ndarray:
    """Gradient of a scalar function by central differences.

    ``grad[i] = (f(x + eps * e_i) - f(x - eps * e_i)) / (2 * eps)`` for every element i
    of x, where ``e_i`` is 1 at i and 0 elsewhere. The error is O(eps²) for smooth f
    (one-sided differences would give O(eps)).

    f is a black box, so it is called twice per element: this is the one place in the
    engine that loops over elements, and it is meant for small x.

    Parameters
    ----------
    f : callable
        Takes an array of x's shape and returns a scalar. It receives a fresh copy of x
        each time, so x itself is never changed.
    x : array_like of any shape
        The point at which to differentiate.
    eps : float, default 1e-6
        The half-width of the difference, > 0.

    Returns
    -------
    ndarray of the same shape as x

    Raises
    ------
    ValueError
        If eps is not > 0, or f returns something that is not a scalar.

    Examples
    --------
    The gradient of ``sum(x²)`` is ``2x``:

    >>> np.round(numerical_gradient(lambda v: np.sum(v**2), np.array([1.0, -3.0])), 6)
    array([ 2., -6.])
    """
    if not eps > 0:
        raise ValueError(f"eps must be > 0, got {eps}")
    x = np.asarray(x, dtype=float)
    grad = np.empty_like(x)
    for i in range(x.size):
        x_plus, x_minus = x.copy(), x.copy()
        x_plus.flat[i] += eps
        x_minus.flat[i] -= eps
        grad.flat[i] = (_scalar(f(x_plus)) - _scalar(f(x_minus))) / (2 * eps)
    return grad


def chain_rule_demo(x: float) -> dict[str, float]:
    """The chain rule on ``z = sin(y)``, ``y = x²``.

    ``dz/dx = dz/dy · dy/dx = cos(y) · 2x``, checked against the central difference
    ``(z(x + h) - z(x - h)) / 2h`` with h = 1e-6.

    Parameters
    ----------
    x : float

    Returns
    -------
    dict
        ``"y"``, ``"z"``, the local derivatives ``"dy_dx"`` (= 2x) and ``"dz_dy"``
        (= cos y), their product ``"dz_dx"``, and ``"dz_dx_numerical"``.

    Examples
    --------
    >>> parts = chain_rule_demo(1.0)
    >>> round(parts["dz_dy"], 4), parts["dy_dx"], round(parts["dz_dx"], 4)
    (0.5403, 2.0, 1.0806)
    >>> round(parts["dz_dx_numerical"], 4)
    1.0806
    """
    x = float(x)
    y = x**2
    z = np.sin(y)
    dy_dx = 2 * x
    dz_dy = np.cos(y)
    numerical = numerical_gradient(lambda v: np.sin(v**2), np.array(x))
    return {
        "y": y,
        "z": float(z),
        "dy_dx": dy_dx,
        "dz_dy": float(dz_dy),
        "dz_dx": float(dz_dy * dy_dx),
        "dz_dx_numerical": float(numerical),
    }


def _scalar(value: object) -> float:
    """value as a float, or a ValueError naming f if it is not a single number."""
    array = np.asarray(value)
    if array.ndim != 0:
        raise ValueError(f"f must return a scalar, got an array of shape {array.shape}")
    return float(array)
