"""Word embeddings: one-hot vectors, embedding lookup, cosine similarity, analogies,
and the training pairs of word2vec.

An embedding matrix ``E`` of shape (V, D) holds one D-dimensional vector per word of a
V-word vocabulary; row ``E[i]`` is word ``i``. Looking a word up is the same as
multiplying its one-hot vector by ``E``. word2vec (Mikolov et al., 2013, "Efficient
Estimation of Word Representations in Vector Space") learns ``E`` from pairs of nearby
words: skip-gram predicts each context word from the centre word, CBOW predicts the
centre word from its context.
"""

from __future__ import annotations

import operator
from collections.abc import Hashable, Mapping, Sequence
from typing import TypeVar

import numpy as np
import numpy.typing as npt

COSINE_EPS = 1e-8
"""Lower bound on a vector norm in :func:`cosine_similarity` (PyTorch's default)."""

Token = TypeVar("Token", bound=Hashable)
"""A token of a sentence: a word, an id, anything hashable; the pairs keep its type."""


def _positive_int(name: str, value: int) -> int:
    """Return ``value`` as an int, or raise ValueError naming ``name``."""
    try:
        number = operator.index(value)
    except TypeError as err:
        raise ValueError(f"{name} must be an integer, got {value!r}") from err
    if number < 1:
        raise ValueError(f"{name} must be a positive integer, got {number}")
    return number


def _integer_ids(name: str, ids: npt.ArrayLike, size: int) -> np.ndarray:
    """Return ``ids`` as an integer array with every entry in [0, size)."""
    ids = np.asarray(ids)
    if ids.size and not np.issubdtype(ids.dtype, np.integer):
        raise ValueError(f"{name} must hold integers, got dtype {ids.dtype}")
    ids = ids.astype(np.int64)
    if ids.size and (ids.min() < 0 or ids.max() >= size):
        raise ValueError(
            f"{name} must lie in [0, {size}), got values from {ids.min()} to {ids.max()}"
        )
    return ids


def one_hot(indices: npt.ArrayLike, num_classes: int) -> np.ndarray:
    """One-hot encode integer class indices.

    ``out[..., j] = 1.0 if indices[...] == j else 0.0``: each index becomes a row of the
    V x V identity matrix, ``out = I[indices]`` with ``V = num_classes``.

    Parameters
    ----------
    indices : array_like of int, any shape
        Class indices, each in ``[0, num_classes)``.
    num_classes : int
        Number of classes V, positive.

    Returns
    -------
    ndarray of shape (*indices.shape, num_classes), float64
        Like ``torch.nn.functional.one_hot``, but float rather than int64, ready to be
        multiplied by an embedding matrix.

    Raises
    ------
    ValueError
        If ``num_classes`` is not a positive integer, ``indices`` are not integers, or an
        index lies outside ``[0, num_classes)``.

    Examples
    --------
    >>> one_hot([0, 2], 3).tolist()
    [[1.0, 0.0, 0.0], [0.0, 0.0, 1.0]]
    """
    num_classes = _positive_int("num_classes", num_classes)
    indices = _integer_ids("indices", indices, num_classes)
    return np.eye(num_classes)[indices]  # (*indices.shape, V)


def embedding_lookup(E: npt.ArrayLike, ids: npt.ArrayLike) -> np.ndarray:
    """Look up the embedding vector of each id.

    ``out[...] = E[ids[...]]``, which equals ``one_hot(ids, V) @ E``: the one-hot vector
    picks out one row of ``E``.

    Parameters
    ----------
    E : ndarray of shape (V, D)
        Embedding matrix, one row per word (``nn.Embedding.weight``).
    ids : array_like of int, any shape
        Word ids, each in ``[0, V)``.

    Returns
    -------
    ndarray of shape (*ids.shape, D)
        The rows of ``E`` (``torch.nn.functional.embedding``).

    Raises
    ------
    ValueError
        If ``E`` is not 2-D, ``ids`` are not integers, or an id lies outside ``[0, V)``.

    Examples
    --------
    >>> E = np.array([[0.0, 1.0], [2.0, 3.0], [4.0, 5.0]])
    >>> embedding_lookup(E, [2, 0]).tolist()
    [[4.0, 5.0], [0.0, 1.0]]
    >>> (one_hot([2, 0], 3) @ E).tolist()
    [[4.0, 5.0], [0.0, 1.0]]
    """
    E = np.asarray(E, dtype=np.float64)
    if E.ndim != 2:
        raise ValueError(f"E must have shape (V, D), got shape {E.shape}")
    ids = _integer_ids("ids", ids, E.shape[0])
    return E[ids]  # (*ids.shape, D)


