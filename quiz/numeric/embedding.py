"""Numeric templates for engine.embedding: one-hot vectors, embedding lookup, cosine
similarity, analogies by vector arithmetic, and the training pairs of word2vec.

Counting mistakes come from the engine run on mistaken inputs: a sentence padded with
placeholder words pretends that every word has a full window ("edges ignored"), and the
pairs of token positions, made unordered, count each neighbour pair once.
"""

from __future__ import annotations

from collections import Counter

import numpy as np

from engine.embedding import (
    analogy,
    cbow_pairs,
    cosine_similarity,
    embedding_lookup,
    one_hot,
    skipgram_pairs,
)
from quiz.numeric.base import (
    COSINE,
    NON_NEGATIVE,
    Degenerate,
    Distractor,
    Mistake,
    Problem,
    Tolerance,
    Value,
    as_value,
    bilingual,
    factor,
    fmt,
    plural,
    rounded,
    template,
    values_close,
)

VOCABULARY = ("the", "cat", "sat", "mat")
"""The toy vocabulary of the one-hot questions; a word's id is its position."""

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

ANALOGY_WORDS = 6
"""Vocabulary size of the analogy questions: three given words and three candidates."""

MIN_GAP = 0.05
"""How much the best candidate's cosine must beat the second's, so that the winner is clear."""

INDEX_TOLERANCE = Tolerance(rel=0, abs=0.5)
COSINE_TOLERANCE = Tolerance(rel=0.01, abs=0.001)

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
DOT_PRODUCT = Mistake(
    "dot-product",
    bilingual(
        "Cosine similarity divides the dot product by both lengths, ‖a‖·‖b‖.",
        "余弦相似度要把点积除以两个向量长度的乘积 ‖a‖·‖b‖。",
    ),
)
ONE_NORM_ONLY = Mistake(
    "one-norm-only",
    bilingual(
        "Divide by the lengths of both vectors, not just one of them.",
        "要除以两个向量的长度，而不是只除以其中一个。",
    ),
)
NO_SQUARE_ROOT = Mistake(
    "no-square-root",
    bilingual(
        "A vector's length is the square root of its sum of squares: ‖a‖ = √(Σaᵢ²).",
        "向量的长度是各分量平方和的平方根：‖a‖ = √(Σaᵢ²)。",
    ),
)
L1_NORMS = Mistake(
    "l1-norms",
    bilingual(
        "A vector's length is its Euclidean norm √(Σaᵢ²), not the sum of absolute values.",
        "向量的长度是欧几里得范数 √(Σaᵢ²)，而不是各分量绝对值之和。",
    ),
)
SIGNS_DROPPED = Mistake(
    "signs-dropped",
    bilingual(
        "The dot product keeps the signs: a negative product aᵢbᵢ lowers the sum.",
        "点积要保留符号：乘积 aᵢbᵢ 为负时会让和变小。",
    ),
)
OFFSET_FORGOTTEN = Mistake(
    "offset-forgotten",
    bilingual(
        "Compare the candidates with b − a + c, not with c alone: the offset from a to b is "
        "what carries the relation.",
        "要把候选词与 b − a + c 比较，而不是只与 c 比较：从 a 到 b 的偏移才体现出这种关系。",
    ),
)
RUNNER_UP = Mistake(
    "runner-up",
    bilingual(
        "The answer is the candidate with the largest cosine; that is the second largest.",
        "答案是余弦最大的候选词；这是第二大的。",
    ),
)
NOT_EXCLUDED = Mistake(
    "query-words-not-excluded",
    bilingual(
        "The three words of the question are excluded from the answer; otherwise b or c "
        "usually wins.",
        "题目中的三个词不能作为答案；否则通常会选中 b 或 c。",
    ),
)
FLIPPED_TARGET = Mistake(
    "flipped-target",
    bilingual(
        "'a is to b as c is to ?' looks for b − a + c: the offset from a to b, added to c.",
        "“a 之于 b 正如 c 之于 ?” 要找 b − a + c：把从 a 到 b 的偏移加到 c 上。",
    ),
)
DOT_NOT_COSINE = Mistake(
    "dot-product",
    bilingual(
        "Candidates are compared by cosine similarity, which ignores their lengths; the dot "
        "product favours long vectors.",
        "候选词按余弦相似度比较，它与向量长度无关；点积会偏向长的向量。",
    ),
)
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


