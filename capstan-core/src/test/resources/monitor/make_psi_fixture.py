"""Writes psi.json: sample pairs and their population stability index as Evidently (0.4 to 0.7) computes it.
Numbers with more than 20 distinct reference values are binned with numpy's Sturges edges over both samples; other
samples get one bucket per distinct value. A bucket empty in one sample gets a share of 0.0001 (or the smallest
non-zero share / 1e6 when that is smaller). Run with Debian's python3-numpy."""
import json

import numpy as np


def shares(reference, current):
    if len(set(reference)) > 20:
        edges = np.histogram_bin_edges(np.concatenate([reference, current]), bins="sturges")
        ref = np.histogram(reference, edges)[0] / len(reference)
        cur = np.histogram(current, edges)[0] / len(current)
    else:
        keys = sorted(set(reference) | set(current))
        ref = np.array([list(reference).count(k) / len(reference) for k in keys])
        cur = np.array([list(current).count(k) / len(current) for k in keys])
    return floor(ref), floor(cur)


def floor(p):
    smallest = p[p != 0].min()
    return np.where(p == 0, smallest / 1e6 if smallest <= 0.0001 else 0.0001, p)


def psi(reference, current):
    ref, cur = shares(np.asarray(reference, dtype=float), np.asarray(current, dtype=float))
    return float(np.sum((ref - cur) * np.log(ref / cur)))


rng = np.random.default_rng(3)
pairs = [
    (np.round(rng.normal(0, 1, 200), 4), np.round(rng.normal(0.5, 1.2, 150), 4)),
    (np.round(rng.normal(0, 1, 300), 4), np.round(rng.normal(0, 1, 300), 4)),
    (np.array([0.1, 0.1, 0.2, 0.9]), np.array([0.8, 0.9, 0.9, 0.95])),
    (np.round(rng.uniform(0, 1, 100), 4), np.round(rng.uniform(0.3, 0.6, 80), 4)),
    (np.array([1.0] * 30 + [2.0] * 20), np.array([1.0] * 10 + [2.0] * 35 + [3.0] * 5)),
]
cases = [{"reference": a.tolist(), "current": b.tolist(), "psi": psi(a, b)} for a, b in pairs]
with open("psi.json", "w") as out:
    json.dump(cases, out, indent=1)
