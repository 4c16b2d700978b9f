"""2-D convolution and pooling over (N, C, H, W) batches, with PyTorch's conventions.

:func:`conv2d` is the fast version: it lays every receptive field out as a row of a
matrix (im2col, built from a strided view of the input, no copy until the reshape) and
multiplies that matrix by the flattened kernels. :func:`conv2d_naive` computes the same
sum with plain loops; it is the reference the fast version is tested against.
"""

from __future__ import annotations

import operator
from collections.abc import Sequence

import numpy as np
from numpy.lib.stride_tricks import sliding_window_view


def _int_at_least(name: str, value: int, minimum: int) -> int:
    """Return ``value`` as an int, or raise ValueError naming ``name``."""
    try:
        number = operator.index(value)
    except TypeError as err:
        raise ValueError(f"{name} must be an integer, got {value!r}") from err
    if number < minimum:
        raise ValueError(f"{name} must be at least {minimum}, got {number}")
    return number


def _pair(name: str, value: int | tuple[int, int], minimum: int) -> tuple[int, int]:
    """Read an int or an (h, w) pair of ints, as PyTorch's ``stride=`` and ``padding=``."""
    if isinstance(value, tuple | list):
        if len(value) != 2:
            raise ValueError(f"{name} must be an int or a pair (h, w), got {value!r}")
        return _int_at_least(name, value[0], minimum), _int_at_least(name, value[1], minimum)
    number = _int_at_least(name, value, minimum)
    return number, number


def _images(x: np.ndarray) -> np.ndarray:
    """Return ``x`` as a float64 array of shape (N, C, H, W)."""
    x = np.asarray(x, dtype=np.float64)
    if x.ndim != 4:
        raise ValueError(f"x must have shape (N, C, H, W), got shape {x.shape}")
    return x


def _pad(x: np.ndarray, padding: tuple[int, int], value: float = 0.0) -> np.ndarray:
    """Pad the two spatial axes of (N, C, H, W) ``x`` on both sides with ``value``."""
    ph, pw = padding
    return np.pad(x, ((0, 0), (0, 0), (ph, ph), (pw, pw)), constant_values=value)


def _check_fits(name: str, kernel: tuple[int, int], x_padded: np.ndarray) -> None:
    """Raise ValueError if the kernel does not fit inside the padded input."""
    if kernel[0] > x_padded.shape[2] or kernel[1] > x_padded.shape[3]:
        raise ValueError(f"{name} {kernel} is larger than the padded input {x_padded.shape[2:]}")


def _windows(x_padded: np.ndarray, kernel: tuple[int, int], stride: tuple[int, int]) -> np.ndarray:
    """Every kernel-sized window of padded (N, C, Hp, Wp) input, as a read-only view.

    ``windows[n, c, i, j] = x_padded[n, c, i*sh : i*sh + kh, j*sw : j*sw + kw]``.
    """
    kh, kw = kernel
    sh, sw = stride
    return sliding_window_view(x_padded, (kh, kw), axis=(2, 3))[:, :, ::sh, ::sw]


def conv_output_size(
    n: int, kernel: int, stride: int = 1, padding: int = 0, dilation: int = 1
) -> int:
    """Size of a convolution's or pooling's output along one spatial axis.

    ``out = floor((n + 2*padding - dilation*(kernel - 1) - 1) / stride) + 1``: the padded
    input has ``n + 2*padding`` positions, a dilated kernel spans
    ``dilation*(kernel - 1) + 1`` of them, and it fits at every ``stride``-th start.
    This is the formula of ``torch.nn.Conv2d``'s documentation.

    Parameters
    ----------
    n : int
        Input size (height or width), positive.
    kernel : int
        Kernel size, positive.
    stride : int, default 1
        Step between windows, positive.
    padding : int, default 0
        Zeros added on each side, zero or more.
    dilation : int, default 1
        Spacing between kernel elements, positive.

    Returns
    -------
    int

    Raises
    ------
    ValueError
        If an argument is not an integer in its range, or the dilated kernel is larger
        than the padded input.

    Examples
    --------
    AlexNet's first layer, and ResNet's stem:

    >>> conv_output_size(227, kernel=11, stride=4)
    55
    >>> conv_output_size(224, kernel=7, stride=2, padding=3)
    112
    >>> conv_output_size(7, kernel=3, dilation=2)  # the kernel spans 5 positions
    3
    """
    n = _int_at_least("n", n, 1)
    kernel = _int_at_least("kernel", kernel, 1)
    stride = _int_at_least("stride", stride, 1)
    padding = _int_at_least("padding", padding, 0)
    dilation = _int_at_least("dilation", dilation, 1)
    span = dilation * (kernel - 1) + 1
    if span > n + 2 * padding:
        raise ValueError(
            f"kernel spans {span} positions (dilation {dilation}), more than the padded "
            f"input's {n + 2 * padding}"
        )
    return (n + 2 * padding - span) // stride + 1


