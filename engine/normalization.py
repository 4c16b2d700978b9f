"""Batch normalization (Ioffe & Szegedy 2015), with PyTorch's conventions.

Statistics are per channel, over the batch axis and any axes after the channel axis,
as ``torch.nn.BatchNorm1d`` computes them on (N, C) or (N, C, L) input. Training
normalizes with the batch's *biased* variance but feeds the *unbiased* one into the
running variance; evaluation uses the running statistics only.
"""

from __future__ import annotations

import numpy as np

__all__ = ["batch_norm"]


def batch_norm(
    x: np.ndarray,
    gamma: np.ndarray,
    beta: np.ndarray,
    running_mean: np.ndarray,
    running_var: np.ndarray,
    training: bool,
    momentum: float = 0.1,
    eps: float = 1e-5,
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Batch normalization of (N, C) or (N, C, L) input (``F.batch_norm``).

    Training (``training=True``), per channel c, with m = N·L values:

    - ``mean = mean(x[:, c])``, ``var = mean((x[:, c] - mean)**2)`` (biased, / m)
    - ``y = gamma * (x - mean) / sqrt(var + eps) + beta``
    - ``new_running_mean = (1 - momentum) * running_mean + momentum * mean``
    - ``new_running_var = (1 - momentum) * running_var + momentum * var * m / (m - 1)``
      (the unbiased variance, as PyTorch stores it)

    Evaluation (``training=False``): ``y = gamma * (x - running_mean) /
    sqrt(running_var + eps) + beta`` and the running statistics come back unchanged.

    Parameters
    ----------
    x : ndarray of shape (N, C) or (N, C, L)
    gamma, beta : ndarray of shape (C,)
        Scale and shift (``weight``, ``bias``).
    running_mean, running_var : ndarray of shape (C,)
        The running statistics before this call (not modified).
    training : bool
    momentum : float in [0, 1], default 0.1
        Weight of the new batch statistic (PyTorch's convention; Keras uses 1 − this).
    eps : float >= 0, default 1e-5

    Returns
    -------
    y : ndarray of the shape of x
    new_running_mean, new_running_var : ndarrays of shape (C,)

    Raises
    ------
    ValueError
        If x is not (N, C) or (N, C, L), a parameter's shape is not (C,), momentum is
        outside [0, 1], eps < 0, running_var is negative, or training sees one value
        per channel (its variance is undefined).

    Examples
    --------
    >>> x = np.array([[1.0], [3.0]])
    >>> y, mean, var = batch_norm(x, np.ones(1), np.zeros(1), np.zeros(1), np.ones(1),
    ...                           training=True, eps=0.0)
    >>> y.ravel().tolist(), mean.tolist(), var.tolist()
    ([-1.0, 1.0], [0.2], [1.1])
    """
    x = np.asarray(x, dtype=np.float64)
    if x.ndim not in (2, 3):
        raise ValueError(f"x must have shape (N, C) or (N, C, L), got shape {x.shape}")
    channels = x.shape[1]
    arrays = []
    for name, value in (
        ("gamma", gamma),
        ("beta", beta),
        ("running_mean", running_mean),
        ("running_var", running_var),
    ):
        array = np.asarray(value, dtype=np.float64)
        if array.shape != (channels,):
            raise ValueError(f"{name} must have shape ({channels},), got shape {array.shape}")
        arrays.append(array)
    gamma, beta, running_mean, running_var = arrays
    if not 0 <= momentum <= 1:
        raise ValueError(f"momentum must be in [0, 1], got {momentum}")
    if not eps >= 0:
        raise ValueError(f"eps must be >= 0, got {eps}")
    if np.any(running_var < 0):
        raise ValueError("running_var must be >= 0")
    axes = (0, 2) if x.ndim == 3 else (0,)
    shape = (1, channels, 1) if x.ndim == 3 else (1, channels)  # broadcast over N (and L)
    if not training:
        scale = gamma / np.sqrt(running_var + eps)  # (C,)
        y = (x - running_mean.reshape(shape)) * scale.reshape(shape) + beta.reshape(shape)
        return y, running_mean.copy(), running_var.copy()
    count = x.size // channels  # m = N·L values per channel
    if count < 2:
        raise ValueError(
            f"training needs more than one value per channel, got x of shape {x.shape}"
        )
    mean = x.mean(axis=axes)  # (C,)
    var = x.var(axis=axes)  # (C,) biased: divided by m
    x_hat = (x - mean.reshape(shape)) / np.sqrt(var.reshape(shape) + eps)
    y = gamma.reshape(shape) * x_hat + beta.reshape(shape)
    new_mean = (1 - momentum) * running_mean + momentum * mean
    new_var = (1 - momentum) * running_var + momentum * var * count / (count - 1)
    return y, new_mean, new_var