def cosine_similarity(a: np.ndarray, b: np.ndarray, axis: int = -1) -> np.ndarray | float:
    """Cosine of the angle between vectors along ``axis``.

    ``cos(a, b) = sum_k a_k b_k / (max(||a||, eps) * max(||b||, eps))`` with the sum and
    the Euclidean norms ``||a|| = sqrt(sum_k a_k^2)`` taken over ``axis``, and
    ``eps = 1e-8`` so that a zero vector gives 0 instead of dividing by zero (the formula
    of ``torch.nn.functional.cosine_similarity``). ``a`` and ``b`` broadcast.

    Parameters
    ----------
    a, b : array_like of broadcastable shapes
        The vectors to compare.
    axis : int, default -1
        The axis that holds the vector components.

    Returns
    -------
    ndarray of the broadcast shape without ``axis``, or float
        Similarities in [-1, 1]; a Python float when the inputs are single vectors.

    Raises
    ------
    ValueError
        If ``a`` and ``b`` do not broadcast or ``axis`` is out of range.

    Examples
    --------
    >>> cosine_similarity([1.0, 0.0], [1.0, 1.0])  # cos 45 degrees = 1 / sqrt(2)
    0.7071067811865475
    >>> cosine_similarity([[1.0, 0.0], [0.0, 2.0]], [0.0, 3.0]).tolist()
    [0.0, 1.0]
    """
    a = np.asarray(a, dtype=np.float64)
    b = np.asarray(b, dtype=np.float64)
    try:
        a, b = np.broadcast_arrays(a, b)
    except ValueError as err:
        raise ValueError(f"a and b must broadcast, got shapes {a.shape} and {b.shape}") from err
    if not -a.ndim <= axis < a.ndim:
        raise ValueError(f"axis {axis} is out of range for arrays with {a.ndim} dimensions")
    norm_a = np.maximum(np.linalg.norm(a, axis=axis, keepdims=True), COSINE_EPS)
    norm_b = np.maximum(np.linalg.norm(b, axis=axis, keepdims=True), COSINE_EPS)
    similarity = np.sum((a / norm_a) * (b / norm_b), axis=axis)  # broadcast shape minus axis
    return float(similarity) if similarity.ndim == 0 else similarity


def analogy(
    E: np.ndarray,
    vocab: Sequence[str] | Mapping[str, int],
    a: str,
    b: str,
    c: str,
    topk: int = 1,
) -> list[str]:
    """Solve "a is to b as c is to ?" by vector arithmetic (Mikolov et al., 2013).

    ``target = E[b] - E[a] + E[c]``; the answer is the word ``w``, other than a, b and c,
    with the largest ``cosine_similarity(E[w], target)``. With a = "man", b = "king",
    c = "woman" the target is king - man + woman and a good embedding answers "queen".
    Ties go to the word with the lower row in ``E``.

    Parameters
    ----------
    E : ndarray of shape (V, D)
        Embedding matrix, row ``i`` for word ``i``.
    vocab : sequence of str, or mapping of str to int
        The words: ``vocab[i]`` is the word of row ``i``, or ``vocab[word]`` its row.
    a, b, c : str
        The words of the analogy, each in ``vocab``.
    topk : int, default 1
        How many answers to return, at most the number of words other than a, b, c.

    Returns
    -------
    list of str
        The ``topk`` nearest words, most similar first.

    Raises
    ------
    ValueError
        If ``E`` is not 2-D, ``vocab`` does not match the rows of ``E``, a word is not in
        ``vocab``, or ``topk`` is not between 1 and the number of candidate words.

    Examples
    --------
    >>> vocab = ["king", "queen", "man", "woman"]
    >>> E = np.array([[1.0, 1.0], [1.0, -1.0], [0.1, 1.0], [0.1, -1.0]])  # (royal, male)
    >>> analogy(E, vocab, "man", "king", "woman")
    ['queen']
    """
    E = np.asarray(E, dtype=np.float64)
    if E.ndim != 2:
        raise ValueError(f"E must have shape (V, D), got shape {E.shape}")
    if isinstance(vocab, Mapping):
        row_of = dict(vocab)
    else:
        row_of = {word: row for row, word in enumerate(vocab)}
    if sorted(row_of.values()) != list(range(E.shape[0])):
        raise ValueError(f"vocab must name each of the {E.shape[0]} rows of E exactly once")
    for name, word in (("a", a), ("b", b), ("c", c)):
        if word not in row_of:
            raise ValueError(f"{name} = {word!r} is not in vocab")
    excluded = {row_of[a], row_of[b], row_of[c]}
    topk = _positive_int("topk", topk)
    if topk > E.shape[0] - len(excluded):
        raise ValueError(
            f"topk must be at most {E.shape[0] - len(excluded)}, the number of words "
            f"other than a, b and c; got {topk}"
        )
    target = E[row_of[b]] - E[row_of[a]] + E[row_of[c]]  # (D,)
    similarity = np.asarray(cosine_similarity(E, target))  # (V,)
    similarity[list(excluded)] = -np.inf
    best_rows = np.argsort(-similarity, kind="stable")[:topk]
    word_of = {row: word for word, row in row_of.items()}
    return [word_of[row] for row in best_rows.tolist()]


