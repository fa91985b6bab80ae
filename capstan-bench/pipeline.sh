#!/usr/bin/env bash
# Pipeline benchmarks, side by side with their baselines in the same run (see BENCHMARKS.md):
#   no-op repro of a 100-stage pipeline whose dependencies total 10,000 files, JVM start included (goal < 1 s)
#   overhead per executed stage over running its command directly (goal < 20 ms): 100 stages of `true`, forced,
#   against 100 `sh -c true` in a shell loop; and what recording each stage in the tracking store (SQLite) adds
# Needs the CLI distribution: ./capstan --version (or mvn -B -q -o -pl capstan-cli -am package -DskipTests).
# Usage: capstan-bench/pipeline.sh [WORK_DIR]   (default /tmp/capstan-pipeline-bench)
set -euo pipefail
here="$(cd "$(dirname "$0")/.." && pwd)"
work="${1:-/tmp/capstan-pipeline-bench}"
jar="$(ls "$here"/capstan-cli/target/capstan-cli-*.jar | head -1)"
capstan() { java ${JAVA_OPTS:-} -jar "$jar" "$@"; }   # as ./capstan runs it
seconds() { local start end; start=$(date +%s.%N); "$@" >/dev/null 2>&1; end=$(date +%s.%N); awk "BEGIN{printf \"%.3f\", $end - $start}"; }
median5() { local runs=(); for _ in 1 2 3 4 5; do runs+=("$(seconds "$@")"); done; printf '%s\n' "${runs[@]}" | sort -n | sed -n 3p; }

rm -rf "$work" && mkdir -p "$work" && cd "$work"
echo "machine: $(nproc) cores, $(grep MemTotal /proc/meminfo | awk '{print int($2/1048576)}') GiB, $(java -version 2>&1 | head -1)"
git init -q . && capstan init >/dev/null   # a git repository, as pipelines usually are: git lists the dvc.yaml files

# 100 stages, each reading its own directory of 100 small files and writing one output
/usr/bin/python3 - <<'PY'
import os
with open("dvc.yaml", "w") as y:
    y.write("stages:\n")
    for s in range(100):
        os.makedirs(f"data/d{s:03}")
        for f in range(100):
            with open(f"data/d{s:03}/f{f:03}.txt", "w") as out:
                out.write(f"stage {s} file {f}\n")
        y.write(f"  s{s:03}:\n    cmd: ls data/d{s:03} > out/s{s:03}.txt\n")
        y.write(f"    deps:\n    - data/d{s:03}\n    outs:\n    - out/s{s:03}.txt\n")
os.makedirs("out")
PY
capstan repro >/dev/null
ours=$(median5 capstan repro)
gitstatus=$(median5 git status --porcelain --untracked-files=all)   # another tool stat-ing the same tree
echo "no-op repro, 100 stages, 10,000 dependency files: ${ours}s (median of 5, including JVM start);" \
     "git status on the same tree: ${gitstatus}s"
cp -r "$work" "$work-nogit" && rm -rf "$work-nogit/.git"
nogit=$(cd "$work-nogit" && median5 capstan repro)
echo "the same outside git (every directory walked to find dvc.yaml files): ${nogit}s"
rm -rf "$work-nogit"

# per-stage overhead: 100 forced stages of `true` vs 100 `sh -c true`
mkdir -p "$work/overhead" && cd "$work/overhead" && capstan init --no-scm >/dev/null
/usr/bin/python3 -c '
with open("dvc.yaml", "w") as y:
    y.write("stages:\n")
    for s in range(100):
        y.write(f"  t{s:03}:\n    cmd: \"true\"\n")
'
base=$(seconds sh -c 'for i in $(seq 100); do sh -c true; done')
fixed=$(median5 capstan dag)   # JVM start, reading dvc.yaml, building the graph: what every pipeline command pays once
capstan repro --no-track >/dev/null
ours=$(median5 capstan repro -f --no-track)
tracked=$(median5 capstan repro -f)
echo "100 forced stages: ${ours}s (tracked: ${tracked}s); 100 x sh -c true: ${base}s; capstan dag (fixed cost): ${fixed}s"
awk "BEGIN{printf \"overhead per stage: %.1f ms; tracking adds %.1f ms per stage\n\", ($ours - $fixed - $base) * 10, ($tracked - $ours) * 10}"
