#!/usr/bin/env bash
# Data versioning benchmarks, each side by side with its baseline in the same run (see BENCHMARKS.md):
#   add of a 1 GiB file            vs  md5sum of it                       (goal <= 1.15x)
#   add of 100,000 small files     vs  find | xargs -P2 md5sum            (goal <= 2x)
#   status on them, nothing changed, wall time including JVM start       (goal < 1 s)
#   push and pull of 10,000 files to a local remote                      (files/s)
# Needs the CLI distribution: ./capstan --version (or mvn -B -q -o -pl capstan-cli -am package -DskipTests).
# Usage: capstan-bench/data.sh [WORK_DIR]   (default /tmp/capstan-data-bench; needs ~3 GiB free)
set -euo pipefail
here="$(cd "$(dirname "$0")/.." && pwd)"
work="${1:-/tmp/capstan-data-bench}"
jar="$(ls "$here"/capstan-cli/target/capstan-cli-*.jar | head -1)"
capstan() { java ${JAVA_OPTS:-} -cp "$jar:$here/capstan-cli/target/lib/*" dev.capstan.cli.CapstanCli "$@"; }
seconds() { local start end; start=$(date +%s.%N); "$@" >/dev/null; end=$(date +%s.%N); awk "BEGIN{printf \"%.2f\", $end - $start}"; }
ratio() { awk "BEGIN{printf \"%.2f\", $1 / $2}"; }
per_second() { awk "BEGIN{printf \"%d\", $1 / $2}"; }

rm -rf "$work" && mkdir -p "$work" && cd "$work"
echo "machine: $(nproc) cores, $(grep MemTotal /proc/meminfo | awk '{print int($2/1048576)}') GiB, $(java -version 2>&1 | head -1)"

# 1. one 1 GiB file (page cache warmed by a first md5sum, so both read from memory)
mkdir big && cd big && capstan init --no-scm >/dev/null
head -c 1073741824 /dev/urandom > big.bin
md5sum big.bin >/dev/null
base=$(seconds md5sum big.bin)
ours=$(seconds capstan data add big.bin)
echo "add 1 GiB file: capstan ${ours}s, md5sum ${base}s, ratio $(ratio "$ours" "$base")"
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
ours=$(seconds capstan data add files)
echo "add 100,000 files: capstan ${ours}s, find|xargs -P2 md5sum ${base}s, ratio $(ratio "$ours" "$base")"
ours=$(seconds capstan data status)
echo "status 100,000 unchanged files: ${ours}s (including JVM start)"
cd "$work"

# 3. push and pull of 10,000 files to a local remote
mkdir transfer && cd transfer && capstan init --no-scm >/dev/null
mkdir files && cp -r ../small/files/d00[0-9] files/
capstan data add files >/dev/null
capstan remote add -d store "$work/remote" >/dev/null
ours=$(seconds capstan data push)
echo "push 10,000 files: ${ours}s, $(per_second 10000 "$ours") files/s"
rm -rf .dvc/cache files
ours=$(seconds capstan data pull)
echo "pull 10,000 files: ${ours}s, $(per_second 10000 "$ours") files/s"
base=$(seconds cp -r "$work/remote" "$work/remote-copy")
echo "baseline cp -r of the remote: ${base}s"
