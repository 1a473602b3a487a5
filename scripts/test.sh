#!/usr/bin/env bash
# Runs the whole test suite of every module. Knobs (system properties, passed through):
#   -Dtonbo.test.ops=N       operations of the model-based randomized test (default 200000)
#   -Dtonbo.test.crashes=N   crash points of the crash-recovery test (default 150)
#   -Dtonbo.test.queries=N   random queries of the SQLite differential test (default 300)
#   -Dtonbo.test.seed=S      replay a randomized test with a printed seed
# The SQLite bridge needs gcc, make, the sqlite3 shell, its headers and python3 (Debian packages
# gcc make sqlite3 libsqlite3-dev python3): when one is missing and this runs as root with
# apt-get, they are installed first.
set -euo pipefail
cd "$(dirname "$0")/.."
missing=()
command -v gcc >/dev/null 2>&1 || missing+=(gcc)
command -v make >/dev/null 2>&1 || missing+=(make)
command -v sqlite3 >/dev/null 2>&1 || missing+=(sqlite3)
[ -f /usr/include/sqlite3ext.h ] || missing+=(libsqlite3-dev)
[ -x /usr/bin/python3 ] || missing+=(python3)
if [ ${#missing[@]} -gt 0 ]; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    echo "scripts/test.sh: installing ${missing[*]}"
    apt-get update -q && DEBIAN_FRONTEND=noninteractive apt-get install -y -q "${missing[@]}"
  else
    echo "scripts/test.sh: missing ${missing[*]}; install them (Debian: sudo apt-get install -y ${missing[*]})" >&2
    exit 1
  fi
fi
exec mvn -B verify "$@"
