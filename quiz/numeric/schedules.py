"""Numeric templates for engine.schedules and the AdamW / clipping additions of engine.optim:
learning rate during warmup, cosine annealing, one AdamW step, gradient-norm clipping."""

from __future__ import annotations

import math

import numpy as np

from engine.hyperparams import steps_per_epoch
from engine.optim import Adam, AdamW, clip_grad_norm
from engine.schedules import cosine_lr, warmup_lr
from quiz.numeric.base import (
    NON_NEGATIVE,
    Degenerate,
    Distractor,
    Mistake,
    Problem,
    as_value,
    bilingual,
    factor,
    fmt,
    near_halfway,
    rounded,
    sig_unit,
    template,
    unique,
)

NO_WARMUP = Mistake(
    "warmup-ignored",
    bilingual(
        "During warmup the rate is still climbing: base_lr · step / warmup_steps.",
        "预热阶段学习率仍在线性上升：base_lr · step / warmup_steps。",
    ),
)
OFF_BY_ONE = Mistake(
    "off-by-one",
    bilingual(
        "Steps count from 0 (the rate is 0 at step 0): use step, not step + 1.",
        "步数从 0 开始计（第 0 步的学习率为 0）：用 step，而不是 step + 1。",
    ),
)
COUNTED_FROM_ONE = Mistake(
    "counted-from-one",
    bilingual(
        "The rate at step t is base_lr · t / warmup_steps: step 1 already has "
        "base_lr / warmup_steps, so do not use t − 1.",
        "第 t 步的学习率是 base_lr · t / warmup_steps：第 1 步就已经是 base_lr / warmup_steps，"
        "所以不要用 t − 1。",
    ),
)
BASE_LR_FORGOTTEN = Mistake(
    "base-lr-forgotten",
    bilingual(
        "step / warmup_steps is the fraction of the warmup done; multiply it by base_lr.",
        "step / warmup_steps 是预热完成的比例；还要乘以 base_lr。",
    ),
)
WARMUP_INVERTED = Mistake(
    "warmup-inverted",
    bilingual(
        "Warmup rises from 0 to base_lr; base_lr · (1 − step / warmup_steps) decays instead.",
        "预热是从 0 升到 base_lr；base_lr · (1 − step / warmup_steps) 则是在衰减。",
    ),
)
MIN_LR_FORGOTTEN = Mistake(
    "min-lr-forgotten",
    bilingual(
        "The cosine runs between min_lr and base_lr: "
        "lr = min_lr + (base_lr − min_lr)(1 + cos(π t / T)) / 2.",
        "余弦曲线在 min_lr 与 base_lr 之间变化："
        "lr = min_lr + (base_lr − min_lr)(1 + cos(π t / T)) / 2。",
    ),
)
LINEAR_DECAY = Mistake(
    "linear-decay",
    bilingual(
        "Cosine annealing follows (1 + cos(π t / T)) / 2, not the straight line 1 − t / T: "
        "it decays slowly at first and at the end.",
        "余弦退火按 (1 + cos(π t / T)) / 2 变化，而不是直线 1 − t / T：开始和结束时都衰减得较慢。",
    ),
)
PI_FORGOTTEN = Mistake(
    "pi-forgotten",
    bilingual(
        "The angle is π t / T in radians, so the cosine goes from 1 to −1 over the schedule.",
        "角度是 π t / T（弧度），这样整个调度中余弦值从 1 变到 −1。",
    ),
)
HALF_FORGOTTEN = Mistake(
    "one-plus-cos-over-two-forgotten",
    bilingual(
        "The factor is (1 + cos(π t / T)) / 2, which goes from 1 to 0; cos(π t / T) alone "
        "goes from 1 to −1.",
        "系数是 (1 + cos(π t / T)) / 2，从 1 变到 0；只用 cos(π t / T) 则是从 1 变到 −1。",
    ),
)
DEGREES_NOT_RADIANS = Mistake(
    "degrees-not-radians",
    bilingual(
        "π t / T is an angle in radians; a calculator in degree mode gives cos ≈ 1.",
        "π t / T 是以弧度为单位的角；计算器处于角度模式时会得到 cos ≈ 1。",
    ),
)
RISING_COSINE = Mistake(
    "cosine-sign-flipped",
    bilingual(
        "The schedule starts at base_lr: the factor is (1 + cos(π t / T)) / 2, not "
        "(1 − cos(π t / T)) / 2, which starts at min_lr and rises.",
        "调度从 base_lr 开始：系数是 (1 + cos(π t / T)) / 2，"
        "而不是从 min_lr 开始上升的 (1 − cos(π t / T)) / 2。",
    ),
)
ADAM_WITH_L2 = Mistake(
    "adam-with-l2",
    bilingual(
        "AdamW decays the weight directly, p ← p(1 − lr·λ), and gives Adam the plain "
        "gradient; adding λp to the gradient (Adam + L2) lets Adam normalize the decay away.",
        "AdamW 直接衰减权重 p ← p(1 − lr·λ)，再把原始梯度交给 Adam；"
        "把 λp 加到梯度上（Adam + L2）会让 Adam 把衰减也归一化掉。",
    ),
)
DECAY_FORGOTTEN = Mistake(
    "decay-forgotten",
    bilingual(
        "AdamW also shrinks the weight by the factor 1 − lr·λ before the Adam step.",
        "AdamW 在 Adam 更新之前还要把权重乘以 1 − lr·λ。",
    ),
)
DECAY_WITHOUT_LR = Mistake(
    "decay-without-lr",
    bilingual(
        "The decay is scaled by the learning rate: p ← p(1 − lr·λ), not p(1 − λ).",
        "衰减要乘以学习率：p ← p(1 − lr·λ)，而不是 p(1 − λ)。",
    ),
)
BIAS_CORRECTION_FORGOTTEN = Mistake(
    "bias-correction-forgotten",
    bilingual(
        "At step 1, m = (1 − β₁) g and v = (1 − β₂) g² are tiny; dividing by 1 − β₁ and "
        "1 − β₂ (bias correction) gives m̂ = g and v̂ = g², so Adam moves by lr, not by "
        "lr · 0.1 / sqrt(0.001) ≈ 3.16 lr.",
        "第 1 步时 m = (1 − β₁) g、v = (1 − β₂) g² 都很小；除以 1 − β₁ 和 1 − β₂（偏差修正）后 "
        "m̂ = g、v̂ = g²，所以 Adam 移动 lr，而不是 lr · 0.1 / sqrt(0.001) ≈ 3.16 lr。",
    ),
)
PLAIN_GRADIENT_STEP = Mistake(
    "plain-gradient-step",
    bilingual(
        "Adam divides m̂ by sqrt(v̂): at step 1 the move is lr · g / |g| = lr in size, "
        "not lr · g as in SGD.",
        "Adam 要用 m̂ 除以 sqrt(v̂)：第 1 步的移动量是 lr · g / |g|，大小为 lr，"
        "而不是 SGD 那样的 lr · g。",
    ),
)
L1_NORM = Mistake(
    "l1-norm",
    bilingual(
        "clip_grad_norm_ uses the L2 norm sqrt(Σ g²) of all gradients together, not Σ|g|.",
        "clip_grad_norm_ 使用所有梯度合起来的 L2 范数 sqrt(Σ g²)，而不是 Σ|g|。",
    ),
)
SQRT_FORGOTTEN = Mistake(
    "sqrt-forgotten",
    bilingual(
        "The norm is the square root of the sum of squares.",
        "范数是平方和的平方根。",
    ),
)
MAX_ABS = Mistake(
    "max-abs",
    bilingual(
        "The norm covers every entry together, sqrt(Σ g²), not only the largest |g|.",
        "范数把所有元素一起算在内 sqrt(Σ g²)，而不只是最大的 |g|。",
    ),
)
VALUE_CLIPPING = Mistake(
    "value-clipping",
    bilingual(
        "Norm clipping rescales the whole vector (keeping its direction); clamping each "
        "entry to [−c, c] is clip_grad_value_, a different operation.",
        "按范数裁剪是整体缩放向量（方向不变）；"
        "把每个元素截断到 [−c, c] 是 clip_grad_value_，是另一种操作。",
    ),
)
RMS_NOT_NORM = Mistake(
    "rms-not-norm",
    bilingual(
        "The norm is sqrt(Σ g²), not the root-mean-square sqrt(Σ g² / n): do not divide by "
        "the number of entries.",
        "范数是 sqrt(Σ g²)，而不是均方根 sqrt(Σ g² / n)：不要除以元素个数。",
    ),
)
EXCESS_SHARE = Mistake(
    "share-cut-off",
    bilingual(
        "(‖g‖ − max_norm) / ‖g‖ is the share of the norm that is cut off; the gradient is "
        "multiplied by what is kept, max_norm / ‖g‖.",
        "(‖g‖ − max_norm) / ‖g‖ 是被裁掉的那部分比例；梯度要乘以保留的比例 max_norm / ‖g‖。",
    ),
)
NOT_CLIPPED = Mistake(
    "not-clipped",
    bilingual(
        "The norm exceeds max_norm, so the gradient must be scaled down.",
        "范数超过了 max_norm，所以梯度需要按比例缩小。",
    ),
)


