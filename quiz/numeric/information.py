"""Numeric templates for engine.information: entropy, KL divergence, label smoothing."""

from __future__ import annotations

import math

import numpy as np

from engine.information import (
    entropy,
    kl_divergence,
    label_smoothing_targets,
    smoothed_cross_entropy,
)
from engine.losses import cross_entropy, log_softmax
from quiz.numeric.base import (
    NON_NEGATIVE,
    PROBABILITY,
    Degenerate,
    Distractor,
    Mistake,
    Problem,
    bilingual,
    factor,
    fmt,
    rounded,
    template,
    unique,
)

BITS_NOT_NATS = Mistake(
    "log-base-2",
    bilingual(
        "The question asks for nats: use the natural logarithm ln, not log₂ (bits).",
        "题目要求以奈特（nat）为单位：用自然对数 ln，而不是 log₂（比特）。",
    ),
)
DECIMAL_LOG = Mistake(
    "log-base-10",
    bilingual(
        "Nats use the natural logarithm ln (base e), not the common log₁₀.",
        "奈特使用自然对数 ln（以 e 为底），而不是常用对数 log₁₀。",
    ),
)
UNIFORM_ASSUMED = Mistake(
    "uniform-assumed",
    bilingual(
        "ln C is the entropy of the uniform distribution, the maximum; an uneven "
        "distribution has less.",
        "ln C 是均匀分布的熵，也是最大值；不均匀的分布熵更小。",
    ),
)
GINI_INSTEAD = Mistake(
    "gini-instead",
    bilingual(
        "1 − Σ p_i² is the Gini impurity of decision trees; entropy weights each p_i by "
        "its surprisal −ln p_i.",
        "1 − Σ p_i² 是决策树中的基尼不纯度；熵是用每个 p_i 的信息量 −ln p_i 加权。",
    ),
)
WEIGHTS_FORGOTTEN = Mistake(
    "probability-weights-forgotten",
    bilingual(
        "Each surprisal −ln p_i is weighted by its probability p_i: H = −Σ p_i ln p_i, "
        "not −Σ ln p_i.",
        "每个信息量 −ln p_i 要乘以它的概率 p_i：H = −Σ p_i ln p_i，而不是 −Σ ln p_i。",
    ),
)
REVERSED_KL = Mistake(
    "reversed-kl",
    bilingual(
        "KL is not symmetric: KL(p‖q) = Σ p_i ln(p_i / q_i) weights by p and puts p on top.",
        "KL 散度不对称：KL(p‖q) = Σ p_i ln(p_i / q_i)，以 p 加权，p 在分子上。",
    ),
)
CROSS_ENTROPY_INSTEAD = Mistake(
    "cross-entropy-instead",
    bilingual(
        "KL(p‖q) is the cross-entropy −Σ p_i ln q_i minus the entropy of p.",
        "KL(p‖q) 等于交叉熵 −Σ p_i ln q_i 减去 p 的熵。",
    ),
)
ENTROPY_DIFFERENCE = Mistake(
    "entropy-difference",
    bilingual(
        "KL(p‖q) is the cross-entropy H(p, q) minus H(p), not the difference of the two "
        "entropies H(q) − H(p): it compares the distributions class by class.",
        "KL(p‖q) 是交叉熵 H(p, q) 减去 H(p)，而不是两个熵之差 H(q) − H(p)："
        "它逐个类别比较两个分布。",
    ),
)
SHARE_NOT_ADDED = Mistake(
    "true-class-share-forgotten",
    bilingual(
        "ε is spread over all C classes, the true one included: it gets 1 − ε + ε/C.",
        "ε 平均分给全部 C 个类别，真实类别也有一份：它得到 1 − ε + ε/C。",
    ),
)
OTHER_CLASSES_ONLY = Mistake(
    "other-classes-only",
    bilingual(
        "PyTorch's label_smoothing spreads ε over all C classes (ε/C each), not over the "
        "C − 1 wrong ones.",
        "PyTorch 的 label_smoothing 把 ε 平均分给全部 C 个类别（每个 ε/C），"
        "而不是只分给 C − 1 个错误类别。",
    ),
)
SHARE_OVER_OTHER_CLASSES = Mistake(
    "share-over-c-minus-one",
    bilingual(
        "Each class's share is ε/C, the C classes counted with the true one: the true class "
        "gets 1 − ε + ε/C, not 1 − ε + ε/(C − 1).",
        "每个类别分到 ε/C（C 个类别包括真实类别）：真实类别得到 1 − ε + ε/C，"
        "而不是 1 − ε + ε/(C − 1)。",
    ),
)
EPSILON_NOT_SPLIT = Mistake(
    "epsilon-not-split",
    bilingual(
        "ε is the total mass moved to the uniform part; each class gets ε/C of it.",
        "ε 是移给均匀分布部分的总概率质量；每个类别只分到 ε/C。",
    ),
)
TRUE_CLASS_SHARE_ONLY = Mistake(
    "true-class-gets-share-only",
    bilingual(
        "The true class keeps 1 − ε of its one-hot mass and then gets its share ε/C too: "
        "1 − ε + ε/C, not ε/C alone.",
        "真实类别保留独热目标的 1 − ε，再加上它的一份 ε/C：1 − ε + ε/C，而不只是 ε/C。",
    ),
)
SHARE_SUBTRACTED = Mistake(
    "share-subtracted",
    bilingual(
        "The true class loses the whole ε and gets ε/C back: 1 − ε + ε/C, not 1 − ε/C.",
        "真实类别先减去全部 ε，再分回 ε/C：1 − ε + ε/C，而不是 1 − ε/C。",
    ),
)
ONE_HOT_KEPT = Mistake(
    "one-hot-kept",
    bilingual(
        "With label_smoothing > 0 the target is no longer one-hot: every class gets ε/C.",
        "label_smoothing > 0 时目标不再是独热向量：每个类别都得到 ε/C。",
    ),
)
WRONG_CLASSES_TOTAL = Mistake(
    "wrong-classes-total",
    bilingual(
        "ε(C − 1)/C is what all the wrong classes get together; one class gets ε/C.",
        "ε(C − 1)/C 是所有错误类别合起来得到的；单个类别只得到 ε/C。",
    ),
)
SMOOTHING_FORGOTTEN = Mistake(
    "smoothing-forgotten",
    bilingual(
        "With label smoothing the target is not one-hot: every class's −log-probability "
        "counts, weighted by its smoothed target.",
        "使用标签平滑后目标不再是独热向量：每个类别的负对数概率都要按平滑后的目标加权计入。",
    ),
)
UNIFORM_TERM_SUMMED = Mistake(
    "uniform-term-summed",
    bilingual(
        "The uniform part is ε times the MEAN of −log p_k over the C classes (each class "
        "has target ε/C), not ε times their sum.",
        "均匀部分是 ε 乘以 C 个类别上 −log p_k 的平均（每个类别目标为 ε/C），而不是乘以它们的和。",
    ),
)
UNIFORM_TERM_FORGOTTEN = Mistake(
    "uniform-term-forgotten",
    bilingual(
        "Scaling the cross-entropy by 1 − ε is half of it: the loss also adds "
        "ε · mean_k(−log p_k), the cross-entropy with the uniform distribution.",
        "只把交叉熵乘以 1 − ε 只做了一半："
        "损失还要加上 ε · mean_k(−log p_k)，即与均匀分布的交叉熵。",
    ),
)

