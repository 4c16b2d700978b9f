"""Numeric templates for engine.language_model: bigram probabilities and perplexity.

The corpora are short strings of the letters a, b, c, one letter per token, so that every
count can be made by eye.
"""

from __future__ import annotations

import math
from itertools import pairwise

import numpy as np

from engine.language_model import bigram_model, perplexity, sequence_probs
from quiz.numeric.base import (
    AT_LEAST_ONE,
    PROBABILITY,
    Degenerate,
    Distractor,
    Mistake,
    Problem,
    bilingual,
    fmt,
    template,
)

LETTERS = ("a", "b", "c")
CORPUS_LENGTH = 10


def draw_corpus(rng: np.random.Generator) -> list[str]:
    """Ten tokens drawn from a, b, c, each letter present."""
    tokens = [str(t) for t in rng.choice(LETTERS, size=CORPUS_LENGTH)]
    if len(set(tokens)) < len(LETTERS):
        raise Degenerate("every letter must occur, so that the vocabulary is a, b, c")
    return tokens


def bigram_count(tokens: list[str], current: str, following: str) -> int:
    """How often ``current`` is directly followed by ``following``."""
    return sum(pair == (current, following) for pair in pairwise(tokens))


REVERSED_BIGRAM = Mistake(
    "reversed-bigram",
    bilingual(
        "P(next = w | current = v) counts v followed by w and divides by how often v is "
        "followed by anything; swapping v and w gives P(next = v | current = w).",
        "P(下一个 = w | 当前 = v) 数的是 v 后面紧跟 w 的次数，再除以 v 后面跟任何词的次数；"
        "把 v 和 w 对调，算出的是 P(下一个 = v | 当前 = w)。",
    ),
)
JOINT_NOT_CONDITIONAL = Mistake(
    "joint-not-conditional",
    bilingual(
        "Divide by the number of bigrams that start with v, not by all bigrams in the text: "
        "count(v w) / (T - 1) is the joint P(v, w), not P(w | v).",
        "要除以以 v 开头的二元组个数，而不是文本中所有二元组的个数："
        "count(v w) / (T - 1) 是联合概率 P(v, w)，不是 P(w | v)。",
    ),
)
CONTEXT_IGNORED = Mistake(
    "context-ignored",
    bilingual(
        "A bigram model conditions on the previous token: count(w) / T is the unigram "
        "probability of w, whatever came before it.",
        "二元模型以前一个词为条件：count(w) / T 是 w 的一元概率，与它前面是什么无关。",
    ),
)


@template(
    "bigram-probability",
    engines=["engine.language_model:bigram_model"],
    title=("A bigram probability from counts", "由计数求二元语法概率"),
    valid=PROBABILITY,
)
def bigram_probability(rng: np.random.Generator) -> Problem:
    """P(w | v) = count(v w) / Σ_k count(v k), the maximum-likelihood bigram estimate."""
    tokens = draw_corpus(rng)
    vocab, probs = bigram_model(tokens)
    v, w = (str(t) for t in rng.choice(LETTERS, size=2))
    count = bigram_count(tokens, v, w)
    if count == 0:
        raise Degenerate("an unseen bigram has probability 0 and every mistake agrees")
    answer = float(probs[vocab.index(v), vocab.index(w)])
    followed = tokens[:-1].count(v)  # occurrences of v that have a next token
    pairs = len(tokens) - 1
    text = " ".join(tokens)
    last = f" (the final {v} is followed by nothing and does not count)" if tokens[-1] == v else ""
    last_zh = f"（最后那个 {v} 后面没有词，不计入）" if tokens[-1] == v else ""
    return Problem(
        prompt=bilingual(
            f"A bigram language model is estimated by maximum likelihood (no smoothing) from "
            f"the text “{text}” (one token per letter). What is P(next = {w} | current = {v})?",
            f"用最大似然估计（不做平滑）从文本“{text}”（每个字母是一个词元）训练二元语言模型。"
            f"P(下一个 = {w} | 当前 = {v}) 是多少？",
        ),
        answer=answer,
        solution=bilingual(
            f"1. count({v} ·) = {followed}: the bigrams that start with {v}{last}.\n"
            f"2. count({v} {w}) = {count}.\n"
            f"3. P({w} | {v}) = count({v} {w}) / count({v} ·) = {count} / {followed} "
            f"= {fmt(answer)}.",
            f"1. count({v} ·) = {followed}：以 {v} 开头的二元组个数{last_zh}。\n"
            f"2. count({v} {w}) = {count}。\n"
            f"3. P({w} | {v}) = count({v} {w}) / count({v} ·) = {count} / {followed} "
            f"= {fmt(answer)}。",
        ),
        params={"tokens": tokens, "current": v, "next": w},
        distractors=(
            Distractor(float(probs[vocab.index(w), vocab.index(v)]), REVERSED_BIGRAM),
            Distractor(answer * followed / pairs, JOINT_NOT_CONDITIONAL),
            Distractor(tokens.count(w) / len(tokens), CONTEXT_IGNORED),
        ),
    )


