"""engine.regularization: penalties, dropout and augmentation, by hand and against PyTorch."""

from __future__ import annotations

import numpy as np
import pytest

from engine import optim, regularization
from engine.calculus import numerical_gradient
from engine.demos import Step
from engine.demos import regularization as demos

# --- penalties -------------------------------------------------------------------------


def test_penalties_by_hand():
    w = np.array([[1.0, -2.0], [0.0, 3.0]])
    assert regularization.l1_penalty(w, 0.5) == 3.0
    assert regularization.l2_penalty(w, 0.5) == 3.5
    assert regularization.l2_penalty(w, 0.0) == 0.0


@pytest.mark.parametrize("seed", range(5))
def test_penalty_gradients_by_finite_differences(seed):
    rng = np.random.default_rng(seed)
    w = rng.uniform(0.1, 2, size=(2, 3)) * rng.choice([-1, 1], size=(2, 3))  # away from the kink
    lam = rng.uniform(0, 1)
    np.testing.assert_allclose(
        numerical_gradient(lambda v: regularization.l1_penalty(v, lam), w),
        lam * np.sign(w),
        rtol=1e-6,
    )
    np.testing.assert_allclose(
        numerical_gradient(lambda v: regularization.l2_penalty(v, lam), w), lam * w, rtol=1e-6
    )


# --- dropout ---------------------------------------------------------------------------


@pytest.mark.parametrize("p", [0.1, 0.5, 0.9])
def test_dropout_keeps_with_probability_one_minus_p_and_scales(p):
    x = np.random.default_rng(0).uniform(0.5, 1.5, size=(200, 250))
    out = regularization.dropout(x, p, np.random.default_rng(1))
    kept = out != 0
    np.testing.assert_array_equal(out, np.where(kept, x * (1 / (1 - p)), 0.0))
    sigma = np.sqrt(p * (1 - p) / x.size)
    assert abs(kept.mean() - (1 - p)) < 5 * sigma
    assert out.mean() == pytest.approx(x.mean(), rel=0.02)  # E[out] = x


def test_dropout_is_the_identity_when_not_training_or_p_is_zero():
    x = np.array([[1.0, -2.0, 3.0]])
    np.testing.assert_array_equal(regularization.dropout(x, 0.5, None, training=False), x)
    np.testing.assert_array_equal(regularization.dropout(x, 0.0, np.random.default_rng(0)), x)


def test_dropout_is_reproducible_from_the_seed():
    x = np.ones(50)
    first = regularization.dropout(x, 0.3, np.random.default_rng(9))
    np.testing.assert_array_equal(first, regularization.dropout(x, 0.3, np.random.default_rng(9)))
    assert not np.array_equal(first, regularization.dropout(x, 0.3, np.random.default_rng(10)))


# --- augmentation ----------------------------------------------------------------------


def test_augment_flip_mirrors_left_and_right():
    x = np.arange(12.0).reshape(2, 2, 3)
    out = regularization.augment_flip(x)
    np.testing.assert_array_equal(out[0], [[2, 1, 0], [5, 4, 3]])
    np.testing.assert_array_equal(regularization.augment_flip(out), x)


def test_random_crop_is_a_window_of_the_padded_image_and_reaches_every_offset():
    x = np.arange(1.0, 10.0).reshape(1, 3, 3)
    padded = np.pad(x, ((0, 0), (1, 1), (1, 1)))
    windows = {(i, j): padded[:, i : i + 3, j : j + 3] for i in range(3) for j in range(3)}
    rng = np.random.default_rng(0)
    seen = set()
    for _ in range(200):
        crop = regularization.augment_random_crop(x, 3, 1, rng)
        matches = [offset for offset, window in windows.items() if np.array_equal(crop, window)]
        assert len(matches) == 1
        seen.add(matches[0])
    assert seen == set(windows)


def test_random_crop_with_rectangular_size():
    x = np.ones((3, 4, 5))
    assert regularization.augment_random_crop(x, (2, 5), 0, np.random.default_rng(0)).shape == (
        3,
        2,
        5,
    )


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (lambda: regularization.l1_penalty(np.ones(2), -0.1), "lam must be >= 0"),
        (lambda: regularization.l2_penalty(np.ones(2), np.nan), "lam must be >= 0"),
        (lambda: regularization.dropout(np.ones(2), 1.0, np.random.default_rng()), "p must be in"),
        (lambda: regularization.dropout(np.ones(2), -0.1, np.random.default_rng()), "p must be in"),
        (lambda: regularization.augment_flip(np.ones((2, 2))), "x must be an image"),
        (lambda: regularization.augment_random_crop(np.ones(4), 2, 0, None), "x must be an image"),
        (lambda: regularization.augment_random_crop(np.ones((1, 2, 2)), 2, -1, None), "padding"),
        (lambda: regularization.augment_random_crop(np.ones((1, 2, 2)), 2, 1.5, None), "padding"),
        (lambda: regularization.augment_random_crop(np.ones((1, 2, 2)), 0, 0, None), "size must"),
        (lambda: regularization.augment_random_crop(np.ones((1, 2, 2)), 1.5, 0, None), "size must"),
        (
            lambda: regularization.augment_random_crop(np.ones((1, 2, 2)), (1, 1, 1), 0, None),
            "size",
        ),
        (lambda: regularization.augment_random_crop(np.ones((1, 2, 2)), 5, 1, None), "larger than"),
    ],
)
def test_bad_input_raises(call, message):
    with pytest.raises(ValueError, match=message):
        call()


