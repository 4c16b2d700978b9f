"""Hyperparameters: the arithmetic of epochs, and searching configurations.

A configuration is a dict from hyperparameter name to value, e.g.
``{"lr": 0.01, "batch_size": 64}``. ``score_fn`` takes one and returns a number; by
default a higher score is better (accuracy), ``maximize=False`` searches for the lowest
(validation loss). Ties keep the configuration tried first.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import Any

import numpy as np

Config = dict[str, Any]


def steps_per_epoch(n: int, batch_size: int, drop_last: bool = False) -> int:
    """The number of mini-batches (optimizer steps) in one pass over n examples.

    ``ceil(n / batch_size)``, or ``floor(n / batch_size)`` when ``drop_last`` drops the
    last, smaller batch: ``len(DataLoader(dataset, batch_size, drop_last=...))``.

    Parameters
    ----------
    n : int
        The number of examples, >= 0.
    batch_size : int
        Examples per batch, > 0.
    drop_last : bool, default False

    Returns
    -------
    int

    Raises
    ------
    ValueError
        If n is not an integer >= 0 or batch_size is not an integer > 0.

    Examples
    --------
    CIFAR-10's 50,000 training images in batches of 128:

    >>> steps_per_epoch(50_000, 128), steps_per_epoch(50_000, 128, drop_last=True)
    (391, 390)
    """
    if not _is_int(n) or n < 0:
        raise ValueError(f"n must be an integer >= 0, got {n!r}")
    if not _is_int(batch_size) or batch_size <= 0:
        raise ValueError(f"batch_size must be an integer > 0, got {batch_size!r}")
    full_batches, remainder = divmod(int(n), int(batch_size))
    if remainder == 0 or drop_last:
        return full_batches
    return full_batches + 1  # the last, smaller batch


def grid_search(
    score_fn: Callable[[Config], float],
    grid: Mapping[str, Sequence[Any]],
    *,
    maximize: bool = True,
) -> tuple[Config, float]:
    """Try every combination of the grid's values; return the best and its score.

    The configurations are the Cartesian product of the value lists, in order: the last
    name varies fastest (as ``itertools.product`` and scikit-learn's ``ParameterGrid``).
    A grid of k names with n values each costs n**k calls of score_fn.

    Parameters
    ----------
    score_fn : callable
        Takes a configuration (dict) and returns a number.
    grid : mapping of str to sequence
        The values to try for each hyperparameter.
    maximize : bool, default True
        Keep the highest score; False keeps the lowest.

    Returns
    -------
    best_config : dict
    best_score : float

    Raises
    ------
    ValueError
        If the grid has no names or a name has no values, or score_fn returns NaN.

    Examples
    --------
    >>> grid = {"lr": [0.01, 0.1, 1.0], "wd": [0.0, 1e-4]}
    >>> grid_search(lambda c: abs(c["lr"] - 0.1) + c["wd"], grid, maximize=False)
    ({'lr': 0.1, 'wd': 0.0}, 0.0)
    """
    if not grid:
        raise ValueError("grid is empty: give at least one hyperparameter")
    for name, values in grid.items():
        if len(values) == 0:
            raise ValueError(f"grid[{name!r}] is empty: give at least one value")
    names = list(grid)
    configs = (
        dict(zip(names, values, strict=True)) for values in itertools.product(*grid.values())
    )
    return _best(score_fn, configs, maximize)


def random_search(
    score_fn: Callable[[Config], float],
    space: Mapping[str, Sequence[Any] | Callable[[np.random.Generator], Any]],
    n: int,
    rng: np.random.Generator,
    *,
    maximize: bool = True,
) -> tuple[Config, float]:
    """Try n configurations drawn at random; return the best and its score.

    Random search (Bergstra & Bengio 2012, JMLR) draws each hyperparameter
    independently, so n trials try n different values of every one, where a grid
    would repeat the same few. Each entry of ``space`` is either a sequence of choices,
    drawn uniformly, or a function of ``rng`` returning a draw, e.g.
    ``lambda rng: 10 ** rng.uniform(-4, -1)`` for a log-uniform learning rate.

    Parameters
    ----------
    score_fn : callable
        Takes a configuration (dict) and returns a number.
    space : mapping of str to sequence or callable
        How to draw each hyperparameter.
    n : int
        The number of trials, >= 1.
    rng : numpy.random.Generator
        The source of every draw.
    maximize : bool, default True
        Keep the highest score; False keeps the lowest.

    Returns
    -------
    best_config : dict
    best_score : float

    Raises
    ------
    ValueError
        If space has no names or a sequence of choices is empty, n is not an integer
        >= 1, or score_fn returns NaN.

    Examples
    --------
    >>> space = {"lr": lambda rng: round(10 ** rng.uniform(-3, 0), 3), "layers": [1, 2, 3]}
    >>> best, score = random_search(lambda c: -c["layers"], space, 8, np.random.default_rng(0))
    >>> best["layers"], score
    (1, -1.0)
    """
    if not space:
        raise ValueError("space is empty: give at least one hyperparameter")
    for name, sampler in space.items():
        if not callable(sampler) and len(sampler) == 0:
            raise ValueError(f"space[{name!r}] is an empty sequence: give at least one choice")
    if not _is_int(n) or n < 1:
        raise ValueError(f"n must be an integer >= 1, got {n!r}")

    def draw() -> Config:
        return {
            name: sampler(rng) if callable(sampler) else sampler[int(rng.integers(len(sampler)))]
            for name, sampler in space.items()
        }

    return _best(score_fn, (draw() for _ in range(n)), maximize)


def _best(
    score_fn: Callable[[Config], float], configs: Iterable[Config], maximize: bool
) -> tuple[Config, float]:
    """The configuration with the best score; the first one wins a tie."""
    best: tuple[Config, float] | None = None
    for config in configs:
        score = float(score_fn(config))
        if math.isnan(score):
            raise ValueError(f"score_fn returned NaN for {config}")
        if best is None or (score > best[1] if maximize else score < best[1]):
            best = (config, score)
    if best is None:  # the callers check the grid or space and n, so never
        raise ValueError("no configuration to score")
    return best


def _is_int(value: object) -> bool:
    return isinstance(value, (int, np.integer)) and not isinstance(value, bool)
