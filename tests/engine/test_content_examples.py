"""The worked numbers of concept files, recomputed with the engine.

Each test quotes the sentence it checks; it first asserts that the sentence is still in the
file (so an edit to the example shows up here) and then recomputes every number in it.
Files that do not exist in this checkout are skipped.
"""

from __future__ import annotations

import math

import numpy as np
import pytest
import yaml

from engine import embedding, language_model, metrics
from tests.conftest import BUNDLED_CONTENT


def concept_text(relative: str) -> str:
    """The English example and notes of a concept file, or skip if the file is missing."""
    path = BUNDLED_CONTENT / relative
    if not path.exists():
        pytest.skip(f"{relative} is not in this checkout")
    data = yaml.safe_load(path.read_text("utf-8"))
    return " ".join(data.get(field, {}).get("en", "") for field in ("example", "notes"))


def test_accuracy_example():
    text = concept_text("training/accuracy.yaml")
    # "Taking the largest entry of each gives the predicted classes 2, 2, 0, 1, 2; three of
    # the five match, so the score is 3/5 = 0.6, an error rate of 0.4."
    assert "predicted classes 2, 2, 0, 1, 2" in text and "3/5 = 0.6" in text
    probs = np.array(
        [[0.1, 0.3, 0.6], [0.3, 0.2, 0.5], [0.7, 0.2, 0.1], [0.2, 0.5, 0.3], [0.2, 0.3, 0.5]]
    )
    y_pred = probs.argmax(axis=1)
    assert y_pred.tolist() == [2, 2, 0, 1, 2]
    score = metrics.accuracy(np.array([0, 2, 0, 1, 1]), y_pred)
    assert score == 0.6 and 1 - score == pytest.approx(0.4)
    # "among 1,000 emails of which 50 are spam, a filter that never flags anything is right
    # on 950 and scores 0.95"
    assert "scores 0.95" in text
    assert metrics.accuracy(np.array([1] * 50 + [0] * 950), np.zeros(1000, dtype=int)) == 0.95


def spam_labels():
    """1,000 emails, 50 spam; 40 caught (TP), 20 legitimate flagged (FP), 10 missed (FN)."""
    y_true = np.array([1] * 40 + [0] * 20 + [1] * 10 + [0] * 930)
    y_pred = np.array([1] * 40 + [1] * 20 + [0] * 10 + [0] * 930)
    return y_true, y_pred


def test_precision_and_recall_example():
    text = concept_text("training/precision-and-recall.yaml")
    # "Of the flagged emails 40 / 60 ≈ 0.667 really are spam; of the spam emails 40 / 50 =
    # 0.8 are caught. Its accuracy, (40 + 930) / 1,000 = 0.97, shows neither weakness."
    assert "40 / 60 ≈ 0.667" in text and "40 / 50 = 0.8" in text and "= 0.97" in text
    precision, recall, _ = metrics.precision_recall_f1(*spam_labels())
    assert round(precision, 3) == 0.667 and recall == 0.8
    assert metrics.accuracy(*spam_labels()) == 0.97
    # "Flagging scores ≥ 0.5 gives TP = 4, FP = 2, FN = 1: precision 0.667, recall 0.8. A
    # threshold of 0.8 gives TP = 3, FP = 0, FN = 2: precision 1.0, recall 0.6."
    assert "precision 0.667, recall 0.8" in text and "precision 1.0, recall 0.6" in text
    scores = np.array([0.95, 0.90, 0.85, 0.75, 0.65, 0.55, 0.45, 0.35, 0.25, 0.15])
    y_true = np.array([1, 1, 1, 0, 1, 0, 1, 0, 0, 0])
    p, r, _ = metrics.precision_recall_f1(y_true, (scores >= 0.5).astype(int))
    assert (round(p, 3), r) == (0.667, 0.8)
    p, r, _ = metrics.precision_recall_f1(y_true, (scores >= 0.8).astype(int))
    assert (p, r) == (1.0, 0.6)