def _distinct(
    answer: Value, candidates: list[tuple[Value, Mistake]], tolerance: Tolerance
) -> tuple[Distractor, ...]:
    """The candidates that differ from the answer and from each other; at least two.

    A mistake that happens to give the right value (or another mistake's) on this draw is
    left out rather than offered as a duplicate option.
    """
    kept: list[Distractor] = []
    for value, mistake in candidates:
        others = [answer, *(d.value for d in kept)]
        if not any(
            values_close(value, other, tolerance) or values_close(other, value, tolerance)
            for other in others
        ):
            kept.append(Distractor(value, mistake))
    if len(kept) < 2:
        raise Degenerate
    return tuple(kept)


def _vocabulary_text(words, vectors) -> str:
    """``word = [v1, v2]`` for each word, comma-separated."""
    return ", ".join(f"{word} = {fmt(vector)}" for word, vector in zip(words, vectors, strict=True))


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
        raise Degenerate
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
        distractors=_distinct(answer, candidates, Tolerance()),
    )


@template(
    "cosine-similarity-of-vectors",
    engines=["engine.embedding:cosine_similarity"],
    title=("Cosine similarity of two vectors", "两个向量的余弦相似度"),
    valid=COSINE,
)
def cosine_similarity_of_vectors(rng: np.random.Generator) -> Problem:
    """cos(a, b) = a·b / (‖a‖·‖b‖)."""
    a, b = (rng.integers(-3, 4, size=3).astype(float) for _ in range(2))
    if not (a.any() and b.any()):
        raise Degenerate
    answer = cosine_similarity(a, b)
    if abs(answer) < 0.1:
        raise Degenerate
    norm_a, norm_b = float(np.linalg.norm(a)), float(np.linalg.norm(b))
    dot = answer * norm_a * norm_b
    lengths = f"‖a‖ = √{fmt(norm_a**2)} = {fmt(norm_a)}", f"‖b‖ = √{fmt(norm_b**2)} = {fmt(norm_b)}"
    products = " + ".join(f"{factor(x)}×{factor(y)}" for x, y in zip(a, b, strict=True))
    return Problem(
        prompt=bilingual(
            f"What is the cosine similarity of a = {fmt(a)} and b = {fmt(b)}?",
            f"a = {fmt(a)} 与 b = {fmt(b)} 的余弦相似度是多少？",
        ),
        answer=answer,
        solution=bilingual(
            f"1. a·b = {products} = {fmt(dot)}.\n"
            f"2. {lengths[0]}, {lengths[1]}.\n"
            f"3. cos = {fmt(dot)} / ({fmt(norm_a)} × {fmt(norm_b)}) = {fmt(answer)}.",
            f"1. a·b = {products} = {fmt(dot)}。\n"
            f"2. {lengths[0]}，{lengths[1]}。\n"
            f"3. cos = {fmt(dot)} / ({fmt(norm_a)} × {fmt(norm_b)}) = {fmt(answer)}。",
        ),
        params={"a": a.tolist(), "b": b.tolist()},
        distractors=(
            Distractor(dot, DOT_PRODUCT),
            Distractor(answer * norm_b, ONE_NORM_ONLY),
            Distractor(answer / (norm_a * norm_b), NO_SQUARE_ROOT),
            Distractor(dot / float(np.abs(a).sum() * np.abs(b).sum()), L1_NORMS, optional=True),
            Distractor(float(np.abs(a * b).sum()) / (norm_a * norm_b), SIGNS_DROPPED, optional=True)
            if np.any(a * b < 0)
            else None,
        ),
    )


