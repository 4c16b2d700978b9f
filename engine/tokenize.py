"""Subword tokenization: byte-pair encoding (BPE) and WordPiece.

Both split a word into pieces from a fixed vocabulary, so that rare words are spelled
with common pieces instead of becoming unknown. BPE (Sennrich et al., 2016, "Neural
Machine Translation of Rare Words with Subword Units") learns an ordered list of merges
from a corpus; WordPiece (Schuster & Nakajima, 2012; Wu et al., 2016), as BERT applies
it, splits a word greedily into the longest pieces its vocabulary holds.

Here a word starts as its characters and BPE adds no end-of-word marker (as minbpe and
GPT-2 do on bytes), so the pieces of a word always concatenate back to the word.
"""

from __future__ import annotations

import itertools
import operator
from collections.abc import Collection, Mapping, Sequence

Pair = tuple[str, str]


def _word_counts(words: Sequence[str] | Mapping[str, int]) -> dict[str, int]:
    """Return word -> count, in order of first appearance, validating ``words``."""
    if isinstance(words, str):
        raise ValueError("words must be a list of str or a dict of word -> count, not a str")
    items = words.items() if isinstance(words, Mapping) else ((word, 1) for word in words)
    counts: dict[str, int] = {}
    for word, count in items:
        if not isinstance(word, str):
            raise ValueError(f"words must be str, got {word!r}")
        if isinstance(count, bool) or not isinstance(count, int) or count < 1:
            raise ValueError(f"the count of {word!r} must be a positive integer, got {count!r}")
        counts[word] = counts.get(word, 0) + count
    return counts


def _merge(symbols: list[str], pair: Pair) -> list[str]:
    """Replace each occurrence of ``pair`` in ``symbols``, scanning left to right."""
    merged = []
    position = 0
    while position < len(symbols):
        if position + 1 < len(symbols) and (symbols[position], symbols[position + 1]) == pair:
            merged.append(pair[0] + pair[1])
            position += 2
        else:
            merged.append(symbols[position])
            position += 1
    return merged


def bpe_train(words: Sequence[str] | Mapping[str, int], num_merges: int) -> list[Pair]:
    """Learn byte-pair-encoding merges from a corpus (Sennrich et al., 2016).

    Every word starts as its list of characters. Each step counts every adjacent pair
    of symbols, ``count(x, y) = sum over words w of n_w * #{positions t : w_t = x,
    w_{t+1} = y}`` with ``n_w`` the word's count (overlapping occurrences all count, so
    "aaa" holds ("a", "a") twice), merges the most frequent pair into one symbol ``x + y``
    everywhere (left to right, without overlap) and records it. Training stops after
    ``num_merges`` merges, or earlier when every word is a single symbol.

    Ties: among pairs with the same count, the pair that occurs first wins, reading the
    words in order (the list's order, or the dict's insertion order) and each word left
    to right. This makes the result deterministic and is minbpe's rule.

    Parameters
    ----------
    words : list of str, or dict of str to int
        The training words, repeated as often as they occur, or each with its count.
    num_merges : int
        How many merges to learn, zero or more.

    Returns
    -------
    list of (str, str)
        The merges in the order they were learned; pair ``(x, y)`` makes token ``x + y``.

    Raises
    ------
    ValueError
        If ``words`` is a str or holds something other than str, a count is not a
        positive integer, or ``num_merges`` is not a non-negative integer.

    Examples
    --------
    Wikipedia's example: "aa" is the most frequent pair, then "aa" + "a" ties with
    "a" + "b" (2 each) and comes first.

    >>> bpe_train(["aaabdaaabac"], 3)
    [('a', 'a'), ('aa', 'a'), ('aaa', 'b')]
    """
    try:
        num_merges = operator.index(num_merges)
    except TypeError as err:
        raise ValueError(f"num_merges must be an integer, got {num_merges!r}") from err
    if num_merges < 0:
        raise ValueError(f"num_merges must be zero or more, got {num_merges}")
    corpus = [(list(word), count) for word, count in _word_counts(words).items()]
    merges: list[Pair] = []
    for _ in range(num_merges):
        pair_counts: dict[Pair, int] = {}  # insertion order = order of first occurrence
        for symbols, count in corpus:
            for pair in itertools.pairwise(symbols):
                pair_counts[pair] = pair_counts.get(pair, 0) + count
        if not pair_counts:
            break
        best = max(pair_counts, key=pair_counts.__getitem__)  # max keeps the first of ties
        merges.append(best)
        corpus = [(_merge(symbols, best), count) for symbols, count in corpus]
    return merges


