"""engine.conv: the fast convolution against the loop version and PyTorch, pooling against
PyTorch, and the output-size formula on known layers."""

from __future__ import annotations

import numpy as np
import pytest

from engine import conv
from engine.demos import Step
from engine.demos import conv as demos

SEEDS = range(15)
RTOL = 1e-6
ATOL = 1e-12  # for outputs that are 0 up to rounding


def random_conv_case(rng: np.random.Generator) -> dict:
    """Random x, w, b, stride and padding (ints or pairs) with the kernel fitting."""
    n, c, f = (int(v) for v in rng.integers(1, 4, size=3))
    kh, kw = (int(v) for v in rng.integers(1, 5, size=2))
    ph, pw = (int(v) for v in rng.integers(0, 3, size=2))
    sh, sw = (int(v) for v in rng.integers(1, 4, size=2))
    as_pairs = rng.random() < 0.5
    if not as_pairs:
        pw, sw = ph, sh
    h = int(rng.integers(max(1, kh - 2 * ph), 9))
    w = int(rng.integers(max(1, kw - 2 * pw), 9))
    return {
        "x": rng.standard_normal((n, c, h, w)),
        "w": rng.standard_normal((f, c, kh, kw)),
        "b": rng.standard_normal(f) if rng.random() < 0.7 else None,
        "stride": (sh, sw) if as_pairs else sh,
        "padding": (ph, pw) if as_pairs else ph,
    }


def random_pool_case(rng: np.random.Generator) -> dict:
    """Random x, kernel_size, stride (or None) and padding valid for PyTorch's pooling."""
    n, c = (int(v) for v in rng.integers(1, 4, size=2))
    kh, kw = (int(v) for v in rng.integers(1, 5, size=2))
    ph, pw = int(rng.integers(0, kh // 2 + 1)), int(rng.integers(0, kw // 2 + 1))
    h = int(rng.integers(max(1, kh - 2 * ph), 10))
    w = int(rng.integers(max(1, kw - 2 * pw), 10))
    stride = None if rng.random() < 0.3 else tuple(int(v) for v in rng.integers(1, 4, size=2))
    return {
        "x": rng.standard_normal((n, c, h, w)) * rng.choice([1.0, 1e4]),
        "kernel_size": (kh, kw),
        "stride": stride,
        "padding": (ph, pw),
    }


# --- hand-worked cases ---------------------------------------------------------------------


def test_conv2d_sums_each_window():
    x = np.arange(9.0).reshape(1, 1, 3, 3)
    np.testing.assert_array_equal(conv.conv2d(x, np.ones((1, 1, 2, 2)))[0, 0], [[8, 12], [20, 24]])


def test_conv2d_is_cross_correlation_not_convolution():
    x = np.zeros((1, 1, 3, 3))
    x[0, 0, 1, 1] = 1.0  # an impulse in the middle
    w = np.arange(9.0).reshape(1, 1, 3, 3)
    out = conv.conv2d(x, w, padding=1)[0, 0]
    # The impulse response of cross-correlation is the kernel rotated by 180 degrees.
    np.testing.assert_array_equal(out, w[0, 0, ::-1, ::-1])


def test_conv2d_bias_stride_and_padding():
    x = np.ones((1, 1, 4, 4))
    out = conv.conv2d(x, np.ones((2, 1, 3, 3)), b=np.array([0.5, -1.0]), stride=2, padding=1)
    assert out.shape == (1, 2, 2, 2)
    np.testing.assert_array_equal(out[0, 0], [[4.5, 6.5], [6.5, 9.5]])
    np.testing.assert_array_equal(out[0, 1], out[0, 0] - 1.5)


def test_pooling_by_hand():
    x = np.array([[1, 2, 0, 1], [3, 4, 1, 0], [0, 1, 5, 6], [1, 0, 7, 8]], float)[None, None]
    np.testing.assert_array_equal(conv.max_pool2d(x, 2)[0, 0], [[4, 1], [1, 8]])
    np.testing.assert_array_equal(conv.avg_pool2d(x, 2)[0, 0], [[2.5, 0.5], [0.5, 6.5]])
    np.testing.assert_array_equal(conv.max_pool2d(x, 3, stride=1)[0, 0], [[5, 6], [7, 8]])
    # Padding: -inf for max (never wins), zeros counted in the average.
    np.testing.assert_array_equal(conv.max_pool2d(-x, 2, padding=1)[0, 0, 0], [-1, 0, -1])
    assert conv.avg_pool2d(x, 2, padding=1)[0, 0, 0, 0] == 0.25


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        ((227, 11, 4), 55),  # AlexNet conv1
        ((224, 7, 2, 3), 112),  # ResNet stem conv
        ((112, 3, 2, 1), 56),  # ResNet stem max pool
        ((32, 3, 1, 1), 32),  # "same" 3 x 3
        ((7, 3, 1, 0, 2), 3),  # dilation 2: the kernel spans 5
        ((10, 3, 1, 2, 3), 8),  # (10 + 4 - 6 - 1) / 1 + 1
        ((5, 5), 1),
        ((6, 2, 4), 2),  # floor: the last column is never covered
    ],
)
def test_conv_output_size_of_known_layers(args, expected):
    assert conv.conv_output_size(*args) == expected


