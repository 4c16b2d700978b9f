"""The exponential moving average (EMA) and its bias correction.

``m_t = β·m_{t−1} + (1 − β)·u_t`` from ``m_0 = 0``: the running average that momentum,
RMSProp, Adam (both of its moments) and batch normalization's running statistics keep.
Unrolled, ``m_t = Σ_{k=0}^{t−1} (1 − β)·β^k·u_{t−k}``: a value k steps old keeps the
weight ``(1 − β)·β^k``. The weights sum to ``1 − β^t``, not 1, so the early averages are
pulled toward 0; dividing by ``1 − β^t`` corrects this (Kingma & Ba 2015).
"""

from __future__ import annotations

import numpy as np


def _check_beta(beta: float) -> None:
    if not 0.0 <= beta < 1.0:
        raise ValueError(f"beta must be in [0, 1), got {beta!r}")


def ema(values: np.ndarray, beta: float, m0: float = 0.0) -> np.ndarray:
    """The running averages ``m_1 … m_T`` of ``values`` (along the first axis).

    ``m_t = β·m_{t−1} + (1 − β)·u_t`` with ``m_0 = m0`` (0 unless given). Each u_t may be
    an array (a gradient): the average is taken entry by entry, as Adam's ``exp_avg``.

    Raises
    ------
    ValueError
        If beta is not in [0, 1) or values is empty.

    Examples
    --------
    >>> ema(np.array([10.0, 12.0, 11.0]), 0.9)
    array([1.  , 2.1 , 2.99])
    """
    _check_beta(beta)
    values = np.asarray(values, dtype=float)
    if values.ndim == 0 or len(values) == 0:
        raise ValueError("values must hold at least one observation along the first axis")
    averages = np.empty_like(values)  # (T, ...)
    m = np.full(values.shape[1:], float(m0))
    for t, u in enumerate(values):
        m = beta * m + (1.0 - beta) * u
        averages[t] = m
    return averages


def bias_corrected(averages: np.ndarray, beta: float) -> np.ndarray:
    """``m̂_t = m_t / (1 − β^t)`` for t = 1 … T: the averages of :func:`ema` unbiased.

    Examples
    --------
    >>> np.round(bias_corrected(ema(np.array([10.0, 12.0, 11.0]), 0.9), 0.9), 4)
    array([10.    , 11.0526, 11.0332])
    """
    _check_beta(beta)
    averages = np.asarray(averages, dtype=float)
    t = np.arange(1, len(averages) + 1).reshape(-1, *([1] * (averages.ndim - 1)))
    return averages / (1.0 - beta**t)


def ema_weights(beta: float, t: int) -> np.ndarray:
    """The weights of ``u_1 … u_t`` in ``m_t`` (from m_0 = 0): ``(1 − β)·β^(t − s)`` for u_s.

    They sum to ``1 − β^t``.

    Examples
    --------
    >>> np.round(ema_weights(0.9, 3), 3)
    array([0.081, 0.09 , 0.1  ])
    """
    _check_beta(beta)
    if t < 1:
        raise ValueError(f"t must be at least 1, got {t!r}")
    age = np.arange(t - 1, -1, -1)  # u_1 is t − 1 steps old
    return (1.0 - beta) * beta**age
