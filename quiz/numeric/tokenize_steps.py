"""The work behind the tokenization templates (:mod:`quiz.numeric.tokenize`): themed
corpora, the named mistakes a learner makes with BPE and WordPiece, BPE's merges
replayed and WordPiece vocabularies drawn and walked, with the worked steps in both
languages."""

from __future__ import annotations

import itertools
from collections.abc import Collection, Sequence

import numpy as np

from engine.tokenize import bpe_encode
from quiz.numeric.base import (
    Degenerate,
    Distractor,
    Mistake,
    bilingual,
    fmt,
    plural,
)

Pair = tuple[str, str]
Corpus = list[tuple[str, int]]

THEMES = (
    ("low", "lower", "lowest", "newer", "newest", "wider", "widest", "slow", "slower", "slowest"),
    ("hug", "hugs", "pug", "pugs", "pun", "puns", "bun", "buns", "bug", "bugs"),
    ("cat", "cats", "hat", "hats", "bat", "bats", "mat", "mats", "chat", "chats"),
    ("tone", "tones", "stone", "stones", "store", "stores", "story", "toy", "toys", "boy"),
)
"""Word families for BPE corpora: they share pieces, and no word repeats a letter twice in a
row, so a pair never overlaps itself."""

WORDPIECE_SPLITS = {
    "unaffable": ("un", "aff", "able"),
    "unhappiness": ("un", "happi", "ness"),
    "replaying": ("re", "play", "ing"),
    "embedding": ("em", "bed", "ding"),
    "rebuilding": ("re", "build", "ing"),
    "unbelievable": ("un", "believ", "able"),
    "undoable": ("un", "do", "able"),
    "transformer": ("trans", "form", "er"),
    "preheating": ("pre", "heat", "ing"),
    "misreading": ("mis", "read", "ing"),
    "tokenizing": ("token", "iz", "ing"),
    "unkindness": ("un", "kind", "ness"),
}
"""Words for WordPiece questions, each with a split into three pieces that its vocabulary holds."""

UNKNOWN_WORDS = ("unfit", "unzip", "rewax", "misfit", "prefix", "emoji", "quiz", "fjord")
"""Words meant to be unsplittable: most start like a known word, then nothing matches."""

EXTRA_PIECES = ("re", "un", "##s", "##ing", "##ed", "##er", "##ly", "##able")
"""Pieces added to every WordPiece vocabulary so that not every piece belongs to the word."""

