"""Numeric templates for engine.rnn: tanh RNN steps, the LSTM cell, and LSTM sizes."""

from __future__ import annotations

import numpy as np

from engine.rnn import lstm_cell, lstm_forward, lstm_gates, rnn_forward
from quiz.numeric.base import (
    COSINE,
    NON_NEGATIVE,
    Distractor,
    Mistake,
    Problem,
    bilingual,
    fmt,
    rounded,
    template,
)

SATURATED = 1000.0
"""A gate pre-activation whose sigmoid is exactly 1.0: how a template switches a gate fully on."""

ZERO_INITIAL_STATE = Mistake(
    "ignored-initial-state",
    bilingual(
        "The first step also adds W_hh·h_0: start from the given h_0, not from zero.",
        "第一步同样要加上 W_hh·h_0：从给定的 h_0 出发，而不是从 0 出发。",
    ),
)
NO_RECURRENCE = Mistake(
    "no-recurrence",
    bilingual(
        "Each step feeds the previous hidden state back through W_hh; that is what makes "
        "the network recurrent.",
        "每一步都要把上一步的隐藏状态经 W_hh 送回来；这正是“循环”的含义。",
    ),
)
ONE_BIAS = Mistake(
    "one-bias",
    bilingual(
        "PyTorch's RNN has two biases, b_ih and b_hh, and adds both at every step.",
        "PyTorch 的 RNN 有两个偏置 b_ih 和 b_hh，每一步两个都要加。",
    ),
)
TRANSPOSED_WEIGHTS = Mistake(
    "transposed-weights",
    bilingual(
        "W·x takes the dot product of each row of W with x (PyTorch stores W as "
        "(hidden, input)); using the columns computes Wᵀ·x.",
        "W·x 是用 W 的每一行与 x 做点积（PyTorch 按 (hidden, input) 存储 W）；"
        "用列去乘算的是 Wᵀ·x。",
    ),
)
NO_FORGET_GATE = Mistake(
    "no-forget-gate",
    bilingual(
        "The old cell state is scaled by the forget gate: c' = f·c + i·g, not c + i·g.",
        "旧的细胞状态要乘以遗忘门：c' = f·c + i·g，而不是 c + i·g。",
    ),
)
SIGMOID_CANDIDATE = Mistake(
    "sigmoid-candidate",
    bilingual(
        "The gates i, f, o use the sigmoid (values in 0..1), but the candidate g uses tanh "
        "(values in −1..1).",
        "门 i、f、o 用 sigmoid（取值 0 到 1），候选值 g 用的是 tanh（取值 −1 到 1）。",
    ),
)
OLD_STATE_DROPPED = Mistake(
    "old-state-dropped",
    bilingual(
        "The forget gate scales the old cell state, it does not erase it: c' = f·c + i·g "
        "keeps f·c.",
        "遗忘门是缩放旧的细胞状态，而不是清除它：c' = f·c + i·g 保留了 f·c。",
    ),
)
GATES_SWAPPED = Mistake(
    "gates-swapped",
    bilingual(
        "The forget gate multiplies the old cell state and the input gate the candidate: "
        "c' = f·c + i·g, not i·c + f·g.",
        "遗忘门乘旧的细胞状态，输入门乘候选值：c' = f·c + i·g，而不是 i·c + f·g。",
    ),
)
HIDDEN_NOT_CELL = Mistake(
    "hidden-instead-of-cell",
    bilingual(
        "The cell state is c' = f·c + i·g; h' = o·tanh(c') is the hidden state.",
        "细胞状态是 c' = f·c + i·g；h' = o·tanh(c') 是隐藏状态。",
    ),
)
CELL_NOT_HIDDEN = Mistake(
    "cell-instead-of-hidden",
    bilingual(
        "The hidden state is h = o·tanh(c); c itself is the cell state.",
        "隐藏状态是 h = o·tanh(c)；c 本身是细胞状态。",
    ),
)
ONE_LSTM_BIAS = Mistake(
    "one-bias-vector",
    bilingual(
        "PyTorch's LSTM keeps two bias vectors, b_ih and b_hh, each of size 4H.",
        "PyTorch 的 LSTM 有两个偏置向量 b_ih 和 b_hh，每个大小为 4H。",
    ),
)
ONE_GATE = Mistake(
    "one-gate",
    bilingual(
        "An LSTM has four sets of weights, for the gates i, f, o and the candidate g: "
        "multiply by 4.",
        "LSTM 有四组权重，分别给 i、f、o 三个门和候选值 g：要乘以 4。",
    ),
)
PER_TIME_STEP = Mistake(
    "per-time-step",
    bilingual(
        "The same weights are used at every time step, so the sequence length does not "
        "change the count.",
        "每个时间步用的是同一组权重，所以序列长度不影响参数量。",
    ),
)
CELL_STATE_AS_INPUT = Mistake(
    "cell-state-as-input",
    bilingual(
        "The gates read x_t and h_(t−1) only: c_(t−1) has no weight matrix of its own.",
        "各门只读入 x_t 和 h_(t−1)：c_(t−1) 没有自己的权重矩阵。",
    ),
)
THREE_GATES = Mistake(
    "three-gates",
    bilingual(
        "Besides the input, forget and output gates, the candidate g has its own weights "
        "and biases: four blocks of 4·H rows in all.",
        "除了输入门、遗忘门、输出门，候选值 g 也有自己的权重和偏置：一共四组。",
    ),
)
NO_RECURRENT_WEIGHTS = Mistake(
    "no-recurrent-weights",
    bilingual(
        "Each gate also reads the previous hidden state through an H×H matrix (W_hh).",
        "每个门还要通过一个 H×H 的矩阵（W_hh）读取上一步的隐藏状态。",
    ),
)


