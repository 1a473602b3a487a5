#!/usr/bin/env sh
# Builds libsqlite_tonbo.so into $1 (default ../../../target/native); run by the Maven build.
# Fails with the packages to install when gcc, make or sqlite3ext.h are missing.
set -eu
cd "$(dirname "$0")"
out="${1:-../../../target/native}"
missing=""
command -v gcc >/dev/null 2>&1 || missing="$missing gcc"
command -v make >/dev/null 2>&1 || missing="$missing make"
[ -f /usr/include/sqlite3ext.h ] || echo '#include <sqlite3ext.h>' | gcc -E - >/dev/null 2>&1 || missing="$missing libsqlite3-dev"
if [ -n "$missing" ]; then
  echo "tonbo-sqlite: cannot build the SQLite extension: missing$missing" >&2
  echo "  install on Debian/Ubuntu: sudo apt-get install -y$missing (scripts/test.sh does this when run as root)" >&2
  exit 1
fi
exec make -s OUT="$out"
