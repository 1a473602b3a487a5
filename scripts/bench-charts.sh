#!/usr/bin/env bash
# Turns the benchmark results in docs/bench/data/*.csv into SVG bar charts of tonbo's advantage
# over its peer, docs/bench/charts/*.svg (org.tonbo4j.bench.chart.RatioChart, plain Java).
# The CSVs come from the benchmarks' --csv option (see docs/bench/README.md).
set -euo pipefail
cd "$(dirname "$0")/.."
mvn -B -q -Dstyle.color=never compile -pl bench -am
exec java -cp bench/target/classes org.tonbo4j.bench.chart.RatioChart docs/bench/charts docs/bench/data/*.csv
