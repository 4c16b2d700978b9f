"""Demos of engine.tokenize: learning BPE merges, encoding with them, and WordPiece."""

from __future__ import annotations

import numpy as np

from engine import tokenize
from engine.demos import Step

# The toy corpus of Sennrich et al. (2016), word -> count.
CORPUS = {"low": 5, "lower": 2, "newest": 6, "widest": 3}
NEW_WORDS = ("lowest", "newer", "slowest", "renewest")

WORDPIECE_VOCAB = ["un", "play", "##play", "aff", "##aff", "##able", "##ing", "##s", "##ed", "##er"]
WORDPIECE_WORDS = ("unaffable", "playing", "players", "unplayed", "xyz")


def _segmentation(merges: list[tuple[str, str]]) -> list[str]:
    """Each corpus word split by ``merges``, written "l o w (×5)"."""
    return [
        f"{' '.join(tokenize.bpe_encode(word, merges))} (×{count})"
        for word, count in CORPUS.items()
    ]


def bpe_train(rng: np.random.Generator) -> list[Step]:
    """Learning BPE merges on Sennrich et al.'s toy corpus, merge by merge."""
    num_merges = int(rng.integers(5, 8))
    merges = tokenize.bpe_train(CORPUS, num_merges)
    steps = [
        Step(
            "Training words with their counts, split into characters",
            "训练词及其出现次数，先拆成单个字符",
            _segmentation([]),
        ),
        Step(
            "Rule: merge the most frequent adjacent pair; ties go to the pair seen first",
            "规则：合并出现最多的相邻符号对；次数相同时取最先出现的",
            num_merges,
        ),
    ]
    for number, (left, right) in enumerate(merges, start=1):
        steps.append(
            Step(
                f"Merge {number}: ({left!r}, {right!r}) -> new token {left + right!r}",
                f"第 {number} 次合并：({left!r}, {right!r}) -> 新符号 {left + right!r}",
                _segmentation(merges[:number]),
            )
        )
    word = NEW_WORDS[rng.integers(len(NEW_WORDS))]
    steps.append(
        Step(
            f"Encode the new word {word!r} with the learned merges",
            f"用学到的合并规则编码新词 {word!r}",
            tokenize.bpe_encode(word, merges),
        )
    )
    return steps


def bpe_encode(rng: np.random.Generator) -> list[Step]:
    """Encoding a word by replaying learned merges in order."""
    merges = tokenize.bpe_train(CORPUS, 7)
    word = NEW_WORDS[rng.integers(len(NEW_WORDS))]
    steps = [
        Step(
            "Merges learned from low ×5, lower ×2, newest ×6, widest ×3, in order",
            "从 low ×5、lower ×2、newest ×6、widest ×3 学到的合并规则（按顺序）",
            [f"{left} + {right}" for left, right in merges],
        ),
        Step(f"Start: {word!r} as characters", f"开始：把 {word!r} 拆成字符", list(word)),
    ]
    for number, (left, right) in enumerate(merges, start=1):
        steps.append(
            Step(
                f"After merge {number} ({left} + {right})",
                f"应用第 {number} 条合并（{left} + {right}）之后",
                tokenize.bpe_encode(word, merges[:number]),
            )
        )
    return steps


def wordpiece_tokenize(rng: np.random.Generator) -> list[Step]:
    """WordPiece's greedy longest-match-first split, and the unknown token."""
    word = WORDPIECE_WORDS[rng.integers(len(WORDPIECE_WORDS) - 1)]
    return [
        Step(
            "Vocabulary; ## marks a piece that continues a word",
            "词表；## 表示接在词中间的片段",
            WORDPIECE_VOCAB,
        ),
        Step("Word", "单词", word),
        Step(
            "Take the longest piece in the vocabulary from the left, then repeat on the rest",
            "从左边取词表中最长的片段，再对剩下的部分重复",
            tokenize.wordpiece_tokenize(word, WORDPIECE_VOCAB),
        ),
        Step(
            f"No piece matches somewhere in {WORDPIECE_WORDS[-1]!r}: the whole word is [UNK]",
            f"{WORDPIECE_WORDS[-1]!r} 在某个位置找不到片段：整个词变成 [UNK]",
            tokenize.wordpiece_tokenize(WORDPIECE_WORDS[-1], WORDPIECE_VOCAB),
        ),
    ]