def _check_conv_arguments(
    x: np.ndarray, w: np.ndarray, b: np.ndarray | None
) -> tuple[np.ndarray, np.ndarray, np.ndarray | None]:
    """Validate and convert the arrays of :func:`conv2d` and :func:`conv2d_naive`."""
    x = _images(x)
    w = np.asarray(w, dtype=np.float64)
    if w.ndim != 4:
        raise ValueError(f"w must have shape (F, C, kh, kw), got shape {w.shape}")
    if w.shape[1] != x.shape[1]:
        raise ValueError(f"w has {w.shape[1]} input channels but x has {x.shape[1]}")
    if 0 in w.shape[2:]:
        raise ValueError(f"w's kernel must be at least 1 x 1, got shape {w.shape}")
    if b is not None:
        b = np.asarray(b, dtype=np.float64)
        if b.shape != (w.shape[0],):
            raise ValueError(f"b must have shape ({w.shape[0]},), got shape {b.shape}")
    return x, w, b


def conv2d(
    x: np.ndarray,
    w: np.ndarray,
    b: np.ndarray | None = None,
    stride: int | tuple[int, int] = 1,
    padding: int | tuple[int, int] = 0,
) -> np.ndarray:
    """2-D convolution (cross-correlation, as in deep learning), via im2col.

    ``out[n, f, i, j] = b[f] + sum over c < C, u < kh, v < kw of
    xp[n, c, i*sh + u, j*sw + v] * w[f, c, u, v]``, where ``xp`` is ``x`` zero-padded by
    ``padding`` on each side. The kernel is not flipped (``torch.nn.functional.conv2d``).
    Output size per axis: :func:`conv_output_size`.

    Parameters
    ----------
    x : ndarray of shape (N, C, H, W)
        Input batch.
    w : ndarray of shape (F, C, kh, kw)
        F filters (``nn.Conv2d.weight``).
    b : ndarray of shape (F,), optional
        One bias per filter; none if omitted.
    stride : int or (int, int), default 1
        Step between windows, positive.
    padding : int or (int, int), default 0
        Zeros added on each side, zero or more.

    Returns
    -------
    ndarray of shape (N, F, H', W')

    Raises
    ------
    ValueError
        If ``x`` or ``w`` is not 4-D, their channels differ, ``b`` is not (F,),
        ``stride`` is below 1, ``padding`` is negative, or the kernel is larger than the
        padded input.

    Examples
    --------
    >>> x = np.arange(9.0).reshape(1, 1, 3, 3)  # [[0, 1, 2], [3, 4, 5], [6, 7, 8]]
    >>> w = np.ones((1, 1, 2, 2))  # sums each 2 x 2 window
    >>> conv2d(x, w)[0, 0].tolist()
    [[8.0, 12.0], [20.0, 24.0]]
    """
    x, w, b = _check_conv_arguments(x, w, b)
    stride = _pair("stride", stride, 1)
    padding = _pair("padding", padding, 0)
    num_filters, channels, kh, kw = w.shape
    x_padded = _pad(x, padding)  # (N, C, H + 2ph, W + 2pw)
    _check_fits("the kernel of w", (kh, kw), x_padded)
    windows = _windows(x_padded, (kh, kw), stride)  # (N, C, H', W', kh, kw)
    batch, _, out_h, out_w = windows.shape[:4]
    # im2col: one row per output position, holding its receptive field, (N*H'*W', C*kh*kw).
    columns = windows.transpose(0, 2, 3, 1, 4, 5).reshape(-1, channels * kh * kw)
    out = columns @ w.reshape(num_filters, -1).T  # (N*H'*W', F)
    out = out.reshape(batch, out_h, out_w, num_filters).transpose(0, 3, 1, 2)  # (N, F, H', W')
    if b is not None:
        out = out + b[:, None, None]
    return out


