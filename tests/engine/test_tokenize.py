"""engine.tokenize on textbook cases, round trips and tie-breaking."""

from __future__ import annotations

import itertools

import numpy as np
import pytest

from engine import tokenize
from engine.demos import Step
from engine.demos import tokenize as demos

SENNRICH_CORPUS = {"low": 5, "lower": 2, "newest": 6, "widest": 3}


# --- BPE -----------------------------------------------------------------------------------


def test_wikipedia_aaabdaaabac():
    merges = tokenize.bpe_train(["aaabdaaabac"], 3)
    assert merges[0] == ("a", "a")
    # After "aa", the pairs ("aa", "a") and ("a", "b") both occur twice; ("aa", "a") is first.
    assert merges == [("a", "a"), ("aa", "a"), ("aaa", "b")]
    # Wikipedia's final "XdXac" with X = "aaab".
    assert tokenize.bpe_encode("aaabdaaabac", merges) == ["aaab", "d", "aaab", "a", "c"]


def test_sennrich_low_lower_newest_widest():
    merges = tokenize.bpe_train(SENNRICH_CORPUS, 10)
    assert merges == [
        ("e", "s"),  # 9 = newest 6 + widest 3; ties with ("s", "t"), which comes later
        ("es", "t"),
        ("l", "o"),  # 7, ties with ("o", "w"), which comes later in "low"
        ("lo", "w"),
        ("n", "e"),
        ("ne", "w"),
        ("new", "est"),
        ("w", "i"),
        ("wi", "d"),
        ("wid", "est"),
    ]
    assert tokenize.bpe_encode("lowest", merges) == ["low", "est"]
    assert tokenize.bpe_encode("newer", merges) == ["new", "e", "r"]


def test_counts_are_the_same_as_repeated_words():
    repeated = [word for word, count in SENNRICH_CORPUS.items() for _ in range(count)]
    assert tokenize.bpe_train(repeated, 8) == tokenize.bpe_train(SENNRICH_CORPUS, 8)


def test_ties_go_to_the_pair_that_occurs_first():
    assert tokenize.bpe_train(["ab", "cd"], 1) == [("a", "b")]
    assert tokenize.bpe_train(["cd", "ab"], 1) == [("c", "d")]
    assert tokenize.bpe_train(["xyab", "ab", "xy"], 1) == [("x", "y")]
    assert tokenize.bpe_train({"cd": 1, "ab": 2}, 1) == [("a", "b")]  # counts decide first


def test_overlapping_pairs_count_but_merge_left_to_right():
    merges = tokenize.bpe_train(["aaa"], 2)
    assert merges == [("a", "a"), ("aa", "a")]
    assert tokenize.bpe_encode("aaaaa", merges[:1]) == ["aa", "aa", "a"]


def test_training_stops_when_every_word_is_one_token():
    assert tokenize.bpe_train(["ab", "b"], 10) == [("a", "b")]
    assert tokenize.bpe_train([], 3) == []
    assert tokenize.bpe_train(["abc"], 0) == []


def test_encode_applies_merges_in_learned_order():
    # Applied in order, ("b", "c") makes "bc" before ("a", "b") can see "b".
    assert tokenize.bpe_encode("abc", [("b", "c"), ("a", "b")]) == ["a", "bc"]
    assert tokenize.bpe_encode("abc", [("a", "b"), ("b", "c")]) == ["ab", "c"]
    assert tokenize.bpe_encode("", [("a", "b")]) == []


@pytest.mark.parametrize("seed", range(15))
def test_training_words_are_encoded_as_training_left_them(seed):
    rng = np.random.default_rng(seed)
    words = ["".join(rng.choice(list("abcd"), size=rng.integers(1, 8))) for _ in range(12)]
    merges = tokenize.bpe_train(words, int(rng.integers(0, 12)))
    for word in words:
        tokens = tokenize.bpe_encode(word, merges)
        assert "".join(tokens) == word
    # Each merge was the most frequent pair when learned, so it occurs in some word's
    # encoding with the merges before it.
    for number, (left, right) in enumerate(merges):
        assert any(
            (left, right) in itertools.pairwise(tokens)
            for tokens in (tokenize.bpe_encode(word, merges[:number]) for word in words)
        )


