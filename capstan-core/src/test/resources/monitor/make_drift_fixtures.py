"""Writes drift.json: sample pairs and the drift statistics Evidently computes for them, from Debian's
python3-scipy (ks_2samp, chisquare, wasserstein_distance, jensenshannon, norm) and python3-numpy."""
import json
import warnings

import numpy as np
from scipy import stats
from scipy.spatial import distance

warnings.simplefilter("ignore")
rng = np.random.default_rng(11)


def shares(reference, current, numeric):
    if numeric and len(set(reference)) > 20:
        edges = np.histogram_bin_edges(np.concatenate([reference, current]), bins="sturges")
        return (np.histogram(reference, edges)[0] / len(reference),
                np.histogram(current, edges)[0] / len(current))
    keys = sorted(set(reference) | set(current), key=str)
    return (np.array([list(reference).count(k) / len(reference) for k in keys]),
            np.array([list(current).count(k) / len(current) for k in keys]))


def chi(reference, current):
    keys = sorted(set(reference) | set(current), key=str)
    k = len(current) / len(reference)
    f_exp = [list(reference).count(key) * k for key in keys]
    f_obs = [list(current).count(key) for key in keys]
    return float(stats.chisquare(f_obs, f_exp)[1])


def z(reference, current):
    keys = sorted(set(reference) | set(current), key=str)
    if len(set(reference)) == 1 and len(set(current)) == 1 and reference[0] == current[0]:
        return 1.0
    r = [0 if x == keys[0] else 1 for x in reference]
    c = [0 if x == keys[0] else 1 for x in current]
    p1, p2 = sum(r) / len(r), sum(c) / len(c)
    p = (p1 * len(r) + p2 * len(c)) / (len(r) + len(c))
    zs = (p1 - p2) / np.sqrt(p * (1 - p) * (1 / len(r) + 1 / len(c)))
    return float(2 * (1 - stats.norm.cdf(abs(zs))))


def numbers(a):
    return [float(x) for x in a]


numeric = [
    (np.round(rng.normal(0, 1, 300), 3), np.round(rng.normal(0.2, 1, 250), 3)),
    (np.round(rng.normal(0, 1, 40), 1), np.round(rng.normal(0.5, 1, 30), 1)),
    (np.round(rng.normal(5, 2, 1000), 2), np.round(rng.normal(5.3, 2.2, 3000), 2)),
    (np.round(rng.exponential(1, 1500), 3), np.round(rng.exponential(1.5, 1200), 3)),
    (np.array([1.0, 2, 2, 3, 3, 3, 4]), np.array([2.0, 3, 3, 4, 4, 5])),
]
categorical = [
    (list(rng.choice(["a", "b", "c", "d"], 500, p=[0.4, 0.3, 0.2, 0.1])),
     list(rng.choice(["a", "b", "c", "d"], 400, p=[0.3, 0.3, 0.2, 0.2]))),
    (list(rng.choice(["x", "y", "z"], 200)), list(rng.choice(["x", "y"], 150))),
    (list(rng.choice(["x", "y"], 100)), list(rng.choice(["x", "y", "w"], 120))),
]
binary = [
    (list(rng.choice(["no", "yes"], 300, p=[0.7, 0.3])), list(rng.choice(["no", "yes"], 200, p=[0.6, 0.4]))),
    (["t"] * 50, ["t"] * 40),
]
out = {"numeric": [], "categorical": [], "binary": []}
for a, b in numeric:
    ra, rb = shares(a, b, True)
    out["numeric"].append({
        "reference": numbers(a), "current": numbers(b),
        "ks_statistic": float(stats.ks_2samp(a, b).statistic), "ks_p_value": float(stats.ks_2samp(a, b).pvalue),
        "wasserstein_normed": float(stats.wasserstein_distance(a, b) / max(np.std(a), 0.001)),
        "jensenshannon": float(distance.jensenshannon(ra, rb, 2)),
    })
for a, b in categorical:
    ra, rb = shares(a, b, False)
    out["categorical"].append({"reference": a, "current": b, "chisquare_p_value": chi(a, b),
                               "jensenshannon": float(distance.jensenshannon(ra, rb, 2))})
for a, b in binary:
    out["binary"].append({"reference": a, "current": b, "z_p_value": z(a, b)})
with open("drift.json", "w") as f:
    json.dump(out, f, indent=1, default=str)
