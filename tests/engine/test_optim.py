"""engine.optim against torch.optim, step by step, and on cases worked by hand."""

from __future__ import annotations

import numpy as np
import pytest

from engine import optim
from engine.demos import Step
from engine.demos import optim as demos

STEPS = 6


def random_params_and_grads(seed: int) -> tuple[list[np.ndarray], list[list[np.ndarray]]]:
    """Three parameter arrays of random shapes, and a gradient for each of STEPS steps."""
    rng = np.random.default_rng(seed)
    shapes = [(rng.integers(1, 4), rng.integers(1, 4)), (rng.integers(1, 5),), ()]
    params = [rng.standard_normal(shape) for shape in shapes]
    grads = [
        [rng.choice([1e-3, 1.0, 100.0]) * rng.standard_normal(shape) for shape in shapes]
        for _ in range(STEPS)
    ]
    return params, grads


# --- gradient descent ------------------------------------------------------------------


def test_gradient_descent_by_hand():
    trajectory = optim.gradient_descent(lambda x: 2 * x, np.array([4.0, -2.0]), lr=0.25, steps=3)
    np.testing.assert_array_equal(trajectory, [[4, -2], [2, -1], [1, -0.5], [0.5, -0.25]])


def test_gradient_descent_shape_and_zero_steps():
    x0 = np.ones((2, 3))
    assert optim.gradient_descent(lambda x: x, x0, 0.1, 4).shape == (5, 2, 3)
    np.testing.assert_array_equal(optim.gradient_descent(lambda x: x, x0, 0.1, 0), [x0])


def test_gradient_descent_converges_on_a_quadratic():
    trajectory = optim.gradient_descent(lambda x: 2 * (x - 3), np.array(0.0), 0.1, 100)
    assert trajectory[-1] == pytest.approx(3.0)


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (lambda: optim.gradient_descent(lambda x: x, np.ones(2), -0.1, 3), "lr must be >= 0"),
        (lambda: optim.gradient_descent(lambda x: x, np.ones(2), np.nan, 3), "lr must be >= 0"),
        (lambda: optim.gradient_descent(lambda x: x, np.ones(2), 0.1, -1), "steps must be"),
        (lambda: optim.gradient_descent(lambda x: x, np.ones(2), 0.1, 2.5), "steps must be"),
        (lambda: optim.gradient_descent(lambda x: x, np.ones(2), 0.1, True), "steps must be"),
        (lambda: optim.gradient_descent(lambda x: x[:1], np.ones(2), 0.1, 2), "grad_fn returned"),
        (lambda: optim.SGD(lr=-1.0), "lr must be >= 0"),
        (lambda: optim.SGD(lr=0.1, momentum=-0.5), "momentum must be >= 0"),
        (lambda: optim.RMSprop(lr=-1.0), "lr must be >= 0"),
        (lambda: optim.RMSprop(lr=0.1, alpha=1.5), "alpha must be in \\[0, 1\\]"),
        (lambda: optim.RMSprop(lr=0.1, eps=-1e-8), "eps must be >= 0"),
        (lambda: optim.Adam(lr=-1.0), "lr must be >= 0"),
        (lambda: optim.Adam(lr=0.1, betas=(0.9, 1.0)), "betas must be"),
        (lambda: optim.Adam(lr=0.1, betas=(-0.1, 0.9)), "betas must be"),
        (lambda: optim.Adam(lr=0.1, betas=(0.9,)), "betas must be"),
        (lambda: optim.Adam(lr=0.1, eps=-1.0), "eps must be >= 0"),
        (lambda: optim.Adam(lr=0.1).bias_corrected(), "needs at least one step"),
        (lambda: optim.SGD(0.1).step([np.ones(2)], []), "params has 1 arrays but grads has 0"),
        (lambda: optim.Adam(0.1).step([np.ones(2)], [np.ones(3)]), "grads\\[0\\] has shape"),
    ],
)
def test_bad_input_raises(call, message):
    with pytest.raises(ValueError, match=message):
        call()


@pytest.mark.parametrize(
    "optimizer", [optim.SGD(0.1, momentum=0.9), optim.RMSprop(0.1), optim.Adam(0.1)]
)
def test_params_that_change_shape_between_steps_raise(optimizer):
    optimizer.step([np.ones(2)], [np.ones(2)])
    with pytest.raises(ValueError, match="params changed since the first step"):
        optimizer.step([np.ones(3)], [np.ones(3)])


def test_step_returns_new_arrays_and_leaves_inputs_unchanged():
    params, grads = [np.ones(2)], [np.ones(2)]
    new = optim.Adam(0.1).step(params, grads)
    assert new[0] is not params[0]
    np.testing.assert_array_equal(params[0], [1.0, 1.0])


# --- by hand ---------------------------------------------------------------------------


def test_sgd_momentum_first_step_sets_velocity_to_the_gradient():
    sgd = optim.SGD(lr=0.5, momentum=0.9)
    (p,) = sgd.step([np.array([1.0])], [np.array([2.0])])
    np.testing.assert_array_equal(sgd.velocity[0], [2.0])
    np.testing.assert_array_equal(p, [0.0])
    (p,) = sgd.step([p], [np.array([1.0])])  # v = 0.9 * 2 + 1 = 2.8
    np.testing.assert_allclose(sgd.velocity[0], [2.8])
    np.testing.assert_allclose(p, [-1.4])


