"""Scaled dot-product attention and multi-head self-attention (Vaswani et al., 2017,
"Attention Is All You Need").

Masks are boolean with PyTorch's ``F.scaled_dot_product_attention`` convention:
``True`` means the query may attend to that key. (``nn.MultiheadAttention``'s boolean
``attn_mask`` means the opposite, True = blocked.)
"""

from __future__ import annotations

import operator

import numpy as np


def causal_mask(L: int, S: int | None = None) -> np.ndarray:
    """Boolean mask letting query ``i`` attend to keys ``j <= i`` (no peeking ahead).

    ``mask[i, j] = j <= i``, the lower triangle aligned at the top-left corner, as
    ``F.scaled_dot_product_attention(is_causal=True)`` builds it.

    Parameters
    ----------
    L : int
        Number of queries, zero or more.
    S : int, optional
        Number of keys; ``L`` if omitted.

    Returns
    -------
    ndarray of bool, shape (L, S)

    Raises
    ------
    ValueError
        If ``L`` or ``S`` is not a non-negative integer.

    Examples
    --------
    >>> causal_mask(3).astype(int).tolist()
    [[1, 0, 0], [1, 1, 0], [1, 1, 1]]
    """
    sizes = []
    for name, size in (("L", L), ("S", L if S is None else S)):
        try:
            size = operator.index(size)
        except TypeError as err:
            raise ValueError(f"{name} must be an integer, got {size!r}") from err
        if size < 0:
            raise ValueError(f"{name} must be zero or more, got {size}")
        sizes.append(size)
    return np.tril(np.ones(sizes, dtype=bool))


def attention_scores(q: np.ndarray, k: np.ndarray, scale: float | None = None) -> np.ndarray:
    """Scaled similarity of every query with every key.

    ``scores[..., i, j] = scale * sum over a < d of q[..., i, a] * k[..., j, a]``, i.e.
    ``scale * q @ k^T``, with ``scale = 1 / sqrt(d)`` by default. The scale keeps the
    scores' variance near 1 when the entries of q and k have variance 1, so the softmax
    does not saturate (Vaswani et al., 2017, section 3.2.1).

    Parameters
    ----------
    q : ndarray of shape (..., L, d)
        Queries.
    k : ndarray of shape (..., S, d)
        Keys; leading dimensions broadcast with q's.
    scale : float, optional
        Factor applied to ``q @ k^T``; ``1 / sqrt(d)`` if omitted, 1.0 for raw dot products.

    Returns
    -------
    ndarray of shape (..., L, S)

    Raises
    ------
    ValueError
        If q or k has fewer than 2 dimensions, their last dimensions differ or are 0, or
        their leading dimensions do not broadcast.

    Examples
    --------
    >>> q = np.array([[1.0, 0.0, 1.0, 0.0]])  # d = 4, so scale = 1/2
    >>> k = np.array([[1.0, 1.0, 1.0, 1.0], [2.0, 0.0, 0.0, 0.0]])
    >>> attention_scores(q, k).tolist(), attention_scores(q, k, scale=1.0).tolist()
    ([[1.0, 1.0]], [[2.0, 2.0]])
    """
    q = np.asarray(q, dtype=np.float64)
    k = np.asarray(k, dtype=np.float64)
    for name, array, rows in (("q", q, "L"), ("k", k, "S")):
        if array.ndim < 2:
            raise ValueError(f"{name} must have shape (..., {rows}, d), got shape {array.shape}")
    if q.shape[-1] != k.shape[-1] or q.shape[-1] == 0:
        raise ValueError(
            f"q and k must share a positive last dimension d, got {q.shape[-1]} and {k.shape[-1]}"
        )
    try:
        np.broadcast_shapes(q.shape[:-2], k.shape[:-2])
    except ValueError as err:
        raise ValueError(
            f"the leading dimensions of q {q.shape} and k {k.shape} must broadcast"
        ) from err
    if scale is None:
        scale = 1.0 / np.sqrt(q.shape[-1])
    return scale * (q @ np.swapaxes(k, -1, -2))  # (..., L, S)


