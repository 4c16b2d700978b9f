"""Numeric templates for Nesterov momentum: the second step in the card's look-ahead form
(Sutskever et al. 2013), and one step of PyTorch's equivalent form
(torch.optim.SGD(nesterov=True)), which stores the look-ahead point.

Card: mₜ = β·mₜ₋₁ + ∇L(θₜ₋₁ − η·β·mₜ₋₁), θₜ = θₜ₋₁ − η·mₜ (m₀ = 0).
PyTorch: with g the gradient at the stored p, v ← β·v + g, p ← p − η·(g + β·v).
The mistakes: the gradient at θₜ₋₁ (classical momentum), the look-ahead taken the wrong
way or without η, the step taken from the look-ahead point; in PyTorch's step the classical step
(the old velocity), the buffer not decayed, the gradient term or β left out, the sign.
"""

from __future__ import annotations

import numpy as np

from engine.optim import SGD, NesterovSGD, nesterov_momentum
from quiz.numeric.base import (
    Degenerate,
    Distractor,
    Mistake,
    Problem,
    bilingual,
    factor,
    fmt,
    near_halfway,
    template,
    unique,
)

ENGINE = "engine.optim:NesterovSGD"

CLASSICAL = Mistake(
    "classical-momentum",
    bilingual(
        "That takes the gradient at θ₁ itself, which is classical momentum; Nesterov takes it "
        "at the look-ahead point θ₁ − η·β·m₁.",
        "那是在 θ₁ 处求梯度，即经典动量法；Nesterov 在前瞻点 θ₁ − η·β·m₁ 处求梯度。",
    ),
)
LOOK_AHEAD_WRONG_WAY = Mistake(
    "look-ahead-wrong-way",
    bilingual(
        "The look-ahead point is where the velocity is about to carry θ: θ − η·β·m, in the "
        "direction of the step, not θ + η·β·m.",
        "前瞻点是速度即将把 θ 带到的位置：θ − η·β·m，与更新方向一致，而不是 θ + η·β·m。",
    ),
)
LOOK_AHEAD_WITHOUT_LR = Mistake(
    "look-ahead-without-lr",
    bilingual(
        "The velocity moves θ by η·m per step, so the look-ahead point is θ − η·β·m, not θ − β·m.",
        "速度每一步使 θ 移动 η·m，所以前瞻点是 θ − η·β·m，而不是 θ − β·m。",
    ),
)
STEPPED_FROM_LOOK_AHEAD = Mistake(
    "stepped-from-look-ahead",
    bilingual(
        "In the card's form the gradient is only EVALUATED at the look-ahead point; the step "
        "starts from θ₁: θ₂ = θ₁ − η·m₂.",
        "在卡片的形式中，前瞻点只用来计算梯度；更新仍从 θ₁ 出发：θ₂ = θ₁ − η·m₂。",
    ),
)
CLASSICAL_STEP = Mistake(
    "classical-step",
    bilingual(
        "p − η·v with the new v (the same as p − η·(g + β·v) with the OLD v) is classical "
        "momentum's step; PyTorch's Nesterov step is p − η·(g + β·v) with the new v.",
        "用新的 v 计算 p − η·v（等于用旧的 v 计算 p − η·(g + β·v)）是经典动量法的更新；"
        "PyTorch 的 Nesterov 更新是用新的 v 计算 p − η·(g + β·v)。",
    ),
)
VELOCITY_NOT_DECAYED = Mistake(
    "velocity-not-decayed",
    bilingual(
        "The buffer is multiplied by β before the gradient is added: v ← β·v + g, not v + g.",
        "动量缓冲要先乘以 β 再加上梯度：v ← β·v + g，而不是 v + g。",
    ),
)
STEP_ADDED = Mistake(
    "step-added",
    bilingual(
        "The update moves against the gradient and velocity: p − η·(g + β·v), not p + η·(…).",
        "更新方向与梯度和速度相反：p − η·(g + β·v)，而不是 p + η·(…)。",
    ),
)
GRADIENT_TERM_FORGOTTEN = Mistake(
    "gradient-term-forgotten",
    bilingual(
        "PyTorch's Nesterov step has two terms, the gradient and the damped new velocity: "
        "p − η·(g + β·v), not p − η·β·v.",
        "PyTorch 的 Nesterov 更新有两项：梯度和乘以 β 的新速度：p − η·(g + β·v)，"
        "而不是 p − η·β·v。",
    ),
)
BETA_FORGOTTEN = Mistake(
    "beta-forgotten",
    bilingual(
        "The new velocity enters the step multiplied by β: p − η·(g + β·v), not p − η·(g + v).",
        "新速度要乘以 β 再进入更新：p − η·(g + β·v)，而不是 p − η·(g + v)。",
    ),
)


