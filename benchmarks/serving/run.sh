#!/usr/bin/env bash
# Serving benchmark (BENCHMARKS.md §9): single-row POST /predict requests from wrk (2 threads, 64 connections) against,
# in one run and on the same machine:
#   1. the seeds' stack: FastAPI + uvicorn with 2 workers calling XGBClassifier.predict (fastapi_app.py);
#   2. `capstan serve` on the same XGBoost model (capstan-ml's xgb-binary-json fixture, 30 features);
#   3. the ceiling: a minimal Vert.x handler that only parses the same JSON (capstan-bench ServeCeiling).
# Each server gets a warm-up run, then a measured one of DURATION seconds (default 20); the script prints requests/s,
# p99 latency and the ratios the goal is stated in.
# Needs: wrk, /usr/bin/python3 with python3-fastapi, python3-uvicorn, python3-xgboost (Debian), ./capstan --version
# (builds the CLI) and mvn -B -q -o -pl capstan-bench package (the ceiling).
# Usage: benchmarks/serving/run.sh [DURATION]
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
duration="${1:-20}"
model="$root/capstan-ml/src/test/resources/models/xgb-binary-json/model"
work="$(mktemp -d)"
trap 'kill $(jobs -p) 2>/dev/null || true; rm -rf "$work"' EXIT
echo "machine: $(nproc) cores, $(grep 'model name' /proc/cpuinfo | head -1 | cut -d: -f2 | xargs), $(java -version 2>&1 | head -1)"

# One row of the fixture, missing cells as 0 (FastAPI's float list takes no nulls).
sed -n 2p "$model/../rows.csv" | awk -F, '{for (i = 1; i <= NF; i++) if ($i == "") $i = 0; OFS = ","; $1 = $1; print "{\"features\": [" $0 "]}"}' > "$work/body.json"
export BODY_FILE="$work/body.json"

wait_for() { for _ in $(seq 120); do curl -s -o /dev/null -X POST -H 'Content-Type: application/json' --data @"$BODY_FILE" "$1" && return 0; sleep 0.5; done; echo "no answer from $1" >&2; exit 1; }
measure() {  # name url -> "name rps p99_ms"
  wrk -t2 -c64 -d5s -s "$here/post.lua" "$2" >/dev/null
  local out rps p99
  out=$(wrk -t2 -c64 -d"${duration}s" --latency -s "$here/post.lua" "$2")
  echo "$out" | grep -E 'Non-2xx|Socket errors' >&2 || true
  rps=$(echo "$out" | awk '/^Requests\/sec/ {print $2}')
  p99=$(echo "$out" | awk '$1 == "99%" {v = $2; if (v ~ /us$/) {sub(/us/, "", v); v /= 1000} else if (v ~ /ms$/) {sub(/ms/, "", v)} else if (v ~ /s$/) {sub(/s/, "", v); v *= 1000}; print v}')
  printf '%-28s %10.0f req/s   p99 %8.2f ms\n' "$1" "$rps" "$p99" >&2
  echo "$rps $p99"
}

(cd "$here" && MODEL_JSON="$model/model.json" /usr/bin/python3 -m uvicorn --workers 2 --port 18101 --log-level warning \
  fastapi_app:app >"$work/fastapi.log" 2>&1 &)
wait_for http://127.0.0.1:18101/predict
read -r base_rps base_p99 < <(measure "FastAPI + uvicorn (2 workers)" http://127.0.0.1:18101/predict)
pkill -f "fastapi_app:app" || true

"$root/capstan" serve "xgb=$model" --port 18102 >"$work/capstan.log" 2>&1 &
wait_for http://127.0.0.1:18102/predict
read -r ours_rps ours_p99 < <(measure "capstan serve" http://127.0.0.1:18102/predict)
kill %1 2>/dev/null || pkill -f "capstan.*serve" || true
sleep 1

JAVA_OPTS="-XX:+UseParallelGC" "$root/capstan-bench/run.sh" ServeCeiling 18103 >"$work/ceiling.log" 2>&1 &
wait_for http://127.0.0.1:18103/predict
read -r ceil_rps ceil_p99 < <(measure "Vert.x JSON-parse ceiling" http://127.0.0.1:18103/predict)

awk "BEGIN {printf \"capstan / FastAPI throughput: %.1fx (goal >= 20)\ncapstan p99 / FastAPI p99: 1/%.1f (goal <= 1/20)\ncapstan / ceiling throughput: %.0f%% (goal >= 40%%)\n\", $ours_rps / $base_rps, $base_p99 / $ours_p99, 100 * $ours_rps / $ceil_rps}"
