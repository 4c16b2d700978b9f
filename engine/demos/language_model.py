"""Demos of engine.language_model: a bigram model on one sentence, and its perplexity."""

from __future__ import annotations

import itertools

import numpy as np

from engine import language_model
from engine.demos import Step

CORPORA = (
    "the cat sat on the mat",
    "the dog saw the cat",
    "a b a b a c",
)


def bigram_model(rng: np.random.Generator) -> list[Step]:
    """Count adjacent pairs, then normalize each row."""
    tokens = CORPORA[rng.integers(len(CORPORA))].split()
    vocab, probs = language_model.bigram_model(tokens)
    first = vocab.index(tokens[0])
    return [
        Step("Tokens", "词元", tokens),
        Step("Vocabulary (sorted)", "词表（已排序）", vocab),
        Step(
            "Bigrams: each token followed by the next",
            "二元组：每个词元及其后一个词元",
            [f"{a} → {b}" for a, b in itertools.pairwise(tokens)],
        ),
        Step(
            "P(next | current): each row is the counts of what followed, divided by their sum "
            "(a row of zeros: that token was never followed by anything)",
            "P(下一个 | 当前)：每行是其后出现的词元计数除以总数"
            "（全零行：该词元后面从未出现过词元）",
            probs,
        ),
        Step(
            f"The row of {tokens[0]!r}: what follows it, by vocabulary order",
            f"{tokens[0]!r} 所在的行：其后的词元分布（按词表顺序）",
            probs[first],
        ),
    ]


def perplexity(rng: np.random.Generator) -> list[Step]:
    """Perplexity of a bigram model on the sentence it was built from."""
    tokens = CORPORA[rng.integers(len(CORPORA))].split()
    vocab, probs = language_model.bigram_model(tokens)
    observed = language_model.sequence_probs(tokens, vocab, probs)
    return [
        Step("Tokens", "词元", tokens),
        Step(
            "The bigram model's probability of each token after the first",
            "二元模型给第一个之后每个词元的概率",
            observed,
        ),
        Step(
            "Perplexity = exp(−mean log p): an average branching factor",
            "困惑度 = exp(−平均 log p)：平均分支数",
            language_model.perplexity(observed),
        ),
        Step(
            f"A uniform guess over the {len(vocab)} tokens has perplexity {len(vocab)}",
            f"在 {len(vocab)} 个词元上均匀猜测，困惑度为 {len(vocab)}",
            language_model.perplexity(np.full(len(tokens) - 1, 1 / len(vocab))),
        ),
    ]


BLEU_PAIRS = (
    ("the small cat sat on the mat", "the cat sat on the mat"),
    ("there is a cat on the mat", "the cat is on the mat"),
    ("the children play in the garden", "the children play in a garden today"),
)


def bleu(rng: np.random.Generator) -> list[Step]:
    """Modified n-gram precisions, their geometric mean and the brevity penalty."""
    reference, candidate = (s.split() for s in BLEU_PAIRS[rng.integers(len(BLEU_PAIRS))])
    c, r = len(candidate), len(reference)
    return [
        Step("Reference", "参考译文", " ".join(reference)),
        Step("Candidate", "候选译文", " ".join(candidate)),
        Step("Lengths c, r", "长度 c、r", [c, r]),
        Step(
            "Brevity penalty: 1 if c > r, else exp(1 − r/c)",
            "简短惩罚：c > r 时为 1，否则为 exp(1 − r/c)",
            1.0 if c > r else float(np.exp(1 - r / c)),
        ),
        Step(
            "BLEU-1, BLEU-2 (BP × geometric mean of p_1..p_N)",
            "BLEU-1、BLEU-2（BP × p_1..p_N 的几何平均）",
            [language_model.bleu(candidate, [reference], max_n=n) for n in (1, 2)],
        ),
        Step(
            "BLEU (N = 4; 0 if some p_n = 0)",
            "BLEU（N = 4；某个 p_n = 0 时为 0）",
            language_model.bleu(candidate, [reference]),
        ),
    ]
