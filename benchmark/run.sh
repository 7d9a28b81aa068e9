#!/usr/bin/env bash
# Runs Tandem's JMH benchmarks and draws the chart.
#
#   benchmark/run.sh quick [Benchmark regexp]   one fork, short iterations: checks a change, < 3 min
#   benchmark/run.sh full  [Benchmark regexp]   the settings behind the README table
#
# Results go to benchmark/results/<mode>.json (JMH's JSON), the chart to benchmark/results/<mode>.svg.
# PostgresDualWriteBenchmark needs a PostgreSQL server (TANDEM_BENCH_POSTGRES_URL, default
# jdbc:postgresql://127.0.0.1:5432/test?user=postgres); without one it is skipped with a message.
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
  echo "PostgresDualWriteBenchmark skipped: no PostgreSQL server answers at $pg_url" >&2
  exclude=(-e PostgresDualWriteBenchmark)
fi

case "$mode" in
  quick)
    # DriverOverhead: 6 drivers x 4 benchmarks x ~4 s; ColdRewrite: 6 x ~4 s; Postgres: 9 x ~4 s.
    settings=(-f 1 -wi 2 -w 1s -i 2 -r 1s)
    default_filter='DriverOverheadBenchmark.(selectPrepared|insertPrepared)|ColdRewriteBenchmark|PostgresDualWriteBenchmark.(insertRow|updateRow)'
    ;;
  full)
    settings=()
    default_filter='.*'
    ;;
  *)
    echo "usage: benchmark/run.sh quick|full [benchmark regexp]" >&2
    exit 2
    ;;
esac

java -jar "$jar" "${filter:-$default_filter}" "${settings[@]}" "${exclude[@]}" \
  -rf json -rff "benchmark/results/$mode.json"
python3 benchmark/chart.py "benchmark/results/$mode.json" "benchmark/results/$mode.svg"
echo "chart: benchmark/results/$mode.svg"
