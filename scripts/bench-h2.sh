#!/usr/bin/env bash
# Builds tonbo4j and runs the H2 benchmark: H2 with ENGINE "tonbo" tables against H2's own
# MVStore tables on the same lineitem-shaped table, side by side in one JVM; prints the ratios.
# Arguments go to org.tonbo4j.bench.H2Bench, e.g.
#   scripts/bench-h2.sh
#   scripts/bench-h2.sh --rows=200000 --reps=1
# JVM flags: BENCH_JAVA_OPTS (default: 4 GiB fixed heap).
set -euo pipefail
cd "$(dirname "$0")/.."
# package, not install: the shared ~/.m2 must not receive this tree's snapshots (bench copies its libs to bench/target/lib)
mvn -B -q package -DskipTests -pl bench -am
: "${BENCH_JAVA_OPTS:=-Xms4g -Xmx4g}"
# shellcheck disable=SC2086 # BENCH_JAVA_OPTS is a list of flags
exec java $BENCH_JAVA_OPTS -cp "bench/target/classes:bench/target/lib/*" org.tonbo4j.bench.H2Bench "$@"