def _analogy_setup(rng: np.random.Generator):
    """A 6-word 2-D embedding, the words a, b, c, and the target b − a + c, with a clear winner."""
    words = [f"w{i}" for i in range(ANALOGY_WORDS)]
    matrix = rng.integers(-3, 4, size=(ANALOGY_WORDS, 2)).astype(float)
    a, b, c = (int(i) for i in rng.choice(ANALOGY_WORDS, size=3, replace=False))
    target = matrix[b] - matrix[a] + matrix[c]
    if not (np.all(matrix.any(axis=1)) and target.any()):
        raise Degenerate
    if len({tuple(row) for row in matrix}) < ANALOGY_WORDS:
        raise Degenerate("two words share a vector")
    similarity = cosine_similarity(matrix, target)
    candidates = [i for i in range(ANALOGY_WORDS) if i not in (a, b, c)]
    best, second = sorted(similarity[candidates], reverse=True)[:2]
    if best - second < MIN_GAP:
        raise Degenerate
    return words, matrix, (a, b, c), target, similarity, candidates


def _analogy_prompt(words, matrix, abc) -> tuple[str, str]:
    """The shared prompt opening of the analogy questions (en, zh)."""
    a, b, c = (words[i] for i in abc)
    table = _vocabulary_text(words, matrix)
    return (
        f"A toy 2-D embedding has the words {table}. Solve '{a} is to {b} as {c} is to ?' "
        f"by vector arithmetic: the answer is the word, other than {a}, {b} and {c}, with "
        f"the largest cosine similarity to {b} − {a} + {c}.",
        f"一个二维玩具嵌入中各词为 {table}。用向量运算求解“{a} 之于 {b} 正如 {c} 之于 ?”："
        f"答案是除 {a}、{b}、{c} 之外、与 {b} − {a} + {c} 余弦相似度最大的词。",
    )


def _analogy_solution(words, abc, target, similarity, candidates, winner) -> tuple[str, str]:
    """The shared solution steps of the analogy questions (en, zh)."""
    a, b, c = (words[i] for i in abc)
    cosines = ", ".join(f"cos({words[i]}) = {fmt(similarity[i])}" for i in candidates)
    return (
        f"1. Target = {b} − {a} + {c} = {fmt(target)}.\n"
        f"2. Cosine of each candidate with the target: {cosines}.\n"
        f"3. The largest is {words[winner]}, with cosine {fmt(similarity[winner])}.",
        f"1. 目标向量 = {b} − {a} + {c} = {fmt(target)}。\n"
        f"2. 各候选词与目标的余弦：{cosines}。\n"
        f"3. 最大的是 {words[winner]}，余弦为 {fmt(similarity[winner])}。",
    )


def _flipped_winner(words, matrix, abc) -> tuple[int, float | None]:
    """The winner and its cosine when the target is a − b + c instead of b − a + c (None
    for the cosine when that target is the zero vector, which has no direction)."""
    a, b, c = abc
    flipped = matrix[a] - matrix[b] + matrix[c]
    if not flipped.any():
        return -1, None
    winner = words.index(analogy(matrix, words, words[b], words[a], words[c])[0])
    return winner, cosine_similarity(matrix[winner], flipped)