COUNTED_CHARACTERS = Mistake(
    "counted-characters",
    bilingual(
        "The merges join characters into longer tokens: count the tokens left after merging, "
        "not the characters.",
        "合并会把字符连成更长的词元：要数合并之后剩下的词元，而不是字符数。",
    ),
)
ONE_PER_MERGE = Mistake(
    "one-token-per-merge",
    bilingual(
        "A merge shortens a word only where its pair occurs in that word (possibly several "
        "times or not at all); replay the merges on the word.",
        "一次合并只在这个词中出现该词对的地方起作用（可能多次，也可能一次都没有）；"
        "要在这个词上依次重放合并。",
    ),
)
MERGES_OUT_OF_ORDER = Mistake(
    "merges-out-of-order",
    bilingual(
        "Encoding replays the merges in the order they were learned; later merges build on "
        "the tokens made by earlier ones.",
        "编码时要按学到的顺序重放合并；后面的合并建立在前面合并产生的词元之上。",
    ),
)
ONE_PIECE_PER_CHARACTER = Mistake(
    "one-piece-per-character",
    bilingual(
        "WordPiece splits a word into vocabulary pieces, most of them several characters "
        "long: count the pieces, not the characters.",
        "WordPiece 把词切成词表中的片段，大多数片段有好几个字符：要数片段，而不是字符。",
    ),
)
IGNORED_WORD_COUNTS = Mistake(
    "ignored-word-counts",
    bilingual(
        "A pair in a word that occurs n times counts n times: weight each word by its count.",
        "出现 n 次的词中的词对要算 n 次：每个词按它的出现次数加权。",
    ),
)
COUNTED_BEFORE_MERGE = Mistake(
    "counted-before-first-merge",
    bilingual(
        "After the first merge, pairs are counted on the new symbols: characters already "
        "merged into a token no longer form pairs on their own.",
        "第一次合并之后，词对要在新的符号上数：已经并入某个词元的字符不再单独组成词对。",
    ),
)
FIRST_MERGE_COUNT = Mistake(
    "first-merge-count",
    bilingual(
        "That is the count of the first merge; apply it, recount the pairs, and take the "
        "most frequent pair then.",
        "这是第一次合并的次数；要先执行它，再重新数词对，取此时最频繁的词对。",
    ),
)
SHORTEST_MATCH = Mistake(
    "shortest-match-first",
    bilingual(
        "WordPiece takes the longest piece of the vocabulary that matches at each position, "
        "not the shortest.",
        "WordPiece 在每个位置取词表中能匹配的最长片段，而不是最短的。",
    ),
)
IGNORED_CONTINUATION_MARK = Mistake(
    "ignored-continuation-mark",
    bilingual(
        "Inside a word only continuation pieces (written ##…) may be used; a piece without ## "
        "can only start a word.",
        "词的中间只能用续接片段（写作 ##…）；不带 ## 的片段只能出现在词首。",
    ),
)
MERGES_NOT_CHAINED = Mistake(
    "merges-not-chained",
    bilingual(
        "A later merge may join tokens made by earlier merges (lo + w → low): apply each "
        "merge to the current tokens, not to the original characters.",
        "后面的合并可以连接前面合并产生的词元（lo + w → low）：每次合并作用于当前的词元，"
        "而不是最初的字符。",
    ),
)
LONGEST_MATCH_NOT_MERGES = Mistake(
    "longest-match-not-merges",
    bilingual(
        "BPE encodes by replaying its merges in order, not by matching the longest learned "
        "token from the left (that is WordPiece's rule): the two can split a word differently.",
        "BPE 编码是按顺序重放合并，而不是从左取最长的已学词元（那是 WordPiece 的规则）："
        "两者可能切分得不一样。",
    ),
)
BOUNDARIES_COUNTED = Mistake(
    "boundaries-counted",
    bilingual(
        "Count the tokens, not the boundaries between them: a word of n tokens has n - 1 "
        "boundaries inside it.",
        "要数词元，而不是词元之间的分界：n 个词元的词内部只有 n - 1 个分界。",
    ),
)
RUNNER_UP_PAIR = Mistake(
    "runner-up-pair",
    bilingual(
        "The second merge takes the most frequent pair after the first merge, not the second "
        "most frequent one.",
        "第二次合并取的是第一次合并之后最频繁的词对，而不是第二频繁的。",
    ),
)
SECOND_BEST_AT_START = Mistake(
    "second-best-at-start",
    bilingual(
        "BPE recounts the pairs after every merge: the second merge is not simply the second "
        "most frequent pair of the original corpus.",
        "BPE 每次合并后都要重新数词对：第二次合并并不就是原始语料中第二频繁的词对。",
    ),
)
WORDS_NOT_TOKENS = Mistake(
    "words-not-tokens",
    bilingual(
        "A word may become several tokens: count the tokens of every word, not the words.",
        "一个词可能变成好几个词元：要数每个词的词元，而不是词的个数。",
    ),
)
SPECIAL_TOKENS_COUNTED = Mistake(
    "special-tokens-counted",
    bilingual(
        "The question asks for the sentence's tokens without [CLS] and [SEP].",
        "题目问的是不含 [CLS] 和 [SEP] 的句子词元数。",
    ),
)
UNKNOWN_AS_CHARACTERS = Mistake(
    "unknown-as-characters",
    bilingual(
        "WordPiece does not fall back to single characters: a word it cannot split becomes "
        "one [UNK] token.",
        "WordPiece 不会退回到单个字符：无法切分的词变成一个 [UNK] 词元。",
    ),
)
MARKS_COUNTED = Mistake(
    "marks-counted",
    bilingual(
        "## is part of a continuation piece's name (##able is one token), not a token of its own.",
        "## 是续接片段名字的一部分（##able 是一个词元），而不是单独的词元。",
    ),
)
FIRST_SYMBOL_COUNTED = Mistake(
    "first-symbol-counted",
    bilingual(
        "Count how often the pair's first symbol is directly followed by its second, not "
        "how often the first symbol occurs.",
        "要数这个词对的第一个符号后面紧跟第二个符号的次数，而不是第一个符号出现的次数。",
    ),
)
SECOND_SYMBOL_COUNTED = Mistake(
    "second-symbol-counted",
    bilingual(
        "Count how often the pair's second symbol directly follows its first, not how often "
        "the second symbol occurs.",
        "要数这个词对的第二个符号紧跟在第一个符号后面的次数，而不是第二个符号出现的次数。",
    ),
)
PARTIAL_SPLIT = Mistake(
    "partial-split",
    bilingual(
        "When no piece matches at some position, the whole word becomes [UNK]: the pieces "
        "matched before that position are not kept.",
        "若在某个位置没有片段能匹配，整个词变成 [UNK]：之前已匹配的片段不保留。",
    ),
)
TYPES_NOT_TOKENS = Mistake(
    "types-not-tokens",
    bilingual(
        "Count every token of the sentence, repeats included: a piece used in two words "
        "counts twice.",
        "要数句子中的每一个词元，重复的也算：在两个词里都用到的片段要算两次。",
    ),
)
UNKNOWN_DROPPED = Mistake(
    "unknown-word-dropped",
    bilingual(
        "A word that cannot be split is not dropped: it becomes one [UNK] token.",
        "无法切分的词不会被丢掉：它变成一个 [UNK] 词元。",
    ),
)


