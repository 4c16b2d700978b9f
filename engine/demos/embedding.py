"""Demos of engine.embedding: one-hot vectors, lookup, cosine similarity, analogies and
word2vec's training pairs."""

from __future__ import annotations

import numpy as np

from engine import embedding
from engine.demos import Step

SENTENCES = (
    ["the", "cat", "sat", "down"],
    ["i", "like", "deep", "learning"],
    ["we", "love", "small", "models"],
)

ANALOGY_VOCAB = ["king", "queen", "man", "woman", "prince", "princess", "apple"]
# A hand-made embedding with three readable features: (royal, male, young).
ANALOGY_E = np.array(
    [
        [0.9, 0.9, 0.1],  # king
        [0.9, -0.9, 0.1],  # queen
        [0.1, 0.9, 0.1],  # man
        [0.1, -0.9, 0.1],  # woman
        [0.8, 0.9, 0.9],  # prince
        [0.8, -0.9, 0.9],  # princess
        [0.0, 0.0, 0.5],  # apple
    ]
)
# (a, b, c): "a is to b as c is to ?"
ANALOGIES = (("man", "king", "woman"), ("woman", "queen", "man"), ("king", "prince", "queen"))


def one_hot(rng: np.random.Generator) -> list[Step]:
    """One-hot vectors of three class indices."""
    indices = rng.integers(0, 4, size=3)
    return [
        Step("Class indices (4 classes: 0..3)", "类别索引（4 个类别：0..3）", indices),
        Step(
            "One-hot: row k has a single 1, in column indices[k]",
            "独热编码：第 k 行只有一个 1，位于第 indices[k] 列",
            embedding.one_hot(indices, 4),
        ),
    ]


def embedding_lookup(rng: np.random.Generator) -> list[Step]:
    """Looking up rows of an embedding matrix, and the same as a one-hot product."""
    # Rounded to one decimal for reading; + 0.0 turns a rounded -0.0 into 0.0.
    E = np.round(rng.uniform(-1, 1, size=(4, 3)), 1) + 0.0  # (V, D)
    ids = rng.integers(0, 4, size=2)
    return [
        Step(
            "Embedding matrix E: one row per word (V = 4 words, D = 3)",
            "嵌入矩阵 E：每个词一行（V = 4 个词，D = 3）",
            E,
        ),
        Step("Word ids", "词的编号", ids),
        Step(
            "Lookup: the rows E[ids]",
            "查表：取出 E[ids] 这些行",
            embedding.embedding_lookup(E, ids),
        ),
        Step(
            "The same as one_hot(ids) @ E: the one-hot vector selects a row",
            "等同于 one_hot(ids) @ E：独热向量选出一行",
            embedding.one_hot(ids, 4) @ E,
        ),
    ]


def cosine_similarity(rng: np.random.Generator) -> list[Step]:
    """Cosine similarity of two vectors, and its indifference to length."""
    a = rng.integers(-3, 4, size=3).astype(float)
    b = rng.integers(-3, 4, size=3).astype(float)
    a[0] = a[0] or 1.0  # keep a away from the zero vector
    return [
        Step("Vector a", "向量 a", a),
        Step("Vector b", "向量 b", b),
        Step(
            "cos(a, b) = a·b / (‖a‖ ‖b‖)",
            "cos(a, b) = a·b / (‖a‖ ‖b‖)",
            embedding.cosine_similarity(a, b),
        ),
        Step(
            "cos(a, 2a) = 1: only the direction counts, not the length",
            "cos(a, 2a) = 1：只看方向，不看长度",
            embedding.cosine_similarity(a, 2 * a),
        ),
        Step(
            "cos(a, −a) = −1: opposite directions",
            "cos(a, −a) = −1：方向相反",
            embedding.cosine_similarity(a, -a),
        ),
    ]