def masked_softmax(scores: np.ndarray, allowed: np.ndarray | None = None) -> np.ndarray:
    """Softmax over the last axis, over the allowed positions only.

    ``weights[..., j] = exp(s_j - m) / sum over allowed j' of exp(s_j' - m)`` for allowed
    ``j`` and 0 elsewhere, where ``m`` is the largest allowed score of the row.
    Subtracting ``m`` changes nothing mathematically but keeps every exponent <= 0, so
    scores of 1e4 do not overflow. A row with no allowed position gets all-zero weights,
    as ``F.scaled_dot_product_attention`` gives since PyTorch 2.5 (earlier versions and
    ``nn.MultiheadAttention`` give NaN).

    Parameters
    ----------
    scores : ndarray of shape (..., S)
        Scores, e.g. from :func:`attention_scores`.
    allowed : ndarray of bool, broadcastable to scores' shape, optional
        True where a position may receive weight; all positions if omitted.

    Returns
    -------
    ndarray of the broadcast shape
        Each row sums to 1, or to 0 if nothing in it is allowed.

    Examples
    --------
    >>> masked_softmax(np.array([10000.0, 10000.0, 0.0])).tolist()
    [0.5, 0.5, 0.0]
    >>> masked_softmax(np.array([1.0, 2.0]), np.array([True, False])).tolist()
    [1.0, 0.0]
    """
    scores = np.asarray(scores, dtype=np.float64)
    if allowed is not None:
        scores = np.where(allowed, scores, -np.inf)
    row_max = np.max(scores, axis=-1, keepdims=True)
    row_max = np.where(np.isfinite(row_max), row_max, 0.0)  # a fully masked row: no shift
    exponentials = np.exp(scores - row_max)  # masked positions: exp(-inf) = 0
    totals = np.sum(exponentials, axis=-1, keepdims=True)
    return np.divide(exponentials, totals, out=np.zeros_like(exponentials), where=totals > 0)