def _num(value: float, digits: int = 4) -> str:
    """A number for a product in a worked solution: negatives in parentheses."""
    return f"({fmt(value, digits)})" if value < 0 else fmt(value, digits)


@template(
    "rnn-two-steps",
    engines=["engine.rnn:rnn_forward"],
    title=("Two steps of a one-unit RNN", "单单元 RNN 的两步"),
    valid=COSINE,
)
def rnn_two_steps(rng: np.random.Generator) -> Problem:
    """h_t = tanh(w_ih·x_t + b_ih + w_hh·h_{t−1} + b_hh), two steps from h_0."""
    w_ih, w_hh = rounded(rng, -1.5, 1.5, size=2)
    b_ih, b_hh = rounded(rng, -0.5, 0.5, size=2)
    h0 = float(rounded(rng, -1.0, 1.0))
    xs = rounded(rng, -2.0, 2.0, size=2)

    def run(h_start: float, recurrent: float, bias_hh: float) -> np.ndarray:
        """h_1, h_2 from the engine, with the given initial state, w_hh and b_hh."""
        outputs, _ = rnn_forward(
            xs.reshape(2, 1, 1),
            np.array([[h_start]]),
            np.array([[w_ih]]),
            np.array([[recurrent]]),
            np.array([b_ih]),
            np.array([bias_hh]),
        )
        return outputs[:, 0, 0]

    h1, h2 = (float(h) for h in run(h0, w_hh, b_hh))
    lines_en, lines_zh = [], []
    for t, (x, h_prev, h_new) in enumerate(((xs[0], h0, h1), (xs[1], h1, h2)), start=1):
        pre = w_ih * x + b_ih + w_hh * h_prev + b_hh
        line = (
            f"h_{t} = tanh({_num(w_ih, 2)}·{_num(x, 2)} + {_num(b_ih, 2)} + {_num(w_hh, 2)}·"
            f"{_num(h_prev)} + {_num(b_hh, 2)}) = tanh({fmt(pre)}) = {fmt(h_new)}"
        )
        lines_en.append(line + ".")
        lines_zh.append(line + "。")
    constants = (
        f"w_ih = {fmt(w_ih, 2)}, w_hh = {fmt(w_hh, 2)}, b_ih = {fmt(b_ih, 2)}, "
        f"b_hh = {fmt(b_hh, 2)}"
    )
    inputs = f"h_0 = {fmt(h0, 2)}, x_1 = {fmt(xs[0], 2)}, x_2 = {fmt(xs[1], 2)}"
    return Problem(
        prompt=bilingual(
            "A one-unit tanh RNN (as torch.nn.RNN) computes "
            f"h_t = tanh(w_ih·x_t + b_ih + w_hh·h_(t−1) + b_hh) with {constants}. "
            f"Given {inputs}, what is h_2?",
            "一个单单元 tanh RNN（同 torch.nn.RNN）按 "
            f"h_t = tanh(w_ih·x_t + b_ih + w_hh·h_(t−1) + b_hh) 计算，其中 {constants}。"
            f"已知 {inputs}，h_2 是多少？",
        ),
        answer=h2,
        solution=bilingual("\n".join(lines_en), "\n".join(lines_zh)),
        params={
            "w_ih": float(w_ih),
            "w_hh": float(w_hh),
            "b_ih": float(b_ih),
            "b_hh": float(b_hh),
            "h0": h0,
            "xs": xs.tolist(),
        },
        distractors=(
            Distractor(float(run(0.0, w_hh, b_hh)[1]), ZERO_INITIAL_STATE),
            Distractor(float(run(h0, 0.0, b_hh)[1]), NO_RECURRENCE),
            Distractor(float(run(h0, w_hh, 0.0)[1]), ONE_BIAS),
        ),
    )


