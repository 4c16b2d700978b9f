"""Numeric templates for engine.embedding's tables: a one-hot vector times an embedding
matrix, a bag of words, and the mean of looked-up embeddings.

Mistaken values come from the engine run on mistaken inputs: the transposed matrix, ids
counted from 1, duplicates dropped.
"""

from __future__ import annotations

import numpy as np

from engine.embedding import embedding_lookup, one_hot
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
    rounded,
    template,
)

VOCABULARY = ("the", "cat", "sat", "mat")
"""The toy vocabulary of the one-hot questions; a word's id is its position."""

COLUMN_NOT_ROW = Mistake(
    "column-not-row",
    bilingual(
        "E has one row per word, so one_hot(k) @ E picks row k of E, not column k.",
        "E 的每一行对应一个词，所以 one_hot(k) @ E 取出的是 E 的第 k 行，而不是第 k 列。",
    ),
)
ONE_BASED_ID = Mistake(
    "one-based-id",
    bilingual(
        "Ids count from 0: id k is row k of E when the first row is row 0.",
        "编号从 0 开始：第一行是第 0 行，id 为 k 的词对应 E 的第 k 行。",
    ),
)
PRESENCE_ONLY = Mistake(
    "presence-only",
    bilingual(
        "Summing the one-hot vectors counts every occurrence: a word that appears twice "
        "gets 2, not 1.",
        "把 one-hot 向量相加会统计每一次出现：出现两次的词得到 2，而不是 1。",
    ),
)
AVERAGED = Mistake(
    "averaged",
    bilingual(
        "A bag-of-words count vector is the sum of the one-hot vectors, not their mean.",
        "词袋计数向量是 one-hot 向量之和，而不是它们的平均。",
    ),
)
SUM_NOT_MEAN = Mistake(
    "sum-not-mean",
    bilingual(
        "Average the looked-up vectors: divide their sum by how many there are.",
        "要对查到的向量取平均：把它们的和除以向量个数。",
    ),
)
DUPLICATES_DROPPED = Mistake(
    "duplicates-dropped",
    bilingual(
        "A repeated id is looked up and counted every time it occurs.",
        "重复出现的 id 每出现一次都要查表并计入。",
    ),
)


@template(
    "one-hot-times-embedding",
    engines=["engine.embedding:one_hot", "engine.embedding:embedding_lookup"],
    title=("A one-hot vector times an embedding matrix", "one-hot 向量乘以嵌入矩阵"),
)
def one_hot_times_embedding(rng: np.random.Generator) -> Problem:
    """one_hot(k) @ E = E[k], row k of the embedding matrix."""
    size = int(rng.integers(3, 5))
    words = VOCABULARY[:size]
    matrix = rounded(rng, -1.0, 1.0, size=(size, size))
    if len({tuple(row) for row in matrix}) < size:
        raise Degenerate("two rows are the same vector")
    word_id = int(rng.integers(1, size))
    vector = one_hot(word_id, size)
    answer = as_value(vector @ matrix)
    rows = "; ".join(f"{fmt(row)}" for row in matrix)
    return Problem(
        prompt=bilingual(
            f"A vocabulary has the words {list(words)} with ids 0 to {size - 1} in that order. "
            f"The embedding matrix E ({size}×{size}, one row per word) has rows {rows}. What is "
            f"one_hot({words[word_id]!r}) @ E?",
            f"词表依次为 {list(words)}，id 从 0 到 {size - 1}。嵌入矩阵 E（{size}×{size}，"
            f"每个词一行）的各行为 {rows}。one_hot({words[word_id]!r}) @ E 是多少？",
        ),
        answer=answer,
        solution=bilingual(
            f"1. {words[word_id]!r} has id {word_id}, so its one-hot vector is {fmt(vector)}.\n"
            f"2. Multiplying by E keeps only row {word_id} (the lookup E[{word_id}]): "
            f"{fmt(answer)}.",
            f"1. {words[word_id]!r} 的 id 为 {word_id}，所以它的 one-hot 向量为 {fmt(vector)}。\n"
            f"2. 乘以 E 只留下第 {word_id} 行（即查表 E[{word_id}]）：{fmt(answer)}。",
        ),
        params={"words": list(words), "E": matrix.tolist(), "word_id": word_id},
        distractors=(
            Distractor(as_value(embedding_lookup(matrix.T, word_id)), COLUMN_NOT_ROW),
            Distractor(as_value(embedding_lookup(matrix, word_id - 1)), ONE_BASED_ID),
        ),
    )


