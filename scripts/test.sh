#!/usr/bin/env bash
# Runs the whole test suite of every module. Knobs (system properties, passed through):
#   -Dtonbo.test.ops=N       operations of the model-based randomized test (default 200000)
#   -Dtonbo.test.crashes=N   crash points of the crash-recovery test (default 150)
#   -Dtonbo.test.seed=S      replay a randomized test with a printed seed
set -euo pipefail
cd "$(dirname "$0")/.."
exec mvn -B verify "$@"