@template(
    "rnn-vector-step",
    engines=["engine.rnn:rnn_forward"],
    title=("One step of an RNN with two hidden units", "两个隐藏单元的 RNN 走一步"),
    rel=0.01,
    abs=0.002,
    valid=COSINE,
)
def rnn_vector_step(rng: np.random.Generator) -> Problem:
    """h_1 = tanh(W_ih·x_1 + b_ih + W_hh·h_0 + b_hh) with hidden and input size 2."""
    W_ih, W_hh = rounded(rng, -1.0, 1.0, size=(2, 2, 2))
    b_ih, b_hh = rounded(rng, -0.5, 0.5, size=(2, 2))
    h0 = rounded(rng, -1.0, 1.0, size=2)
    x = rounded(rng, -2.0, 2.0, size=2)

    def step(input_weights, recurrent_weights, h_start, bias_hh) -> tuple[float, ...]:
        """h_1 from the engine."""
        _, h = rnn_forward(
            x[None, None], h_start[None], input_weights, recurrent_weights, b_ih, bias_hh
        )
        return tuple(float(v) for v in h[0])

    h1 = step(W_ih, W_hh, h0, b_hh)
    from_x, from_h = W_ih @ x, W_hh @ h0
    pre = from_x + b_ih + from_h + b_hh
    given = (
        f"W_ih = {fmt(W_ih, 2)}, W_hh = {fmt(W_hh, 2)}, b_ih = {fmt(b_ih, 2)}, "
        f"b_hh = {fmt(b_hh, 2)}, h_0 = {fmt(h0, 2)}, x_1 = {fmt(x, 2)}"
    )
    sums = (
        f"W_ih·x_1 = {fmt(from_x)}, W_hh·h_0 = {fmt(from_h)}; "
        f"W_ih·x_1 + b_ih + W_hh·h_0 + b_hh = {fmt(pre)}"
    )
    return Problem(
        prompt=bilingual(
            "A tanh RNN with input size 2 and hidden size 2 (torch.nn.RNN: each W is stored "
            "(output, input) and multiplies the column vector on its right, written row by row) "
            f"computes h_1 = tanh(W_ih·x_1 + b_ih + W_hh·h_0 + b_hh), with {given}. "
            "What is h_1? Answer as [h_1[0], h_1[1]].",
            "一个输入大小为 2、隐藏大小为 2 的 tanh RNN（同 torch.nn.RNN：每个 W 按 "
            "(输出, 输入) 存储，按行书写，乘在右边的列向量上）计算 "
            f"h_1 = tanh(W_ih·x_1 + b_ih + W_hh·h_0 + b_hh)，其中 {given}。"
            "h_1 是多少？按 [h_1[0], h_1[1]] 作答。",
        ),
        answer=h1,
        solution=bilingual(
            f"Each row of a matrix times the vector: {sums}. "
            f"Apply tanh to each entry: h_1 = {fmt(h1)}.",
            f"矩阵的每一行与向量做点积：{sums}。对每个分量取 tanh：h_1 = {fmt(h1)}。",
        ),
        params={
            "W_ih": W_ih.tolist(),
            "W_hh": W_hh.tolist(),
            "b_ih": b_ih.tolist(),
            "b_hh": b_hh.tolist(),
            "h0": h0.tolist(),
            "x": x.tolist(),
        },
        distractors=(
            Distractor(step(W_ih.T, W_hh.T, h0, b_hh), TRANSPOSED_WEIGHTS),
            Distractor(step(W_ih, W_hh, np.zeros(2), b_hh), ZERO_INITIAL_STATE),
            Distractor(step(W_ih, W_hh, h0, np.zeros(2)), ONE_BIAS),
        ),
    )