def test_f1_example():
    text = concept_text("training/f1-score.yaml")
    # "so it scores 2 × (2/3) × 0.8 / (2/3 + 0.8) = 80 / 110 ≈ 0.727"
    assert "80 / 110 ≈ 0.727" in text
    _, _, f1 = metrics.precision_recall_f1(*spam_labels())
    assert f1 == pytest.approx(80 / 110) and round(f1, 3) == 0.727
    # "A filter that flags all 1,000 emails, 50 of them spam, has recall 1 and precision 0.05:
    # their arithmetic mean is 0.525, but their harmonic mean is only ≈ 0.095"
    assert "≈ 0.095" in text and "0.525" in text
    y_true = np.array([1] * 50 + [0] * 950)
    precision, recall, f1 = metrics.precision_recall_f1(y_true, np.ones(1000, dtype=int))
    assert (precision, recall) == (0.05, 1.0)
    assert (precision + recall) / 2 == 0.525 and round(f1, 3) == 0.095
    # "for the first filter above, F_2 ≈ 0.769 and F_0.5 ≈ 0.690" (F_β from its P and R)
    assert "F_2 ≈ 0.769" in text and "F_0.5 ≈ 0.690" in text
    p, r, _ = metrics.precision_recall_f1(*spam_labels())

    def f_beta(beta):
        return (1 + beta**2) * p * r / (beta**2 * p + r)

    assert round(f_beta(2), 3) == 0.769 and round(f_beta(0.5), 3) == 0.690


def test_confusion_matrix_example():
    text = concept_text("training/confusion-matrix.yaml")
    # "cat [6, 2, 0], dog [1, 5, 1], bird [0, 1, 4]. The row sums give 8 cats, 7 dogs and
    # 5 birds; the diagonal holds 6 + 5 + 4 = 15 correct predictions, an accuracy of
    # 15/20 = 0.75"
    assert "cat [6, 2, 0], dog [1, 5, 1], bird [0, 1, 4]" in text and "15/20 = 0.75" in text
    table = [[6, 2, 0], [1, 5, 1], [0, 1, 4]]
    pairs = [(j, k) for j in range(3) for k in range(3) for _ in range(table[j][k])]
    y_true, y_pred = (np.array(column) for column in zip(*pairs, strict=True))
    matrix = metrics.confusion_matrix(y_true, y_pred, 3)
    assert matrix.tolist() == table
    assert matrix.sum(axis=1).tolist() == [8, 7, 5] and np.trace(matrix) == 15
    assert metrics.accuracy(y_true, y_pred) == 0.75


def test_bleu_example():
    text = concept_text("nlp/bleu.yaml")
    # "p₁ = 6/6, p₂ = 4/5, p₃ = 3/4, p₄ = 2/3, whose geometric mean is
    # (1 × 0.8 × 0.75 × 0.667)^(1/4) = 0.4^(1/4) ≈ 0.795. ... the brevity penalty is
    # e^(1 − 7/6) ≈ 0.846, and the score is 0.846 × 0.795 ≈ 0.673"
    assert "≈ 0.795" in text and "≈ 0.846" in text and "≈ 0.673" in text
    reference = ["the", "small", "cat", "sat", "on", "the", "mat"]
    candidate = ["the", "cat", "sat", "on", "the", "mat"]
    score = language_model.bleu(candidate, [reference])
    brevity = math.exp(1 - 7 / 6)
    assert round(brevity, 3) == 0.846
    assert round(score / brevity, 3) == 0.795 and (score / brevity) ** 4 == pytest.approx(0.4)
    assert round(score, 3) == 0.673
    # p_n one at a time: BLEU-n / BLEU-(n−1) undoes the geometric mean
    geometric = [
        language_model.bleu(candidate, [reference], max_n=n) / brevity for n in (1, 2, 3, 4)
    ]
    precisions = [geometric[0]] + [
        geometric[n] ** (n + 1) / geometric[n - 1] ** n for n in (1, 2, 3)
    ]
    assert precisions == pytest.approx([6 / 6, 4 / 5, 3 / 4, 2 / 3])
    # "the candidate the the the the the the the has plain unigram precision 7/7 but modified
    # precision 2/7"
    assert "modified precision 2/7" in text
    sevens = ["the"] * 7
    assert language_model.bleu(sevens, [reference], max_n=1) == pytest.approx(2 / 7)  # BP = 1