def analogy(rng: np.random.Generator) -> list[Step]:
    """king − man + woman ≈ queen on a hand-made 3-feature embedding."""
    a, b, c = ANALOGIES[rng.integers(len(ANALOGIES))]
    rows = {word: row for row, word in enumerate(ANALOGY_VOCAB)}
    vectors = embedding.embedding_lookup(ANALOGY_E, np.array([rows[a], rows[b], rows[c]]))  # (3, D)
    target = vectors[1] - vectors[0] + vectors[2]  # (D,)
    similarities = np.asarray(embedding.cosine_similarity(ANALOGY_E, target))  # (V,)
    return [
        Step("Vocabulary", "词表", ANALOGY_VOCAB),
        Step(
            "Hand-made embedding E, features (royal, male, young)",
            "手工构造的嵌入 E，特征为（王室，男性，年轻）",
            ANALOGY_E,
        ),
        Step(
            f"Question: {a} is to {b} as {c} is to ?",
            f"问题：{a} 之于 {b}，相当于 {c} 之于 ？",
            [a, b, c],
        ),
        Step(
            f"Target vector E[{b}] − E[{a}] + E[{c}]",
            f"目标向量 E[{b}] − E[{a}] + E[{c}]",
            target,
        ),
        Step(
            "Cosine similarity of every word with the target",
            "每个词与目标向量的余弦相似度",
            [
                f"{word}: {value:.3f}"
                for word, value in zip(ANALOGY_VOCAB, similarities, strict=True)
            ],
        ),
        Step(
            f"Nearest words, excluding {a}, {b}, {c}",
            f"最相近的词（不含 {a}、{b}、{c}）",
            embedding.analogy(ANALOGY_E, ANALOGY_VOCAB, a, b, c, topk=2),
        ),
    ]


def skipgram_pairs(rng: np.random.Generator) -> list[Step]:
    """Skip-gram's (centre, context) pairs for a four-word sentence."""
    tokens = SENTENCES[rng.integers(len(SENTENCES))]
    window = int(rng.integers(1, 3))
    pairs = embedding.skipgram_pairs(tokens, window)
    return [
        Step("Sentence", "句子", tokens),
        Step(
            "Window: words on each side that count as context",
            "窗口：两侧各取几个词作为上下文",
            window,
        ),
        Step(
            "Pairs centre → context: predict each context word from the centre word",
            "（中心词 → 上下文词）对：由中心词预测每个上下文词",
            [f"{centre} → {context}" for centre, context in pairs],
        ),
        Step("Number of pairs", "训练对的数量", len(pairs)),
    ]


def cbow_pairs(rng: np.random.Generator) -> list[Step]:
    """CBOW's (context, centre) pairs for a four-word sentence."""
    tokens = SENTENCES[rng.integers(len(SENTENCES))]
    window = int(rng.integers(1, 3))
    pairs = embedding.cbow_pairs(tokens, window)
    return [
        Step("Sentence", "句子", tokens),
        Step(
            "Window: words on each side that count as context",
            "窗口：两侧各取几个词作为上下文",
            window,
        ),
        Step(
            "Pairs context → centre: predict the centre word from its averaged context",
            "（上下文 → 中心词）对：由上下文向量的平均预测中心词",
            [f"[{', '.join(map(str, context))}] → {centre}" for context, centre in pairs],
        ),
    ]


def negative_sampling_loss(rng: np.random.Generator) -> list[Step]:
    """The loss of one (centre, context) pair and three noise words."""
    center = np.round(rng.normal(size=3), 1)
    context = np.round(rng.normal(size=3), 1)
    noise = np.round(rng.normal(size=(3, 3)), 1)
    positive, scores = float(context @ center), noise @ center
    return [
        Step("Centre vector v_c", "中心词向量 v_c", center),
        Step("True context vector u_o", "真实上下文词向量 u_o", context),
        Step("Noise vectors u_k (one per row)", "噪声词向量 u_k（每行一个）", noise),
        Step("Scores: u_o·v_c, then u_k·v_c", "得分：u_o·v_c，以及 u_k·v_c", [positive, scores]),
        Step(
            "Terms: −ln σ(u_o·v_c) (call the true pair real), −ln σ(−u_k·v_c) (call noise fake)",
            "各项：−ln σ(u_o·v_c)（判真实词对为真），−ln σ(−u_k·v_c)（判噪声为假）",
            [float(np.logaddexp(0, -positive)), np.logaddexp(0, scores)],
        ),
        Step(
            "Loss: their sum",
            "损失：各项之和",
            embedding.negative_sampling_loss(center, context, noise),
        ),
    ]
