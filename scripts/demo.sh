#!/usr/bin/env bash
# The main job: builds tonbo4j, then loads a lineitem-shaped data set (2,000,000 rows by default,
# fixed seed) into tonbo tables beside native tables in H2 and in SQLite, runs the same analytical
# queries on all of them, checks the answers agree, prints times and bytes on disk side by side,
# lists the Parquet files and queries them with DuckDB. Everything stays in ./demo_data.
#   scripts/demo.sh                          # the default run (about 3–4 minutes on 2 cores, after the build)
#   scripts/demo.sh --rows=200000 --reps=1   # quicker
#   scripts/demo.sh --engine-only            # the engine alone: ingest, scans and lookups on one table
# Options: --rows=N --dir=DIR --reps=N --lookups=N --ranges=N --csv=FILE --engine-only.
# The SQLite part builds a small C extension: it needs gcc, make and the SQLite headers (Debian:
# gcc make libsqlite3-dev); when missing and this runs as root with apt-get, they are installed.
# JVM flags: DEMO_JAVA_OPTS (default -Xmx3g -XX:+UseParallelGC).
set -euo pipefail
cd "$(dirname "$0")/.."
missing=()
command -v gcc >/dev/null 2>&1 || missing+=(gcc)
command -v make >/dev/null 2>&1 || missing+=(make)
[ -f /usr/include/sqlite3ext.h ] || missing+=(libsqlite3-dev)
if [ ${#missing[@]} -gt 0 ]; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    echo "scripts/demo.sh: installing ${missing[*]}"
    apt-get update -q && DEBIAN_FRONTEND=noninteractive apt-get install -y -q "${missing[@]}"
  else
    echo "scripts/demo.sh: missing ${missing[*]}; install them (Debian: sudo apt-get install -y ${missing[*]})" >&2
    exit 1
  fi
fi
# package (not install): the reactor builds every module the samples need from this tree and
# copies the run-time class path to samples/target/lib.
mvn -B -q -Dstyle.color=never package -DskipTests -pl samples -am
: "${DEMO_JAVA_OPTS:=-Xmx3g -XX:+UseParallelGC}"
# shellcheck disable=SC2086 # DEMO_JAVA_OPTS is a list of flags
exec java $DEMO_JAVA_OPTS -cp "samples/target/classes:samples/target/lib/*" org.tonbo4j.samples.demo.MainDemo "$@"
