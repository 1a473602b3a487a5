#!/usr/bin/env bash
# Builds tonbo4j and runs the S3 read benchmark: point gets and a projection scan on a table in
# S3 (s3proxy on loopback, in the benchmark's JVM) against the same table on local disk, cold
# and warm caches, with GET requests and bytes fetched per operation. Arguments go to
# org.tonbo4j.bench.S3Bench, e.g.
#   scripts/bench-s3.sh
#   scripts/bench-s3.sh --rows=1000000 --gets=5000 --block=65536
set -euo pipefail
cd "$(dirname "$0")/.."
# package, not install: the reactor modules are copied to bench/target/lib; nothing goes to ~/.m2.
mvn -B -q package -DskipTests -pl bench -am
: "${BENCH_JAVA_OPTS:=-Xms2g -Xmx2g}"
# shellcheck disable=SC2086 # BENCH_JAVA_OPTS is a list of flags
exec java $BENCH_JAVA_OPTS -cp "bench/target/classes:bench/target/lib/*" org.tonbo4j.bench.S3Bench "$@"