def conv2d_naive(
    x: np.ndarray,
    w: np.ndarray,
    b: np.ndarray | None = None,
    stride: int | tuple[int, int] = 1,
    padding: int | tuple[int, int] = 0,
) -> np.ndarray:
    """2-D convolution with explicit loops: the reference :func:`conv2d` is tested against.

    Computes the formula of :func:`conv2d`, ``out[n, f, i, j] = b[f] + sum over c, u, v
    of xp[n, c, i*sh + u, j*sw + v] * w[f, c, u, v]``, one output element at a time.

    Parameters
    ----------
    x, w, b, stride, padding
        As in :func:`conv2d`: (N, C, H, W), (F, C, kh, kw), (F,) or None, ints or pairs.

    Returns
    -------
    ndarray of shape (N, F, H', W')
        Equal to ``conv2d(x, w, b, stride, padding)`` up to rounding.

    Raises
    ------
    ValueError
        As :func:`conv2d`.

    Examples
    --------
    >>> x = np.arange(9.0).reshape(1, 1, 3, 3)
    >>> conv2d_naive(x, np.ones((1, 1, 2, 2)))[0, 0].tolist()
    [[8.0, 12.0], [20.0, 24.0]]
    """
    x, w, b = _check_conv_arguments(x, w, b)
    sh, sw = _pair("stride", stride, 1)
    padding = _pair("padding", padding, 0)
    num_filters, _, kh, kw = w.shape
    x_padded = _pad(x, padding)  # (N, C, H + 2ph, W + 2pw)
    _check_fits("the kernel of w", (kh, kw), x_padded)
    out_h = (x_padded.shape[2] - kh) // sh + 1
    out_w = (x_padded.shape[3] - kw) // sw + 1
    out = np.zeros((x.shape[0], num_filters, out_h, out_w))
    for n in range(x.shape[0]):
        for f in range(num_filters):
            for i in range(out_h):
                for j in range(out_w):
                    rows, cols = slice(i * sh, i * sh + kh), slice(j * sw, j * sw + kw)
                    field = x_padded[n, :, rows, cols]  # (C, kh, kw)
                    out[n, f, i, j] = np.sum(field * w[f]) + (0.0 if b is None else b[f])
    return out


def _pool_windows(
    x: np.ndarray,
    kernel_size: int | tuple[int, int],
    stride: int | tuple[int, int] | None,
    padding: int | tuple[int, int],
    pad_value: float,
) -> np.ndarray:
    """Validate pooling arguments and return the windows, (N, C, H', W', kh, kw)."""
    x = _images(x)
    kernel = _pair("kernel_size", kernel_size, 1)
    stride = kernel if stride is None else _pair("stride", stride, 1)
    padding = _pair("padding", padding, 0)
    if padding[0] > kernel[0] // 2 or padding[1] > kernel[1] // 2:
        raise ValueError(
            f"padding {padding} must be at most half of kernel_size {kernel}, as in PyTorch"
        )
    x_padded = _pad(x, padding, pad_value)  # (N, C, H + 2ph, W + 2pw)
    _check_fits("kernel_size", kernel, x_padded)
    return _windows(x_padded, kernel, stride)


def max_pool2d(
    x: np.ndarray,
    kernel_size: int | tuple[int, int],
    stride: int | tuple[int, int] | None = None,
    padding: int | tuple[int, int] = 0,
) -> np.ndarray:
    """2-D max pooling (``torch.nn.functional.max_pool2d``).

    ``out[n, c, i, j] = max over u < kh, v < kw of xp[n, c, i*sh + u, j*sw + v]``, where
    ``xp`` is ``x`` padded with -inf (so padding never wins). Channels are pooled
    separately.

    Parameters
    ----------
    x : ndarray of shape (N, C, H, W)
        Input batch.
    kernel_size : int or (int, int)
        Window size, positive.
    stride : int or (int, int), optional
        Step between windows, positive; ``kernel_size`` if omitted (windows do not overlap).
    padding : int or (int, int), default 0
        Padding on each side, at most half the kernel size (PyTorch's rule).

    Returns
    -------
    ndarray of shape (N, C, H', W')
        ``H' = conv_output_size(H, kh, sh, ph)``, and likewise ``W'``.

    Raises
    ------
    ValueError
        If ``x`` is not 4-D, ``kernel_size`` or ``stride`` is below 1, ``padding`` is
        negative or more than half the kernel, or the kernel is larger than the padded
        input.

    Examples
    --------
    >>> x = np.array([[[[1.0, 2.0, 0.0, 1.0], [3.0, 4.0, 1.0, 0.0],
    ...                 [0.0, 1.0, 5.0, 6.0], [1.0, 0.0, 7.0, 8.0]]]])
    >>> max_pool2d(x, 2)[0, 0].tolist()
    [[4.0, 1.0], [1.0, 8.0]]
    """
    windows = _pool_windows(x, kernel_size, stride, padding, -np.inf)  # (N, C, H', W', kh, kw)
    return windows.max(axis=(-2, -1))  # (N, C, H', W')


