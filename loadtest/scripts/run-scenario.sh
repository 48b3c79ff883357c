#!/usr/bin/env bash
# Runs one load-test scenario and keeps its reports.
#
#   loadtest/scripts/run-scenario.sh SCENARIO OUT_DIR [loadtest options...]
#
# SCENARIO is broadcast, rooms, connect-storm, idle, churn or poll. Builds the jars if they are
# missing. Without --url among the options it starts a fresh push-server.jar on free loopback
# ports (JVM options from $SERVER_JAVA_OPTS, default -Xmx2g; extra server flags from $SERVER_ARGS),
# waits for /readyz, passes --url and --server-pid (so the server's CPU and RSS are reported) and
# stops it by its PID afterwards. With --url (e.g. a local cluster or a load balancer) it only runs
# the generator; pass --server-pid yourself to watch a process. Writes OUT_DIR/result.json,
# latency.hgrm, report.html, run.log (and server.log); exits with the generator's status.
set -euo pipefail

root=$(cd "$(dirname "$0")/../.." && pwd)
scenario=${1:?usage: run-scenario.sh SCENARIO OUT_DIR [options...]}
out=${2:?usage: run-scenario.sh SCENARIO OUT_DIR [options...]}
shift 2
mkdir -p "$out"
export ROLLCALL_JWT_SECRET=${ROLLCALL_JWT_SECRET:-loadtest-secret-0123456789abcdef0123456789}
server_jar=${SERVER_JAR:-$root/push-server/target/push-server.jar}

if [[ ! -f "$root/loadtest/target/loadtest.jar" || ! -f "$server_jar" ]]; then
  (cd "$root" && ./mvnw -B -q -o -DskipTests package -pl loadtest -am)
fi

target=()
case " $* " in
  *" --url "* | *" --url="* | *" --http "*) ;;
  *)
    free_port() {
      python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'
    }
    port=$(free_port)
    admin=$(free_port)
    # shellcheck disable=SC2086
    java ${SERVER_JAVA_OPTS:--Xmx2g} -jar "$server_jar" --host 127.0.0.1 --admin-host 127.0.0.1 \
      --port "$port" --admin-port "$admin" --jwt-secret "$ROLLCALL_JWT_SECRET" ${SERVER_ARGS:-} > "$out/server.log" 2>&1 &
    server=$!
    trap 'kill "$server" 2>/dev/null || true; wait "$server" 2>/dev/null || true' EXIT
    for _ in $(seq 1 100); do
      if curl -fs "http://127.0.0.1:$admin/readyz" > /dev/null 2>&1; then break; fi
      if ! kill -0 "$server" 2>/dev/null; then echo "server exited; see $out/server.log" >&2; exit 3; fi
      sleep 0.1
    done
    target=(--url "ws://127.0.0.1:$port/ws" --server-pid "$server")
    ;;
esac

status=0
# shellcheck disable=SC2086
java ${LOADTEST_JAVA_OPTS:--Xmx1g} -jar "$root/loadtest/target/loadtest.jar" "$scenario" "${target[@]}" --report-dir "$out" "$@" \
  | tee "$out/run.log" || status=$?
exit "$status"
