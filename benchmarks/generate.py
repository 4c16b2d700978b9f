"""Synthetic concept libraries for the benchmarks.

:func:`generate_library` writes ``size`` valid concept files under a folder, in the
format of ``content/<domain>/<id>.yaml``: both languages, aliases, an example,
tags, sometimes a formula and an engine reference, about 600 bytes each, like
the bundled library's files.

The prerequisites form a random DAG with the shape of a real curriculum. Each
concept has 0 to 4 prerequisites, all among the concepts generated before it
(so there is never a cycle). Most come from its own topic (a run of
:data:`TOPIC_SIZE` concepts in one domain), the rest from the library's
:data:`CORE_SIZE` core concepts, which every domain builds on. So a learning path
has tens of concepts whatever the library's size, as in a real one; a fully
random DAG would put most of the library behind every late concept.

With ``shape="deep"`` each concept but the first has 1 to 4 prerequisites:
one among the :data:`DEEP_RECENT` concepts just before it (long chains), the
rest drawn uniformly from *every* concept generated before (wide): a deep,
wide ancestry in which a late concept has most of the library behind it
(thousands of ancestors at 10,000 concepts), the worst case of a long
learning path rather than the usual one. The default shape, ``"curriculum"``,
writes the same files it always did.

The same ``size``, ``seed`` and ``shape`` always give the same files.
"""

from __future__ import annotations

import json
import random
from dataclasses import asdict, dataclass
from pathlib import Path

DOMAINS = (
    "foundations",
    "optimization",
    "regularization",
    "vision",
    "sequence",
    "nlp",
    "transformer",
)
"""The domain folders, as in the bundled library."""

TOPIC_SIZE = 40
"""Concepts per topic: a run of concepts in one domain that mostly build on each other."""

CORE_SIZE = 60
"""The first concepts generated: the foundations every topic may build on."""

PREREQUISITE_COUNT_WEIGHTS = (15, 30, 30, 15, 10)
"""How often a concept has 0, 1, 2, 3 or 4 prerequisites (relative weights)."""

SHAPES = ("curriculum", "deep")
"""The DAG shapes :func:`generate_library` writes (see the module's docstring)."""

DEEP_PREREQUISITE_COUNTS = (1, 2, 3, 4)
"""In the deep shape, how many prerequisites a concept (but the first) has, uniformly."""

DEEP_RECENT = 8
"""In the deep shape, a concept's first prerequisite is one of the this many before it."""

SAME_TOPIC_SHARE = 0.8
"""The share of prerequisites taken from the concept's own topic; the rest are core."""

ENGINE_SHARE = 0.1
"""The share of concepts with an ``engine:`` reference (``dlkg check`` imports it)."""

ENGINE_REFERENCES = (
    "engine.losses:cross_entropy",
    "engine.losses:softmax",
    "engine.optim:Adam",
    "engine.conv:conv2d",
    "engine.rnn:lstm_forward",
    "engine.attention:scaled_dot_product_attention",
)
"""Real engine functions, so that a generated library passes ``dlkg check``."""


def _words(text: str) -> tuple[str, ...]:
    return tuple(text.split())


ENGLISH_WORDS = _words(
    "gradient sparse attention layer residual network kernel stochastic adaptive "
    "normalized recurrent convolutional embedding token vector matrix weight bias "
    "activation loss entropy softmax dropout batch momentum decay scheduler encoder "
    "decoder transformer pooling stride padding feature channel sequence hidden state "
    "memory gated latent variational contrastive projection inference training "
    "regularized optimizer parameter learning rate signal window mask head position"
)
CHINESE_WORDS = _words(
    "梯度 稀疏 注意力 网络层 残差 卷积核 随机 自适应 归一化 循环 嵌入 词元 向量 矩阵 权重 "
    "偏置 激活 损失 熵 正则化 批量 动量 衰减 调度器 编码器 解码器 池化 步幅 填充 特征 通道 "
    "序列 隐藏状态 记忆 门控 潜变量 对比学习 投影 推理 训练 优化器 参数 学习率 信号 窗口 掩码"
)
FORMULAS = (
    r"y = \sigma(W x + b)",
    r"L = -\sum_i y_i \log p_i",
    r"\theta \leftarrow \theta - \eta \nabla_\theta L",
    r"h_t = \tanh(W_{hh} h_{t-1} + W_{xh} x_t)",
)


@dataclass(frozen=True)
class GeneratedLibrary:
    """A library written by :func:`generate_library`, and what the benchmarks ask of it."""

    root: Path
    size: int
    edges: int
    total_bytes: int
    deepest_id: str
    """The concept with the most ancestors: the longest learning path."""
    deepest_path_length: int
    """Its learning path's length (its ancestors and itself)."""
    sample_term_zh: str
    """The Chinese term of a concept in the middle of the library, for ``dlkg show``."""
    sample_file: Path
    """A concept file the benchmarks edit to measure a re-check after one change."""


