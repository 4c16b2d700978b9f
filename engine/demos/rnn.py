"""Demos of engine.rnn: a tanh RNN over three steps, one LSTM step gate by gate, an
LSTM over a sequence, and one GRU step."""

from __future__ import annotations

import numpy as np

from engine import rnn
from engine.demos import Step


def _weights(rng: np.random.Generator, rows: int, input_size: int, hidden: int) -> tuple:
    """Small rounded weights W_ih (rows, I), W_hh (rows, H), b_ih, b_hh (rows,).

    Rounded to one decimal for reading; ``+ 0.0`` turns a rounded -0.0 into 0.0.
    """
    return (
        np.round(rng.uniform(-1, 1, size=(rows, input_size)), 1) + 0.0,
        np.round(rng.uniform(-1, 1, size=(rows, hidden)), 1) + 0.0,
        np.round(rng.uniform(-0.5, 0.5, size=rows), 1) + 0.0,
        np.zeros(rows),
    )


def rnn_forward(rng: np.random.Generator) -> list[Step]:
    """A tanh RNN with 2 hidden units over a sequence of 3 inputs."""
    x = rng.integers(-2, 3, size=(3, 1, 2)).astype(float)  # (T, N, I)
    h0 = np.zeros((1, 2))  # (N, H)
    W_ih, W_hh, b_ih, b_hh = _weights(rng, 2, 2, 2)
    outputs, h_last = rnn.rnn_forward(x, h0, W_ih, W_hh, b_ih, b_hh)  # (T, N, H), (N, H)
    steps = [
        Step("Inputs x_1, x_2, x_3 (one row each)", "输入 x_1, x_2, x_3（每行一个）", x[:, 0]),
        Step("Input weights W_ih (H x I)", "输入权重 W_ih（H x I）", W_ih),
        Step("Recurrent weights W_hh (H x H)", "循环权重 W_hh（H x H）", W_hh),
        Step("Bias b_ih (b_hh = 0)", "偏置 b_ih（b_hh = 0）", b_ih),
        Step("Initial state h_0", "初始状态 h_0", h0[0]),
    ]
    for t in range(x.shape[0]):
        steps.append(
            Step(
                f"h_{t + 1} = tanh(W_ih x_{t + 1} + W_hh h_{t} + b): the same weights every step",
                f"h_{t + 1} = tanh(W_ih x_{t + 1} + W_hh h_{t} + b)：每一步共享同一组权重",
                outputs[t, 0],
            )
        )
    steps.append(Step("Final state h_T", "最终状态 h_T", h_last[0]))
    return steps


def lstm_cell(rng: np.random.Generator) -> list[Step]:
    """One LSTM step with 2 hidden units: the four gates, then the new c and h."""
    x = rng.integers(-2, 3, size=(1, 2)).astype(float)  # (N, I)
    h = np.round(rng.uniform(-1, 1, size=(1, 2)), 1) + 0.0  # (N, H)
    c = np.round(rng.uniform(-1, 1, size=(1, 2)), 1) + 0.0  # (N, H)
    W_ih, W_hh, b_ih, b_hh = _weights(rng, 8, 2, 2)
    i, f, g, o = rnn.lstm_gates(x, h, W_ih, W_hh, b_ih, b_hh)  # each (N, H)
    h_next, c_next = rnn.lstm_cell(x, h, c, W_ih, W_hh, b_ih, b_hh)  # each (N, H)
    return [
        Step("Input x", "输入 x", x[0]),
        Step("Previous hidden state h", "上一步的隐状态 h", h[0]),
        Step("Previous cell state c", "上一步的细胞状态 c", c[0]),
        Step(
            "W_ih (4H x I): blocks of H rows for the gates i, f, g, o",
            "W_ih（4H x I）：每 H 行一块，依次对应门 i, f, g, o",
            W_ih,
        ),
        Step("W_hh (4H x H), same blocks", "W_hh（4H x H），分块相同", W_hh),
        Step("Bias b_ih (b_hh = 0)", "偏置 b_ih（b_hh = 0）", b_ih),
        Step(
            "Input gate i = σ(W_ii x + W_hi h + b_i): how much new content to write",
            "输入门 i = σ(W_ii x + W_hi h + b_i)：写入多少新内容",
            i[0],
        ),
        Step(
            "Forget gate f = σ(W_if x + W_hf h + b_f): how much of c to keep",
            "遗忘门 f = σ(W_if x + W_hf h + b_f)：保留多少旧的 c",
            f[0],
        ),
        Step(
            "Candidate g = tanh(W_ig x + W_hg h + b_g): the new content",
            "候选值 g = tanh(W_ig x + W_hg h + b_g)：新内容",
            g[0],
        ),
        Step(
            "Output gate o = σ(W_io x + W_ho h + b_o): how much of the cell to show",
            "输出门 o = σ(W_io x + W_ho h + b_o)：输出多少细胞状态",
            o[0],
        ),
        Step("New cell state c' = f * c + i * g", "新的细胞状态 c' = f * c + i * g", c_next[0]),
        Step("New hidden state h' = o * tanh(c')", "新的隐状态 h' = o * tanh(c')", h_next[0]),
    ]


