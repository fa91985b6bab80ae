"""Writes psi.json: sample pairs and their population stability index as Evidently computes it (10 equal-width bins
over both samples' range, as numpy.histogram_bin_edges; empty bins as 0.0001). Run with Debian's python3-numpy."""
import json

import numpy as np


def psi(reference, current, n_bins=10):
    bins = np.histogram_bin_edges(list(reference) + list(current), bins=n_bins)
    ref = np.histogram(reference, bins)[0] / len(reference)
    cur = np.histogram(current, bins)[0] / len(current)
    ref = np.where(ref == 0, 0.0001, ref)
    cur = np.where(cur == 0, 0.0001, cur)
    return float(np.sum((ref - cur) * np.log(ref / cur)))


rng = np.random.default_rng(3)
pairs = [
    (np.round(rng.normal(0, 1, 200), 4), np.round(rng.normal(0.5, 1.2, 150), 4)),
    (np.round(rng.normal(0, 1, 300), 4), np.round(rng.normal(0, 1, 300), 4)),
    (np.array([0.1, 0.1, 0.2, 0.9]), np.array([0.8, 0.9, 0.9, 0.95])),
    (np.round(rng.uniform(0, 1, 100), 4), np.round(rng.uniform(0.3, 0.6, 80), 4)),
]
cases = [{"reference": a.tolist(), "current": b.tolist(), "psi": psi(a, b)} for a, b in pairs]
with open("psi.json", "w") as out:
    json.dump(cases, out, indent=1)