NICE_DISTRIBUTIONS = (
    (0.5, 0.25, 0.25),
    (0.7, 0.2, 0.1),
    (0.4, 0.3, 0.2, 0.1),
    (0.6, 0.3, 0.1),
    (0.5, 0.3, 0.2),
    (0.25, 0.25, 0.25, 0.25),
    (0.8, 0.1, 0.1),
    (0.4, 0.4, 0.2),
    (0.5, 0.2, 0.2, 0.1),
)


def _distribution(rng: np.random.Generator, size: int | None = None) -> np.ndarray:
    choices = [d for d in NICE_DISTRIBUTIONS if size is None or len(d) == size]
    return rng.permutation(np.array(choices[int(rng.integers(len(choices)))]))


@template(
    "entropy-of-a-distribution",
    engines=["engine.information:entropy"],
    title=("Entropy of a distribution", "分布的熵"),
    valid=NON_NEGATIVE,
)
def entropy_of_a_distribution(rng: np.random.Generator) -> Problem:
    """H(p) = −Σ p_i ln p_i in nats."""
    p = _distribution(rng)
    answer = entropy(p)
    terms = " + ".join(f"{fmt(v)} ln {fmt(v)}" for v in p)
    return Problem(
        prompt=bilingual(
            f"A model predicts the distribution p = {fmt(p)} over {p.size} classes. What is "
            "its entropy H(p) in nats (natural log)?",
            f"模型在 {p.size} 个类别上预测的分布为 p = {fmt(p)}。"
            "它的熵 H(p) 是多少奈特（自然对数）？",
        ),
        answer=answer,
        solution=bilingual(
            f"H(p) = −Σ p_i ln p_i = −({terms}) = {fmt(answer)} nats.",
            f"H(p) = −Σ p_i ln p_i = −({terms}) = {fmt(answer)} 奈特。",
        ),
        params={"p": p.tolist()},
        distractors=unique(
            answer,
            Distractor(answer / math.log(2), BITS_NOT_NATS),
            Distractor(answer / math.log(10), DECIMAL_LOG),
            Distractor(math.log(p.size), UNIFORM_ASSUMED),
            Distractor(float(1 - np.sum(p**2)), GINI_INSTEAD),
            Distractor(float(-np.sum(np.log(p))), WEIGHTS_FORGOTTEN),
        ),
    )


