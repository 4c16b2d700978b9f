"""Numeric templates for engine.embedding.negative_sampling_loss (word2vec's objective)."""

from __future__ import annotations

import math

import numpy as np

from engine.embedding import negative_sampling_loss
from quiz.numeric.base import (
    NON_NEGATIVE,
    Degenerate,
    Distractor,
    Mistake,
    Problem,
    bilingual,
    factor,
    fmt,
    rounded,
    template,
    unique,
)

ENGINE = "engine.embedding:negative_sampling_loss"

NOISE_NOT_NEGATED = Mistake(
    "noise-score-not-negated",
    bilingual(
        "A noise word should get a LOW score: its term is −ln σ(−s_k), with the minus sign "
        "inside the sigmoid.",
        "噪声词的得分应当低：它的项是 −ln σ(−s_k)，负号在 sigmoid 里面。",
    ),
)
NOISE_FORGOTTEN = Mistake(
    "noise-words-forgotten",
    bilingual(
        "The loss adds one term for every noise word, −Σ_k ln σ(−s_k), to the true pair's.",
        "损失还要为每个噪声词加上一项 −Σ_k ln σ(−s_k)。",
    ),
)
SIGMOID_NOT_LOGGED = Mistake(
    "log-forgotten",
    bilingual(
        "Each term is the negative log of a sigmoid, −ln σ(·), not 1 − σ(·).",
        "每一项是 sigmoid 的负对数 −ln σ(·)，而不是 1 − σ(·)。",
    ),
)

TRUE_PAIR_NEGATED = Mistake(
    "true-score-negated",
    bilingual(
        "The true context word should get a HIGH score: its term is −ln σ(u_o·v_c), with no "
        "minus sign inside the sigmoid; only the noise words' scores are negated.",
        "真实上下文词的得分应当高：它的项是 −ln σ(u_o·v_c)，sigmoid 里没有负号；"
        "只有噪声词的得分取负。",
    ),
)
NOISE_AVERAGED = Mistake(
    "noise-terms-averaged",
    bilingual(
        "The noise words' terms are summed, −Σ_k ln σ(−s_k), one full term per noise word, "
        "not averaged.",
        "噪声词的各项要相加 −Σ_k ln σ(−s_k)，每个噪声词一整项，而不是取平均。",
    ),
)


def _sigmoid(s: float) -> float:
    return 1 / (1 + math.exp(-s))


def _terms(scores_positive: float, scores_noise: np.ndarray) -> tuple[float, list[float]]:
    return -math.log(_sigmoid(scores_positive)), [-math.log(_sigmoid(-s)) for s in scores_noise]


LOG_BASE_TWO = Mistake(
    "log-base-2",
    bilingual(
        "The loss uses the natural log ln; log₂ makes every term 1/ln 2 ≈ 1.44 times larger.",
        "损失用的是自然对数 ln；用 log₂ 会让每一项都大 1/ln 2 ≈ 1.44 倍。",
    ),
)
"""A mistake above the key (most of this template's fall below it), as a student with a
calculator's log key makes it."""


@template(
    "negative-sampling-loss-from-scores",
    engines=[ENGINE],
    title=("Negative-sampling loss from scores", "由得分求负采样损失"),
    valid=NON_NEGATIVE,
)
def negative_sampling_loss_from_scores(rng: np.random.Generator) -> Problem:
    """L = −ln σ(s_o) − Σ_k ln σ(−s_k), given the dot products."""
    positive = float(rounded(rng, -1.0, 3.0))
    noise = rounded(rng, -2.0, 2.0, size=int(rng.integers(2, 4)))
    if np.all(noise < 0.2):
        raise Degenerate("a noise word with a positive score shows the sign")
    # The loss depends on the vectors only through these dot products: 1-D vectors carry them.
    answer = negative_sampling_loss(np.ones(1), np.array([positive]), noise[:, None])
    first, rest = _terms(positive, noise)
    not_negated = first + sum(-math.log(_sigmoid(s)) for s in noise)
    no_log = (1 - _sigmoid(positive)) + sum(_sigmoid(s) for s in noise)
    return Problem(
        prompt=bilingual(
            f"In skip-gram with negative sampling, the true (centre, context) pair has the "
            f"score u_o · v_c = {fmt(positive)} and the {noise.size} sampled noise words have "
            f"the scores u_k · v_c = {fmt(noise)}. What is the loss "
            "L = −ln σ(u_o·v_c) − Σ_k ln σ(−u_k·v_c)?",
            "在带负采样的跳元模型中，真实的（中心词，"
            f"上下文词）对得分 u_o · v_c = {fmt(positive)}，"
            f"采样的 {noise.size} 个噪声词得分 u_k · v_c = {fmt(noise)}。"
            "损失 L = −ln σ(u_o·v_c) − Σ_k ln σ(−u_k·v_c) 是多少？",
        ),
        answer=answer,
        solution=bilingual(
            f"1. True pair: −ln σ({fmt(positive)}) = {fmt(first)}.\n"
            f"2. Noise words: −ln σ(−s_k) = {fmt(rest)}.\n"
            f"3. L = {fmt(first)} + {' + '.join(fmt(v) for v in rest)} = {fmt(answer)}.",
            f"1. 真实词对：−ln σ({fmt(positive)}) = {fmt(first)}。\n"
            f"2. 噪声词：−ln σ(−s_k) = {fmt(rest)}。\n"
            f"3. L = {fmt(first)} + {' + '.join(fmt(v) for v in rest)} = {fmt(answer)}。",
        ),
        params={"positive": positive, "noise": noise.tolist()},
        distractors=unique(
            answer,
            Distractor(not_negated, NOISE_NOT_NEGATED),
            Distractor(first, NOISE_FORGOTTEN),
            Distractor(no_log, SIGMOID_NOT_LOGGED),
            Distractor(-math.log(_sigmoid(-positive)) + sum(rest), TRUE_PAIR_NEGATED),
            Distractor(first + sum(rest) / len(rest), NOISE_AVERAGED),
            Distractor(answer / math.log(2), LOG_BASE_TWO),
        ),
    )


