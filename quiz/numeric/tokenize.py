"""Numeric templates for engine.tokenize: BPE training and encoding, WordPiece splitting.

The corpora, the named mistakes and the worked steps are :mod:`quiz.numeric.tokenize_steps`.
"""

from __future__ import annotations

import numpy as np

from engine.tokenize import bpe_encode, bpe_train, wordpiece_tokenize
from quiz.numeric.base import (
    NON_NEGATIVE,
    Degenerate,
    Problem,
    bilingual,
    fmt,
    template,
)
from quiz.numeric.tokenize_steps import (
    COUNTED_BEFORE_MERGE,
    FIRST_MERGE_COUNT,
    FIRST_SYMBOL_COUNTED,
    IGNORED_CONTINUATION_MARK,
    IGNORED_WORD_COUNTS,
    MARKS_COUNTED,
    ONE_PIECE_PER_CHARACTER,
    PARTIAL_SPLIT,
    RUNNER_UP_PAIR,
    SECOND_BEST_AT_START,
    SECOND_SYMBOL_COUNTED,
    SHORTEST_MATCH,
    SPECIAL_TOKENS_COUNTED,
    TYPES_NOT_TOKENS,
    UNKNOWN_AS_CHARACTERS,
    UNKNOWN_DROPPED,
    UNKNOWN_WORDS,
    WORDPIECE_SPLITS,
    WORDS_NOT_TOKENS,
    _bpe_encoding_mistakes,
    _distinct,
    _draw_corpus,
    _draw_vocabulary,
    _merge_counts,
    _pair_counts,
    _partial_split,
    _replay_words,
    _shortest_first_vocabulary,
    _show_corpus,
    _show_pair,
    _show_vocabulary,
    _unmarked_vocabulary,
    _walk,
)

BPE_RULES = (
    "Each word starts as its characters (no end-of-word marker); each step merges the most "
    "frequent adjacent pair of symbols everywhere, counting each word as often as it occurs",
    "每个词从它的字符开始（没有词尾标记）；每一步把最频繁的相邻符号对在所有地方合并，"
    "每个词按它的出现次数计数",
)


@template(
    "bpe-tokens-after-merges",
    engines=["engine.tokenize:bpe_train", "engine.tokenize:bpe_encode"],
    title=("Tokens of a word after n BPE merges", "n 次 BPE 合并后一个词的词元数"),
    rel=0.0,
    abs=0.5,
    integer=True,
    valid=NON_NEGATIVE,
)
def bpe_tokens_after_merges(rng: np.random.Generator) -> Problem:
    """tokens = len(bpe_encode(word, bpe_train(corpus, n)))."""
    corpus, theme = _draw_corpus(rng, int(rng.integers(3, 5)))
    num_merges = int(rng.integers(2, 5))
    merges = bpe_train(dict(corpus), num_merges)
    if len(merges) < num_merges:
        raise Degenerate("every word became one token before the last merge")
    counts = _merge_counts(corpus, merges)
    words = [str(w) for w in rng.choice(theme, size=2, replace=False)]
    answer = float(sum(len(bpe_encode(word, merges)) for word in words))
    distractors = _bpe_encoding_mistakes(words, merges, answer)
    learned_en = "\n".join(
        f"Merge {step}: {_show_pair(pair)} occurs {count} times → {''.join(pair)}"
        for step, (pair, count) in enumerate(zip(merges, counts, strict=True), start=1)
    )
    learned_zh = "\n".join(
        f"第 {step} 次合并：{_show_pair(pair)} 出现 {count} 次 → {''.join(pair)}"
        for step, (pair, count) in enumerate(zip(merges, counts, strict=True), start=1)
    )
    replay_en, replay_zh = _replay_words(words, merges, answer)
    phrase = " ".join(words)
    return Problem(
        prompt=bilingual(
            f"BPE is trained on a corpus with these word counts: {_show_corpus(corpus)}. "
            f"{BPE_RULES[0]} (no ties arise). After {num_merges} merges, how many tokens do "
            f'the two words "{phrase}" become in total (each word is encoded on its own)?',
            f"在词频如下的语料上训练 BPE：{_show_corpus(corpus)}。{BPE_RULES[1]}（不会出现并列）。"
            f"{num_merges} 次合并之后，两个词“{phrase}”一共会变成几个词元（每个词单独编码）？",
        ),
        answer=answer,
        solution=bilingual(
            f"Training, with pair counts weighted by the word counts:\n{learned_en}\n"
            f"Encoding replays the merges in order on each word:\n{replay_en}",
            f"训练（词对次数按词频加权）：\n{learned_zh}\n"
            f"编码时在每个词上按顺序重放合并：\n{replay_zh}",
        ),
        params={
            "corpus": [list(item) for item in corpus],
            "num_merges": num_merges,
            "words": words,
        },
        distractors=distractors,
    )