@template(
    "kl-divergence",
    engines=["engine.information:kl_divergence"],
    title=("KL divergence of two distributions", "两个分布的 KL 散度"),
    valid=NON_NEGATIVE,
)
def kl_divergence_question(rng: np.random.Generator) -> Problem:
    """KL(p‖q) = Σ p_i ln(p_i / q_i)."""
    size = int(rng.choice([3, 4]))
    p, q = _distribution(rng, size), _distribution(rng, size)
    answer = kl_divergence(p, q)
    if answer < 0.02:
        raise Degenerate("p and q must differ visibly")
    cross = float(-np.sum(p * np.log(q)))
    terms = " + ".join(f"{fmt(a)} ln({fmt(a)}/{fmt(b)})" for a, b in zip(p, q, strict=True))
    return Problem(
        prompt=bilingual(
            f"The data distribution is p = {fmt(p)} and a model predicts q = {fmt(q)}. What is "
            "the KL divergence KL(p‖q) in nats?",
            f"数据分布为 p = {fmt(p)}，模型预测的分布为 q = {fmt(q)}。KL 散度 KL(p‖q) 是多少奈特？",
        ),
        answer=answer,
        solution=bilingual(
            f"KL(p‖q) = Σ p_i ln(p_i / q_i) = {terms} = {fmt(answer)}.",
            f"KL(p‖q) = Σ p_i ln(p_i / q_i) = {terms} = {fmt(answer)}。",
        ),
        params={"p": p.tolist(), "q": q.tolist()},
        distractors=unique(
            answer,
            Distractor(kl_divergence(q, p), REVERSED_KL),
            Distractor(answer / math.log(2), BITS_NOT_NATS),
            Distractor(cross, CROSS_ENTROPY_INSTEAD),
            Distractor(answer / math.log(10), DECIMAL_LOG),
            Distractor(entropy(q) - entropy(p), ENTROPY_DIFFERENCE),
        ),
    )


