"""Numeric templates for engine.language_model.bleu: clipped unigram precision, and BLEU-2
with the brevity penalty."""

from __future__ import annotations

import math
from collections import Counter

import numpy as np

from engine.language_model import bleu
from quiz.numeric.base import (
    PROBABILITY,
    Degenerate,
    Distractor,
    Mistake,
    Problem,
    bilingual,
    fmt,
    template,
    unique,
)

ENGINE = "engine.language_model:bleu"

REFERENCES = (
    "the cat is on the mat",
    "there is a cat on the mat",
    "the small cat sat on the mat",
    "a dog ran in the park today",
    "the children play in the garden",
    "he reads the book in the evening",
)

NOT_CLIPPED = Mistake(
    "counts-not-clipped",
    bilingual(
        "Modified precision clips each word's matches at its count in the reference: a "
        "word the reference has twice matches at most twice.",
        "修正精确率把每个词的匹配次数截断为它在参考译文中的次数："
        "参考译文中出现两次的词最多匹配两次。",
    ),
)
REFERENCE_LENGTH = Mistake(
    "divided-by-reference-length",
    bilingual(
        "Precision divides by the candidate's number of n-grams (dividing by the "
        "reference's would be a recall).",
        "精确率除以候选译文的 n-gram 数（除以参考译文的 n-gram 数就成了召回率）。",
    ),
)
BREVITY_FORGOTTEN = Mistake(
    "brevity-penalty-forgotten",
    bilingual(
        "The candidate is shorter than the reference, so BLEU multiplies by BP = exp(1 − r/c) < 1.",
        "候选译文比参考译文短，所以 BLEU 还要乘以 BP = exp(1 − r/c) < 1。",
    ),
)
BREVITY_INVERTED = Mistake(
    "brevity-penalty-inverted",
    bilingual(
        "BP = exp(1 − r/c) with the reference length r over the candidate length c.",
        "BP = exp(1 − r/c)，是参考译文长度 r 除以候选译文长度 c。",
    ),
)
LONG_CANDIDATE_PENALIZED = Mistake(
    "long-candidate-penalized",
    bilingual(
        "The brevity penalty only punishes candidates SHORTER than the reference; for a "
        "longer one BP = 1 (the clipped precision already punishes the extra words).",
        "简短惩罚只惩罚比参考译文短的候选译文；较长的候选译文 BP = 1"
        "（截断的精确率已经惩罚了多余的词）。",
    ),
)
CLIPPED_AT_ONE = Mistake(
    "clipped-at-one",
    bilingual(
        "Clip each word at its count in the reference, not at 1: a word the reference has "
        "twice may match twice.",
        "每个词的匹配次数截断为它在参考译文中的次数，而不是 1："
        "参考译文中出现两次的词可以匹配两次。",
    ),
)
ROOT_FORGOTTEN = Mistake(
    "root-forgotten",
    bilingual(
        "The geometric mean of two precisions is sqrt(p₁ p₂); the product p₁ p₂ alone is "
        "smaller than both.",
        "两个精确率的几何平均是 sqrt(p₁ p₂)；只取乘积 p₁ p₂ 会比两者都小。",
    ),
)
BIGRAMS_OVER_WORDS = Mistake(
    "bigrams-over-words",
    bilingual(
        "A candidate of c words has c − 1 bigrams: p₂ divides the matched bigrams by c − 1, "
        "not by c.",
        "c 个词的候选译文有 c − 1 个二元组：p₂ 用匹配的二元组数除以 c − 1，而不是 c。",
    ),
)
ARITHMETIC_MEAN = Mistake(
    "arithmetic-mean",
    bilingual(
        "BLEU takes the geometric mean of the precisions, sqrt(p₁ p₂) for N = 2, not their "
        "arithmetic mean.",
        "BLEU 取各精确率的几何平均（N = 2 时为 sqrt(p₁ p₂)），而不是算术平均。",
    ),
)


def _ngrams(tokens: list[str], n: int) -> Counter[tuple[str, ...]]:
    return Counter(tuple(tokens[i : i + n]) for i in range(len(tokens) - n + 1))


def _precision(candidate: list[str], reference: list[str], n: int) -> tuple[int, int]:
    counts, ref = _ngrams(candidate, n), _ngrams(reference, n)
    return sum(min(c, ref[g]) for g, c in counts.items()), sum(counts.values())


def _times(count: int) -> str:
    """``once``, ``twice``, ``3 times``."""
    return {1: "once", 2: "twice"}.get(count, f"{count} times")