@template(
    "bag-of-words-counts",
    engines=["engine.embedding:one_hot"],
    title=("A bag of words from one-hot vectors", "由 one-hot 向量得到词袋"),
    rel=0,
    abs=0.1,
    integer=True,
    valid=NON_NEGATIVE,
)
def bag_of_words_counts(rng: np.random.Generator) -> Problem:
    """counts = Σₜ one_hot(idₜ): how often each vocabulary word occurs."""
    ids = rng.integers(0, len(VOCABULARY), size=int(rng.integers(5, 8)))
    vectors = one_hot(ids, len(VOCABULARY))
    answer = as_value(vectors.sum(axis=0))
    sentence = " ".join(VOCABULARY[i] for i in ids)
    listed = ", ".join(fmt(v) for v in vectors)
    return Problem(
        prompt=bilingual(
            f"The vocabulary is {list(VOCABULARY)} (ids 0 to {len(VOCABULARY) - 1} in that "
            f"order). Each token of the text {sentence!r} is one-hot encoded and the vectors "
            "are summed (a bag of words). What is the sum?",
            f"词表依次为 {list(VOCABULARY)}（id 从 0 到 {len(VOCABULARY) - 1}）。把文本 "
            f"{sentence!r} 的每个 token 做 one-hot 编码，再把这些向量相加（词袋）。和是多少？",
        ),
        answer=answer,
        solution=bilingual(
            f"1. The tokens' ids are {fmt(ids)}; their one-hot vectors are {listed}.\n"
            f"2. Adding them counts each word's occurrences: {fmt(answer)}.",
            f"1. 各 token 的 id 为 {fmt(ids)}；one-hot 向量依次为 {listed}。\n"
            f"2. 相加即统计每个词出现的次数：{fmt(answer)}。",
        ),
        params={"ids": ids.tolist(), "vocab_size": len(VOCABULARY)},
        distractors=(
            Distractor(as_value(vectors.max(axis=0)), PRESENCE_ONLY),
            Distractor(as_value(vectors.mean(axis=0)), AVERAGED),
        ),
    )


@template(
    "embedding-bag-mean",
    engines=["engine.embedding:embedding_lookup"],
    title=("The mean of looked-up embeddings", "查表所得嵌入向量的平均"),
)
def embedding_bag_mean(rng: np.random.Generator) -> Problem:
    """mean_t E[idₜ] (nn.EmbeddingBag with mode='mean')."""
    matrix = rounded(rng, -2.0, 2.0, size=(5, 2))
    if len({tuple(row) for row in matrix}) < len(matrix):
        raise Degenerate("two rows are the same vector")
    ids = rng.integers(1, 5, size=int(rng.integers(3, 5)))
    if len(set(ids.tolist())) == len(ids):
        raise Degenerate  # a repeated id is what tells the mean of the bag from its unique ids
    if len(set(ids.tolist())) < 2:
        raise Degenerate("one id repeated: nothing is averaged")
    vectors = embedding_lookup(matrix, ids)
    answer = as_value(vectors.mean(axis=0))
    unique = np.array(sorted(set(ids.tolist())))
    candidates = [
        (as_value(vectors.sum(axis=0)), SUM_NOT_MEAN),
        (as_value(embedding_lookup(matrix, unique).mean(axis=0)), DUPLICATES_DROPPED),
        (as_value(embedding_lookup(matrix, ids - 1).mean(axis=0)), ONE_BASED_ID),
    ]
    rows = ", ".join(f"E[{i}] = {fmt(row)}" for i, row in enumerate(matrix))
    looked_up = ", ".join(f"E[{i}] = {fmt(matrix[i])}" for i in ids)
    total = vectors.sum(axis=0)
    return Problem(
        prompt=bilingual(
            f"An embedding table has rows {rows} (ids count from 0). A bag of token ids "
            f"{fmt(ids)} is embedded as the mean of its vectors (nn.EmbeddingBag, mode='mean'). "
            "What is that mean vector?",
            f"嵌入表各行为 {rows}（id 从 0 开始）。把一组 token id {fmt(ids)} 嵌入为"
            "其向量的平均（nn.EmbeddingBag，mode='mean'）。这个平均向量是多少？",
        ),
        answer=answer,
        solution=bilingual(
            f"1. Look up every id, repeats included: {looked_up}.\n"
            f"2. Sum = {fmt(total)}; divide by {len(ids)}: {fmt(answer)}.",
            f"1. 逐个查表（重复的也要查）：{looked_up}。\n"
            f"2. 和 = {fmt(total)}；除以 {len(ids)}：{fmt(answer)}。",
        ),
        params={"E": matrix.tolist(), "ids": ids.tolist()},
        distractors=distinct_distractors(answer, candidates, Tolerance()),
    )
