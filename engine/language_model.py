"""A bigram language model from counts, and perplexity, the standard way to score one.

A bigram model predicts each token from the one before it alone (Shannon 1948;
Jurafsky & Martin, Speech and Language Processing, ch. 3).
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np


def bigram_model(tokens: Sequence[str], smoothing: float = 0.0) -> tuple[list[str], np.ndarray]:
    """Next-token probabilities estimated from bigram counts.

    ``probs[i, j] = (count(vocab[i] followed by vocab[j]) + smoothing)
    / sum_k (count(vocab[i] followed by vocab[k]) + smoothing)``: the maximum-likelihood
    estimate, or add-k (Laplace for k = 1) smoothing when ``smoothing > 0``. Without
    smoothing, a token that is never followed by anything (the last one, if it occurs
    only there) gets a row of zeros.

    Parameters
    ----------
    tokens : sequence of str
        The training text as tokens, e.g. ``"the cat sat".split()``.
    smoothing : float, default 0.0
        k, added to every count, >= 0.

    Returns
    -------
    vocab : list of str
        The distinct tokens, sorted.
    probs : ndarray of shape (V, V)
        ``probs[i, j] = P(next = vocab[j] | current = vocab[i])``; each row sums to 1
        (or is all 0, as above).

    Raises
    ------
    ValueError
        If tokens has fewer than two tokens, or smoothing < 0.

    Examples
    --------
    In "a b a c", "a" is followed once by "b" and once by "c":

    >>> vocab, probs = bigram_model(["a", "b", "a", "c"])
    >>> vocab
    ['a', 'b', 'c']
    >>> probs
    array([[0. , 0.5, 0.5],
           [1. , 0. , 0. ],
           [0. , 0. , 0. ]])
    """
    if len(tokens) < 2:
        raise ValueError(f"tokens must hold at least two tokens to form a bigram, got {tokens!r}")
    if not smoothing >= 0:
        raise ValueError(f"smoothing must be >= 0, got {smoothing}")
    vocab, ids = np.unique(np.asarray(tokens), return_inverse=True)  # (V,), (T,)
    counts = np.zeros((len(vocab), len(vocab)))  # (V, V)
    np.add.at(counts, (ids[:-1], ids[1:]), 1.0)  # one count per adjacent pair
    counts += smoothing
    row_totals = counts.sum(axis=1, keepdims=True)  # (V, 1)
    probs = np.divide(counts, row_totals, out=np.zeros_like(counts), where=row_totals > 0)
    return vocab.tolist(), probs


def sequence_probs(tokens: Sequence[str], vocab: Sequence[str], probs: np.ndarray) -> np.ndarray:
    """The probability a bigram model gives each token of a text after the first.

    ``out[t] = probs[id(tokens[t]), id(tokens[t + 1])]`` for t = 0 .. T - 2: the values
    :func:`perplexity` takes.

    Parameters
    ----------
    tokens : sequence of str
        The text to score, at least two tokens, each in vocab.
    vocab : sequence of str
        As returned by :func:`bigram_model`.
    probs : ndarray of shape (V, V)
        As returned by :func:`bigram_model`.

    Returns
    -------
    ndarray of shape (T - 1,)

    Raises
    ------
    ValueError
        If tokens has fewer than two tokens or a token outside vocab, or probs is not
        (V, V).

    Examples
    --------
    >>> vocab, probs = bigram_model(["a", "b", "a", "c"])
    >>> sequence_probs(["a", "b", "a"], vocab, probs)
    array([0.5, 1. ])
    """
    probs = np.asarray(probs, dtype=float)
    if probs.shape != (len(vocab), len(vocab)):
        raise ValueError(f"probs must have shape {(len(vocab), len(vocab))}, got {probs.shape}")
    if len(tokens) < 2:
        raise ValueError(f"tokens must hold at least two tokens, got {tokens!r}")
    index = {token: i for i, token in enumerate(vocab)}
    unknown = sorted(set(tokens) - index.keys())
    if unknown:
        raise ValueError(f"tokens holds tokens not in vocab: {unknown}")
    ids = np.array([index[token] for token in tokens])  # (T,)
    return probs[ids[:-1], ids[1:]]  # (T - 1,)


def perplexity(probs: np.ndarray) -> float:
    """Perplexity of a model on a text, from the probabilities it gave each token.

    ``exp(-mean_t log probs[t])``, natural log: the exponential of the cross-entropy.
    A model that spreads its probability uniformly over k tokens has perplexity k, so
    perplexity reads as "as uncertain as choosing among this many tokens".

    Parameters
    ----------
    probs : array_like of any shape, not empty
        ``P(token_t | context)`` of each observed token, each in (0, 1].

    Returns
    -------
    float

    Raises
    ------
    ValueError
        If probs is empty or holds a value outside (0, 1] (a probability of 0 would give
        infinite perplexity).

    Examples
    --------
    >>> perplexity(np.full(5, 0.25))
    4.0
    >>> round(perplexity(np.array([0.5, 0.125])), 4)
    4.0
    """
    probs = np.asarray(probs, dtype=float)
    if probs.size == 0:
        raise ValueError("probs is empty: perplexity needs at least one token")
    if not np.all((probs > 0) & (probs <= 1)):  # also rejects NaN
        raise ValueError("probs must hold probabilities in (0, 1]")
    return float(np.exp(-np.mean(np.log(probs))))
