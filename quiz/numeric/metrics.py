"""Numeric templates for engine.metrics: precision, recall and F1 from counts, accuracy on
an imbalanced set, and reading a confusion matrix."""

from __future__ import annotations

import numpy as np

from engine.metrics import accuracy, confusion_matrix, precision_recall_f1
from quiz.numeric.base import (
    NON_NEGATIVE,
    PROBABILITY,
    Degenerate,
    Distractor,
    Mistake,
    Problem,
    as_value,
    bilingual,
    fmt,
    template,
    unique,
)

PRF = "engine.metrics:precision_recall_f1"
ACCURACY = "engine.metrics:accuracy"
CONFUSION = "engine.metrics:confusion_matrix"

RECALL_INSTEAD = Mistake(
    "recall-instead",
    bilingual(
        "Precision divides by everything predicted positive (TP + FP); dividing by the "
        "truly positive (TP + FN) gives recall.",
        "查准率的分母是所有被预测为正的样本（TP + FP）；"
        "分母为真正为正的样本（TP + FN）时得到的是查全率。",
    ),
)
PRECISION_INSTEAD = Mistake(
    "precision-instead",
    bilingual(
        "Recall divides by everything truly positive (TP + FN); dividing by the predicted "
        "positives (TP + FP) gives precision.",
        "查全率的分母是所有真正为正的样本（TP + FN）；"
        "分母为被预测为正的样本（TP + FP）时得到的是查准率。",
    ),
)
ACCURACY_INSTEAD = Mistake(
    "accuracy-instead",
    bilingual(
        "Accuracy (TP + TN) / n counts the true negatives too; this measure looks at the "
        "positive class only.",
        "准确率 (TP + TN) / n 也计入了真反例；这个指标只关注正类。",
    ),
)
ACCURACY_OF_ALL_CLASSES = Mistake(
    "accuracy-instead",
    bilingual(
        "Accuracy (the diagonal over all examples) pools every class; the recall of one "
        "class divides its diagonal entry by its row sum.",
        "准确率（对角线之和除以全部样本数）把所有类别混在一起；某一类的查全率是它的对角元素"
        "除以它所在行的和。",
    ),
)
"""The accuracy slip for a multi-class confusion matrix, where accuracy is trace / n."""
COMPLEMENT = Mistake(
    "complement",
    bilingual(
        "That is the fraction of the wrong ones (1 minus the measure asked for): count the "
        "true positives in the numerator.",
        "这是出错部分的比例（即 1 减去所求指标）：分子应是真正例的个数。",
    ),
)
ERROR_RATE = Mistake(
    "complement",
    bilingual(
        "That is the error rate (1 minus the accuracy): count the correct predictions, "
        "TP + TN, in the numerator.",
        "这是错误率（即 1 减去准确率）：分子应是预测正确的个数 TP + TN。",
    ),
)
"""The complement slip for accuracy, whose numerator is TP + TN, not TP."""
ARITHMETIC_MEAN = Mistake(
    "arithmetic-mean",
    bilingual(
        "F1 is the harmonic mean 2PR / (P + R), which is pulled toward the smaller of the "
        "two, not the arithmetic mean (P + R) / 2.",
        "F1 是调和平均 2PR / (P + R)，它偏向两者中较小的一个，而不是算术平均 (P + R) / 2。",
    ),
)
FACTOR_TWO_FORGOTTEN = Mistake(
    "factor-two-forgotten",
    bilingual(
        "The harmonic mean of two numbers is 2PR / (P + R); without the 2 a perfect "
        "classifier would score 0.5.",
        "两个数的调和平均是 2PR / (P + R)；少了 2，完美的分类器也只能得 0.5。",
    ),
)
PRODUCT_NOT_HARMONIC = Mistake(
    "product-not-harmonic",
    bilingual(
        "F1 = 2PR / (P + R); the product P · R alone is smaller than both and is no mean of them.",
        "F1 = 2PR / (P + R)；只取乘积 P · R 会比两者都小，它不是两者的平均。",
    ),
)
TP_COUNTED_ONCE = Mistake(
    "tp-counted-once",
    bilingual(
        "In counts, F1 = 2TP / (2TP + FP + FN): the true positives count twice, in the "
        "numerator and the denominator; TP / (TP + FP + FN) is a different score (the "
        "Jaccard index).",
        "用计数表示，F1 = 2TP / (2TP + FP + FN)：真正例在分子和分母中都计两次；"
        "TP / (TP + FP + FN) 是另一个指标（Jaccard 指数）。",
    ),
)
FALSE_NEGATIVES_NOT_ERRORS = Mistake(
    "missed-fraud-not-counted",
    bilingual(
        "A missed fraud (FN) is a wrong prediction too: accuracy = (TP + TN) / n counts "
        "only the right ones, so both the false alarms and the misses are errors.",
        "漏掉的欺诈（FN）也是错误的预测：准确率 = (TP + TN) / n 只计正确的预测，"
        "误报和漏报都是错误。",
    ),
)
FALSE_POSITIVES_NOT_ERRORS = Mistake(
    "false-alarms-not-counted",
    bilingual(
        "A flagged legitimate transaction (FP) is a wrong prediction too: accuracy = "
        "(TP + TN) / n, and the false alarms are not among the right ones.",
        "被标记的正常交易（FP）也是错误的预测：准确率 = (TP + TN) / n，误报不算正确。",
    ),
)
RECALL_NOT_ACCURACY = Mistake(
    "recall-not-accuracy",
    bilingual(
        "The fraction of fraud caught is recall; accuracy counts the correct decisions on "
        "every example, fraudulent or not.",
        "抓到的欺诈比例是查全率；准确率统计的是所有样本（无论是否欺诈）上正确判断的比例。",
    ),
)
TRUE_NEGATIVES_FORGOTTEN = Mistake(
    "true-negatives-forgotten",
    bilingual(
        "Accuracy counts every correct prediction, the true negatives included: (TP + TN) / n.",
        "准确率计入所有正确的预测，包括真反例：(TP + TN) / n。",
    ),
)
COLUMN_INSTEAD_OF_ROW = Mistake(
    "column-instead-of-row",
    bilingual(
        "Rows are the true classes: recall of class j divides C[j, j] by the sum of row j; "
        "the column sum gives precision.",
        "行是真实类别：类别 j 的查全率是 C[j, j] 除以第 j 行之和；除以列和得到的是查准率。",
    ),
)
TRANSPOSED = Mistake(
    "transposed",
    bilingual(
        "C[j, k] counts examples whose TRUE class is j and PREDICTED class is k: row j "
        "sorts the true j's by prediction; counting by predicted class gives column j.",
        "C[j, k] 统计真实类别为 j、预测类别为 k 的样本：第 j 行把真实为 j 的样本按预测类别计数；"
        "按预测类别统计得到的是第 j 列。",
    ),
)
DIAGONAL_ONLY = Mistake(
    "off-diagonal-only",
    bilingual(
        "Accuracy is the diagonal (the correct predictions) divided by all examples, not "
        "the off-diagonal part.",
        "准确率是对角线（预测正确的样本）除以样本总数，而不是非对角部分。",
    ),
)
BALANCED_ACCURACY = Mistake(
    "mean-of-class-recalls",
    bilingual(
        "Averaging the per-class recalls gives the balanced accuracy; plain accuracy pools "
        "all examples: the diagonal sum over the total.",
        "对各类别的查全率取平均得到的是平衡准确率；普通准确率把所有样本合在一起：对角线之和除以总数。",
    ),
)
MEAN_OF_PRECISIONS = Mistake(
    "mean-of-class-precisions",
    bilingual(
        "Averaging the per-class precisions (column-wise) gives the macro precision, not "
        "the accuracy: the diagonal sum over the total.",
        "对各类别的查准率（按列）取平均得到的是宏查准率，而不是准确率：对角线之和除以总数。",
    ),
)
ERRORS_AS_DENOMINATOR = Mistake(
    "divided-by-errors",
    bilingual(
        "Divide the correct predictions by all examples, not by the wrong ones: "
        "correct / wrong are odds, not a fraction.",
        "要用预测正确的样本数除以样本总数，而不是除以错误的样本数："
        "正确数 / 错误数是几率，而不是比例。",
    ),
)
ERRORS_ONLY = Mistake(
    "diagonal-left-out",
    bilingual(
        "A row of the confusion matrix counts every example of that true class, the "
        "correct ones (on the diagonal) included.",
        "混淆矩阵的一行统计该真实类别的全部样本，包括预测正确的（位于对角线上）。",
    ),
)
ONE_CLASS_ONLY = Mistake(
    "one-class-only",
    bilingual(
        "Accuracy sums the whole diagonal, every class's correct predictions.",
        "准确率要把整条对角线相加，即所有类别预测正确的样本。",
    ),
)