# --- WordPiece -------------------------------------------------------------------------------

BERT_LIKE_VOCAB = {"un", "##aff", "##able", "aff", "able", "play", "##ing", "##s", "a", "##b"}


def test_wordpiece_unaffable():
    assert tokenize.wordpiece_tokenize("unaffable", BERT_LIKE_VOCAB) == ["un", "##aff", "##able"]


def test_wordpiece_unknown_when_no_piece_matches():
    assert tokenize.wordpiece_tokenize("unfit", BERT_LIKE_VOCAB) == ["[UNK]"]
    assert tokenize.wordpiece_tokenize("xyz", BERT_LIKE_VOCAB) == ["[UNK]"]
    assert tokenize.wordpiece_tokenize("xyz", BERT_LIKE_VOCAB, unk="<unk>") == ["<unk>"]


def test_wordpiece_takes_the_longest_match_first():
    vocab = {"a", "ab", "##c", "##bc"}
    assert tokenize.wordpiece_tokenize("abc", vocab) == ["ab", "##c"]
    # Greedy: "ab" leaves "c", which has no piece; it never backtracks to "a" + "##bc".
    assert tokenize.wordpiece_tokenize("abc", {"a", "ab", "##bc"}) == ["[UNK]"]
    assert tokenize.wordpiece_tokenize("abc", {"a", "##bc"}) == ["a", "##bc"]


def test_wordpiece_whole_words_and_empty_word():
    assert tokenize.wordpiece_tokenize("play", BERT_LIKE_VOCAB) == ["play"]
    assert tokenize.wordpiece_tokenize("plays", BERT_LIKE_VOCAB) == ["play", "##s"]
    assert tokenize.wordpiece_tokenize("", BERT_LIKE_VOCAB) == []


# --- bad input -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (lambda: tokenize.bpe_train(["ab"], -1), "num_merges must be zero or more"),
        (lambda: tokenize.bpe_train(["ab"], 1.5), "num_merges must be an integer"),
        (lambda: tokenize.bpe_train("aaabdaaabac", 3), "words must be a list"),
        (lambda: tokenize.bpe_train([b"ab"], 1), "words must be str"),
        (lambda: tokenize.bpe_train({"ab": 0}, 1), "count of 'ab' must be a positive"),
        (lambda: tokenize.bpe_train({"ab": 1.5}, 1), "count of 'ab' must be a positive"),
        (lambda: tokenize.bpe_encode(3, []), "word must be a str"),
        (lambda: tokenize.bpe_encode("ab", [("a",)]), "each merge must be a pair"),
        (lambda: tokenize.bpe_encode("ab", [("a", "")]), "each merge must be a pair"),
        (lambda: tokenize.wordpiece_tokenize(None, {"a"}), "word must be a str"),
        (lambda: tokenize.wordpiece_tokenize("a", "abc"), "vocab must be a collection"),
        (lambda: tokenize.wordpiece_tokenize("a", {"a"}, unk=0), "unk must be a str"),
    ],
)
def test_bad_input_raises(call, message):
    with pytest.raises(ValueError, match=message):
        call()


# --- demos -----------------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["bpe_train", "bpe_encode", "wordpiece_tokenize"])
def test_demo_is_bilingual_and_reproducible(name):
    demo = getattr(demos, name)
    for seed in range(5):
        steps = demo(np.random.default_rng(seed))
        assert steps and all(isinstance(s, Step) and s.en and s.zh for s in steps)
        assert repr(steps) == repr(demo(np.random.default_rng(seed)))


def test_bpe_train_demo_shows_each_merge_in_order():
    steps = demos.bpe_train(np.random.default_rng(0))
    num_merges = steps[1].value
    merges = tokenize.bpe_train(demos.CORPUS, num_merges)
    merge_steps = steps[2 : 2 + num_merges]
    for (left, right), step in zip(merges, merge_steps, strict=True):
        assert repr(left + right) in step.en
