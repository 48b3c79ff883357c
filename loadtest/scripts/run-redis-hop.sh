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

root=$(cd "$(dirname "$0")/../.." && pwd)
out=${1:?usage: run-redis-hop.sh OUT_DIR [loadtest broadcast options...]}
shift
mkdir -p "$out"
runs=${HOP_RUNS:-1}
warmups=${HOP_WARMUP_RUNS:-1}
export ROLLCALL_JWT_SECRET=${ROLLCALL_JWT_SECRET:-loadtest-secret-0123456789abcdef0123456789}
server_jar=${SERVER_JAR:-$root/push-server/target/push-server.jar}
if [[ ! -f "$root/loadtest/target/loadtest.jar" || ! -f "$server_jar" ]]; then
  (cd "$root" && ./mvnw -B -q -o -DskipTests package -pl loadtest -am)
fi
command -v redis-server > /dev/null || { echo "redis-server is missing: apt-get install redis-server" >&2; exit 3; }

free_port() {
  python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'
}
pids=()
cleanup() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${pids[@]}"; do wait "$pid" 2>/dev/null || true; done
}
trap cleanup EXIT

redis_port=$(free_port)
redis_url="redis://127.0.0.1:$redis_port"
redis-server --port "$redis_port" --bind 127.0.0.1 --save '' --appendonly no --dir "$out" > "$out/redis.log" 2>&1 &
pids+=($!)
for _ in $(seq 1 50); do redis-cli -p "$redis_port" ping > /dev/null 2>&1 && break; sleep 0.1; done

# start_node NAME [server flags...]: sets node_url and node_pid.
start_node() {
  local name=$1 port admin
  shift
  port=$(free_port)
  admin=$(free_port)
  # shellcheck disable=SC2086
  java ${SERVER_JAVA_OPTS:--Xmx1g} -jar "$server_jar" --host 127.0.0.1 --admin-host 127.0.0.1 --port "$port" \
    --admin-port "$admin" --jwt-secret "$ROLLCALL_JWT_SECRET" --node-id "$name" "$@" ${SERVER_ARGS:-} > "$out/node-$name.log" 2>&1 &
  node_pid=$!
  pids+=("$node_pid")
  for _ in $(seq 1 100); do
    curl -fs "http://127.0.0.1:$admin/readyz" > /dev/null 2>&1 && break
    kill -0 "$node_pid" 2>/dev/null || { echo "node $name exited; see $out/node-$name.log" >&2; exit 3; }
    sleep 0.1
  done
  node_url="127.0.0.1:$port"
}
start_node E
embedded_url=$node_url embedded_pid=$node_pid
start_node A --redis "$redis_url"
a_url=$node_url
start_node B --redis "$redis_url"
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
