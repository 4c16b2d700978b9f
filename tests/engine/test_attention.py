"""engine.attention against F.scaled_dot_product_attention and nn.MultiheadAttention, with
extreme scores and masks that hide most positions."""

from __future__ import annotations

import numpy as np
import pytest

from engine import attention
from engine.demos import Step
from engine.demos import attention as demos

SEEDS = range(20)
RTOL = 1e-6
ATOL = 1e-12  # for entries that are 0 up to rounding


def random_case(rng: np.random.Generator) -> dict:
    """q, k, v with random batch dims, L != S often, scores up to ~1e4, and masks that
    keep as little as 5% of the positions (so some rows are fully masked)."""
    batch = tuple(int(n) for n in rng.integers(1, 4, size=rng.integers(0, 3)))
    L, S, d, dv = (int(n) for n in rng.integers(1, 7, size=4))
    scale = rng.choice([1.0, 10.0, 70.0])  # 70: scores around 1e4 / sqrt(d)
    mask = None
    if rng.random() < 0.7:
        keep = rng.choice([0.05, 0.3, 0.9])
        mask_shape = (L, S) if rng.random() < 0.5 else (*batch, L, S)
        mask = rng.random(mask_shape) < keep
    return {
        "q": scale * rng.standard_normal((*batch, L, d)),
        "k": scale * rng.standard_normal((*batch, S, d)),
        "v": rng.standard_normal((*batch, S, dv)),
        "mask": mask,
        "causal": bool(rng.random() < 0.4),
    }


def allowed_positions(case: dict) -> np.ndarray:
    """The boolean mask the case stands for, causal part included, shape (..., L, S)."""
    L, S = case["q"].shape[-2], case["k"].shape[-2]
    allowed = np.ones((L, S), dtype=bool) if case["mask"] is None else case["mask"]
    return allowed & np.tril(np.ones((L, S), dtype=bool)) if case["causal"] else allowed


# --- hand-worked cases ---------------------------------------------------------------------


def test_uniform_scores_average_the_values():
    q = np.zeros((2, 3))
    k = np.ones((4, 3))
    v = np.arange(8.0).reshape(4, 2)
    output, weights = attention.scaled_dot_product_attention(q, k, v)
    np.testing.assert_allclose(weights, np.full((2, 4), 0.25))
    np.testing.assert_allclose(output, [[3.0, 4.0], [3.0, 4.0]])


def test_scores_are_scaled_by_the_square_root_of_d():
    q = np.array([[1.0, 1.0, 1.0, 1.0]])
    k = np.array([[1.0, 1.0, 1.0, 1.0]])
    assert attention.attention_scores(q, k)[0, 0] == 2.0  # 4 / sqrt(4)
    assert attention.attention_scores(q, k, scale=1.0)[0, 0] == 4.0


def test_huge_scores_are_exact():
    q = np.array([[1e4, 0.0], [0.0, 0.0]])
    k = np.array([[1.0, 0.0], [-1.0, 0.0], [0.5, 0.0]])
    v = np.array([[1.0], [2.0], [3.0]])
    output, weights = attention.scaled_dot_product_attention(q, k, v, scale=1.0)
    np.testing.assert_array_equal(weights[0], [1.0, 0.0, 0.0])
    np.testing.assert_array_equal(output[0], [1.0])
    np.testing.assert_allclose(weights[1], [1 / 3] * 3)


def test_a_mask_that_leaves_one_position_copies_its_value():
    rng = np.random.default_rng(0)
    q, k, v = 1e4 * rng.standard_normal((3, 4)), rng.standard_normal((5, 4)), rng.random((5, 2))
    mask = np.zeros((3, 5), dtype=bool)
    mask[np.arange(3), [4, 0, 2]] = True
    output, weights = attention.scaled_dot_product_attention(q, k, v, mask=mask)
    np.testing.assert_array_equal(weights, mask.astype(float))
    np.testing.assert_array_equal(output, v[[4, 0, 2]])