def _labels_from_counts(tp: int, fp: int, fn: int, tn: int) -> tuple[np.ndarray, np.ndarray]:
    """True and predicted labels (1 = positive) with exactly these four counts."""
    y_true = np.array([1] * tp + [0] * fp + [1] * fn + [0] * tn)
    y_pred = np.array([1] * tp + [1] * fp + [0] * fn + [0] * tn)
    return y_true, y_pred


def _labels_from_matrix(matrix: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """True and predicted labels whose confusion matrix (rows true) is ``matrix``."""
    pairs = [
        (j, k) for j in range(len(matrix)) for k in range(len(matrix)) for _ in range(matrix[j, k])
    ]
    y_true, y_pred = zip(*pairs, strict=True)
    return np.array(y_true), np.array(y_pred)


def _counts(rng: np.random.Generator) -> tuple[int, int, int, int]:
    tp = int(rng.integers(5, 60))
    fp = int(rng.integers(2, 40))
    fn = int(rng.integers(2, 40))
    tn = int(rng.integers(50, 400))
    if abs(fp - fn) < 3:
        raise Degenerate("FP and FN must differ for precision and recall to differ")
    return tp, fp, fn, tn


def _counts_prompt(tp: int, fp: int, fn: int, tn: int, asked_en: str, asked_zh: str):
    n = tp + fp + fn + tn
    return bilingual(
        f"A disease test is run on {n} people. It flags {tp + fp}: {tp} of them are ill (TP) "
        f"and {fp} are healthy (FP). It misses {fn} ill people (FN), and correctly clears "
        f"the other {tn} (TN). What is its {asked_en}?",
        f"一项疾病检测对 {n} 人进行检测，报告 {tp + fp} 人阳性：其中 {tp} 人确实患病（TP），"
        f"{fp} 人健康（FP）。它漏掉了 {fn} 名患者（FN），其余 {tn} 人被正确判为阴性（TN）。"
        f"它的{asked_zh}是多少？",
    )


@template(
    "precision-from-counts",
    engines=[PRF],
    title=("Precision from the four counts", "由四个计数求查准率"),
    valid=PROBABILITY,
)
def precision_from_counts(rng: np.random.Generator) -> Problem:
    """TP / (TP + FP)."""
    tp, fp, fn, tn = _counts(rng)
    precision, recall, _ = precision_recall_f1(*_labels_from_counts(tp, fp, fn, tn))
    n = tp + fp + fn + tn
    return Problem(
        prompt=_counts_prompt(tp, fp, fn, tn, "precision", "查准率（precision）"),
        answer=precision,
        solution=bilingual(
            f"Precision = TP / (TP + FP) = {tp} / ({tp} + {fp}) = {fmt(precision)}: of the "
            "flagged people, this fraction is really ill.",
            f"查准率 = TP / (TP + FP) = {tp} / ({tp} + {fp}) = {fmt(precision)}：被报告阳性的人中"
            "真正患病的比例。",
        ),
        params={"tp": tp, "fp": fp, "fn": fn, "tn": tn},
        distractors=(
            Distractor(recall, RECALL_INSTEAD),
            Distractor((tp + tn) / n, ACCURACY_INSTEAD),
            Distractor(fp / (tp + fp), COMPLEMENT),
        ),
    )


@template(
    "recall-from-counts",
    engines=[PRF],
    title=("Recall from the four counts", "由四个计数求查全率"),
    valid=PROBABILITY,
)
def recall_from_counts(rng: np.random.Generator) -> Problem:
    """TP / (TP + FN)."""
    tp, fp, fn, tn = _counts(rng)
    precision, recall, _ = precision_recall_f1(*_labels_from_counts(tp, fp, fn, tn))
    n = tp + fp + fn + tn
    return Problem(
        prompt=_counts_prompt(tp, fp, fn, tn, "recall (sensitivity)", "查全率（recall，灵敏度）"),
        answer=recall,
        solution=bilingual(
            f"Recall = TP / (TP + FN) = {tp} / ({tp} + {fn}) = {fmt(recall)}: of the ill "
            "people, this fraction is caught.",
            f"查全率 = TP / (TP + FN) = {tp} / ({tp} + {fn}) = {fmt(recall)}：患者中被检出的比例。",
        ),
        params={"tp": tp, "fp": fp, "fn": fn, "tn": tn},
        distractors=(
            Distractor(precision, PRECISION_INSTEAD),
            Distractor((tp + tn) / n, ACCURACY_INSTEAD),
            Distractor(fn / (tp + fn), COMPLEMENT),
        ),
    )


@template(
    "f1-from-counts",
    engines=[PRF],
    title=("F1 score from the four counts", "由四个计数求 F1 分数"),
    valid=PROBABILITY,
)
def f1_from_counts(rng: np.random.Generator) -> Problem:
    """2PR / (P + R) = 2TP / (2TP + FP + FN)."""
    tp, fp, fn, tn = _counts(rng)
    precision, recall, f1 = precision_recall_f1(*_labels_from_counts(tp, fp, fn, tn))
    n = tp + fp + fn + tn
    return Problem(
        prompt=_counts_prompt(tp, fp, fn, tn, "F1 score", " F1 分数"),
        answer=f1,
        solution=bilingual(
            f"1. Precision P = {tp} / {tp + fp} = {fmt(precision)}; recall R = {tp} / "
            f"{tp + fn} = {fmt(recall)}.\n"
            f"2. F1 = 2PR / (P + R) = 2TP / (2TP + FP + FN) = {2 * tp} / {2 * tp + fp + fn} "
            f"= {fmt(f1)}.",
            f"1. 查准率 P = {tp} / {tp + fp} = {fmt(precision)}；查全率 R = {tp} / {tp + fn} "
            f"= {fmt(recall)}。\n"
            f"2. F1 = 2PR / (P + R) = 2TP / (2TP + FP + FN) = {2 * tp} / {2 * tp + fp + fn} "
            f"= {fmt(f1)}。",
        ),
        params={"tp": tp, "fp": fp, "fn": fn, "tn": tn},
        distractors=(
            Distractor((precision + recall) / 2, ARITHMETIC_MEAN),
            Distractor(f1 / 2, FACTOR_TWO_FORGOTTEN),
            Distractor((tp + tn) / n, ACCURACY_INSTEAD),
            Distractor(precision * recall, PRODUCT_NOT_HARMONIC),
            Distractor(tp / (tp + fp + fn), TP_COUNTED_ONCE),
        ),
    )


@template(
    "accuracy-imbalanced",
    engines=[ACCURACY],
    title=("Accuracy on an imbalanced set", "类别不平衡时的准确率"),
    valid=PROBABILITY,
)
def accuracy_imbalanced(rng: np.random.Generator) -> Problem:
    """(TP + TN) / n, dominated by the large negative class."""
    n = int(rng.choice([500, 1000, 2000]))
    positives = int(rng.integers(10, n // 10))
    tp = int(rng.integers(1, positives))
    fp = int(rng.integers(0, 3 * positives))
    fn, tn = positives - tp, n - positives - fp
    y_true, y_pred = _labels_from_counts(tp, fp, fn, tn)
    answer = accuracy(y_true, y_pred)
    recall = tp / positives
    return Problem(
        prompt=bilingual(
            f"Of {n} transactions, {positives} are fraudulent. A detector flags {tp + fp}, "
            f"of which {tp} are fraud; the other {fp} flagged ones are legitimate. What is "
            "its accuracy?",
            f"{n} 笔交易中有 {positives} 笔是欺诈。检测器标记了 {tp + fp} 笔，"
            f"其中 {tp} 笔确为欺诈，"
            f"另外 {fp} 笔是正常交易。它的准确率是多少？",
        ),
        answer=answer,
        solution=bilingual(
            f"1. TP = {tp}, FP = {fp}, FN = {positives} − {tp} = {fn}, "
            f"TN = {n} − {positives} − {fp} = {tn}.\n"
            f"2. Accuracy = (TP + TN) / n = ({tp} + {tn}) / {n} = {fmt(answer)}, although it "
            f"catches only {fmt(recall)} of the fraud: the large negative class dominates.",
            f"1. TP = {tp}，FP = {fp}，FN = {positives} − {tp} = {fn}，"
            f"TN = {n} − {positives} − {fp} = {tn}。\n"
            f"2. 准确率 = (TP + TN) / n = ({tp} + {tn}) / {n} = {fmt(answer)}，尽管它只抓到了 "
            f"{fmt(recall)} 的欺诈交易：数量庞大的负类主导了准确率。",
        ),
        params={"n": n, "positives": positives, "tp": tp, "fp": fp},
        distractors=(
            Distractor(tp / (tp + fp + fn), TRUE_NEGATIVES_FORGOTTEN),
            Distractor(recall, RECALL_NOT_ACCURACY),
            Distractor(1 - answer, ERROR_RATE),
            Distractor(1 - fp / n, FALSE_NEGATIVES_NOT_ERRORS),
            Distractor(1 - fn / n, FALSE_POSITIVES_NOT_ERRORS),
        ),
    )


CLASSES = (("cat", "猫"), ("dog", "狗"), ("bird", "鸟"))


def _matrix_text(matrix: np.ndarray) -> tuple[str, str]:
    en = "; ".join(f"{name} {fmt(row)}" for (name, _), row in zip(CLASSES, matrix, strict=True))
    zh = "；".join(f"{name} {fmt(row)}" for (_, name), row in zip(CLASSES, matrix, strict=True))
    return en, zh


def _matrix(rng: np.random.Generator) -> np.ndarray:
    matrix = rng.integers(0, 6, size=(3, 3))
    matrix[np.diag_indices(3)] = rng.integers(5, 15, size=3)
    return matrix


@template(
    "confusion-matrix-row",
    engines=[CONFUSION],
    title=("Counting one row of a confusion matrix", "统计混淆矩阵的一行"),
    rel=0.0,
    abs=0.5,
    integer=True,
    valid=NON_NEGATIVE,
)
def confusion_matrix_row(rng: np.random.Generator) -> Problem:
    """Row j: C[j, k] = #(true j, predicted k) for k = cat, dog, bird, from (true, predicted) pairs.

    A vector answer, so the options have no rank to give the key away.
    """
    y_true = rng.integers(0, 3, size=12)
    y_pred = np.where(rng.random(12) < 0.5, y_true, rng.integers(0, 3, size=12))
    matrix = confusion_matrix(y_true, y_pred, 3)
    j = int(rng.integers(3))
    row, column = matrix[j], matrix[:, j]
    if np.array_equal(row, column) or row.sum() - row[j] == 0 or row[j] == 0:
        raise Degenerate("the row must differ from the column, and hold right and wrong ones")
    errors_only = row.copy()
    errors_only[j] = 0
    pairs_en = ", ".join(
        f"({CLASSES[t][0]}, {CLASSES[p][0]})" for t, p in zip(y_true, y_pred, strict=True)
    )
    pairs_zh = "，".join(
        f"（{CLASSES[t][1]}，{CLASSES[p][1]}）" for t, p in zip(y_true, y_pred, strict=True)
    )
    name_en, name_zh = CLASSES[j]
    return Problem(
        prompt=bilingual(
            f"Twelve images as (true class, predicted class): {pairs_en}. In the confusion "
            f"matrix with rows = true class and columns = predicted class (order cat, dog, "
            f"bird), what is the row of the true class {name_en}? Give its three counts.",
            f"十二张图像的（真实类别，预测类别）：{pairs_zh}。在行为真实类别、列为预测类别"
            f"（顺序为猫、狗、鸟）的混淆矩阵中，真实类别“{name_zh}”这一行是什么？给出它的三个计数。",
        ),
        answer=as_value(row),
        solution=bilingual(
            f"Take the pairs whose true class is {name_en} and count them by predicted class "
            f"(cat, dog, bird): {fmt(row)}. The whole matrix is {fmt(matrix)}.",
            f"取出真实类别为{name_zh}的样本对，按预测类别（猫、狗、鸟）计数：{fmt(row)}。"
            f"完整的矩阵为 {fmt(matrix)}。",
        ),
        params={"y_true": y_true.tolist(), "y_pred": y_pred.tolist(), "row": j},
        distractors=(
            Distractor(as_value(column), TRANSPOSED),
            Distractor(as_value(errors_only), ERRORS_ONLY),
        ),
    )


@template(
    "confusion-matrix-class-recall",
    engines=[CONFUSION, PRF],
    title=("Recall of one class from a confusion matrix", "由混淆矩阵求某一类的查全率"),
    valid=PROBABILITY,
)
def confusion_matrix_class_recall(rng: np.random.Generator) -> Problem:
    """Recall of class j = C[j, j] / sum of row j."""
    matrix = _matrix(rng)
    j = int(rng.integers(3))
    y_true, y_pred = _labels_from_matrix(matrix)
    matrix = confusion_matrix(y_true, y_pred, 3)  # the same counts, from the labels
    precision, recall, _ = precision_recall_f1(y_true, y_pred, positive=j)
    en, zh = _matrix_text(matrix)
    row = int(matrix[j].sum())
    return Problem(
        prompt=bilingual(
            f"A confusion matrix (rows = true class, columns = predicted class, order cat, "
            f"dog, bird): {en}. What is the recall of the class {CLASSES[j][0]}?",
            f"一个混淆矩阵（行为真实类别，列为预测类别，顺序为猫、狗、鸟）：{zh}。"
            f"类别“{CLASSES[j][1]}”的查全率是多少？",
        ),
        answer=recall,
        solution=bilingual(
            f"Recall = correct {CLASSES[j][0]} predictions / all true {CLASSES[j][0]} images "
            f"= C[{j}, {j}] / (row sum) = {matrix[j, j]} / {row} = {fmt(recall)}.",
            f"查全率 = 预测正确的{CLASSES[j][1]} / 所有真实为{CLASSES[j][1]}的图像 "
            f"= C[{j}, {j}] / 行和 = {matrix[j, j]} / {row} = {fmt(recall)}。",
        ),
        params={"matrix": matrix.tolist(), "positive": j},
        distractors=(
            Distractor(precision, COLUMN_INSTEAD_OF_ROW),
            Distractor(float(np.trace(matrix) / matrix.sum()), ACCURACY_OF_ALL_CLASSES),
        ),
    )


@template(
    "accuracy-from-confusion-matrix",
    engines=[CONFUSION, ACCURACY],
    title=("Accuracy from a confusion matrix", "由混淆矩阵求准确率"),
    valid=PROBABILITY,
)
def accuracy_from_confusion_matrix(rng: np.random.Generator) -> Problem:
    """Sum of the diagonal over the sum of all entries."""
    matrix = _matrix(rng)
    y_true, y_pred = _labels_from_matrix(matrix)
    matrix = confusion_matrix(y_true, y_pred, 3)  # the same counts, from the labels
    answer = accuracy(y_true, y_pred)
    en, zh = _matrix_text(matrix)
    total, correct = int(matrix.sum()), int(np.trace(matrix))
    if correct == total:
        raise Degenerate("some prediction must be wrong")
    j = int(np.argmax(np.diag(matrix)))
    diagonal = " + ".join(str(v) for v in np.diag(matrix))
    return Problem(
        prompt=bilingual(
            f"A confusion matrix (rows = true class, columns = predicted class, order cat, "
            f"dog, bird): {en}. What is the classifier's accuracy?",
            f"一个混淆矩阵（行为真实类别，列为预测类别，顺序为猫、狗、鸟）：{zh}。"
            "分类器的准确率是多少？",
        ),
        answer=answer,
        solution=bilingual(
            f"Correct predictions lie on the diagonal: {diagonal} "
            f"= {correct} of {total} examples, so accuracy = {correct} / {total} = {fmt(answer)}.",
            f"预测正确的样本位于对角线上：{diagonal} = {correct}，"
            f"共 {total} 个样本，因此准确率 = {correct} / {total} = {fmt(answer)}。",
        ),
        params={"matrix": matrix.tolist()},
        distractors=unique(
            answer,
            Distractor(1 - answer, DIAGONAL_ONLY),
            Distractor(float(matrix[j, j] / total), ONE_CLASS_ONLY),
            Distractor(float(np.mean(np.diag(matrix) / matrix.sum(axis=1))), BALANCED_ACCURACY),
            Distractor(float(np.mean(np.diag(matrix) / matrix.sum(axis=0))), MEAN_OF_PRECISIONS),
            Distractor(correct / (total - correct), ERRORS_AS_DENOMINATOR),
        ),
    )
