"""engine.transformer against F.layer_norm and nn.TransformerEncoderLayer, and the
positional encoding by hand."""

from __future__ import annotations

import math

import numpy as np
import pytest

from engine import transformer
from engine.demos import Step
from engine.demos import transformer as demos

SEEDS = range(15)
RTOL = 1e-6
ATOL = 1e-10  # for entries that are 0 up to rounding, after several layers


def random_params(rng: np.random.Generator, embed: int, hidden: int) -> dict:
    """Random encoder-layer parameters of the shapes in ENCODER_PARAM_SHAPES."""
    sizes = {"3E": 3 * embed, "E": embed, "F": hidden}
    return {
        name: rng.standard_normal([sizes[size] for size in shape]) / math.sqrt(embed)
        for name, shape in transformer.ENCODER_PARAM_SHAPES.items()
    }


# --- hand-worked cases ---------------------------------------------------------------------


def test_layer_norm_gives_mean_zero_variance_one():
    rng = np.random.default_rng(0)
    x = rng.standard_normal((3, 5)) * 100 + 7
    out = transformer.layer_norm(x, np.ones(5), np.zeros(5), eps=0.0)
    np.testing.assert_allclose(out.mean(axis=-1), 0.0, atol=1e-12)
    np.testing.assert_allclose(out.var(axis=-1), 1.0)


def test_layer_norm_scale_shift_and_constant_rows():
    x = np.array([[1.0, 3.0], [5.0, 5.0]])
    out = transformer.layer_norm(x[0], np.array([2.0, 1.0]), np.array([0.0, 10.0]), eps=0.0)
    np.testing.assert_allclose(out, [-2.0, 11.0])
    # A constant row is all zeros after centring; eps keeps 0 / sqrt(0 + eps) finite.
    out = transformer.layer_norm(x, np.ones(2), np.zeros(2))
    np.testing.assert_array_equal(out[1], [0.0, 0.0])


def test_positional_encoding_at_position_zero_is_sin0_cos0():
    pe = transformer.positional_encoding(5, 6)
    np.testing.assert_array_equal(pe[0], [0.0, 1.0, 0.0, 1.0, 0.0, 1.0])


def test_positional_encoding_hand_computed_entries():
    pe = transformer.positional_encoding(4, 8)
    # d = 8, i = 1: 10000^(2/8) = 10, so PE[3, 2] = sin(3 / 10) and PE[3, 3] = cos(0.3).
    assert pe[3, 2] == pytest.approx(math.sin(0.3), rel=1e-12)
    assert pe[3, 3] == pytest.approx(math.cos(0.3), rel=1e-12)
    assert pe[1, 0] == pytest.approx(math.sin(1.0), rel=1e-12)
    assert pe[2, 7] == pytest.approx(math.cos(2 / 1000), rel=1e-12)  # i = 3: 10000^(6/8)


def test_positional_encoding_with_odd_d_model_ends_with_a_sine():
    pe = transformer.positional_encoding(3, 5)
    assert pe.shape == (3, 5)
    assert pe[2, 4] == pytest.approx(math.sin(2 / 10000 ** (4 / 5)), rel=1e-12)


def test_encoder_layer_output_rows_are_normalized():
    rng = np.random.default_rng(1)
    params = random_params(rng, 6, 10)
    params["norm2.weight"], params["norm2.bias"] = np.ones(6), np.zeros(6)
    out = transformer.encoder_layer(rng.standard_normal((2, 4, 6)), params, num_heads=3)
    np.testing.assert_allclose(out.mean(axis=-1), 0.0, atol=1e-12)
    np.testing.assert_allclose(out.var(axis=-1), 1.0, rtol=1e-4)  # eps = 1e-5 shrinks it


def test_causal_encoder_layer_ignores_later_positions():
    rng = np.random.default_rng(2)
    params = random_params(rng, 4, 8)
    x = rng.standard_normal((1, 5, 4))
    changed = x.copy()
    changed[0, 3:] += 10.0
    out = transformer.encoder_layer(x, params, 2, causal=True)
    out_changed = transformer.encoder_layer(changed, params, 2, causal=True)
    np.testing.assert_allclose(out[0, :3], out_changed[0, :3])
    assert not np.allclose(out[0, 3:], out_changed[0, 3:])


# --- against PyTorch -----------------------------------------------------------------------


@pytest.fixture(scope="module")
def torch():
    return pytest.importorskip("torch", reason="PyTorch not installed (CI installs torch==2.13.0)")


@pytest.mark.parametrize("seed", SEEDS)
def test_layer_norm_matches_torch(torch, seed):
    rng = np.random.default_rng(seed)
    shape = tuple(int(n) for n in rng.integers(1, 6, size=rng.integers(1, 4)))
    offset, scale = rng.choice([0.0, 1e3]), rng.choice([1e-3, 1.0, 1e3])
    x = offset + scale * rng.standard_normal(shape)
    gamma, beta = rng.standard_normal(shape[-1]), rng.standard_normal(shape[-1])
    eps = float(rng.choice([1e-5, 1e-12, 0.1]))
    expected = torch.nn.functional.layer_norm(
        torch.tensor(x), shape[-1:], torch.tensor(gamma), torch.tensor(beta), eps
    ).numpy()
    np.testing.assert_allclose(
        transformer.layer_norm(x, gamma, beta, eps), expected, rtol=RTOL, atol=ATOL
    )