@template(
    "bleu-clipped-unigram-precision",
    engines=[ENGINE],
    title=("BLEU-1: clipped unigram precision", "BLEU-1：截断的一元精确率"),
    valid=PROBABILITY,
    options=3,
)
def bleu_clipped_unigram_precision(rng: np.random.Generator) -> Problem:
    """BLEU with max_n = 1 for a candidate longer than the reference: p₁ alone (BP = 1)."""
    reference = REFERENCES[int(rng.integers(len(REFERENCES)))].split()
    repeated = "the" if "the" in reference else reference[0]
    extra = [repeated] * int(rng.integers(2, 4))
    candidate = list(reference[: int(rng.integers(3, len(reference)))]) + extra
    if len(candidate) <= len(reference):
        raise Degenerate("the candidate must be longer, so that BP = 1")
    answer = bleu(candidate, [reference], max_n=1)
    matched, total = _precision(candidate, reference, 1)
    plain = sum(word in reference for word in candidate) / total
    return Problem(
        prompt=bilingual(
            f"Reference: “{' '.join(reference)}”. Candidate: “{' '.join(candidate)}”. What is "
            "BLEU with unigrams only (N = 1), i.e. brevity penalty × modified unigram "
            "precision?",
            f"参考译文：“{' '.join(reference)}”。候选译文：“{' '.join(candidate)}”。"
            "只用一元组（N = 1）的 BLEU，即简短惩罚 × 修正的一元精确率，是多少？",
        ),
        answer=answer,
        solution=bilingual(
            f"1. The candidate has {total} words; clipping each at its count in the reference, "
            f"{matched} match (“{repeated}” counts at most {_times(reference.count(repeated))}).\n"
            f"2. The candidate is longer than the reference, so BP = 1 and "
            f"BLEU-1 = {matched} / {total} = {fmt(answer)}.",
            f"1. 候选译文有 {total} 个词；每个词的匹配次数按参考译文中的次数截断后，"
            f"匹配 {matched} 个（“{repeated}”最多计 {reference.count(repeated)} 次）。\n"
            f"2. 候选译文比参考译文长，BP = 1，BLEU-1 = {matched} / {total} = {fmt(answer)}。",
        ),
        params={"candidate": candidate, "reference": reference},
        distractors=unique(
            answer,
            Distractor(plain, NOT_CLIPPED),
            Distractor(matched / len(reference), REFERENCE_LENGTH),
            Distractor(
                math.exp(1 - len(candidate) / len(reference)) * answer, LONG_CANDIDATE_PENALIZED
            ),
            Distractor(len(set(candidate) & set(reference)) / total, CLIPPED_AT_ONE),
        ),
    )


@template(
    "bleu-2-with-brevity-penalty",
    engines=[ENGINE],
    title=("BLEU-2 of a short candidate", "较短候选译文的 BLEU-2"),
    valid=PROBABILITY,
)
def bleu_2_with_brevity_penalty(rng: np.random.Generator) -> Problem:
    """BP · sqrt(p₁ p₂) with BP = exp(1 − r/c) for a candidate shorter than the reference."""
    reference = REFERENCES[int(rng.integers(len(REFERENCES)))].split()
    keep = sorted(
        rng.choice(len(reference), size=len(reference) - int(rng.integers(1, 3)), replace=False)
    )
    candidate = [reference[i] for i in keep]
    if rng.integers(2):
        candidate[int(rng.integers(len(candidate)))] = "big"
    answer = bleu(candidate, [reference], max_n=2)
    if answer == 0:
        raise Degenerate("some bigram must match")
    (m1, t1), (m2, t2) = _precision(candidate, reference, 1), _precision(candidate, reference, 2)
    p1, p2 = m1 / t1, m2 / t2
    c, r = len(candidate), len(reference)
    bp = math.exp(1 - r / c)
    inverted = math.exp(1 - c / r) * math.sqrt(p1 * p2)
    return Problem(
        prompt=bilingual(
            f"Reference: “{' '.join(reference)}” ({r} tokens). Candidate: "
            f"“{' '.join(candidate)}” ({c} tokens). What is BLEU with N = 2 (uniform weights, "
            "brevity penalty, no smoothing)?",
            f"参考译文：“{' '.join(reference)}”（{r} 个词元）。候选译文：“{' '.join(candidate)}”"
            f"（{c} 个词元）。N = 2 的 BLEU（等权重、含简短惩罚、不平滑）是多少？",
        ),
        answer=answer,
        solution=bilingual(
            f"1. p₁ = {m1}/{t1}, p₂ = {m2}/{t2}; geometric mean sqrt(p₁ p₂) = "
            f"{fmt(math.sqrt(p1 * p2))}.\n"
            f"2. c = {c} < r = {r}: BP = exp(1 − {r}/{c}) = {fmt(bp)}.\n"
            f"3. BLEU = {fmt(bp)} × {fmt(math.sqrt(p1 * p2))} = {fmt(answer)}.",
            f"1. p₁ = {m1}/{t1}，p₂ = {m2}/{t2}；几何平均 sqrt(p₁ p₂) = "
            f"{fmt(math.sqrt(p1 * p2))}。\n"
            f"2. c = {c} < r = {r}：BP = exp(1 − {r}/{c}) = {fmt(bp)}。\n"
            f"3. BLEU = {fmt(bp)} × {fmt(math.sqrt(p1 * p2))} = {fmt(answer)}。",
        ),
        params={"candidate": candidate, "reference": reference},
        distractors=unique(
            answer,
            Distractor(math.sqrt(p1 * p2), BREVITY_FORGOTTEN),
            Distractor(bp * (p1 + p2) / 2, ARITHMETIC_MEAN),
            Distractor(inverted, BREVITY_INVERTED),  # left out when above 1 (valid)
            Distractor(bp * p1 * p2, ROOT_FORGOTTEN),
            Distractor(bp * math.sqrt(p1 * m2 / c), BIGRAMS_OVER_WORDS),
        ),
    )
