"""Decoding a language model's next-token distributions: sampling filters and search.

The model is given as a table, ``next_probs[prefix]`` = the distribution over the
vocabulary (token ids 0..V-1) of the token that follows ``prefix`` (a tuple of ids,
``()`` for the first token), so a small example can be worked by hand, as in d2l.ai
10.8 (Beam Search). A sequence's probability is the product of its tokens'
conditional probabilities; search compares sums of log-probabilities, which do not
underflow on long sequences.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence

import numpy as np

from engine.losses import softmax

__all__ = ["beam_search", "greedy_decode", "temperature_softmax", "top_k_filter", "top_p_filter"]

Table = Mapping[tuple[int, ...], Sequence[float]]


def temperature_softmax(logits: np.ndarray, temperature: float) -> np.ndarray:
    """``softmax(logits / temperature)`` over the last axis.

    temperature < 1 sharpens the distribution toward the argmax, > 1 flattens it toward
    uniform; 1 is the plain softmax. Stable for any logits (:func:`engine.losses.softmax`).

    Raises
    ------
    ValueError
        If temperature <= 0, or logits is 0-dimensional.

    Examples
    --------
    >>> np.round(temperature_softmax(np.array([2.0, 1.0]), 0.5), 4).tolist()
    [0.8808, 0.1192]
    """
    if not temperature > 0:
        raise ValueError(f"temperature must be > 0, got {temperature}")
    return softmax(np.asarray(logits, dtype=np.float64) / temperature)


def _probs(probs: np.ndarray) -> np.ndarray:
    probs = np.asarray(probs, dtype=np.float64)
    if probs.ndim != 1 or probs.size == 0:
        raise ValueError(f"probs must be a non-empty vector, got shape {probs.shape}")
    if not np.all(probs >= 0) or not abs(probs.sum() - 1) <= 1e-6:
        raise ValueError("probs must be non-negative and sum to 1")
    return probs


def _descending(probs: np.ndarray) -> np.ndarray:
    """Token ids by falling probability; ties keep the lower id first (stable sort)."""
    return np.argsort(-probs, kind="stable")


def top_k_filter(probs: np.ndarray, k: int) -> np.ndarray:
    """Keep the k most probable tokens and renormalize (Fan et al. 2018).

    ``filtered_i = probs_i / sum_{j in top k} probs_j`` for i among the k largest,
    else 0. Ties at the boundary keep the lower token id.

    Raises
    ------
    ValueError
        If probs is not a distribution, or k is not in [1, V].

    Examples
    --------
    >>> np.round(top_k_filter(np.array([0.5, 0.2, 0.3]), 2), 6).tolist()
    [0.625, 0.0, 0.375]
    """
    probs = _probs(probs)
    if int(k) != k or not 1 <= k <= probs.size:
        raise ValueError(f"k must be an integer in [1, {probs.size}], got {k!r}")
    kept = _descending(probs)[: int(k)]
    filtered = np.zeros_like(probs)
    filtered[kept] = probs[kept] / probs[kept].sum()
    return filtered


def top_p_filter(probs: np.ndarray, p: float) -> np.ndarray:
    """Nucleus filter (Holtzman et al. 2020): the smallest top set of mass >= p, renormalized.

    Sort the tokens by falling probability and keep them up to and including the first
    at which the cumulative probability reaches p; ``filtered_i = probs_i / kept_mass``
    for those, 0 for the rest. The most probable token is always kept.

    Raises
    ------
    ValueError
        If probs is not a distribution, or p is outside (0, 1].

    Examples
    --------
    0.5 alone is short of 0.7; with 0.3 the mass reaches 0.8:

    >>> np.round(top_p_filter(np.array([0.5, 0.2, 0.3]), 0.7), 6).tolist()
    [0.625, 0.0, 0.375]
    """
    probs = _probs(probs)
    if not 0 < p <= 1:
        raise ValueError(f"p must be in (0, 1], got {p}")
    order = _descending(probs)
    cumulative = np.cumsum(probs[order])
    # The first index whose cumulative mass reaches p; a little slack so that 0.1 + 0.2
    # counts as reaching 0.3.
    count = int(np.searchsorted(cumulative, p - 1e-12)) + 1
    kept = order[: min(count, probs.size)]
    filtered = np.zeros_like(probs)
    filtered[kept] = probs[kept] / probs[kept].sum()
    return filtered


def _next(next_probs: Table, prefix: tuple[int, ...]) -> np.ndarray:
    if prefix not in next_probs:
        raise ValueError(f"next_probs has no distribution for the prefix {prefix}")
    return _probs(np.asarray(next_probs[prefix]))


def greedy_decode(
    next_probs: Table, max_len: int, eos: int | None = None
) -> tuple[list[int], float]:
    """Pick the most probable token at every step.

    ``y_t = argmax_y P(y | y_1..y_{t-1})`` until ``eos`` is produced or ``max_len`` tokens;
    the sequence's probability is ``prod_t P(y_t | y_<t)``. Ties go to the lower id.

    Returns
    -------
    tokens : list of int
    probability : float

    Raises
    ------
    ValueError
        If max_len < 1, or the table lacks a prefix it needs or holds a non-distribution.

    Examples
    --------
    >>> table = {(): [0.6, 0.4], (0,): [0.5, 0.5], (1,): [0.9, 0.1]}
    >>> tokens, p = greedy_decode(table, max_len=2)
    >>> tokens, round(p, 6)
    ([0, 0], 0.3)
    """
    if int(max_len) != max_len or max_len < 1:
        raise ValueError(f"max_len must be an integer >= 1, got {max_len!r}")
    tokens: list[int] = []
    log_prob = 0.0
    while len(tokens) < max_len:
        probs = _next(next_probs, tuple(tokens))
        token = int(_descending(probs)[0])
        tokens.append(token)
        log_prob += math.log(probs[token])
        if token == eos:
            break
    return tokens, math.exp(log_prob)


def beam_search(
    next_probs: Table, beam_width: int, max_len: int, eos: int | None = None
) -> tuple[list[int], float]:
    """Beam search (d2l.ai 10.8): keep the ``beam_width`` most probable prefixes per step.

    At each step every kept prefix is extended by every token; of all extensions the
    ``beam_width`` with the largest ``sum_t log P(y_t | y_<t)`` are kept (ties: the
    lexicographically smaller sequence). A prefix ending in ``eos`` is finished and is
    carried along unextended. After ``max_len`` steps (or when every kept prefix is
    finished) the most probable kept sequence is returned, with no length penalty.
    ``beam_width = 1`` is greedy decoding.

    Returns
    -------
    tokens : list of int
    probability : float

    Raises
    ------
    ValueError
        If beam_width or max_len < 1, or the table lacks a prefix it needs.

    Examples
    --------
    Greedy takes 0 (0.6) and then 0.5; beam search finds 1 then 0, 0.4 × 0.9 = 0.36:

    >>> table = {(): [0.6, 0.4], (0,): [0.5, 0.5], (1,): [0.9, 0.1]}
    >>> tokens, p = beam_search(table, beam_width=2, max_len=2)
    >>> tokens, round(p, 6)
    ([1, 0], 0.36)
    """
    if int(beam_width) != beam_width or beam_width < 1:
        raise ValueError(f"beam_width must be an integer >= 1, got {beam_width!r}")
    if int(max_len) != max_len or max_len < 1:
        raise ValueError(f"max_len must be an integer >= 1, got {max_len!r}")
    beams: list[tuple[tuple[int, ...], float]] = [((), 0.0)]  # (prefix, log-probability)
    for _ in range(int(max_len)):
        candidates = []
        for prefix, log_prob in beams:
            if prefix and prefix[-1] == eos:
                candidates.append((prefix, log_prob))
                continue
            probs = _next(next_probs, prefix)
            for token in np.flatnonzero(probs > 0):
                candidates.append(((*prefix, int(token)), log_prob + math.log(probs[token])))
        candidates.sort(key=lambda item: (-item[1], item[0]))
        beams = candidates[: int(beam_width)]
        if all(prefix[-1] == eos for prefix, _ in beams):
            break
    best, log_prob = beams[0]
    return list(best), math.exp(log_prob)
