"""Demos of engine.optim: gradient descent and the optimizers step by step, and clipping.

The optimizers all minimize ``f(w) = 5·w₀² + 0.05·w₁²``, whose gradient
``(10·w₀, 0.1·w₁)`` is 100 times steeper along w₀: plain SGD's steps follow the
gradient's size, RMSprop's and Adam's do not.
"""

from __future__ import annotations

import numpy as np

from engine import optim
from engine.demos import Step

CURVATURE = np.array([10.0, 0.1])  # f(w) = 0.5 * sum(CURVATURE * w²)
LOSS_EN = "Minimize f(w) = 5·w₀² + 0.05·w₁², gradient g = (10·w₀, 0.1·w₁), from w"
LOSS_ZH = "最小化 f(w) = 5·w₀² + 0.05·w₁²，梯度 g = (10·w₀, 0.1·w₁)，起点 w"


def gradient_descent(rng: np.random.Generator) -> list[Step]:
    """Five steps of gradient descent on f(x) = (x − 3)²."""
    x0 = np.round(rng.uniform(-2, 2), 1)
    lr = 0.25
    trajectory = optim.gradient_descent(lambda x: 2 * (x - 3), np.array(x0), lr, steps=5)
    return [
        Step(
            "Minimize f(x) = (x − 3)², gradient f'(x) = 2(x − 3), from x₀",
            "最小化 f(x) = (x − 3)²，梯度 f'(x) = 2(x − 3)，起点 x₀",
            float(x0),
        ),
        Step("Learning rate η", "学习率 η", lr),
        Step(
            "Trajectory x ← x − η·f'(x): each step halves the distance to 3",
            "轨迹 x ← x − η·f'(x)：每一步把到 3 的距离减半",
            trajectory,
        ),
        Step("f along the trajectory", "轨迹上的 f 值", (trajectory - 3) ** 2),
    ]


def SGD(rng: np.random.Generator) -> list[Step]:
    """Three steps of SGD with momentum 0.9."""
    w = np.round(rng.uniform(-1, 1, size=2), 1)
    sgd = optim.SGD(lr=0.05, momentum=0.9)
    steps = [
        Step(LOSS_EN, LOSS_ZH, w),
        Step("Learning rate and momentum (lr, μ)", "学习率和动量 (lr, μ)", [0.05, 0.9]),
    ]
    for t in range(1, 4):
        g = CURVATURE * w
        (w,) = sgd.step([w], [g])
        steps += [
            Step(f"Step {t}: gradient g", f"第 {t} 步：梯度 g", g),
            Step(
                f"Step {t}: velocity v = μ·v + g" + (" (first step: v = g)" if t == 1 else ""),
                f"第 {t} 步：速度 v = μ·v + g" + ("（第一步：v = g）" if t == 1 else ""),
                _first(sgd.velocity),
            ),
            Step(f"Step {t}: w ← w − lr·v", f"第 {t} 步：w ← w − lr·v", w),
        ]
    return steps


def RMSprop(rng: np.random.Generator) -> list[Step]:
    """Three steps of RMSprop: both coordinates move at a similar pace."""
    w = np.round(rng.uniform(-1, 1, size=2), 1)
    rmsprop = optim.RMSprop(lr=0.01)
    steps = [
        Step(LOSS_EN, LOSS_ZH, w),
        Step("Learning rate and decay (lr, α)", "学习率和衰减率 (lr, α)", [0.01, 0.99]),
    ]
    for t in range(1, 4):
        g = CURVATURE * w
        (w,) = rmsprop.step([w], [g])
        steps += [
            Step(f"Step {t}: gradient g", f"第 {t} 步：梯度 g", g),
            Step(
                f"Step {t}: running mean of squares s = α·s + (1 − α)·g²",
                f"第 {t} 步：平方的滑动平均 s = α·s + (1 − α)·g²",
                _first(rmsprop.square_avg),
            ),
            Step(
                f"Step {t}: w ← w − lr·g / (√s + ε)",
                f"第 {t} 步：w ← w − lr·g / (√s + ε)",
                w,
            ),
        ]
    return steps


