#!/usr/bin/env bash
# Renders docs/images/dashboard.png from a real run: the starter's demo application (DashboardDemo)
# exposes /actuator/prometheus, Debian's Prometheus scrapes it every 5 s, and headless Chromium draws
# the panels of dashboards/grafana-tandem.json from the same queries (Grafana is not packaged here).
# Needs: prometheus and chromium (apt-get install prometheus chromium). Takes MINUTES (default 6).
set -euo pipefail
cd "$(dirname "$0")/../.."
MINUTES="${MINUTES:-6}"
work="$(mktemp -d)"
trap 'kill $(jobs -p) 2>/dev/null || true; rm -rf "$work"' EXIT

./mvnw -q -B -pl spring-boot-starter -am install -DskipTests
./mvnw -q -B -pl spring-boot-starter test-compile dependency:build-classpath \
  -Dmdep.outputFile="$work/cp.txt" -Dmdep.includeScope=test
# Boot 4's health module is on the starter's class path for compiling only (the tests leave it out too).
cp="$(tr ':' '\n' < "$work/cp.txt" | grep -v '/spring-boot-health/' | paste -sd:)"
java -cp "spring-boot-starter/target/test-classes:spring-boot-starter/target/classes:$cp" \
  dev.tandem.spring.boot.DashboardDemo > "$work/app.log" 2>&1 &

cat > "$work/prometheus.yml" <<YAML
global:
  scrape_interval: 5s
rule_files:
  - $(pwd)/dashboards/prometheus-alerts.yaml
scrape_configs:
  - job_name: tandem-demo
    metrics_path: /actuator/prometheus
    static_configs:
      - targets: ["127.0.0.1:18080"]
YAML
prometheus --config.file="$work/prometheus.yml" --storage.tsdb.path="$work/data" \
  --web.listen-address=127.0.0.1:19090 > "$work/prometheus.log" 2>&1 &
python3 dashboards/render/proxy.py 18099 http://127.0.0.1:19090 &

echo "collecting for $MINUTES minutes…"
sleep $((MINUTES * 60))
mkdir -p docs/images
chromium --headless --no-sandbox --disable-gpu --disable-quic --no-first-run --disable-background-networking \
  --disable-component-update --disable-sync --user-data-dir="$work/chrome" --hide-scrollbars \
  --window-size=1320,900 --virtual-time-budget=10000 --screenshot="$(pwd)/docs/images/dashboard.png" \
  http://127.0.0.1:18099/render/panels.html
curl -s 'http://127.0.0.1:19090/api/v1/alerts' > docs/images/dashboard-alerts.json
echo "wrote docs/images/dashboard.png"
