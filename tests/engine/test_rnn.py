"""engine.rnn against nn.RNN, nn.LSTMCell and nn.LSTM, and hand-worked steps."""

from __future__ import annotations

import numpy as np
import pytest

from engine import rnn
from engine.demos import Step
from engine.demos import rnn as demos

SEEDS = range(15)
RTOL = 1e-6
ATOL = 1e-12  # for entries that are 0 up to rounding


def random_case(rng: np.random.Generator, num_gates: int) -> dict:
    """x (T, N, I), h0 and c0 (N, H), and weights in PyTorch's layout."""
    steps, batch, inputs, hidden = (int(v) for v in rng.integers(1, 6, size=4))
    scale = rng.choice([0.5, 3.0])  # 3.0 saturates many gates
    return {
        "x": rng.standard_normal((steps, batch, inputs)),
        "h0": rng.standard_normal((batch, hidden)),
        "c0": rng.standard_normal((batch, hidden)),
        "W_ih": scale * rng.standard_normal((num_gates * hidden, inputs)),
        "W_hh": scale * rng.standard_normal((num_gates * hidden, hidden)),
        "b_ih": rng.standard_normal(num_gates * hidden),
        "b_hh": rng.standard_normal(num_gates * hidden),
    }


def weights(case: dict) -> tuple:
    return case["W_ih"], case["W_hh"], case["b_ih"], case["b_hh"]


def zero_weights(input_size: int, hidden: int) -> tuple:
    """Zero LSTM W_ih (4H, I) and W_hh (4H, H): the biases alone set the gates."""
    return np.zeros((4 * hidden, input_size)), np.zeros((4 * hidden, hidden))


# --- hand-worked cases ---------------------------------------------------------------------


def test_rnn_step_by_hand():
    x = np.array([[[1.0]], [[2.0]]])  # T = 2, N = 1, I = 1
    outputs, h = rnn.rnn_forward(
        x, np.zeros((1, 1)), np.array([[0.5]]), np.array([[2.0]]), np.zeros(1), np.array([0.1])
    )
    h1 = np.tanh(0.5 * 1.0 + 0.1)
    h2 = np.tanh(0.5 * 2.0 + 2.0 * h1 + 0.1)
    np.testing.assert_allclose(outputs[:, 0, 0], [h1, h2])
    np.testing.assert_array_equal(h, outputs[-1])


def test_empty_sequence_returns_the_initial_state():
    h0, c0 = np.ones((2, 3)), np.full((2, 3), 2.0)
    W = np.zeros((3, 4)), np.zeros((3, 3)), np.zeros(3), np.zeros(3)
    outputs, h = rnn.rnn_forward(np.zeros((0, 2, 4)), h0, *W)
    assert outputs.shape == (0, 2, 3)
    np.testing.assert_array_equal(h, h0)
    W4 = np.zeros((12, 4)), np.zeros((12, 3)), np.zeros(12), np.zeros(12)
    outputs, (h, c) = rnn.lstm_forward(np.zeros((0, 2, 4)), h0, c0, *W4)
    assert outputs.shape == (0, 2, 3)
    np.testing.assert_array_equal(c, c0)


def test_lstm_gates_follow_the_i_f_g_o_order():
    # Each gate's bias block sets its pre-activation: z = (1, 2, 3, 4) for H = 1.
    b = np.array([1.0, 2.0, 3.0, 4.0])
    zeros = np.zeros((1, 1))
    i, f, g, o = rnn.lstm_gates(zeros, zeros, *zero_weights(1, 1), b, np.zeros(4))
    sigmoid_1, sigmoid_2, sigmoid_4 = 1.0 / (1.0 + np.exp(-np.array([1.0, 2.0, 4.0])))
    np.testing.assert_allclose(
        [i[0, 0], f[0, 0], g[0, 0], o[0, 0]], [sigmoid_1, sigmoid_2, np.tanh(3.0), sigmoid_4]
    )


def test_lstm_cell_by_hand():
    b = np.array([0.0, 0.0, 1.0, 0.0])  # i = f = o = 0.5, g = tanh(1)
    h, c = rnn.lstm_cell(
        np.zeros((1, 1)), np.zeros((1, 1)), np.array([[0.8]]), *zero_weights(1, 1), b, np.zeros(4)
    )
    c_expected = 0.5 * 0.8 + 0.5 * np.tanh(1.0)
    np.testing.assert_allclose(c, [[c_expected]])
    np.testing.assert_allclose(h, [[0.5 * np.tanh(c_expected)]])


