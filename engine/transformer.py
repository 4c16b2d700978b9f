"""The Transformer encoder block and its parts (Vaswani et al., 2017, "Attention Is All
You Need"): layer normalization (Ba et al., 2016), sinusoidal positional encoding,
self-attention with biases, and the position-wise feed-forward network.

Parameters are a dict named like the ``state_dict`` of
``torch.nn.TransformerEncoderLayer`` (see :data:`ENCODER_PARAM_SHAPES`), so a trained
PyTorch layer runs here unchanged, given
``{name: tensor.numpy() for name, tensor in layer.state_dict().items()}``.
"""

from __future__ import annotations

import operator
from collections.abc import Mapping

import numpy as np

from engine.attention import merge_heads, scaled_dot_product_attention, split_heads

ENCODER_PARAM_SHAPES = {
    "self_attn.in_proj_weight": ("3E", "E"),
    "self_attn.in_proj_bias": ("3E",),
    "self_attn.out_proj.weight": ("E", "E"),
    "self_attn.out_proj.bias": ("E",),
    "linear1.weight": ("F", "E"),
    "linear1.bias": ("F",),
    "linear2.weight": ("E", "F"),
    "linear2.bias": ("E",),
    "norm1.weight": ("E",),
    "norm1.bias": ("E",),
    "norm2.weight": ("E",),
    "norm2.bias": ("E",),
}
"""The parameters of :func:`encoder_layer`, with their shapes: E = d_model, F =
dim_feedforward. The keys are ``nn.TransformerEncoderLayer``'s state_dict keys."""


def _positive_int(name: str, value: int) -> int:
    """Return ``value`` as an int, or raise ValueError naming ``name``."""
    try:
        number = operator.index(value)
    except TypeError as err:
        raise ValueError(f"{name} must be an integer, got {value!r}") from err
    if number < 1:
        raise ValueError(f"{name} must be a positive integer, got {number}")
    return number


def layer_norm(x: np.ndarray, gamma: np.ndarray, beta: np.ndarray, eps: float = 1e-5) -> np.ndarray:
    """Layer normalization over the last axis (Ba et al., 2016; ``F.layer_norm``).

    ``mu = mean_k x[..., k]`` and ``var = mean_k (x[..., k] - mu)^2`` (the biased
    variance, dividing by D) over the last axis, then
    ``out = (x - mu) / sqrt(var + eps) * gamma + beta``: each vector gets mean 0 and
    variance 1, then a learned scale and shift per feature.

    Parameters
    ----------
    x : ndarray of shape (..., D)
        Input; each vector along the last axis is normalized on its own.
    gamma, beta : ndarray of shape (D,)
        Scale and shift (``weight`` and ``bias`` of ``nn.LayerNorm(D)``).
    eps : float, default 1e-5
        Added to the variance so a constant vector does not divide by zero; zero or more.

    Returns
    -------
    ndarray of shape (..., D)

    Raises
    ------
    ValueError
        If ``x`` has no axis or an empty last axis, ``gamma`` or ``beta`` is not (D,), or
        ``eps`` is negative.

    Examples
    --------
    x = [1, 2, 3, 4] has mean 2.5 and variance 1.25:

    >>> x = np.array([1.0, 2.0, 3.0, 4.0])
    >>> np.round(layer_norm(x, np.ones(4), np.zeros(4), eps=0.0), 4).tolist()
    [-1.3416, -0.4472, 0.4472, 1.3416]
    """
    x = np.asarray(x, dtype=np.float64)
    if x.ndim == 0 or x.shape[-1] == 0:
        raise ValueError(f"x must have shape (..., D) with D >= 1, got shape {x.shape}")
    for name, array in (("gamma", gamma), ("beta", beta)):
        if np.shape(array) != x.shape[-1:]:
            raise ValueError(f"{name} must have shape {x.shape[-1:]}, got {np.shape(array)}")
    if not eps >= 0:
        raise ValueError(f"eps must be zero or more, got {eps}")
    mu = np.mean(x, axis=-1, keepdims=True)  # (..., 1)
    var = np.mean((x - mu) ** 2, axis=-1, keepdims=True)  # (..., 1), biased
    return (x - mu) / np.sqrt(var + eps) * np.asarray(gamma) + np.asarray(beta)  # (..., D)


