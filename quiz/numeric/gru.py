"""Numeric templates for engine.rnn.gru_cell: the update gate and the new hidden state of a
one-unit GRU."""

from __future__ import annotations

import math

import numpy as np

from engine.rnn import gru_cell
from quiz.numeric.base import (
    COSINE,
    PROBABILITY,
    Degenerate,
    Distractor,
    Mistake,
    Problem,
    bilingual,
    factor,
    fmt,
    rounded,
    template,
)

ENGINE = "engine.rnn:gru_cell"

RESET_INSTEAD = Mistake(
    "reset-gate-instead",
    bilingual(
        "PyTorch stacks the gates r, z, n: the update gate z uses the second row of each "
        "weight, not the first (that is the reset gate r).",
        "PyTorch 按 r、z、n 的顺序堆叠门："
        "更新门 z 用每个权重的第二行，而不是第一行（那是重置门 r）。",
    ),
)
TANH_GATE = Mistake(
    "tanh-gate",
    bilingual(
        "Gates use the sigmoid, so they lie in (0, 1); tanh is for the candidate state n.",
        "门使用 sigmoid，取值在 (0, 1) 内；tanh 用于候选状态 n。",
    ),
)
HIDDEN_FORGOTTEN = Mistake(
    "hidden-term-forgotten",
    bilingual(
        "The gate also sees the previous state: z = σ(w_iz x + b_iz + w_hz h + b_hz).",
        "门还要看上一个隐状态：z = σ(w_iz x + b_iz + w_hz h + b_hz)。",
    ),
)
Z_SWAPPED = Mistake(
    "update-gate-swapped",
    bilingual(
        "In PyTorch's GRU, z weights the OLD state: h' = (1 − z) n + z h.",
        "在 PyTorch 的 GRU 中，z 是旧状态的权重：h' = (1 − z) n + z h。",
    ),
)
RESET_FORGOTTEN = Mistake(
    "reset-gate-forgotten",
    bilingual(
        "The reset gate scales the recurrent part of the candidate: "
        "n = tanh(w_in x + b_in + r (w_hn h + b_hn)).",
        "重置门要缩放候选状态中的循环部分：n = tanh(w_in x + b_in + r (w_hn h + b_hn))。",
    ),
)
CANDIDATE_ONLY = Mistake(
    "candidate-only",
    bilingual(
        "The new state mixes the candidate with the old state: h' = (1 − z) n + z h.",
        "新状态是候选状态与旧状态的混合：h' = (1 − z) n + z h。",
    ),
)


def _sigmoid(v: float) -> float:
    return 1 / (1 + math.exp(-v))


Weights = tuple[list[float], list[float], list[float], list[float]]


def _draw(rng: np.random.Generator) -> tuple[float, float, Weights]:
    """x, h and the four weight vectors, each with rows r, z, n (one unit, one input)."""
    x, h = float(rounded(rng, -1.5, 1.5)), float(rounded(rng, -0.9, 0.9))
    w_ih, w_hh = rounded(rng, -1.5, 1.5, size=(2, 3)).tolist()
    b_ih, b_hh = rounded(rng, -0.5, 0.5, size=(2, 3)).tolist()
    return x, h, (w_ih, w_hh, b_ih, b_hh)


def _params(x: float, h: float, weights: Weights) -> dict:
    w_ih, w_hh, b_ih, b_hh = weights
    return {"x": x, "h": h, "W_ih": w_ih, "W_hh": w_hh, "b_ih": b_ih, "b_hh": b_hh}


def _run(params: dict) -> float:
    x, h = np.array([[params["x"]]]), np.array([[params["h"]]])
    weights = (np.array(params["W_ih"])[:, None], np.array(params["W_hh"])[:, None])
    return float(gru_cell(x, h, *weights, np.array(params["b_ih"]), np.array(params["b_hh"]))[0, 0])


def _prompt_parameters(params: dict) -> tuple[str, str]:
    parts = [
        f"x = {fmt(params['x'])}",
        f"h = {fmt(params['h'])}",
        *(
            f"{name} = {fmt(params[key])}"
            for name, key in (
                ("weight_ih", "W_ih"),
                ("weight_hh", "W_hh"),
                ("bias_ih", "b_ih"),
                ("bias_hh", "b_hh"),
            )
        ),
    ]
    return ", ".join(parts), "，".join(parts)


