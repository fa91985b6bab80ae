#!/usr/bin/env bash
# Drift benchmark (BENCHMARKS.md §11): dataset drift over 1,000,000 reference and 1,000,000 current rows of 30
# numeric features, the first 5 shifted by 0.2 standard deviations. Capstan (capstan-bench DriftBench: Evidently's
# default test for that size, the normed Wasserstein distance, the columns on every core) against the same statistic
# in scipy (wasserstein_distance / std, one column after the other, as Evidently computes it), on the same machine in
# one run. Goal: Capstan under 2 s. Needs: mvn -B -q -o -pl capstan-bench package and Debian's python3-scipy.
# Usage: benchmarks/monitoring/drift.sh
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
echo "machine: $(nproc) cores, $(grep 'model name' /proc/cpuinfo | head -1 | cut -d: -f2 | xargs), $(java -version 2>&1 | head -1)"
"$root/capstan-bench/run.sh" DriftBench 1000000 30 5 3
/usr/bin/python3 - <<'PY'
import time
import numpy as np
from scipy import stats
rng = np.random.default_rng(42)
ref = [rng.normal(0, 1, 1_000_000) for _ in range(30)]
cur = [rng.normal(0.2 if f < 5 else 0, 1, 1_000_000) for f in range(30)]
for run in range(2):
    start = time.perf_counter()
    scores = [stats.wasserstein_distance(r, c) / max(np.std(r), 0.001) for r, c in zip(ref, cur)]
    print(f"scipy run {run + 1}: 1000000 x 1000000 rows, 30 features: {time.perf_counter() - start:.3f} s; "
          f"drifted: {sum(s >= 0.1 for s in scores)}")
PY
