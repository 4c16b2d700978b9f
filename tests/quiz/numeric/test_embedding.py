"""Independent recomputation of the engine.embedding templates' answers (plain Python)."""

from __future__ import annotations

import math

import pytest

from quiz.numeric import load_templates
from quiz.numeric.question import numeric_question


def dot(a, b):
    return sum(x * y for x, y in zip(a, b, strict=True))


def cosine(a, b):
    return dot(a, b) / math.sqrt(dot(a, a) * dot(b, b))


def mean_rows(matrix, ids):
    return [sum(matrix[i][d] for i in ids) / len(ids) for d in range(len(matrix[0]))]


def one_hot_times_embedding(params):
    return params["E"][params["word_id"]]


def bag_of_words_counts(params):
    return [params["ids"].count(word) for word in range(params["vocab_size"])]


def embedding_bag_mean(params):
    return mean_rows(params["E"], params["ids"])


def cosine_similarity_of_vectors(params):
    return cosine(params["a"], params["b"])


def analogy_target(params):
    matrix, (a, b, c) = params["E"], params["abc"]
    target = [matrix[b][d] - matrix[a][d] + matrix[c][d] for d in range(2)]
    scores = {i: cosine(row, target) for i, row in enumerate(matrix) if i not in (a, b, c)}
    return max(scores, key=scores.get), scores


def analogy_winning_cosine(params):
    winner, scores = analogy_target(params)
    return scores[winner]


def analogy_winning_word(params):
    return analogy_target(params)[0]


def context_sizes(n, window):
    return [min(t, window) + min(n - 1 - t, window) for t in range(n)]


def skipgram_pair_count(params):
    return sum(context_sizes(len(params["tokens"]), params["window"]))


def word2vec_example_counts(params):
    sizes = context_sizes(len(params["tokens"]), params["window"])
    return [sum(size > 0 for size in sizes), sum(sizes)]


def cbow_context_average(params):
    tokens, window, t = params["tokens"], params["window"], params["position"]
    vocab = list(dict.fromkeys(tokens))
    context = [tokens[j] for j in range(len(tokens)) if 0 < abs(j - t) <= window]
    return mean_rows(params["E"], [vocab.index(word) for word in context])


INDEPENDENT = {
    "one-hot-times-embedding": one_hot_times_embedding,
    "bag-of-words-counts": bag_of_words_counts,
    "embedding-bag-mean": embedding_bag_mean,
    "cosine-similarity-of-vectors": cosine_similarity_of_vectors,
    "analogy-winning-cosine": analogy_winning_cosine,
    "analogy-winning-word": analogy_winning_word,
    "skipgram-pair-count": skipgram_pair_count,
    "word2vec-example-counts": word2vec_example_counts,
    "cbow-context-average": cbow_context_average,
}


def test_the_concept_files_examples():
    """The worked examples of content/nlp, through the recomputations above."""
    sentence = ["the", "cat", "sat", "on", "the", "mat"]
    assert context_sizes(len(sentence), 2)[2] == 4  # sat has 4 skip-gram pairs
    assert cosine([1.0, 0.0], [1.0, 1.0]) == pytest.approx(1 / math.sqrt(2))


def test_the_analogy_winner_is_clear():
    """The best candidate's cosine beats the second's, so rounding cannot change the answer."""
    for seed in range(50):
        params = load_templates()["analogy-winning-word"].generate(seed).params
        winner, scores = analogy_target(params)
        runner_up = max(score for i, score in scores.items() if i != winner)
        assert scores[winner] - runner_up >= 0.05


def test_cbow_questions_sometimes_sit_at_an_edge():
    """Edge positions (a shorter context) are where dividing by 2·window goes wrong."""
    names = set()
    for seed in range(100):
        problem = load_templates()["cbow-context-average"].generate(seed)
        names |= {d.mistake.name for d in problem.distractors}
    assert "divide-by-2w" in names


def test_toy_embeddings_give_every_word_its_own_vector():
    templates = load_templates()
    for template_id in ("analogy-winning-cosine", "analogy-winning-word", "cbow-context-average"):
        for seed in range(100):
            rows = [tuple(row) for row in templates[template_id].generate(seed).params["E"]]
            assert len(set(rows)) == len(rows), (template_id, seed)


def test_cbow_count_has_one_reading():
    prompt = load_templates()["word2vec-example-counts"].generate(0).prompt
    assert "one per centre word" in prompt.en and "每个中心词一个" in prompt.zh


def test_an_analogy_word_question_never_offers_a_query_word():
    """The prompt rules out a, b and c, so an option naming one would be dismissed unread:
    no distractor of the word question, typed or multiple choice, is one of them."""
    template = load_templates()["analogy-winning-word"]
    for seed in range(500):
        problem = template.generate(seed)
        query = {float(i) for i in problem.params["abc"]}
        assert problem.answer not in query, seed
        assert not {d.value for d in problem.distractors} & query, seed
        question = numeric_question("word-embedding", template, seed, choice=True)
        assert not {choice.value for choice in question.choices} & query, seed
