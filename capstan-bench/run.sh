#!/usr/bin/env bash
# Runs one load benchmark of capstan-bench against the jar and target/lib built by
#   mvn -B -q -o -pl capstan-bench package        (after core and server are installed)
# Usage: capstan-bench/run.sh LogBatchThroughput|SearchRunsLatency|LogBatchPhases [--name=value ...]
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
name="${1:?usage: $0 LogBatchThroughput|SearchRunsLatency|LogBatchPhases [--name=value ...]}"
shift
jar="$here/target/capstan-bench-0.1.0-SNAPSHOT.jar"
if [[ ! -f "$jar" || ! -d "$here/target/lib" ]]; then
  echo "$jar or target/lib is missing: run 'mvn -B -q -o -pl capstan-bench package' in the repository root first" >&2
  exit 1
fi
exec java ${JAVA_OPTS:-} -cp "$jar:$here/target/lib/*" "dev.capstan.bench.$name" "$@"
