"""The NumPy engine against PyTorch on CPU, on the same shapes and data.

Both sides compute in float64 (the engine's contract), in this process, timed
with ``timeit``; the results are checked to agree before anything is timed, so
both sides do the same work. The rows are information: the engine is written
to be read, not to race, and has no target.

- scaled dot-product attention: q, k, v of shape (N=1, heads=8, L=512, d=64);
- conv2d: a batch of N=8 images 3×64×64 through 16 filters of 3×3;
- an LSTM: T=100 steps, batch N=16, input I=32, hidden H=64.
"""

from __future__ import annotations

import importlib.util
from collections.abc import Callable

import numpy as np

from benchmarks.measure import Stats, time_callable
from benchmarks.report import Row

AGREEMENT = 1e-6
"""Relative tolerance between the engine's and torch's outputs (engine/README.md)."""


def _attention(torch, rng: np.random.Generator) -> tuple[Callable, Callable]:
    import torch.nn.functional as F

    from engine.attention import scaled_dot_product_attention

    q, k, v = (rng.standard_normal((1, 8, 512, 64)) for _ in range(3))
    tq, tk, tv = (torch.from_numpy(array) for array in (q, k, v))
    return (
        lambda: scaled_dot_product_attention(q, k, v)[0],
        lambda: F.scaled_dot_product_attention(tq, tk, tv),
    )


def _conv2d(torch, rng: np.random.Generator) -> tuple[Callable, Callable]:
    import torch.nn.functional as F

    from engine.conv import conv2d

    x = rng.standard_normal((8, 3, 64, 64))
    w = rng.standard_normal((16, 3, 3, 3))
    b = rng.standard_normal(16)
    tx, tw, tb = (torch.from_numpy(array) for array in (x, w, b))
    return lambda: conv2d(x, w, b), lambda: F.conv2d(tx, tw, tb)


def _lstm(torch, rng: np.random.Generator) -> tuple[Callable, Callable]:
    from engine.rnn import lstm_forward

    steps, batch, inputs, hidden = 100, 16, 32, 64
    x = rng.standard_normal((steps, batch, inputs))
    h0, c0 = rng.standard_normal((batch, hidden)), rng.standard_normal((batch, hidden))
    module = torch.nn.LSTM(inputs, hidden).double()
    weights = [
        parameter.detach().numpy()
        for parameter in (
            module.weight_ih_l0,
            module.weight_hh_l0,
            module.bias_ih_l0,
            module.bias_hh_l0,
        )
    ]
    tx, th0, tc0 = (torch.from_numpy(array) for array in (x, h0, c0))
    return (
        lambda: lstm_forward(x, h0, c0, *weights)[0],
        lambda: module(tx, (th0[None], tc0[None]))[0],
    )


CASES = (
    ("scaled dot-product attention", "N=1, heads 8, L=512, d=64", _attention),
    ("conv2d", "N=8, C 3→16, 64×64, k=3", _conv2d),
    ("LSTM, 100 steps", "N=16, I=32, H=64", _lstm),
)


def engine_rows(runs: int) -> list[Row]:
    """One row per case (torch as the floor), or one row saying why none ran."""
    if importlib.util.find_spec("torch") is None:
        return [
            Row("engine vs torch", "–", "s", notes="skipped: torch is not installed"),
        ]
    import torch

    rng = np.random.default_rng(0)
    rows = []
    with torch.inference_mode():
        for name, shape, build in CASES:
            ours, theirs = build(torch, rng)
            np.testing.assert_allclose(ours(), theirs().numpy(), rtol=AGREEMENT, atol=1e-9)
            torch_stats: Stats = time_callable(theirs, runs=runs)
            engine_stats = time_callable(ours, runs=runs)
            rows.append(
                Row(
                    f"engine `{name}` vs torch CPU",
                    shape,
                    "s",
                    floor=torch_stats,
                    subject=engine_stats,
                    notes=f"float64; torch threads {torch.get_num_threads()}",
                )
            )
    return rows