@template(
    "nesterov-second-step",
    engines=[ENGINE],
    title=("The second step of Nesterov momentum", "Nesterov 动量的第二步"),
)
def nesterov_second_step(rng: np.random.Generator) -> Problem:
    """θ₂ by the card's form on L(θ) = a·θ² from θ₀ with m₀ = 0."""
    a = float(rng.choice([0.5, 1.0, 2.0]))
    theta0 = float(rng.choice([-3.0, -2.0, -1.0, 1.0, 2.0, 3.0]))
    lr = float(rng.choice([0.05, 0.1, 0.2]))
    beta = float(rng.choice([0.5, 0.8, 0.9]))
    if 2 * a * lr > 0.4:
        raise Degenerate("a step that overshoots past 0 at once hides the look-ahead")

    def grad(theta):
        return 2 * a * theta

    thetas, ms = nesterov_momentum(grad, np.array(theta0), lr, beta, 2)
    theta1, m1 = float(thetas[1]), float(ms[1])
    answer, m2 = float(thetas[2]), float(ms[2])
    look = theta1 - lr * beta * m1
    if near_halfway(answer, 3):
        raise Degenerate("a key on a rounding midpoint")

    def second(point: float) -> float:
        return theta1 - lr * (beta * m1 + grad(point))

    sgd = SGD(lr, momentum=beta)
    classical = np.array(theta0)
    for _ in range(2):
        (classical,) = sgd.step([classical], [grad(classical)])
    loss = "θ²" if a == 1 else f"{fmt(a)}·θ²"
    return Problem(
        prompt=bilingual(
            f"Minimize L(θ) = {loss} from θ₀ = {fmt(theta0)} with Nesterov momentum in the "
            "look-ahead form mₜ = β·mₜ₋₁ + ∇L(θₜ₋₁ − η·β·mₜ₋₁), θₜ = θₜ₋₁ − η·mₜ, where "
            f"m₀ = 0, η = {fmt(lr)} and β = {fmt(beta)}. What is θ₂?",
            f"从 θ₀ = {fmt(theta0)} 出发，用前瞻形式的 Nesterov 动量最小化 L(θ) = {loss}："
            "mₜ = β·mₜ₋₁ + ∇L(θₜ₋₁ − η·β·mₜ₋₁)，θₜ = θₜ₋₁ − η·mₜ，其中 "
            f"m₀ = 0，η = {fmt(lr)}，β = {fmt(beta)}。θ₂ 是多少？",
        ),
        answer=answer,
        solution=bilingual(
            f"1. ∇L(θ) = {fmt(2 * a)}θ. Step 1 (m₀ = 0, so the look-ahead point is θ₀): "
            f"m₁ = {fmt(m1)}, θ₁ = {fmt(theta0)} − {fmt(lr)} × {factor(m1)} = {fmt(theta1)}.\n"
            f"2. Look-ahead point θ₁ − η·β·m₁ = {fmt(theta1)} − {fmt(lr)} × {fmt(beta)} × "
            f"{factor(m1)} = {fmt(look)}; gradient there {fmt(grad(look))}.\n"
            f"3. m₂ = {fmt(beta)} × {factor(m1)} + {factor(grad(look))} = {fmt(m2)}; "
            f"θ₂ = {fmt(theta1)} − {fmt(lr)} × {factor(m2)} = {fmt(answer)}.",
            f"1. ∇L(θ) = {fmt(2 * a)}θ。第 1 步（m₀ = 0，前瞻点就是 θ₀）："
            f"m₁ = {fmt(m1)}，θ₁ = {fmt(theta0)} − {fmt(lr)} × {factor(m1)} = {fmt(theta1)}。\n"
            f"2. 前瞻点 θ₁ − η·β·m₁ = {fmt(theta1)} − {fmt(lr)} × {fmt(beta)} × "
            f"{factor(m1)} = {fmt(look)}；该点的梯度为 {fmt(grad(look))}。\n"
            f"3. m₂ = {fmt(beta)} × {factor(m1)} + {factor(grad(look))} = {fmt(m2)}；"
            f"θ₂ = {fmt(theta1)} − {fmt(lr)} × {factor(m2)} = {fmt(answer)}。",
        ),
        params={"a": a, "theta0": theta0, "lr": lr, "beta": beta},
        distractors=unique(
            answer,
            Distractor(float(classical), CLASSICAL),
            Distractor(second(theta1 + lr * beta * m1), LOOK_AHEAD_WRONG_WAY),
            Distractor(second(theta1 - beta * m1), LOOK_AHEAD_WITHOUT_LR),
            Distractor(look - lr * m2, STEPPED_FROM_LOOK_AHEAD),
        ),
    )