@template(
    "gru-update-gate",
    engines=[ENGINE],
    title=("The update gate of a GRU", "GRU 的更新门"),
    valid=PROBABILITY,
)
def gru_update_gate(rng: np.random.Generator) -> Problem:
    """z = σ(w_iz x + b_iz + w_hz h + b_hz)."""
    x, h, weights = _draw(rng)
    w_ih, w_hh, b_ih, b_hh = weights
    params = _params(x, h, weights)
    pre = [w_ih[g] * x + b_ih[g] + w_hh[g] * h + b_hh[g] for g in range(3)]
    if abs(pre[1]) < 0.2 or h == 0:
        raise Degenerate("z must be away from 0.5 and h non-zero")
    # The engine returns h' = (1 − z) n + z h; with n from the formula, z = (h' − n) / (h − n).
    n = math.tanh(w_ih[2] * x + b_ih[2] + _sigmoid(pre[0]) * (w_hh[2] * h + b_hh[2]))
    if abs(h - n) < 0.1:
        raise Degenerate("n too close to h hides z in h'")
    answer = (_run(params) - n) / (h - n)
    en, zh = _prompt_parameters(params)
    return Problem(
        prompt=bilingual(
            f"A one-unit nn.GRUCell (gate rows in PyTorch's order r, z, n) has {en}. What is "
            "the update gate z?",
            f"一个单单元的 nn.GRUCell（门按 PyTorch 的顺序 r、z、n 排列）：{zh}。更新门 z 是多少？",
        ),
        answer=answer,
        solution=bilingual(
            f"z = σ(w_iz x + b_iz + w_hz h + b_hz) = σ({fmt(w_ih[1])}·{factor(x)} + "
            f"{factor(b_ih[1])} + {factor(w_hh[1])}·{factor(h)} + {factor(b_hh[1])}) "
            f"= σ({fmt(pre[1])}) = {fmt(answer)}.",
            f"z = σ(w_iz x + b_iz + w_hz h + b_hz) = σ({fmt(w_ih[1])}·{factor(x)} + "
            f"{factor(b_ih[1])} + {factor(w_hh[1])}·{factor(h)} + {factor(b_hh[1])}) "
            f"= σ({fmt(pre[1])}) = {fmt(answer)}。",
        ),
        params=params,
        distractors=(
            Distractor(_sigmoid(pre[0]), RESET_INSTEAD),
            Distractor(math.tanh(pre[1]), TANH_GATE),
            Distractor(_sigmoid(w_ih[1] * x + b_ih[1]), HIDDEN_FORGOTTEN),
        ),
    )


@template(
    "gru-new-hidden-state",
    engines=[ENGINE],
    title=("One step of a one-unit GRU", "单单元 GRU 的一步"),
    valid=COSINE,
)
def gru_new_hidden_state(rng: np.random.Generator) -> Problem:
    """h' = (1 − z) n + z h with n = tanh(w_in x + b_in + r (w_hn h + b_hn))."""
    x, h, weights = _draw(rng)
    w_ih, w_hh, b_ih, b_hh = weights
    params = _params(x, h, weights)
    r = _sigmoid(w_ih[0] * x + b_ih[0] + w_hh[0] * h + b_hh[0])
    z = _sigmoid(w_ih[1] * x + b_ih[1] + w_hh[1] * h + b_hh[1])
    recurrent = w_hh[2] * h + b_hh[2]
    n = math.tanh(w_ih[2] * x + b_ih[2] + r * recurrent)
    answer = _run(params)
    n_no_reset = math.tanh(w_ih[2] * x + b_ih[2] + recurrent)
    if abs(recurrent) < 0.3 or abs(z - 0.5) < 0.1 or h == 0:
        raise Degenerate("the reset gate and the update gate must both matter")
    en, zh = _prompt_parameters(params)
    return Problem(
        prompt=bilingual(
            f"A one-unit nn.GRUCell (gate rows in PyTorch's order r, z, n) has {en}. What is "
            "the new hidden state h'?",
            "一个单单元的 nn.GRUCell（门按 PyTorch 的顺序 r、"
            f"z、n 排列）：{zh}。新的隐状态 h' 是多少？",
        ),
        answer=answer,
        solution=bilingual(
            f"1. r = {fmt(r)}, z = {fmt(z)} (sigmoids of rows 1 and 2).\n"
            f"2. n = tanh(w_in x + b_in + r (w_hn h + b_hn)) = tanh("
            f"{fmt(w_ih[2] * x + b_ih[2])} + {fmt(r)} × {factor(recurrent)}) = {fmt(n)}.\n"
            f"3. h' = (1 − z) n + z h = {fmt(1 - z)} × {factor(n)} + {fmt(z)} × {factor(h)} "
            f"= {fmt(answer)}.",
            f"1. r = {fmt(r)}，z = {fmt(z)}（第 1、2 行的 sigmoid）。\n"
            f"2. n = tanh(w_in x + b_in + r (w_hn h + b_hn)) = tanh("
            f"{fmt(w_ih[2] * x + b_ih[2])} + {fmt(r)} × {factor(recurrent)}) = {fmt(n)}。\n"
            f"3. h' = (1 − z) n + z h = {fmt(1 - z)} × {factor(n)} + {fmt(z)} × {factor(h)} "
            f"= {fmt(answer)}。",
        ),
        params=params,
        distractors=(
            Distractor(z * n + (1 - z) * h, Z_SWAPPED),
            Distractor((1 - z) * n_no_reset + z * h, RESET_FORGOTTEN),
            Distractor(n, CANDIDATE_ONLY),
        ),
    )