@pytest.mark.parametrize("seed", SEEDS)
def test_conv_output_size_is_the_shape_of_conv2d(seed):
    case = random_conv_case(np.random.default_rng(seed))
    out = conv.conv2d(**case)
    stride = np.broadcast_to(case["stride"], 2)
    padding = np.broadcast_to(case["padding"], 2)
    for axis in range(2):
        n, kernel = case["x"].shape[2 + axis], case["w"].shape[2 + axis]
        expected = conv.conv_output_size(n, kernel, stride[axis], padding[axis])
        assert out.shape[2 + axis] == expected


# --- fast against naive (no torch needed) --------------------------------------------------


@pytest.mark.parametrize("seed", range(20))
def test_conv2d_matches_the_naive_loops(seed):
    case = random_conv_case(np.random.default_rng(seed))
    np.testing.assert_allclose(conv.conv2d(**case), conv.conv2d_naive(**case), rtol=RTOL, atol=ATOL)


# --- against PyTorch -----------------------------------------------------------------------


@pytest.fixture(scope="module")
def torch():
    return pytest.importorskip("torch", reason="PyTorch not installed (CI installs torch==2.13.0)")


@pytest.mark.parametrize("seed", SEEDS)
def test_conv2d_matches_torch(torch, seed):
    case = random_conv_case(np.random.default_rng(seed))
    b = case["b"]
    expected = torch.nn.functional.conv2d(
        torch.tensor(case["x"]),
        torch.tensor(case["w"]),
        None if b is None else torch.tensor(b),
        stride=case["stride"],
        padding=case["padding"],
    ).numpy()
    np.testing.assert_allclose(conv.conv2d(**case), expected, rtol=RTOL, atol=ATOL)


@pytest.mark.parametrize("seed", SEEDS)
def test_conv_output_size_matches_torch_with_dilation(torch, seed):
    rng = np.random.default_rng(seed)
    kernel, dilation, stride, padding = (int(v) for v in rng.integers(1, 4, size=4))
    n = int(rng.integers(max(1, dilation * (kernel - 1) + 1 - 2 * padding), 20))
    out = torch.nn.functional.conv2d(
        torch.zeros(1, 1, n, n, dtype=torch.float64),
        torch.zeros(1, 1, kernel, kernel, dtype=torch.float64),
        stride=stride,
        padding=padding,
        dilation=dilation,
    )
    assert conv.conv_output_size(n, kernel, stride, padding, dilation) == out.shape[-1]


@pytest.mark.parametrize("seed", SEEDS)
def test_max_pool2d_matches_torch(torch, seed):
    case = random_pool_case(np.random.default_rng(seed))
    expected = torch.nn.functional.max_pool2d(
        torch.tensor(case["x"]), case["kernel_size"], case["stride"], case["padding"]
    ).numpy()
    np.testing.assert_array_equal(conv.max_pool2d(**case), expected)