def test_saturated_gates_stay_finite_and_exact():
    b = np.array([-800.0, 800.0, 0.0, 800.0])  # i = 0, f = 1, o = 1
    h, c = rnn.lstm_cell(
        np.zeros((1, 1)), np.zeros((1, 1)), np.array([[0.3]]), *zero_weights(1, 1), b, np.zeros(4)
    )
    assert c[0, 0] == 0.3
    assert h[0, 0] == np.tanh(0.3)


# --- against PyTorch -----------------------------------------------------------------------


@pytest.fixture(scope="module")
def torch():
    return pytest.importorskip("torch", reason="PyTorch not installed (CI installs torch==2.13.0)")


CELL_NAMES = ["weight_ih", "weight_hh", "bias_ih", "bias_hh"]
LAYER_NAMES = [f"{name}_l0" for name in CELL_NAMES]  # nn.RNN and nn.LSTM, layer 0


def load(torch, module, state: dict) -> None:
    """Copy NumPy arrays into a float64 PyTorch module's parameters."""
    module.load_state_dict({name: torch.tensor(value) for name, value in state.items()})


@pytest.mark.parametrize("seed", SEEDS)
def test_rnn_forward_matches_torch(torch, seed):
    case = random_case(np.random.default_rng(seed), num_gates=1)
    module = torch.nn.RNN(case["x"].shape[2], case["h0"].shape[1], nonlinearity="tanh").double()
    load(torch, module, dict(zip(LAYER_NAMES, weights(case), strict=True)))
    with torch.no_grad():
        expected, expected_h = module(torch.tensor(case["x"]), torch.tensor(case["h0"])[None])
    outputs, h = rnn.rnn_forward(case["x"], case["h0"], *weights(case))
    np.testing.assert_allclose(outputs, expected.numpy(), rtol=RTOL, atol=ATOL)
    np.testing.assert_allclose(h, expected_h[0].numpy(), rtol=RTOL, atol=ATOL)


@pytest.mark.parametrize("seed", SEEDS)
def test_lstm_cell_matches_torch(torch, seed):
    case = random_case(np.random.default_rng(seed), num_gates=4)
    x = case["x"][0]  # (N, I)
    module = torch.nn.LSTMCell(x.shape[1], case["h0"].shape[1]).double()
    load(torch, module, dict(zip(CELL_NAMES, weights(case), strict=True)))
    with torch.no_grad():
        expected_h, expected_c = module(
            torch.tensor(x), (torch.tensor(case["h0"]), torch.tensor(case["c0"]))
        )
    h, c = rnn.lstm_cell(x, case["h0"], case["c0"], *weights(case))
    np.testing.assert_allclose(h, expected_h.numpy(), rtol=RTOL, atol=ATOL)
    np.testing.assert_allclose(c, expected_c.numpy(), rtol=RTOL, atol=ATOL)


@pytest.mark.parametrize("seed", SEEDS)
def test_lstm_forward_matches_torch(torch, seed):
    case = random_case(np.random.default_rng(seed), num_gates=4)
    module = torch.nn.LSTM(case["x"].shape[2], case["h0"].shape[1]).double()
    load(torch, module, dict(zip(LAYER_NAMES, weights(case), strict=True)))
    with torch.no_grad():
        expected, (expected_h, expected_c) = module(
            torch.tensor(case["x"]),
            (torch.tensor(case["h0"])[None], torch.tensor(case["c0"])[None]),
        )
    outputs, (h, c) = rnn.lstm_forward(case["x"], case["h0"], case["c0"], *weights(case))
    np.testing.assert_allclose(outputs, expected.numpy(), rtol=RTOL, atol=ATOL)
    np.testing.assert_allclose(h, expected_h[0].numpy(), rtol=RTOL, atol=ATOL)
    np.testing.assert_allclose(c, expected_c[0].numpy(), rtol=RTOL, atol=ATOL)


# --- bad input -----------------------------------------------------------------------------

