#!/usr/bin/env bash
# Runs Tandem's JMH benchmarks and draws the chart.
#
#   benchmark/run.sh quick [Benchmark regexp]   one fork, short iterations: checks a change, < 3 min
#   benchmark/run.sh full  [Benchmark regexp]   the settings behind the README table: 3 forks per case, ~50 min
#
# Both run JMH with its GC profiler (-prof gc: B/op, stable where times are not) and then
# PlanCacheFootprint (the plan cache's retained heap; up to 100,000 statements in quick, 1,000,000 in full).
# Results go to benchmark/results/<mode>.json (JMH's JSON) and <mode>-plan-cache.json, the charts to
# benchmark/results/<mode>.svg, <mode>-scaling.svg and <mode>-plan-cache.svg, and the summary of the
# targets (met or missed, with the numbers) to benchmark/results/<mode>-summary.md.
# PostgresDualWriteBenchmark and PostgresPeerBenchmark need a PostgreSQL server (TANDEM_BENCH_POSTGRES_URL, default
# jdbc:postgresql://127.0.0.1:5432/test?user=postgres); without one they are skipped with a message.
set -euo pipefail
cd "$(dirname "$0")/.."
mode="${1:-quick}"
filter="${2:-}"
mkdir -p benchmark/results

./mvnw -q -B -pl benchmark -am package -DskipTests
jar=benchmark/target/benchmarks.jar

pg_url="${TANDEM_BENCH_POSTGRES_URL:-jdbc:postgresql://127.0.0.1:5432/test?user=postgres}"
exclude=()
if ! java -cp "$jar" dev.tandem.benchmark.PostgresProbe "$pg_url"; then
  echo "PostgresDualWriteBenchmark and PostgresPeerBenchmark skipped: no PostgreSQL server answers at $pg_url" >&2
  exclude=(-e PostgresDualWriteBenchmark -e PostgresPeerBenchmark)
fi

case "$mode" in
  quick)
    # DriverOverhead: 6 drivers x 4 benchmarks x ~4 s; ColdRewrite: 6 x ~4 s; Postgres: 9 x ~4 s; PostgresPeer: 8 x ~4 s.
    settings=(-f 1 -wi 2 -w 1s -i 2 -r 1s)
    default_filter='DriverOverheadBenchmark.(selectPrepared|insertPrepared)|ColdRewriteBenchmark|PostgresDualWriteBenchmark.(insertRow|updateRow)|PostgresPeerBenchmark'
    statements=100000
    ;;
  full)
    # 3 forks x (2 x 2 s warm-up + 4 x 2 s measured) for each of the 72 cases: about 50 minutes. JMH's own
    # default (5 x 10 s each) would take over 4 hours; the ratios use the forks' spread, not longer iterations.
    settings=(-f 3 -wi 2 -w 2s -i 4 -r 2s)
    default_filter='.*'
    statements=1000000
    ;;
  *)
    echo "usage: benchmark/run.sh quick|full [benchmark regexp]" >&2
    exit 2
    ;;
esac

java -jar "$jar" "${filter:-$default_filter}" "${settings[@]}" "${exclude[@]}" -prof gc \
  -rf json -rff "benchmark/results/$mode.json"
out=benchmark/results/$mode
java -cp "$jar" dev.tandem.benchmark.PlanCacheFootprint "$out-plan-cache.json" "$statements"
python3 benchmark/chart.py "$out.json" "$out.svg" "$out-plan-cache.json"
python3 benchmark/summary.py "$out.json" "$out-summary.md" "$out-plan-cache.json"
echo "charts: $out.svg $out-scaling.svg $out-plan-cache.svg; summary: $out-summary.md"