def test_negative_sampling_example():
    text = concept_text("nlp/negative-sampling.yaml")
    # "the loss is −ln σ(2.0) − ln σ(1.0) − ln σ(−0.5) ≈ 0.127 + 0.313 + 0.974 = 1.414"
    assert "≈ 0.127 + 0.313 + 0.974 = 1.414" in text
    v = np.array([1.0])  # 1-D vectors carry the scores 2.0, −1.0 and 0.5 as dot products
    loss = embedding.negative_sampling_loss(v, np.array([2.0]), np.array([[-1.0], [0.5]]))
    assert round(loss, 3) == 1.414
    terms = [
        embedding.negative_sampling_loss(v, np.array([2.0]), np.zeros((0, 1))),
        embedding.negative_sampling_loss(v, np.array([1e9]), np.array([[-1.0]])),
        embedding.negative_sampling_loss(v, np.array([1e9]), np.array([[0.5]])),
    ]
    assert [round(t, 3) for t in terms] == [0.127, 0.313, 0.974]
    # "two words with frequencies 0.9 and 0.1 are drawn as noise with probabilities 0.84
    # and 0.16"
    assert "probabilities 0.84 and 0.16" in text
    weights = np.array([0.9, 0.1]) ** 0.75
    assert np.round(weights / weights.sum(), 2).tolist() == [0.84, 0.16]


def test_gelu_example():
    from engine import activations

    text = concept_text("foundations/gelu.yaml")
    # "GELU, z·Φ(z), at z = 1 is 1 × 0.841 ≈ 0.841 and at z = −1 is −1 × 0.159 ≈ −0.159, where
    # ReLU gives 1 and 0; at z = 3 it is 2.996, almost z itself. The tanh approximation gives
    # 0.841 at z = 1 as well."
    assert "1 × 0.841 ≈ 0.841" in text and "−1 × 0.159 ≈ −0.159" in text
    assert "at z = 3 it is 2.996" in text and "gives 0.841 at z = 1" in text
    phi = activations.normal_cdf(np.array([1.0, -1.0]))
    assert np.round(phi, 3).tolist() == [0.841, 0.159]
    assert np.round(activations.gelu(np.array([1.0, -1.0])), 3).tolist() == [0.841, -0.159]
    assert activations.relu(np.array([1.0, -1.0])).tolist() == [1.0, 0.0]
    assert round(float(activations.gelu(np.array(3.0))), 3) == 2.996
    assert round(float(activations.gelu(np.array(1.0), approximate="tanh")), 3) == 0.841


def test_exponential_moving_average_example():
    from engine import moving_average

    text = concept_text("optimization/exponential-moving-average.yaml")
    # "With β = 0.9 and observations 10, 12, 11 starting from m₀ = 0, the exponential moving
    # average is 1.0, 2.1, 2.99, far below the data; dividing by 1 − 0.9ᵗ (0.1, 0.19, 0.271)
    # gives 10, 11.05, 11.03. β = 0.9 averages over about 1 / (1 − 0.9) = 10 values, β = 0.999
    # over about 1,000."
    assert "is 1.0, 2.1, 2.99" in text and "(0.1, 0.19, 0.271)" in text
    assert "gives 10, 11.05, 11.03" in text and "= 10 values" in text and "about 1,000" in text
    averages = moving_average.ema(np.array([10.0, 12.0, 11.0]), 0.9)
    np.testing.assert_allclose(averages, [1.0, 2.1, 2.99])
    np.testing.assert_allclose(1 - 0.9 ** np.arange(1, 4), [0.1, 0.19, 0.271])
    corrected = moving_average.bias_corrected(averages, 0.9)
    assert np.round(corrected, 2).tolist() == [10.0, 11.05, 11.03]
    assert round(1 / (1 - 0.9)) == 10 and round(1 / (1 - 0.999)) == 1000