def bpe_encode(word: str, merges: Sequence[Pair]) -> list[str]:
    """Split a word into BPE tokens by replaying the learned merges.

    The word starts as its characters; each merge ``(x, y)``, in the order learned,
    replaces every adjacent ``x, y`` (left to right, without overlap) by ``x + y``. This
    repeats training's steps on the new word, so a training word is split exactly as
    training left it.

    Parameters
    ----------
    word : str
        The word to encode.
    merges : sequence of (str, str)
        Merges as returned by :func:`bpe_train`.

    Returns
    -------
    list of str
        The tokens; ``"".join(tokens) == word``.

    Raises
    ------
    ValueError
        If ``word`` is not a str or a merge is not a pair of non-empty str.

    Examples
    --------
    >>> merges = bpe_train(["aaabdaaabac"], 3)
    >>> bpe_encode("aaabdaaabac", merges)
    ['aaab', 'd', 'aaab', 'a', 'c']
    >>> bpe_encode("baaac", merges)
    ['b', 'aaa', 'c']
    """
    if not isinstance(word, str):
        raise ValueError(f"word must be a str, got {word!r}")
    for pair in merges:
        if not (
            isinstance(pair, tuple | list)
            and len(pair) == 2
            and all(isinstance(symbol, str) and symbol for symbol in pair)
        ):
            raise ValueError(f"each merge must be a pair of non-empty str, got {pair!r}")
    symbols = list(word)
    for pair in merges:
        symbols = _merge(symbols, (pair[0], pair[1]))
    return symbols


def wordpiece_tokenize(word: str, vocab: Collection[str], unk: str = "[UNK]") -> list[str]:
    """Split a word into WordPiece tokens, greedy longest match first (BERT's rule).

    From position ``start = 0``, take the longest ``word[start:end]`` in ``vocab``
    (written ``"##" + word[start:end]`` when ``start > 0``, marking a piece that continues
    a word), then continue from ``end``. If no piece at some position is in ``vocab``, the
    whole word becomes ``[unk]``. The vocabulary is WordPiece's (Schuster & Nakajima,
    2012; Wu et al., 2016); the greedy split is the one BERT uses (Devlin et al., 2019).
    Being greedy, it needs no tie-break: the longest match is unique.

    Parameters
    ----------
    word : str
        The word to split (already separated from its neighbours by whitespace).
    vocab : collection of str
        Known pieces, continuation pieces with the ``##`` prefix.
    unk : str, default "[UNK]"
        The token for a word that cannot be split.

    Returns
    -------
    list of str
        The pieces, or ``[unk]``; an empty word gives ``[]``.

    Raises
    ------
    ValueError
        If ``word`` or ``unk`` is not a str, or ``vocab`` is a str.

    Examples
    --------
    >>> vocab = {"un", "##aff", "##able", "aff", "able"}
    >>> wordpiece_tokenize("unaffable", vocab)
    ['un', '##aff', '##able']
    >>> wordpiece_tokenize("unable", vocab)
    ['un', '##able']
    >>> wordpiece_tokenize("unfit", vocab)  # "un", then no piece matches "fit"
    ['[UNK]']
    """
    if not isinstance(word, str):
        raise ValueError(f"word must be a str, got {word!r}")
    if not isinstance(unk, str):
        raise ValueError(f"unk must be a str, got {unk!r}")
    if isinstance(vocab, str):
        raise ValueError("vocab must be a collection of pieces such as a set of str, not a str")
    pieces = []
    start = 0
    while start < len(word):
        for end in range(len(word), start, -1):
            piece = word[start:end] if start == 0 else "##" + word[start:end]
            if piece in vocab:
                break
        else:
            return [unk]
        pieces.append(piece)
        start = end
    return pieces