def test_a_fully_masked_row_gets_zero_weights_and_output():
    q, k, v = np.ones((2, 3)), np.ones((4, 3)), np.ones((4, 2))
    mask = np.array([[True, False, True, False], [False, False, False, False]])
    output, weights = attention.scaled_dot_product_attention(q, k, v, mask=mask)
    np.testing.assert_array_equal(weights, [[0.5, 0.0, 0.5, 0.0], [0.0, 0.0, 0.0, 0.0]])
    np.testing.assert_array_equal(output, [[1.0, 1.0], [0.0, 0.0]])


def test_causal_weights_are_lower_triangular_and_align_top_left():
    rng = np.random.default_rng(1)
    q, k, v = rng.standard_normal((3, 2)), rng.standard_normal((5, 2)), rng.standard_normal((5, 1))
    _, weights = attention.scaled_dot_product_attention(q, k, v, causal=True)
    np.testing.assert_array_equal(weights != 0, attention.causal_mask(3, 5))
    np.testing.assert_allclose(weights.sum(axis=-1), 1.0)
    np.testing.assert_array_equal(attention.causal_mask(2, 3), [[1, 0, 0], [1, 1, 0]])


def test_mask_and_causal_combine():
    q, k, v = np.zeros((3, 2)), np.zeros((3, 2)), np.eye(3)
    mask = np.array([False, True, True])  # broadcast over the queries
    _, weights = attention.scaled_dot_product_attention(q, k, v, mask=mask, causal=True)
    np.testing.assert_array_equal(weights, [[0, 0, 0], [0, 1, 0], [0, 0.5, 0.5]])


@pytest.mark.parametrize("seed", range(10))
def test_batch_dims_broadcast_like_a_loop(seed):
    rng = np.random.default_rng(seed)
    q = rng.standard_normal((2, 3, 4, 5))
    k = rng.standard_normal((1, 3, 6, 5))
    v = rng.standard_normal((2, 1, 6, 2))
    output, _ = attention.scaled_dot_product_attention(q, k, v)
    for a in range(2):
        for b in range(3):
            expected, _ = attention.scaled_dot_product_attention(q[a, b], k[0, b], v[a, 0])
            np.testing.assert_allclose(output[a, b], expected, rtol=RTOL, atol=ATOL)


def test_split_and_merge_heads_are_inverse():
    x = np.arange(24.0).reshape(1, 2, 12)
    heads = attention.split_heads(x, 3)
    assert heads.shape == (1, 3, 2, 4)
    np.testing.assert_array_equal(heads[0, 1, 0], [4, 5, 6, 7])
    np.testing.assert_array_equal(attention.merge_heads(heads), x)


def test_one_head_with_identity_weights_is_plain_attention():
    rng = np.random.default_rng(2)
    x = rng.standard_normal((2, 4, 3))
    eye = np.eye(3)
    output, weights = attention.multi_head_attention(x, eye, eye, eye, eye, 1, causal=True)
    expected, expected_weights = attention.scaled_dot_product_attention(x, x, x, causal=True)
    np.testing.assert_allclose(output, expected)
    np.testing.assert_allclose(weights[:, 0], expected_weights)


# --- against PyTorch -----------------------------------------------------------------------


@pytest.fixture(scope="module")
def torch():
    return pytest.importorskip("torch", reason="PyTorch not installed (CI installs torch==2.13.0)")


