"""Writes the training benchmark's table: ROWS rows x 30 numeric features and a binary label, seeded.
Usage: /usr/bin/python3 generate.py ROWS OUT.csv"""
import sys

import numpy as np

rows, out = int(sys.argv[1]), sys.argv[2]
rng = np.random.default_rng(42)
x = rng.normal(size=(rows, 30)).astype(np.float32)
weights = rng.normal(size=30)
score = x @ weights + 0.5 * x[:, 0] * x[:, 1] + rng.normal(scale=2.0, size=rows)
label = (score > 0).astype(np.int8)
with open(out, "w") as f:
    f.write(",".join([f"f{i:02d}" for i in range(30)] + ["label"]) + "\n")
    for start in range(0, rows, 100_000):
        block = np.column_stack([x[start:start + 100_000], label[start:start + 100_000]])
        np.savetxt(f, block, fmt=["%.5f"] * 30 + ["%d"], delimiter=",")