def test_adagrad_example():
    from engine import optim

    text = concept_text("optimization/adagrad.yaml")
    # "At step 4 the first has s = 1 + 1 + 1 + 1 = 4 and moves η × 1 / √4 = 0.05; the second
    # has s = 1 and moves the full η × 1 / √1 = 0.1. The first one's steps were 0.1, 0.071,
    # 0.058, 0.05: its learning rate decays as 1 / √t."
    assert "s = 1 + 1 + 1 + 1 = 4" in text and "η × 1 / √4 = 0.05" in text
    assert "η × 1 / √1 = 0.1" in text and "0.1, 0.071, 0.058, 0.05" in text
    adagrad = optim.Adagrad(0.1)
    p, moves = [np.zeros(2)], []
    for t in range(1, 5):
        new = adagrad.step(p, [np.array([1.0, 1.0 if t == 4 else 0.0])])
        moves.append(p[0] - new[0])
        p = new
    assert adagrad.sum_of_squares is not None
    assert adagrad.sum_of_squares[0].tolist() == [4.0, 1.0]
    np.testing.assert_allclose(moves[-1], [0.05, 0.1])
    assert [round(float(m[0]), 3) for m in moves] == [0.1, 0.071, 0.058, 0.05]


def test_nesterov_momentum_example():
    from engine import optim

    text = concept_text("optimization/nesterov-momentum.yaml")
    # "Step 1 is the same for both methods: m = 2, θ = 0.8. At step 2 classical momentum uses
    # the gradient at 0.8, which is 1.6, so m = 0.9 × 2 + 1.6 = 3.4 and θ = 0.46; Nesterov
    # momentum uses the gradient at 0.8 − 0.1 × 0.9 × 2 = 0.62, which is 1.24, so m = 3.04 and
    # θ = 0.496. Over 30 steps classical momentum overshoots to −0.709, the look-ahead version
    # only to −0.333."
    assert "m = 2, θ = 0.8" in text and "m = 0.9 × 2 + 1.6 = 3.4 and θ = 0.46" in text
    assert "0.8 − 0.1 × 0.9 × 2 = 0.62, which is 1.24, so m = 3.04 and θ = 0.496" in text
    assert "overshoots to −0.709, the look-ahead version only to −0.333" in text
    thetas, ms = optim.nesterov_momentum(lambda t: 2 * t, np.array(1.0), 0.1, 0.9, 30)
    np.testing.assert_allclose(thetas[1:3], [0.8, 0.496])
    np.testing.assert_allclose(ms[1:3], [2.0, 3.04])
    sgd, classical = optim.SGD(0.1, momentum=0.9), [np.array(1.0)]
    for _ in range(30):
        (new,) = sgd.step([classical[-1]], [2 * classical[-1]])
        classical.append(new)
    assert float(classical[1]) == pytest.approx(0.8) and float(classical[2]) == pytest.approx(0.46)
    assert round(float(min(classical)), 3) == -0.709 and round(float(thetas.min()), 3) == -0.333
    # notes: "in the example above p is 0.8 − 0.09 × 2 = 0.62 after step 1 and
    # 0.496 − 0.09 × 3.04 = 0.2224 after step 2"
    assert "0.8 − 0.09 × 2 = 0.62" in text and "0.496 − 0.09 × 3.04 = 0.2224" in text
    nesterov, p = optim.NesterovSGD(0.1, momentum=0.9), [np.array(1.0)]
    p = nesterov.step(p, [2 * p[0]])
    assert float(p[0]) == pytest.approx(0.62)
    p = nesterov.step(p, [2 * p[0]])
    assert float(p[0]) == pytest.approx(0.2224)


