#!/usr/bin/python3
# Regenerate: apt-get install -y python3-sklearn && /usr/bin/python3 capstan-ml/src/test/resources/evaluate/make_fixtures.py
"""Write the scikit-learn reference fixtures for dev.capstan.ml.evaluate.

Each <case>.json next to this script holds the inputs of one case and what scikit-learn
computes for them: the metrics under the names mlflow.evaluate gives them, the confusion
matrix, and for binary cases the ROC curve, the precision-recall curve and the calibration
curve. A metric that scikit-learn cannot define for the case (ROC AUC and average precision
when y_true holds one class only) is absent from "metrics".

Everything is seeded, so a re-run with the same package versions rewrites the same bytes.
The committed files were made with Debian 12's python3-sklearn 1.2.1 and python3-numpy 1.24.2.

One deliberate edit of scikit-learn's output: roc_curve's first threshold is written as
Infinity, as scikit-learn >= 1.3 returns it; 1.2 returned max(score) + 1 there.
"""
import json
import math
import os

import numpy as np
import sklearn
from sklearn.calibration import calibration_curve
from sklearn.metrics import (accuracy_score, average_precision_score, confusion_matrix, f1_score, log_loss,
                             max_error, mean_absolute_error, mean_absolute_percentage_error,
                             mean_squared_error, precision_recall_curve, precision_score, r2_score,
                             recall_score, roc_auc_score, roc_curve)

HERE = os.path.dirname(os.path.abspath(__file__))
RNG = np.random.default_rng(20240611)


def floats(values):
    return [float(v) for v in values]


def averaged_scores(y, y_pred, average, suffix):
    return {
        f"precision_score{suffix}": precision_score(y, y_pred, average=average, zero_division="warn"),
        f"recall_score{suffix}": recall_score(y, y_pred, average=average, zero_division="warn"),
        f"f1_score{suffix}": f1_score(y, y_pred, average=average, zero_division="warn"),
    }


def ranking_scores(y, probabilities, binary):
    """ROC AUC (and for binary, average precision); absent when y holds a single class, where sklearn
    raises (roc_auc_score) or warns and returns a meaningless 0 (average_precision_score)."""
    if len(np.unique(y)) < 2:
        return {}
    if binary:
        return {"roc_auc": roc_auc_score(y, probabilities[:, 1]),
                "precision_recall_auc": average_precision_score(y, probabilities[:, 1])}
    labels = list(range(probabilities.shape[1]))
    try:
        return {"roc_auc": roc_auc_score(y, probabilities, multi_class="ovr", average="macro", labels=labels)}
    except ValueError:  # a class absent from y: its one-vs-rest AUC is undefined
        return {}


def classification_metrics(y, probabilities):
    k = probabilities.shape[1]
    y_pred = np.argmax(probabilities, axis=1)
    metrics = {"example_count": len(y), "accuracy_score": accuracy_score(y, y_pred)}
    if k == 2:  # as mlflow.evaluate: the confusion matrix's cells, then class 1's scores
        tn, fp, fn, tp = confusion_matrix(y, y_pred, labels=[0, 1]).ravel()
        metrics.update({"true_negatives": tn, "false_positives": fp, "false_negatives": fn, "true_positives": tp})
        metrics.update(averaged_scores(y, y_pred, "binary", ""))
    else:  # mlflow.evaluate's unsuffixed multiclass scores are weighted averages
        metrics.update(averaged_scores(y, y_pred, "weighted", ""))
    metrics.update(averaged_scores(y, y_pred, "macro", "_macro"))
    metrics.update(averaged_scores(y, y_pred, "weighted", "_weighted"))
    metrics["log_loss"] = log_loss(y, probabilities, labels=list(range(k)))
    metrics.update(ranking_scores(y, probabilities, k == 2))
    return {name: float(value) for name, value in metrics.items()}


def binary_curves(y, score):
    fpr, tpr, roc_thresholds = roc_curve(y, score, drop_intermediate=True)
    roc_thresholds = roc_thresholds.copy()
    roc_thresholds[0] = math.inf
    precision, recall, pr_thresholds = precision_recall_curve(y, score)
    fraction, mean_predicted = calibration_curve(y, score, n_bins=10, strategy="uniform")
    return {
        "roc": {"fpr": floats(fpr), "tpr": floats(tpr), "thresholds": floats(roc_thresholds)},
        "precision_recall": {"precision": floats(precision), "recall": floats(recall),
                             "thresholds": floats(pr_thresholds)},
        "calibration": {"fraction_of_positives": floats(fraction), "mean_predicted_value": floats(mean_predicted)},
    }


def classification_case(name, description, labels, y, probabilities):
    k = len(labels)
    case = {
        "case": name,
        "description": description,
        "labels": labels,
        "actual": [int(v) for v in y],
        "probabilities": [floats(row) for row in probabilities],
        "metrics": classification_metrics(y, probabilities),
        "confusion_matrix": confusion_matrix(y, np.argmax(probabilities, axis=1), labels=list(range(k))).tolist(),
    }
    if k == 2:
        case.update(binary_curves(y, probabilities[:, 1]))
    write(name, case)