@template(
    "label-smoothed-target",
    engines=["engine.information:label_smoothing_targets"],
    title=("A label-smoothed target", "标签平滑后的目标值"),
    valid=PROBABILITY,
)
def label_smoothed_target(rng: np.random.Generator) -> Problem:
    """t_k = (1 − ε)·1(k = y) + ε / C."""
    c = int(rng.choice([4, 5, 10]))
    epsilon = float(rng.choice([0.1, 0.2, 0.3]))
    target = int(rng.integers(c))
    true_class = bool(rng.integers(2))
    k = target if true_class else int((target + 1 + rng.integers(c - 1)) % c)
    answer = float(label_smoothing_targets(c, target, epsilon)[k])
    distractors: tuple[Distractor, ...]
    if true_class:
        asked_en, asked_zh = f"class {target} (the true class)", f"类别 {target}（真实类别）"
        distractors = (
            # Spreading ε over the C − 1 wrong classes only leaves the true class 1 − ε:
            # the value of true-class-share-forgotten, whose hint covers both slips.
            Distractor(1 - epsilon, SHARE_NOT_ADDED),
            Distractor(1 - epsilon + epsilon / (c - 1), SHARE_OVER_OTHER_CLASSES),
            Distractor(epsilon / c, TRUE_CLASS_SHARE_ONLY),
            Distractor(1.0, ONE_HOT_KEPT),
            Distractor(1 - epsilon / c, SHARE_SUBTRACTED),
        )
        steps = f"(1 − {fmt(epsilon)}) + {fmt(epsilon)}/{c} = {fmt(answer)}"
    else:
        asked_en, asked_zh = f"class {k} (a wrong class)", f"类别 {k}（一个错误类别）"
        distractors = (
            Distractor(epsilon / (c - 1), OTHER_CLASSES_ONLY),
            Distractor(epsilon, EPSILON_NOT_SPLIT),
            Distractor(0.0, ONE_HOT_KEPT),
            Distractor(epsilon * (c - 1) / c, WRONG_CLASSES_TOTAL),
        )
        steps = f"{fmt(epsilon)}/{c} = {fmt(answer)}"
    return Problem(
        prompt=bilingual(
            f"A classifier over C = {c} classes (0 to {c - 1}) is trained with "
            f"F.cross_entropy(..., label_smoothing={fmt(epsilon)}). For an example of class "
            f"{target}, what is the smoothed target probability of {asked_en}?",
            f"一个 C = {c} 类（0 到 {c - 1}）的分类器用 F.cross_entropy(..., "
            f"label_smoothing={fmt(epsilon)}) 训练。对一个类别为 {target} 的样本，"
            f"{asked_zh}平滑后的目标概率是多少？",
        ),
        answer=answer,
        solution=bilingual(
            f"t_k = (1 − ε)·1(k = y) + ε/C: {steps}.",
            f"t_k = (1 − ε)·1(k = y) + ε/C：{steps}。",
        ),
        params={"c": c, "epsilon": epsilon, "target": target, "k": k},
        distractors=distractors,
    )


@template(
    "label-smoothed-loss",
    engines=[
        "engine.information:smoothed_cross_entropy",
        "engine.information:label_smoothing_targets",
    ],
    title=("Cross-entropy with label smoothing", "带标签平滑的交叉熵"),
    valid=NON_NEGATIVE,
)
def label_smoothed_loss(rng: np.random.Generator) -> Problem:
    """−Σ_k t_k log_softmax(z)_k with t from label_smoothing_targets."""
    logits = rounded(rng, -2.0, 3.0, size=3)
    target = int(rng.integers(3))
    epsilon = float(rng.choice([0.1, 0.2, 0.3]))
    answer = smoothed_cross_entropy(logits, target, epsilon)
    log_p = log_softmax(logits)
    plain = cross_entropy(logits, target)
    if abs(answer - plain) < 0.05:
        raise Degenerate("smoothing must change the loss visibly")
    t = label_smoothing_targets(3, target, epsilon)
    mean_surprisal = float(-np.mean(log_p))
    other = np.full(3, epsilon / 2)
    other[target] = 1 - epsilon
    return Problem(
        prompt=bilingual(
            f"Logits z = {fmt(logits)} over three classes, true class {target}. What is "
            f"F.cross_entropy(z, {target}, label_smoothing={fmt(epsilon)}) (natural log)?",
            f"三个类别的 logits 为 z = {fmt(logits)}，真实类别为 {target}。"
            f"F.cross_entropy(z, {target}, label_smoothing={fmt(epsilon)}) 是多少（自然对数）？",
        ),
        answer=answer,
        solution=bilingual(
            f"1. log_softmax(z) = {fmt(log_p)}.\n"
            f"2. Smoothed targets (1 − ε)·onehot + ε/3 = {fmt(t)}, so the loss −Σ t_k log p_k "
            "is (1 − ε)(−log p_y) + ε · mean_k(−log p_k).\n"
            f"3. Loss = {fmt(1 - epsilon)} × {fmt(-log_p[target])} + {fmt(epsilon)} × "
            f"{fmt(mean_surprisal)} = {fmt(answer)} (plain cross-entropy: {fmt(plain)}).",
            f"1. log_softmax(z) = {fmt(log_p)}。\n"
            f"2. 平滑后的目标 (1 − ε)·独热 + ε/3 = {fmt(t)}，所以损失 −Σ t_k log p_k "
            "等于 (1 − ε)(−log p_y) + ε · mean_k(−log p_k)。\n"
            f"3. 损失 = {fmt(1 - epsilon)} × {fmt(-log_p[target])} + {fmt(epsilon)} × "
            f"{fmt(mean_surprisal)} = {fmt(answer)}（普通交叉熵为 {fmt(plain)}）。",
        ),
        params={"logits": logits.tolist(), "target": target, "epsilon": epsilon},
        distractors=unique(
            answer,
            Distractor(plain, SMOOTHING_FORGOTTEN),
            Distractor(float(-np.sum(other * log_p)), OTHER_CLASSES_ONLY),
            Distractor((1 - epsilon) * plain, UNIFORM_TERM_FORGOTTEN),
            Distractor(float((1 - epsilon) * plain - epsilon * np.sum(log_p)), UNIFORM_TERM_SUMMED),
        ),
    )


