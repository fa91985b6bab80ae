#!/usr/bin/env bash
# Validation benchmarks, side by side with their baselines in the same run (see BENCHMARKS.md §7):
#   1,000,000 rows x 20 columns x 40 checks, `./capstan validate run` as users run it, JVM start included (goal < 3 s),
#   against the same 40 checks computed by DuckDB in-process (ValidateBaseline) and `wc -l` (reading the file);
#   and peak memory validating a ~2 GB CSV with a 512 MB heap.
# Needs: ./capstan --version (builds the CLI) and mvn -B -q -o -pl capstan-bench package (the baseline).
# Usage: capstan-bench/validate.sh [WORK_DIR]   (default /tmp/capstan-validate-bench)
set -euo pipefail
here="$(cd "$(dirname "$0")/.." && pwd)"
work="${1:-/tmp/capstan-validate-bench}"
suite="$here/capstan-bench/validate/suite.yaml"
seconds() { local start end; start=$(date +%s.%N); "$@" >/dev/null 2>&1 || true; end=$(date +%s.%N); awk "BEGIN{printf \"%.2f\", $end - $start}"; }
median3() { local runs=(); for _ in 1 2 3; do runs+=("$(seconds "$@")"); done; printf '%s\n' "${runs[@]}" | sort -n | sed -n 2p; }

mkdir -p "$work"
echo "machine: $(nproc) cores, $(grep MemTotal /proc/meminfo | awk '{print int($2/1048576)}') GiB, $(java -version 2>&1 | head -1)"
[[ -f "$work/1m.csv" ]] || /usr/bin/python3 "$here/capstan-bench/validate/generate.py" 1000000 "$work/1m.csv"
"$here/capstan" validate run --suite "$suite" "$work/1m.csv" >/dev/null 2>&1 || true   # builds if needed, warms the page cache
echo "1M rows x 20 columns ($(du -m "$work/1m.csv" | cut -f1) MB), 40 checks, median of 3:"
echo "  capstan validate run:      $(median3 "$here/capstan" validate run --suite "$suite" "$work/1m.csv") s"
echo "  DuckDB, the same checks:   $(median3 "$here/capstan-bench/run.sh" ValidateBaseline --csv="$work/1m.csv") s"
echo "  wc -l (reading the file):  $(median3 wc -l "$work/1m.csv") s"

# ~2 GB: the 1M-row file 15 times, ids made distinct per copy so that uniqueness counts 15M values
if [[ ! -f "$work/2g.csv" ]]; then
  head -1 "$work/1m.csv" > "$work/2g.csv"
  for k in $(seq 10 24); do tail -n +2 "$work/1m.csv" | sed "s/^C/C$k/" >> "$work/2g.csv"; done
fi
echo "$(du -m "$work/2g.csv" | cut -f1) MB CSV, 15M rows, CAPSTAN_OPTS=-Xmx512m:"
/usr/bin/time -f "  capstan validate run: %e s, peak RSS %M KB" env CAPSTAN_OPTS=-Xmx512m \
  "$here/capstan" validate run --suite "$suite" "$work/2g.csv" 2>&1 >/dev/null | grep -v "^validated" || true
/usr/bin/time -f "  wc -l: %e s, peak RSS %M KB" wc -l "$work/2g.csv" 2>&1 >/dev/null