def scaled_dot_product_attention(
    q: np.ndarray,
    k: np.ndarray,
    v: np.ndarray,
    mask: np.ndarray | None = None,
    causal: bool = False,
    scale: float | None = None,
) -> tuple[np.ndarray, np.ndarray]:
    """Scaled dot-product attention (Vaswani et al., 2017, equation 1).

    ``weights = softmax(q @ k^T / sqrt(d))`` over the keys (the last axis), restricted to
    the allowed positions, and ``output = weights @ v``: each query's output is the
    weighted mean of the values, ``output[..., i, :] = sum over j < S of
    weights[..., i, j] * v[..., j, :]``. A key is allowed where ``mask`` is True and, if
    ``causal``, where ``j <= i``; both may be given (PyTorch refuses that combination, here
    they are combined with "and"). A query with no allowed key gets zero weights and a
    zero output, as in ``F.scaled_dot_product_attention`` (see :func:`masked_softmax`).

    Parameters
    ----------
    q : ndarray of shape (..., L, d)
        Queries.
    k : ndarray of shape (..., S, d)
        Keys.
    v : ndarray of shape (..., S, dv)
        Values; leading dimensions of q, k, v broadcast.
    mask : ndarray of bool, broadcastable to (..., L, S), optional
        True = may attend.
    causal : bool, default False
        Also forbid attending to later positions (:func:`causal_mask`).
    scale : float, optional
        Replaces ``1 / sqrt(d)``, as PyTorch's ``scale=`` does.

    Returns
    -------
    output : ndarray of shape (..., L, dv)
    weights : ndarray of shape (..., L, S)
        The attention weights; each row sums to 1 (or 0 if fully masked).

    Raises
    ------
    ValueError
        If a shape is wrong (see :func:`attention_scores`; also v's S must match k's), or
        ``mask`` is not boolean or does not broadcast to (..., L, S).

    Examples
    --------
    The query matches the second key far better, so it copies the second value:

    >>> q = np.array([[0.0, 10.0]])
    >>> k = np.array([[1.0, 0.0], [0.0, 1.0]])
    >>> v = np.array([[1.0, 2.0], [3.0, 4.0]])
    >>> output, weights = scaled_dot_product_attention(q, k, v)
    >>> np.round(weights, 4).tolist(), np.round(output, 3).tolist()
    ([[0.0008, 0.9992]], [[2.998, 3.998]])
    """
    v = np.asarray(v, dtype=np.float64)
    scores = attention_scores(q, k, scale)  # (..., L, S)
    num_queries, num_keys = scores.shape[-2:]
    k_shape = np.shape(k)
    if v.ndim < 2 or v.shape[-2] != k_shape[-2]:
        raise ValueError(f"v must have shape (..., {k_shape[-2]}, dv), got shape {v.shape}")
    try:
        np.broadcast_shapes(scores.shape[:-2], v.shape[:-2])
    except ValueError as err:
        raise ValueError(
            f"the leading dimensions of v {v.shape} must broadcast with those of q and k"
        ) from err
    allowed = None
    if mask is not None:
        allowed = np.asarray(mask)
        if allowed.dtype != np.bool_:
            raise ValueError(f"mask must be boolean (True = may attend), got dtype {allowed.dtype}")
        target = (*scores.shape[:-2], num_queries, num_keys)
        try:
            fits = np.broadcast_shapes(allowed.shape, target) == target
        except ValueError:
            fits = False
        if not fits:
            raise ValueError(f"mask of shape {allowed.shape} does not broadcast to {target}")
    if causal:
        lower = causal_mask(num_queries, num_keys)  # (L, S)
        allowed = lower if allowed is None else allowed & lower
    weights = masked_softmax(scores, allowed)  # (..., L, S)
    output = weights @ v  # (..., L, dv)
    return output, weights


