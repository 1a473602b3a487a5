#!/usr/bin/env bash
# Builds tonbo4j and runs the engine benchmark: tonbo4j against RocksDB (rocksdbjni) on the same
# 1,000,000-row table, side by side in one JVM; prints a results table with the ratios.
# Arguments go to org.tonbo4j.bench.EngineBench (--help lists them), e.g.
#   scripts/bench-engine.sh
#   scripts/bench-engine.sh --rows=200000 --reps=1 --workloads=ingest,get
#   scripts/bench-engine.sh --engines=tonbo --reps=1 --profile=target/profiles   # JFR profile per phase
# JVM flags: BENCH_JAVA_OPTS (default: 4 GiB fixed heap, DebugNonSafepoints for accurate profiles).
set -euo pipefail
cd "$(dirname "$0")/.."
mvn -B -q install -DskipTests -pl bench -am
: "${BENCH_JAVA_OPTS:=-Xms4g -Xmx4g -XX:+UnlockDiagnosticVMOptions -XX:+DebugNonSafepoints}"
# shellcheck disable=SC2086 # BENCH_JAVA_OPTS is a list of flags
exec java $BENCH_JAVA_OPTS -cp "bench/target/classes:bench/target/lib/*" org.tonbo4j.bench.EngineBench "$@"