SMOOTHING_FORGOTTEN = Mistake(
    "smoothing-forgotten",
    bilingual(
        "Add-one (Laplace) smoothing adds 1 to every bigram count, seen or not: "
        "(count(v w) + 1) / (count(v ·) + V).",
        "加一（拉普拉斯）平滑给每个二元组计数都加 1，无论是否出现过："
        "(count(v w) + 1) / (count(v ·) + V)。",
    ),
)
DENOMINATOR_UNSMOOTHED = Mistake(
    "denominator-unsmoothed",
    bilingual(
        "Adding 1 to each of the V counts in the row adds V to their total: the denominator "
        "is count(v ·) + V, or the row no longer sums to 1.",
        "给这一行的 V 个计数各加 1，总数就增加 V：分母是 count(v ·) + V，"
        "否则这一行的概率和不再为 1。",
    ),
)
NUMERATOR_UNSMOOTHED = Mistake(
    "numerator-unsmoothed",
    bilingual(
        "Add-one smoothing adds 1 to the bigram's own count too: the numerator is count(v w) + 1.",
        "加一平滑也要给这个二元组自己的计数加 1：分子是 count(v w) + 1。",
    ),
)
ONE_NOT_V = Mistake(
    "one-not-v",
    bilingual(
        "Every one of the V counts in the row gets 1, so the denominator grows by V, not by 1.",
        "这一行的 V 个计数每个都加 1，所以分母增加 V，而不是 1。",
    ),
)
TOKENS_NOT_TYPES = Mistake(
    "tokens-not-types",
    bilingual(
        "V is the vocabulary size (the number of distinct tokens, here 3), not the number "
        "of tokens in the text.",
        "V 是词表大小（不同词元的个数，这里是 3），而不是文本中词元的总数。",
    ),
)


@template(
    "bigram-laplace-probability",
    engines=["engine.language_model:bigram_model"],
    title=("A bigram probability with add-one smoothing", "加一平滑的二元语法概率"),
    valid=PROBABILITY,
)
def bigram_laplace_probability(rng: np.random.Generator) -> Problem:
    """P(w | v) = (count(v w) + 1) / (Σ_k count(v k) + V), add-one smoothing."""
    tokens = draw_corpus(rng)
    vocab, probs = bigram_model(tokens, smoothing=1.0)
    _, unsmoothed = bigram_model(tokens)
    v, w = (str(t) for t in rng.choice(LETTERS, size=2))
    i, j = vocab.index(v), vocab.index(w)
    answer = float(probs[i, j])
    count = bigram_count(tokens, v, w)
    followed = tokens[:-1].count(v)
    if followed == 0:
        raise Degenerate("v must be followed by something for the unsmoothed estimate")
    size = len(vocab)
    text = " ".join(tokens)
    return Problem(
        prompt=bilingual(
            f"A bigram language model is estimated from the text “{text}” (one token per "
            f"letter, vocabulary a, b, c) with add-one (Laplace) smoothing. What is "
            f"P(next = {w} | current = {v})?",
            f"用加一（拉普拉斯）平滑从文本“{text}”（每个字母是一个词元，词表为 a、b、c）"
            f"训练二元语言模型。P(下一个 = {w} | 当前 = {v}) 是多少？",
        ),
        answer=answer,
        solution=bilingual(
            f"1. count({v} {w}) = {count}, and count({v} ·) = {followed} bigrams start with {v}.\n"
            f"2. The vocabulary has V = {size} tokens, so the row's total grows by {size}.\n"
            f"3. P({w} | {v}) = ({count} + 1) / ({followed} + {size}) = {fmt(answer)}.",
            f"1. count({v} {w}) = {count}，以 {v} 开头的二元组有 count({v} ·) = {followed} 个。\n"
            f"2. 词表大小 V = {size}，所以这一行的总数增加 {size}。\n"
            f"3. P({w} | {v}) = ({count} + 1) / ({followed} + {size}) = {fmt(answer)}。",
        ),
        params={"tokens": tokens, "current": v, "next": w},
        distractors=(
            Distractor(float(unsmoothed[i, j]), SMOOTHING_FORGOTTEN),
            Distractor((count + 1) / followed, DENOMINATOR_UNSMOOTHED),
            Distractor((count + 1) / (followed + len(tokens)), TOKENS_NOT_TYPES),
            Distractor(count / (followed + size), NUMERATOR_UNSMOOTHED, optional=True),
            Distractor((count + 1) / (followed + 1), ONE_NOT_V, optional=True),
        ),
    )


