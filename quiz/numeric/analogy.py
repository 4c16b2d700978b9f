"""Numeric templates for engine.embedding's geometry: the cosine similarity of two vectors,
and analogies by vector arithmetic (which word wins, and with what cosine).

Mistaken values come from the engine run on mistaken inputs: the target b − a + c flipped,
the query words not excluded, the dot product instead of the cosine.
"""

from __future__ import annotations

import numpy as np

from engine.embedding import analogy, cosine_similarity
from quiz.numeric.base import (
    COSINE,
    NON_NEGATIVE,
    Degenerate,
    Distractor,
    Mistake,
    Problem,
    Tolerance,
    bilingual,
    distinct_distractors,
    factor,
    fmt,
    template,
    vocabulary_text,
)

ANALOGY_WORDS = 6
"""Vocabulary size of the analogy questions: three given words and three candidates."""

MIN_GAP = 0.05
"""How much the best candidate's cosine must beat the second's, so that the winner is clear."""

INDEX_TOLERANCE = Tolerance(rel=0, abs=0.5)

COSINE_TOLERANCE = Tolerance(rel=0.01, abs=0.001)

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
    answer = float(cosine_similarity(a, b))
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
    similarity = np.asarray(cosine_similarity(matrix, target))
    candidates = [i for i in range(ANALOGY_WORDS) if i not in (a, b, c)]
    best, second = sorted(similarity[candidates], reverse=True)[:2]
    if best - second < MIN_GAP:
        raise Degenerate
    return words, matrix, (a, b, c), target, similarity, candidates


def _analogy_prompt(words, matrix, abc) -> tuple[str, str]:
    """The shared prompt opening of the analogy questions (en, zh)."""
    a, b, c = (words[i] for i in abc)
    table = vocabulary_text(words, matrix)
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
    return winner, float(cosine_similarity(matrix[winner], flipped))


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
    answer = float(cosine_similarity(matrix[winner], target))
    _, flipped_cosine = _flipped_winner(words, matrix, abc)
    dot = answer * float(np.linalg.norm(matrix[winner]) * np.linalg.norm(target))
    offset_forgotten = max(float(cosine_similarity(matrix[i], matrix[abc[2]])) for i in candidates)
    distractors = distinct_distractors(
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
    # Never a query word as an option: the prompt rules a, b and c out, so such an option
    # is dismissed unread (the cosine question keeps NOT_EXCLUDED: its value is a number).
    distractors = distinct_distractors(
        float(winner),
        [
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
            f"{prompt_en} Which word is it (w3 is written 3)?",
            f"{prompt_zh}是哪个词（w3 记作 3）？",
        ),
        answer=float(winner),
        solution=bilingual(
            f"{en}\n4. The answer is w{winner}: {fmt(winner)}.",
            f"{zh}\n4. 答案是 w{winner}：{fmt(winner)}。",
        ),
        params={"E": matrix.tolist(), "abc": list(abc)},
        distractors=distractors,
    )
