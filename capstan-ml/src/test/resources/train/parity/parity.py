#!/usr/bin/python3
# Regenerate expected.json: /usr/bin/python3 capstan-ml/src/test/resources/train/parity/parity.py
# (Debian's python3-xgboost and python3-numpy). The model/ package was trained by Capstan from a seeded table
# (capstan train, xgboost_classifier, impute -> scale -> one_hot); it stays as committed, so that this check
# also proves that packages written earlier still load.
"""Predicts rows.csv with model/ the way a Python user would without Capstan: apply the fitted preprocessing
read from preprocessing.json by hand with numpy, then score the features with xgboost. PipelineParityTest
expects Capstan's capstan_pipeline predictor to give the same probabilities."""
import csv
import json
import os

import numpy as np
import xgboost as xgb

here = os.path.dirname(os.path.abspath(__file__))
spec = json.load(open(os.path.join(here, "model", "preprocessing.json")))
rows = list(csv.DictReader(open(os.path.join(here, "rows.csv"))))


def raw(row, column):
    value = row[column]
    if value == "":
        return None
    try:
        return float(value)
    except ValueError:
        return value


table = {c: [raw(r, c) for r in rows] for c in spec["input_columns"]}
for step in spec["steps"]:
    for i, column in enumerate(step["columns"]):
        values = table[column]
        if step["step"] == "impute":
            table[column] = [step["statistics"][i] if v is None else v for v in values]
        elif step["step"] == "scale" and step["method"] == "standard":
            table[column] = [None if v is None else (v - step["mean"][i]) / step["scale"][i] for v in values]
        elif step["step"] == "scale" and step["method"] == "minmax":
            table[column] = [None if v is None else v * step["scale"][i] + step["min"][i] for v in values]
        elif step["step"] == "one_hot":
            categories = step["categories"][i]["values"]
            del table[column]
            for category in categories:
                table[f"{column}_{category}"] = [1.0 if v == category else 0.0 for v in values]
        else:
            raise SystemExit(f"parity.py does not apply {step['step']}")

names = spec["feature_names"]
features = np.array([[np.nan if table[n][r] is None else table[n][r] for n in names] for r in range(len(rows))],
                    dtype=np.float32)
booster = xgb.Booster()
booster.load_model(os.path.join(here, "model", "model.ubj"))
probability = booster.predict(xgb.DMatrix(features, feature_names=names, missing=np.nan))
json.dump({"features": features.tolist(), "probability_of_class_1": [float(p) for p in probability]},
          open(os.path.join(here, "expected.json"), "w"), indent=1)
