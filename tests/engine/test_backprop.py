"""engine.backprop: gradients against finite differences and PyTorch autograd."""

from __future__ import annotations

import numpy as np
import pytest

from engine import backprop
from engine.calculus import numerical_gradient
from engine.demos import Step
from engine.demos import backprop as demos
from engine.losses import cross_entropy

PARAM_NAMES = ("W1", "b1", "W2", "b2")


def random_network(seed: int) -> tuple[np.ndarray, np.ndarray, dict[str, np.ndarray]]:
    """x (N, D), y (N,) and the parameters of a D -> H -> C network, sizes from 1."""
    rng = np.random.default_rng(seed)
    n, d, h, c = rng.integers(1, 6, size=4)
    params = {
        "W1": rng.standard_normal((h, d)),
        "b1": rng.standard_normal(h),
        "W2": rng.standard_normal((c, h)),
        "b2": rng.standard_normal(c),
    }
    return rng.standard_normal((n, d)), rng.integers(0, c, size=n), params


def test_forward_by_hand():
    out = backprop.mlp_forward(
        np.array([[1.0, 2.0]]),
        np.array([[1.0, -1.0], [0.5, 0.5]]),
        np.array([0.0, 1.0]),
        np.array([[1.0, 2.0]]),
        np.array([-1.0]),
    )
    np.testing.assert_array_equal(out.hidden_pre, [[-1.0, 2.5]])
    np.testing.assert_array_equal(out.hidden, [[0.0, 2.5]])
    np.testing.assert_array_equal(out.logits, [[4.0]])


@pytest.mark.parametrize("seed", range(10))
def test_gradients_match_finite_differences(seed):
    x, y, params = random_network(seed)
    loss, grads = backprop.mlp_loss_and_grads(x, y, **params)
    logits = backprop.mlp_forward(x, **params).logits
    assert loss == pytest.approx(cross_entropy(logits, y))
    for name in PARAM_NAMES:

        def loss_of(value, name=name):
            return backprop.mlp_loss_and_grads(x, y, **{**params, name: value})[0]

        numerical = numerical_gradient(loss_of, params[name])
        np.testing.assert_allclose(grads[name], numerical, rtol=1e-5, atol=1e-8, err_msg=name)


def test_inputs_are_not_changed():
    x, y, params = random_network(0)
    copies = {name: value.copy() for name, value in params.items()}
    backprop.mlp_loss_and_grads(x, y, **params)
    for name in PARAM_NAMES:
        np.testing.assert_array_equal(params[name], copies[name])


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"x": np.ones(2)}, "x must have shape \\(N, D\\)"),
        ({"x": np.ones((0, 2))}, "with N >= 1"),
        ({"W1": np.ones((3, 4))}, "W1 must have shape \\(H, 2\\)"),
        ({"b1": np.ones(2)}, "b1 must have shape \\(3,\\)"),
        ({"W2": np.ones((2, 2))}, "W2 must have shape \\(C, 3\\)"),
        ({"b2": np.ones(3)}, "b2 must have shape \\(2,\\)"),
        ({"y": np.array([0, 2])}, "target holds class ids outside"),
        ({"y": np.array([0.0, 1.0])}, "integer class ids"),
        ({"y": np.array([0])}, "target must have shape \\(2,\\)"),
    ],
)
def test_bad_input_raises(change, message):
    args = {
        "x": np.ones((2, 2)),
        "y": np.array([0, 1]),
        "W1": np.ones((3, 2)),
        "b1": np.ones(3),
        "W2": np.ones((2, 3)),
        "b2": np.ones(2),
    }
    with pytest.raises(ValueError, match=message):
        backprop.mlp_loss_and_grads(**{**args, **change})


@pytest.fixture(scope="module")
def torch():
    return pytest.importorskip("torch", reason="PyTorch not installed (CI installs torch==2.13.0)")


def torch_loss_and_grads(torch, x, y, params):
    tensors = {name: torch.tensor(value, requires_grad=True) for name, value in params.items()}
    hidden = torch.relu(torch.tensor(x) @ tensors["W1"].T + tensors["b1"])
    logits = hidden @ tensors["W2"].T + tensors["b2"]
    loss = torch.nn.functional.cross_entropy(logits, torch.tensor(y))
    loss.backward()
    return loss.item(), {name: t.grad.numpy() for name, t in tensors.items()}


@pytest.mark.parametrize("seed", range(20))
def test_loss_and_gradients_match_torch_autograd(torch, seed):
    x, y, params = random_network(seed)
    loss, grads = backprop.mlp_loss_and_grads(x, y, **params)
    expected_loss, expected_grads = torch_loss_and_grads(torch, x, y, params)
    assert loss == pytest.approx(expected_loss, rel=1e-6, abs=1e-12)
    for name in PARAM_NAMES:
        np.testing.assert_allclose(
            grads[name], expected_grads[name], rtol=1e-6, atol=1e-12, err_msg=name
        )


def test_relu_at_exactly_zero_passes_no_gradient_like_torch(torch):
    x, y, params = random_network(3)
    params["W1"][:] = 0.0
    params["b1"][:] = 0.0  # every hidden pre-activation is exactly 0
    _, grads = backprop.mlp_loss_and_grads(x, y, **params)
    _, expected = torch_loss_and_grads(torch, x, y, params)
    for name in PARAM_NAMES:
        np.testing.assert_allclose(grads[name], expected[name], rtol=1e-6, atol=1e-12)
    np.testing.assert_array_equal(grads["W1"], 0.0)


def test_huge_logits_match_torch(torch):
    x, y, params = random_network(5)
    params["W2"] *= 1e4
    loss, grads = backprop.mlp_loss_and_grads(x, y, **params)
    expected_loss, expected_grads = torch_loss_and_grads(torch, x, y, params)
    assert loss == pytest.approx(expected_loss, rel=1e-6, abs=1e-12)
    for name in PARAM_NAMES:
        np.testing.assert_allclose(grads[name], expected_grads[name], rtol=1e-6, atol=1e-12)


@pytest.mark.parametrize("name", ["mlp_forward", "mlp_loss_and_grads"])
def test_demo_is_bilingual_and_reproducible(name):
    demo = getattr(demos, name)
    steps = demo(np.random.default_rng(4))
    assert steps and all(isinstance(s, Step) and s.en and s.zh for s in steps)
    assert repr(steps) == repr(demo(np.random.default_rng(4)))


def test_loss_demo_shows_the_engine_loss_and_gradients():
    steps = {s.en: s.value for s in demos.mlp_loss_and_grads(np.random.default_rng(4))}
    loss = steps["Cross-entropy loss (mean over the batch)"]
    assert loss == pytest.approx(
        cross_entropy(steps["Logits h @ W2.T + b2"], steps["Target classes y"])
    )