def test_softmax_regression_example():
    from engine import linear_models, losses

    text = concept_text("foundations/softmax-regression.yaml")
    # "... give the scores z = [2, 1, 0] and the probabilities ŷ ≈ [0.665, 0.245, 0.090]. The
    # image is a dog, so the loss is −ln 0.245 ≈ 1.408. The gradient of the loss with respect
    # to z is ŷ − y ≈ [0.665, −0.755, 0.090], and with respect to the weights it is (ŷ − y)xᵀ:
    # the dog row gets ≈ [−0.755, −1.511]. One gradient step with η = 0.1 on W and on b
    # (whose gradient is ŷ − y itself) changes the scores to ≈ [1.601, 1.453, −0.054], the
    # dog's probability rises to ≈ 0.420 and the loss falls to ≈ 0.867. For 28 × 28 images
    # and 10 classes the model has 784 × 10 + 10 = 7,850 parameters."
    for quoted in (
        "z = [2, 1, 0]",
        "ŷ ≈ [0.665, 0.245, 0.090]",
        "−ln 0.245 ≈ 1.408",
        "ŷ − y ≈ [0.665, −0.755, 0.090]",
        "≈ [−0.755, −1.511]",
        "≈ [1.601, 1.453, −0.054]",
        "≈ 0.420 and the loss falls to ≈ 0.867",
        "784 × 10 + 10 = 7,850",
    ):
        assert quoted in text, quoted
    x, W, b = np.array([1.0, 2.0]), np.array([[1.0, 0.5], [0.0, 0.5], [-1.0, 0.5]]), np.zeros(3)
    z = W @ x + b
    assert z.tolist() == [2.0, 1.0, 0.0]
    assert np.round(losses.softmax(z), 3).tolist() == [0.665, 0.245, 0.090]
    loss, dz, dW, _ = linear_models.softmax_regression_grads(x, 1, W, b)
    assert round(loss, 3) == 1.408
    assert np.round(dz[0], 3).tolist() == [0.665, -0.755, 0.090]
    assert np.round(dW[1], 3).tolist() == [-0.755, -1.511]
    W2, b2 = linear_models.softmax_regression_step(x, 1, W, b, lr=0.1)
    z2 = W2 @ x + b2
    assert np.round(z2, 3).tolist() == [1.601, 1.453, -0.054]
    assert round(float(losses.softmax(z2)[1]), 3) == 0.420
    assert round(losses.cross_entropy(z2, 1), 3) == 0.867
    assert 784 * 10 + 10 == 7850


def test_linear_regression_example():
    from engine import linear_models

    text = concept_text("foundations/linear-regression.yaml")
    # "A plumber billed 350 dollars for 3 hours and 250 dollars for 2 hours: the line
    # ŷ = 100x + 50 ... fits both bills exactly and predicts 450 dollars for 4 hours. With noisy
    # data such as (x, y) = (1, 3), (2, 5), (3, 6), (4, 8) no line fits every point; linear
    # regression finds the best one, w = 1.6, b = 1.5, whose predictions 3.1, 4.7, 6.3, 7.9
    # have a mean squared error of 0.05, lower than that of any other line."
    assert "ŷ = 100x + 50" in text and "predicts 450 dollars for 4 hours" in text
    assert "(1, 3), (2, 5), (3, 6), (4, 8)" in text and "w = 1.6, b = 1.5" in text
    assert "predictions 3.1, 4.7, 6.3, 7.9 have a mean squared error of 0.05" in text
    w, b = linear_models.least_squares_line(np.array([2.0, 3.0]), np.array([250.0, 350.0]))
    assert (round(w, 9), round(b, 9), round(w * 4 + b, 9)) == (100.0, 50.0, 450.0)
    x, y = np.array([1.0, 2.0, 3.0, 4.0]), np.array([3.0, 5.0, 6.0, 8.0])
    w, b = linear_models.least_squares_line(x, y)
    assert (round(w, 9), round(b, 9)) == (1.6, 1.5)
    assert np.round(w * x + b, 9).tolist() == [3.1, 4.7, 6.3, 7.9]
    loss, dw, db = linear_models.linear_regression_grads(x, y, w, b)
    assert round(loss, 9) == 0.05 and abs(dw[0]) < 1e-9 and abs(db) < 1e-9
    for other in ((1.55, 1.5), (1.6, 1.6), (1.7, 1.2)):
        assert linear_models.linear_regression_grads(x, y, *other)[0] > loss