def Adam(rng: np.random.Generator) -> list[Step]:
    """Three steps of Adam, with the moments before and after bias correction."""
    w = np.round(rng.uniform(-1, 1, size=2), 1)
    adam = optim.Adam(lr=0.1)
    steps = [
        Step(LOSS_EN, LOSS_ZH, w),
        Step(
            "Learning rate and decays (lr, β₁, β₂)",
            "学习率和衰减率 (lr, β₁, β₂)",
            [0.1, 0.9, 0.999],
        ),
    ]
    for t in range(1, 4):
        g = CURVATURE * w
        (w,) = adam.step([w], [g])
        m_hat, v_hat = adam.bias_corrected()
        steps += [
            Step(f"Step {t}: gradient g", f"第 {t} 步：梯度 g", g),
            Step(
                f"Step {t}: first moment m = β₁·m + (1 − β₁)·g",
                f"第 {t} 步：一阶矩 m = β₁·m + (1 − β₁)·g",
                _first(adam.m),
            ),
            Step(
                f"Step {t}: second moment v = β₂·v + (1 − β₂)·g²",
                f"第 {t} 步：二阶矩 v = β₂·v + (1 − β₂)·g²",
                _first(adam.v),
            ),
            Step(
                f"Step {t}: bias-corrected m̂ = m / (1 − β₁^{t})",
                f"第 {t} 步：偏差修正 m̂ = m / (1 − β₁^{t})",
                m_hat[0],
            ),
            Step(
                f"Step {t}: bias-corrected v̂ = v / (1 − β₂^{t})",
                f"第 {t} 步：偏差修正 v̂ = v / (1 − β₂^{t})",
                v_hat[0],
            ),
            Step(
                f"Step {t}: w ← w − lr·m̂ / (√v̂ + ε)",
                f"第 {t} 步：w ← w − lr·m̂ / (√v̂ + ε)",
                w,
            ),
        ]
    return steps


def clip_grad_norm(rng: np.random.Generator) -> list[Step]:
    """Clip two gradient arrays by their joint L2 norm: the direction is kept."""
    grads = [np.round(rng.uniform(-4, 4, size=2), 1), np.round(rng.uniform(-4, 4, size=3), 1)]
    max_norm = 1.0
    clipped, total = optim.clip_grad_norm(grads, max_norm)
    return [
        Step("Gradient of the weights g⁽¹⁾", "权重的梯度 g⁽¹⁾", grads[0]),
        Step("Gradient of the bias g⁽²⁾", "偏置的梯度 g⁽²⁾", grads[1]),
        Step(
            "Global norm ‖g‖ = √(Σ every element²)",
            "全局范数 ‖g‖ = √(所有元素平方之和)",
            total,
        ),
        Step(
            f"Scale = min(1, τ / ‖g‖) with τ = {max_norm}",
            f"缩放系数 = min(1, τ / ‖g‖)，τ = {max_norm}",
            min(1.0, max_norm / (total + optim.CLIP_EPS)),
        ),
        Step("Clipped g⁽¹⁾", "裁剪后的 g⁽¹⁾", clipped[0]),
        Step("Clipped g⁽²⁾", "裁剪后的 g⁽²⁾", clipped[1]),
        Step(
            "Norm after clipping: τ, and every array shrank by the same factor",
            "裁剪后的范数：等于 τ，且每个数组按同一比例缩小",
            float(np.sqrt(sum(np.sum(g**2) for g in clipped))),
        ),
    ]


def AdamW(rng: np.random.Generator) -> list[Step]:
    """AdamW and Adam + L2 on a weight with no gradient: only AdamW's decay acts steadily."""
    w0 = float(rng.choice([1.0, 2.0, -2.0]))
    lr, wd, steps = 0.1, 0.5, 10
    adamw, adam = optim.AdamW(lr, weight_decay=wd), optim.Adam(lr)
    w_decoupled, w_l2 = np.array([w0]), np.array([w0])
    for _ in range(steps):
        (w_decoupled,) = adamw.step([w_decoupled], [np.zeros(1)])
        (w_l2,) = adam.step([w_l2], [wd * w_l2])
    return [
        Step(
            f"A weight w = {w0} whose loss gradient is 0; lr = {lr}, λ = {wd}",
            f"损失梯度为 0 的权重 w = {w0}；lr = {lr}，λ = {wd}",
            w0,
        ),
        Step(
            f"AdamW after {steps} steps: w(1 − lr·λ)^{steps}, the decay acts directly",
            f"AdamW {steps} 步之后：w(1 − lr·λ)^{steps}，衰减直接作用于权重",
            float(w_decoupled[0]),
        ),
        Step(
            f"Adam + L2 after {steps} steps: λw is normalized by √v̂ into steps of about lr",
            f"Adam + L2 {steps} 步之后：λw 被 √v̂ 归一化成约为 lr 的步长",
            float(w_l2[0]),
        ),
    ]


