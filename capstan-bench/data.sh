#!/usr/bin/env bash
# Data versioning benchmarks, each side by side with its baselines in the same run (see BENCHMARKS.md):
#   add of a 1 GiB file            vs  md5sum of it (goal <= 1.15x), and cp of it (what copying into the cache costs)
#   add of 100,000 small files     vs  find | xargs -P2 md5sum (goal <= 2x), and cp -r of them
#   status on them, nothing changed, wall time including JVM start, median of 5 (goal < 1 s)
#   push and pull of 10,000 files to a local remote (files/s), and cp -r of the remote
# Needs the CLI distribution: ./capstan --version (or mvn -B -q -o -pl capstan-cli -am package -DskipTests).
# Usage: capstan-bench/data.sh [WORK_DIR]   (default /tmp/capstan-data-bench; needs ~3 GiB free). A WORK_DIR on a
# file system with reflinks (XFS, Btrfs) measures the default cache.type (reflink) instead of its copy fallback.
set -euo pipefail
here="$(cd "$(dirname "$0")/.." && pwd)"
work="${1:-/tmp/capstan-data-bench}"
jar="$(ls "$here"/capstan-cli/target/capstan-cli-*.jar | head -1)"
capstan() { java ${JAVA_OPTS:-} -jar "$jar" "$@"; }   # as ./capstan runs it
seconds() { local start end; start=$(date +%s.%N); "$@" >/dev/null 2>&1; end=$(date +%s.%N); awk "BEGIN{printf \"%.2f\", $end - $start}"; }
median5() { local runs=(); for _ in 1 2 3 4 5; do runs+=("$(seconds "$@")"); done; printf '%s\n' "${runs[@]}" | sort -n | sed -n 3p; }
ratio() { awk "BEGIN{printf \"%.2f\", $1 / $2}"; }
per_second() { awk "BEGIN{printf \"%d\", $1 / $2}"; }

rm -rf "$work" && mkdir -p "$work" && cd "$work"
echo "machine: $(nproc) cores, $(grep MemTotal /proc/meminfo | awk '{print int($2/1048576)}') GiB, $(java -version 2>&1 | head -1)"

# 1. one 1 GiB file (page cache warmed by a first md5sum, so both read from memory)
mkdir big && cd big && capstan init --no-scm >/dev/null
head -c 1073741824 /dev/urandom > big.bin
md5sum big.bin >/dev/null
base=$(seconds md5sum big.bin)
copy=$(seconds cp big.bin copy.bin) && rm copy.bin
ours=$(seconds capstan data add big.bin)
echo "add 1 GiB file: capstan ${ours}s, md5sum ${base}s, ratio $(ratio "$ours" "$base"); cp ${copy}s"
cd "$work" && rm -rf big

# 2. 100,000 small files of 1-4 KiB in 100 directories
mkdir small && cd small && capstan init --no-scm >/dev/null
/usr/bin/python3 - <<'PY'
import os, random
random.seed(7)
for d in range(100):
    os.makedirs(f"files/d{d:03}")
    for f in range(1000):
        with open(f"files/d{d:03}/f{f:04}.bin", "wb") as out:
            out.write(random.randbytes(random.randint(1024, 4096)))
PY
find files -type f -print0 | xargs -0 -P2 md5sum >/dev/null
base=$(seconds sh -c 'find files -type f -print0 | xargs -0 -P2 md5sum')
copy=$(seconds cp -r files copy) && rm -rf copy
ours=$(seconds capstan data add files)
echo "add 100,000 files: capstan ${ours}s, find|xargs -P2 md5sum ${base}s, ratio $(ratio "$ours" "$base"); cp -r ${copy}s"
ours=$(median5 capstan data status)
echo "status 100,000 unchanged files: ${ours}s (median of 5, including JVM start)"
cd "$work"

# 3. push and pull of 10,000 files to a local remote
mkdir transfer && cd transfer && capstan init --no-scm >/dev/null
mkdir files && cp -r ../small/files/d00[0-9] files/
capstan data add files >/dev/null
capstan remote add -d store "$work/remote" >/dev/null
ours=$(seconds capstan data push)
echo "push 10,000 files: ${ours}s, $(per_second 10000 "$ours") files/s"
# pull into a fresh clone of the project (mass deletes first would slow the file system down)
mkdir -p "$work/clone/.dvc" && cp .dvc/config "$work/clone/.dvc/" && cp files.dvc "$work/clone/" && cd "$work/clone"
ours=$(seconds capstan data pull)
echo "pull 10,000 files: ${ours}s, $(per_second 10000 "$ours") files/s"
base=$(seconds cp -r "$work/remote" "$work/remote-copy")
echo "baseline cp -r of the remote: ${base}s (a pull writes each file twice: into the cache, then the workspace)"