@dataclass
class _Concept:
    id: str
    term_en: str
    term_zh: str
    domain: str
    prerequisites: list[str]


def _english(rng: random.Random, words: int) -> str:
    text = " ".join(rng.choice(ENGLISH_WORDS) for _ in range(words))
    return text[0].upper() + text[1:] + "."


def _chinese(rng: random.Random, words: int) -> str:
    return "".join(rng.choice(CHINESE_WORDS) for _ in range(words)) + "。"


def _plan(size: int, rng: random.Random) -> list[_Concept]:
    """The concepts in generation order: names, domains and prerequisites."""
    concepts: list[_Concept] = []
    core: list[str] = []
    topic: list[str] = []
    domain = DOMAINS[0]
    for index in range(size):
        in_core = index < CORE_SIZE
        if not in_core and (index - CORE_SIZE) % TOPIC_SIZE == 0:
            domain, topic = rng.choice(DOMAINS), []
        first, second = rng.sample(ENGLISH_WORDS, 2)
        count = rng.choices(range(len(PREREQUISITE_COUNT_WEIGHTS)), PREREQUISITE_COUNT_WEIGHTS)[0]
        local = core if in_core else topic
        prerequisites: list[str] = []
        for _ in range(count):
            pool = local if local and rng.random() < SAME_TOPIC_SHARE else core
            candidate = rng.choice(pool) if pool else None
            if candidate is not None and candidate not in prerequisites:
                prerequisites.append(candidate)
        concept = _Concept(
            id=f"{first}-{second}-{index:05d}",
            term_en=f"{first.capitalize()} {second} {index}",
            term_zh=f"{rng.choice(CHINESE_WORDS)}{rng.choice(CHINESE_WORDS)} {index}",
            domain=domain,
            prerequisites=prerequisites,
        )
        concepts.append(concept)
        (core if in_core else topic).append(concept.id)
    return concepts