def _cell_from_preactivations(pre: np.ndarray, c: float) -> tuple[float, float]:
    """(h', c') from the engine's LSTM cell whose four gate pre-activations are ``pre``.

    With input x = 1, zero recurrent weights and biases, and W_ih = ``pre`` as a column,
    the pre-activations z = W_ih·x are exactly ``pre`` (gate order i, f, g, o).
    """
    h_next, c_next = lstm_cell(
        np.ones((1, 1)),
        np.zeros((1, 1)),
        np.array([[c]]),
        np.asarray(pre, dtype=float)[:, None],
        np.zeros((4, 1)),
        np.zeros(4),
        np.zeros(4),
    )
    return float(h_next[0, 0]), float(c_next[0, 0])


def _gates_from_preactivations(pre: np.ndarray) -> tuple[float, ...]:
    """The engine's gate values i, f, g, o for the pre-activations ``pre``."""
    gates = lstm_gates(
        np.ones((1, 1)),
        np.zeros((1, 1)),
        np.asarray(pre, dtype=float)[:, None],
        np.zeros((4, 1)),
        np.zeros(4),
        np.zeros(4),
    )
    return tuple(float(gate[0, 0]) for gate in gates)


@template(
    "lstm-cell-state",
    engines=["engine.rnn:lstm_cell"],
    title=("An LSTM cell's new cell state", "LSTM 单元的新细胞状态"),
)
def lstm_cell_state(rng: np.random.Generator) -> Problem:
    """c' = σ(z_f)·c + σ(z_i)·tanh(z_g) for one unit."""
    pre = rounded(rng, -2.0, 2.0, size=4)
    c = float(rounded(rng, -1.5, 1.5))
    h_next, c_next = _cell_from_preactivations(pre, c)
    i, f, g, _ = _gates_from_preactivations(pre)
    forget_open = pre.copy()
    forget_open[1] = SATURATED  # f = σ(1000) = 1: the old cell state passes unscaled
    # The candidate squashed by the sigmoid: give the engine the pre-activation whose tanh
    # is σ(z_g) (σ(z_g) read off the engine's input gate).
    sigmoid_g = _gates_from_preactivations(np.full(4, pre[2]))[0]
    sigmoid_candidate = pre.copy()
    sigmoid_candidate[2] = np.arctanh(sigmoid_g)
    z_i, z_f, z_g, z_o = (fmt(v, 2) for v in pre)
    gates = f"i = σ({z_i}) = {fmt(i)}, f = σ({z_f}) = {fmt(f)}, g = tanh({z_g}) = {fmt(g)}"
    update = f"c' = f·c + i·g = {fmt(f)}·{_num(c, 2)} + {fmt(i)}·{_num(g)} = {fmt(c_next)}"
    return Problem(
        prompt=bilingual(
            "One unit of an LSTM cell (torch.nn.LSTMCell) has these gate pre-activations at "
            f"this step: input gate z_i = {z_i}, forget gate z_f = {z_f}, candidate "
            f"z_g = {z_g}, output gate z_o = {z_o}. The previous cell state is "
            f"c = {fmt(c, 2)}. What is the new cell state c'?",
            "LSTM 单元（torch.nn.LSTMCell）的一个单元在这一步的各门预激活值为："
            f"输入门 z_i = {z_i}，遗忘门 z_f = {z_f}，候选值 z_g = {z_g}，输出门 z_o = {z_o}。"
            f"上一步的细胞状态 c = {fmt(c, 2)}。新的细胞状态 c' 是多少？",
        ),
        answer=c_next,
        solution=bilingual(
            f"The gates use the sigmoid σ and the candidate uses tanh: {gates}. "
            f"Then {update}. (z_o only matters for h' = o·tanh(c').)",
            f"各门用 sigmoid σ，候选值用 tanh：{gates}。于是 {update}。"
            "（z_o 只影响 h' = o·tanh(c')。）",
        ),
        params={"preactivations": pre.tolist(), "c": c},
        distractors=(
            Distractor(_cell_from_preactivations(forget_open, c)[1], NO_FORGET_GATE),
            Distractor(_cell_from_preactivations(sigmoid_candidate, c)[1], SIGMOID_CANDIDATE),
            Distractor(h_next, HIDDEN_NOT_CELL),
            Distractor(i * g, OLD_STATE_DROPPED, optional=True),
            Distractor(i * c + f * g, GATES_SWAPPED, optional=True),
        ),
    )


