"""engine.schedules and the AdamW / clipping additions of engine.optim, against PyTorch."""

from __future__ import annotations

import math

import numpy as np
import pytest

from engine import optim, schedules
from engine.calculus import numerical_gradient


def test_warmup_by_hand():
    assert [schedules.warmup_lr(t, 0.4, 4) for t in range(6)] == pytest.approx(
        [0.0, 0.1, 0.2, 0.3, 0.4, 0.4]
    )


def test_cosine_by_hand():
    assert schedules.cosine_lr(0, 1.0, 8) == 1.0
    assert schedules.cosine_lr(2, 1.0, 8) == pytest.approx((1 + math.cos(math.pi / 4)) / 2)
    assert schedules.cosine_lr(8, 1.0, 8, min_lr=0.1) == pytest.approx(0.1)


def test_step_lr_by_hand():
    assert [schedules.step_lr(t, 1.0, 2, 0.5) for t in range(5)] == [1, 1, 0.5, 0.5, 0.25]


@pytest.mark.parametrize(
    ("call", "words"),
    [
        (lambda: schedules.warmup_lr(-1, 0.1, 10), "step"),
        (lambda: schedules.warmup_lr(1, -0.1, 10), "base_lr"),
        (lambda: schedules.warmup_lr(1, 0.1, 0), "warmup_steps"),
        (lambda: schedules.cosine_lr(11, 0.1, 10), "total_steps"),
        (lambda: schedules.cosine_lr(1, 0.1, 10, min_lr=0.2), "min_lr"),
        (lambda: schedules.step_lr(1, 0.1, 10, gamma=0.0), "gamma"),
        (lambda: optim.AdamW(0.1, weight_decay=-1.0), "weight_decay"),
        (lambda: optim.clip_grad_norm([np.ones(2)], 0.0), "max_norm"),
        (lambda: optim.clip_grad_norm([], 1.0), "empty"),
    ],
)
def test_bad_input_raises(call, words):
    with pytest.raises(ValueError, match=words):
        call()


def test_adamw_differs_from_adam_with_l2():
    p, g = np.array([2.0]), np.array([0.1])
    adamw = optim.AdamW(lr=0.1, weight_decay=0.5).step([p], [g])[0]
    adam_l2 = optim.Adam(lr=0.1).step([p], [g + 0.5 * p])[0]
    # AdamW: 2 * (1 - 0.05) - 0.1 = 1.8; Adam + L2 normalizes the decayed gradient away
    assert adamw == pytest.approx([1.8])
    assert adam_l2 == pytest.approx([1.9])


@pytest.mark.parametrize("seed", range(5))
def test_clipped_gradient_is_the_gradient_of_a_rescaled_loss(seed):
    """Finite differences: clipping g = ∇f gives ∇(scale · f), the same direction."""
    rng = np.random.default_rng(seed)
    a = rng.standard_normal(3)
    x = rng.standard_normal(3)

    def f(v):
        return float(np.sum(a * v**2))

    grad = numerical_gradient(f, x)
    (clipped,), norm = optim.clip_grad_norm([grad], max_norm=0.5)
    scale = min(1.0, 0.5 / (norm + optim.CLIP_EPS))
    np.testing.assert_allclose(clipped, numerical_gradient(lambda v: scale * f(v), x), rtol=1e-6)
    assert np.linalg.norm(clipped) <= 0.5 + 1e-9


@pytest.fixture(scope="module")
def torch():
    return pytest.importorskip("torch", reason="PyTorch not installed (CI installs torch==2.13.0)")


def torch_lrs(torch, make_scheduler, steps):
    param = torch.nn.Parameter(torch.zeros(1, dtype=torch.float64))
    opt = torch.optim.SGD([param], lr=0.3)
    scheduler = make_scheduler(opt)
    lrs = []
    for _ in range(steps + 1):
        lrs.append(opt.param_groups[0]["lr"])
        opt.step()
        scheduler.step()
    return lrs


@pytest.mark.parametrize(("total", "min_lr"), [(1, 0.0), (10, 0.0), (37, 0.05)])
def test_cosine_matches_torch(torch, total, min_lr):
    expected = torch_lrs(
        torch,
        lambda opt: torch.optim.lr_scheduler.CosineAnnealingLR(opt, T_max=total, eta_min=min_lr),
        total,
    )
    got = [schedules.cosine_lr(t, 0.3, total, min_lr) for t in range(total + 1)]
    np.testing.assert_allclose(got, expected, rtol=1e-6, atol=1e-12)


def test_step_lr_matches_torch(torch):
    expected = torch_lrs(
        torch, lambda opt: torch.optim.lr_scheduler.StepLR(opt, step_size=3, gamma=0.5), 12
    )
    got = [schedules.step_lr(t, 0.3, 3, 0.5) for t in range(13)]
    np.testing.assert_allclose(got, expected, rtol=1e-6)


def test_warmup_matches_torch_linear_lr(torch):
    """LinearLR from 1/warmup to 1 over warmup-1 steps is warmup_lr shifted by one step."""
    warmup = 5
    expected = torch_lrs(
        torch,
        lambda opt: torch.optim.lr_scheduler.LinearLR(
            opt, start_factor=1 / warmup, end_factor=1.0, total_iters=warmup - 1
        ),
        8,
    )
    got = [schedules.warmup_lr(t + 1, 0.3, warmup) for t in range(9)]
    np.testing.assert_allclose(got, expected, rtol=1e-6)


@pytest.mark.parametrize("seed", range(10))
def test_adamw_matches_torch(torch, seed):
    rng = np.random.default_rng(seed)
    shapes = [(int(rng.integers(1, 4)),), (2, int(rng.integers(1, 3)))]
    params = [rng.standard_normal(s) for s in shapes]
    lr, wd = float(rng.choice([0.001, 0.1])), float(rng.choice([0.0, 0.01, 0.5]))
    tensors = [torch.nn.Parameter(torch.tensor(p)) for p in params]
    torch_opt = torch.optim.AdamW(tensors, lr=lr, weight_decay=wd)
    ours = optim.AdamW(lr=lr, weight_decay=wd)
    for _ in range(4):
        grads = [rng.standard_normal(s) for s in shapes]
        for t, g in zip(tensors, grads, strict=True):
            t.grad = torch.tensor(g)
        torch_opt.step()
        params = ours.step(params, grads)
        for p, t in zip(params, tensors, strict=True):
            np.testing.assert_allclose(p, t.detach().numpy(), rtol=1e-6, atol=1e-12)


@pytest.mark.parametrize("seed", range(10))
def test_clip_grad_norm_matches_torch(torch, seed):
    rng = np.random.default_rng(seed)
    grads = [rng.choice([0.01, 1.0, 50.0]) * rng.standard_normal(s) for s in [(3,), (2, 2)]]
    max_norm = float(rng.choice([0.1, 1.0, 1e3]))
    tensors = [torch.nn.Parameter(torch.zeros(g.shape, dtype=torch.float64)) for g in grads]
    for t, g in zip(tensors, grads, strict=True):
        t.grad = torch.tensor(g)
    expected_norm = torch.nn.utils.clip_grad_norm_(tensors, max_norm).item()
    clipped, norm = optim.clip_grad_norm(grads, max_norm)
    assert norm == pytest.approx(expected_norm, rel=1e-6)
    for c, t in zip(clipped, tensors, strict=True):
        np.testing.assert_allclose(c, t.grad.numpy(), rtol=1e-6, atol=1e-15)