@pytest.mark.parametrize("seed", SEEDS)
def test_scaled_dot_product_attention_matches_torch(torch, seed):
    case = random_case(np.random.default_rng(seed))
    q, k, v = (torch.tensor(case[name]) for name in ("q", "k", "v"))
    if case["mask"] is not None:  # torch refuses attn_mask with is_causal: combine them here
        expected = torch.nn.functional.scaled_dot_product_attention(
            q, k, v, attn_mask=torch.tensor(allowed_positions(case))
        )
    else:
        expected = torch.nn.functional.scaled_dot_product_attention(
            q, k, v, is_causal=case["causal"]
        )
    # torch returns no weights; compute them the way its math reference does.
    scores = q @ k.transpose(-2, -1) / np.sqrt(q.shape[-1])
    scores = scores.masked_fill(~torch.tensor(allowed_positions(case)), float("-inf"))
    expected_weights = torch.softmax(scores, dim=-1).nan_to_num(0.0)  # fully masked rows: 0
    output, weights = attention.scaled_dot_product_attention(**case)
    np.testing.assert_allclose(output, expected.numpy(), rtol=RTOL, atol=ATOL)
    np.testing.assert_allclose(weights, expected_weights.numpy(), rtol=RTOL, atol=ATOL)


@pytest.mark.parametrize("seed", range(5))
def test_custom_scale_matches_torch(torch, seed):
    rng = np.random.default_rng(seed)
    q, k, v = rng.standard_normal((2, 3, 4)), rng.standard_normal((2, 5, 4)), rng.random((2, 5, 3))
    scale = float(rng.uniform(0.1, 3.0))
    expected = torch.nn.functional.scaled_dot_product_attention(
        torch.tensor(q), torch.tensor(k), torch.tensor(v), scale=scale
    ).numpy()
    output, _ = attention.scaled_dot_product_attention(q, k, v, scale=scale)
    np.testing.assert_allclose(output, expected, rtol=RTOL, atol=ATOL)


def test_fully_masked_row_matches_torch(torch):
    rng = np.random.default_rng(3)
    q, k, v = rng.standard_normal((3, 4)), rng.standard_normal((5, 4)), rng.standard_normal((5, 2))
    mask = rng.random((3, 5)) < 0.5
    mask[1] = False
    expected = torch.nn.functional.scaled_dot_product_attention(
        torch.tensor(q), torch.tensor(k), torch.tensor(v), attn_mask=torch.tensor(mask)
    ).numpy()
    output, _ = attention.scaled_dot_product_attention(q, k, v, mask=mask)
    np.testing.assert_array_equal(output[1], [0.0, 0.0])
    np.testing.assert_allclose(output, expected, rtol=RTOL, atol=ATOL)


@pytest.mark.parametrize("seed", SEEDS)
def test_multi_head_attention_matches_torch(torch, seed):
    rng = np.random.default_rng(seed)
    num_heads = int(rng.integers(1, 4))
    embed = num_heads * int(rng.integers(1, 4))
    batch, length = (int(n) for n in rng.integers(1, 5, size=2))
    causal = bool(rng.random() < 0.5)
    x = rng.standard_normal((batch, length, embed)) * rng.choice([1.0, 10.0])
    Wq, Wk, Wv, Wo = rng.standard_normal((4, embed, embed))
    module = torch.nn.MultiheadAttention(embed, num_heads, bias=False, batch_first=True).double()
    module.load_state_dict(
        {
            "in_proj_weight": torch.tensor(np.concatenate([Wq, Wk, Wv])),
            "out_proj.weight": torch.tensor(Wo),
        }
    )
    # nn.MultiheadAttention's boolean attn_mask marks the positions NOT allowed.
    blocked = None if not causal else torch.tensor(~attention.causal_mask(length))
    xt = torch.tensor(x)
    with torch.no_grad():
        expected, expected_weights = module(
            xt, xt, xt, attn_mask=blocked, need_weights=True, average_attn_weights=False
        )
    output, weights = attention.multi_head_attention(x, Wq, Wk, Wv, Wo, num_heads, causal=causal)
    np.testing.assert_allclose(output, expected.numpy(), rtol=RTOL, atol=ATOL)
    np.testing.assert_allclose(weights, expected_weights.numpy(), rtol=RTOL, atol=ATOL)


