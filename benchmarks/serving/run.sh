#!/usr/bin/env bash
# Serving benchmark (BENCHMARKS.md §9): single-row POST /predict requests from wrk (2 threads, 64 connections) against,
# on the same machine and in one run:
#   1. the seeds' stack: FastAPI + uvicorn with 2 workers calling XGBClassifier.predict (fastapi_app.py);
#   2. `capstan serve` on the same XGBoost model (capstan-ml's xgb-binary-json fixture: 200 trees, 30 features);
#   3. the ceiling: a minimal Vert.x handler that only parses the same JSON (capstan-bench ServeCeiling).
# The three servers run side by side, idle while another is measured. Each gets a 10 s warm-up, then ROUNDS rounds
# (default 3) measure the three in turn for DURATION seconds each (default 15), so that a slow spell of a shared
# machine hits all of them; the script prints every measurement and the median ratios the goal is stated in.
# Needs: wrk, /usr/bin/python3 with python3-fastapi, python3-uvicorn, python3-xgboost (Debian), ./capstan --version
# (builds the CLI) and mvn -B -q -o -pl capstan-bench package (the ceiling).
# Usage: benchmarks/serving/run.sh [ROUNDS] [DURATION]
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
rounds="${1:-3}"
duration="${2:-15}"
model="$root/capstan-ml/src/test/resources/models/xgb-binary-json/model"
work="$(mktemp -d)"
cleanup() { pkill -f "fastapi_app:app" || true; pkill -f "capstan.*serve xgb=" || true; pkill -f "ServeCeiling" || true; rm -rf "$work"; }
trap cleanup EXIT
echo "machine: $(nproc) cores, $(grep 'model name' /proc/cpuinfo | head -1 | cut -d: -f2 | xargs), $(java -version 2>&1 | head -1)"

# One row of the fixture, missing cells as 0 (FastAPI's float list takes no nulls).
sed -n 2p "$model/../rows.csv" | awk -F, '{for (i = 1; i <= NF; i++) if ($i == "") $i = 0; OFS = ","; $1 = $1; print "{\"features\": [" $0 "]}"}' > "$work/body.json"
export BODY_FILE="$work/body.json"

wait_for() { for _ in $(seq 120); do curl -s -o /dev/null -X POST -H 'Content-Type: application/json' --data @"$BODY_FILE" "$1" && return 0; sleep 0.5; done; echo "no answer from $1" >&2; exit 1; }
measure() {  # url -> "rps p99_ms"
  local out rps p99
  out=$(wrk -t2 -c64 -d"${duration}s" --latency -s "$here/post.lua" "$1")
  echo "$out" | grep -E 'Non-2xx|Socket errors' >&2 || true
  rps=$(echo "$out" | awk '/^Requests\/sec/ {print $2}')
  p99=$(echo "$out" | awk '$1 == "99%" {v = $2; if (v ~ /us$/) {sub(/us/, "", v); v /= 1000} else if (v ~ /ms$/) {sub(/ms/, "", v)} else if (v ~ /s$/) {sub(/s/, "", v); v *= 1000}; print v}')
  echo "$rps $p99"
}
median() { sort -g | awk '{v[NR] = $1} END {print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2}'; }

(cd "$here" && MODEL_JSON="$model/model.json" /usr/bin/python3 -m uvicorn --workers 2 --port 18101 --log-level warning \
  fastapi_app:app >"$work/fastapi.log" 2>&1 &)
"$root/capstan" serve "xgb=$model" --port 18102 >"$work/capstan.log" 2>&1 &
JAVA_OPTS="-XX:+UseParallelGC" "$root/capstan-bench/run.sh" ServeCeiling 18103 >"$work/ceiling.log" 2>&1 &
names=(fastapi capstan ceiling)
urls=(http://127.0.0.1:18101/predict http://127.0.0.1:18102/predict http://127.0.0.1:18103/predict)
for url in "${urls[@]}"; do wait_for "$url"; wrk -t2 -c64 -d10s -s "$here/post.lua" "$url" >/dev/null; done

speedups=(); tails=(); shares=()
for round in $(seq "$rounds"); do
  declare -A rps=() p99=()
  for i in 0 1 2; do
    read -r rps[$i] p99[$i] < <(measure "${urls[$i]}")
    printf 'round %d  %-8s %9.0f req/s   p99 %8.2f ms\n' "$round" "${names[$i]}" "${rps[$i]}" "${p99[$i]}"
  done
  speedups+=("$(awk "BEGIN {print ${rps[1]} / ${rps[0]}}")")
  tails+=("$(awk "BEGIN {print ${p99[0]} / ${p99[1]}}")")
  shares+=("$(awk "BEGIN {print 100 * ${rps[1]} / ${rps[2]}}")")
done
printf 'median over %d rounds: capstan / FastAPI throughput %.1fx (goal >= 20); FastAPI p99 / capstan p99 %.1f (goal >= 20); capstan / ceiling throughput %.0f%% (goal >= 40%%)\n' \
  "$rounds" "$(printf '%s\n' "${speedups[@]}" | median)" "$(printf '%s\n' "${tails[@]}" | median)" \
  "$(printf '%s\n' "${shares[@]}" | median)"