def lstm_forward(rng: np.random.Generator) -> list[Step]:
    """An LSTM with 2 hidden units over a sequence of 3 inputs."""
    x = rng.integers(-2, 3, size=(3, 1, 2)).astype(float)  # (T, N, I)
    h0 = np.zeros((1, 2))  # (N, H)
    c0 = np.zeros((1, 2))  # (N, H)
    W_ih, W_hh, b_ih, b_hh = _weights(rng, 8, 2, 2)
    outputs, (h_last, c_last) = rnn.lstm_forward(x, h0, c0, W_ih, W_hh, b_ih, b_hh)
    return [
        Step("Inputs x_1, x_2, x_3 (one row each)", "输入 x_1, x_2, x_3（每行一个）", x[:, 0]),
        Step("W_ih (4H x I), gates i, f, g, o", "W_ih（4H x I），门的顺序 i, f, g, o", W_ih),
        Step("W_hh (4H x H)", "W_hh（4H x H）", W_hh),
        Step("h_0 = c_0 = 0", "h_0 = c_0 = 0", h0[0]),
        Step(
            "Outputs h_1, h_2, h_3: the LSTM cell applied step by step (one row each)",
            "输出 h_1, h_2, h_3：逐步应用 LSTM 单元（每行一个）",
            outputs[:, 0],
        ),
        Step("Final hidden state h_T (= h_3)", "最终隐状态 h_T（= h_3）", h_last[0]),
        Step(
            "Final cell state c_T: the memory carried along the sequence",
            "最终细胞状态 c_T：沿序列传递的记忆",
            c_last[0],
        ),
    ]


def gru_cell(rng: np.random.Generator) -> list[Step]:
    """One GRU step with 2 hidden units: reset gate, update gate, candidate, new h."""
    x = rng.integers(-2, 3, size=(1, 2)).astype(float)  # (N, I)
    h = np.round(rng.uniform(-1, 1, size=(1, 2)), 1) + 0.0  # (N, H)
    W_ih, W_hh, b_ih, b_hh = _weights(rng, 6, 2, 2)  # blocks r, z, n
    a_r, a_z, a_n = np.split(x @ W_ih.T + b_ih, 3, axis=1)  # each (N, H)
    b_r, b_z, b_n = np.split(h @ W_hh.T + b_hh, 3, axis=1)  # each (N, H)
    r = 1 / (1 + np.exp(-(a_r + b_r)))
    z = 1 / (1 + np.exp(-(a_z + b_z)))
    n = np.tanh(a_n + r * b_n)
    h_next = rnn.gru_cell(x, h, W_ih, W_hh, b_ih, b_hh)  # (N, H)
    return [
        Step("Input x", "输入 x", x[0]),
        Step("Previous hidden state h", "上一步的隐状态 h", h[0]),
        Step(
            "Input weights W_ih (rows: r, z, n blocks)", "输入权重 W_ih（行：r、z、n 三块）", W_ih
        ),
        Step("Recurrent weights W_hh", "循环权重 W_hh", W_hh),
        Step(
            "Reset gate r = σ(W_ir x + W_hr h + b_r)",
            "重置门 r = σ(W_ir x + W_hr h + b_r)",
            r[0],
        ),
        Step(
            "Update gate z = σ(W_iz x + W_hz h + b_z)",
            "更新门 z = σ(W_iz x + W_hz h + b_z)",
            z[0],
        ),
        Step(
            "Candidate n = tanh(W_in x + r ⊙ (W_hn h + b_hn) + b_in)",
            "候选状态 n = tanh(W_in x + r ⊙ (W_hn h + b_hn) + b_in)",
            n[0],
        ),
        Step(
            "New state h' = (1 − z) ⊙ n + z ⊙ h: z near 1 keeps the old state",
            "新状态 h' = (1 − z) ⊙ n + z ⊙ h：z 接近 1 时保留旧状态",
            h_next[0],
        ),
    ]
