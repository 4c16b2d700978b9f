"""Independent recomputation of the engine.metrics templates' answers (plain Python)."""

from __future__ import annotations


def precision_from_counts(params):
    return params["tp"] / (params["tp"] + params["fp"])


def recall_from_counts(params):
    return params["tp"] / (params["tp"] + params["fn"])


def f1_from_counts(params):
    p, r = precision_from_counts(params), recall_from_counts(params)
    return 2 * p * r / (p + r)


def accuracy_imbalanced(params):
    tn = params["n"] - params["positives"] - params["fp"]
    return (params["tp"] + tn) / params["n"]


def confusion_matrix_row(params):
    pairs = list(zip(params["y_true"], params["y_pred"], strict=True))
    return [sum(pair == (params["row"], k) for pair in pairs) for k in range(3)]


def confusion_matrix_class_recall(params):
    row = params["matrix"][params["positive"]]
    return row[params["positive"]] / sum(row)


def accuracy_from_confusion_matrix(params):
    matrix = params["matrix"]
    return sum(matrix[i][i] for i in range(len(matrix))) / sum(map(sum, matrix))


INDEPENDENT = {
    "precision-from-counts": precision_from_counts,
    "recall-from-counts": recall_from_counts,
    "f1-from-counts": f1_from_counts,
    "accuracy-imbalanced": accuracy_imbalanced,
    "confusion-matrix-row": confusion_matrix_row,
    "confusion-matrix-class-recall": confusion_matrix_class_recall,
    "accuracy-from-confusion-matrix": accuracy_from_confusion_matrix,
}


def test_spam_filter_example():
    """content/training/f1-score.yaml: TP = 40, FP = 20, FN = 10 scores 80 / 110."""
    params = {"tp": 40, "fp": 20, "fn": 10, "tn": 930}
    assert abs(f1_from_counts(params) - 80 / 110) < 1e-12
