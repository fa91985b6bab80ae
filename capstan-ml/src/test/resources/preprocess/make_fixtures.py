#!/usr/bin/python3
"""Generate the scikit-learn reference fixtures for dev.capstan.ml.preprocess.

Regenerate (from the repository root, with Debian's python3-sklearn and python3-numpy):

    /usr/bin/python3 capstan-ml/src/test/resources/preprocess/make_fixtures.py

It writes fixtures.json next to this script. Everything is seeded, so a re-run with the
same library versions reproduces the same bytes; the versions used are recorded in the file.

For each case the steps are the train.yaml `preprocessing:` list that Capstan parses, and
the scikit-learn equivalent is built from them the way Capstan documents it:

    Pipeline([
      ("columns", ColumnTransformer(
          [(c, make_pipeline(<dtype of c>, *<estimators of the steps naming c, in step order>), [c])
           for c in input_columns],            # a column no step names: "passthrough"
          verbose_feature_names_out=False)),
      ("select", SelectKBest(score_func, k=k)),  # only when a select_k_best step is given
    ])

The first element of each column's pipeline casts the column to the dtype a pandas DataFrame
would give it (float64, int64, bool or object); pandas itself is not installed here.
The file holds the input tables (missing = null), the fitted parameters of every step, the
output feature names and the float64 outputs for the train table and for a test table that
has unknown categories and values outside the training range.
"""
import json
import os
import sys
import warnings

import numpy as np
import scipy
import sklearn
from sklearn.compose import ColumnTransformer
from sklearn.feature_selection import SelectKBest, chi2, f_classif, f_regression
from sklearn.impute import SimpleImputer
from sklearn.pipeline import Pipeline, make_pipeline
from sklearn.preprocessing import FunctionTransformer, MinMaxScaler, OneHotEncoder, StandardScaler

HERE = os.path.dirname(os.path.abspath(__file__))
# The constant column scores NaN under f_classif on purpose (SelectKBest then ranks it lowest).
warnings.filterwarnings("ignore", message="Features .* are constant")
warnings.filterwarnings("ignore", message="invalid value encountered in divide")

KINDS = {
    "age": "float", "income": "float", "tenure": "int", "rating": "int", "ratio": "float",
    "constant": "float", "city": "text", "plan": "text", "flag": "bool", "tie_num": "float",
    "tie_text": "text", "x1": "float", "x2": "float", "x3": "float", "x1_copy": "float",
}
DTYPES = {"float": np.float64, "int": np.int64, "bool": np.bool_, "text": object}
SCORES = {"f_classif": f_classif, "chi2": chi2, "f_regression": f_regression}


def with_missing(rng, values, fraction):
    values = np.array(values, dtype=object)
    values[rng.random(len(values)) < fraction] = np.nan
    return values


def table(rng, n, test):
    label = rng.integers(0, 3, size=n)
    x1 = rng.uniform(0, 10, size=n) + 2.0 * label
    cities = ["paris", "berlin", "Zurich", "oslo", "\u00e5lesund", "rome"]
    city = rng.choice(cities + (["tokyo"] if test else []), size=n)
    ratio = rng.choice([0.5, 1.0, 2.5, 1e-05, 1e16] + ([3.75] if test else []), size=n)
    tie_num = np.array(([2.0, 7.0] * 30 + [1.0, 3.0, 4.0] * 13 + [np.nan])[:n] if not test
                       else rng.choice([2.0, 7.0, 9.5], size=n), dtype=float)
    tie_text = (["b", "a"] * 30 + ["c"] * 35 + [np.nan] * 5)[:n] if not test else list(rng.choice(["a", "b", "c"], size=n))
    columns = {
        "age": with_missing(rng, rng.normal(40, 12, size=n), 0.1),
        "income": with_missing(rng, rng.lognormal(10, 0.5, size=n) * (1 + label), 0.15),
        "tenure": rng.integers(0, 21, size=n) + label,
        "rating": rng.integers(1, 6, size=n),
        "ratio": with_missing(rng, ratio, 0.05),
        "constant": np.full(n, 5.0),
        "city": with_missing(rng, city, 0.1),
        "plan": rng.choice(["basic", "pro", "team"], size=n),
        "flag": rng.random(n) < 0.3 + 0.2 * label,
        "tie_num": tie_num,
        "tie_text": np.array(tie_text, dtype=object),
        "x1": x1,
        "x2": rng.uniform(0, 10, size=n) + 0.5 * label,
        "x3": rng.uniform(0, 10, size=n),
        "x1_copy": x1.copy(),
    }
    y_reg = 3.0 * x1 - 2.0 * columns["x2"] + rng.normal(0, 1, size=n)
    return columns, label.astype(float), y_reg