def _first(state: list[np.ndarray] | None) -> np.ndarray:
    """An optimizer's state for its one parameter (kept after its first step)."""
    if state is None:
        raise RuntimeError("the optimizer has not taken a step yet")
    return state[0]


def Adagrad(rng: np.random.Generator) -> list[Step]:
    """Four steps of Adagrad: the steep coordinate's steps shrink as its sum of g² grows."""
    w = np.round(rng.uniform(0.5, 1, size=2), 1) * rng.choice([-1.0, 1.0], size=2)
    adagrad = optim.Adagrad(lr=0.5)
    steps = [
        Step(LOSS_EN, LOSS_ZH, w),
        Step("Learning rate η", "学习率 η", 0.5),
    ]
    for t in range(1, 5):
        g = CURVATURE * w
        (w,) = adagrad.step([w], [g])
        steps += [
            Step(f"Step {t}: gradient g", f"第 {t} 步：梯度 g", g),
            Step(
                f"Step {t}: sum of squares s = s + g² (it only grows)",
                f"第 {t} 步：平方和 s = s + g²（只增不减）",
                _first(adagrad.sum_of_squares),
            ),
            Step(
                f"Step {t}: each coordinate's learning rate η / √s",
                f"第 {t} 步：每个坐标的学习率 η / √s",
                0.5 / np.sqrt(_first(adagrad.sum_of_squares)),
            ),
            Step(f"Step {t}: w ← w − η·g / √s", f"第 {t} 步：w ← w − η·g / √s", w),
        ]
    return steps


def NesterovSGD(rng: np.random.Generator) -> list[Step]:
    """Classical and Nesterov momentum on L(θ) = θ², and PyTorch's stored look-ahead point."""
    theta0 = float(rng.choice([1.0, 2.0, -1.0]))
    lr, mu, steps = 0.1, 0.9, 6

    def grad(theta: np.ndarray) -> np.ndarray:
        return 2 * theta

    classical = [np.array(theta0)]
    sgd = optim.SGD(lr, momentum=mu)
    for _ in range(steps):
        (new,) = sgd.step([classical[-1]], [grad(classical[-1])])
        classical.append(new)
    thetas, ms = optim.nesterov_momentum(grad, np.array(theta0), lr, mu, steps)
    torch_form = [np.array(theta0)]
    nesterov = optim.NesterovSGD(lr, momentum=mu)
    for _ in range(steps):
        (new,) = nesterov.step([torch_form[-1]], [grad(torch_form[-1])])
        torch_form.append(new)
    return [
        Step(
            "Minimize L(θ) = θ², gradient 2θ, from θ₀", "最小化 L(θ) = θ²，梯度 2θ，起点 θ₀", theta0
        ),
        Step("Learning rate η and momentum β", "学习率 η 和动量系数 β", [lr, mu]),
        Step(
            "Classical momentum: gradient at θₜ₋₁ (θ₀ … θ₆)",
            "经典动量法：在 θₜ₋₁ 处求梯度（θ₀ … θ₆）",
            np.array(classical),
        ),
        Step(
            "Look-ahead points θₜ₋₁ − ηβmₜ₋₁ where Nesterov takes the gradient",
            "Nesterov 求梯度的前瞻点 θₜ₋₁ − ηβmₜ₋₁",
            thetas[:-1] - lr * mu * ms[:-1],
        ),
        Step(
            "Nesterov momentum: mₜ = βmₜ₋₁ + ∇L(look-ahead), θₜ = θₜ₋₁ − ηmₜ (θ₀ … θ₆)",
            "Nesterov 动量：mₜ = βmₜ₋₁ + ∇L(前瞻点)，θₜ = θₜ₋₁ − ηmₜ（θ₀ … θ₆）",
            thetas,
        ),
        Step(
            "torch.optim.SGD(nesterov=True) stores the look-ahead point p = θ − ηβm",
            "torch.optim.SGD(nesterov=True) 存储的是前瞻点 p = θ − ηβm",
            np.array(torch_form),
        ),
    ]
