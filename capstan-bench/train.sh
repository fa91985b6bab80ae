#!/usr/bin/env bash
# Training benchmark, side by side with its baseline in the same run (see BENCHMARKS.md §8): `./capstan train` of
# 1,000,000 rows x 30 features, 200 rounds (everything: JVM start, reading the CSV, the split, the package, the
# evaluation on the validation rows), against xgboost4j's XGBoost.train on the same rows and parameters (TrainBaseline):
# with the data already in memory, and from the same CSV read by XGBoost's own loader. Goal: at most 1.2 times.
# The two alternate, RUNS times (default 5), so that a slow spell of a shared machine hits both; each run's ratio is
# printed, then the median ratios.
# Needs: ./capstan --version (builds the CLI) and mvn -B -q -o -pl capstan-bench package (the baseline).
# Usage: capstan-bench/train.sh [RUNS]   (data in /tmp/capstan-train-bench, as capstan-bench/train/train.yaml says)
set -euo pipefail
here="$(cd "$(dirname "$0")/.." && pwd)"
work=/tmp/capstan-train-bench
runs="${1:-5}"
mkdir -p "$work"
echo "machine: $(nproc) cores, $(grep MemTotal /proc/meminfo | awk '{print int($2/1048576)}') GiB, $(java -version 2>&1 | head -1)"
[[ -f "$work/1m.csv" ]] || /usr/bin/python3 "$here/capstan-bench/train/generate.py" 1000000 "$work/1m.csv"
seconds() { local start end; start=$(date +%s.%N); "$@" >/dev/null 2>&1; end=$(date +%s.%N); awk "BEGIN{printf \"%.2f\", $end - $start}"; }
median() { sort -n | awk '{v[NR] = $1} END {print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2}'; }
"$here/capstan" --version >/dev/null
alone=()
loading=()
for run in $(seq "$runs"); do
  ours=$(seconds "$here/capstan" train --config "$here/capstan-bench/train/train.yaml" --no-track)
  line=$("$here/capstan-bench/run.sh" TrainBaseline --csv="$work/1m.csv" | grep "^xgboost4j XGBoost.train")
  base=$(echo "$line" | sed -n 's/.*rounds: \([0-9.]*\) s;.*/\1/p')
  loaded=$(echo "$line" | sed -n 's/.*loading: \([0-9.]*\) s$/\1/p')
  alone+=("$(awk "BEGIN{print $ours / $base}")")
  loading+=("$(awk "BEGIN{print $ours / $loaded}")")
  awk "BEGIN{printf \"run $run: capstan train %s s; XGBoost.train alone %s s (ratio %.2f); with XGBoost's CSV loading %s s (ratio %.2f)\n\", $ours, $base, $ours / $base, $loaded, $ours / $loaded}"
done
printf 'median ratio over %d runs: %.2f against XGBoost.train alone, %.2f against XGBoost with its CSV loading\n' \
  "$runs" "$(printf '%s\n' "${alone[@]}" | median)" "$(printf '%s\n' "${loading[@]}" | median)"
