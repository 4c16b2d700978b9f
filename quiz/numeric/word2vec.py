"""Numeric templates for engine.embedding's word2vec training data: how many skip-gram pairs
and CBOW examples a sentence gives, and the averaged context vector of CBOW.

Counting mistakes come from the engine run on mistaken inputs: a sentence padded with
placeholder words pretends that every word has a full window ("edges ignored"), and the
pairs of token positions, made unordered, count each neighbour pair once.
"""

from __future__ import annotations

from collections import Counter

import numpy as np

from engine.embedding import cbow_pairs, embedding_lookup, skipgram_pairs
from quiz.numeric.base import (
    NON_NEGATIVE,
    Degenerate,
    Distractor,
    Mistake,
    Problem,
    Tolerance,
    as_value,
    bilingual,
    distinct_distractors,
    fmt,
    plural,
    rounded,
    template,
    vocabulary_text,
)
from quiz.numeric.embedding_lookup import SUM_NOT_MEAN

SENTENCES = (
    "i think therefore i am",
    "time flies like an arrow",
    "the cat sat on the mat",
    "to be or not to be",
    "a dog chased the ball in the park",
    "deep learning models learn useful features from data",
    "she reads a book every night before bed",
    "the quick brown fox jumps over the lazy dog",
    "the sun rises in the east and sets in the west",
    "language models predict the next word from the words before it",
)
"""Sentences for the word2vec questions; the first four have at most five distinct words."""

SHORT_SENTENCES = SENTENCES[:4]

DOUBLE_COUNTED = Mistake(
    "directions-double-counted",
    bilingual(
        "Each (centre, context) pair is one example; going over every centre word already "
        "gives both directions, so do not double the count.",
        "每个（中心词，上下文词）对是一个样本；遍历每个中心词时两个方向都已计入，不要再乘 2。",
    ),
)
EDGES_IGNORED = Mistake(
    "edges-ignored",
    bilingual(
        "Words near the start or end of the sentence have fewer than 2·window context words.",
        "靠近句首或句尾的词，上下文词少于 2·window 个。",
    ),
)
CENTRE_AS_CONTEXT = Mistake(
    "centre-as-context",
    bilingual(
        "The centre word is not its own context: a window holds the words around it.",
        "中心词不是它自己的上下文：窗口里是它周围的词。",
    ),
)
NEIGHBOURS_ONLY = Mistake(
    "neighbours-only",
    bilingual(
        "A window of w takes up to w words on each side, not just the adjacent ones.",
        "窗口为 w 时，每侧最多取 w 个词，而不只是紧挨着的词。",
    ),
)
UNORDERED_PAIRS = Mistake(
    "unordered-pairs",
    bilingual(
        "Skip-gram makes (a, b) and (b, a) separately: each word predicts the other once as "
        "the centre word.",
        "skip-gram 会分别产生 (a, b) 和 (b, a)：两个词轮流作为中心词各预测对方一次。",
    ),
)
SWAPPED_MODELS = Mistake(
    "swapped-models",
    bilingual(
        "CBOW makes one example per centre word (its whole context predicts it); skip-gram "
        "makes one per (centre, context) pair.",
        "CBOW 每个中心词产生一个样本（整个上下文预测它）；"
        "skip-gram 每个（中心词，上下文词）对产生一个样本。",
    ),
)
FULL_WINDOWS_ONLY = Mistake(
    "full-windows-only",
    bilingual(
        "Words at the edges still get a CBOW example, with a shorter context.",
        "句子边缘的词仍然产生 CBOW 样本，只是上下文更短。",
    ),
)
CENTRE_INCLUDED = Mistake(
    "centre-included",
    bilingual(
        "CBOW predicts the centre word from its context, so the centre word is not averaged in.",
        "CBOW 用上下文预测中心词，所以中心词本身不参与平均。",
    ),
)
DIVIDE_BY_2W = Mistake(
    "divide-by-2w",
    bilingual(
        "Divide by the number of context words actually there; near an edge that is fewer "
        "than 2·window.",
        "要除以实际存在的上下文词数；靠近句子边缘时它少于 2·window。",
    ),
)


def _sentence_and_window(rng: np.random.Generator, sentences) -> tuple[list[str], int]:
    """A sentence (as tokens) and a window with room for a full window in the middle."""
    tokens = str(rng.choice(sentences)).split()
    window = int(rng.integers(1, 4))
    if len(tokens) < 2 * window + 2:
        raise Degenerate
    return tokens, window


