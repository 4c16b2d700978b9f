"""Independent recomputation of the engine.regularization templates' answers (plain Python)."""

from __future__ import annotations

import numpy as np
import pytest

from engine.regularization import dropout
from quiz.numeric import load_templates


def sign(x):
    return (x > 0) - (x < 0)


def l2_penalty_value(params):
    return 0.5 * params["lam"] * sum(w * w for w in params["w"])


def l1_penalty_value(params):
    return params["lam"] * sum(abs(w) for w in params["w"])


def weight_decay_step(params):
    lam, lr = params["lam"], params["lr"]
    return [w - lr * (g + lam * w) for w, g in zip(params["w"], params["grad"], strict=True)]


def l1_shrink_step(params):
    lam, lr = params["lam"], params["lr"]
    return [w - lr * (g + lam * sign(w)) for w, g in zip(params["w"], params["grad"], strict=True)]


def dropout_masked_output(params):
    keep = 1 - params["p"]
    return [x * m / keep for x, m in zip(params["x"], params["mask"], strict=True)]


def dropout_next_layer(params):
    kept = dropout_masked_output(params)
    return sum(w * x for w, x in zip(params["w"], kept, strict=True))


def random_crop_positions(params):
    padding, (crop_h, crop_w) = params["padding"], params["crop"]
    rows = params["height"] + 2 * padding - crop_h + 1
    cols = params["width"] + 2 * padding - crop_w + 1
    return rows * cols


def random_crop_features(params):
    return params["channels"] * params["crop"] ** 2


INDEPENDENT = {
    "l2-penalty-value": l2_penalty_value,
    "l1-penalty-value": l1_penalty_value,
    "weight-decay-step": weight_decay_step,
    "l1-shrink-step": l1_shrink_step,
    "dropout-masked-output": dropout_masked_output,
    "dropout-next-layer": dropout_next_layer,
    "random-crop-positions": random_crop_positions,
    "random-crop-features": random_crop_features,
}


def test_the_concept_files_examples():
    """The worked examples of content/regularization, through the recomputations above."""
    assert l2_penalty_value({"w": [0.5, -2.0, 0.0], "lam": 0.1}) == pytest.approx(0.2125)
    cifar = {"height": 32, "width": 32, "crop": [32, 32], "padding": 4}
    assert random_crop_positions(cifar) == 81


@pytest.mark.parametrize("template_id", ["dropout-masked-output", "dropout-next-layer"])
def test_the_shown_mask_is_the_one_the_engine_draws(template_id):
    for seed in range(50):
        params = load_templates()[template_id].generate(seed).params
        x = np.array(params["x"])
        out = dropout(x, params["p"], np.random.default_rng(params["mask_seed"]))
        assert (out != 0).astype(int).tolist() == params["mask"]
        assert 0 < sum(params["mask"]) < len(params["mask"])


def test_l1_step_questions_mix_signs_so_sign_matters():
    for seed in range(50):
        w = load_templates()["l1-shrink-step"].generate(seed).params["w"]
        assert min(w) < 0 < max(w)
