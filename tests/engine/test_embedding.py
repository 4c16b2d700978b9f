"""engine.embedding against PyTorch and hand-worked cases."""

from __future__ import annotations

import numpy as np
import pytest

from engine import embedding
from engine.demos import Step
from engine.demos import embedding as demos

SEEDS = range(15)
RTOL = 1e-6
ATOL = 1e-12  # for entries that are 0 up to rounding, where a relative tolerance is meaningless

KING_QUEEN_VOCAB = ["king", "queen", "man", "woman", "apple", "prince"]
# Features (royal, male, fruit).
KING_QUEEN_E = np.array(
    [
        [0.9, 0.8, 0.0],
        [0.9, -0.8, 0.0],
        [0.1, 0.8, 0.0],
        [0.1, -0.8, 0.1],
        [0.0, 0.0, 1.0],
        [0.7, 0.8, 0.0],
    ]
)


# --- hand-worked cases -------------------------------------------------------------------


def test_one_hot_is_a_row_of_the_identity():
    np.testing.assert_array_equal(embedding.one_hot([2, 0], 3), [[0, 0, 1], [1, 0, 0]])
    assert embedding.one_hot(np.array([[1]]), 2).shape == (1, 1, 2)
    assert embedding.one_hot(np.array([], dtype=int), 4).shape == (0, 4)
    assert embedding.one_hot(1, 3).dtype == np.float64


def test_lookup_equals_one_hot_product():
    E = np.arange(12.0).reshape(4, 3)
    ids = np.array([[3, 0], [1, 1]])
    np.testing.assert_array_equal(embedding.embedding_lookup(E, ids), E[ids])
    np.testing.assert_array_equal(embedding.embedding_lookup(E, ids), embedding.one_hot(ids, 4) @ E)


def test_cosine_similarity_known_angles():
    assert embedding.cosine_similarity([1.0, 0.0], [0.0, 5.0]) == 0.0
    assert embedding.cosine_similarity([2.0, 2.0], [1.0, 1.0]) == pytest.approx(1.0)
    assert embedding.cosine_similarity([1.0, 2.0], [-1.0, -2.0]) == pytest.approx(-1.0)
    assert isinstance(embedding.cosine_similarity([1.0, 2.0], [3.0, 4.0]), float)


def test_cosine_similarity_of_a_zero_vector_is_zero():
    assert embedding.cosine_similarity([0.0, 0.0], [1.0, 2.0]) == 0.0


def test_king_minus_man_plus_woman_is_queen():
    answer = embedding.analogy(KING_QUEEN_E, KING_QUEEN_VOCAB, "man", "king", "woman")
    assert answer == ["queen"]


def test_analogy_excludes_the_question_words_and_ranks_topk():
    ranked = embedding.analogy(KING_QUEEN_E, KING_QUEEN_VOCAB, "man", "king", "woman", topk=3)
    assert ranked[0] == "queen"
    assert not {"man", "king", "woman"} & set(ranked)
    assert ranked == ["queen", "apple", "prince"]  # apple: 0.08, prince: -0.01


def test_analogy_accepts_a_word_to_row_mapping():
    vocab = {word: row for row, word in enumerate(KING_QUEEN_VOCAB)}
    assert embedding.analogy(KING_QUEEN_E, vocab, "woman", "queen", "man") == ["king"]


def test_skipgram_pairs_of_four_tokens_window_one():
    assert embedding.skipgram_pairs(["the", "cat", "sat", "down"], window=1) == [
        ("the", "cat"),
        ("cat", "the"),
        ("cat", "sat"),
        ("sat", "cat"),
        ("sat", "down"),
        ("down", "sat"),
    ]


def test_cbow_pairs_of_four_tokens_window_one():
    assert embedding.cbow_pairs(["the", "cat", "sat", "down"], window=1) == [
        (["cat"], "the"),
        (["the", "sat"], "cat"),
        (["cat", "down"], "sat"),
        (["sat"], "down"),
    ]


def test_window_two_and_short_sentences():
    assert embedding.skipgram_pairs(["a", "b", "c"], window=2) == [
        ("a", "b"),
        ("a", "c"),
        ("b", "a"),
        ("b", "c"),
        ("c", "a"),
        ("c", "b"),
    ]
    assert embedding.cbow_pairs(["a", "b", "c"], window=5) == [
        (["b", "c"], "a"),
        (["a", "c"], "b"),
        (["a", "b"], "c"),
    ]
    assert embedding.skipgram_pairs(["alone"], window=1) == []
    assert embedding.cbow_pairs(["alone"], window=1) == []
    assert embedding.skipgram_pairs([], window=1) == []


@pytest.mark.parametrize("seed", SEEDS)
def test_skipgram_and_cbow_hold_the_same_word_pairs(seed):
    rng = np.random.default_rng(seed)
    tokens = list(rng.integers(0, 5, size=rng.integers(1, 9)))
    window = int(rng.integers(1, 4))
    from_cbow = [
        (centre, word)
        for context, centre in embedding.cbow_pairs(tokens, window)
        for word in context
    ]
    assert sorted(embedding.skipgram_pairs(tokens, window)) == sorted(from_cbow)


# --- against PyTorch -----------------------------------------------------------------------


@pytest.fixture(scope="module")
def torch():
    return pytest.importorskip("torch", reason="PyTorch not installed (CI installs torch==2.13.0)")