def _edgeless(tokens: list[str], window: int) -> list[object]:
    """The sentence with ``window`` placeholders on each side, so every word has a full window."""
    pad: list[object] = [None] * window
    return [*pad, *tokens, *pad]


@template(
    "skipgram-pair-count",
    engines=["engine.embedding:skipgram_pairs"],
    title=("How many skip-gram pairs a sentence gives", "一个句子产生多少 skip-gram 样本对"),
    rel=0,
    abs=0.5,
    integer=True,
    valid=NON_NEGATIVE,
)
def skipgram_pair_count(rng: np.random.Generator) -> Problem:
    """Σₜ (min(t, w) + min(n − 1 − t, w)) (centre, context) pairs."""
    tokens, window = _sentence_and_window(rng, SENTENCES)
    n = len(tokens)
    pairs = skipgram_pairs(list(range(n)), window)
    answer = float(len(pairs))
    per_centre = Counter(centre for centre, _ in pairs)
    sizes = [per_centre[t] for t in range(n)]
    edgeless = sum(
        centre is not None for centre, _ in skipgram_pairs(_edgeless(tokens, window), window)
    )
    unordered = len({frozenset(pair) for pair in pairs})
    sentence = " ".join(tokens)
    return Problem(
        prompt=bilingual(
            f"Skip-gram with window {window} (up to {plural(window, 'word')} on each side of the "
            "centre) "
            f"is trained on the sentence {sentence!r} ({n} tokens). How many (centre, context) "
            "training pairs does it make?",
            f"在句子 {sentence!r}（{n} 个 token）上训练窗口为 {window} 的 skip-gram（中心词两侧"
            f"各最多 {window} 个词）。共产生多少个（中心词，上下文词）训练样本对？",
        ),
        answer=answer,
        solution=bilingual(
            f"1. Context words of each position, left to right (fewer near the edges): "
            f"{fmt(sizes)}.\n"
            f"2. Each is one pair with its centre word: {' + '.join(map(str, sizes))} "
            f"= {fmt(answer)}.",
            f"1. 从左到右每个位置的上下文词数（靠近边缘时较少）：{fmt(sizes)}。\n"
            f"2. 每个上下文词与中心词构成一个样本对：{' + '.join(map(str, sizes))} "
            f"= {fmt(answer)}。",
        ),
        params={"tokens": tokens, "window": window},
        distractors=(
            Distractor(2 * answer, DOUBLE_COUNTED),
            Distractor(float(edgeless), EDGES_IGNORED),
            Distractor(float(unordered), UNORDERED_PAIRS),
            Distractor(answer + n, CENTRE_AS_CONTEXT, optional=True),
            Distractor(
                float(len(skipgram_pairs(list(range(n)), 1))), NEIGHBOURS_ONLY, optional=True
            )
            if window > 1
            else None,
        ),
    )


