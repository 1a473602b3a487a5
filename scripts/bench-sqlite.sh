#!/usr/bin/env bash
# Builds tonbo4j and runs the SQLite benchmark: a tonbo virtual table against a native SQLite
# table with the same rows in one sqlite-jdbc connection (bulk INSERT ... SELECT, aggregate scan,
# point lookups, GROUP BY, bytes on disk); prints a results table with the ratios.
#   scripts/bench-sqlite.sh [rows]      (default 500000)
set -euo pipefail
cd "$(dirname "$0")/.."
mvn -B -q package -DskipTests -pl bench -am
: "${BENCH_JAVA_OPTS:=-Xms2g -Xmx2g -XX:+UseParallelGC}"
# shellcheck disable=SC2086 # BENCH_JAVA_OPTS is a list of flags
exec java $BENCH_JAVA_OPTS -cp "bench/target/classes:bench/target/lib/*" org.tonbo4j.bench.SqliteBench "$@"
