"""Regularization: weight penalties, dropout, and data augmentation on images.

Penalties are added to the loss; their gradients shrink the weights. Dropout and
augmentation add noise during training only, so the network cannot rely on any one
unit or any one exact pixel layout. Images are (C, H, W), as torchvision's transforms
take them.
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt


def l1_penalty(w: npt.ArrayLike, lam: float) -> float:
    """L1 penalty (lasso, Tibshirani 1996).

    ``lam * sum(|w|)``, sum over every element. Its gradient ``lam * sign(w)`` pulls
    each weight toward 0 by the same amount, so small weights become exactly 0.

    Parameters
    ----------
    w : array_like of any shape
    lam : float
        The penalty strength, >= 0.

    Returns
    -------
    float

    Raises
    ------
    ValueError
        If lam < 0.

    Examples
    --------
    >>> l1_penalty(np.array([1.0, -2.0, 0.5]), lam=0.5)
    1.75
    """
    _check_lam(lam)
    return float(lam * np.sum(np.abs(np.asarray(w, dtype=float))))


def l2_penalty(w: npt.ArrayLike, lam: float) -> float:
    """L2 penalty (ridge, Hoerl & Kennard 1970; weight decay, Krogh & Hertz 1992).

    ``0.5 * lam * sum(w²)``, sum over every element. Its gradient is ``lam * w``, so
    plain SGD on loss + penalty is ``w = w - lr * (g + lam * w)``: exactly what
    ``torch.optim.SGD(..., weight_decay=lam)`` does.

    Parameters
    ----------
    w : array_like of any shape
    lam : float
        The penalty strength, >= 0.

    Returns
    -------
    float

    Raises
    ------
    ValueError
        If lam < 0.

    Examples
    --------
    >>> l2_penalty(np.array([1.0, -2.0]), lam=0.1)
    0.25
    """
    _check_lam(lam)
    return float(0.5 * lam * np.sum(np.asarray(w, dtype=float) ** 2))


def dropout(x: np.ndarray, p: float, rng: np.random.Generator, training: bool = True) -> np.ndarray:
    """Inverted dropout (Srivastava et al. 2014, JMLR), as ``F.dropout``.

    In training, each element is kept with probability ``1 - p`` and dropped (set to 0)
    otherwise, and the kept ones are scaled by ``1 / (1 - p)``:
    ``out = x * mask / (1 - p)`` with ``mask ~ Bernoulli(1 - p)`` elementwise. The
    scaling keeps ``E[out] = x``, so at test time dropout is the identity.

    Parameters
    ----------
    x : array_like of any shape
    p : float
        The probability of dropping an element, in [0, 1).
    rng : numpy.random.Generator
        The source of the mask.
    training : bool, default True
        If False, return x unchanged (as a new float64 array) and draw nothing.

    Returns
    -------
    ndarray of the same shape as x

    Raises
    ------
    ValueError
        If p is outside [0, 1).

    Examples
    --------
    >>> out = dropout(np.ones(8), p=0.5, rng=np.random.default_rng(0))
    >>> sorted(set(out.tolist()))  # dropped, or kept and doubled
    [0.0, 2.0]
    >>> dropout(np.ones(3), p=0.5, rng=np.random.default_rng(0), training=False)
    array([1., 1., 1.])
    """
    if not 0 <= p < 1:
        raise ValueError(f"p must be in [0, 1), got {p}")
    x = np.asarray(x, dtype=float)
    if not training:
        return x.copy()
    keep = rng.random(x.shape) >= p  # True with probability 1 - p
    return x * (keep / (1 - p))


def augment_flip(x: np.ndarray) -> np.ndarray:
    """Horizontal flip of an image (torchvision's ``hflip``).

    ``out[c, i, j] = x[c, i, W - 1 - j]``: the left-right mirror image.

    Parameters
    ----------
    x : array_like of shape (C, H, W)

    Returns
    -------
    ndarray of shape (C, H, W)

    Raises
    ------
    ValueError
        If x is not 3-dimensional.

    Examples
    --------
    >>> augment_flip(np.array([[[1.0, 2.0, 3.0]]]))
    array([[[3., 2., 1.]]])
    """
    x = np.asarray(x, dtype=float)
    if x.ndim != 3:
        raise ValueError(f"x must be an image of shape (C, H, W), got {x.shape}")
    return x[:, :, ::-1].copy()


def augment_random_crop(
    x: np.ndarray,
    size: int | tuple[int, int],
    padding: int,
    rng: np.random.Generator,
) -> np.ndarray:
    """Random crop after zero padding (torchvision's ``RandomCrop(size, padding)``).

    Pad x with ``padding`` zeros on every side, to (C, H + 2·padding, W + 2·padding),
    then cut out the (h, w) window whose top-left corner (i, j) is drawn uniformly from
    ``0 <= i <= H + 2·padding - h`` and ``0 <= j <= W + 2·padding - w``. Used on
    CIFAR-10 as 32×32 crops of 4-padded images (He et al. 2016).

    Parameters
    ----------
    x : array_like of shape (C, H, W)
    size : int or (int, int)
        The crop's (h, w); an int means a square.
    padding : int
        Zeros added on each side, >= 0.
    rng : numpy.random.Generator
        The source of the corner.

    Returns
    -------
    ndarray of shape (C, h, w)

    Raises
    ------
    ValueError
        If x is not 3-dimensional, padding is not an integer >= 0, or size is not a
        positive int (or pair of them) that fits the padded image.

    Examples
    --------
    Without padding, a crop the size of the image is the image:

    >>> x = np.arange(4.0).reshape(1, 2, 2)
    >>> np.array_equal(augment_random_crop(x, 2, 0, np.random.default_rng(0)), x)
    True
    >>> augment_random_crop(x, (1, 2), 1, np.random.default_rng(0)).shape
    (1, 1, 2)
    """
    x = np.asarray(x, dtype=float)
    if x.ndim != 3:
        raise ValueError(f"x must be an image of shape (C, H, W), got {x.shape}")
    if not _is_int(padding) or padding < 0:
        raise ValueError(f"padding must be an integer >= 0, got {padding!r}")
    h, w = _crop_size(size)
    padded = np.pad(x, ((0, 0), (padding, padding), (padding, padding)))  # (C, H+2p, W+2p)
    _, padded_h, padded_w = padded.shape
    if h > padded_h or w > padded_w:
        raise ValueError(f"size {(h, w)} is larger than the padded image {(padded_h, padded_w)}")
    top = rng.integers(0, padded_h - h + 1)
    left = rng.integers(0, padded_w - w + 1)
    return padded[:, top : top + h, left : left + w].copy()  # (C, h, w)


def _check_lam(lam: float) -> None:
    if not lam >= 0:  # also rejects NaN
        raise ValueError(f"lam must be >= 0, got {lam}")


def _crop_size(size: int | tuple[int, int]) -> tuple[int, int]:
    """size as (h, w), or a ValueError if it is not a positive int or a pair of them."""
    sizes = (size, size) if isinstance(size, int | np.integer) else tuple(np.ravel(size))
    if len(sizes) != 2 or not all(_is_int(s) and s > 0 for s in sizes):
        raise ValueError(f"size must be a positive int or a pair of them, got {size!r}")
    return int(sizes[0]), int(sizes[1])


def _is_int(value: object) -> bool:
    return isinstance(value, (int, np.integer)) and not isinstance(value, bool)