def _plan_deep(size: int, rng: random.Random) -> list[_Concept]:
    """The deep shape: one prerequisite among the few just before, the rest among all before."""
    concepts: list[_Concept] = []
    for index in range(size):
        first, second = rng.sample(ENGLISH_WORDS, 2)
        count = min(index, rng.choice(DEEP_PREREQUISITE_COUNTS))
        picked = rng.sample(range(index), count)
        if index:  # one recent prerequisite: the chains that make the ancestry deep
            recent = rng.randrange(max(0, index - DEEP_RECENT), index)
            picked = [recent, *(other for other in picked if other != recent)][:count]
        concepts.append(
            _Concept(
                id=f"{first}-{second}-{index:05d}",
                term_en=f"{first.capitalize()} {second} {index}",
                term_zh=f"{rng.choice(CHINESE_WORDS)}{rng.choice(CHINESE_WORDS)} {index}",
                domain=DOMAINS[(index // TOPIC_SIZE) % len(DOMAINS)],
                prerequisites=[concepts[other].id for other in picked],
            )
        )
    return concepts


def _flow_list(items: list[str]) -> str:
    return "[" + ", ".join(items) + "]"


def concept_text(concept: _Concept, related: list[str], rng: random.Random) -> str:
    """The YAML text of one generated concept (about 600 bytes)."""
    lines = [
        f"id: {concept.id}",
        "term:",
        f"  en: {concept.term_en}",
        f"  zh: {concept.term_zh}",
        f"aliases: [{concept.term_en.lower()} method, {concept.term_zh}法]",
        "definition:",
        f'  en: "{_english(rng, 13)}"',
        f'  zh: "{_chinese(rng, 11)}"',
        "example:",
        f'  en: "{_english(rng, 8)}"',
        f'  zh: "{_chinese(rng, 6)}"',
    ]
    if rng.random() < 0.2:
        lines.append(f"formula: '{rng.choice(FORMULAS)}'")
    tags = [rng.choice(CHINESE_WORDS), rng.choice(ENGLISH_WORDS), concept.domain]
    lines.append(f"tags: {_flow_list(sorted(set(tags)))}")
    lines.append(f"prerequisites: {_flow_list(concept.prerequisites)}")
    lines.append(f"related: {_flow_list(related)}")
    if rng.random() < ENGINE_SHARE:
        lines.append(f"engine: {rng.choice(ENGINE_REFERENCES)}")
    return "\n".join(lines) + "\n"


def _ancestor_counts(concepts: list[_Concept]) -> dict[str, int]:
    """How many ancestors each concept has (prerequisites always come earlier)."""
    ancestors: dict[str, frozenset[str]] = {}
    for concept in concepts:
        found: set[str] = set()
        for prerequisite in concept.prerequisites:
            found.add(prerequisite)
            found |= ancestors[prerequisite]
        ancestors[concept.id] = frozenset(found)
    return {concept_id: len(found) for concept_id, found in ancestors.items()}


DEEP_CANDIDATES = 32
"""In the deep shape, the last concepts among which the deepest is looked for."""


def _late_ancestor_counts(concepts: list[_Concept]) -> dict[str, int]:
    """The ancestor counts of the last :data:`DEEP_CANDIDATES` concepts.

    In the deep shape every late concept has most of the library behind it, and
    a set of ancestors per concept would hold billions of ids at 50,000.
    """
    prerequisites = {concept.id: concept.prerequisites for concept in concepts}
    counts = {}
    for concept in concepts[-DEEP_CANDIDATES:]:
        seen: set[str] = set()
        stack = list(concept.prerequisites)
        while stack:
            other = stack.pop()
            if other not in seen:
                seen.add(other)
                stack.extend(prerequisites[other])
        counts[concept.id] = len(seen)
    return counts


def generate_library(
    root: Path, size: int, *, seed: int = 0, shape: str = "curriculum"
) -> GeneratedLibrary:
    """Write a valid library of ``size`` concepts under ``root`` (created if missing).

    Parameters
    ----------
    root : Path
        The library folder; it gets one subfolder per domain used.
    size : int
        The number of concepts, at least 1.
    seed : int
        The same seed and size always give the same files.
    shape : str
        ``"curriculum"`` (short learning paths, as in a real library) or
        ``"deep"`` (a late concept has most of the library as ancestors).

    Returns
    -------
    GeneratedLibrary
        Where the library is, and the targets the benchmarks use.
    """
    if size < 1:
        raise ValueError(f"a library needs at least one concept, got size {size}")
    if shape not in SHAPES:
        raise ValueError(f"unknown shape {shape!r}; choose one of {', '.join(SHAPES)}")
    rng = random.Random(f"{seed}-{size}" if shape == "curriculum" else f"{seed}-{size}-{shape}")
    concepts = (_plan if shape == "curriculum" else _plan_deep)(size, rng)
    ids = [concept.id for concept in concepts]
    total_bytes = 0
    files: dict[str, Path] = {}
    for concept in concepts:
        related = [other for other in rng.sample(ids, min(2, size)) if other != concept.id]
        text = concept_text(concept, related[: rng.randint(0, 2)], rng).encode("utf-8")
        path = root / concept.domain / f"{concept.id}.yaml"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(text)
        total_bytes += len(text)
        files[concept.id] = path
    ancestor_counts = (
        _ancestor_counts(concepts) if shape == "curriculum" else _late_ancestor_counts(concepts)
    )
    deepest_id = max(
        ancestor_counts, key=lambda concept_id: (ancestor_counts[concept_id], concept_id)
    )
    sample = concepts[size // 2]
    return GeneratedLibrary(
        root=root,
        size=size,
        edges=sum(len(concept.prerequisites) for concept in concepts),
        total_bytes=total_bytes,
        deepest_id=deepest_id,
        deepest_path_length=ancestor_counts[deepest_id] + 1,
        sample_term_zh=sample.term_zh,
        sample_file=files[sample.id],
    )


GENERATED_NOTE = ".generated.json"
"""In a kept library's folder: what :func:`generate_library` returned, and the sample
file's text (hidden, so no load sees it)."""


def kept_library(
    root: Path, size: int, *, seed: int = 0, shape: str = "curriculum"
) -> GeneratedLibrary:
    """:func:`generate_library` into ``root``, or the library a run left there with the
    same size, seed and shape (generating 50,000 files takes minutes on a busy machine).

    The sample file, which the benchmarks edit and restore, is restored from the
    note, in case a run was stopped in between.
    """
    note = root / GENERATED_NOTE
    key = {"size": size, "seed": seed, "shape": shape}
    try:
        kept = json.loads(note.read_text(encoding="utf-8"))
        if kept["key"] == key:
            fields = kept["library"]
            library = GeneratedLibrary(
                **{
                    **fields,
                    "root": Path(fields["root"]),
                    "sample_file": Path(fields["sample_file"]),
                }
            )
            if library.sample_file.read_text(encoding="utf-8") != kept["sample_text"]:
                library.sample_file.write_text(kept["sample_text"], encoding="utf-8")
            return library
    except (OSError, ValueError, KeyError, TypeError):
        pass
    if root.exists() and any(root.iterdir()):
        raise ValueError(f"{root} holds something other than a kept generated library")
    library = generate_library(root, size, seed=seed, shape=shape)
    fields = {**asdict(library), "root": str(library.root), "sample_file": str(library.sample_file)}
    sample_text = library.sample_file.read_text(encoding="utf-8")
    note.write_text(
        json.dumps({"key": key, "library": fields, "sample_text": sample_text}), encoding="utf-8"
    )
    return library