@template(
    "lstm-two-steps",
    engines=["engine.rnn:lstm_forward", "engine.rnn:lstm_cell"],
    title=("Two steps of a one-unit LSTM", "单单元 LSTM 的两步"),
)
def lstm_two_steps(rng: np.random.Generator) -> Problem:
    """c_t = f·c_(t−1) + i·g, h_t = o·tanh(c_t), gates from w·x_t + u·h_(t−1), two steps."""
    w = rounded(rng, -1.0, 1.0, size=4)
    u = rounded(rng, -1.0, 1.0, size=4)
    xs = rounded(rng, -2.0, 2.0, size=2)
    asked = str(rng.choice(["c", "h"]))

    def run(recurrent: np.ndarray, forget_bias: float = 0.0) -> tuple[float, float]:
        """(h_2, c_2) from the engine's LSTM, with recurrent weights ``recurrent``."""
        bias = np.array([0.0, forget_bias, 0.0, 0.0])
        _, (h, c) = lstm_forward(
            xs.reshape(2, 1, 1),
            np.zeros((1, 1)),
            np.zeros((1, 1)),
            w[:, None],
            recurrent[:, None],
            bias,
            np.zeros(4),
        )
        return float(h[0, 0]), float(c[0, 0])

    h2, c2 = run(u)
    answer = c2 if asked == "c" else h2
    lines_en, lines_zh = [], []
    h_prev, c_prev = 0.0, 0.0
    for t, x in enumerate(xs, start=1):
        pre = w * x + u * h_prev
        gates = lstm_gates(
            np.array([[x]]), np.array([[h_prev]]), w[:, None], u[:, None], np.zeros(4), np.zeros(4)
        )
        i, f, g, o = (float(gate[0, 0]) for gate in gates)
        h_out, c_out = lstm_cell(
            np.array([[x]]),
            np.array([[h_prev]]),
            np.array([[c_prev]]),
            w[:, None],
            u[:, None],
            np.zeros(4),
            np.zeros(4),
        )
        h_new, c_new = float(h_out[0, 0]), float(c_out[0, 0])
        line = (
            f"z = w·{_num(x, 2)} + u·{_num(h_prev)} = {fmt(pre)}; i = {fmt(i)}, f = {fmt(f)}, "
            f"g = {fmt(g)}, o = {fmt(o)}; c_{t} = {fmt(f)}·{_num(c_prev)} + {fmt(i)}·{_num(g)} = "
            f"{fmt(c_new)}; h_{t} = {fmt(o)}·tanh({fmt(c_new)}) = {fmt(h_new)}"
        )
        lines_en.append(f"Step {t}: {line}.")
        lines_zh.append(f"第 {t} 步：{line}。")
        h_prev, c_prev = h_new, c_new
    weights = f"w = {fmt(w, 2)}, u = {fmt(u, 2)}"
    inputs = f"x_1 = {fmt(xs[0], 2)}, x_2 = {fmt(xs[1], 2)}"
    index = 1 if asked == "c" else 0
    other_state = (
        Distractor(h2, HIDDEN_NOT_CELL) if asked == "c" else Distractor(c2, CELL_NOT_HIDDEN)
    )
    return Problem(
        prompt=bilingual(
            "A one-unit LSTM (torch.nn.LSTM with input and hidden size 1, all biases 0) has "
            "input weights w and recurrent weights u, listed in the gate order [i, f, g, o]: "
            f"{weights}. "
            "At each step z = w·x_t + u·h_(t−1); i, f, o = σ(z_i), σ(z_f), σ(z_o); "
            "g = tanh(z_g); c_t = f·c_(t−1) + i·g; h_t = o·tanh(c_t). "
            f"Starting from h_0 = c_0 = 0 it reads {inputs}. What is {asked}_2?",
            "一个单单元 LSTM（torch.nn.LSTM，输入与隐藏大小均为 1，偏置全为 0）的输入权重 w 和"
            f"循环权重 u（按门的顺序 [i, f, g, o] 列出）为：{weights}。"
            "每一步 z = w·x_t + u·h_(t−1)；i、f、o = σ(z_i)、σ(z_f)、σ(z_o)；g = tanh(z_g)；"
            "c_t = f·c_(t−1) + i·g；h_t = o·tanh(c_t)。"
            f"从 h_0 = c_0 = 0 出发，依次读入 {inputs}。{asked}_2 是多少？",
        ),
        answer=answer,
        solution=bilingual(
            "\n".join(lines_en) + f"\nSo {asked}_2 = {fmt(answer)}.",
            "\n".join(lines_zh) + f"\n所以 {asked}_2 = {fmt(answer)}。",
        ),
        params={"w": w.tolist(), "u": u.tolist(), "xs": xs.tolist(), "asked": asked},
        distractors=(
            Distractor(run(u, SATURATED)[index], NO_FORGET_GATE),
            Distractor(run(np.zeros(4))[index], NO_RECURRENCE),
            other_state,
        ),
    )


