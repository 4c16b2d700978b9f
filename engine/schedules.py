"""Learning-rate schedules as closed-form functions of the step number.

Steps count from 0, as a PyTorch scheduler's ``last_epoch`` after ``step()`` has been
called that many times: the learning rate at step t is the one used for the (t+1)-th
update.
"""

from __future__ import annotations

import math

__all__ = ["cosine_lr", "step_lr", "warmup_lr"]


def _check(step: int, base_lr: float, **positive: int) -> None:
    if int(step) != step or step < 0:
        raise ValueError(f"step must be an integer >= 0, got {step!r}")
    if not base_lr >= 0:  # also rejects NaN
        raise ValueError(f"base_lr must be >= 0, got {base_lr}")
    for name, value in positive.items():
        if int(value) != value or value < 1:
            raise ValueError(f"{name} must be an integer >= 1, got {value!r}")


def warmup_lr(step: int, base_lr: float, warmup_steps: int) -> float:
    """Linear warmup: ``lr = base_lr * min(step, warmup_steps) / warmup_steps``.

    The rate climbs from 0 at step 0 to ``base_lr`` at ``warmup_steps`` and stays there
    (Goyal et al. 2017, "Accurate, Large Minibatch SGD"); the same as
    ``LambdaLR(opt, lambda t: min(t, warmup_steps) / warmup_steps)``.

    Raises
    ------
    ValueError
        If step < 0, base_lr < 0 or warmup_steps < 1.

    Examples
    --------
    >>> warmup_lr(250, 0.001, 1000), warmup_lr(5000, 0.001, 1000)
    (0.00025, 0.001)
    """
    _check(step, base_lr, warmup_steps=warmup_steps)
    return base_lr * min(step, warmup_steps) / warmup_steps


def cosine_lr(step: int, base_lr: float, total_steps: int, min_lr: float = 0.0) -> float:
    """Cosine annealing (Loshchilov & Hutter 2017, SGDR, without restarts).

    ``lr = min_lr + (base_lr - min_lr) * (1 + cos(pi * step / total_steps)) / 2`` for
    ``0 <= step <= total_steps``: ``base_lr`` at 0, the midpoint at ``total_steps / 2``,
    ``min_lr`` at the end. The closed form of ``CosineAnnealingLR(T_max=total_steps,
    eta_min=min_lr)``; past ``total_steps`` PyTorch's rate rises again, so this refuses.

    Raises
    ------
    ValueError
        If step is outside [0, total_steps], base_lr < 0, total_steps < 1, or min_lr is
        outside [0, base_lr].

    Examples
    --------
    >>> cosine_lr(0, 0.1, 100), cosine_lr(50, 0.1, 100), cosine_lr(100, 0.1, 100, 0.01)
    (0.1, 0.05, 0.01)
    """
    _check(step, base_lr, total_steps=total_steps)
    if step > total_steps:
        raise ValueError(f"step must be <= total_steps = {total_steps}, got {step}")
    if not 0 <= min_lr <= base_lr:
        raise ValueError(f"min_lr must be in [0, base_lr = {base_lr}], got {min_lr}")
    cosine = (1 + math.cos(math.pi * step / total_steps)) / 2  # from 1 down to 0
    return min_lr + (base_lr - min_lr) * cosine


def step_lr(step: int, base_lr: float, step_size: int, gamma: float = 0.1) -> float:
    """Step decay: ``lr = base_lr * gamma ** (step // step_size)`` (``StepLR``).

    Raises
    ------
    ValueError
        If step < 0, base_lr < 0, step_size < 1 or gamma outside (0, 1].

    Examples
    --------
    >>> round(step_lr(65, 0.1, 30), 6)
    0.001
    """
    _check(step, base_lr, step_size=step_size)
    if not 0 < gamma <= 1:
        raise ValueError(f"gamma must be in (0, 1], got {gamma}")
    return base_lr * gamma ** (step // step_size)