def _distinct(answer: float, candidates: Sequence[tuple[float, Mistake]]) -> tuple[Distractor, ...]:
    """The candidate counts that differ from the answer and from each other (at least two).

    Raises
    ------
    Degenerate
        If fewer than two remain.
    """
    kept: list[Distractor] = []
    for value, mistake in candidates:
        if value >= 1 and value != answer and all(value != d.value for d in kept):
            kept.append(Distractor(float(value), mistake))
    if len(kept) < 2:
        raise Degenerate("the mistakes give the right count")
    return tuple(kept)


def _draw_corpus(rng: np.random.Generator, size: int) -> tuple[Corpus, tuple[str, ...]]:
    """``size`` words of one theme with counts 1–9, and the theme."""
    theme = THEMES[int(rng.integers(len(THEMES)))]
    words = rng.choice(theme, size=size, replace=False)
    counts = rng.integers(1, 10, size=size)
    return [(str(w), int(n)) for w, n in zip(words, counts, strict=True)], theme


def _show_corpus(corpus: Corpus) -> str:
    """The corpus as "low ×5, lower ×2"."""
    return ", ".join(f"{word} ×{count}" for word, count in corpus)


def _show_pair(pair: Pair) -> str:
    """A pair as "(l, o)"."""
    return f"({pair[0]}, {pair[1]})"


def _pair_counts(corpus: Corpus, merges: Sequence[Pair]) -> dict[Pair, int]:
    """Weighted counts of adjacent symbol pairs in the corpus split by the engine with
    ``merges``, in order of first occurrence."""
    counts: dict[Pair, int] = {}
    for word, count in corpus:
        for pair in itertools.pairwise(bpe_encode(word, merges)):
            counts[pair] = counts.get(pair, 0) + count
    return counts