@pytest.mark.parametrize("seed", SEEDS)
def test_one_hot_matches_torch(torch, seed):
    rng = np.random.default_rng(seed)
    num_classes = int(rng.integers(1, 8))
    indices = rng.integers(0, num_classes, size=tuple(rng.integers(1, 4, size=rng.integers(0, 3))))
    expected = torch.nn.functional.one_hot(torch.tensor(indices), num_classes).numpy()
    np.testing.assert_array_equal(embedding.one_hot(indices, num_classes), expected)


@pytest.mark.parametrize("seed", SEEDS)
def test_embedding_lookup_matches_torch(torch, seed):
    rng = np.random.default_rng(seed)
    E = rng.standard_normal((int(rng.integers(1, 10)), int(rng.integers(1, 6))))
    ids = rng.integers(0, E.shape[0], size=tuple(rng.integers(1, 4, size=rng.integers(1, 3))))
    expected = torch.nn.functional.embedding(torch.tensor(ids), torch.tensor(E)).numpy()
    np.testing.assert_array_equal(embedding.embedding_lookup(E, ids), expected)


@pytest.mark.parametrize("seed", SEEDS)
def test_cosine_similarity_matches_torch(torch, seed):
    rng = np.random.default_rng(seed)
    shape = tuple(int(n) for n in rng.integers(1, 5, size=rng.integers(1, 4)))
    a = rng.standard_normal(shape) * rng.choice([1e-3, 1.0, 1e4])
    b_shape = tuple(1 if rng.random() < 0.3 else n for n in shape)  # broadcasting
    b = rng.standard_normal(b_shape)
    if a.size > 1:
        a.reshape(-1)[0] = 0.0
    axis = int(rng.integers(-len(shape), len(shape)))
    expected = torch.nn.functional.cosine_similarity(
        torch.tensor(a), torch.tensor(b), dim=axis, eps=1e-8
    ).numpy()
    np.testing.assert_allclose(
        embedding.cosine_similarity(a, b, axis=axis), expected, rtol=RTOL, atol=ATOL
    )


def test_cosine_similarity_of_zero_vectors_matches_torch(torch):
    a = np.array([[0.0, 0.0], [1e-9, 0.0], [3.0, 4.0]])
    b = np.array([[1.0, 1.0], [1.0, 0.0], [0.0, 0.0]])
    expected = torch.nn.functional.cosine_similarity(torch.tensor(a), torch.tensor(b)).numpy()
    np.testing.assert_allclose(embedding.cosine_similarity(a, b), expected, rtol=RTOL, atol=ATOL)


# --- bad input -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (lambda: embedding.one_hot([0, 3], 3), "indices must lie in"),
        (lambda: embedding.one_hot([-1], 3), "indices must lie in"),
        (lambda: embedding.one_hot([0.5], 3), "indices must hold integers"),
        (lambda: embedding.one_hot([0], 0), "num_classes must be a positive"),
        (lambda: embedding.one_hot([0], 2.5), "num_classes must be an integer"),
        (lambda: embedding.embedding_lookup(np.ones(3), [0]), r"E must have shape \(V, D\)"),
        (lambda: embedding.embedding_lookup(np.ones((3, 2)), [3]), "ids must lie in"),
        (lambda: embedding.embedding_lookup(np.ones((3, 2)), [-1]), "ids must lie in"),
        (lambda: embedding.cosine_similarity(np.ones(3), np.ones(4)), "a and b must broadcast"),
        (lambda: embedding.cosine_similarity(np.ones(3), np.ones(3), axis=1), "axis 1"),
        (
            lambda: embedding.analogy(KING_QUEEN_E, KING_QUEEN_VOCAB, "man", "king", "duke"),
            "c = 'duke' is not in vocab",
        ),
        (
            lambda: embedding.analogy(KING_QUEEN_E, KING_QUEEN_VOCAB[:3], "man", "king", "queen"),
            "vocab must name each",
        ),
        (
            lambda: embedding.analogy(KING_QUEEN_E, KING_QUEEN_VOCAB, "man", "king", "woman", 4),
            "topk must be at most 3",
        ),
        (
            lambda: embedding.analogy(KING_QUEEN_E, KING_QUEEN_VOCAB, "man", "king", "woman", 0),
            "topk must be a positive",
        ),
        (lambda: embedding.analogy(np.ones(3), ["a"], "a", "a", "a"), r"E must have shape"),
        (lambda: embedding.skipgram_pairs(["a", "b"], 0), "window must be a positive"),
        (lambda: embedding.cbow_pairs(["a", "b"], -1), "window must be a positive"),
        (lambda: embedding.skipgram_pairs("a cat", 1), "tokens must be a sequence"),
        (lambda: embedding.cbow_pairs(["a"], 1.5), "window must be an integer"),
    ],
)
def test_bad_input_raises(call, message):
    with pytest.raises(ValueError, match=message):
        call()


# --- demos ---------------------------------------------------------------------------------

DEMOS = [
    "one_hot",
    "embedding_lookup",
    "cosine_similarity",
    "analogy",
    "skipgram_pairs",
    "cbow_pairs",
]


@pytest.mark.parametrize("name", DEMOS)
def test_demo_is_bilingual_and_reproducible(name):
    demo = getattr(demos, name)
    for seed in range(5):
        steps = demo(np.random.default_rng(seed))
        assert steps and all(isinstance(s, Step) and s.en and s.zh for s in steps)
        assert repr(steps) == repr(demo(np.random.default_rng(seed)))


@pytest.mark.parametrize("seed", range(6))
def test_analogy_demo_answers_with_the_expected_word(seed):
    *_, answer = demos.analogy(np.random.default_rng(seed))
    assert answer.value[0] in {"queen", "king", "princess"}
