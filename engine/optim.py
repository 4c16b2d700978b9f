"""Gradient descent and the optimizers of ``torch.optim``: SGD, RMSprop, Adam.

An optimizer object keeps its state (momentum buffers, running averages, the step
count) across calls. ``step(params, grads)`` takes lists of arrays and returns the new
parameters as a new list; it never changes the arrays it is given. The state belongs to
the parameters by position, so pass them in the same order every time.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

import numpy as np


def gradient_descent(
    grad_fn: Callable[[np.ndarray], np.ndarray], x0: np.ndarray, lr: float, steps: int
) -> np.ndarray:
    """Plain gradient descent from x0 (Cauchy 1847).

    ``x[t + 1] = x[t] - lr * grad_fn(x[t])`` for t = 0 .. steps - 1, with ``x[0] = x0``.

    Parameters
    ----------
    grad_fn : callable
        Takes an array of x0's shape and returns the gradient, of the same shape.
    x0 : array_like of any shape
        The starting point.
    lr : float
        The learning rate, >= 0.
    steps : int
        The number of updates, >= 0.

    Returns
    -------
    ndarray of shape (steps + 1, *x0.shape)
        The trajectory: x0 first, then the point after each step.

    Raises
    ------
    ValueError
        If lr < 0, steps is not an integer >= 0, or grad_fn returns the wrong shape.

    Examples
    --------
    On ``f(x) = x²`` (gradient ``2x``) each step multiplies x by ``1 - 2 * lr``:

    >>> gradient_descent(lambda x: 2 * x, np.array([1.0]), lr=0.25, steps=3)
    array([[1.   ],
           [0.5  ],
           [0.25 ],
           [0.125]])
    """
    _check_lr(lr)
    if isinstance(steps, bool) or not isinstance(steps, (int, np.integer)) or steps < 0:
        raise ValueError(f"steps must be an integer >= 0, got {steps!r}")
    x0 = np.asarray(x0, dtype=float)
    trajectory = np.empty((steps + 1, *x0.shape))  # (steps + 1, *x0.shape)
    trajectory[0] = x0
    for t in range(steps):
        grad = np.asarray(grad_fn(trajectory[t].copy()), dtype=float)
        if grad.shape != x0.shape:
            raise ValueError(f"grad_fn returned shape {grad.shape}, expected {x0.shape}")
        trajectory[t + 1] = trajectory[t] - lr * grad
    return trajectory


class SGD:
    """Stochastic gradient descent with optional momentum (``torch.optim.SGD``).

    Without momentum: ``p = p - lr * g``. With momentum μ > 0 (Polyak 1964):
    ``v = μ * v + g`` and ``p = p - lr * v``, where the first step sets ``v = g``.
    This is PyTorch's form; Sutskever et al. 2013 write ``v = μ * v + lr * g``,
    ``p = p - v``, which differs only when lr changes between steps.

    Parameters
    ----------
    lr : float
        The learning rate, >= 0.
    momentum : float, default 0.0
        μ, >= 0.

    Raises
    ------
    ValueError
        If lr < 0 or momentum < 0 (here), or, from :meth:`step`, if params and grads
        do not match.

    Examples
    --------
    >>> sgd = SGD(lr=0.1, momentum=0.9)
    >>> p = [np.array([1.0])]
    >>> p = sgd.step(p, [np.array([1.0])])  # v = g = 1
    >>> p = sgd.step(p, [np.array([1.0])])  # v = 0.9 * 1 + 1 = 1.9
    >>> np.round(p[0], 4), np.round(sgd.velocity[0], 4)
    (array([0.71]), array([1.9]))
    """

    def __init__(self, lr: float, momentum: float = 0.0) -> None:
        _check_lr(lr)
        if not momentum >= 0:
            raise ValueError(f"momentum must be >= 0, got {momentum}")
        self.lr = lr
        self.momentum = momentum
        self.velocity: list[np.ndarray] | None = None  # v per parameter, after a step

    def step(self, params: Sequence[np.ndarray], grads: Sequence[np.ndarray]) -> list[np.ndarray]:
        """Return the parameters after one update; see the class docstring."""
        params, grads = _as_float_lists(params, grads, self.velocity)
        if self.momentum == 0:
            return [p - self.lr * g for p, g in zip(params, grads, strict=True)]
        if self.velocity is None:
            self.velocity = [g.copy() for g in grads]
        else:
            self.velocity = [
                self.momentum * v + g for v, g in zip(self.velocity, grads, strict=True)
            ]
        return [p - self.lr * v for p, v in zip(params, self.velocity, strict=True)]


class RMSprop:
    """RMSprop (Hinton, Srivastava & Swersky, Neural Networks for ML, lecture 6e, 2012).

    ``s = alpha * s + (1 - alpha) * g²`` (s starts at 0), then
    ``p = p - lr * g / (sqrt(s) + eps)``: each element's step is divided by a running
    root mean square of its gradient. Same update as ``torch.optim.RMSprop`` with
    ``centered=False, momentum=0``.

    Parameters
    ----------
    lr : float
        The learning rate, >= 0.
    alpha : float, default 0.99
        The decay of the running average, in [0, 1].
    eps : float, default 1e-8
        Added to the root mean square, >= 0, to avoid dividing by 0.

    Raises
    ------
    ValueError
        If lr < 0, alpha is outside [0, 1] or eps < 0 (here), or, from :meth:`step`,
        if params and grads do not match.

    Examples
    --------
    The first step from s = 0 is ``lr * g / sqrt(0.01 g²) = 10 * lr`` whatever g is:

    >>> rmsprop = RMSprop(lr=0.01)
    >>> np.round(rmsprop.step([np.array([1.0, 1.0])], [np.array([3.0, -0.2])])[0], 6)
    array([0.9, 1.1])
    """

    def __init__(self, lr: float, alpha: float = 0.99, eps: float = 1e-8) -> None:
        _check_lr(lr)
        if not 0 <= alpha <= 1:
            raise ValueError(f"alpha must be in [0, 1], got {alpha}")
        if not eps >= 0:
            raise ValueError(f"eps must be >= 0, got {eps}")
        self.lr = lr
        self.alpha = alpha
        self.eps = eps
        self.square_avg: list[np.ndarray] | None = None  # s per parameter

    def step(self, params: Sequence[np.ndarray], grads: Sequence[np.ndarray]) -> list[np.ndarray]:
        """Return the parameters after one update; see the class docstring."""
        params, grads = _as_float_lists(params, grads, self.square_avg)
        if self.square_avg is None:
            self.square_avg = [np.zeros_like(p) for p in params]
        self.square_avg = [
            self.alpha * s + (1 - self.alpha) * g**2
            for s, g in zip(self.square_avg, grads, strict=True)
        ]
        return [
            p - self.lr * g / (np.sqrt(s) + self.eps)
            for p, g, s in zip(params, grads, self.square_avg, strict=True)
        ]


class Adam:
    """Adam (Kingma & Ba 2015, "Adam: A Method for Stochastic Optimization", Algorithm 1).

    At step t = 1, 2, ... (m and v start at 0):

    - ``m = beta1 * m + (1 - beta1) * g`` (running mean of g)
    - ``v = beta2 * v + (1 - beta2) * g²`` (running mean of g²)
    - ``m_hat = m / (1 - beta1**t)``, ``v_hat = v / (1 - beta2**t)`` (bias correction:
      m and v start at 0, so early on they underestimate)
    - ``p = p - lr * m_hat / (sqrt(v_hat) + eps)``

    Same update as ``torch.optim.Adam`` with ``amsgrad=False, weight_decay=0``.

    Parameters
    ----------
    lr : float
        The learning rate, >= 0.
    betas : tuple of two floats, default (0.9, 0.999)
        beta1 and beta2, each in [0, 1).
    eps : float, default 1e-8
        Added to sqrt(v_hat), >= 0.

    Raises
    ------
    ValueError
        If lr < 0, a beta is outside [0, 1) or eps < 0 (here), or, from :meth:`step`,
        if params and grads do not match.

    Examples
    --------
    The bias-corrected first step moves every element by about lr, whatever g's size:

    >>> adam = Adam(lr=0.1)
    >>> np.round(adam.step([np.array([1.0, 1.0])], [np.array([5.0, -0.01])])[0], 6)
    array([0.9, 1.1])
    >>> m_hat, v_hat = adam.bias_corrected()  # g and g² after one step
    >>> adam.t, np.round(m_hat[0], 6), np.round(v_hat[0], 6)
    (1, array([ 5.  , -0.01]), array([2.5e+01, 1.0e-04]))
    """

    def __init__(
        self, lr: float, betas: tuple[float, float] = (0.9, 0.999), eps: float = 1e-8
    ) -> None:
        _check_lr(lr)
        if len(betas) != 2 or not all(0 <= beta < 1 for beta in betas):
            raise ValueError(f"betas must be two numbers in [0, 1), got {betas}")
        if not eps >= 0:
            raise ValueError(f"eps must be >= 0, got {eps}")
        self.lr = lr
        self.beta1, self.beta2 = betas
        self.eps = eps
        self.t = 0  # steps taken
        self.m: list[np.ndarray] | None = None  # running mean of g, per parameter
        self.v: list[np.ndarray] | None = None  # running mean of g², per parameter

    def step(self, params: Sequence[np.ndarray], grads: Sequence[np.ndarray]) -> list[np.ndarray]:
        """Return the parameters after one update; see the class docstring."""
        params, grads = _as_float_lists(params, grads, self.m)
        if self.m is None or self.v is None:
            self.m = [np.zeros_like(p) for p in params]
            self.v = [np.zeros_like(p) for p in params]
        self.t += 1
        self.m = [self.beta1 * m + (1 - self.beta1) * g for m, g in zip(self.m, grads, strict=True)]
        self.v = [
            self.beta2 * v + (1 - self.beta2) * g**2 for v, g in zip(self.v, grads, strict=True)
        ]
        m_hat, v_hat = self.bias_corrected()
        return [
            p - self.lr * mh / (np.sqrt(vh) + self.eps)
            for p, mh, vh in zip(params, m_hat, v_hat, strict=True)
        ]

    def bias_corrected(self) -> tuple[list[np.ndarray], list[np.ndarray]]:
        """``(m_hat, v_hat)`` after the latest step: m and v divided by ``1 - beta**t``.

        Raises
        ------
        ValueError
            If no step has been taken yet.
        """
        if self.m is None or self.v is None or self.t == 0:
            raise ValueError("bias_corrected needs at least one step; call step first")
        m_hat = [m / (1 - self.beta1**self.t) for m in self.m]
        v_hat = [v / (1 - self.beta2**self.t) for v in self.v]
        return m_hat, v_hat


def _check_lr(lr: float) -> None:
    if not lr >= 0:  # also rejects NaN
        raise ValueError(f"lr must be >= 0, got {lr}")


def _as_float_lists(
    params: Sequence[np.ndarray],
    grads: Sequence[np.ndarray],
    state: list[np.ndarray] | None,
) -> tuple[list[np.ndarray], list[np.ndarray]]:
    """params and grads as float64 arrays, checked against each other and the state."""
    params = [np.asarray(p, dtype=float) for p in params]
    grads = [np.asarray(g, dtype=float) for g in grads]
    if len(params) != len(grads):
        raise ValueError(f"params has {len(params)} arrays but grads has {len(grads)}")
    for i, (p, g) in enumerate(zip(params, grads, strict=True)):
        if p.shape != g.shape:
            raise ValueError(f"grads[{i}] has shape {g.shape} but params[{i}] has {p.shape}")
    if state is not None and [p.shape for p in params] != [s.shape for s in state]:
        raise ValueError(
            "params changed since the first step: the optimizer state was built for shapes "
            f"{[s.shape for s in state]}, got {[p.shape for p in params]}"
        )
    return params, grads


class AdamW(Adam):
    """AdamW: Adam with decoupled weight decay (Loshchilov & Hutter 2019).

    Each step first shrinks the parameters, ``p = p * (1 - lr * weight_decay)``, and then
    takes the plain :class:`Adam` step with the unchanged gradient g. The decay never
    enters m or v, unlike Adam with an L2 penalty, which adds ``weight_decay * p`` to g
    and so divides the decay by ``sqrt(v_hat)`` too. Same update as ``torch.optim.AdamW``
    (``amsgrad=False``).

    Parameters
    ----------
    lr, betas, eps
        As for :class:`Adam`.
    weight_decay : float, default 0.01
        >= 0; PyTorch's default.

    Raises
    ------
    ValueError
        As :class:`Adam`, and if weight_decay < 0.

    Examples
    --------
    With g = 0 the Adam part does nothing and only the decay acts:

    >>> opt = AdamW(lr=0.1, weight_decay=0.5)
    >>> opt.step([np.array([2.0])], [np.array([0.0])])[0].tolist()
    [1.9]
    """

    def __init__(
        self,
        lr: float,
        betas: tuple[float, float] = (0.9, 0.999),
        eps: float = 1e-8,
        weight_decay: float = 0.01,
    ) -> None:
        super().__init__(lr, betas, eps)
        if not weight_decay >= 0:
            raise ValueError(f"weight_decay must be >= 0, got {weight_decay}")
        self.weight_decay = weight_decay

    def step(self, params: Sequence[np.ndarray], grads: Sequence[np.ndarray]) -> list[np.ndarray]:
        """Return the parameters after one update; see the class docstring."""
        params, grads = _as_float_lists(params, grads, self.m)
        decayed = [p * (1 - self.lr * self.weight_decay) for p in params]
        return super().step(decayed, grads)


CLIP_EPS = 1e-6
"""Added to the norm before dividing, as ``torch.nn.utils.clip_grad_norm_`` does."""


def clip_grad_norm(grads: Sequence[np.ndarray], max_norm: float) -> tuple[list[np.ndarray], float]:
    """Rescale gradients so that their joint L2 norm is at most ``max_norm``.

    ``total_norm = sqrt(sum over every array and element of g²)``,
    ``scale = min(1, max_norm / (total_norm + 1e-6))``, each ``g`` becomes ``g * scale``:
    the direction is kept, only the length shrinks (Pascanu et al. 2013). Same as
    ``torch.nn.utils.clip_grad_norm_`` with ``norm_type=2``, which also returns the norm
    before clipping.

    Parameters
    ----------
    grads : list of ndarray
    max_norm : float > 0

    Returns
    -------
    clipped : list of ndarray, shapes of grads
    total_norm : float
        The norm before clipping.

    Raises
    ------
    ValueError
        If max_norm <= 0 or grads is empty.

    Examples
    --------
    >>> clipped, norm = clip_grad_norm([np.array([3.0, 4.0])], max_norm=1.0)
    >>> norm, np.round(clipped[0], 6).tolist()
    (5.0, [0.6, 0.8])
    """
    if not max_norm > 0:
        raise ValueError(f"max_norm must be > 0, got {max_norm}")
    arrays = [np.asarray(g, dtype=float) for g in grads]
    if not arrays:
        raise ValueError("grads is empty: there is nothing to clip")
    total_norm = float(np.sqrt(sum(np.sum(g**2) for g in arrays)))
    scale = min(1.0, max_norm / (total_norm + CLIP_EPS))
    return [g * scale for g in arrays], total_norm


class Adagrad:
    """Adagrad (Duchi, Hazan & Singer 2011): a per-parameter learning rate that only decays.

    ``s = s + g²`` (s starts at 0: the running SUM of squared gradients, element-wise),
    then ``p = p - lr * g / (sqrt(s) + eps)``. A coordinate with large or frequent
    gradients slows down; with a constant gradient the t-th step is ``lr / sqrt(t)``.
    Same update as ``torch.optim.Adagrad`` with ``lr_decay=0, weight_decay=0,
    initial_accumulator_value=0``; like PyTorch, eps is added to sqrt(s) (d2l.ai writes
    ``sqrt(s + eps)``: with eps = 1e-10 the two agree to far below any printed digit).

    Parameters
    ----------
    lr : float
        The learning rate η, >= 0.
    eps : float, default 1e-10
        Added to sqrt(s), >= 0 (PyTorch's default).

    Raises
    ------
    ValueError
        If lr < 0 or eps < 0 (here), or, from :meth:`step`, if params and grads do not
        match.

    Examples
    --------
    The card's example: a gradient of 1 at every step gives steps 0.1, 0.0707, 0.0577, 0.05.

    >>> adagrad = Adagrad(lr=0.1)
    >>> p, moves = [np.array([0.0])], []
    >>> for _ in range(4):
    ...     new = adagrad.step(p, [np.array([1.0])])
    ...     moves.append(round(float((p[0] - new[0])[0]), 4))
    ...     p = new
    >>> moves, adagrad.sum_of_squares[0]
    ([0.1, 0.0707, 0.0577, 0.05], array([4.]))
    """

    def __init__(self, lr: float, eps: float = 1e-10) -> None:
        _check_lr(lr)
        if not eps >= 0:
            raise ValueError(f"eps must be >= 0, got {eps}")
        self.lr = lr
        self.eps = eps
        self.sum_of_squares: list[np.ndarray] | None = None  # s per parameter

    def step(self, params: Sequence[np.ndarray], grads: Sequence[np.ndarray]) -> list[np.ndarray]:
        """Return the parameters after one update; see the class docstring."""
        params, grads = _as_float_lists(params, grads, self.sum_of_squares)
        if self.sum_of_squares is None:
            self.sum_of_squares = [np.zeros_like(p) for p in params]
        self.sum_of_squares = [s + g**2 for s, g in zip(self.sum_of_squares, grads, strict=True)]
        return [
            p - self.lr * g / (np.sqrt(s) + self.eps)
            for p, g, s in zip(params, grads, self.sum_of_squares, strict=True)
        ]


class NesterovSGD(SGD):
    """SGD with Nesterov momentum as PyTorch implements it (``torch.optim.SGD(nesterov=True)``).

    PyTorch's form stores the look-ahead point and takes the gradient g there:
    ``v = μ * v + g`` (the first step sets ``v = g``) and ``p = p - lr * (g + μ * v)``.

    It is the card's (Sutskever et al. 2013) form, ``m_t = μ m_{t−1} + ∇L(θ_{t−1} − lr μ
    m_{t−1})``, ``θ_t = θ_{t−1} − lr m_t``, rewritten for ``p_t = θ_t − lr μ m_t``: the same
    velocity (``v_t = m_t``), and p is where the old velocity alone would carry θ. See
    :func:`nesterov_momentum` for the card's form.

    Examples
    --------
    On L(θ) = θ² from 1 with lr 0.1 and μ 0.9 (the card's example), p₂ = θ₂ − lr·μ·m₂ =
    0.496 − 0.09 × 3.04:

    >>> sgd = NesterovSGD(lr=0.1, momentum=0.9)
    >>> p = [np.array([1.0])]
    >>> for _ in range(2):
    ...     p = sgd.step(p, [2 * p[0]])
    >>> np.round(p[0], 4), np.round(sgd.velocity[0], 4)
    (array([0.2224]), array([3.04]))
    """

    def __init__(self, lr: float, momentum: float = 0.9) -> None:
        super().__init__(lr, momentum)
        if not momentum > 0:
            raise ValueError(f"Nesterov momentum needs momentum > 0, got {momentum}")

    def step(self, params: Sequence[np.ndarray], grads: Sequence[np.ndarray]) -> list[np.ndarray]:
        """Return the parameters after one update; see the class docstring."""
        params, grads = _as_float_lists(params, grads, self.velocity)
        if self.velocity is None:
            self.velocity = [g.copy() for g in grads]
        else:
            self.velocity = [
                self.momentum * v + g for v, g in zip(self.velocity, grads, strict=True)
            ]
        return [
            p - self.lr * (g + self.momentum * v)
            for p, g, v in zip(params, grads, self.velocity, strict=True)
        ]


def nesterov_momentum(
    grad_fn: Callable[[np.ndarray], np.ndarray],
    theta0: np.ndarray,
    lr: float,
    momentum: float,
    steps: int,
) -> tuple[np.ndarray, np.ndarray]:
    """Nesterov momentum in the look-ahead form of the card (Sutskever et al. 2013).

    ``m_t = μ m_{t−1} + ∇L(θ_{t−1} − lr μ m_{t−1})`` and ``θ_t = θ_{t−1} − lr m_t``, with
    ``m_0 = 0``: the gradient is taken where the old velocity alone would carry θ.

    Returns
    -------
    (thetas, velocities) : ndarrays of shape (steps + 1, *theta0.shape)
        θ_0 … θ_steps and m_0 … m_steps.

    Raises
    ------
    ValueError
        If lr < 0, momentum < 0, steps is not an integer >= 0, or grad_fn returns the
        wrong shape.

    Examples
    --------
    The card's example, L(θ) = θ² from θ = 1 with lr 0.1 and μ 0.9:

    >>> thetas, ms = nesterov_momentum(lambda t: 2 * t, np.array(1.0), 0.1, 0.9, 2)
    >>> np.round(thetas, 4), np.round(ms, 4)
    (array([1.   , 0.8  , 0.496]), array([0.  , 2.  , 3.04]))
    """
    _check_lr(lr)
    if not momentum >= 0:
        raise ValueError(f"momentum must be >= 0, got {momentum}")
    if isinstance(steps, bool) or not isinstance(steps, (int, np.integer)) or steps < 0:
        raise ValueError(f"steps must be an integer >= 0, got {steps!r}")
    theta0 = np.asarray(theta0, dtype=float)
    thetas = np.empty((steps + 1, *theta0.shape))
    ms = np.zeros((steps + 1, *theta0.shape))
    thetas[0] = theta0
    for t in range(1, steps + 1):
        look_ahead = thetas[t - 1] - lr * momentum * ms[t - 1]
        grad = np.asarray(grad_fn(look_ahead.copy()), dtype=float)
        if grad.shape != theta0.shape:
            raise ValueError(f"grad_fn returned shape {grad.shape}, expected {theta0.shape}")
        ms[t] = momentum * ms[t - 1] + grad
        thetas[t] = thetas[t - 1] - lr * ms[t]
    return thetas, ms