def avg_pool2d(
    x: np.ndarray,
    kernel_size: int | tuple[int, int],
    stride: int | tuple[int, int] | None = None,
    padding: int | tuple[int, int] = 0,
) -> np.ndarray:
    """2-D average pooling (``torch.nn.functional.avg_pool2d``).

    ``out[n, c, i, j] = (1 / (kh*kw)) * sum over u < kh, v < kw of
    xp[n, c, i*sh + u, j*sw + v]``, where ``xp`` is ``x`` zero-padded; the padded zeros
    count in the average (PyTorch's default ``count_include_pad=True``).

    Parameters
    ----------
    x : ndarray of shape (N, C, H, W)
        Input batch.
    kernel_size : int or (int, int)
        Window size, positive.
    stride : int or (int, int), optional
        Step between windows, positive; ``kernel_size`` if omitted.
    padding : int or (int, int), default 0
        Zero padding on each side, at most half the kernel size (PyTorch's rule).

    Returns
    -------
    ndarray of shape (N, C, H', W')

    Raises
    ------
    ValueError
        As :func:`max_pool2d`.

    Examples
    --------
    >>> x = np.array([[[[1.0, 2.0, 0.0, 1.0], [3.0, 4.0, 1.0, 0.0],
    ...                 [0.0, 1.0, 5.0, 6.0], [1.0, 0.0, 7.0, 8.0]]]])
    >>> avg_pool2d(x, 2)[0, 0].tolist()
    [[2.5, 0.5], [0.5, 6.5]]
    """
    windows = _pool_windows(x, kernel_size, stride, padding, 0.0)  # (N, C, H', W', kh, kw)
    return windows.mean(axis=(-2, -1))  # (N, C, H', W')


def receptive_field(kernels: Sequence[int], strides: Sequence[int]) -> int:
    """Receptive field, along one axis, of one output of a stack of conv or pool layers.

    ``r = 1 + sum_l (kernels[l] - 1) * prod_{i < l} strides[i]``: layer l widens the
    field by ``kernel - 1`` of its own input positions, each of which is
    ``prod_{i < l} strides[i]`` input pixels apart (Araujo et al. 2019, "Computing
    Receptive Fields of Convolutional Neural Networks"). Padding does not change it.

    Parameters
    ----------
    kernels : sequence of int >= 1
        Kernel size of each layer, first layer first.
    strides : sequence of int >= 1, the same length

    Returns
    -------
    int

    Raises
    ------
    ValueError
        If the lengths differ, are 0, or an entry is not a positive integer.

    Examples
    --------
    Two 3×3 convolutions see 5×5; a 2×2 pool of stride 2 between them makes it 8:

    >>> receptive_field([3, 3], [1, 1]), receptive_field([3, 2, 3], [1, 2, 1])
    (5, 8)
    """
    if len(kernels) != len(strides) or not kernels:
        raise ValueError(
            f"kernels and strides must be non-empty and of one length, got {len(kernels)} "
            f"kernels and {len(strides)} strides"
        )
    field, jump = 1, 1  # jump: input pixels between adjacent positions of this layer's input
    for kernel, stride in zip(kernels, strides, strict=True):
        field += (_int_at_least("kernel", kernel, 1) - 1) * jump
        jump *= _int_at_least("stride", stride, 1)
    return field


def conv_parameter_count(c_in: int, c_out: int, k: int | tuple[int, int], bias: bool = True) -> int:
    """Learnable parameters of a 2-D convolution layer (``nn.Conv2d``).

    ``count = c_out * c_in * kh * kw + (c_out if bias else 0)``: one kh×kw kernel per
    (output, input) channel pair, and one bias per output channel. Stride, padding and
    the input size do not enter.

    Raises
    ------
    ValueError
        If a channel count or kernel size is not a positive integer.

    Examples
    --------
    >>> conv_parameter_count(3, 64, 3), conv_parameter_count(64, 128, (1, 1), bias=False)
    (1792, 8192)
    """
    c_in = _int_at_least("c_in", c_in, 1)
    c_out = _int_at_least("c_out", c_out, 1)
    kh, kw = _pair("k", k, 1)
    return c_out * c_in * kh * kw + (c_out if bias else 0)


def global_avg_pool2d(x: np.ndarray) -> np.ndarray:
    """Global average pooling (Lin, Chen & Yan 2014, Network in Network).

    ``Y[n, c] = (1 / (H·W)) · Σ_i Σ_j X[n, c, i, j]``: each channel's whole map averaged to
    one number, so (N, C, H, W) becomes (N, C) for any H and W. It has no parameters; in
    PyTorch ``F.adaptive_avg_pool2d(x, 1).flatten(1)`` (``nn.AdaptiveAvgPool2d((1, 1))``
    then flattening), equal to ``avg_pool2d(x, (H, W))``.

    Raises
    ------
    ValueError
        If x is not a 4-D (N, C, H, W) batch.

    Examples
    --------
    The card's map [[1, 2], [3, 6]] averages to 3:

    >>> global_avg_pool2d(np.array([[[[1.0, 2.0], [3.0, 6.0]]]]))
    array([[3.]])
    """
    x = _images(x)
    return x.mean(axis=(2, 3))  # (N, C)