@template(
    "bpe-second-merge-count",
    engines=["engine.tokenize:bpe_train"],
    title=("How often the second BPE merge occurs", "BPE 第二次合并的词对出现几次"),
    options=3,
    rel=0.0,
    abs=0.5,
    integer=True,
    valid=NON_NEGATIVE,
)
def bpe_second_merge_count(rng: np.random.Generator) -> Problem:
    """count = Σ_words n_w · #(x, y) in w, for the pair (x, y) merged second."""
    corpus, _ = _draw_corpus(rng, int(rng.integers(3, 5)))
    merges = bpe_train(dict(corpus), 2)
    first_count, answer_count = _merge_counts(corpus, merges)
    answer = float(answer_count)
    first, second = merges
    unweighted = [(word, 1) for word, _ in corpus]
    initial = sorted(_pair_counts(corpus, []).values(), reverse=True)
    later = sorted(_pair_counts(corpus, merges[:1]).values(), reverse=True)
    distractors = _distinct(
        answer,
        [
            (_pair_counts(unweighted, merges[:1]).get(second, 0), IGNORED_WORD_COUNTS),
            (_pair_counts(corpus, []).get(second, 0), COUNTED_BEFORE_MERGE),
            (first_count, FIRST_MERGE_COUNT),
            (later[1] if len(later) > 1 else 0, RUNNER_UP_PAIR),
            (initial[1] if len(initial) > 1 else 0, SECOND_BEST_AT_START),
            (
                sum(
                    count * bpe_encode(word, merges[:1]).count(second[0]) for word, count in corpus
                ),
                FIRST_SYMBOL_COUNTED,
            ),
            (
                sum(
                    count * bpe_encode(word, merges[:1]).count(second[1]) for word, count in corpus
                ),
                SECOND_SYMBOL_COUNTED,
            ),
        ],
    )
    after_first = ", ".join(
        f"{' '.join(bpe_encode(word, merges[:1]))} ×{count}" for word, count in corpus
    )
    recount = sorted(_pair_counts(corpus, merges[:1]).items(), key=lambda item: -item[1])[:3]
    top = ", ".join(f"{_show_pair(pair)} {count}" for pair, count in recount)
    return Problem(
        prompt=bilingual(
            f"BPE is trained on a corpus with these word counts: {_show_corpus(corpus)}. "
            f"{BPE_RULES[0]} (no ties arise). How many times does the pair merged in the "
            "second step occur at the moment it is merged (its weighted count)?",
            f"在词频如下的语料上训练 BPE：{_show_corpus(corpus)}。{BPE_RULES[1]}（不会出现并列）。"
            "第二步合并的那个词对，在被合并时出现了多少次（按词频加权）？",
        ),
        answer=answer,
        solution=bilingual(
            f"Step 1: the most frequent pair is {_show_pair(first)}, {first_count} times; merging "
            f"it gives {after_first}.\n"
            f"Step 2: recount on these symbols; the most frequent pairs are {top}. "
            f"{_show_pair(second)} is merged, with count {fmt(answer)}.",
            f"第 1 步：最频繁的词对是 {_show_pair(first)}，出现 {first_count} 次；合并后得到 "
            f"{after_first}。\n"
            f"第 2 步：在这些符号上重新计数，最频繁的几个词对是 {top}。"
            f"合并的是 {_show_pair(second)}，次数为 {fmt(answer)}。",
        ),
        params={"corpus": [list(item) for item in corpus]},
        distractors=distractors,
    )