@template(
    "lstm-parameter-count",
    engines=["engine.rnn:lstm_forward"],
    title=("Parameters of an LSTM layer", "LSTM 层的参数量"),
    rel=0.0,
    abs=0.5,
    integer=True,
    valid=NON_NEGATIVE,
)
def lstm_parameter_count(rng: np.random.Generator) -> Problem:
    """params = 4·H·(I + H + 2): W_ih (4H×I), W_hh (4H×H), b_ih and b_hh (4H each)."""
    inputs = int(rng.choice([8, 10, 16, 32, 50, 64, 100, 128, 300]))
    hidden = int(rng.choice([16, 20, 32, 64, 100, 128, 256, 512]))
    W_ih, W_hh = np.zeros((4 * hidden, inputs)), np.zeros((4 * hidden, hidden))
    b_ih, b_hh = np.zeros(4 * hidden), np.zeros(4 * hidden)
    # The engine accepts exactly these shapes (torch.nn.LSTM's weight_ih_l0, ...).
    lstm_forward(
        np.zeros((1, 1, inputs)),
        np.zeros((1, hidden)),
        np.zeros((1, hidden)),
        W_ih,
        W_hh,
        b_ih,
        b_hh,
    )
    count = float(W_ih.size + W_hh.size + b_ih.size + b_hh.size)
    length = int(rng.choice([10, 20, 35, 50]))
    steps = (
        f"4·H·(I + H + 2) = 4·{hidden}·({inputs} + {hidden} + 2) = "
        f"4·{hidden}·{inputs + hidden + 2} = {fmt(count)}"
    )
    return Problem(
        prompt=bilingual(
            f"torch.nn.LSTM(input_size={inputs}, hidden_size={hidden}) (one layer, PyTorch's "
            f"default biases) reads sequences of {length} time steps. How many learnable "
            "parameters does it have?",
            f"torch.nn.LSTM(input_size={inputs}, hidden_size={hidden})（一层，PyTorch 默认带偏置）"
            f"读取长度为 {length} 个时间步的序列。它有多少个可学习参数？",
        ),
        answer=count,
        solution=bilingual(
            f"Four gates (i, f, g, o), each with an H×I input matrix, an H×H recurrent matrix "
            f"and two bias vectors of size H (PyTorch keeps both b_ih and b_hh): {steps}.",
            "四组（i、f、g、o），每组有一个 H×I 的输入矩阵、一个 H×H 的循环矩阵"
            f"和两个大小为 H 的偏置向量（PyTorch 同时保留 b_ih 和 b_hh）：{steps}。",
        ),
        params={"input_size": inputs, "hidden_size": hidden, "length": length},
        distractors=(
            Distractor(count - b_hh.size, ONE_LSTM_BIAS),
            Distractor(count / 4, ONE_GATE),
            Distractor(count - W_hh.size, NO_RECURRENT_WEIGHTS),
            Distractor(count * length, PER_TIME_STEP, optional=True),
            Distractor(count + W_hh.size, CELL_STATE_AS_INPUT, optional=True),
            Distractor(count * 3 / 4, THREE_GATES, optional=True),
        ),
    )