def to_json_value(v):
    if v is None or (isinstance(v, float) and np.isnan(v)):
        return None
    if isinstance(v, np.generic):
        v = v.item()
        if isinstance(v, float) and np.isnan(v):
            return None
    return v


def column_json(values):
    return [to_json_value(v) for v in values]


def typed(values, kind):
    return np.asarray(values, dtype=DTYPES[kind]).reshape(-1, 1)


def caster(kind):
    return FunctionTransformer(typed, kw_args={"kind": kind}, feature_names_out="one-to-one")


def estimator(step):
    (name, settings), = step.items()
    if name == "impute":
        extra = {"fill_value": settings["fill_value"]} if "fill_value" in settings else {}
        return SimpleImputer(strategy=settings["strategy"], **extra)
    if name == "scale":
        return StandardScaler() if settings["method"] == "standard" else MinMaxScaler()
    if name == "one_hot":
        return OneHotEncoder(sparse_output=False, handle_unknown=settings.get("handle_unknown", "error"))
    raise ValueError(name)


def equivalent(steps, columns):
    """The sklearn pipeline Capstan's preprocessing equals (see the module docstring)."""
    transformers = []
    for i, c in enumerate(columns):
        chain = [estimator(s) for s in steps if "select_k_best" not in s and c in next(iter(s.values()))["columns"]]
        transformers.append((c, make_pipeline(caster(KINDS[c]), *chain) if chain else "passthrough", [i]))
    parts = [("columns", ColumnTransformer(transformers, verbose_feature_names_out=False))]
    for s in steps:
        if "select_k_best" in s:
            settings = s["select_k_best"]
            parts.append(("select", SelectKBest(SCORES[settings["score"]], k=settings["k"])))
    return Pipeline(parts)


def fitted(pipeline, steps, step_index):
    """The fitted estimator of step `step_index` for each column it names (after the dtype cast)."""
    ct = pipeline.named_steps["columns"]
    out = []
    for c in next(iter(steps[step_index].values()))["columns"]:
        naming = [i for i, s in enumerate(steps) if c in next(iter(s.values())).get("columns", [])]
        out.append(ct.named_transformers_[c].steps[naming.index(step_index) + 1][1])
    return out


def params(pipeline, steps, i):
    (name, settings), = steps[i].items()
    if name == "select_k_best":
        select = pipeline.named_steps["select"]
        return {"scores": [float(v) for v in select.scores_],
                "selected": [int(v) for v in select.get_support(indices=True)]}
    est = fitted(pipeline, steps, i)
    if name == "impute":
        return {"statistics": [to_json_value(e.statistics_[0]) for e in est]}
    if name == "scale" and settings["method"] == "standard":
        return {"mean": [float(e.mean_[0]) for e in est], "var": [float(e.var_[0]) for e in est],
                "scale": [float(e.scale_[0]) for e in est], "n_samples_seen": [int(np.max(e.n_samples_seen_)) for e in est]}
    if name == "scale":
        return {k: [float(getattr(e, k + "_")[0]) for e in est] for k in ["data_min", "data_max", "scale", "min"]}
    return {"categories": [column_json(e.categories_[0]) for e in est]}


def matrix(values):
    return [[float(v) for v in row] for row in np.asarray(values, dtype=float)]


def run_case(name, steps, columns, train, test, target):
    pipeline = equivalent(steps, columns)
    x_train = np.empty((len(train[columns[0]]), len(columns)), dtype=object)
    x_test = np.empty((len(test[columns[0]]), len(columns)), dtype=object)
    for j, c in enumerate(columns):
        x_train[:, j] = train[c]
        x_test[:, j] = test[c]
    pipeline.fit(x_train, target)
    return {
        "name": name,
        "columns": columns,
        "steps": steps,
        "target": None if target is None else ("class" if target is LABEL else "regression"),
        "params": [params(pipeline, steps, i) for i in range(len(steps))],
        "feature_names": [str(f) for f in pipeline.get_feature_names_out(columns)],
        "train_out": matrix(pipeline.transform(x_train)),
        "test_out": matrix(pipeline.transform(x_test)),
    }


