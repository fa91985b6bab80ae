#!/usr/bin/env bash
# Prediction log overhead (BENCHMARKS.md §10): `capstan serve` on the xgb-binary-json fixture with and without
# --prediction-log, side by side, single-row POST /predict from wrk (2 threads, 64 connections) on the same 2 cores.
# Both servers run at once, each idle while the other is measured; after a 10 s warm-up each, ROUNDS rounds
# (default 3) measure them in turn for DURATION seconds (default 15), in alternating order. Prints each measurement,
# the rows logged, each server's CPU per request while measured (steadier than throughput on a shared VM), and the median
# throughput ratio (goal: the log costs at most 5 %).
# SAMPLE (default 1) is the logged server's --log-sample.
# Needs: wrk and ./capstan --version (builds the CLI).
# Usage: benchmarks/monitoring/prediction-log.sh [ROUNDS] [DURATION] [SAMPLE]
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
rounds="${1:-3}"
duration="${2:-15}"
sample="${3:-1}"
model="$root/capstan-ml/src/test/resources/models/xgb-binary-json/model"
work="$(mktemp -d)"
trap 'pkill -f "capstan.*serve xgb=" || true; rm -rf "$work"' EXIT
echo "machine: $(nproc) cores, $(grep 'model name' /proc/cpuinfo | head -1 | cut -d: -f2 | xargs), $(java -version 2>&1 | head -1)"
sed -n 2p "$model/../rows.csv" | awk -F, '{for (i = 1; i <= NF; i++) if ($i == "") $i = 0; OFS = ","; $1 = $1; print "{\"features\": [" $0 "]}"}' > "$work/body.json"
export BODY_FILE="$work/body.json"
lua="$root/benchmarks/serving/post.lua"

"$root/capstan" serve "xgb=$model" --port 18111 >"$work/plain.log" 2>&1 &
"$root/capstan" serve "xgb=$model" --port 18112 --prediction-log "$work/log" --log-sample "$sample" >"$work/logged.log" 2>&1 &
urls=(http://127.0.0.1:18111/predict http://127.0.0.1:18112/predict)
for url in "${urls[@]}"; do
  for _ in $(seq 120); do curl -s -o /dev/null -X POST -H 'Content-Type: application/json' --data @"$BODY_FILE" "$url" && break; sleep 0.5; done
  wrk -t2 -c64 -d10s -s "$lua" "$url" >/dev/null
done
cpu_seconds() {   # user + system CPU of the java process serving on port $1
  awk -v hz="$(getconf CLK_TCK)" '{print ($14 + $15) / hz}' "/proc/$(pgrep -f "serve xgb=.*--port $1" | head -1)/stat"
}
ports=(18111 18112)
ratios=()
served=(0 0)
cpu=(0 0)
measure() {   # prints requests/s; adds the requests answered and the server's CPU seconds to served[$1] and cpu[$1]
  local out before
  before=$(cpu_seconds "${ports[$1]}")
  out=$(wrk -t2 -c64 -d"${duration}s" -s "$lua" "${urls[$1]}")
  served[$1]=$(( served[$1] + $(awk '/requests in/ {print $1}' <<<"$out") ))
  cpu[$1]=$(awk "BEGIN {print ${cpu[$1]} + $(cpu_seconds "${ports[$1]}") - $before}")
  awk '/^Requests\/sec/ {print $2}' <<<"$out" >"$work/rate$1"
}
for round in $(seq "$rounds"); do
  if (( round % 2 )); then   # the order alternates, so that a drift of the machine's speed cancels out
    measure 0; measure 1
  else
    measure 1; measure 0
  fi
  plain=$(cat "$work/rate0"); logged=$(cat "$work/rate1")
  printf 'round %d  without the log %9.0f req/s   with it %9.0f req/s\n' "$round" "$plain" "$logged"
  ratios+=("$(awk "BEGIN {print $logged / $plain}")")
done
sleep 2
echo "segments written: $(find "$work/log" -name '*.parquet' | wc -l), $(du -sh "$work/log" | cut -f1)"
printf 'server CPU per request while measured: without the log %.2f us, with it %.2f us (%+.1f %%)\n' \
  "$(awk "BEGIN {print 1e6 * ${cpu[0]} / ${served[0]}}")" "$(awk "BEGIN {print 1e6 * ${cpu[1]} / ${served[1]}}")" \
  "$(awk "BEGIN {print 100 * ((${cpu[1]} / ${served[1]}) / (${cpu[0]} / ${served[0]}) - 1)}")"
printf 'median throughput with the log / without: %.3f (goal >= 0.95)\n' \
  "$(printf '%s\n' "${ratios[@]}" | sort -g | awk '{v[NR] = $1} END {print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2}')"