def _check_tokens_and_window(tokens: Sequence[Hashable], window: int) -> int:
    """Validate word2vec inputs and return ``window`` as an int."""
    if isinstance(tokens, str):
        raise ValueError("tokens must be a sequence of tokens such as a list of words, not a str")
    return _positive_int("window", window)


def skipgram_pairs(tokens: Sequence[Token], window: int) -> list[tuple[Token, Token]]:
    """(centre, context) training pairs of the skip-gram model (Mikolov et al., 2013).

    For every position ``t`` and every offset ``j`` with ``1 <= |j| <= window`` and
    ``0 <= t + j < len(tokens)``, the pair ``(tokens[t], tokens[t + j])``: the model
    learns to predict each context word from the centre word. Pairs are ordered by
    centre position, then by context position. The window is fixed (word2vec samples a
    smaller window per word; this is the textbook definition).

    Parameters
    ----------
    tokens : sequence of hashable
        The sentence, e.g. a list of words.
    window : int
        How many words on each side count as context, positive.

    Returns
    -------
    list of (centre, context) tuples

    Raises
    ------
    ValueError
        If ``tokens`` is a str or ``window`` is not a positive integer.

    Examples
    --------
    >>> skipgram_pairs(["the", "cat", "sat"], window=1)
    [('the', 'cat'), ('cat', 'the'), ('cat', 'sat'), ('sat', 'cat')]
    """
    window = _check_tokens_and_window(tokens, window)
    return [
        (centre, tokens[context_position])
        for position, centre in enumerate(tokens)
        for context_position in range(max(0, position - window), position + window + 1)
        if context_position != position and context_position < len(tokens)
    ]


def cbow_pairs(tokens: Sequence[Token], window: int) -> list[tuple[list[Token], Token]]:
    """(context, centre) training pairs of the continuous bag-of-words model.

    For every position ``t``, the pair ``(context, tokens[t])`` where ``context`` lists the
    tokens at positions ``t + j`` with ``1 <= |j| <= window`` that exist, left to right:
    the model averages the context vectors to predict the centre word (Mikolov et al.,
    2013). A position with no context (a one-token sentence) gives no pair.

    Parameters
    ----------
    tokens : sequence of hashable
        The sentence, e.g. a list of words.
    window : int
        How many words on each side count as context, positive.

    Returns
    -------
    list of (context list, centre) tuples

    Raises
    ------
    ValueError
        If ``tokens`` is a str or ``window`` is not a positive integer.

    Examples
    --------
    >>> cbow_pairs(["the", "cat", "sat"], window=1)
    [(['cat'], 'the'), (['the', 'sat'], 'cat'), (['cat'], 'sat')]
    """
    window = _check_tokens_and_window(tokens, window)
    pairs = []
    for position, centre in enumerate(tokens):
        context = [
            *tokens[max(0, position - window) : position],
            *tokens[position + 1 : position + window + 1],
        ]
        if context:
            pairs.append((context, centre))
    return pairs


def negative_sampling_loss(center: np.ndarray, context: np.ndarray, negatives: np.ndarray) -> float:
    """Skip-gram negative-sampling loss of one pair (Mikolov et al. 2013, eq. 4).

    ``L = -log sigmoid(context · center) - sum_k log sigmoid(-negatives[k] · center)``:
    a logistic regression that calls the true pair real and each of the K noise pairs
    fake. ``-log sigmoid(s)`` is computed as ``logaddexp(0, -s)``, exact for large |s|.
    Natural log, a sum over the K noise words (not a mean).

    Parameters
    ----------
    center : ndarray of shape (D,)
        The centre word's input vector v_c.
    context : ndarray of shape (D,)
        The true context word's output vector u_o.
    negatives : ndarray of shape (K, D)
        The output vectors u_k of the K noise words.

    Returns
    -------
    float

    Raises
    ------
    ValueError
        If the shapes disagree.

    Examples
    --------
    Scores 2.0 for the true pair and -1.0, 0.5 for the noise words:

    >>> v = np.array([1.0])
    >>> round(negative_sampling_loss(v, np.array([2.0]), np.array([[-1.0], [0.5]])), 3)
    1.414
    """
    center = np.asarray(center, dtype=np.float64)
    context = np.asarray(context, dtype=np.float64)
    negatives = np.asarray(negatives, dtype=np.float64)
    if center.ndim != 1 or context.shape != center.shape:
        raise ValueError(
            f"center and context must be vectors of one length, got {center.shape} and "
            f"{context.shape}"
        )
    if negatives.ndim != 2 or negatives.shape[1] != center.size:
        raise ValueError(f"negatives must have shape (K, {center.size}), got {negatives.shape}")
    positive_score = context @ center
    negative_scores = negatives @ center  # (K,)
    return float(np.logaddexp(0, -positive_score) + np.sum(np.logaddexp(0, negative_scores)))
