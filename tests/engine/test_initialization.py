"""engine.initialization against PyTorch's init functions and their formulas."""

from __future__ import annotations

import math

import numpy as np
import pytest

from engine import initialization as init


def test_by_hand():
    assert init.xavier_uniform_bound(3, 3) == 1.0
    assert init.he_normal_std(2) == 1.0
    assert init.he_normal_std(4, gain=1.0) == 0.5


def test_samplers_are_seeded_and_have_the_right_spread():
    rng = np.random.default_rng(0)
    w = init.xavier_uniform((300, 500), rng)
    bound = init.xavier_uniform_bound(500, 300)
    assert np.abs(w).max() <= bound
    assert w.std() == pytest.approx(bound / math.sqrt(3), rel=0.02)  # std of U(-a, a)
    h = init.he_normal((300, 500), np.random.default_rng(1))
    assert h.std() == pytest.approx(init.he_normal_std(500), rel=0.02)
    np.testing.assert_array_equal(
        init.he_normal((2, 3), np.random.default_rng(5)),
        init.he_normal((2, 3), np.random.default_rng(5)),
    )


@pytest.mark.parametrize(
    ("call", "words"),
    [
        (lambda: init.xavier_uniform_bound(0, 3), "fan_in"),
        (lambda: init.xavier_uniform_bound(3, 2.5), "fan_out"),
        (lambda: init.xavier_uniform_bound(3, 3, gain=0.0), "gain"),
        (lambda: init.he_normal_std(-4), "fan_in"),
        (lambda: init.he_normal((3,), np.random.default_rng(0)), "shape"),
    ],
)
def test_bad_input_raises(call, words):
    with pytest.raises(ValueError, match=words):
        call()


@pytest.fixture(scope="module")
def torch():
    return pytest.importorskip("torch", reason="PyTorch not installed (CI installs torch==2.13.0)")


@pytest.mark.parametrize("seed", range(10))
def test_formulas_match_torch(torch, seed):
    """torch draws with these bounds: check them through torch's own fan and gain helpers."""
    rng = np.random.default_rng(seed)
    fan_out, fan_in = int(rng.integers(1, 600)), int(rng.integers(1, 600))
    weight = torch.empty(fan_out, fan_in, dtype=torch.float64)
    t_fan_in, t_fan_out = torch.nn.init._calculate_fan_in_and_fan_out(weight)
    assert (t_fan_in, t_fan_out) == (fan_in, fan_out)
    expected_bound = math.sqrt(6.0 / (t_fan_in + t_fan_out))  # torch's xavier_uniform_ code
    assert init.xavier_uniform_bound(fan_in, fan_out) == pytest.approx(expected_bound, rel=1e-6)
    gain = torch.nn.init.calculate_gain("relu")
    assert init.he_normal_std(fan_in) == pytest.approx(gain / math.sqrt(t_fan_in), rel=1e-6)


def test_torch_samples_have_the_same_spread(torch):
    torch.manual_seed(0)
    weight = torch.empty(400, 600, dtype=torch.float64)
    torch.nn.init.xavier_uniform_(weight)
    assert weight.abs().max().item() <= init.xavier_uniform_bound(600, 400)
    assert weight.std().item() == pytest.approx(
        init.xavier_uniform_bound(600, 400) / math.sqrt(3), rel=0.02
    )
    torch.nn.init.kaiming_normal_(weight, nonlinearity="relu")
    assert weight.std().item() == pytest.approx(init.he_normal_std(600), rel=0.02)
