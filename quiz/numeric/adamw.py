"""Numeric templates for engine.optim.AdamW: what decoupled weight decay does to a weight
that gets no gradient (an embedding row of a token absent from the batches, say).

With g = 0, Adam's m and v stay 0, so AdamW's only move is the decay
p ← p(1 − lr·λ) at every step: after k steps p(1 − lr·λ)^k. Adam with an L2
penalty instead feeds g = λp to Adam, which normalizes it to a step of about lr.
"""

from __future__ import annotations

import numpy as np

from engine.optim import Adam, AdamW
from quiz.numeric.base import (
    Degenerate,
    Distractor,
    Mistake,
    Problem,
    bilingual,
    fmt,
    template,
    unique,
)

ENGINE = "engine.optim:AdamW"

DECAY_WITHOUT_LR = Mistake(
    "decay-without-lr",
    bilingual(
        "The decay is scaled by the learning rate: each step multiplies by 1 − lr·λ, not 1 − λ.",
        "衰减要乘以学习率：每一步乘以 1 − lr·λ，而不是 1 − λ。",
    ),
)
DECAY_ADDED_LINEARLY = Mistake(
    "decay-added-linearly",
    bilingual(
        "Each step shrinks the weight it finds, so the factors multiply: p(1 − lr·λ)^k, not "
        "p(1 − k·lr·λ).",
        "每一步缩小的是当时的权重，所以各步的系数相乘：p(1 − lr·λ)^k，而不是 p(1 − k·lr·λ)。",
    ),
)
DECAY_ONCE = Mistake(
    "decay-applied-once",
    bilingual(
        "The decay acts at every step, not once: after k steps the factor is (1 − lr·λ)^k.",
        "衰减在每一步都起作用，而不是只作用一次：k 步之后的系数是 (1 − lr·λ)^k。",
    ),
)
NO_GRADIENT_NO_CHANGE = Mistake(
    "no-gradient-no-change",
    bilingual(
        "AdamW's weight decay does not come from the gradient: even with g = 0 every step "
        "multiplies the weight by 1 − lr·λ.",
        "AdamW 的权重衰减不来自梯度：即使 g = 0，每一步也会把权重乘以 1 − lr·λ。",
    ),
)
ADAM_WITH_L2 = Mistake(
    "adam-with-l2",
    bilingual(
        "That is Adam + L2 (torch.optim.Adam(weight_decay=λ)): it feeds g + λp to Adam, which "
        "normalizes it to steps of about lr. AdamW decays the weight directly, p(1 − lr·λ).",
        "那是 Adam + L2（torch.optim.Adam(weight_decay=λ)）：它把 g + λp 交给 Adam，"
        "Adam 将其归一化为大约 lr 的步长。AdamW 直接衰减权重 p(1 − lr·λ)。",
    ),
)


@template(
    "adamw-decay-without-gradient",
    engines=[ENGINE],
    title=("AdamW's decay on a weight with no gradient", "无梯度时 AdamW 的权重衰减"),
)
def adamw_decay_without_gradient(rng: np.random.Generator) -> Problem:
    """p_k = p₀ (1 − lr·λ)^k when every gradient is 0."""
    p = float(rng.choice([-3.0, -2.0, -1.5, -1.0, 1.0, 1.5, 2.0, 3.0]))
    lr = float(rng.choice([0.01, 0.05, 0.1]))
    wd = float(rng.choice([0.1, 0.5, 1.0]))
    steps = int(rng.choice([5, 10, 20]))
    if not 0.05 <= steps * lr * wd <= 0.8:
        raise Degenerate("the decay must show without emptying the weight")
    adamw, adam = AdamW(lr, weight_decay=wd), Adam(lr)
    weight, l2_weight = np.array([p]), np.array([p])
    for _ in range(steps):
        (weight,) = adamw.step([weight], [np.zeros(1)])
        (l2_weight,) = adam.step([l2_weight], [wd * l2_weight])
    answer = float(weight[0])
    factor = 1 - lr * wd
    undamped = p * (1 - wd) ** steps  # 0 or nearly so when λ is large: not worth offering
    return Problem(
        prompt=bilingual(
            f"A weight p = {fmt(p)} gets a zero gradient at every step (say, the embedding of "
            f"a token that never appears in the batches). What is p after {steps} steps of "
            f"torch.optim.AdamW(lr={fmt(lr)}, weight_decay={fmt(wd)}) (betas 0.9, 0.999, "
            "eps 1e-8)?",
            f"权重 p = {fmt(p)} 在每一步的梯度都为 0（比如一个从未出现在批量中的词元的嵌入）。"
            f"经过 torch.optim.AdamW(lr={fmt(lr)}, weight_decay={fmt(wd)})（betas 0.9、0.999，"
            f"eps 1e-8）的 {steps} 步之后，p 是多少？",
        ),
        answer=answer,
        solution=bilingual(
            f"1. With g = 0, Adam's m and v stay 0 and its step is 0; only the decoupled "
            f"decay acts, p ← p(1 − lr·λ) = p × {fmt(factor)} at every step.\n"
            f"2. After {steps} steps: {fmt(p)} × {fmt(factor)}^{steps} = {fmt(answer)}.",
            f"1. g = 0 时 Adam 的 m、v 保持为 0，它的更新为 0；只有解耦的权重衰减起作用，"
            f"每一步 p ← p(1 − lr·λ) = p × {fmt(factor)}。\n"
            f"2. {steps} 步之后：{fmt(p)} × {fmt(factor)}^{steps} = {fmt(answer)}。",
        ),
        params={"p": p, "lr": lr, "weight_decay": wd, "steps": steps},
        distractors=unique(
            answer,
            Distractor(undamped, DECAY_WITHOUT_LR) if abs(undamped) >= 0.01 else None,
            Distractor(p * (1 - steps * lr * wd), DECAY_ADDED_LINEARLY),
            Distractor(p * factor, DECAY_ONCE),
            Distractor(p, NO_GRADIENT_NO_CHANGE),
            Distractor(float(l2_weight[0]), ADAM_WITH_L2),
        ),
    )