@template(
    "bpe-encode-with-merges",
    engines=["engine.tokenize:bpe_encode"],
    title=("Encoding a word with learned BPE merges", "用学到的 BPE 合并给词编码"),
    rel=0.0,
    abs=0.5,
    integer=True,
    valid=NON_NEGATIVE,
)
def bpe_encode_with_merges(rng: np.random.Generator) -> Problem:
    """tokens = len(bpe_encode(word, merges)), the merges replayed in order."""
    corpus, theme = _draw_corpus(rng, 4)
    merges = bpe_train(dict(corpus), int(rng.integers(3, 6)))
    words = [str(w) for w in rng.choice(theme, size=2, replace=False)]
    answer = float(sum(len(bpe_encode(word, merges)) for word in words))
    distractors = _bpe_encoding_mistakes(words, merges, answer)
    listed = ", ".join(f"{step}. {_show_pair(pair)}" for step, pair in enumerate(merges, start=1))
    replay_en, replay_zh = _replay_words(words, merges, answer)
    phrase = " ".join(words)
    return Problem(
        prompt=bilingual(
            f"A BPE tokenizer learned these merges, in this order: {listed}. A word starts as "
            f"its characters (no end-of-word marker) and is encoded on its own. How many "
            f'tokens do the two words "{phrase}" become in total?',
            f"一个 BPE 分词器按顺序学到了这些合并：{listed}。词从它的字符开始（没有词尾标记），"
            f"每个词单独编码。两个词“{phrase}”一共会变成几个词元？",
        ),
        answer=answer,
        solution=bilingual(
            "Replay the merges in the order learned on each word; each joins every adjacent "
            f"occurrence of its pair (left to right).\n{replay_en}",
            "在每个词上按学到的顺序重放合并；每次合并把该词对的所有相邻出现（从左到右）连起来。\n"
            f"{replay_zh}",
        ),
        params={"merges": [list(pair) for pair in merges], "words": words},
        distractors=distractors,
    )


WORDPIECE_RULES = (
    "BERT's WordPiece algorithm: from the left, it takes the longest vocabulary piece that "
    "matches (## marks a piece that continues a word), and if at some position no piece "
    "matches, the whole word becomes the single token [UNK] (it never backtracks to try a "
    "shorter piece),",
    "BERT 的 WordPiece 算法：从左往右，每次取能匹配的最长词表片段（## 表示接在词中间的片段）；"
    "若在某个位置没有片段能匹配，整个词变成单个词元 [UNK]（不会回头改用更短的片段），",
)


@template(
    "wordpiece-word-pieces",
    engines=["engine.tokenize:wordpiece_tokenize"],
    title=("WordPiece pieces of a word", "一个词的 WordPiece 片段数"),
    rel=0.0,
    abs=0.5,
    integer=True,
    valid=NON_NEGATIVE,
)
def wordpiece_word_pieces(rng: np.random.Generator) -> Problem:
    """pieces = len(wordpiece_tokenize(word, vocab)), greedy longest match first."""
    word = str(rng.choice(list(WORDPIECE_SPLITS)))
    vocabulary = _draw_vocabulary(rng, word)
    pieces = wordpiece_tokenize(word, vocabulary)
    if pieces == ["[UNK]"]:
        raise Degenerate("the word cannot be split")
    answer = float(len(pieces))
    distractors = _distinct(
        answer,
        [
            (len(wordpiece_tokenize(word, _shortest_first_vocabulary(vocabulary))), SHORTEST_MATCH),
            (
                len(wordpiece_tokenize(word, _unmarked_vocabulary(vocabulary))),
                IGNORED_CONTINUATION_MARK,
            ),
            (len(word), ONE_PIECE_PER_CHARACTER),
        ],
    )
    walk_en, walk_zh = _walk(word, vocabulary)
    result = ", ".join(pieces)
    return Problem(
        prompt=bilingual(
            f"A tokenizer uses {WORDPIECE_RULES[0]} with the vocabulary "
            f'{_show_vocabulary(vocabulary)}. Into how many pieces does it split "{word}"?',
            f"分词器使用 {WORDPIECE_RULES[1]}词表为 {_show_vocabulary(vocabulary)}。"
            f"它把“{word}”切成几个片段？",
        ),
        answer=answer,
        solution=bilingual(
            "From the left, take the longest vocabulary piece that matches (after the first "
            f"piece, only ## pieces): {walk_en}. Pieces: {result}, that is {fmt(answer)}.",
            "从左往右，每次取能匹配的最长词表片段（第一个片段之后只能用 ## 片段）："
            f"{walk_zh}。片段：{result}，共 {fmt(answer)} 个。",
        ),
        params={"word": word, "vocabulary": sorted(vocabulary)},
        distractors=distractors,
    )


