"""Backpropagation by hand through a two-layer ReLU network with softmax cross-entropy.

The network is ``logits = relu(x @ W1.T + b1) @ W2.T + b2``, with each W stored as
``nn.Linear.weight`` is, (out_features, in_features). The backward pass applies the
chain rule layer by layer, from the loss back to W1 (Rumelhart, Hinton & Williams 1986).
"""

from __future__ import annotations

from typing import NamedTuple

import numpy as np

from engine.activations import relu
from engine.losses import cross_entropy, softmax


class MLPForward(NamedTuple):
    """What the forward pass computes, kept for the backward pass."""

    hidden_pre: np.ndarray  # (N, H) x @ W1.T + b1, before the ReLU
    hidden: np.ndarray  # (N, H) relu(hidden_pre)
    logits: np.ndarray  # (N, C)


def mlp_forward(
    x: np.ndarray, W1: np.ndarray, b1: np.ndarray, W2: np.ndarray, b2: np.ndarray
) -> MLPForward:
    """Forward pass of the two-layer network.

    ``hidden_pre = x @ W1.T + b1``, ``hidden = relu(hidden_pre)``,
    ``logits = hidden @ W2.T + b2``.

    Parameters
    ----------
    x : array_like of shape (N, D)
    W1 : array_like of shape (H, D)
    b1 : array_like of shape (H,)
    W2 : array_like of shape (C, H)
    b2 : array_like of shape (C,)

    Returns
    -------
    MLPForward
        ``(hidden_pre, hidden, logits)`` of shapes (N, H), (N, H), (N, C).

    Raises
    ------
    ValueError
        If a shape does not fit the others.

    Examples
    --------
    >>> out = mlp_forward(np.array([[1.0, -1.0]]), np.array([[1.0, 0.0], [0.0, 1.0]]),
    ...                   np.zeros(2), np.array([[2.0, 3.0]]), np.array([0.5]))
    >>> out.hidden_pre, out.hidden, out.logits
    (array([[ 1., -1.]]), array([[1., 0.]]), array([[2.5]]))
    """
    x, W1, b1, W2, b2 = (np.asarray(a, dtype=float) for a in (x, W1, b1, W2, b2))
    _check_shapes(x, W1, b1, W2, b2)
    hidden_pre = x @ W1.T + b1  # (N, H)
    hidden = relu(hidden_pre)  # (N, H)
    logits = hidden @ W2.T + b2  # (N, C)
    return MLPForward(hidden_pre, hidden, logits)


def mlp_loss_and_grads(
    x: np.ndarray,
    y: np.ndarray,
    W1: np.ndarray,
    b1: np.ndarray,
    W2: np.ndarray,
    b2: np.ndarray,
) -> tuple[float, dict[str, np.ndarray]]:
    """Cross-entropy loss of the two-layer network and its gradient for every parameter.

    ``loss = cross_entropy(logits, y)`` (mean over the batch, natural log). Backward,
    with ``P = softmax(logits)`` and ``Y`` the one-hot targets:

    - ``dlogits = (P - Y) / N``
    - ``dW2 = dlogits.T @ hidden``, ``db2 = sum_n dlogits``
    - ``dhidden = dlogits @ W2``
    - ``dhidden_pre = dhidden * (hidden_pre > 0)`` (ReLU passes the gradient where its
      input was positive; at exactly 0 it passes none, as PyTorch does)
    - ``dW1 = dhidden_pre.T @ x``, ``db1 = sum_n dhidden_pre``

    Parameters
    ----------
    x : array_like of shape (N, D)
    y : array_like of int of shape (N,)
        Class ids in [0, C).
    W1 : array_like of shape (H, D)
    b1 : array_like of shape (H,)
    W2 : array_like of shape (C, H)
    b2 : array_like of shape (C,)

    Returns
    -------
    loss : float
    grads : dict
        ``{"W1", "b1", "W2", "b2"}``, each of its parameter's shape; equal to what
        ``loss.backward()`` leaves in ``.grad`` in PyTorch.

    Raises
    ------
    ValueError
        If a shape does not fit the others, or y holds non-integers or class ids
        outside [0, C).

    Examples
    --------
    Two classes, zero output weights: both logits are 0, the loss is log 2, and only
    the output layer gets a gradient, because ``dhidden = dlogits @ W2 = 0``.

    >>> loss, grads = mlp_loss_and_grads(np.array([[1.0, 2.0]]), np.array([1]),
    ...                                  np.eye(2), np.zeros(2), np.zeros((2, 2)), np.zeros(2))
    >>> round(loss, 4), grads["b2"], grads["W2"]
    (0.6931, array([ 0.5, -0.5]), array([[ 0.5,  1. ],
           [-0.5, -1. ]]))
    >>> grads["W1"]
    array([[0., 0.],
           [0., 0.]])
    """
    x, W1, b1, W2, b2 = (np.asarray(a, dtype=float) for a in (x, W1, b1, W2, b2))
    y = np.asarray(y)
    forward = mlp_forward(x, W1, b1, W2, b2)
    loss = cross_entropy(forward.logits, y)  # also checks y
    n = x.shape[0]
    dlogits = softmax(forward.logits, axis=1)  # (N, C) P
    dlogits[np.arange(n), y] -= 1.0  # (N, C) P - Y
    dlogits /= n  # the loss is a mean over the batch
    dhidden = dlogits @ W2  # (N, H)
    dhidden_pre = dhidden * (forward.hidden_pre > 0)  # (N, H)
    grads = {
        "W1": dhidden_pre.T @ x,  # (H, D)
        "b1": dhidden_pre.sum(axis=0),  # (H,)
        "W2": dlogits.T @ forward.hidden,  # (C, H)
        "b2": dlogits.sum(axis=0),  # (C,)
    }
    return loss, grads


def _check_shapes(
    x: np.ndarray, W1: np.ndarray, b1: np.ndarray, W2: np.ndarray, b2: np.ndarray
) -> None:
    """Raise a ValueError naming the first argument whose shape does not fit."""
    if x.ndim != 2 or x.shape[0] == 0:
        raise ValueError(f"x must have shape (N, D) with N >= 1, got {x.shape}")
    d = x.shape[1]
    if W1.ndim != 2 or W1.shape[1] != d:
        raise ValueError(f"W1 must have shape (H, {d}) to match x {x.shape}, got {W1.shape}")
    h = W1.shape[0]
    if b1.shape != (h,):
        raise ValueError(f"b1 must have shape ({h},) to match W1 {W1.shape}, got {b1.shape}")
    if W2.ndim != 2 or W2.shape[1] != h:
        raise ValueError(f"W2 must have shape (C, {h}) to match W1 {W1.shape}, got {W2.shape}")
    c = W2.shape[0]
    if b2.shape != (c,):
        raise ValueError(f"b2 must have shape ({c},) to match W2 {W2.shape}, got {b2.shape}")
