"""Independent recomputation of the schedule, AdamW and clipping templates (plain Python)."""

from __future__ import annotations

import math
from decimal import ROUND_HALF_UP, Decimal

import quiz.numeric.schedules  # for ADAMW_SIG
from quiz.numeric.base import HALFWAY_MARGIN, TEMPLATES, near_halfway


def warmup_learning_rate(params):
    return params["base_lr"] * params["step"] / params["warmup_steps"]


def cosine_learning_rate(params):
    base, low = params["base_lr"], params["min_lr"]
    return low + (base - low) * (1 + math.cos(math.pi * params["step"] / params["total_steps"])) / 2


def adamw_first_step(params):
    """Step 1: m = 0.1 g, v = 0.001 g², bias-corrected to g and g²."""
    p, g, lr, wd = params["p"], params["g"], params["lr"], params["weight_decay"]
    m_hat = (0.1 * g) / (1 - 0.9)
    v_hat = (0.001 * g * g) / (1 - 0.999)
    return p * (1 - lr * wd) - lr * m_hat / (math.sqrt(v_hat) + 1e-8)


def _scale(params):
    norm = math.sqrt(sum(v * v for v in params["g"]))
    return min(1.0, params["max_norm"] / (norm + 1e-6))


def gradient_clipping_scale(params):
    return _scale(params)


def clipped_gradient(params):
    return [v * _scale(params) for v in params["g"]]


def warmup_from_a_ratio(params):
    steps_per_epoch = math.ceil(params["examples"] / params["batch_size"])
    warmup = params["warmup_ratio"] * params["epochs"] * steps_per_epoch
    return params["base_lr"] * params["step"] / warmup


def cosine_after_warmup(params):
    base, low, warmup = params["base_lr"], params["min_lr"], params["warmup_steps"]
    progress = (params["step"] - warmup) / (params["total_steps"] - warmup)
    return low + (base - low) * (1 + math.cos(math.pi * progress)) / 2


INDEPENDENT = {
    "warmup-learning-rate": warmup_learning_rate,
    "cosine-learning-rate": cosine_learning_rate,
    "adamw-first-step": adamw_first_step,
    "gradient-clipping-scale": gradient_clipping_scale,
    "clipped-gradient": clipped_gradient,
    "warmup-from-a-ratio": warmup_from_a_ratio,
    "cosine-after-warmup": cosine_after_warmup,
}


def test_cosine_midpoint_is_half_way():
    params = {"base_lr": 1.0, "min_lr": 0.0, "step": 50, "total_steps": 100}
    assert abs(cosine_learning_rate(params) - 0.5) < 1e-12


def rounded_by_hand(x, sig):
    """``x`` to ``sig`` significant figures, halves rounded away from 0 as on paper."""
    exact = Decimal(repr(round(x, 12)))
    return float(exact.quantize(Decimal(1).scaleb(exact.adjusted() - sig + 1), ROUND_HALF_UP))


def test_the_adamw_key_never_sits_at_a_rounding_halfway_point():
    """ε moves the key by about lr·ε/|g|; by hand m̂/√v̂ = sign(g) exactly. The key stays
    HALFWAY_MARGIN units clear of a halfway point, so the working without ε, rounded to
    the figures asked for, is graded right for every seed."""
    template = TEMPLATES["adamw-first-step"]
    sig = template.precision.sig
    assert sig == quiz.numeric.schedules.ADAMW_SIG
    for seed in range(1000):
        problem = template.generate(seed)
        p, g, lr, wd = (problem.params[k] for k in ("p", "g", "lr", "weight_decay"))
        by_hand = p * (1 - lr * wd) - lr * math.copysign(1.0, g)
        assert not near_halfway(problem.answer, sig), (seed, problem.answer)
        assert template.precision.accepts(rounded_by_hand(by_hand, sig), problem.answer), seed
    assert HALFWAY_MARGIN > 0