BASES_MIXED = Mistake(
    "bases-mixed",
    bilingual(
        "Use one base throughout: exp of the mean natural-log loss, or 2 to the power of the "
        "mean log2 loss (the same number). exp of a loss in bits is not the perplexity.",
        "底数要前后一致：对自然对数的平均损失取 exp，或对以 2 为底的平均损失取 2 的幂（两者相同）。"
        "对以比特计的损失取 exp 得到的不是困惑度。",
    ),
)
MEAN_FORGOTTEN = Mistake(
    "mean-forgotten",
    bilingual(
        "Perplexity averages the log-probabilities over the tokens before exponentiating: "
        "exp(-(1/N) Σ ln p). Without the mean you get 1 / (the product of the probabilities).",
        "困惑度要先对各词元的对数概率取平均再取指数：exp(-(1/N) Σ ln p)。"
        "不取平均，得到的是 1 / (概率之积)。",
    ),
)
BITS_AS_NATS = Mistake(
    "two-to-the-nats",
    bilingual(
        "Use one base throughout: the mean loss in nats (natural log) is exponentiated with "
        "e, not with 2.",
        "底数要前后一致：以奈特计（自然对数）的平均损失要用 e 取指数，而不是用 2。",
    ),
)
NOT_EXPONENTIATED = Mistake(
    "not-exponentiated",
    bilingual(
        "The mean negative log-probability is the cross-entropy; the perplexity is its "
        "exponential, exp(-(1/N) Σ ln p).",
        "平均负对数概率是交叉熵；困惑度是它的指数 exp(-(1/N) Σ ln p)。",
    ),
)
MEAN_OF_INVERSES = Mistake(
    "mean-of-inverses",
    bilingual(
        "Perplexity is the geometric mean of 1/p, not the arithmetic mean: average the "
        "logs, then exponentiate.",
        "困惑度是 1/p 的几何平均，而不是算术平均：先对对数取平均，再取指数。",
    ),
)
ARITHMETIC_MEAN = Mistake(
    "arithmetic-mean",
    bilingual(
        "Perplexity is 1 over the geometric mean of the probabilities, not over their "
        "arithmetic mean: average the logs, not the probabilities.",
        "困惑度是概率几何平均的倒数，而不是算术平均的倒数：要对对数取平均，而不是对概率取平均。",
    ),
)


@template(
    "perplexity-of-probabilities",
    engines=["engine.language_model:perplexity"],
    title=("Perplexity from token probabilities", "由词元概率求困惑度"),
    valid=AT_LEAST_ONE,
)
def perplexity_of_probabilities(rng: np.random.Generator) -> Problem:
    """PPL = exp(-(1/N) Σ_t ln p_t) for three or four token probabilities."""
    n = int(rng.integers(3, 5))
    probs = rng.choice([0.1, 0.2, 0.25, 0.3, 0.4, 0.5, 0.6, 0.75, 0.8, 0.9], size=n)
    answer = perplexity(probs)
    logs = np.log(probs)
    mean_loss = float(-logs.mean())
    return Problem(
        prompt=bilingual(
            f"A language model gives the {n} tokens of a text the probabilities "
            f"{fmt(probs, 2)}. What is its perplexity on this text?",
            f"语言模型给一段文本的 {n} 个词元的概率分别为 {fmt(probs, 2)}。"
            "它在这段文本上的困惑度是多少？",
        ),
        answer=answer,
        solution=bilingual(
            f"1. ln p = {fmt(logs)}.\n"
            f"2. Mean negative log-likelihood: {fmt(-logs.sum())} / {n} = {fmt(mean_loss)} "
            "(the cross-entropy in nats).\n"
            f"3. Perplexity = exp({fmt(mean_loss)}) = {fmt(answer)}.",
            f"1. ln p = {fmt(logs)}。\n"
            f"2. 平均负对数似然：{fmt(-logs.sum())} / {n} = {fmt(mean_loss)}"
            "（以奈特计的交叉熵）。\n"
            f"3. 困惑度 = exp({fmt(mean_loss)}) = {fmt(answer)}。",
        ),
        params={"probs": probs.tolist()},
        distractors=(
            Distractor(answer ** (1 / math.log(2)), BASES_MIXED),
            Distractor(perplexity(np.prod(probs, keepdims=True)), MEAN_FORGOTTEN),
            Distractor(perplexity(probs.mean(keepdims=True)), ARITHMETIC_MEAN),
            *_log_slips(probs, answer),
        ),
    )


