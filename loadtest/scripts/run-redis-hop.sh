#!/usr/bin/env bash
# Measures what the Redis hop adds to delivery latency: one node with the embedded broker against
# two nodes sharing a Redis, clients on one node and publishes arriving at the other.
#
#   loadtest/scripts/run-redis-hop.sh OUT_DIR [loadtest broadcast options...]
#   e.g. HOP_RUNS=3 loadtest/scripts/run-redis-hop.sh /tmp/hop --clients 1000 --rate 20 --warmup 5s --duration 20s --connect-rate 3000
#
# Starts redis-server (free loopback port, --save '') and three push-server.jar nodes: E (embedded
# broker), A and B (both --redis). Then, after HOP_WARMUP_RUNS rounds (default 1) that warm every
# JVM's JIT up and are not counted, HOP_RUNS times (default 1), interleaved so the machine's load
# hits each mode alike, runs `loadtest broadcast`:
#   embedded    clients and HTTP publishes on E
#   redis-http  clients on B, HTTP publishes to A (A's FCALL, Redis, B's subscription)
#   redis-fcall clients on B, publishes FCALLed straight into Redis (--publish-via redis)
# Each run writes OUT_DIR/<mode>-<n>/ (result.json, report.html, run.log; warm-up rounds
# <mode>-warm<n>/) and uses its own event.
# Prints each run's delivery and publish p50, then the medians per mode and what Redis adds.
# Everything it starts is stopped by PID at exit. Exits 1 if any run failed its checks.
set -euo pipefail

out=${1:?usage: run-redis-hop.sh OUT_DIR [loadtest broadcast options...]}
shift
mkdir -p "$out"
runs=${HOP_RUNS:-1}
warmups=${HOP_WARMUP_RUNS:-1}
# shellcheck source=local-nodes.sh
source "$(dirname "$0")/local-nodes.sh"

start_redis
start_node node-E
embedded_url=$node_url embedded_pid=$node_pid
start_node node-A --redis "$redis_url"
a_url=$node_url
start_node node-B --redis "$redis_url"
b_url=$node_url b_pid=$node_pid

status=0
# run MODE N [loadtest options...]
run() {
  local mode=$1 n=$2
  shift 2
  local dir="$out/$mode-$n"
  mkdir -p "$dir"
  echo "== $mode run $n"
  # shellcheck disable=SC2086
  java ${LOADTEST_JAVA_OPTS:--Xmx1g} -jar "$root/loadtest/target/loadtest.jar" broadcast --event "hop-$mode-$n" \
    --report-dir "$dir" "$@" > "$dir/run.log" 2>&1 || {
    [[ $n == warm* ]] || status=1
    echo "   FAILED: see $dir/run.log"
  }
}
rounds=()
for n in $(seq 1 "$warmups"); do rounds+=("warm$n"); done
for n in $(seq 1 "$runs"); do rounds+=("$n"); done
for n in "${rounds[@]}"; do
  run embedded "$n" --url "ws://$embedded_url/ws" --server-pid "$embedded_pid" "$@"
  run redis-http "$n" --url "ws://$b_url/ws" --http "http://$a_url" --server-pid "$b_pid" "$@"
  run redis-fcall "$n" --url "ws://$b_url/ws" --publish-via redis --redis "$redis_url" --server-pid "$b_pid" "$@"
done

python3 - "$out" "$runs" <<'EOF'
import json, os, statistics, sys
out, runs = sys.argv[1], int(sys.argv[2])
modes = ["embedded", "redis-http", "redis-fcall"]
p50 = {m: [] for m in modes}
pub = {m: [] for m in modes}
print(f"{'run':<16}{'delivery p50':>14}{'p99':>12}{'publish p50':>14}  passed")
for n in range(1, runs + 1):
    for m in modes:
        path = os.path.join(out, f"{m}-{n}", "result.json")
        if not os.path.exists(path):
            print(f"{m}-{n:<5} no result.json")
            continue
        r = json.load(open(path))
        p50[m].append(r["latencyMs"]["p50"])
        pub[m].append(r["publish"]["latencyMs"]["p50"])
        print(f"{m + '-' + str(n):<16}{r['latencyMs']['p50']:>11.2f} ms{r['latencyMs']['p99']:>9.2f} ms"
              f"{r['publish']['latencyMs']['p50']:>11.2f} ms  {r['passed']}")
print()
med = {m: statistics.median(v) for m, v in p50.items() if v}
pmed = {m: statistics.median(v) for m, v in pub.items() if v}
for m in modes:
    if m in med:
        print(f"median {m:<12} delivery p50 {med[m]:6.2f} ms   publish p50 {pmed[m]:6.2f} ms   ({len(p50[m])} runs)")
if "embedded" in med:
    for m in ("redis-http", "redis-fcall"):
        if m in med:
            print(f"added by Redis ({m} - embedded): delivery p50 {med[m] - med['embedded']:+.2f} ms")
EOF
exit "$status"