def regression_case(name, description, y, predicted):
    sum_on_target = sum(float(v) for v in y)  # MLflow: Python's sum, left to right
    metrics = {
        "mean_absolute_error": mean_absolute_error(y, predicted),
        "mean_squared_error": mean_squared_error(y, predicted),
        "root_mean_squared_error": mean_squared_error(y, predicted, squared=False),
        "sum_on_target": sum_on_target,
        "mean_on_target": sum_on_target / len(y),
        "r2_score": r2_score(y, predicted),
        "max_error": max_error(y, predicted),
        "mean_absolute_percentage_error": mean_absolute_percentage_error(y, predicted),
    }
    write(name, {"case": name, "description": description, "actual": floats(y), "predicted": floats(predicted),
                 "metrics": {k: float(v) for k, v in metrics.items()}})


def write(name, case):
    case["generator"] = {"sklearn": sklearn.__version__, "numpy": np.__version__}
    lines = [f" {json.dumps(key)}: {json.dumps(value, separators=(',', ':'))}" for key, value in case.items()]
    with open(os.path.join(HERE, name + ".json"), "w") as out:
        out.write("{\n" + ",\n".join(lines) + "\n}\n")


def two_columns(positive):
    return np.column_stack([1.0 - positive, positive])


def softmax(logits):
    e = np.exp(logits - logits.max(axis=1, keepdims=True))
    return e / e.sum(axis=1, keepdims=True)


def noisy_logits(y, k, separation):
    logits = RNG.normal(0.0, 1.0, (len(y), k))
    logits[np.arange(len(y)), y] += separation
    return logits


def binary_ties():
    y = (RNG.random(400) < 0.4).astype(int)
    score = np.clip(0.5 + 0.2 * (2 * y - 1) + RNG.normal(0.0, 0.25, len(y)), 0.0, 1.0)
    classification_case("binary-ties", "scores rounded to one decimal: many tied thresholds, exact 0 and 1, "
                        "rows [0.5, 0.5] (argmax picks class 0), scores on calibration bin edges",
                        ["no", "yes"], y, two_columns(np.round(score, 1)))


def binary_imbalanced():
    y = (RNG.random(500) < 0.06).astype(int)
    score = np.where(y == 1, RNG.beta(4.0, 3.0, len(y)), RNG.beta(1.5, 6.0, len(y)))
    classification_case("binary-imbalanced", "about 6% positives, continuous scores",
                        ["negative", "positive"], y, two_columns(score))


def binary_perfect():
    y = (RNG.random(200) < 0.5).astype(int)
    score = np.where(y == 1, RNG.uniform(0.6, 1.0, len(y)), RNG.uniform(0.0, 0.4, len(y)))
    score[:4] = np.where(y[:4] == 1, 1.0, 0.0)  # exact 0 and 1: log_loss clips them to [eps, 1 - eps]
    classification_case("binary-perfect", "perfectly separated scores, a few exactly 0 or 1",
                        ["0", "1"], y, two_columns(score))


def binary_single_class():
    y = np.zeros(150, dtype=int)
    score = np.round(RNG.beta(2.0, 5.0, len(y)), 2)
    classification_case("binary-single-class", "no positives: roc_auc and precision_recall_auc are undefined, "
                        "the ROC curve's tpr is NaN and the PR curve's recall is 1",
                        ["no", "yes"], y, two_columns(score))


def multiclass_three():
    y = RNG.integers(0, 3, 300)
    rounded = np.round(softmax(noisy_logits(y, 3, 1.2)), 2)
    rounded[:, 2] = 1.0 - rounded[:, 0] - rounded[:, 1]
    classification_case("multiclass-3", "3 classes, probabilities rounded to 2 decimals (argmax ties)",
                        ["setosa", "versicolor", "virginica"], y, rounded)


def multiclass_four_unpredicted():
    y = RNG.integers(0, 4, 400)
    logits = noisy_logits(y, 4, 1.5)
    logits[:, 3] -= 6.0  # class 3 is never the argmax: its precision divides by zero
    classification_case("multiclass-4-unpredicted", "4 classes, class 3 never predicted",
                        ["a", "b", "c", "d"], y, softmax(logits))


def multiclass_absent_class():
    y = RNG.choice([0, 1, 3], 250)
    logits = noisy_logits(y, 4, 1.5)
    logits[:, 2] -= 6.0  # class 2 neither occurs nor is predicted: left out of the macro averages
    classification_case("multiclass-absent-class", "4 labels, class 2 neither actual nor predicted: "
                        "macro averages over the 3 others, roc_auc undefined",
                        ["red", "green", "blue", "black"], y, softmax(logits))


def regression():
    y = np.round(RNG.normal(50.0, 20.0, 300), 3)
    y[0], y[1] = 0.0, -12.5
    predicted = y + RNG.normal(0.0, 5.0, len(y))
    regression_case("regression", "a zero target (MAPE divides by eps) and a negative one", y, predicted)


def regression_constant():
    y = np.full(50, 3.0)
    regression_case("regression-constant", "constant target, imperfect predictions: r2 is 0.0",
                    y, y + RNG.normal(0.0, 0.5, len(y)))


def regression_constant_perfect():
    y = np.full(20, 3.0)
    regression_case("regression-constant-perfect", "constant target, perfect predictions: r2 is 1.0", y, y.copy())


if __name__ == "__main__":
    for make in (binary_ties, binary_imbalanced, binary_perfect, binary_single_class, multiclass_three,
                 multiclass_four_unpredicted, multiclass_absent_class, regression, regression_constant,
                 regression_constant_perfect):
        make()
    for name in sorted(os.listdir(HERE)):
        if name.endswith(".json"):
            print(f"{os.path.getsize(os.path.join(HERE, name)):8d}  {name}")