def positional_encoding(seq_len: int, d_model: int) -> np.ndarray:
    """Sinusoidal positional encoding (Vaswani et al., 2017, section 3.5).

    ``PE[pos, 2i] = sin(pos / 10000^(2i / d_model))`` and
    ``PE[pos, 2i + 1] = cos(pos / 10000^(2i / d_model))``: each pair of features is a
    sine and cosine of one frequency, from 1 down to about 1/10000. When d_model is odd
    the last feature is a sine alone.

    Parameters
    ----------
    seq_len : int
        Number of positions, positive.
    d_model : int
        Number of features, positive.

    Returns
    -------
    ndarray of shape (seq_len, d_model)

    Raises
    ------
    ValueError
        If ``seq_len`` or ``d_model`` is not a positive integer.

    Examples
    --------
    Position 0 is [sin 0, cos 0, ...] = [0, 1, 0, 1]; with d_model = 4 the second pair
    has frequency 1/10000^(2/4) = 1/100:

    >>> np.round(positional_encoding(2, 4), 4).tolist()
    [[0.0, 1.0, 0.0, 1.0], [0.8415, 0.5403, 0.01, 1.0]]
    """
    seq_len = _positive_int("seq_len", seq_len)
    d_model = _positive_int("d_model", d_model)
    positions = np.arange(seq_len)[:, None]  # (L, 1)
    features = np.arange(d_model)  # (D,)
    pair_index = features // 2  # i, for both feature 2i and feature 2i + 1
    angles = positions / 10000.0 ** (2 * pair_index / d_model)  # (L, D)
    return np.where(features % 2 == 0, np.sin(angles), np.cos(angles))  # (L, D)


def _param(
    params: Mapping[str, np.ndarray], name: str, shape: tuple[int | None, ...]
) -> np.ndarray:
    """Return ``params[name]`` as float64, checking that it is present with ``shape``.

    A ``None`` in ``shape`` accepts any size (the feed-forward width F).
    """
    if name not in params:
        raise ValueError(f"params is missing {name!r}")
    value = np.asarray(params[name], dtype=np.float64)
    if len(value.shape) != len(shape) or any(
        expected is not None and size != expected
        for size, expected in zip(value.shape, shape, strict=True)
    ):
        readable = tuple("F" if expected is None else expected for expected in shape)
        raise ValueError(f"params[{name!r}] must have shape {readable}, got shape {value.shape}")
    return value


def _embed_dim(x: np.ndarray) -> int:
    """Return E for ``x`` of shape (N, L, E), or raise ValueError."""
    if x.ndim != 3:
        raise ValueError(f"x must have shape (N, L, E), got shape {x.shape}")
    return x.shape[2]


def self_attention(
    x: np.ndarray, params: Mapping[str, np.ndarray], num_heads: int, causal: bool = False
) -> np.ndarray:
    """Multi-head self-attention with biases, as in ``nn.MultiheadAttention``.

    ``[Wq; Wk; Wv] = in_proj_weight`` and ``[bq; bk; bv] = in_proj_bias`` (three blocks
    of E rows), ``Q = x @ Wq.T + bq`` and likewise K and V, each split into h heads of
    ``d_h = E / h`` features; per head ``softmax(Q K^T / sqrt(d_h)) V``; then the heads
    are concatenated and projected, ``concat @ out_proj.weight.T + out_proj.bias``.

    Parameters
    ----------
    x : ndarray of shape (N, L, E)
        Input sequence.
    params : mapping of str to ndarray
        Needs the ``self_attn.*`` entries of :data:`ENCODER_PARAM_SHAPES`.
    num_heads : int
        Number of heads h, positive, dividing E.
    causal : bool, default False
        Position i attends only to positions j <= i.

    Returns
    -------
    ndarray of shape (N, L, E)

    Raises
    ------
    ValueError
        If ``x`` is not 3-D, a parameter is missing or misshapen, or ``num_heads`` does not
        divide E.

    Examples
    --------
    With V's projection zero, every output is the output bias:

    >>> E = 2
    >>> params = {"self_attn.in_proj_weight": np.zeros((3 * E, E)),
    ...           "self_attn.in_proj_bias": np.zeros(3 * E),
    ...           "self_attn.out_proj.weight": np.eye(E),
    ...           "self_attn.out_proj.bias": np.array([0.5, -1.0])}
    >>> self_attention(np.ones((1, 3, E)), params, num_heads=2)[0].tolist()
    [[0.5, -1.0], [0.5, -1.0], [0.5, -1.0]]
    """
    x = np.asarray(x, dtype=np.float64)
    embed = _embed_dim(x)
    in_weight = _param(params, "self_attn.in_proj_weight", (3 * embed, embed))
    in_bias = _param(params, "self_attn.in_proj_bias", (3 * embed,))
    out_weight = _param(params, "self_attn.out_proj.weight", (embed, embed))
    out_bias = _param(params, "self_attn.out_proj.bias", (embed,))
    projected = x @ in_weight.T + in_bias  # (N, L, 3E): Q, K, V side by side
    q, k, v = (split_heads(part, num_heads) for part in np.split(projected, 3, axis=-1))
    heads, _ = scaled_dot_product_attention(q, k, v, causal=causal)  # (N, h, L, d_h)
    return merge_heads(heads) @ out_weight.T + out_bias  # (N, L, E)


