"""Demos of engine.metrics: a confusion matrix and the measures read from it."""

from __future__ import annotations

import numpy as np

from engine import metrics
from engine.demos import Step


def _labels(rng: np.random.Generator) -> tuple[np.ndarray, np.ndarray]:
    """Twenty labels of three classes; about two thirds predicted right."""
    y_true = rng.integers(0, 3, size=20)
    y_pred = np.where(rng.random(20) < 0.7, y_true, rng.integers(0, 3, size=20))
    return y_true, y_pred


def confusion_matrix(rng: np.random.Generator) -> list[Step]:
    """Count (true, predicted) pairs into a table."""
    y_true, y_pred = _labels(rng)
    matrix = metrics.confusion_matrix(y_true, y_pred, 3)
    return [
        Step("True classes", "真实类别", y_true),
        Step("Predicted classes", "预测类别", y_pred),
        Step(
            "Confusion matrix C[j, k]: rows = true class j, columns = predicted class k",
            "混淆矩阵 C[j, k]：行为真实类别 j，列为预测类别 k",
            matrix,
        ),
        Step(
            "Diagonal: the correct predictions of each class",
            "对角线：每个类别预测正确的数目",
            np.diag(matrix),
        ),
        Step(
            "Accuracy = diagonal sum / n",
            "准确率 = 对角线之和 / n",
            metrics.accuracy(y_true, y_pred),
        ),
    ]


def accuracy(rng: np.random.Generator) -> list[Step]:
    """Accuracy, and how an always-negative classifier scores on an imbalanced set."""
    y_true, y_pred = _labels(rng)
    imbalanced = (rng.random(100) < 0.05).astype(int)
    return [
        Step("True classes", "真实类别", y_true),
        Step("Predicted classes", "预测类别", y_pred),
        Step("Correct?", "是否正确", (y_true == y_pred).astype(int)),
        Step("Accuracy = mean(correct)", "准确率 = 正确的平均值", metrics.accuracy(y_true, y_pred)),
        Step(
            f"Imbalanced: {int(imbalanced.sum())} positives in 100; predicting all negative scores",
            f"类别不平衡：100 个样本中有 {int(imbalanced.sum())} 个正例；全部预测为负类的准确率",
            metrics.accuracy(imbalanced, np.zeros(100, dtype=int)),
        ),
    ]


def precision_recall_f1(rng: np.random.Generator) -> list[Step]:
    """Precision, recall and F1 of class 1 from binary labels."""
    y_true = (rng.random(20) < 0.4).astype(int)
    y_pred = np.where(rng.random(20) < 0.75, y_true, 1 - y_true)
    tp = int(np.sum((y_true == 1) & (y_pred == 1)))
    fp = int(np.sum((y_true == 0) & (y_pred == 1)))
    fn = int(np.sum((y_true == 1) & (y_pred == 0)))
    precision, recall, f1 = metrics.precision_recall_f1(y_true, y_pred)
    return [
        Step("True labels (1 = positive)", "真实标签（1 = 正类）", y_true),
        Step("Predicted labels", "预测标签", y_pred),
        Step("TP, FP, FN", "TP、FP、FN", [tp, fp, fn]),
        Step("Precision = TP / (TP + FP)", "查准率 = TP / (TP + FP)", precision),
        Step("Recall = TP / (TP + FN)", "查全率 = TP / (TP + FN)", recall),
        Step("F1 = 2PR / (P + R)", "F1 = 2PR / (P + R)", f1),
    ]
