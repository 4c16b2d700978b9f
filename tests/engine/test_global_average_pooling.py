"""engine.conv.global_avg_pool2d against PyTorch, finite differences and avg_pool2d."""

from __future__ import annotations

import numpy as np
import pytest

from engine import conv
from engine.calculus import numerical_gradient
from engine.demos import Step
from engine.demos import conv as demos


@pytest.fixture(scope="module")
def torch():
    return pytest.importorskip("torch", reason="PyTorch not installed (CI installs torch==2.13.0)")


@pytest.mark.parametrize("seed", range(15))
def test_matches_torch(torch, seed):
    rng = np.random.default_rng(seed)
    shape = (int(rng.integers(1, 3)), int(rng.integers(1, 5)), *rng.integers(1, 8, size=2))
    x = rng.standard_normal(shape) * rng.choice([1.0, 1e4])
    expected = torch.nn.functional.adaptive_avg_pool2d(torch.tensor(x), 1).flatten(1).numpy()
    np.testing.assert_allclose(conv.global_avg_pool2d(x), expected, rtol=1e-6, atol=1e-12)
    module = torch.nn.AdaptiveAvgPool2d((1, 1))
    assert sum(p.numel() for p in module.parameters()) == 0


def test_is_average_pooling_with_the_whole_map_as_window():
    x = np.random.default_rng(0).standard_normal((2, 3, 4, 5))
    np.testing.assert_allclose(conv.global_avg_pool2d(x), conv.avg_pool2d(x, (4, 5))[..., 0, 0])


def test_gradient_spreads_evenly_by_finite_differences():
    """∂(Σ_c v_c Y_c)/∂X[c, i, j] = v_c / (H·W)."""
    x = np.random.default_rng(1).standard_normal((1, 2, 3, 4))
    v = np.array([2.0, -1.0])
    numeric = numerical_gradient(lambda t: float(conv.global_avg_pool2d(t)[0] @ v), x)
    expected = np.broadcast_to(v[None, :, None, None] / 12, x.shape)
    np.testing.assert_allclose(numeric, expected, rtol=1e-6, atol=1e-9)


def test_bad_input_raises():
    with pytest.raises(ValueError, match=r"\(N, C, H, W\)"):
        conv.global_avg_pool2d(np.ones((2, 3, 3)))


def test_demo():
    steps = demos.global_avg_pool2d(np.random.default_rng(0))
    assert all(isinstance(s, Step) and s.en and s.zh for s in steps)
    np.testing.assert_allclose(steps[1].value, steps[0].value.mean(axis=(1, 2)))
    assert (steps[3].value, steps[4].value) == (513_000, 25_089_000)
