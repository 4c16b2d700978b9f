"""Activation functions: the elementwise nonlinearities between linear layers.

Each takes an array of any shape and returns a new float64 array of the same shape,
as ``torch.relu``, ``torch.sigmoid``, ``torch.tanh`` and ``F.gelu`` do.
"""

from __future__ import annotations

import math

import numpy as np


def relu(x: np.ndarray) -> np.ndarray:
    """Rectified linear unit (Nair & Hinton 2010).

    ``relu(x) = max(x, 0)``, elementwise.

    Parameters
    ----------
    x : array_like of any shape

    Returns
    -------
    ndarray of the same shape as x

    Examples
    --------
    >>> relu(np.array([-1.5, 0.0, 2.0]))
    array([0., 0., 2.])
    """
    x = np.asarray(x, dtype=float)
    return np.maximum(x, 0.0)


def sigmoid(x: np.ndarray) -> np.ndarray:
    """Logistic sigmoid.

    ``sigmoid(x) = 1 / (1 + exp(-x))``, elementwise.

    Computed as ``1 / (1 + e)`` for x >= 0 and ``e / (1 + e)`` for x < 0 with
    ``e = exp(-|x|)``, so ``exp`` never overflows (exact for x = ±1e4).

    Parameters
    ----------
    x : array_like of any shape

    Returns
    -------
    ndarray of the same shape as x, values in [0, 1]

    Examples
    --------
    >>> np.round(sigmoid(np.array([-1e4, 0.0, 2.0])), 4)
    array([0.    , 0.5   , 0.8808])
    """
    x = np.asarray(x, dtype=float)
    e = np.exp(-np.abs(x))  # in (0, 1]: never overflows
    return np.where(x >= 0, 1.0 / (1.0 + e), e / (1.0 + e))


def tanh(x: np.ndarray) -> np.ndarray:
    """Hyperbolic tangent.

    ``tanh(x) = (exp(x) - exp(-x)) / (exp(x) + exp(-x)) = 2 * sigmoid(2x) - 1``, elementwise.

    Parameters
    ----------
    x : array_like of any shape

    Returns
    -------
    ndarray of the same shape as x, values in [-1, 1]

    Examples
    --------
    >>> np.round(tanh(np.array([-1.0, 0.0, 1.0])), 4)
    array([-0.7616,  0.    ,  0.7616])
    """
    return np.tanh(np.asarray(x, dtype=float))


SQRT_2_OVER_PI = math.sqrt(2.0 / math.pi)
"""√(2/π) ≈ 0.7979, the scale inside GELU's tanh approximation."""
GELU_CUBIC = 0.044715
"""The cubic coefficient of GELU's tanh approximation (Hendrycks & Gimpel 2016)."""


def normal_cdf(x: np.ndarray) -> np.ndarray:
    """Φ(x), the standard normal cumulative distribution function.

    ``Φ(x) = (1 + erf(x / √2)) / 2``, elementwise, with ``math.erf`` (NumPy has no erf and
    one scalar function is enough for the small arrays of the demos and quizzes).

    Examples
    --------
    >>> np.round(normal_cdf(np.array([-1.0, 0.0, 1.0])), 4)
    array([0.1587, 0.5   , 0.8413])
    """
    x = np.asarray(x, dtype=float)
    erf = np.vectorize(math.erf, otypes=[float])
    return 0.5 * (1.0 + erf(x / math.sqrt(2.0)))


def gelu(x: np.ndarray, approximate: str = "none") -> np.ndarray:
    """Gaussian error linear unit (Hendrycks & Gimpel 2016), as ``F.gelu``.

    Exact (``approximate="none"``), elementwise::

        GELU(z) = z · Φ(z) = (z / 2) · (1 + erf(z / √2))

    Tanh approximation (``approximate="tanh"``)::

        GELU(z) ≈ (z / 2) · (1 + tanh(√(2/π) · (z + 0.044715 z³)))

    Its derivative (exact form) is ``Φ(z) + z · φ(z)`` with the normal density
    ``φ(z) = exp(−z²/2) / √(2π)`` (see :func:`gelu_derivative`).

    Raises
    ------
    ValueError
        If ``approximate`` is neither ``"none"`` nor ``"tanh"``.

    Examples
    --------
    >>> np.round(gelu(np.array([-1.0, 0.0, 1.0, 3.0])), 4)
    array([-0.1587,  0.    ,  0.8413,  2.996 ])
    >>> np.round(gelu(np.array([1.0]), approximate="tanh"), 4)
    array([0.8412])
    """
    x = np.asarray(x, dtype=float)
    if approximate == "none":
        return x * normal_cdf(x)
    if approximate == "tanh":
        return 0.5 * x * (1.0 + np.tanh(SQRT_2_OVER_PI * (x + GELU_CUBIC * x**3)))
    raise ValueError(f"approximate must be 'none' or 'tanh', got {approximate!r}")


def gelu_derivative(x: np.ndarray) -> np.ndarray:
    """The slope of the exact GELU: ``d/dz z·Φ(z) = Φ(z) + z · φ(z)``, elementwise.

    ``φ(z) = exp(−z²/2) / √(2π)`` is the standard normal density.

    Examples
    --------
    >>> np.round(gelu_derivative(np.array([0.0, 1.0])), 4)
    array([0.5   , 1.0833])
    """
    x = np.asarray(x, dtype=float)
    density = np.exp(-0.5 * x**2) / math.sqrt(2.0 * math.pi)
    return normal_cdf(x) + x * density