def split_heads(x: np.ndarray, num_heads: int) -> np.ndarray:
    """Cut the features of ``x`` into ``num_heads`` heads: (N, L, E) -> (N, h, L, E/h).

    Head ``j`` gets features ``j*d_h .. (j+1)*d_h - 1`` with ``d_h = E / h``, the split
    ``nn.MultiheadAttention`` uses.

    Parameters
    ----------
    x : ndarray of shape (N, L, E)
    num_heads : int
        Number of heads h, positive, dividing E.

    Returns
    -------
    ndarray of shape (N, h, L, E / h)

    Raises
    ------
    ValueError
        If ``x`` is not 3-D or ``num_heads`` is not a positive divisor of E.

    Examples
    --------
    >>> x = np.arange(4.0).reshape(1, 1, 4)
    >>> split_heads(x, 2).tolist()
    [[[[0.0, 1.0]], [[2.0, 3.0]]]]
    """
    x = np.asarray(x, dtype=np.float64)
    if x.ndim != 3:
        raise ValueError(f"x must have shape (N, L, E), got shape {x.shape}")
    batch, length, embed = x.shape
    try:
        num_heads = operator.index(num_heads)
    except TypeError as err:
        raise ValueError(f"num_heads must be an integer, got {num_heads!r}") from err
    if num_heads < 1 or embed % num_heads:
        raise ValueError(f"num_heads must be a positive divisor of E = {embed}, got {num_heads}")
    return x.reshape(batch, length, num_heads, embed // num_heads).transpose(0, 2, 1, 3)


def merge_heads(x: np.ndarray) -> np.ndarray:
    """Undo :func:`split_heads`: (N, h, L, d_h) -> (N, L, h*d_h), heads side by side.

    Parameters
    ----------
    x : ndarray of shape (N, h, L, d_h)

    Returns
    -------
    ndarray of shape (N, L, h*d_h)

    Raises
    ------
    ValueError
        If ``x`` is not 4-D.

    Examples
    --------
    >>> x = np.arange(6.0).reshape(1, 2, 1, 3)
    >>> bool(np.array_equal(split_heads(merge_heads(x), 2), x))
    True
    """
    x = np.asarray(x, dtype=np.float64)
    if x.ndim != 4:
        raise ValueError(f"x must have shape (N, h, L, d_h), got shape {x.shape}")
    batch, num_heads, length, head_dim = x.shape
    return x.transpose(0, 2, 1, 3).reshape(batch, length, num_heads * head_dim)


def multi_head_attention(
    x: np.ndarray,
    Wq: np.ndarray,
    Wk: np.ndarray,
    Wv: np.ndarray,
    Wo: np.ndarray,
    num_heads: int,
    causal: bool = False,
) -> tuple[np.ndarray, np.ndarray]:
    """Multi-head self-attention without biases (Vaswani et al., 2017, section 3.2.2).

    ``Q = x @ Wq.T``, ``K = x @ Wk.T``, ``V = x @ Wv.T`` (each (N, L, E)) are split into
    h heads of ``d_h = E / h`` features (:func:`split_heads`); each head runs
    :func:`scaled_dot_product_attention` with scale ``1 / sqrt(d_h)``; the heads' outputs
    are concatenated (:func:`merge_heads`) and projected, ``output = concat @ Wo.T``.
    This is ``nn.MultiheadAttention(E, h, bias=False, batch_first=True)`` with
    ``in_proj_weight = [Wq; Wk; Wv]`` and ``out_proj.weight = Wo``.

    Parameters
    ----------
    x : ndarray of shape (N, L, E)
        Input sequence; queries, keys and values all come from it.
    Wq, Wk, Wv, Wo : ndarray of shape (E, E)
        Projection weights as ``nn.Linear.weight`` (output features first).
    num_heads : int
        Number of heads h, positive, dividing E.
    causal : bool, default False
        Position i attends only to positions j <= i.

    Returns
    -------
    output : ndarray of shape (N, L, E)
    weights : ndarray of shape (N, h, L, L)
        Each head's attention weights (``need_weights=True, average_attn_weights=False``).

    Raises
    ------
    ValueError
        If ``x`` is not 3-D, a weight is not (E, E), or ``num_heads`` does not divide E.

    Examples
    --------
    With identity projections and one head, it is plain attention over x:

    >>> x = np.array([[[1.0, 0.0], [0.0, 1.0]]])
    >>> eye = np.eye(2)
    >>> output, weights = multi_head_attention(x, eye, eye, eye, eye, num_heads=1)
    >>> bool(np.allclose(output, scaled_dot_product_attention(x, x, x)[0]))
    True
    >>> weights.shape
    (1, 1, 2, 2)
    """
    x = np.asarray(x, dtype=np.float64)
    if x.ndim != 3:
        raise ValueError(f"x must have shape (N, L, E), got shape {x.shape}")
    embed = x.shape[2]
    for name, weight in (("Wq", Wq), ("Wk", Wk), ("Wv", Wv), ("Wo", Wo)):
        if np.shape(weight) != (embed, embed):
            raise ValueError(f"{name} must have shape ({embed}, {embed}), got {np.shape(weight)}")
    q = split_heads(x @ np.asarray(Wq).T, num_heads)  # (N, h, L, d_h)
    k = split_heads(x @ np.asarray(Wk).T, num_heads)  # (N, h, L, d_h)
    v = split_heads(x @ np.asarray(Wv).T, num_heads)  # (N, h, L, d_h)
    heads, weights = scaled_dot_product_attention(q, k, v, causal=causal)  # (N, h, L, d_h)
    output = merge_heads(heads) @ np.asarray(Wo, dtype=np.float64).T  # (N, L, E)
    return output, weights