@template(
    "word2vec-example-counts",
    engines=["engine.embedding:skipgram_pairs", "engine.embedding:cbow_pairs"],
    title=("Training examples of CBOW and skip-gram", "CBOW 与 skip-gram 的训练样本数"),
    rel=0,
    abs=0.5,
    integer=True,
    valid=NON_NEGATIVE,
)
def word2vec_example_counts(rng: np.random.Generator) -> Problem:
    """[n CBOW examples (one per centre word), Σₜ context size skip-gram pairs]."""
    tokens, window = _sentence_and_window(rng, SENTENCES)
    n = len(tokens)
    cbow = cbow_pairs(tokens, window)
    skipgram = skipgram_pairs(tokens, window)
    answer = (float(len(cbow)), float(len(skipgram)))
    padded = _edgeless(tokens, window)
    edgeless = (
        float(sum(centre is not None for _, centre in cbow_pairs(padded, window))),
        float(sum(centre is not None for centre, _ in skipgram_pairs(padded, window))),
    )
    full_only = float(sum(len(context) == 2 * window for context, _ in cbow))
    sentence = " ".join(tokens)
    sizes = [len(context) for context, _ in cbow]
    return Problem(
        prompt=bilingual(
            f"word2vec with window {window} is trained on the sentence {sentence!r} ({n} tokens). "
            "How many training examples does CBOW make (one per centre word: its whole context "
            "window is the input), and how many (centre, context word) pairs does skip-gram "
            "make? Answer [CBOW, skip-gram].",
            f"在句子 {sentence!r}（{n} 个 token）上训练窗口为 {window} 的 word2vec。CBOW 产生多少个"
            "训练样本（每个中心词一个：它的整个上下文窗口作为输入），skip-gram 产生多少个"
            "（中心词，上下文词）对？请回答 [CBOW, skip-gram]。",
        ),
        answer=answer,
        solution=bilingual(
            f"1. CBOW: every one of the {n} words is a centre word once, its context (however "
            f"short) predicting it: {len(cbow)} examples.\n"
            f"2. Skip-gram: one pair per context word of each centre, {' + '.join(map(str, sizes))}"
            f" = {len(skipgram)} pairs.\n3. Answer: {fmt(answer)}.",
            f"1. CBOW：{n} 个词各作为一次中心词，由其上下文（无论多短）预测：{len(cbow)} 个样本。\n"
            f"2. skip-gram：每个中心词的每个上下文词构成一个对，{' + '.join(map(str, sizes))}"
            f" = {len(skipgram)} 个。\n3. 答案：{fmt(answer)}。",
        ),
        params={"tokens": tokens, "window": window},
        distractors=(
            Distractor((answer[1], answer[0]), SWAPPED_MODELS),
            Distractor(edgeless, EDGES_IGNORED),
            Distractor((full_only, answer[1]), FULL_WINDOWS_ONLY),
        ),
    )


@template(
    "cbow-context-average",
    engines=["engine.embedding:cbow_pairs", "engine.embedding:embedding_lookup"],
    title=("The averaged context vector of CBOW", "CBOW 的上下文平均向量"),
)
def cbow_context_average(rng: np.random.Generator) -> Problem:
    """v̄ = mean of E[w] over the context words of position t (window w, cut at the edges)."""
    tokens = str(rng.choice(SHORT_SENTENCES)).split()
    window = int(rng.integers(1, 3))
    vocab = list(dict.fromkeys(tokens))
    matrix = rounded(rng, -2.0, 2.0, size=(len(vocab), 2))
    if len({tuple(row) for row in matrix}) < len(vocab):
        raise Degenerate("two words share a vector")
    position = int(rng.integers(len(tokens)))
    context, centre = cbow_pairs(tokens, window)[position]
    context_ids = [vocab.index(word) for word in context]
    vectors = embedding_lookup(matrix, context_ids)
    answer = as_value(vectors.mean(axis=0))
    total = vectors.sum(axis=0)
    with_centre = embedding_lookup(matrix, [*context_ids, vocab.index(centre)]).mean(axis=0)
    distractors = distinct_distractors(
        answer,
        [
            (as_value(with_centre), CENTRE_INCLUDED),
            (as_value(total / (2 * window)), DIVIDE_BY_2W),
            (as_value(total), SUM_NOT_MEAN),
        ],
        Tolerance(),
    )
    table = vocabulary_text(vocab, matrix)
    sentence = " ".join(tokens)
    return Problem(
        prompt=bilingual(
            f"CBOW with window {window} reads the sentence {sentence!r}. The word vectors are "
            f"{table}. For the centre word at position {position} (counting from 0: "
            f"{centre!r}), what is the average of its context vectors?",
            f"窗口为 {window} 的 CBOW 读取句子 {sentence!r}。词向量为 {table}。"
            f"对位置 {position}（从 0 开始计数：{centre!r}）的中心词，其上下文向量的平均是多少？",
        ),
        answer=answer,
        solution=bilingual(
            f"1. Up to {plural(window, 'word')} on each side of position {position}, within the "
            f"sentence: {', '.join(context)} ({plural(len(context), 'word')}).\n"
            f"2. Their vectors sum to {fmt(total)}.\n"
            f"3. Average = {fmt(total)} / {len(context)} = {fmt(answer)}.",
            f"1. 位置 {position} 两侧各最多 {window} 个词（不超出句子）：{'、'.join(context)}"
            f"（{len(context)} 个词）。\n"
            f"2. 它们的向量之和为 {fmt(total)}。\n"
            f"3. 平均 = {fmt(total)} / {len(context)} = {fmt(answer)}。",
        ),
        params={"tokens": tokens, "window": window, "E": matrix.tolist(), "position": position},
        distractors=distractors,
    )
