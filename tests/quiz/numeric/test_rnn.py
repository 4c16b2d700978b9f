"""Independent recomputation of the engine.rnn templates' answers (plain Python math)."""

from __future__ import annotations

import math


def sigmoid(z):
    return 1 / (1 + math.exp(-z))


def rnn_two_steps(params):
    h = params["h0"]
    for x in params["xs"]:
        h = math.tanh(params["w_ih"] * x + params["b_ih"] + params["w_hh"] * h + params["b_hh"])
    return h


def rnn_vector_step(params):
    W_ih, W_hh, b_ih, b_hh = params["W_ih"], params["W_hh"], params["b_ih"], params["b_hh"]
    x, h0 = params["x"], params["h0"]
    return [
        math.tanh(
            sum(W_ih[r][c] * x[c] for c in range(2))
            + b_ih[r]
            + sum(W_hh[r][c] * h0[c] for c in range(2))
            + b_hh[r]
        )
        for r in range(2)
    ]


def lstm_cell_state(params):
    z_i, z_f, z_g, _ = params["preactivations"]
    return sigmoid(z_f) * params["c"] + sigmoid(z_i) * math.tanh(z_g)


def lstm_two_steps(params):
    w, u = params["w"], params["u"]
    h = c = 0.0
    for x in params["xs"]:
        z = [w[k] * x + u[k] * h for k in range(4)]
        i, f, g, o = sigmoid(z[0]), sigmoid(z[1]), math.tanh(z[2]), sigmoid(z[3])
        c = f * c + i * g
        h = o * math.tanh(c)
    return c if params["asked"] == "c" else h


def lstm_parameter_count(params):
    inputs, hidden = params["input_size"], params["hidden_size"]
    return 4 * hidden * inputs + 4 * hidden * hidden + 2 * 4 * hidden


INDEPENDENT = {
    "rnn-two-steps": rnn_two_steps,
    "rnn-vector-step": rnn_vector_step,
    "lstm-cell-state": lstm_cell_state,
    "lstm-two-steps": lstm_two_steps,
    "lstm-parameter-count": lstm_parameter_count,
}


def test_lstm_parameter_count_matches_pytorch():
    # torch.nn.LSTM(10, 20) has 4·20·10 + 4·20·20 + 2·80 = 2560 parameters.
    assert lstm_parameter_count({"input_size": 10, "hidden_size": 20}) == 2560


def test_a_closed_forget_gate_keeps_only_the_candidate():
    # z_f very negative: f = 0, so c' = i·g whatever c was.
    params = {"preactivations": [0.0, -50.0, 1.0, 0.0], "c": 5.0}
    assert math.isclose(lstm_cell_state(params), 0.5 * math.tanh(1.0), abs_tol=1e-12)