def test_adam_bias_correction_by_hand():
    adam = optim.Adam(lr=0.1, betas=(0.5, 0.75), eps=0.0)
    (p,) = adam.step([np.array([0.0])], [np.array([2.0])])
    # m = 1, v = 1; m_hat = 1 / 0.5 = 2, v_hat = 1 / 0.25 = 4; step = 0.1 * 2 / 2
    np.testing.assert_allclose(adam.m[0], [1.0])
    np.testing.assert_allclose(adam.v[0], [1.0])
    m_hat, v_hat = adam.bias_corrected()
    np.testing.assert_allclose(m_hat[0], [2.0])
    np.testing.assert_allclose(v_hat[0], [4.0])
    np.testing.assert_allclose(p, [-0.1])


# --- against torch.optim ---------------------------------------------------------------


@pytest.fixture(scope="module")
def torch():
    return pytest.importorskip("torch", reason="PyTorch not installed (CI installs torch==2.13.0)")


def assert_same_updates_as_torch(torch, ours, make_torch_optimizer, seed):
    params, grads = random_params_and_grads(seed)
    tensors = [torch.tensor(p, requires_grad=True) for p in params]
    theirs = make_torch_optimizer(tensors)
    for step_grads in grads:
        params = ours.step(params, step_grads)
        for tensor, grad in zip(tensors, step_grads, strict=True):
            tensor.grad = torch.tensor(grad)
        theirs.step()
        for p, tensor in zip(params, tensors, strict=True):
            np.testing.assert_allclose(p, tensor.detach().numpy(), rtol=1e-6, atol=1e-12)


SGD_SETTINGS = [(0.1, 0.0), (0.01, 0.9), (0.5, 0.5), (1e-3, 0.99)]
RMSPROP_SETTINGS = [(0.01, 0.99, 1e-8), (0.1, 0.9, 1e-6), (1e-3, 0.5, 0.1), (0.05, 0.0, 1e-8)]
ADAM_SETTINGS = [
    (1e-3, (0.9, 0.999), 1e-8),
    (0.1, (0.9, 0.999), 1e-8),
    (0.01, (0.5, 0.9), 1e-3),
    (0.05, (0.0, 0.99), 1e-6),
]


@pytest.mark.parametrize("seed", range(5))
@pytest.mark.parametrize(("lr", "momentum"), SGD_SETTINGS)
def test_sgd_matches_torch(torch, lr, momentum, seed):
    assert_same_updates_as_torch(
        torch,
        optim.SGD(lr, momentum=momentum),
        lambda tensors: torch.optim.SGD(tensors, lr=lr, momentum=momentum),
        seed,
    )


@pytest.mark.parametrize("seed", range(5))
@pytest.mark.parametrize(("lr", "alpha", "eps"), RMSPROP_SETTINGS)
def test_rmsprop_matches_torch(torch, lr, alpha, eps, seed):
    assert_same_updates_as_torch(
        torch,
        optim.RMSprop(lr, alpha=alpha, eps=eps),
        lambda tensors: torch.optim.RMSprop(tensors, lr=lr, alpha=alpha, eps=eps),
        seed,
    )


@pytest.mark.parametrize("seed", range(5))
@pytest.mark.parametrize(("lr", "betas", "eps"), ADAM_SETTINGS)
def test_adam_matches_torch(torch, lr, betas, eps, seed):
    assert_same_updates_as_torch(
        torch,
        optim.Adam(lr, betas=betas, eps=eps),
        lambda tensors: torch.optim.Adam(tensors, lr=lr, betas=betas, eps=eps),
        seed,
    )


def test_defaults_match_torch(torch):
    tensor = torch.zeros(1, requires_grad=True)
    rmsprop = torch.optim.RMSprop([tensor], lr=0.1).defaults
    adam = torch.optim.Adam([tensor], lr=0.1).defaults
    sgd = torch.optim.SGD([tensor], lr=0.1).defaults
    assert (optim.RMSprop(0.1).alpha, optim.RMSprop(0.1).eps) == (rmsprop["alpha"], rmsprop["eps"])
    assert (optim.Adam(0.1).beta1, optim.Adam(0.1).beta2) == adam["betas"]
    assert optim.Adam(0.1).eps == adam["eps"]
    assert optim.SGD(0.1).momentum == sgd["momentum"]


@pytest.mark.parametrize("seed", range(5))
def test_gradient_descent_matches_torch_sgd(torch, seed):
    rng = np.random.default_rng(seed)
    a = rng.standard_normal((3, 3))
    hessian = a @ a.T + np.eye(3)  # f(x) = 0.5 x·Hx, gradient Hx
    x0 = rng.standard_normal(3)
    trajectory = optim.gradient_descent(lambda x: hessian @ x, x0, lr=0.05, steps=STEPS)
    tensor = torch.tensor(x0, requires_grad=True)
    sgd = torch.optim.SGD([tensor], lr=0.05)
    for t in range(1, STEPS + 1):
        sgd.zero_grad()
        (0.5 * tensor @ torch.tensor(hessian) @ tensor).backward()
        sgd.step()
        np.testing.assert_allclose(trajectory[t], tensor.detach().numpy(), rtol=1e-6, atol=1e-12)


# --- demos -----------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["gradient_descent", "SGD", "RMSprop", "Adam"])
def test_demo_is_bilingual_and_reproducible(name):
    demo = getattr(demos, name)
    steps = demo(np.random.default_rng(5))
    assert steps and all(isinstance(s, Step) and s.en and s.zh for s in steps)
    assert repr(steps) == repr(demo(np.random.default_rng(5)))


def test_adam_demo_first_step_moves_each_coordinate_by_lr():
    steps = demos.Adam(np.random.default_rng(0))
    start, new = steps[0].value, steps[7].value
    assert steps[7].en.startswith("Step 1: w ←")
    np.testing.assert_allclose(np.abs(start - new), [0.1, 0.1], rtol=1e-6)