@pytest.mark.parametrize("seed", SEEDS)
def test_avg_pool2d_matches_torch(torch, seed):
    case = random_pool_case(np.random.default_rng(seed))
    expected = torch.nn.functional.avg_pool2d(
        torch.tensor(case["x"]), case["kernel_size"], case["stride"], case["padding"]
    ).numpy()
    np.testing.assert_allclose(conv.avg_pool2d(**case), expected, rtol=RTOL, atol=ATOL)


# --- bad input -----------------------------------------------------------------------------

X = np.ones((1, 2, 5, 5))
W = np.ones((3, 2, 3, 3))


@pytest.mark.parametrize("function", [conv.conv2d, conv.conv2d_naive])
@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"x": np.ones((2, 5, 5))}, r"x must have shape \(N, C, H, W\)"),
        ({"w": np.ones((3, 3, 3))}, r"w must have shape \(F, C, kh, kw\)"),
        ({"w": np.ones((3, 1, 3, 3))}, "w has 1 input channels but x has 2"),
        ({"w": np.ones((3, 2, 0, 3))}, "kernel must be at least 1 x 1"),
        ({"b": np.ones(2)}, r"b must have shape \(3,\)"),
        ({"stride": 0}, "stride must be at least 1"),
        ({"stride": -1}, "stride must be at least 1"),
        ({"stride": (1, 2, 3)}, "stride must be an int or a pair"),
        ({"stride": 1.5}, "stride must be an integer"),
        ({"padding": -1}, "padding must be at least 0"),
        ({"padding": (0, -2)}, "padding must be at least 0"),
        ({"w": np.ones((3, 2, 6, 3))}, "the kernel of w .* is larger than the padded input"),
    ],
)
def test_bad_conv_input_raises(function, kwargs, message):
    arguments = {"x": X, "w": W, **kwargs}
    with pytest.raises(ValueError, match=message):
        function(**arguments)


@pytest.mark.parametrize("function", [conv.max_pool2d, conv.avg_pool2d])
@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"x": np.ones((5, 5))}, r"x must have shape \(N, C, H, W\)"),
        ({"kernel_size": 0}, "kernel_size must be at least 1"),
        ({"kernel_size": -2}, "kernel_size must be at least 1"),
        ({"kernel_size": 6}, r"kernel_size \(6, 6\) is larger than the padded input"),
        ({"stride": 0}, "stride must be at least 1"),
        ({"padding": -1}, "padding must be at least 0"),
        ({"padding": 2}, "padding .* must be at most half of kernel_size"),
    ],
)
def test_bad_pool_input_raises(function, kwargs, message):
    arguments = {"x": X, "kernel_size": 2, **kwargs}
    with pytest.raises(ValueError, match=message):
        function(**arguments)


@pytest.mark.parametrize(
    ("args", "message"),
    [
        ((0, 3), "n must be at least 1"),
        ((5, 0), "kernel must be at least 1"),
        ((5, 3, 0), "stride must be at least 1"),
        ((5, 3, -1), "stride must be at least 1"),
        ((5, 3, 1, -1), "padding must be at least 0"),
        ((5, 3, 1, 0, 0), "dilation must be at least 1"),
        ((5, 7), "kernel spans 7 positions .* more than the padded input's 5"),
        ((5, 3, 1, 0, 3), "kernel spans 7 positions"),
        ((5.0, 3), "n must be an integer"),
    ],
)
def test_bad_conv_output_size_raises(args, message):
    with pytest.raises(ValueError, match=message):
        conv.conv_output_size(*args)


# --- demos ---------------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["conv2d", "max_pool2d", "conv_output_size"])
def test_demo_is_bilingual_and_reproducible(name):
    demo = getattr(demos, name)
    for seed in range(5):
        steps = demo(np.random.default_rng(seed))
        assert steps and all(isinstance(s, Step) and s.en and s.zh for s in steps)
        assert repr(steps) == repr(demo(np.random.default_rng(seed)))


def test_conv2d_demo_output_is_the_engine_output():
    x, w, _, _, out, _ = demos.conv2d(np.random.default_rng(3))
    np.testing.assert_array_equal(
        out.value, conv.conv2d(x.value[None, None], w.value[None, None])[0, 0]
    )