def tie_k(train, columns, target, score):
    """The k whose boundary falls between x1 and x1_copy, which score the same."""
    x = np.column_stack([np.asarray(train[c], dtype=float) for c in columns])
    scores = SCORES[score](x, target)[0]
    tied = scores[columns.index("x1")]
    return int(np.sum(scores > tied)) + 1


rng = np.random.default_rng(20240611)
TRAIN, LABEL, Y_REG = table(rng, 100, test=False)
TEST, _, _ = table(rng, 20, test=True)
SELECT_COLUMNS = ["tenure", "constant", "x1", "x2", "x3", "x1_copy"]
NUMERIC = ["age", "income", "tie_num"]


def case_list():
    return [
        ("impute_mean", [{"impute": {"columns": NUMERIC, "strategy": "mean"}}], NUMERIC, None),
        ("impute_median", [{"impute": {"columns": NUMERIC, "strategy": "median"}}], NUMERIC, None),
        ("impute_most_frequent_numeric", [{"impute": {"columns": NUMERIC, "strategy": "most_frequent"}}], NUMERIC, None),
        ("impute_most_frequent_text", [{"impute": {"columns": ["city", "tie_text"], "strategy": "most_frequent"}},
                                       {"one_hot": {"columns": ["city", "tie_text"], "handle_unknown": "ignore"}}],
         ["city", "tie_text"], None),
        ("impute_constant_default", [{"impute": {"columns": ["age"], "strategy": "constant"}},
                                     {"impute": {"columns": ["city"], "strategy": "constant"}},
                                     {"one_hot": {"columns": ["city"], "handle_unknown": "ignore"}}],
         ["age", "city"], None),
        ("impute_constant_fill", [{"impute": {"columns": ["age", "income"], "strategy": "constant", "fill_value": -1.5}},
                                  {"impute": {"columns": ["city"], "strategy": "constant", "fill_value": "unknown"}},
                                  {"one_hot": {"columns": ["city"], "handle_unknown": "ignore"}}],
         ["age", "income", "city"], None),
        ("scale_standard", [{"scale": {"columns": ["age", "income", "tenure", "constant", "x1"], "method": "standard"}}],
         ["age", "income", "tenure", "constant", "x1"], None),
        ("scale_minmax", [{"scale": {"columns": ["age", "income", "tenure", "constant", "x1"], "method": "minmax"}}],
         ["age", "income", "tenure", "constant", "x1"], None),
        ("one_hot_ignore", [{"one_hot": {"columns": ["city", "ratio", "plan", "tie_text"], "handle_unknown": "ignore"}}],
         ["x2", "city", "ratio", "plan", "tie_text"], None),
        ("one_hot_error", [{"one_hot": {"columns": ["plan", "rating", "flag"], "handle_unknown": "error"}}],
         ["plan", "rating", "x3", "flag"], None),
        ("select_f_classif", [{"select_k_best": {"k": 3, "score": "f_classif"}}], SELECT_COLUMNS, LABEL),
        ("select_chi2", [{"select_k_best": {"k": 2, "score": "chi2"}}], SELECT_COLUMNS, LABEL),
        ("select_f_regression", [{"select_k_best": {"k": 4, "score": "f_regression"}}], SELECT_COLUMNS, Y_REG),
        ("select_tie_f_classif", [{"select_k_best": {"k": tie_k(TRAIN, SELECT_COLUMNS, LABEL, "f_classif"),
                                                     "score": "f_classif"}}], SELECT_COLUMNS, LABEL),
        ("pipeline_f_classif", [
            {"impute": {"columns": ["age", "income"], "strategy": "mean"}},
            {"impute": {"columns": ["city"], "strategy": "most_frequent"}},
            {"scale": {"columns": ["age", "income", "tenure"], "method": "standard"}},
            {"one_hot": {"columns": ["city", "plan"], "handle_unknown": "ignore"}},
            {"select_k_best": {"k": 8, "score": "f_classif"}}],
         ["age", "income", "tenure", "constant", "city", "plan", "flag", "x1", "x2"], LABEL),
        ("pipeline_chi2", [
            {"impute": {"columns": ["age", "income"], "strategy": "median"}},
            {"scale": {"columns": ["age", "income", "tenure", "x1"], "method": "minmax"}},
            {"one_hot": {"columns": ["city", "rating"], "handle_unknown": "ignore"}},
            {"select_k_best": {"k": 6, "score": "chi2"}}],
         ["age", "city", "income", "tenure", "rating", "x1"], LABEL),
        ("pipeline_f_regression", [
            {"impute": {"columns": ["age"], "strategy": "constant"}},
            {"scale": {"columns": ["age", "x1", "x2"], "method": "standard"}},
            {"one_hot": {"columns": ["plan", "ratio"], "handle_unknown": "ignore"}},
            {"select_k_best": {"k": 5, "score": "f_regression"}}],
         ["plan", "age", "x1", "ratio", "x2", "x3"], Y_REG),
    ]


