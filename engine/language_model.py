"""A bigram language model from counts, and perplexity, the standard way to score one.

A bigram model predicts each token from the one before it alone (Shannon 1948;
Jurafsky & Martin, Speech and Language Processing, ch. 3).
"""

from __future__ import annotations

import math
from collections import Counter
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


def _ngrams(tokens: Sequence[str], n: int) -> Counter[tuple[str, ...]]:
    return Counter(tuple(tokens[i : i + n]) for i in range(len(tokens) - n + 1))


def bleu(candidate: Sequence[str], references: Sequence[Sequence[str]], max_n: int = 4) -> float:
    """Sentence BLEU with uniform weights (Papineni et al. 2002), no smoothing.

    ``BLEU = BP * exp(sum_{n=1}^{max_n} log(p_n) / max_n)`` where ``p_n`` is the modified
    n-gram precision: each candidate n-gram counts as matched at most as often as it
    occurs in any single reference (its max count over the references), divided by the
    candidate's number of n-grams. ``BP = 1`` if ``c > r`` else ``exp(1 - r / c)``, with c
    the candidate's length and r the reference length closest to c (the shorter on a
    tie). Any ``p_n = 0`` gives 0. This is standard BLEU, not d2l.ai's variant, which
    weights ``p_n`` by 1/2^n.

    Parameters
    ----------
    candidate : sequence of str
        The candidate's tokens, at least max_n of them.
    references : sequence of sequences of str
        One or more reference translations.
    max_n : int, default 4

    Returns
    -------
    float in [0, 1]

    Raises
    ------
    ValueError
        If there is no reference, max_n < 1, or the candidate is shorter than max_n
        (p_n would be 0 / 0).

    Examples
    --------
    >>> ref = "the small cat sat on the mat".split()
    >>> round(bleu("the cat sat on the mat".split(), [ref]), 3)
    0.673
    """
    if int(max_n) != max_n or max_n < 1:
        raise ValueError(f"max_n must be an integer >= 1, got {max_n!r}")
    if not references or any(len(ref) == 0 for ref in references):
        raise ValueError("references must hold at least one non-empty reference")
    c = len(candidate)
    if c < max_n:
        raise ValueError(f"candidate has {c} tokens, fewer than max_n = {max_n}")
    log_precision_sum = 0.0
    for n in range(1, int(max_n) + 1):
        counts = _ngrams(candidate, n)
        max_ref_counts: Counter[tuple[str, ...]] = Counter()
        for ref in references:
            max_ref_counts |= _ngrams(ref, n)  # | keeps the larger count of each n-gram
        matched = sum(min(count, max_ref_counts[gram]) for gram, count in counts.items())
        if matched == 0:
            return 0.0
        log_precision_sum += math.log(matched / sum(counts.values()))
    r = min((len(ref) for ref in references), key=lambda length: (abs(length - c), length))
    brevity_penalty = 1.0 if c > r else math.exp(1 - r / c)
    return brevity_penalty * math.exp(log_precision_sum / max_n)