@template(
    "analogy-winning-cosine",
    engines=["engine.embedding:analogy", "engine.embedding:cosine_similarity"],
    title=("The cosine of an analogy's answer", "类比答案的余弦相似度"),
    valid=COSINE,
)
def analogy_winning_cosine(rng: np.random.Generator) -> Problem:
    """max over candidates w of cos(E[w], E[b] − E[a] + E[c])."""
    words, matrix, abc, target, similarity, candidates = _analogy_setup(rng)
    a, b, c = (words[i] for i in abc)
    winner = words.index(analogy(matrix, words, a, b, c)[0])
    answer = cosine_similarity(matrix[winner], target)
    _, flipped_cosine = _flipped_winner(words, matrix, abc)
    dot = answer * float(np.linalg.norm(matrix[winner]) * np.linalg.norm(target))
    offset_forgotten = max(cosine_similarity(matrix[i], matrix[abc[2]]) for i in candidates)
    distractors = _distinct(
        answer,
        [
            (float(similarity.max()), NOT_EXCLUDED),
            *([(flipped_cosine, FLIPPED_TARGET)] if flipped_cosine is not None else []),
            *([(dot, DOT_PRODUCT)] if abs(dot) <= 1 else []),
            (float(offset_forgotten), OFFSET_FORGOTTEN),
            (float(sorted(similarity[candidates])[-2]), RUNNER_UP),
        ],
        COSINE_TOLERANCE,
    )
    prompt_en, prompt_zh = _analogy_prompt(words, matrix, abc)
    en, zh = _analogy_solution(words, abc, target, similarity, candidates, winner)
    return Problem(
        prompt=bilingual(
            f"{prompt_en} What is the cosine similarity of the answer word to {b} − {a} + {c}?",
            f"{prompt_zh}答案词与 {b} − {a} + {c} 的余弦相似度是多少？",
        ),
        answer=answer,
        solution=bilingual(en, zh),
        params={"E": matrix.tolist(), "abc": list(abc)},
        distractors=distractors,
    )


@template(
    "analogy-winning-word",
    engines=["engine.embedding:analogy"],
    title=("Solving an analogy by vector arithmetic", "用向量运算解类比题"),
    rel=0,
    abs=0.5,
    integer=True,
    valid=NON_NEGATIVE,
)
def analogy_winning_word(rng: np.random.Generator) -> Problem:
    """argmax over candidates w of cos(E[w], E[b] − E[a] + E[c])."""
    words, matrix, abc, target, similarity, candidates = _analogy_setup(rng)
    a, b, c = (words[i] for i in abc)
    winner = words.index(analogy(matrix, words, a, b, c)[0])
    flipped, _ = _flipped_winner(words, matrix, abc)
    dots = similarity * np.linalg.norm(matrix, axis=1)  # target's length is common to all
    by_dot = max(candidates, key=lambda i: dots[i])
    by_c = max(candidates, key=lambda i: cosine_similarity(matrix[i], matrix[abc[2]]))
    distractors = _distinct(
        float(winner),
        [
            (float(np.argmax(similarity)), NOT_EXCLUDED),
            *([(float(flipped), FLIPPED_TARGET)] if flipped >= 0 else []),
            (float(by_dot), DOT_NOT_COSINE),
            (float(by_c), OFFSET_FORGOTTEN),
        ],
        INDEX_TOLERANCE,
    )
    prompt_en, prompt_zh = _analogy_prompt(words, matrix, abc)
    en, zh = _analogy_solution(words, abc, target, similarity, candidates, winner)
    return Problem(
        prompt=bilingual(
            f"{prompt_en} Which word is it? Answer with its number (w3 → 3).",
            f"{prompt_zh}是哪个词？请回答它的编号（w3 → 3）。",
        ),
        answer=float(winner),
        solution=bilingual(
            f"{en}\n4. The answer is w{winner}: {fmt(winner)}.",
            f"{zh}\n4. 答案是 w{winner}：{fmt(winner)}。",
        ),
        params={"E": matrix.tolist(), "abc": list(abc)},
        distractors=distractors,
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
    distractors = _distinct(
        answer,
        [
            (as_value(with_centre), CENTRE_INCLUDED),
            (as_value(total / (2 * window)), DIVIDE_BY_2W),
            (as_value(total), SUM_NOT_MEAN),
        ],
        Tolerance(),
    )
    table = _vocabulary_text(vocab, matrix)
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
