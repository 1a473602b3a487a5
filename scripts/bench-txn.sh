#!/usr/bin/env bash
# Builds tonbo4j and runs the transaction benchmark: transfers in optimistic transactions,
# tonbo4j against RocksDB's OptimisticTransactionDB, low and high contention, in one JVM.
# Arguments go to org.tonbo4j.bench.TxnBench: [--threads=4] [--seconds=5] [--reps=3].
set -euo pipefail
cd "$(dirname "$0")/.."
mvn -B -q install -DskipTests -pl bench -am
: "${BENCH_JAVA_OPTS:=-Xms2g -Xmx2g}"
# shellcheck disable=SC2086 # BENCH_JAVA_OPTS is a list of flags
exec java $BENCH_JAVA_OPTS -cp "bench/target/classes:bench/target/lib/*" org.tonbo4j.bench.TxnBench "$@"