ONE_HOT_ENTROPY = Mistake(
    "one-hot-entropy",
    bilingual(
        "A one-hot target has entropy 0, but the smoothed target spreads ε over all classes: "
        "every class contributes −t_k ln t_k.",
        "独热目标的熵为 0，但平滑后的目标把 ε 分给了所有类别：每个类别都贡献 −t_k ln t_k。",
    ),
)
TRUE_CLASS_TERM_ONLY = Mistake(
    "true-class-term-only",
    bilingual(
        "Entropy sums over every class: the C − 1 wrong classes, each with ε/C, contribute "
        "too, not only the true class.",
        "熵要对所有类别求和：C − 1 个各得 ε/C 的错误类别也有贡献，而不只是真实类别。",
    ),
)
WRONG_CLASSES_MERGED = Mistake(
    "wrong-classes-merged",
    bilingual(
        "The C − 1 wrong classes are separate outcomes with ε/C each; lumping them into one "
        "outcome of mass ε(C − 1)/C gives a two-outcome entropy, which is too small.",
        "C − 1 个错误类别是各自独立的结果，每个 ε/C；把它们合成一个质量为 ε(C − 1)/C 的结果，"
        "得到的是两结果的熵，偏小。",
    ),
)


@template(
    "entropy-of-a-smoothed-target",
    engines=["engine.information:entropy", "engine.information:label_smoothing_targets"],
    title=("Entropy of a label-smoothed target", "标签平滑目标的熵"),
    valid=NON_NEGATIVE,
)
def entropy_of_a_smoothed_target(rng: np.random.Generator) -> Problem:
    """H(t) for t = (1 − ε + ε/C, ε/C, ..., ε/C): the floor of the smoothed cross-entropy."""
    c = int(rng.choice([3, 4, 5, 10]))
    epsilon = float(rng.choice([0.1, 0.2, 0.3]))
    t = label_smoothing_targets(c, 0, epsilon)
    answer = entropy(t)
    high, low = float(t[0]), float(t[1])
    merged = np.array([high, 1 - high])
    return Problem(
        prompt=bilingual(
            f"A classifier over C = {c} classes is trained with F.cross_entropy(..., "
            f"label_smoothing={fmt(epsilon)}), so each one-hot target becomes a smoothed "
            "distribution t. What is its entropy H(t) in nats (natural log)? (No prediction "
            "can get the loss on this example below it.)",
            f"一个 C = {c} 类的分类器用 F.cross_entropy(..., label_smoothing={fmt(epsilon)}) "
            "训练，于是每个独热目标都变成一个平滑后的分布 t。它的熵 H(t) 是多少奈特（自然对数）？"
            "（任何预测在该样本上的损失都不会低于它。）",
        ),
        answer=answer,
        solution=bilingual(
            f"1. t gives the true class 1 − ε + ε/C = {fmt(high)} and each of the {c - 1} "
            f"other classes ε/C = {fmt(low)}.\n"
            f"2. H(t) = −{fmt(high)} ln {fmt(high)} − {c - 1} × {fmt(low)} ln {fmt(low)} "
            f"= {fmt(answer)} nats.",
            f"1. t 给真实类别 1 − ε + ε/C = {fmt(high)}，给其余 {c - 1} 个类别各 ε/C = "
            f"{fmt(low)}。\n"
            f"2. H(t) = −{fmt(high)} ln {fmt(high)} − {c - 1} × {fmt(low)} ln {fmt(low)} "
            f"= {fmt(answer)} 奈特。",
        ),
        params={"c": c, "epsilon": epsilon},
        distractors=unique(
            answer,
            Distractor(0.0, ONE_HOT_ENTROPY),
            Distractor(-high * math.log(high), TRUE_CLASS_TERM_ONLY),
            Distractor(entropy(merged), WRONG_CLASSES_MERGED),
            Distractor(answer / math.log(2), BITS_NOT_NATS),
            Distractor(math.log(c), UNIFORM_ASSUMED),
        ),
    )