@template(
    "nesterov-pytorch-step",
    engines=[ENGINE],
    title=("One step of PyTorch's Nesterov SGD", "PyTorch 的 Nesterov SGD 的一步"),
)
def nesterov_pytorch_step(rng: np.random.Generator) -> Problem:
    """p ← p − η·(g + β·v) after v ← β·v + g, as torch.optim.SGD(nesterov=True)."""
    p = float(np.round(rng.uniform(-2.0, 2.0), 1))
    v = float(rng.choice([-2.0, -1.5, -1.0, -0.5, 0.5, 1.0, 1.5, 2.0]))
    g = float(rng.choice([-2.0, -1.0, -0.5, 0.5, 1.0, 2.0, 3.0]))
    lr = float(rng.choice([0.1, 0.2, 0.5]))
    beta = float(rng.choice([0.5, 0.8, 0.9]))
    v_new = beta * v + g
    if p == 0 or abs(v_new) < 0.2:
        raise Degenerate("a zero parameter or velocity makes mistakes coincide")
    optimizer = NesterovSGD(lr, momentum=beta)
    optimizer.velocity = [np.array([v])]  # the buffer after earlier steps
    (new,) = optimizer.step([np.array([p])], [np.array([g])])
    answer = float(new[0])
    if near_halfway(answer, 3):
        raise Degenerate("a key on a rounding midpoint")
    move = g + beta * v_new
    return Problem(
        prompt=bilingual(
            f"torch.optim.SGD(lr={fmt(lr)}, momentum={fmt(beta)}, nesterov=True) holds a "
            f"parameter p = {fmt(p)} with momentum buffer v = {fmt(v)} from earlier steps. "
            f"The gradient at p is g = {fmt(g)}. PyTorch's form updates v ← β·v + g, then "
            "p ← p − η·(g + β·v) with the new v. What is p after this step?",
            f"torch.optim.SGD(lr={fmt(lr)}, momentum={fmt(beta)}, nesterov=True) 中有一个参数 "
            f"p = {fmt(p)}，之前各步留下的动量缓冲为 v = {fmt(v)}。p 处的梯度为 g = {fmt(g)}。"
            "PyTorch 的形式先更新 v ← β·v + g，再用新的 v 计算 p ← p − η·(g + β·v)。"
            "这一步之后 p 是多少？",
        ),
        answer=answer,
        solution=bilingual(
            f"1. v ← {fmt(beta)} × {factor(v)} + {factor(g)} = {fmt(v_new)}.\n"
            f"2. g + β·v = {fmt(g)} + {fmt(beta)} × {factor(v_new)} = {fmt(move)}.\n"
            f"3. p ← {fmt(p)} − {fmt(lr)} × {factor(move)} = {fmt(answer)}.",
            f"1. v ← {fmt(beta)} × {factor(v)} + {factor(g)} = {fmt(v_new)}。\n"
            f"2. g + β·v = {fmt(g)} + {fmt(beta)} × {factor(v_new)} = {fmt(move)}。\n"
            f"3. p ← {fmt(p)} − {fmt(lr)} × {factor(move)} = {fmt(answer)}。",
        ),
        params={"p": p, "v": v, "g": g, "lr": lr, "beta": beta},
        distractors=unique(
            answer,
            Distractor(p - lr * v_new, CLASSICAL_STEP),
            Distractor(p - lr * (g + beta * (v + g)), VELOCITY_NOT_DECAYED),
            Distractor(p + lr * move, STEP_ADDED),
            Distractor(p - lr * beta * v_new, GRADIENT_TERM_FORGOTTEN),
            Distractor(p - lr * (g + v_new), BETA_FORGOTTEN),
        ),
    )