@template(
    "negative-sampling-loss-from-vectors",
    engines=[ENGINE],
    title=("Negative-sampling loss from word vectors", "由词向量求负采样损失"),
    valid=NON_NEGATIVE,
)
def negative_sampling_loss_from_vectors(rng: np.random.Generator) -> Problem:
    """The same loss, with the dot products to be taken first."""
    center = rng.integers(-2, 3, size=2).astype(float) / 2
    context = rng.integers(-2, 3, size=2).astype(float) / 2
    noise = rng.integers(-2, 3, size=(2, 2)).astype(float) / 2
    positive, scores = float(context @ center), noise @ center
    if positive <= 0 or np.all(scores <= 0) or np.all(center == 0):
        raise Degenerate("the true pair should score positive and one noise word too")
    answer = negative_sampling_loss(center, context, noise)
    first, rest = _terms(positive, scores)
    not_negated = first + sum(-math.log(_sigmoid(s)) for s in scores)
    no_log = (1 - _sigmoid(positive)) + sum(_sigmoid(s) for s in scores)
    dots = ", ".join(f"u_{k + 1}·v_c = {fmt(s)}" for k, s in enumerate(scores))
    return Problem(
        prompt=bilingual(
            f"Skip-gram with negative sampling: the centre word has v_c = {fmt(center)}, the "
            f"true context word u_o = {fmt(context)}, and two noise words u_1 = {fmt(noise[0])}, "
            f"u_2 = {fmt(noise[1])}. What is the loss "
            "−ln σ(u_o·v_c) − Σ_k ln σ(−u_k·v_c)?",
            f"带负采样的跳元模型：中心词 v_c = {fmt(center)}，真实上下文词 u_o = {fmt(context)}，"
            f"两个噪声词 u_1 = {fmt(noise[0])}，u_2 = {fmt(noise[1])}。"
            "损失 −ln σ(u_o·v_c) − Σ_k ln σ(−u_k·v_c) 是多少？",
        ),
        answer=answer,
        solution=bilingual(
            f"1. Scores: u_o·v_c = {fmt(positive)}, {dots}.\n"
            f"2. −ln σ({fmt(positive)}) = {fmt(first)}; noise terms −ln σ(−s_k) = {fmt(rest)}.\n"
            f"3. L = {fmt(first)} + {factor(sum(rest))} = {fmt(answer)}.",
            f"1. 得分：u_o·v_c = {fmt(positive)}，{dots}。\n"
            f"2. −ln σ({fmt(positive)}) = {fmt(first)}；噪声项 −ln σ(−s_k) = {fmt(rest)}。\n"
            f"3. L = {fmt(first)} + {factor(sum(rest))} = {fmt(answer)}。",
        ),
        params={
            "center": center.tolist(),
            "context": context.tolist(),
            "noise": noise.tolist(),
        },
        distractors=unique(
            answer,
            Distractor(not_negated, NOISE_NOT_NEGATED),
            Distractor(first, NOISE_FORGOTTEN),
            Distractor(-math.log(_sigmoid(-positive)) + sum(rest), TRUE_PAIR_NEGATED),
            Distractor(first + sum(rest) / len(rest), NOISE_AVERAGED),
            Distractor(no_log, SIGMOID_NOT_LOGGED),
        ),
    )