@template(
    "wordpiece-sentence-tokens",
    engines=["engine.tokenize:wordpiece_tokenize"],
    title=("WordPiece tokens of a sentence", "一句话的 WordPiece 词元数"),
    rel=0.0,
    abs=0.5,
    integer=True,
    valid=NON_NEGATIVE,
)
def wordpiece_sentence_tokens(rng: np.random.Generator) -> Problem:
    """tokens = Σ_words len(wordpiece_tokenize(word, vocab)), an unsplittable word as [UNK]."""
    first, second = (str(w) for w in rng.choice(list(WORDPIECE_SPLITS), 2, replace=False))
    unknown = str(rng.choice(UNKNOWN_WORDS))
    vocabulary = _draw_vocabulary(rng, first) | _draw_vocabulary(rng, second)
    words = [first, second, unknown]
    rng.shuffle(words)
    splits = [wordpiece_tokenize(word, vocabulary) for word in words]
    if splits[words.index(unknown)] != ["[UNK]"]:
        raise Degenerate("the third word can be split")
    if sum(pieces == ["[UNK]"] for pieces in splits) > 2:
        raise Degenerate("no word of the sentence can be split")
    answer = float(sum(len(pieces) for pieces in splits))
    shortest = _shortest_first_vocabulary(vocabulary)
    unmarked = _unmarked_vocabulary(vocabulary)
    unknown_words = sum(pieces == ["[UNK]"] for pieces in splits)
    distractors = _distinct(
        answer,
        [
            (sum(len(wordpiece_tokenize(w, shortest)) for w in words), SHORTEST_MATCH),
            (sum(len(wordpiece_tokenize(w, unmarked)) for w in words), IGNORED_CONTINUATION_MARK),
            (answer - unknown_words, UNKNOWN_DROPPED),
            (len(words), WORDS_NOT_TOKENS),
            (len({p for pieces in splits for p in pieces}), TYPES_NOT_TOKENS),
            (answer + 2, SPECIAL_TOKENS_COUNTED),
            (sum(len(_partial_split(w, vocabulary)) for w in words), PARTIAL_SPLIT),
            (answer + sum(p.startswith("##") for ps in splits for p in ps), MARKS_COUNTED),
            (
                sum(
                    len(w) if p == ["[UNK]"] else len(p) for w, p in zip(words, splits, strict=True)
                ),
                UNKNOWN_AS_CHARACTERS,
            ),
        ],
    )
    lines_en, lines_zh = [], []
    for word, pieces in zip(words, splits, strict=True):
        walk_en, walk_zh = _walk(word, vocabulary)
        lines_en.append(f"{word}: {walk_en} → {', '.join(pieces)} ({len(pieces)})")
        lines_zh.append(f"{word}：{walk_zh} → {', '.join(pieces)}（{len(pieces)} 个）")
    counts = " + ".join(str(len(pieces)) for pieces in splits)
    sentence = " ".join(words)
    return Problem(
        prompt=bilingual(
            f"A tokenizer uses {WORDPIECE_RULES[0]} with the vocabulary "
            f'{_show_vocabulary(vocabulary)}. How many tokens does the sentence "{sentence}" '
            "become (words are separated by spaces; do not count [CLS] and [SEP])?",
            f"分词器使用 {WORDPIECE_RULES[1]}词表为 {_show_vocabulary(vocabulary)}。"
            f"句子“{sentence}”（词之间用空格分隔）会变成几个词元（不计 [CLS] 和 [SEP]）？",
        ),
        answer=answer,
        solution=bilingual(
            "Split each word on its own, longest match first:\n"
            + "\n".join(lines_en)
            + f"\nTotal: {counts} = {fmt(answer)}.",
            "每个词单独切分，每次取最长匹配：\n"
            + "\n".join(lines_zh)
            + f"\n合计：{counts} = {fmt(answer)}。",
        ),
        params={"words": words, "vocabulary": sorted(vocabulary)},
        distractors=distractors,
    )