# --- against PyTorch -------------------------------------------------------------------


@pytest.fixture(scope="module")
def torch():
    return pytest.importorskip("torch", reason="PyTorch not installed (CI installs torch==2.13.0)")


@pytest.mark.parametrize("seed", range(20))
def test_penalties_and_l2_gradient_match_torch(torch, seed):
    rng = np.random.default_rng(seed)
    w = rng.standard_normal(tuple(rng.integers(1, 5, size=rng.integers(1, 4))))
    lam = float(rng.uniform(0, 2))
    w_t = torch.tensor(w, requires_grad=True)
    l2 = 0.5 * lam * torch.sum(w_t**2)
    l2.backward()
    assert regularization.l1_penalty(w, lam) == pytest.approx(
        lam * torch.sum(torch.abs(torch.tensor(w))).item(), rel=1e-6
    )
    assert regularization.l2_penalty(w, lam) == pytest.approx(l2.item(), rel=1e-6)
    gradient = numerical_gradient(lambda v: regularization.l2_penalty(v, lam), w)
    np.testing.assert_allclose(gradient, w_t.grad.numpy(), rtol=1e-6, atol=1e-9)


@pytest.mark.parametrize("seed", range(5))
@pytest.mark.parametrize("optimizer", ["SGD", "Adam"])
def test_l2_gradient_is_torch_weight_decay(torch, seed, optimizer):
    """Our optimizer on g + grad(l2_penalty) equals torch's with weight_decay = lam."""
    rng = np.random.default_rng(seed)
    lam, lr = float(rng.uniform(0.01, 0.5)), 0.1
    w = rng.standard_normal((2, 3))
    ours = optim.SGD(lr, momentum=0.9) if optimizer == "SGD" else optim.Adam(lr)
    w_t = torch.tensor(w, requires_grad=True)
    theirs = (
        torch.optim.SGD([w_t], lr=lr, momentum=0.9, weight_decay=lam)
        if optimizer == "SGD"
        else torch.optim.Adam([w_t], lr=lr, weight_decay=lam)
    )
    for _ in range(5):
        g = rng.standard_normal(w.shape)
        penalty_grad = numerical_gradient(lambda v: regularization.l2_penalty(v, lam), w)
        (w,) = ours.step([w], [g + penalty_grad])
        w_t.grad = torch.tensor(g)
        theirs.step()
        np.testing.assert_allclose(w, w_t.detach().numpy(), rtol=1e-6, atol=1e-9)


@pytest.mark.parametrize("p", [0.2, 0.5, 0.8])
def test_dropout_has_the_same_mask_semantics_as_torch(torch, p):
    x = np.random.default_rng(0).uniform(0.5, 1.5, size=(100, 200))
    ours = regularization.dropout(x, p, np.random.default_rng(1))
    torch.manual_seed(0)
    theirs = torch.nn.functional.dropout(torch.tensor(x), p, training=True).numpy()
    sigma = np.sqrt(p * (1 - p) / x.size)
    for out in (ours, theirs):
        kept = out != 0
        # dropped -> 0, kept -> x / (1 - p), the same arithmetic as torch
        np.testing.assert_allclose(out, np.where(kept, x * (1 / (1 - p)), 0.0), rtol=1e-15)
        assert abs(kept.mean() - (1 - p)) < 5 * sigma
    not_training = torch.nn.functional.dropout(torch.tensor(x), p, training=False).numpy()
    np.testing.assert_array_equal(regularization.dropout(x, p, None, training=False), not_training)


@pytest.mark.parametrize("seed", range(10))
def test_flip_and_crop_match_torch(torch, seed):
    rng = np.random.default_rng(seed)
    c, h, w = rng.integers(1, 5, size=3)
    x = rng.standard_normal((c, h, w))
    expected = torch.flip(torch.tensor(x), dims=[-1]).numpy()
    np.testing.assert_array_equal(regularization.augment_flip(x), expected)
    padding = int(rng.integers(0, 3))
    size = (int(rng.integers(1, h + 2 * padding + 1)), int(rng.integers(1, w + 2 * padding + 1)))
    padded = torch.nn.functional.pad(torch.tensor(x), (padding,) * 4).numpy()
    crop = regularization.augment_random_crop(x, size, padding, rng)
    windows = [
        padded[:, i : i + size[0], j : j + size[1]]
        for i in range(padded.shape[1] - size[0] + 1)
        for j in range(padded.shape[2] - size[1] + 1)
    ]
    assert any(np.array_equal(crop, window) for window in windows)


# --- demos -----------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["l1_penalty", "l2_penalty", "dropout", "augment_random_crop"])
def test_demo_is_bilingual_and_reproducible(name):
    demo = getattr(demos, name)
    steps = demo(np.random.default_rng(6))
    assert steps and all(isinstance(s, Step) and s.en and s.zh for s in steps)
    assert repr(steps) == repr(demo(np.random.default_rng(6)))


def test_l2_demo_gradient_is_lam_times_w():
    w, lam, _, gradient = (s.value for s in demos.l2_penalty(np.random.default_rng(0)))
    np.testing.assert_allclose(gradient, lam * w, rtol=1e-6)
