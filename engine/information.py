"""Entropy, KL divergence and label smoothing, in nats (natural log).

Terms with ``p = 0`` contribute 0 (the limit of ``p log p``); a ``q = 0`` where
``p > 0`` makes the KL divergence infinite, as it is mathematically.
"""

from __future__ import annotations

import numpy as np

from engine.losses import log_softmax

__all__ = ["entropy", "kl_divergence", "label_smoothing_targets", "smoothed_cross_entropy"]

SUM_TOLERANCE = 1e-6
"""How far from 1 a distribution's sum may be (rounding in typed-in probabilities)."""


def _distribution(name: str, p: np.ndarray) -> np.ndarray:
    p = np.asarray(p, dtype=np.float64)
    if p.ndim != 1 or p.size == 0:
        raise ValueError(f"{name} must be a non-empty vector, got shape {p.shape}")
    if not np.all((p >= 0) & (p <= 1)):  # also rejects NaN
        raise ValueError(f"{name} must hold probabilities in [0, 1]")
    if abs(p.sum() - 1) > SUM_TOLERANCE:
        raise ValueError(f"{name} must sum to 1, sums to {p.sum()}")
    return p


def entropy(p: np.ndarray) -> float:
    """Shannon entropy ``H(p) = -sum_i p_i log p_i`` in nats, with ``0 log 0 = 0``.

    Raises
    ------
    ValueError
        If p is not a non-empty vector of probabilities summing to 1.

    Examples
    --------
    >>> round(entropy(np.array([0.5, 0.5])), 6) == round(float(np.log(2)), 6)
    True
    >>> entropy(np.array([1.0, 0.0]))
    0.0
    """
    p = _distribution("p", p)
    nonzero = p[p > 0]
    return float(-np.sum(nonzero * np.log(nonzero)) + 0.0)  # + 0.0 turns -0.0 into 0.0


def kl_divergence(p: np.ndarray, q: np.ndarray) -> float:
    """``KL(p || q) = sum_i p_i log(p_i / q_i)`` in nats (``F.kl_div(q.log(), p, "sum")``).

    Terms with ``p_i = 0`` are 0; ``q_i = 0`` with ``p_i > 0`` gives ``inf``. Not
    symmetric: ``KL(p || q) != KL(q || p)`` in general.

    Raises
    ------
    ValueError
        If p or q is not a probability vector summing to 1, or their lengths differ.

    Examples
    --------
    >>> round(kl_divergence(np.array([0.5, 0.5]), np.array([0.25, 0.75])), 4)
    0.1438
    """
    p, q = _distribution("p", p), _distribution("q", q)
    if p.shape != q.shape:
        raise ValueError(f"p has {p.size} entries but q has {q.size}")
    support = p > 0
    if np.any(q[support] == 0):
        return float("inf")
    return float(np.sum(p[support] * (np.log(p[support]) - np.log(q[support]))))


def label_smoothing_targets(num_classes: int, target: int, epsilon: float) -> np.ndarray:
    """Smoothed target distribution (Szegedy et al. 2016, "Rethinking Inception").

    ``t_k = (1 - epsilon) * 1(k == target) + epsilon / num_classes``: the true class
    gets ``1 - epsilon + epsilon / C`` and every other class ``epsilon / C``, the
    convention of ``F.cross_entropy(label_smoothing=epsilon)``.

    Raises
    ------
    ValueError
        If num_classes < 1, target is outside [0, num_classes) or epsilon outside [0, 1].

    Examples
    --------
    >>> np.round(label_smoothing_targets(4, 1, 0.2), 6).tolist()
    [0.05, 0.85, 0.05, 0.05]
    """
    if int(num_classes) != num_classes or num_classes < 1:
        raise ValueError(f"num_classes must be a positive integer, got {num_classes!r}")
    if int(target) != target or not 0 <= target < num_classes:
        raise ValueError(f"target must be a class id in [0, {num_classes}), got {target!r}")
    if not 0 <= epsilon <= 1:
        raise ValueError(f"epsilon must be in [0, 1], got {epsilon}")
    targets = np.full(int(num_classes), epsilon / num_classes)
    targets[int(target)] += 1 - epsilon
    return targets


def smoothed_cross_entropy(logits: np.ndarray, target: np.ndarray | int, epsilon: float) -> float:
    """Cross-entropy against smoothed targets (``F.cross_entropy(label_smoothing=epsilon)``).

    ``loss = mean_n -sum_k t[n, k] * log_softmax(logits)[n, k]`` with ``t[n]`` from
    :func:`label_smoothing_targets`; equivalently
    ``(1 - epsilon) * CE + epsilon * mean_n mean_k (-log_softmax(logits)[n, k])``.
    Mean over the batch, natural log.

    Parameters
    ----------
    logits : array_like of shape (N, C), or (C,) for one example
    target : array_like of int of shape (N,), or an int when logits is (C,)
    epsilon : float in [0, 1]

    Raises
    ------
    ValueError
        If the shapes disagree, a target is not a class id, or epsilon is outside [0, 1].

    Examples
    --------
    >>> round(smoothed_cross_entropy(np.array([2.0, 0.0]), 0, 0.0), 4)  # plain CE
    0.1269
    >>> round(smoothed_cross_entropy(np.array([2.0, 0.0]), 0, 0.2), 4)
    0.3269
    """
    logits = np.asarray(logits, dtype=np.float64)
    target = np.asarray(target)
    if logits.ndim == 1:
        if target.ndim != 0:
            raise ValueError(f"target must be one class id when logits is (C,), got {target.shape}")
        logits, target = logits[None, :], target[None]  # (1, C), (1,)
    if logits.ndim != 2 or 0 in logits.shape:
        raise ValueError(f"logits must have shape (N, C) or (C,), got {logits.shape}")
    n, c = logits.shape
    if target.shape != (n,) or not np.issubdtype(target.dtype, np.integer):
        raise ValueError(f"target must hold {n} integer class ids, got {target!r}")
    targets = np.stack([label_smoothing_targets(c, int(t), epsilon) for t in target])  # (N, C)
    return float(-np.mean(np.sum(targets * log_softmax(logits, axis=1), axis=1)))
