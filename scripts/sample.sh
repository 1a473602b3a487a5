#!/usr/bin/env bash
# Builds tonbo4j and runs one of the samples in samples/src/main/java/org/tonbo4j/samples:
#   scripts/sample.sh QuickStartSample [args]
#   scripts/sample.sh                          # lists the samples
# (QuickStartSample, DynamicSchemaSample, TransactionsSample, S3Sample, H2Sample, SqliteJdbcSample,
# ShadowTablesSample). The SQLite samples need gcc, make and libsqlite3-dev to build the extension.
set -euo pipefail
cd "$(dirname "$0")/.."
if [ $# -eq 0 ]; then
  echo "usage: scripts/sample.sh NAME [args]; samples:"
  ls samples/src/main/java/org/tonbo4j/samples/*Sample.java | xargs -n1 basename | sed 's/\.java$//; s/^/  /'
  exit 2
fi
name="$1"
shift
# package (not install): modules come from this tree; the class path is copied to samples/target/lib
mvn -B -q -Dstyle.color=never package -DskipTests -pl samples -am
exec java -cp "samples/target/classes:samples/target/lib/*" "org.tonbo4j.samples.$name" "$@"