def check_selection(case):
    """Scores at the k boundary must be apart (or exactly tied) so that 1e-12 noise cannot change the choice."""
    for p, s in zip(case["params"], case["steps"]):
        if "scores" in p:
            scores = sorted((-1e308 if v != v else v) for v in p["scores"])
            k = s["select_k_best"]["k"]
            if k < len(scores):
                low, high = scores[-k - 1], scores[-k]
                assert low == high or high - low > 1e-9 * max(abs(high), 1.0), (case["name"], low, high)


FLOAT_NAMES = [0.5, 1.0, 2.5, 1e-05, 1e-04, 1e16, 1e15, 123456789.125, 0.1, 1 / 3, 2 / 3, 5e-324,
               1.7976931348623157e308, 2.0 ** -20, -2.5, 100.0, 0.1 + 0.2, 9007199254740993.0, 1e22, 1e23,
               -0.0001234, 12345678901234567.0, 4.35, 2.675, 1e-07, 123e-20]


# np.nansum of x[i] = (1 + i % 13) / (i + 1), negated where i % 3 == 0, NaN where i % 17 == 0
SUM_LENGTHS = [1, 7, 8, 9, 17, 100, 128, 129, 1000, 8192, 8193, 20000, 100003]


def write(document, out):
    """JSON with one line per table column, case field and list entry: small diffs on a re-run."""
    lines = ["{"]
    for i, (key, value) in enumerate(document.items()):
        comma = "," if i < len(document) - 1 else ""
        if isinstance(value, dict) and key in ("train", "test"):
            lines.append(f' "{key}": {{')
            lines += [f'  "{c}": {json.dumps(v, ensure_ascii=False)}' + ("," if j < len(value) - 1 else "")
                      for j, (c, v) in enumerate(value.items())]
            lines.append(" }" + comma)
        elif isinstance(value, list) and key in ("cases", "float_names", "sums"):
            lines.append(f' "{key}": [')
            lines += ["  " + json.dumps(v, ensure_ascii=False) + ("," if j < len(value) - 1 else "")
                      for j, v in enumerate(value)]
            lines.append(" ]" + comma)
        else:
            lines.append(f' "{key}": {json.dumps(value, ensure_ascii=False)}{comma}')
    lines.append("}")
    with open(out, "w", encoding="utf-8") as f:
        f.write("\n".join(lines) + "\n")


def main():
    out = os.path.join(HERE, "fixtures.json")
    cases = [run_case(n, s, c, TRAIN, TEST, t) for n, s, c, t in case_list()]
    for case in cases:
        check_selection(case)
    tie = next(c for c in cases if c["name"] == "select_tie_f_classif")
    assert SELECT_COLUMNS.index("x1_copy") in tie["params"][0]["selected"]
    assert SELECT_COLUMNS.index("x1") not in tie["params"][0]["selected"]
    names = FLOAT_NAMES + [float(v) for v in rng.normal(0, 1, 40) * 10.0 ** rng.integers(-12, 24, 40)]
    sums = []
    for n in SUM_LENGTHS:
        i = np.arange(n, dtype=np.float64)
        x = (1.0 + i % 13) / (i + 1.0)
        x[::3] *= -1
        x[::17] = np.nan
        sums.append([n, float(np.nansum(x.reshape(-1, 1), axis=0)[0])])
    document = {
        "versions": {"sklearn": sklearn.__version__, "numpy": np.__version__, "scipy": scipy.__version__},
        "train": {c: column_json(v) for c, v in TRAIN.items()},
        "test": {c: column_json(v) for c, v in TEST.items()},
        "kinds": KINDS,
        "label": [float(v) for v in LABEL],
        "y_reg": [float(v) for v in Y_REG],
        "float_names": [[v, str(np.float64(v))] for v in names],
        "sums": sums,
        "cases": cases,
    }
    write(document, out)
    print("wrote", out, file=sys.stderr)


if __name__ == "__main__":
    main()