def feed_forward(x: np.ndarray, params: Mapping[str, np.ndarray]) -> np.ndarray:
    """Position-wise feed-forward network (Vaswani et al., 2017, section 3.3).

    ``FFN(x) = relu(x @ W1.T + b1) @ W2.T + b2`` with ``W1, b1 = linear1.weight,
    linear1.bias`` of shapes (F, E), (F,) and ``W2, b2 = linear2.weight, linear2.bias`` of
    shapes (E, F), (E,); the same network is applied at every position.

    Parameters
    ----------
    x : ndarray of shape (N, L, E)
        Input sequence.
    params : mapping of str to ndarray
        Needs the ``linear1.*`` and ``linear2.*`` entries of :data:`ENCODER_PARAM_SHAPES`.

    Returns
    -------
    ndarray of shape (N, L, E)

    Raises
    ------
    ValueError
        If ``x`` is not 3-D or a parameter is missing or misshapen.

    Examples
    --------
    >>> params = {"linear1.weight": np.array([[1.0], [-1.0]]), "linear1.bias": np.zeros(2),
    ...           "linear2.weight": np.array([[1.0, 1.0]]), "linear2.bias": np.zeros(1)}
    >>> feed_forward(np.array([[[3.0], [-2.0]]]), params).tolist()  # relu(x) + relu(-x)
    [[[3.0], [2.0]]]
    """
    x = np.asarray(x, dtype=np.float64)
    embed = _embed_dim(x)
    W1 = _param(params, "linear1.weight", (None, embed))
    hidden = W1.shape[0]
    b1 = _param(params, "linear1.bias", (hidden,))
    W2 = _param(params, "linear2.weight", (embed, hidden))
    b2 = _param(params, "linear2.bias", (embed,))
    h = np.maximum(x @ W1.T + b1, 0.0)  # (N, L, F)
    return h @ W2.T + b2  # (N, L, E)


def encoder_layer(
    x: np.ndarray, params: Mapping[str, np.ndarray], num_heads: int, causal: bool = False
) -> np.ndarray:
    """One post-norm Transformer encoder layer (Vaswani et al., 2017, section 3.1).

    ``h = LayerNorm1(x + SelfAttention(x))`` then ``out = LayerNorm2(h + FFN(h))``, with
    :func:`self_attention`, :func:`feed_forward` and :func:`layer_norm` (eps 1e-5,
    ``norm1.weight``/``norm1.bias`` and ``norm2.*``). This is
    ``nn.TransformerEncoderLayer(E, num_heads, F, dropout=0.0, batch_first=True,
    norm_first=False)`` (ReLU activation) in eval mode.

    Parameters
    ----------
    x : ndarray of shape (N, L, E)
        Input sequence.
    params : mapping of str to ndarray
        Exactly the keys of :data:`ENCODER_PARAM_SHAPES`, e.g. the layer's state_dict.
    num_heads : int
        Number of heads, positive, dividing E.
    causal : bool, default False
        Position i attends only to positions j <= i (``is_causal=True`` with a causal
        ``src_mask`` in PyTorch).

    Returns
    -------
    ndarray of shape (N, L, E)

    Raises
    ------
    ValueError
        If ``x`` is not 3-D, ``params`` lacks a key, has an unknown one or a misshapen
        array, or ``num_heads`` does not divide E.

    Examples
    --------
    >>> rng = np.random.default_rng(0)
    >>> E, F = 4, 8
    >>> shapes = {"3E": 3 * E, "E": E, "F": F}
    >>> params = {name: rng.normal(size=[shapes[s] for s in shape])
    ...           for name, shape in ENCODER_PARAM_SHAPES.items()}
    >>> params["norm2.weight"], params["norm2.bias"] = np.ones(E), np.zeros(E)
    >>> out = encoder_layer(rng.normal(size=(2, 3, E)), params, num_heads=2)
    >>> out.shape, bool(np.allclose(out.mean(axis=-1), 0))  # LayerNorm2: mean 0 (either sign)
    ((2, 3, 4), True)
    """
    x = np.asarray(x, dtype=np.float64)
    embed = _embed_dim(x)
    unknown = sorted(set(params) - set(ENCODER_PARAM_SHAPES))
    if unknown:
        raise ValueError(
            f"params has unknown keys {unknown}; expected those of ENCODER_PARAM_SHAPES"
        )
    gamma1 = _param(params, "norm1.weight", (embed,))
    beta1 = _param(params, "norm1.bias", (embed,))
    gamma2 = _param(params, "norm2.weight", (embed,))
    beta2 = _param(params, "norm2.bias", (embed,))
    h = layer_norm(x + self_attention(x, params, num_heads, causal), gamma1, beta1)  # (N, L, E)
    return layer_norm(h + feed_forward(h, params), gamma2, beta2)  # (N, L, E)
