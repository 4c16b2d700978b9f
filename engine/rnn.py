"""Recurrent networks: the Elman (tanh) RNN and the LSTM, one layer, PyTorch's layouts.

Weights are stored as ``torch.nn.RNN`` / ``nn.LSTM`` / ``nn.LSTMCell`` store them, so a
state_dict can be fed in directly: ``W_ih`` of shape (G*H, I) and ``W_hh`` of shape
(G*H, H), with G = 1 for the RNN and G = 4 for the LSTM, whose gate blocks are stacked
in the order i, f, g, o. Sequences are time-major, x of shape (T, N, I).
"""

from __future__ import annotations

import numpy as np


def _sigmoid(z: np.ndarray) -> np.ndarray:
    """Logistic sigmoid ``1 / (1 + exp(-z))``, stable for any z.

    With ``e = exp(-|z|) <= 1`` nothing overflows: ``1 / (1 + e)`` for z >= 0 and the
    equal ``e / (1 + e)`` for z < 0, which keeps full precision for very negative z.
    """
    e = np.exp(-np.abs(z))
    return np.where(z >= 0, 1.0 / (1.0 + e), e / (1.0 + e))


def _check_weights(
    W_ih: np.ndarray,
    W_hh: np.ndarray,
    b_ih: np.ndarray,
    b_hh: np.ndarray,
    num_gates: int,
    input_size: int,
    hidden_size: int,
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Return the weights as float64 arrays, or raise ValueError naming the bad one."""
    rows = num_gates * hidden_size
    expected = {
        "W_ih": (rows, input_size),
        "W_hh": (rows, hidden_size),
        "b_ih": (rows,),
        "b_hh": (rows,),
    }
    arrays = []
    for (name, shape), array in zip(expected.items(), (W_ih, W_hh, b_ih, b_hh), strict=True):
        array = np.asarray(array, dtype=np.float64)
        if array.shape != shape:
            raise ValueError(f"{name} must have shape {shape}, got shape {array.shape}")
        arrays.append(array)
    return arrays[0], arrays[1], arrays[2], arrays[3]


def _check_state(name: str, state: np.ndarray, batch: int) -> np.ndarray:
    """Return a hidden or cell state of shape (N, H) as float64, checking N."""
    state = np.asarray(state, dtype=np.float64)
    if state.ndim != 2 or state.shape[0] != batch:
        raise ValueError(f"{name} must have shape ({batch}, H), got shape {state.shape}")
    return state


def _check_sequence(x: np.ndarray) -> np.ndarray:
    """Return a sequence of shape (T, N, I) as float64."""
    x = np.asarray(x, dtype=np.float64)
    if x.ndim != 3:
        raise ValueError(f"x must have shape (T, N, I), got shape {x.shape}")
    return x


def rnn_forward(
    x: np.ndarray,
    h0: np.ndarray,
    W_ih: np.ndarray,
    W_hh: np.ndarray,
    b_ih: np.ndarray,
    b_hh: np.ndarray,
) -> tuple[np.ndarray, np.ndarray]:
    """Run a one-layer tanh RNN over a sequence (Elman, 1990; ``torch.nn.RNN``).

    ``h_t = tanh(x_t @ W_ih.T + b_ih + h_{t-1} @ W_hh.T + b_hh)`` for t = 1..T, starting
    from ``h_0 = h0``; the same weights are used at every step.

    Parameters
    ----------
    x : ndarray of shape (T, N, I)
        Input sequence, time first.
    h0 : ndarray of shape (N, H)
        Initial hidden state.
    W_ih : ndarray of shape (H, I)
        Input-to-hidden weights (``weight_ih_l0``).
    W_hh : ndarray of shape (H, H)
        Hidden-to-hidden weights (``weight_hh_l0``).
    b_ih, b_hh : ndarray of shape (H,)
        Biases (``bias_ih_l0``, ``bias_hh_l0``).

    Returns
    -------
    outputs : ndarray of shape (T, N, H)
        ``h_1 .. h_T``.
    h_T : ndarray of shape (N, H)
        The last hidden state (PyTorch returns it as (1, N, H)); ``h0`` when T = 0.

    Raises
    ------
    ValueError
        If an array has the wrong shape or the sizes disagree.

    Examples
    --------
    One step, one unit: h_1 = tanh(2 * 0.5 + 1 * 0 + 0 + 0) = tanh(1).

    >>> x = np.array([[[2.0]]])
    >>> outputs, h = rnn_forward(x, np.zeros((1, 1)), np.array([[0.5]]), np.array([[1.0]]),
    ...                          np.zeros(1), np.zeros(1))
    >>> round(float(h[0, 0]), 6), round(float(np.tanh(1.0)), 6)
    (0.761594, 0.761594)
    """
    x = _check_sequence(x)
    h = _check_state("h0", h0, x.shape[1])
    W_ih, W_hh, b_ih, b_hh = _check_weights(W_ih, W_hh, b_ih, b_hh, 1, x.shape[2], h.shape[1])
    x_projected = x @ W_ih.T + b_ih  # (T, N, H): the input term for all steps at once
    outputs = np.empty(x_projected.shape)  # (T, N, H)
    for t in range(x.shape[0]):
        h = np.tanh(x_projected[t] + h @ W_hh.T + b_hh)  # (N, H)
        outputs[t] = h
    return outputs, h


def lstm_gates(
    x: np.ndarray,
    h: np.ndarray,
    W_ih: np.ndarray,
    W_hh: np.ndarray,
    b_ih: np.ndarray,
    b_hh: np.ndarray,
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """The four gate activations of an LSTM step (Hochreiter & Schmidhuber, 1997).

    ``z = x @ W_ih.T + b_ih + h @ W_hh.T + b_hh`` of shape (N, 4H) is cut into four
    blocks of H columns, in PyTorch's order, and
    ``i = sigmoid(z_i)`` (input gate), ``f = sigmoid(z_f)`` (forget gate),
    ``g = tanh(z_g)`` (candidate cell), ``o = sigmoid(z_o)`` (output gate).

    Parameters
    ----------
    x : ndarray of shape (N, I)
        Input at this step.
    h : ndarray of shape (N, H)
        Previous hidden state.
    W_ih : ndarray of shape (4H, I)
        Input weights, gate blocks stacked i, f, g, o (``weight_ih``).
    W_hh : ndarray of shape (4H, H)
        Recurrent weights, same stacking (``weight_hh``).
    b_ih, b_hh : ndarray of shape (4H,)
        Biases (``bias_ih``, ``bias_hh``).

    Returns
    -------
    i, f, g, o : ndarrays of shape (N, H)

    Raises
    ------
    ValueError
        If an array has the wrong shape or the sizes disagree.

    Examples
    --------
    All weights zero, biases chosen per gate (H = 1): sigmoid(0) = 0.5, tanh(0) = 0.

    >>> b = np.array([0.0, 100.0, 0.0, -100.0])  # i, f, g, o
    >>> i, f, g, o = lstm_gates(np.zeros((1, 2)), np.zeros((1, 1)), np.zeros((4, 2)),
    ...                         np.zeros((4, 1)), b, np.zeros(4))
    >>> [round(float(gate[0, 0]), 6) for gate in (i, f, g, o)]
    [0.5, 1.0, 0.0, 0.0]
    """
    x = np.asarray(x, dtype=np.float64)
    if x.ndim != 2:
        raise ValueError(f"x must have shape (N, I), got shape {x.shape}")
    h = _check_state("h", h, x.shape[0])
    W_ih, W_hh, b_ih, b_hh = _check_weights(W_ih, W_hh, b_ih, b_hh, 4, x.shape[1], h.shape[1])
    z = x @ W_ih.T + b_ih + h @ W_hh.T + b_hh  # (N, 4H)
    z_i, z_f, z_g, z_o = np.split(z, 4, axis=1)  # each (N, H)
    return _sigmoid(z_i), _sigmoid(z_f), np.tanh(z_g), _sigmoid(z_o)


def lstm_cell(
    x: np.ndarray,
    h: np.ndarray,
    c: np.ndarray,
    W_ih: np.ndarray,
    W_hh: np.ndarray,
    b_ih: np.ndarray,
    b_hh: np.ndarray,
) -> tuple[np.ndarray, np.ndarray]:
    """One LSTM step (Hochreiter & Schmidhuber, 1997; ``torch.nn.LSTMCell``).

    With the gates ``i, f, g, o`` of :func:`lstm_gates`:
    ``c' = f * c + i * g`` (keep part of the old cell, write part of the candidate) and
    ``h' = o * tanh(c')``, all elementwise.

    Parameters
    ----------
    x : ndarray of shape (N, I)
        Input at this step.
    h, c : ndarray of shape (N, H)
        Previous hidden and cell states.
    W_ih, W_hh, b_ih, b_hh
        As in :func:`lstm_gates`: shapes (4H, I), (4H, H), (4H,), (4H,), gates i, f, g, o.

    Returns
    -------
    h_next, c_next : ndarrays of shape (N, H)

    Raises
    ------
    ValueError
        If an array has the wrong shape or the sizes disagree.

    Examples
    --------
    A forget gate of 1 and an input gate of 0 carry the cell state through unchanged:

    >>> b = np.array([-100.0, 100.0, 0.0, 100.0])  # i, f, g, o
    >>> h, c = lstm_cell(np.zeros((1, 2)), np.zeros((1, 1)), np.array([[0.7]]),
    ...                  np.zeros((4, 2)), np.zeros((4, 1)), b, np.zeros(4))
    >>> round(float(c[0, 0]), 6), round(float(h[0, 0]), 6) == round(float(np.tanh(0.7)), 6)
    (0.7, True)
    """
    i, f, g, o = lstm_gates(x, h, W_ih, W_hh, b_ih, b_hh)  # each (N, H)
    c = _check_state("c", c, i.shape[0])
    if c.shape != i.shape:
        raise ValueError(f"c must have the shape of h, {i.shape}, got shape {c.shape}")
    c_next = f * c + i * g  # (N, H)
    h_next = o * np.tanh(c_next)  # (N, H)
    return h_next, c_next


def lstm_forward(
    x: np.ndarray,
    h0: np.ndarray,
    c0: np.ndarray,
    W_ih: np.ndarray,
    W_hh: np.ndarray,
    b_ih: np.ndarray,
    b_hh: np.ndarray,
) -> tuple[np.ndarray, tuple[np.ndarray, np.ndarray]]:
    """Run a one-layer LSTM over a sequence (``torch.nn.LSTM``, ``num_layers=1``).

    ``h_t, c_t = lstm_cell(x_t, h_{t-1}, c_{t-1}, W_ih, W_hh, b_ih, b_hh)`` for
    t = 1..T, starting from ``h0, c0``.

    Parameters
    ----------
    x : ndarray of shape (T, N, I)
        Input sequence, time first.
    h0, c0 : ndarray of shape (N, H)
        Initial hidden and cell states.
    W_ih, W_hh, b_ih, b_hh
        Shapes (4H, I), (4H, H), (4H,), (4H,), gates i, f, g, o (``weight_ih_l0`` ...).

    Returns
    -------
    outputs : ndarray of shape (T, N, H)
        ``h_1 .. h_T``.
    (h_T, c_T) : ndarrays of shape (N, H)
        The last states (PyTorch returns each as (1, N, H)); ``(h0, c0)`` when T = 0.

    Raises
    ------
    ValueError
        If an array has the wrong shape or the sizes disagree.

    Examples
    --------
    >>> x = np.ones((3, 1, 1))  # T = 3 steps of the input 1
    >>> W_ih, W_hh = np.full((4, 1), 0.5), np.zeros((4, 1))
    >>> outputs, (h, c) = lstm_forward(x, np.zeros((1, 1)), np.zeros((1, 1)),
    ...                                W_ih, W_hh, np.zeros(4), np.zeros(4))
    >>> outputs.shape, bool(np.array_equal(outputs[-1], h))
    ((3, 1, 1), True)
    """
    x = _check_sequence(x)
    h = _check_state("h0", h0, x.shape[1])
    c = _check_state("c0", c0, x.shape[1])
    if c.shape != h.shape:
        raise ValueError(f"c0 must have the shape of h0, {h.shape}, got shape {c.shape}")
    W_ih, W_hh, b_ih, b_hh = _check_weights(W_ih, W_hh, b_ih, b_hh, 4, x.shape[2], h.shape[1])
    outputs = np.empty((x.shape[0], x.shape[1], h.shape[1]))  # (T, N, H)
    for t in range(x.shape[0]):
        h, c = lstm_cell(x[t], h, c, W_ih, W_hh, b_ih, b_hh)  # each (N, H)
        outputs[t] = h
    return outputs, (h, c)


def gru_cell(
    x: np.ndarray,
    h: np.ndarray,
    W_ih: np.ndarray,
    W_hh: np.ndarray,
    b_ih: np.ndarray,
    b_hh: np.ndarray,
) -> np.ndarray:
    """One GRU step (Cho et al. 2014; ``torch.nn.GRUCell``), gate blocks in order r, z, n.

    With ``a = x @ W_ih.T + b_ih`` and ``b = h @ W_hh.T + b_hh``, each (N, 3H) and cut
    into blocks r, z, n of H columns:

    - ``r = sigmoid(a_r + b_r)`` (reset gate), ``z = sigmoid(a_z + b_z)`` (update gate)
    - ``n = tanh(a_n + r * b_n)`` (candidate; the reset gate scales the recurrent part,
      bias included, as PyTorch does)
    - ``h' = (1 - z) * n + z * h``: z near 1 keeps the old state.

    Parameters
    ----------
    x : ndarray of shape (N, I)
    h : ndarray of shape (N, H)
    W_ih : ndarray of shape (3H, I)
    W_hh : ndarray of shape (3H, H)
    b_ih, b_hh : ndarray of shape (3H,)

    Returns
    -------
    ndarray of shape (N, H)

    Raises
    ------
    ValueError
        If an array has the wrong shape or the sizes disagree.

    Examples
    --------
    An update gate of 1 (a huge z bias) copies the old state:

    >>> b = np.array([0.0, 100.0, 0.0])  # r, z, n
    >>> gru_cell(np.ones((1, 2)), np.array([[0.3]]), np.ones((3, 2)), np.ones((3, 1)),
    ...          b, np.zeros(3)).round(6).tolist()
    [[0.3]]
    """
    x = np.asarray(x, dtype=np.float64)
    if x.ndim != 2:
        raise ValueError(f"x must have shape (N, I), got shape {x.shape}")
    h = _check_state("h", h, x.shape[0])
    W_ih, W_hh, b_ih, b_hh = _check_weights(W_ih, W_hh, b_ih, b_hh, 3, x.shape[1], h.shape[1])
    a_r, a_z, a_n = np.split(x @ W_ih.T + b_ih, 3, axis=1)  # each (N, H)
    b_r, b_z, b_n = np.split(h @ W_hh.T + b_hh, 3, axis=1)  # each (N, H)
    r = _sigmoid(a_r + b_r)
    z = _sigmoid(a_z + b_z)
    n = np.tanh(a_n + r * b_n)
    return (1 - z) * n + z * h
