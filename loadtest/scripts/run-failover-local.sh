#!/usr/bin/env bash
# Runs the failover scenario against two local nodes sharing one Redis, and kills one of them.
#
#   loadtest/scripts/run-failover-local.sh OUT_DIR [loadtest failover options...]
#
# Starts redis-server (Debian package) and two push-server.jar nodes on free loopback ports, runs
# `loadtest failover --url node1,node2 --kill-pid <node1>` (default --kill-signal term: a graceful
# drain; pass --kill-signal kill for a crash) with --report-dir OUT_DIR, then stops what it started
# by PID. For the project's local cluster script, run the failover scenario directly with its URLs
# and a node's PID (or drain URL) instead.
set -euo pipefail

root=$(cd "$(dirname "$0")/../.." && pwd)
out=${1:?usage: run-failover-local.sh OUT_DIR [options...]}
shift
mkdir -p "$out"
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
redis-server --port "$redis_port" --bind 127.0.0.1 --save '' --appendonly no --dir "$out" > "$out/redis.log" 2>&1 &
pids+=($!)
for _ in $(seq 1 50); do redis-cli -p "$redis_port" ping > /dev/null 2>&1 && break; sleep 0.1; done

urls=()
node_pids=()
for node in 1 2; do
  port=$(free_port)
  admin=$(free_port)
  # shellcheck disable=SC2086
  java ${SERVER_JAVA_OPTS:--Xmx1g -Xmn32m -XX:G1PeriodicGCInterval=60000 -XX:MinHeapFreeRatio=10 -XX:MaxHeapFreeRatio=30} -jar "$server_jar" --host 127.0.0.1 --admin-host 127.0.0.1 --port "$port" \
    --admin-port "$admin" --jwt-secret "$ROLLCALL_JWT_SECRET" --redis "redis://127.0.0.1:$redis_port" --node-id "node-$node" \
    ${SERVER_ARGS:-} > "$out/node-$node.log" 2>&1 &
  pids+=($!)
  node_pids+=($!)
  for _ in $(seq 1 100); do
    curl -fs "http://127.0.0.1:$admin/readyz" > /dev/null 2>&1 && break
    kill -0 "${node_pids[-1]}" 2>/dev/null || { echo "node $node exited; see $out/node-$node.log" >&2; exit 3; }
    sleep 0.1
  done
  urls+=("ws://127.0.0.1:$port/ws")
done

status=0
# Publish through node 2, which stays up.
publish_host=${urls[1]#ws://}
# shellcheck disable=SC2086
java ${LOADTEST_JAVA_OPTS:--Xmx1g} -jar "$root/loadtest/target/loadtest.jar" failover --url "${urls[0]},${urls[1]}" \
  --http "http://${publish_host%/ws}" --kill-pid "${node_pids[0]}" --report-dir "$out" "$@" | tee "$out/run.log" || status=$?
exit "$status"