def torch_encoder_layer(torch, params: dict, num_heads: int):
    embed, hidden = params["linear1.weight"].shape[1], params["linear1.weight"].shape[0]
    layer = torch.nn.TransformerEncoderLayer(
        embed, num_heads, hidden, dropout=0.0, batch_first=True, norm_first=False
    ).double()
    layer.load_state_dict({name: torch.tensor(value) for name, value in params.items()})
    return layer.eval()


@pytest.mark.parametrize("seed", SEEDS)
def test_encoder_layer_matches_torch(torch, seed):
    rng = np.random.default_rng(seed)
    num_heads = int(rng.integers(1, 4))
    embed = num_heads * int(rng.integers(1, 4))
    hidden = int(rng.integers(1, 12))
    batch, length = (int(n) for n in rng.integers(1, 5, size=2))
    causal = bool(rng.random() < 0.4)
    params = random_params(rng, embed, hidden)
    x = rng.standard_normal((batch, length, embed))
    layer = torch_encoder_layer(torch, params, num_heads)
    state = {name: value.numpy() for name, value in layer.state_dict().items()}
    assert set(state) == set(transformer.ENCODER_PARAM_SHAPES)
    mask = torch.nn.Transformer.generate_square_subsequent_mask(length, dtype=torch.float64)
    with torch.no_grad():
        if causal:
            expected = layer(torch.tensor(x), src_mask=mask, is_causal=True)
        else:
            expected = layer(torch.tensor(x))
    out = transformer.encoder_layer(x, state, num_heads, causal=causal)
    np.testing.assert_allclose(out, expected.numpy(), rtol=RTOL, atol=ATOL)


@pytest.mark.parametrize("seed", range(5))
def test_sub_layers_match_torch(torch, seed):
    rng = np.random.default_rng(seed)
    params = random_params(rng, 6, 7)
    layer = torch_encoder_layer(torch, params, 2)
    x = rng.standard_normal((2, 3, 6))
    xt = torch.tensor(x)
    with torch.no_grad():
        attended = layer.self_attn(xt, xt, xt, need_weights=False)[0].numpy()
        fed = layer.linear2(torch.relu(layer.linear1(xt))).numpy()
    np.testing.assert_allclose(
        transformer.self_attention(x, params, 2), attended, rtol=RTOL, atol=ATOL
    )
    np.testing.assert_allclose(transformer.feed_forward(x, params), fed, rtol=RTOL, atol=ATOL)


# --- bad input -----------------------------------------------------------------------------

PARAMS = random_params(np.random.default_rng(0), 4, 8)
X = np.ones((2, 3, 4))


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (lambda: transformer.layer_norm(np.float64(1.0), [1.0], [0.0]), r"x must have shape"),
        (lambda: transformer.layer_norm(np.ones((2, 0)), [], []), r"D >= 1"),
        (lambda: transformer.layer_norm(X, np.ones(3), np.zeros(4)), r"gamma must have shape"),
        (lambda: transformer.layer_norm(X, np.ones(4), np.zeros(5)), r"beta must have shape"),
        (lambda: transformer.layer_norm(X, np.ones(4), np.zeros(4), -1e-5), "eps must be zero"),
        (lambda: transformer.positional_encoding(0, 4), "seq_len must be a positive"),
        (lambda: transformer.positional_encoding(4, -2), "d_model must be a positive"),
        (lambda: transformer.positional_encoding(4, 2.5), "d_model must be an integer"),
        (lambda: transformer.encoder_layer(X[0], PARAMS, 2), r"x must have shape \(N, L, E\)"),
        (lambda: transformer.encoder_layer(X, PARAMS, 3), "num_heads must be a positive divisor"),
        (
            lambda: transformer.encoder_layer(X, {**PARAMS, "norm3.weight": np.ones(4)}, 2),
            r"params has unknown keys \['norm3.weight'\]",
        ),
        (
            lambda: transformer.encoder_layer(
                X, {k: v for k, v in PARAMS.items() if k != "norm2.bias"}, 2
            ),
            "params is missing 'norm2.bias'",
        ),
        (
            lambda: transformer.encoder_layer(
                X, {**PARAMS, "self_attn.in_proj_weight": np.ones((4, 4))}, 2
            ),
            r"params\['self_attn.in_proj_weight'\] must have shape \(12, 4\)",
        ),
        (
            lambda: transformer.encoder_layer(X, {**PARAMS, "linear2.weight": np.ones((4, 9))}, 2),
            r"params\['linear2.weight'\] must have shape \(4, 8\)",
        ),
        (
            lambda: transformer.feed_forward(X, {**PARAMS, "linear1.weight": np.ones(8)}),
            r"params\['linear1.weight'\] must have shape \('F', 4\)",
        ),
        (lambda: transformer.self_attention(X, {}, 2), "params is missing"),
    ],
)
def test_bad_input_raises(call, message):
    with pytest.raises(ValueError, match=message):
        call()


# --- demos ---------------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["layer_norm", "positional_encoding", "encoder_layer"])
def test_demo_is_bilingual_and_reproducible(name):
    demo = getattr(demos, name)
    for seed in range(5):
        steps = demo(np.random.default_rng(seed))
        assert steps and all(isinstance(s, Step) and s.en and s.zh for s in steps)
        assert repr(steps) == repr(demo(np.random.default_rng(seed)))


def test_encoder_layer_demo_sub_layers_compose_to_the_output():
    _, x, attended, h, fed, out = demos.encoder_layer(np.random.default_rng(5))
    ones, zeros = np.ones(4), np.zeros(4)
    np.testing.assert_allclose(
        h.value, transformer.layer_norm(x.value + attended.value, ones, zeros)
    )
    np.testing.assert_allclose(out.value, transformer.layer_norm(h.value + fed.value, ones, zeros))
