"""The bundled library carries the user's own seed documents faithfully.

The seeds are copied into tests/data so the suite does not depend on a folder
outside the repository.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from kg.library import load_library
from tests.conftest import BUNDLED_CONTENT

DATA = Path(__file__).resolve().parent.parent / "data"

# The glossary runs each concept's tags together on one line; this is how they split.
GLOSSARY_TAGS = {
    "损失函数": ["均方误差", "交叉熵", "优化目标"],
    "反向传播": [],
    "梯度下降": ["学习率", "SGD", "收敛"],
    "优化器": ["Adam", "Momentum", "自适应学习率"],
    "超参数": ["学习率", "Batch Size", "调参"],
    "正则化": ["Dropout", "L1/L2", "数据增强"],
    "嵌入向量": [],
    "分词 / Token 化": ["BPE", "WordPiece", "子词"],
    "卷积神经网络": ["卷积层", "池化层", "计算机视觉"],
    "循环神经网络": ["序列模型", "隐藏状态", "时序数据"],
    "长短期记忆网络": ["门控机制", "长期依赖", "序列建模"],
    "Transformer 架构": [],
    "自注意力机制": ["Query/Key/Value", "注意力分数", "上下文建模"],
}


def glossary_entries():
    lines = [line.strip() for line in (DATA / "seed_glossary.txt").read_text("utf-8").splitlines()]
    entries = []
    for term, tags in GLOSSARY_TAGS.items():
        at = lines.index(term)
        definition, example = lines[at + 1], lines[at + 2]
        assert example.startswith('"') and example.endswith('"')
        if tags:
            assert lines[at + 3] == "".join(tags), "the tag split must cover the seed's tag line"
        entries.append((term, definition, example[1:-1], tags))
    return entries


@pytest.fixture(scope="module")
def by_chinese_term():
    library = load_library(BUNDLED_CONTENT)
    return {concept.term.zh: concept for concept in library}


@pytest.mark.parametrize(("term", "definition", "example", "tags"), glossary_entries())
def test_glossary_concept_is_carried_word_for_word(
    by_chinese_term, term, definition, example, tags
):
    assert term in by_chinese_term, f"no concept with the Chinese term {term!r}"
    concept = by_chinese_term[term]
    assert concept.definition.en == definition
    assert concept.example.en == example
    assert set(tags) <= set(concept.tags)
    assert concept.definition.zh and concept.example.zh and concept.tags


NOTES_CONCEPTS = {
    # id: a sentence of the notes that must appear verbatim in the Chinese text
    "gradient": "梯度是损失函数对模型参数（例如权重和偏置）的偏导数",
    "derivative": None,
    "chain-rule": None,
    "mean-squared-error": "均方误差（MSE）",
    "cross-entropy": "交叉熵（cross-entropy）",
    "forward-propagation": "输入数据经过各层神经元计算，最终输出预测值",
    "gradient-descent": "沿着梯度的反方向调整参数",
    "backpropagation": "从输出层向输入层",
    "word-embedding": "词向量是一种将文字（词语）转换为向量（数字数组）的技术",
    "one-hot-encoding": "只有一个位置是 1，其他都是 0",
    "word2vec": "基于上下文训练词向量，让相似的词在向量空间中更近",
    "cbow": "预测中间词",
    "skip-gram": "根据中间词预测周围词",
    "glove": None,
    "fasttext": None,
    "contextual-embedding": None,
    "language-model": "根据已有的词或句子，预测下一个最可能出现的词",
    "attention": "综合所有输入的信息",
    "query-key-value": None,
    "transformer": "完全摒弃了循环结构",
    "transformer-encoder": None,
    "transformer-decoder": None,
    "bert": None,
    "gpt": None,
}


@pytest.mark.parametrize(("concept_id", "sentence"), NOTES_CONCEPTS.items())
def test_notes_concept_is_present(concept_id, sentence):
    library = load_library(BUNDLED_CONTENT)
    concept = library[concept_id]
    if sentence:
        chinese = concept.definition.zh + (concept.example.zh if concept.example else "")
        assert sentence in chinese
        assert sentence in (DATA / "seed_notes.md").read_text("utf-8")


def test_notes_formulas_are_kept():
    library = load_library(BUNDLED_CONTENT)
    assert "\\sqrt{d_k}" in library["attention"].formula
    assert "\\eta" in library["gradient-descent"].formula


def test_every_concept_is_complete():
    library = load_library(BUNDLED_CONTENT)
    for concept in library:
        assert concept.example is not None, concept.id
        assert concept.tags, concept.id