def _merge_counts(corpus: Corpus, merges: Sequence[Pair]) -> list[int]:
    """The count of each learned pair when it was merged.

    Raises
    ------
    Degenerate
        If another pair tied with it (the answer would hang on the tie-break rule).
    """
    counts_at = []
    for step, pair in enumerate(merges):
        counts = _pair_counts(corpus, merges[:step])
        ranked = sorted(counts.values(), reverse=True)
        if len(ranked) > 1 and ranked[0] == ranked[1]:
            raise Degenerate("two pairs tie for a merge")
        counts_at.append(counts[pair])
    return counts_at


def _bpe_encoding_mistakes(
    words: Sequence[str], merges: Sequence[Pair], answer: float
) -> tuple[Distractor, ...]:
    """Distractors for "how many tokens do ``words`` become": each named mistake's count."""
    tokens = {a + b for a, b in merges} | {char for word in words for char in word}
    unchained = [m for m in merges if len(m[0]) == len(m[1]) == 1]

    def total(encode) -> int:
        return sum(len(encode(word)) for word in words)

    return _distinct(
        answer,
        [
            (total(lambda w: bpe_encode(w, [])), COUNTED_CHARACTERS),
            (total(lambda w: bpe_encode(w, merges[::-1])), MERGES_OUT_OF_ORDER),
            (sum(len(w) for w in words) - len(merges), ONE_PER_MERGE),
            (total(lambda w: _longest_match(w, tokens)), LONGEST_MATCH_NOT_MERGES),
            (answer - len(words), BOUNDARIES_COUNTED),
            (total(lambda w: bpe_encode(w, unchained)), MERGES_NOT_CHAINED),
            (len(words), WORDS_NOT_TOKENS),
        ],
    )


def _longest_match(word: str, tokens: Collection[str]) -> list[str]:
    """``word`` split greedily from the left into the longest of ``tokens`` (no ## marks)."""
    pieces, start = [], 0
    while start < len(word):
        end = next(e for e in range(len(word), start, -1) if word[start:e] in tokens)
        pieces.append(word[start:end])
        start = end
    return pieces


def _replay(word: str, merges: Sequence[Pair]) -> tuple[str, str]:
    """The word after each merge, in English and Chinese, one line per merge."""
    lines_en, lines_zh = [], []
    for step, pair in enumerate(merges, start=1):
        before, after = bpe_encode(word, merges[: step - 1]), bpe_encode(word, merges[:step])
        same_en, same_zh = (" (no change)", "（不变）") if before == after else ("", "")
        symbols = " ".join(after)
        lines_en.append(f"after merge {step} {_show_pair(pair)}: {symbols}{same_en}")
        lines_zh.append(f"第 {step} 次合并 {_show_pair(pair)} 之后：{symbols}{same_zh}")
    return "\n".join(lines_en), "\n".join(lines_zh)


def _replay_words(words: Sequence[str], merges: Sequence[Pair], answer: float) -> tuple[str, str]:
    """Each word's replay (:func:`_replay`), its tokens, and the total, in English and Chinese."""
    parts_en, parts_zh, counts = [], [], []
    for word in words:
        tokens = bpe_encode(word, merges)
        counts.append(str(len(tokens)))
        replay_en, replay_zh = _replay(word, merges)
        result = ", ".join(tokens)
        parts_en.append(
            f"{word}: start {' '.join(word)}\n{replay_en}\n"
            f"tokens: {result} ({plural(len(tokens), 'token')})"
        )
        parts_zh.append(
            f"{word}：开始 {' '.join(word)}\n{replay_zh}\n词元：{result}（{len(tokens)} 个）"
        )
    total = " + ".join(counts)
    return (
        "\n".join(parts_en) + f"\nTotal: {total} = {fmt(answer)}.",
        "\n".join(parts_zh) + f"\n合计：{total} = {fmt(answer)}。",
    )


def _piece(word: str, start: int, end: int) -> str:
    """``word[start:end]`` as a vocabulary piece: with ## unless it starts the word."""
    return word[start:end] if start == 0 else "##" + word[start:end]


