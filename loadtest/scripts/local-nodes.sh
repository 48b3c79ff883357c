# Sourced by the scripts that start their own Redis and push-server nodes on free loopback ports.
# Defines root and server_jar (builds the jars when missing), start_redis (sets redis_port and
# redis_url), start_node NAME [server flags...] (sets node_url host:port and node_pid) and stops
# everything it started, by PID, when the script exits.
# Node JVM options: $SERVER_JAVA_OPTS (default -Xmx1g plus the image's memory flags,
# docs/operations.md); extra server flags: $SERVER_ARGS. Logs go to $out/redis.log and $out/NAME.log.

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
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
stop_started() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${pids[@]}"; do wait "$pid" 2>/dev/null || true; done
}
trap stop_started EXIT

start_redis() {
  redis_port=$(free_port)
  redis_url="redis://127.0.0.1:$redis_port"
  redis-server --port "$redis_port" --bind 127.0.0.1 --save '' --appendonly no --dir "$out" > "$out/redis.log" 2>&1 &
  pids+=($!)
  for _ in $(seq 1 50); do redis-cli -p "$redis_port" ping > /dev/null 2>&1 && break; sleep 0.1; done
}

start_node() {
  local name=$1 port admin
  shift
  port=$(free_port)
  admin=$(free_port)
  # shellcheck disable=SC2086
  java ${SERVER_JAVA_OPTS:--Xmx1g -Xmn32m -XX:G1PeriodicGCInterval=60000 -XX:MinHeapFreeRatio=10 -XX:MaxHeapFreeRatio=30} \
    -jar "$server_jar" --host 127.0.0.1 --admin-host 127.0.0.1 --port "$port" --admin-port "$admin" \
    --jwt-secret "$ROLLCALL_JWT_SECRET" --node-id "$name" "$@" ${SERVER_ARGS:-} > "$out/$name.log" 2>&1 &
  node_pid=$!
  pids+=("$node_pid")
  for _ in $(seq 1 100); do
    curl -fs "http://127.0.0.1:$admin/readyz" > /dev/null 2>&1 && break
    kill -0 "$node_pid" 2>/dev/null || { echo "node $name exited; see $out/$name.log" >&2; exit 3; }
    sleep 0.1
  done
  node_url="127.0.0.1:$port"
}
