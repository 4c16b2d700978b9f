"""Weight initialization: Xavier (Glorot) uniform and He (Kaiming) normal.

For a weight of shape (fan_out, fan_in), as ``nn.Linear.weight`` is stored, fan_in is
the number of inputs of a unit and fan_out the number of units. Samplers take an
``rng`` (``np.random.Generator``), so every draw is reproducible.
"""

from __future__ import annotations

import math

import numpy as np

__all__ = ["he_normal", "he_normal_std", "xavier_uniform", "xavier_uniform_bound"]


def _fan(name: str, value: int) -> int:
    if int(value) != value or value < 1:
        raise ValueError(f"{name} must be a positive integer, got {value!r}")
    return int(value)


def xavier_uniform_bound(fan_in: int, fan_out: int, gain: float = 1.0) -> float:
    """Bound a of Xavier's ``U(-a, a)`` (Glorot & Bengio 2010; ``nn.init.xavier_uniform_``).

    ``a = gain * sqrt(6 / (fan_in + fan_out))``: the variance ``a² / 3 =
    2 / (fan_in + fan_out)`` (times gain²) averages what keeps the forward signal
    (``1 / fan_in``) and the backward gradient (``1 / fan_out``) at constant scale.

    Raises
    ------
    ValueError
        If a fan is not a positive integer, or gain <= 0.

    Examples
    --------
    >>> xavier_uniform_bound(100, 200)
    0.1414213562373095
    """
    fan_in, fan_out = _fan("fan_in", fan_in), _fan("fan_out", fan_out)
    if not gain > 0:
        raise ValueError(f"gain must be > 0, got {gain}")
    return gain * math.sqrt(6.0 / (fan_in + fan_out))


def he_normal_std(fan_in: int, gain: float = math.sqrt(2.0)) -> float:
    """Standard deviation of He's ``N(0, std²)`` (He et al. 2015; ``kaiming_normal_``).

    ``std = gain / sqrt(fan_in)`` with ``gain = sqrt(2)`` for ReLU, which zeroes half of
    its inputs and so halves the variance it passes on; PyTorch's defaults
    ``mode="fan_in", nonlinearity="leaky_relu", a=0`` give the same gain.

    Raises
    ------
    ValueError
        If fan_in is not a positive integer, or gain <= 0.

    Examples
    --------
    >>> he_normal_std(512)
    0.0625
    """
    fan_in = _fan("fan_in", fan_in)
    if not gain > 0:
        raise ValueError(f"gain must be > 0, got {gain}")
    return gain / math.sqrt(fan_in)


def _shape(shape: tuple[int, int]) -> tuple[int, int]:
    if len(shape) != 2:
        raise ValueError(f"shape must be (fan_out, fan_in), got {shape!r}")
    return _fan("fan_out", shape[0]), _fan("fan_in", shape[1])


def xavier_uniform(shape: tuple[int, int], rng: np.random.Generator) -> np.ndarray:
    """A (fan_out, fan_in) weight drawn from ``U(-a, a)``, a from :func:`xavier_uniform_bound`.

    Examples
    --------
    >>> w = xavier_uniform((3, 5), np.random.default_rng(0))
    >>> w.shape, bool(np.all(np.abs(w) <= xavier_uniform_bound(5, 3)))
    ((3, 5), True)
    """
    fan_out, fan_in = _shape(shape)
    bound = xavier_uniform_bound(fan_in, fan_out)
    return rng.uniform(-bound, bound, size=(fan_out, fan_in))


def he_normal(shape: tuple[int, int], rng: np.random.Generator) -> np.ndarray:
    """A (fan_out, fan_in) weight drawn from ``N(0, std²)``, std from :func:`he_normal_std`.

    Examples
    --------
    >>> he_normal((2, 8), np.random.default_rng(0)).shape
    (2, 8)
    """
    fan_out, fan_in = _shape(shape)
    return rng.normal(0.0, he_normal_std(fan_in), size=(fan_out, fan_in))