# --- bad input -----------------------------------------------------------------------------

Q, K, V = np.ones((2, 3, 4)), np.ones((2, 5, 4)), np.ones((2, 5, 6))


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"q": np.ones(4)}, r"q must have shape \(\.\.\., L, d\)"),
        ({"k": np.ones(4)}, r"k must have shape \(\.\.\., S, d\)"),
        ({"k": np.ones((2, 5, 3))}, "q and k must share a positive last dimension d, got 4 and 3"),
        ({"q": np.ones((2, 3, 0)), "k": np.ones((2, 5, 0))}, "positive last dimension"),
        ({"k": np.ones((3, 5, 4))}, "leading dimensions of q .* and k .* must broadcast"),
        ({"v": np.ones((2, 4, 6))}, r"v must have shape \(\.\.\., 5, dv\)"),
        ({"v": np.ones(5)}, r"v must have shape \(\.\.\., 5, dv\)"),
        ({"v": np.ones((3, 5, 6))}, "leading dimensions of v .* must broadcast"),
        ({"mask": np.ones((3, 5))}, "mask must be boolean"),
        ({"mask": np.ones((3, 4), dtype=bool)}, r"mask of shape \(3, 4\) does not broadcast"),
        ({"mask": np.ones((4, 2, 3, 5), dtype=bool)}, "does not broadcast to"),
    ],
)
def test_bad_attention_input_raises(kwargs, message):
    with pytest.raises(ValueError, match=message):
        attention.scaled_dot_product_attention(**{"q": Q, "k": K, "v": V, **kwargs})


X = np.ones((2, 3, 6))
W = np.eye(6)


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"num_heads": 4}, "num_heads must be a positive divisor of E = 6, got 4"),
        ({"num_heads": 0}, "num_heads must be a positive divisor"),
        ({"num_heads": 1.5}, "num_heads must be an integer"),
        ({"x": X[0]}, r"x must have shape \(N, L, E\)"),
        ({"Wk": W[:3]}, r"Wk must have shape \(6, 6\)"),
        ({"Wo": W[:, :4]}, r"Wo must have shape \(6, 6\)"),
    ],
)
def test_bad_multi_head_input_raises(kwargs, message):
    arguments = {"x": X, "Wq": W, "Wk": W, "Wv": W, "Wo": W, "num_heads": 2, **kwargs}
    with pytest.raises(ValueError, match=message):
        attention.multi_head_attention(**arguments)


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (lambda: attention.split_heads(X[0], 2), r"x must have shape \(N, L, E\)"),
        (lambda: attention.split_heads(X, 5), "num_heads must be a positive divisor"),
        (lambda: attention.merge_heads(X), r"x must have shape \(N, h, L, d_h\)"),
        (lambda: attention.causal_mask(-1), "L must be zero or more"),
        (lambda: attention.causal_mask(2, 1.5), "S must be an integer"),
    ],
)
def test_bad_helper_input_raises(call, message):
    with pytest.raises(ValueError, match=message):
        call()


# --- demos ---------------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["scaled_dot_product_attention", "multi_head_attention"])
def test_demo_is_bilingual_and_reproducible(name):
    demo = getattr(demos, name)
    for seed in range(5):
        steps = demo(np.random.default_rng(seed))
        assert steps and all(isinstance(s, Step) and s.en and s.zh for s in steps)
        assert repr(steps) == repr(demo(np.random.default_rng(seed)))


def test_attention_demo_steps_fit_together():
    q, k, v, scores, scaled, weights, output, *_ = demos.scaled_dot_product_attention(
        np.random.default_rng(4)
    )
    np.testing.assert_allclose(scores.value, q.value @ k.value.T)
    np.testing.assert_allclose(scaled.value, scores.value / 2.0)
    np.testing.assert_allclose(weights.value.sum(axis=1), 1.0)
    np.testing.assert_allclose(output.value, weights.value @ v.value)