def _log_slips(probs: np.ndarray, answer: float) -> list[Distractor]:
    """The perplexities that exponentiating with 2, not exponentiating, and averaging 1/p give."""
    mean_loss = float(-np.log(probs).mean())
    return [
        Distractor(2.0**mean_loss, BITS_AS_NATS, optional=True),
        Distractor(mean_loss, NOT_EXPONENTIATED, optional=True),
        Distractor(float(np.mean(1 / probs)), MEAN_OF_INVERSES, optional=True),
    ]


FIRST_TOKEN_COUNTED = Mistake(
    "first-token-counted",
    bilingual(
        "A bigram model predicts every token after the first: a text of T tokens has T - 1 "
        "predictions, so average over T - 1, not T.",
        "二元模型预测的是第一个词元之后的每个词元：T 个词元的文本只有 T - 1 次预测，"
        "所以要对 T - 1 取平均，而不是 T。",
    ),
)


@template(
    "bigram-perplexity",
    engines=["engine.language_model:bigram_model", "engine.language_model:perplexity"],
    title=("Perplexity of a bigram model", "二元语言模型的困惑度"),
    valid=AT_LEAST_ONE,
)
def bigram_perplexity(rng: np.random.Generator) -> Problem:
    """PPL = exp(-(1/(T-1)) Σ_t ln P(x_{t+1} | x_t)) under a maximum-likelihood bigram model."""
    tokens = draw_corpus(rng)
    vocab, probs = bigram_model(tokens)
    test = [str(t) for t in rng.choice(LETTERS, size=int(rng.integers(3, 5)))]
    if any(bigram_count(tokens, a, b) == 0 for a, b in pairwise(test)):
        raise Degenerate("an unseen bigram has probability 0 and infinite perplexity")
    predicted = sequence_probs(test, vocab, probs)
    answer = perplexity(predicted)
    mean_loss = float(-np.log(predicted).mean())
    steps = len(predicted)
    fractions = [
        f"P({b} | {a}) = {bigram_count(tokens, a, b)}/{tokens[:-1].count(a)}"
        for a, b in pairwise(test)
    ]
    text, sample = " ".join(tokens), " ".join(test)
    return Problem(
        prompt=bilingual(
            f"A bigram language model is estimated by maximum likelihood (no smoothing) from "
            f"the text “{text}” (one token per letter). What is its perplexity on the text "
            f"“{sample}”, whose first token is given (not predicted)?",
            f"用最大似然估计（不做平滑）从文本“{text}”（每个字母是一个词元）训练二元语言模型。"
            f"它在文本“{sample}”上的困惑度是多少？第一个词元是给定的（不被预测）。",
        ),
        answer=answer,
        solution=bilingual(
            f"1. The model predicts the {steps} tokens after the first: "
            f"{', '.join(fractions)}, i.e. {fmt(predicted)}.\n"
            f"2. Mean negative log-likelihood: -(1/{steps}) Σ ln p = {fmt(mean_loss)}.\n"
            f"3. Perplexity = exp({fmt(mean_loss)}) = {fmt(answer)}.",
            f"1. 模型预测第一个词元之后的 {steps} 个词元："
            f"{'，'.join(fractions)}，即 {fmt(predicted)}。\n"
            f"2. 平均负对数似然：-(1/{steps}) Σ ln p = {fmt(mean_loss)}。\n"
            f"3. 困惑度 = exp({fmt(mean_loss)}) = {fmt(answer)}。",
        ),
        params={"tokens": tokens, "test": test},
        distractors=(
            # The first token scored with probability 1 is one more term in the mean.
            Distractor(perplexity(np.append(predicted, 1.0)), FIRST_TOKEN_COUNTED),
            Distractor(perplexity(np.prod(predicted, keepdims=True)), MEAN_FORGOTTEN),
            Distractor(perplexity(predicted.mean(keepdims=True)), ARITHMETIC_MEAN),
            Distractor(answer ** (1 / math.log(2)), BASES_MIXED, optional=True),
            *_log_slips(predicted, answer),
        ),
    )