KL_FIRST_TERM_ONLY = Mistake(
    "first-outcome-only",
    bilingual(
        "KL sums over every outcome: for a coin, add the tails term "
        "(1 − p) ln((1 − p)/(1 − q)) to the heads term.",
        "KL 散度要对所有结果求和：对一枚硬币，还要在正面项之外加上反面项 "
        "(1 − p) ln((1 − p)/(1 − q))。",
    ),
)

ENTROPY_INSTEAD = Mistake(
    "entropy-instead",
    bilingual(
        "KL(P‖Q) = H(P, Q) − H(P): the entropy H(P) is what is subtracted from the "
        "cross-entropy, not the answer; it does not involve the model Q at all.",
        "KL(P‖Q) = H(P, Q) − H(P)：熵 H(P) 是从交叉熵中减去的那一项，而不是答案；它与模型 Q 无关。",
    ),
)


@template(
    "kl-divergence-of-two-coins",
    engines=["engine.information:kl_divergence"],
    title=("KL divergence of a coin from its model", "一枚硬币与其模型之间的 KL 散度"),
    valid=NON_NEGATIVE,
)
def kl_divergence_of_two_coins(rng: np.random.Generator) -> Problem:
    """KL(p‖q) = p ln(p/q) + (1 − p) ln((1 − p)/(1 − q)) for Bernoulli(p), Bernoulli(q)."""
    heads_p, heads_q = (float(v) / 10 for v in rng.choice(np.arange(1, 10), size=2, replace=False))
    p, q = np.array([heads_p, 1 - heads_p]), np.array([heads_q, 1 - heads_q])
    answer = kl_divergence(p, q)
    first = heads_p * math.log(heads_p / heads_q)
    second = (1 - heads_p) * math.log((1 - heads_p) / (1 - heads_q))
    return Problem(
        prompt=bilingual(
            f"A coin lands heads with probability p = {fmt(heads_p)}; a model of it says "
            f"q = {fmt(heads_q)}. What is the KL divergence KL(P‖Q) between the true and the "
            "modelled distributions of one toss, in nats (natural log)?",
            f"一枚硬币正面朝上的概率为 p = {fmt(heads_p)}；某个模型认为它是 q = {fmt(heads_q)}。"
            "单次抛掷的真实分布与模型分布之间的 KL 散度 KL(P‖Q) 是多少奈特（自然对数）？",
        ),
        answer=answer,
        solution=bilingual(
            f"KL(P‖Q) = p ln(p/q) + (1 − p) ln((1 − p)/(1 − q)) = "
            f"{fmt(heads_p)} ln({fmt(heads_p)}/{fmt(heads_q)}) + {fmt(1 - heads_p)} "
            f"ln({fmt(1 - heads_p)}/{fmt(1 - heads_q)}) = {fmt(first)} + {factor(second)} "
            f"= {fmt(answer)}.",
            f"KL(P‖Q) = p ln(p/q) + (1 − p) ln((1 − p)/(1 − q)) = "
            f"{fmt(heads_p)} ln({fmt(heads_p)}/{fmt(heads_q)}) + {fmt(1 - heads_p)} "
            f"ln({fmt(1 - heads_p)}/{fmt(1 - heads_q)}) = {fmt(first)} + {factor(second)} "
            f"= {fmt(answer)}。",
        ),
        params={"p": heads_p, "q": heads_q},
        distractors=unique(
            answer,
            Distractor(kl_divergence(q, p), REVERSED_KL),
            Distractor(first, KL_FIRST_TERM_ONLY),
            Distractor(answer / math.log(2), BITS_NOT_NATS),
            Distractor(answer / math.log(10), DECIMAL_LOG),
            Distractor(float(-np.sum(p * np.log(q))), CROSS_ENTROPY_INSTEAD),
            Distractor(entropy(p), ENTROPY_INSTEAD),
        ),
    )
