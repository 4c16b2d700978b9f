"""Demos of engine.decoding: temperature, and beam search against greedy decoding."""

from __future__ import annotations

import numpy as np

from engine import decoding
from engine.demos import Step

TABLE: dict[tuple[int, ...], list[float]] = {
    (): [0.5, 0.3, 0.2],
    (0,): [0.4, 0.35, 0.25],
    (1,): [0.9, 0.05, 0.05],
    (2,): [0.5, 0.25, 0.25],
}
"""Greedy takes token 0 (0.5) and then at best 0.4; the runner-up 1 continues with 0.9."""


def temperature_softmax(rng: np.random.Generator) -> list[Step]:
    """One set of logits at a low, the neutral and a high temperature."""
    logits = np.round(rng.uniform(-1, 3, size=4), 1)
    return [
        Step("Logits z", "logits z", logits),
        Step(
            "T = 0.5: softmax(z / T), sharper",
            "T = 0.5：softmax(z / T)，更尖锐",
            decoding.temperature_softmax(logits, 0.5),
        ),
        Step(
            "T = 1: the plain softmax",
            "T = 1：普通 softmax",
            decoding.temperature_softmax(logits, 1.0),
        ),
        Step(
            "T = 2: flatter, more varied samples",
            "T = 2：更平坦，采样更多样",
            decoding.temperature_softmax(logits, 2.0),
        ),
    ]


def beam_search(rng: np.random.Generator) -> list[Step]:
    """Greedy decoding and a beam of 2 on a table where the beam finds a better sequence."""
    greedy, greedy_p = decoding.greedy_decode(TABLE, max_len=2)
    beam, beam_p = decoding.beam_search(TABLE, beam_width=2, max_len=2)
    return [
        Step("P(first token) over tokens 0, 1, 2", "首词元概率（词元 0、1、2）", TABLE[()]),
        Step("P(second | first = 0)", "P(第二个 | 第一个 = 0)", TABLE[(0,)]),
        Step("P(second | first = 1)", "P(第二个 | 第一个 = 1)", TABLE[(1,)]),
        Step("Greedy decoding: tokens", "贪心解码：词元", greedy),
        Step("Greedy sequence probability", "贪心序列的概率", greedy_p),
        Step("Beam search (width 2): tokens", "束搜索（宽度 2）：词元", beam),
        Step("Beam sequence probability: higher", "束搜索序列的概率：更高", beam_p),
    ]
