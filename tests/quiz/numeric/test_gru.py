"""Independent recomputation of the GRU templates' answers (plain Python)."""

from __future__ import annotations

import math


def _gates(params):
    x, h = params["x"], params["h"]
    w_ih, w_hh, b_ih, b_hh = params["W_ih"], params["W_hh"], params["b_ih"], params["b_hh"]

    def sigmoid(v):
        return 1 / (1 + math.exp(-v))

    r = sigmoid(w_ih[0] * x + b_ih[0] + w_hh[0] * h + b_hh[0])
    z = sigmoid(w_ih[1] * x + b_ih[1] + w_hh[1] * h + b_hh[1])
    n = math.tanh(w_ih[2] * x + b_ih[2] + r * (w_hh[2] * h + b_hh[2]))
    return r, z, n


def gru_update_gate(params):
    return _gates(params)[1]


def gru_new_hidden_state(params):
    _, z, n = _gates(params)
    return (1 - z) * n + z * params["h"]


INDEPENDENT = {
    "gru-update-gate": gru_update_gate,
    "gru-new-hidden-state": gru_new_hidden_state,
}


def test_zero_weights_halve_the_old_state():
    """All zero: z = 0.5 and n = 0, so h' = h / 2."""
    zeros = [0.0, 0.0, 0.0]
    params = {"x": 1.0, "h": 0.8, "W_ih": zeros, "W_hh": zeros, "b_ih": zeros, "b_hh": zeros}
    assert gru_new_hidden_state(params) == 0.4
