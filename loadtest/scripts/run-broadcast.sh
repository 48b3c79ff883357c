#!/usr/bin/env bash
# Runs one broadcast measurement against a fresh local server and stops it again.
#
#   loadtest/scripts/run-broadcast.sh OUT_PREFIX [loadtest broadcast options...]
#
# Starts push-server.jar ($SERVER_JAR, default push-server/target/push-server.jar) on free loopback ports (JVM options from $SERVER_JAVA_OPTS, default
# -Xmx2g; extra server flags from $SERVER_ARGS), waits for /readyz, runs the generator with
# --server-pid so both processes' CPU use is reported, writes OUT_PREFIX.json, OUT_PREFIX.hgrm and
# OUT_PREFIX.log, then stops the server (by its PID) and exits with the generator's status.
set -euo pipefail

root=$(cd "$(dirname "$0")/../.." && pwd)
out=${1:?usage: run-broadcast.sh OUT_PREFIX [broadcast options...]}
shift
secret=${ROLLCALL_JWT_SECRET:-loadtest-secret-0123456789abcdef0123456789}

free_port() {
  python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'
}
port=$(free_port)
admin=$(free_port)

# shellcheck disable=SC2086
java ${SERVER_JAVA_OPTS:--Xmx2g} -jar "${SERVER_JAR:-$root/push-server/target/push-server.jar}" --host 127.0.0.1 --admin-host 127.0.0.1 \
  --port "$port" --admin-port "$admin" --jwt-secret "$secret" ${SERVER_ARGS:-} > "$out.server.log" 2>&1 &
server=$!
trap 'kill "$server" 2>/dev/null || true; wait "$server" 2>/dev/null || true' EXIT

for _ in $(seq 1 100); do
  if curl -fs "http://127.0.0.1:$admin/readyz" > /dev/null 2>&1; then break; fi
  if ! kill -0 "$server" 2>/dev/null; then echo "server exited; see $out.server.log" >&2; exit 3; fi
  sleep 0.1
done

status=0
# shellcheck disable=SC2086
ROLLCALL_JWT_SECRET=$secret java ${LOADTEST_JAVA_OPTS:--Xmx1g} -jar "$root/loadtest/target/loadtest.jar" broadcast \
  --url "ws://127.0.0.1:$port/ws" --server-pid "$server" --json-out "$out.json" --hgrm-out "$out.hgrm" "$@" \
  | tee "$out.log" || status=$?
exit "$status"
