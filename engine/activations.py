"""Activation functions: the elementwise nonlinearities between linear layers.

Each takes an array of any shape and returns a new float64 array of the same shape,
as ``torch.relu``, ``torch.sigmoid`` and ``torch.tanh`` do.
"""

from __future__ import annotations

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
