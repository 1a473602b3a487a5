#!/usr/bin/env bash
# Builds tonbo4j and runs the demo: ingest 1,000,000 rows into a local table, read them back,
# print timings and the Parquet files written. Arguments are passed to the demo:
#   scripts/demo.sh [directory] [rows]
set -euo pipefail
cd "$(dirname "$0")/.."
mvn -B -q install -DskipTests -pl samples -am
exec mvn -B -q -f samples/pom.xml exec:java -Dexec.args="$*"