HIDDEN, INPUTS = 3, 2
X = np.zeros((4, 2, INPUTS))
STATE = np.zeros((2, HIDDEN))
RNN_W = {
    "W_ih": np.zeros((HIDDEN, INPUTS)),
    "W_hh": np.zeros((HIDDEN, HIDDEN)),
    "b_ih": np.zeros(HIDDEN),
    "b_hh": np.zeros(HIDDEN),
}
LSTM_W = {
    "W_ih": np.zeros((4 * HIDDEN, INPUTS)),
    "W_hh": np.zeros((4 * HIDDEN, HIDDEN)),
    "b_ih": np.zeros(4 * HIDDEN),
    "b_hh": np.zeros(4 * HIDDEN),
}


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"x": np.zeros((4, INPUTS))}, r"x must have shape \(T, N, I\)"),
        ({"h0": np.zeros((3, HIDDEN))}, r"h0 must have shape \(2, H\)"),
        ({"h0": np.zeros(HIDDEN)}, r"h0 must have shape \(2, H\)"),
        ({"W_ih": np.zeros((HIDDEN, INPUTS + 1))}, r"W_ih must have shape \(3, 2\)"),
        ({"W_hh": np.zeros((HIDDEN, HIDDEN + 1))}, r"W_hh must have shape \(3, 3\)"),
        ({"b_ih": np.zeros(HIDDEN + 1)}, r"b_ih must have shape \(3,\)"),
        ({"b_hh": np.zeros((1, HIDDEN))}, r"b_hh must have shape \(3,\)"),
    ],
)
def test_bad_rnn_input_raises(kwargs, message):
    with pytest.raises(ValueError, match=message):
        rnn.rnn_forward(**{"x": X, "h0": STATE, **RNN_W, **kwargs})


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"x": np.zeros(INPUTS)}, r"x must have shape \(N, I\)"),
        ({"h": np.zeros((3, HIDDEN))}, r"h must have shape \(2, H\)"),
        ({"c": np.zeros((3, HIDDEN))}, r"c must have shape \(2, H\)"),
        ({"c": np.zeros((2, HIDDEN + 1))}, r"c must have the shape of h"),
        ({"W_ih": np.zeros((HIDDEN, INPUTS))}, r"W_ih must have shape \(12, 2\)"),
        ({"W_hh": np.zeros((4 * HIDDEN, INPUTS))}, r"W_hh must have shape \(12, 3\)"),
        ({"b_ih": np.zeros(HIDDEN)}, r"b_ih must have shape \(12,\)"),
    ],
)
def test_bad_lstm_cell_input_raises(kwargs, message):
    with pytest.raises(ValueError, match=message):
        rnn.lstm_cell(**{"x": X[0], "h": STATE, "c": STATE, **LSTM_W, **kwargs})


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"x": np.zeros((2, INPUTS))}, r"x must have shape \(T, N, I\)"),
        ({"c0": np.zeros((2, HIDDEN + 1))}, "c0 must have the shape of h0"),
        ({"c0": np.zeros((1, HIDDEN))}, r"c0 must have shape \(2, H\)"),
        ({"W_ih": np.zeros((HIDDEN, INPUTS))}, r"W_ih must have shape \(12, 2\)"),
        ({"x": np.zeros((0, 2, INPUTS + 1))}, r"W_ih must have shape \(12, 3\)"),
    ],
)
def test_bad_lstm_forward_input_raises(kwargs, message):
    with pytest.raises(ValueError, match=message):
        rnn.lstm_forward(**{"x": X, "h0": STATE, "c0": STATE, **LSTM_W, **kwargs})


# --- demos ---------------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["rnn_forward", "lstm_cell", "lstm_forward"])
def test_demo_is_bilingual_and_reproducible(name):
    demo = getattr(demos, name)
    for seed in range(5):
        steps = demo(np.random.default_rng(seed))
        assert steps and all(isinstance(s, Step) and s.en and s.zh for s in steps)
        assert repr(steps) == repr(demo(np.random.default_rng(seed)))


def test_lstm_cell_demo_gates_give_the_new_state():
    _, _, c, _, _, _, i, f, g, o, c_next, h_next = demos.lstm_cell(np.random.default_rng(2))
    np.testing.assert_allclose(c_next.value, f.value * c.value + i.value * g.value)
    np.testing.assert_allclose(h_next.value, o.value * np.tanh(c_next.value))