def test_global_average_pooling_example():
    from engine import conv

    text = concept_text("vision/global-average-pooling.yaml")
    # "Global average pooling of 512 maps of size 7×7 gives a 512-vector, and a 1,000-class
    # output layer on it has 512 × 1,000 + 1,000 = 513,000 parameters, whereas flattening the
    # same 512×7×7 = 25,088 values into a 4,096-unit layer, as VGG does, costs
    # 25,088 × 4,096 + 4,096 = 102,764,544." Notes: "Averaging [[1, 2], [3, 6]] gives 3".
    assert "512 × 1,000 + 1,000 = 513,000" in text and "512×7×7 = 25,088" in text
    assert "25,088 × 4,096 + 4,096 = 102,764,544" in text and "[[1, 2], [3, 6]] gives 3" in text
    pooled = conv.global_avg_pool2d(np.zeros((1, 512, 7, 7)))
    assert pooled.shape == (1, 512)
    assert 512 * 1000 + 1000 == 513_000 and 512 * 7 * 7 == 25_088
    assert 25_088 * 4096 + 4096 == 102_764_544
    assert conv.global_avg_pool2d(np.array([[[[1.0, 2.0], [3.0, 6.0]]]]))[0, 0] == 3.0


def test_object_detection_example():
    from engine import detection

    text = concept_text("vision/object-detection.yaml")
    # "a predicted box (40, 60, 140, 160) and the true box (50, 50, 150, 150), both 100×100:
    # they overlap on (50, 60, 140, 150), an area of 90 × 90 = 8,100, and their union is
    # 10,000 + 10,000 − 8,100 = 11,900, so IoU = 8,100/11,900 ≈ 0.68"
    assert "(50, 60, 140, 150), an area of 90 × 90 = 8,100" in text
    assert "10,000 + 10,000 − 8,100 = 11,900, so IoU = 8,100/11,900 ≈ 0.68" in text
    a, b = np.array([40.0, 60, 140, 160]), np.array([50.0, 50, 150, 150])
    assert detection.box_area(np.stack([a, b])).tolist() == [10_000.0, 10_000.0]
    iou = float(detection.box_iou(a, b)[0, 0])
    assert iou == pytest.approx(8_100 / 11_900) and round(iou, 2) == 0.68
    # notes: "A = (50, 50, 150, 150) at confidence 0.9, B = (40, 60, 140, 160) at 0.8 and
    # C = (200, 40, 300, 140) at 0.7: A is kept, B is removed (IoU with A ≈ 0.68), and C is
    # kept (IoU with A = 0)"
    assert "A is kept, B is removed (IoU with A ≈ 0.68), and C is kept (IoU with A = 0)" in text
    boxes = np.array([[50.0, 50, 150, 150], [40, 60, 140, 160], [200, 40, 300, 140]])
    assert detection.nms(boxes, np.array([0.9, 0.8, 0.7]), 0.5).tolist() == [0, 2]
    assert detection.box_iou(boxes[0], boxes[2])[0, 0] == 0.0