@template(
    "warmup-learning-rate",
    engines=["engine.schedules:warmup_lr"],
    title=("Learning rate during linear warmup", "线性预热阶段的学习率"),
    abs=1e-7,
    valid=NON_NEGATIVE,
)
def warmup_learning_rate(rng: np.random.Generator) -> Problem:
    """lr = base_lr · min(step, W) / W."""
    base_lr = float(rng.choice([0.1, 0.3, 0.5, 1.0]))
    warmup = int(rng.choice([100, 500, 1000, 2000, 4000]))
    step = int(rng.integers(1, warmup // 10)) * 10 - int(rng.integers(0, 2))
    if not 0 < step < warmup:
        raise Degenerate("the step must fall inside the warmup")
    answer = warmup_lr(step, base_lr, warmup)
    if answer < 0.01:
        raise Degenerate("four decimals must show the answer to 1%")
    return Problem(
        prompt=bilingual(
            f"A training run warms its learning rate up linearly from 0 (at step 0) to "
            f"base_lr = {fmt(base_lr)} over {warmup} steps, and then keeps it there. What is "
            f"the learning rate at step {step}?",
            f"一次训练把学习率从 0（第 0 步）在 {warmup} 步内线性预热到 base_lr = {fmt(base_lr)}，"
            f"之后保持不变。第 {step} 步的学习率是多少？",
        ),
        answer=answer,
        solution=bilingual(
            f"lr = base_lr · step / warmup_steps = {fmt(base_lr)} × {step} / {warmup} "
            f"= {fmt(answer)}.",
            f"lr = base_lr · step / warmup_steps = {fmt(base_lr)} × {step} / {warmup} "
            f"= {fmt(answer)}。",
        ),
        params={"step": step, "base_lr": base_lr, "warmup_steps": warmup},
        distractors=unique(
            answer,
            Distractor(base_lr, NO_WARMUP),
            Distractor(warmup_lr(step + 1, base_lr, warmup), OFF_BY_ONE),
            Distractor(base_lr - answer, WARMUP_INVERTED),
            Distractor(warmup_lr(step - 1, base_lr, warmup), COUNTED_FROM_ONE),
            Distractor(step / warmup, BASE_LR_FORGOTTEN),
        ),
    )


@template(
    "cosine-learning-rate",
    engines=["engine.schedules:cosine_lr"],
    title=("Learning rate under cosine annealing", "余弦退火下的学习率"),
    abs=1e-7,
    valid=NON_NEGATIVE,
)
def cosine_learning_rate(rng: np.random.Generator) -> Problem:
    """lr = min_lr + (base_lr − min_lr)(1 + cos(π t / T)) / 2."""
    base_lr = float(rng.choice([0.1, 0.2, 0.5, 1.0]))
    min_lr = round(float(rng.choice([0.0, 0.1, 0.01])) * base_lr, 6)
    total = int(rng.choice([100, 200, 1000]))
    step = int(rng.integers(1, 10)) * total // 10
    answer = cosine_lr(step, base_lr, total, min_lr)
    cosine = math.cos(math.pi * step / total)
    if answer < 0.01:
        raise Degenerate("four decimals must show the answer to 1%")
    span = base_lr - min_lr
    degrees = math.cos(math.radians(math.pi * step / total))
    return Problem(
        prompt=bilingual(
            f"A cosine schedule (CosineAnnealingLR) takes the learning rate from "
            f"base_lr = {fmt(base_lr)} down to min_lr = {fmt(min_lr)} over T = {total} steps. "
            f"What is the learning rate at step t = {step}?",
            f"余弦调度（CosineAnnealingLR）在 T = {total} 步内把学习率从 base_lr = {fmt(base_lr)} "
            f"降到 min_lr = {fmt(min_lr)}。第 t = {step} 步的学习率是多少？",
        ),
        answer=answer,
        solution=bilingual(
            f"1. cos(π t / T) = cos(π · {step} / {total}) = {fmt(cosine, 5)}.\n"
            f"2. lr = min_lr + (base_lr − min_lr)(1 + cos) / 2 = {fmt(min_lr)} + "
            f"{fmt(base_lr - min_lr)} × (1 + {factor(cosine, 5)}) / 2 = {fmt(answer)}.",
            f"1. cos(π t / T) = cos(π · {step} / {total}) = {fmt(cosine, 5)}。\n"
            f"2. lr = min_lr + (base_lr − min_lr)(1 + cos) / 2 = {fmt(min_lr)} + "
            f"{fmt(base_lr - min_lr)} × (1 + {factor(cosine, 5)}) / 2 = {fmt(answer)}。",
        ),
        params={"step": step, "base_lr": base_lr, "total_steps": total, "min_lr": min_lr},
        distractors=unique(
            answer,
            Distractor(base_lr * (1 + cosine) / 2, MIN_LR_FORGOTTEN),
            Distractor(min_lr + span * (1 + math.cos(step / total)) / 2, PI_FORGOTTEN),
            Distractor(base_lr - span * step / total, LINEAR_DECAY),
            Distractor(min_lr + span * cosine, HALF_FORGOTTEN),
            Distractor(min_lr + span * (1 + degrees) / 2, DEGREES_NOT_RADIANS),
            Distractor(min_lr + span * (1 - cosine) / 2, RISING_COSINE),
        ),
    )


ADAMW_SIG = 3
"""The significant figures a typed answer to the AdamW question gives."""


@template(
    "adamw-first-step",
    engines=["engine.optim:AdamW"],
    title=("One AdamW step versus Adam with L2", "AdamW 的一步与 Adam + L2 的比较"),
    rel=1e-3,
    abs=1e-4,
    sig=ADAMW_SIG,
)
def adamw_first_step(rng: np.random.Generator) -> Problem:
    """p ← p(1 − lr·λ) − lr · m̂ / (sqrt(v̂) + ε); at step 1, m̂ / sqrt(v̂) = sign(g)."""
    p = float(rounded(rng, -3.0, 3.0))
    g = float(rounded(rng, -0.5, 0.5, decimals=2))
    lr = float(rng.choice([0.01, 0.05, 0.1]))
    wd = float(rng.choice([0.5, 1.0, 2.0]))
    if g == 0 or p == 0 or np.sign(g + wd * p) == np.sign(g):
        raise Degenerate("the L2 term must flip the sign of the gradient to tell them apart")
    answer = AdamW(lr, weight_decay=wd).step([np.array([p])], [np.array([g])])[0][0]
    if near_halfway(float(answer), ADAMW_SIG):
        # By hand m̂ / sqrt(v̂) = sign(g) exactly, and p(1 − lr·λ) − lr·sign(g) has at most
        # four decimals, often a …5 right at the rounding point; ε moves the key by about
        # lr·ε/|g| to one side of it, so the right working could round the other way.
        raise Degenerate("the key sits at a rounding halfway point that ε decides")
    if abs(float(answer) - p) < sig_unit(float(answer), ADAMW_SIG):
        # lr·λ·p = lr·sign(g): the decay and Adam's step cancel, and "nothing changes"
        # (a guess, or forgetting both) would give the key.
        raise Degenerate("the weight must move visibly")
    adam_l2 = Adam(lr).step([np.array([p])], [np.array([g + wd * p])])[0][0]
    plain = Adam(lr).step([np.array([p])], [np.array([g])])[0][0]
    decayed = p * (1 - lr * wd)
    adam_part = plain - p
    return Problem(
        prompt=bilingual(
            f"A weight p = {fmt(p)} has the gradient g = {fmt(g)} at the first step of "
            f"torch.optim.AdamW(lr={fmt(lr)}, weight_decay={fmt(wd)}) (betas 0.9, 0.999, "
            "eps 1e-8). What is p after the step?",
            f"权重 p = {fmt(p)} 在 torch.optim.AdamW(lr={fmt(lr)}, weight_decay={fmt(wd)})"
            f"（betas 0.9、0.999，eps 1e-8）的第一步中梯度为 g = {fmt(g)}。更新后 p 是多少？",
        ),
        answer=float(answer),
        solution=bilingual(
            f"1. Decoupled decay: p(1 − lr·λ) = {fmt(p)} × (1 − {fmt(lr)}·{fmt(wd)}) "
            f"= {fmt(decayed)}.\n"
            f"2. Adam's first step on g alone: m̂ = g and v̂ = g², so it moves by "
            f"−lr · g / |g| = {fmt(adam_part)}.\n"
            f"3. p = {fmt(decayed)} + {factor(adam_part)} = {fmt(answer)}. (Adam + L2 would "
            f"feed g + λp = {fmt(g + wd * p)} to Adam and give {fmt(adam_l2)}.)",
            f"1. 解耦的权重衰减：p(1 − lr·λ) = {fmt(p)} × (1 − {fmt(lr)}·{fmt(wd)}) "
            f"= {fmt(decayed)}。\n"
            "2. Adam 只对 g 做第一步：m̂ = g，v̂ = g²，"
            f"所以移动 −lr · g / |g| = {fmt(adam_part)}。\n"
            f"3. p = {fmt(decayed)} + {factor(adam_part)} = {fmt(answer)}。（Adam + L2 会把 "
            f"g + λp = {fmt(g + wd * p)} 交给 Adam，得到 {fmt(adam_l2)}。）",
        ),
        params={"p": p, "g": g, "lr": lr, "weight_decay": wd},
        distractors=unique(
            float(answer),
            Distractor(float(adam_l2), ADAM_WITH_L2),
            Distractor(float(plain), DECAY_FORGOTTEN),
            Distractor(float(p * (1 - wd) + adam_part), DECAY_WITHOUT_LR),
            Distractor(
                float(decayed + adam_part * 0.1 / math.sqrt(0.001)), BIAS_CORRECTION_FORGOTTEN
            ),
            Distractor(float(decayed - lr * g), PLAIN_GRADIENT_STEP),
        ),
    )


WARMUP_OVER_ONE_EPOCH = Mistake(
    "warmup-over-one-epoch",
    bilingual(
        "warmup_ratio is a fraction of ALL training steps (epochs × steps per epoch), not "
        "of one epoch.",
        "warmup_ratio 是占全部训练步数（轮数 × 每轮步数）的比例，而不是占一轮的比例。",
    ),
)
WARMUP_IN_EXAMPLES = Mistake(
    "warmup-counted-in-examples",
    bilingual(
        "Schedulers count optimizer steps, one per minibatch: an epoch of N examples in "
        "batches of B is N / B steps, not N.",
        "调度器按优化器的更新步数计数，每个小批量一步：N 个样本、批量大小 B 的一轮是 N / B 步，"
        "而不是 N 步。",
    ),
)


@template(
    "warmup-from-a-ratio",
    engines=["engine.schedules:warmup_lr", "engine.hyperparams:steps_per_epoch"],
    title=("Warmup given as a fraction of training", "按训练比例给出的预热"),
    abs=1e-7,
    valid=NON_NEGATIVE,
)
def warmup_from_a_ratio(rng: np.random.Generator) -> Problem:
    """W = ratio · epochs · N / B steps; lr = base_lr · step / W inside the warmup."""
    batch = int(rng.choice([16, 32, 64, 128]))
    examples = batch * int(rng.choice([50, 100, 125, 200, 250, 500]))
    per_epoch = steps_per_epoch(examples, batch)
    epochs = int(rng.choice([4, 5, 10, 20]))
    ratio = float(rng.choice([0.05, 0.1, 0.2]))
    base_lr = float(rng.choice([0.001, 0.0005, 0.0003, 0.002]))
    warmup = round(ratio * epochs * per_epoch)
    if warmup != ratio * epochs * per_epoch or warmup < 20:
        raise Degenerate("the warmup must be a whole number of steps")
    step = int(rng.integers(2, warmup // 5)) * 5 - int(rng.integers(0, 2))
    if not 1 < step < warmup:
        raise Degenerate("the step must fall inside the warmup")
    answer = warmup_lr(step, base_lr, warmup)
    total = epochs * per_epoch
    return Problem(
        prompt=bilingual(
            f"A model is trained for {epochs} epochs on {fmt(examples)} examples with batch "
            f"size {batch} (one optimizer step per batch). The learning rate warms up "
            f"linearly from 0 at step 0 to {fmt(base_lr)} over the first "
            f"warmup_ratio = {fmt(ratio)} of all training steps. What is the learning rate at "
            f"step {step}?",
            f"一个模型在 {fmt(examples)} 个样本上训练 {epochs} 轮，批量大小 {batch}"
            "（每个批量更新一次）。"
            f"学习率在全部训练步数的前 warmup_ratio = {fmt(ratio)} 内从第 0 步的 0 线性预热到 "
            f"{fmt(base_lr)}。第 {step} 步的学习率是多少？",
        ),
        answer=answer,
        solution=bilingual(
            f"1. Steps per epoch: {fmt(examples)} / {batch} = {per_epoch}; all training: "
            f"{epochs} × {per_epoch} = {fmt(total)} steps.\n"
            f"2. Warmup: {fmt(ratio)} × {fmt(total)} = {warmup} steps.\n"
            f"3. lr = {fmt(base_lr)} × {step} / {warmup} = {fmt(answer)}.",
            f"1. 每轮步数：{fmt(examples)} / {batch} = {per_epoch}；全部训练："
            f"{epochs} × {per_epoch} = {fmt(total)} 步。\n"
            f"2. 预热：{fmt(ratio)} × {fmt(total)} = {warmup} 步。\n"
            f"3. lr = {fmt(base_lr)} × {step} / {warmup} = {fmt(answer)}。",
        ),
        params={
            "examples": examples,
            "batch_size": batch,
            "epochs": epochs,
            "warmup_ratio": ratio,
            "base_lr": base_lr,
            "step": step,
        },
        distractors=unique(
            answer,
            Distractor(warmup_lr(step, base_lr, round(ratio * per_epoch)), WARMUP_OVER_ONE_EPOCH),
            Distractor(base_lr * step / (ratio * epochs * examples), WARMUP_IN_EXAMPLES),
            Distractor(base_lr, NO_WARMUP),
            Distractor(warmup_lr(step - 1, base_lr, warmup), COUNTED_FROM_ONE),
            Distractor(warmup_lr(step + 1, base_lr, warmup), OFF_BY_ONE),
        ),
    )


WARMUP_NOT_SUBTRACTED = Mistake(
    "warmup-not-subtracted",
    bilingual(
        "The cosine starts when the warmup ends: use t − W steps into a cosine of length "
        "T − W, not t out of T.",
        "余弦阶段在预热结束时才开始：要用余弦阶段内的第 t − W 步、总长 T − W，而不是 t 和 T。",
    ),
)


def after_warmup(mistake: Mistake) -> Mistake:
    """``mistake`` with its cosine written for the phase after a warmup of W steps: the
    cosine's own step t − W out of T − W, not t out of T (which is another mistake,
    warmup-not-subtracted).

    Examples
    --------
    >>> after_warmup(LINEAR_DECAY).hint.en.split(", not")[0]
    'Cosine annealing follows (1 + cos(π (t − W) / (T − W))) / 2'
    """

    def rewrite(text: str) -> str:
        return text.replace("π t / T", "π (t − W) / (T − W)").replace(
            "1 − t / T", "1 − (t − W) / (T − W)"
        )

    return Mistake(mistake.name, bilingual(rewrite(mistake.hint.en), rewrite(mistake.hint.zh)))


@template(
    "cosine-after-warmup",
    engines=["engine.schedules:cosine_lr"],
    title=("Cosine decay after a warmup", "预热之后的余弦衰减"),
    abs=1e-7,
    valid=NON_NEGATIVE,
)
def cosine_after_warmup(rng: np.random.Generator) -> Problem:
    """For t ≥ W: lr = min_lr + (base_lr − min_lr)(1 + cos(π (t − W) / (T − W))) / 2."""
    base_lr = float(rng.choice([0.1, 0.2, 0.5, 1.0]))
    min_lr = round(float(rng.choice([0.0, 0.1, 0.01])) * base_lr, 6)
    warmup = int(rng.choice([100, 200, 500]))
    length = int(rng.choice([1000, 2000, 4000]))
    total = warmup + length
    into = int(rng.integers(1, 10)) * length // 10
    step = warmup + into
    answer = cosine_lr(into, base_lr, length, min_lr)
    if answer < 0.01:
        raise Degenerate("four decimals must show the answer to 1%")
    cosine = math.cos(math.pi * into / length)
    span = base_lr - min_lr
    return Problem(
        prompt=bilingual(
            f"A run of T = {fmt(total)} steps warms the learning rate up linearly over the "
            f"first W = {warmup} steps to base_lr = {fmt(base_lr)}, then decays it with a "
            f"cosine that reaches min_lr = {fmt(min_lr)} at step T. What is the learning rate "
            f"at step t = {fmt(step)}?",
            f"一次共 T = {fmt(total)} 步的训练在前 W = {warmup} 步把学习率线性预热到 "
            f"base_lr = {fmt(base_lr)}，然后按余弦曲线衰减，在第 T 步降到 min_lr = {fmt(min_lr)}。"
            f"第 t = {fmt(step)} 步的学习率是多少？",
        ),
        answer=answer,
        solution=bilingual(
            f"1. The cosine phase is T − W = {fmt(length)} steps long and t is "
            f"t − W = {fmt(into)} steps into it.\n"
            f"2. cos(π · {fmt(into)} / {fmt(length)}) = {fmt(cosine, 5)}.\n"
            f"3. lr = {fmt(min_lr)} + {fmt(span)} × (1 + {factor(cosine, 5)}) / 2 = "
            f"{fmt(answer)}.",
            f"1. 余弦阶段长 T − W = {fmt(length)} 步，t 处于其中第 t − W = {fmt(into)} 步。\n"
            f"2. cos(π · {fmt(into)} / {fmt(length)}) = {fmt(cosine, 5)}。\n"
            f"3. lr = {fmt(min_lr)} + {fmt(span)} × (1 + {factor(cosine, 5)}) / 2 = "
            f"{fmt(answer)}。",
        ),
        params={
            "step": step,
            "warmup_steps": warmup,
            "total_steps": total,
            "base_lr": base_lr,
            "min_lr": min_lr,
        },
        distractors=unique(
            answer,
            Distractor(cosine_lr(step, base_lr, total, min_lr), WARMUP_NOT_SUBTRACTED),
            Distractor(base_lr * (1 + cosine) / 2, after_warmup(MIN_LR_FORGOTTEN)),
            Distractor(base_lr - span * into / length, after_warmup(LINEAR_DECAY)),
            Distractor(min_lr + span * cosine, after_warmup(HALF_FORGOTTEN)),
            Distractor(min_lr + span * (1 - cosine) / 2, after_warmup(RISING_COSINE)),
        ),
    )


def _gradients(rng: np.random.Generator) -> tuple[np.ndarray, float]:
    g = rng.integers(-6, 7, size=3).astype(float)
    max_norm = float(rng.choice([1.0, 2.0, 5.0]))
    if np.linalg.norm(g) <= max_norm * 1.2 or np.count_nonzero(g) < 2:
        raise Degenerate("the gradient must be clipped, and have two non-zero entries")
    return g, max_norm


@template(
    "gradient-clipping-scale",
    engines=["engine.optim:clip_grad_norm"],
    title=("The scale factor of gradient-norm clipping", "梯度范数裁剪的缩放系数"),
    valid=(0.0, 1.0),
)
def gradient_clipping_scale(rng: np.random.Generator) -> Problem:
    """scale = min(1, max_norm / (‖g‖₂ + 1e-6))."""
    g, max_norm = _gradients(rng)
    clipped, norm = clip_grad_norm([g], max_norm)
    answer = float(clipped[0][np.argmax(np.abs(g))] / g[np.argmax(np.abs(g))])
    squares = " + ".join(f"{factor(v)}²" for v in g)
    return Problem(
        prompt=bilingual(
            f"The gradients of a model, flattened, are g = {fmt(g)}. "
            f"torch.nn.utils.clip_grad_norm_(params, max_norm={fmt(max_norm)}) multiplies them "
            "all by one factor. What is it?",
            f"某模型的梯度展平后为 g = {fmt(g)}。torch.nn.utils.clip_grad_norm_(params, "
            f"max_norm={fmt(max_norm)}) 会把它们统一乘以一个系数。这个系数是多少？",
        ),
        answer=answer,
        solution=bilingual(
            f"1. ‖g‖₂ = sqrt({squares}) = {fmt(norm)}.\n"
            f"2. factor = min(1, max_norm / (‖g‖₂ + 1e-6)) = {fmt(max_norm)} / {fmt(norm)} "
            f"= {fmt(answer)}.",
            f"1. ‖g‖₂ = sqrt({squares}) = {fmt(norm)}。\n"
            f"2. 系数 = min(1, max_norm / (‖g‖₂ + 1e-6)) = {fmt(max_norm)} / {fmt(norm)} "
            f"= {fmt(answer)}。",
        ),
        params={"g": g.tolist(), "max_norm": max_norm},
        distractors=unique(
            answer,
            Distractor(max_norm / float(np.sum(np.abs(g))), L1_NORM),
            Distractor(max_norm / float(np.sum(g**2)), SQRT_FORGOTTEN),
            Distractor(min(1.0, max_norm / float(np.max(np.abs(g)))), MAX_ABS),
            Distractor(max_norm / float(np.sqrt(np.mean(g**2))), RMS_NOT_NORM),
            Distractor(1 - max_norm / norm, EXCESS_SHARE),
        ),
    )


@template(
    "clipped-gradient",
    engines=["engine.optim:clip_grad_norm"],
    title=("A gradient after norm clipping", "范数裁剪后的梯度"),
)
def clipped_gradient(rng: np.random.Generator) -> Problem:
    """g · min(1, max_norm / (‖g‖₂ + 1e-6))."""
    g, max_norm = _gradients(rng)
    clipped, norm = clip_grad_norm([g], max_norm)
    answer = clipped[0]
    scale = max_norm / (norm + 1e-6)
    return Problem(
        prompt=bilingual(
            f"A parameter's gradient is g = {fmt(g)} (the model's only parameter). What is "
            f"it after torch.nn.utils.clip_grad_norm_(params, max_norm={fmt(max_norm)})? "
            "Give all three entries.",
            f"某参数的梯度为 g = {fmt(g)}（模型唯一的参数）。执行 torch.nn.utils.clip_grad_norm_"
            f"(params, max_norm={fmt(max_norm)}) 之后它是多少？给出全部三个元素。",
        ),
        answer=as_value(answer),
        solution=bilingual(
            f"1. ‖g‖₂ = {fmt(norm)} > {fmt(max_norm)}, so scale by {fmt(max_norm)} / "
            f"{fmt(norm)} = {fmt(scale)}.\n"
            f"2. g · {fmt(scale)} = {fmt(answer)}: same direction, norm {fmt(max_norm)}.",
            f"1. ‖g‖₂ = {fmt(norm)} > {fmt(max_norm)}，所以乘以 {fmt(max_norm)} / {fmt(norm)} "
            f"= {fmt(scale)}。\n"
            f"2. g · {fmt(scale)} = {fmt(answer)}：方向不变，范数为 {fmt(max_norm)}。",
        ),
        params={"g": g.tolist(), "max_norm": max_norm},
        distractors=(
            Distractor(as_value(np.clip(g, -max_norm, max_norm)), VALUE_CLIPPING),
            Distractor(as_value(g * max_norm / np.sum(np.abs(g))), L1_NORM),
            Distractor(as_value(g), NOT_CLIPPED),
        ),
    )