def _draw_vocabulary(rng: np.random.Generator, word: str) -> set[str]:
    """A vocabulary holding ``word``'s three pieces and pieces that trap wrong rules.

    The traps: a shorter piece at the start of one piece (shortest-first stops there), a
    piece reaching into the next one (longest-first takes it; its remainder is usually
    there too), and the end of the word as a word-initial piece (usable only if ## is
    ignored). Two unrelated pieces complete it.
    """
    pieces = WORDPIECE_SPLITS[word]
    bounds = [0, *itertools.accumulate(len(piece) for piece in pieces)]
    vocabulary = {_piece(word, start, end) for start, end in itertools.pairwise(bounds)}
    k = int(rng.integers(3))
    vocabulary.add(_piece(word, bounds[k], bounds[k] + int(rng.integers(1, len(pieces[k])))))
    k = int(rng.integers(2))
    reach = bounds[k + 1] + min(int(rng.integers(1, 3)), len(pieces[k + 1]) - 1)
    vocabulary.add(_piece(word, bounds[k], reach))
    if rng.random() < 0.7:
        vocabulary.add(_piece(word, reach, bounds[k + 2]))
    vocabulary.add(word[bounds[1] :])
    vocabulary.update(str(p) for p in rng.choice(EXTRA_PIECES, size=2, replace=False))
    return vocabulary


def _partial_split(word: str, vocabulary: Collection[str]) -> list[str]:
    """The greedy split, keeping the pieces matched before a position where none matches
    (and one [UNK] for the rest): the wrong rule of PARTIAL_SPLIT."""
    pieces: list[str] = []
    position = 0
    while position < len(word):
        end = next(
            (e for e in range(len(word), position, -1) if _piece(word, position, e) in vocabulary),
            None,
        )
        if end is None:
            return [*pieces, "[UNK]"]
        pieces.append(_piece(word, position, end))
        position = end
    return pieces


def _shortest_first_vocabulary(vocabulary: Collection[str]) -> set[str]:
    """The pieces with no shorter piece of the same kind as a prefix.

    At any position at most one of them matches, and it is the shortest match in
    ``vocabulary``: longest-first splitting with these is shortest-first with ``vocabulary``.
    """

    def kind(piece: str) -> tuple[bool, str]:
        return piece.startswith("##"), piece.removeprefix("##")

    kept = set()
    for piece in vocabulary:
        continues, core = kind(piece)
        if not any(
            other != piece and kind(other)[0] == continues and core.startswith(kind(other)[1])
            for other in vocabulary
        ):
            kept.add(piece)
    return kept


def _unmarked_vocabulary(vocabulary: Collection[str]) -> set[str]:
    """Every piece usable both at the start of a word and inside it (## ignored)."""
    cores = {piece.removeprefix("##") for piece in vocabulary}
    return cores | {"##" + core for core in cores}


def _show_vocabulary(vocabulary: Collection[str]) -> str:
    """The vocabulary as a set, each ## piece next to its word-initial form."""
    ordered = sorted(vocabulary, key=lambda piece: (piece.removeprefix("##"), piece))
    return "{" + ", ".join(ordered) + "}"


def _walk(word: str, vocabulary: Collection[str]) -> tuple[str, str]:
    """The greedy split of ``word`` told step by step (English, Chinese): the longest match
    at each position, up to the end of the word or to a position where nothing matches."""
    position, steps_en, steps_zh = 0, [], []
    while position < len(word):
        matches = [
            _piece(word, position, end)
            for end in range(len(word), position, -1)
            if _piece(word, position, end) in vocabulary
        ]
        if not matches:
            steps_en.append(f"at position {position} no piece matches, so the word becomes [UNK]")
            steps_zh.append(f"位置 {position} 没有片段能匹配，所以整个词变成 [UNK]")
            break
        steps_en.append(f"at position {position} the longest match is {matches[0]}")
        steps_zh.append(f"位置 {position} 的最长匹配是 {matches[0]}")
        position += len(matches[0].removeprefix("##"))
    return "; ".join(steps_en), "；".join(steps_zh)
