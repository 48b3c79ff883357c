#!/usr/bin/env bash
# Runs one load-test scenario and keeps its reports.
#
#   loadtest/scripts/run-scenario.sh SCENARIO OUT_DIR [loadtest options...]
#
# SCENARIO is broadcast, rooms, connect-storm, idle, churn or poll. Builds the jars if they are
# missing. Without --url among the options it starts a fresh push-server.jar on free loopback
# ports (JVM options from $SERVER_JAVA_OPTS, default -Xmx2g plus the image's young-generation and
# uncommit flags, docs/operations.md; extra server flags from $SERVER_ARGS),
# waits for /readyz, passes --url and --server-pid (so the server's CPU and RSS are reported) and
# stops it by its PID afterwards ($SERVER_JAR / $LOADTEST_JAR choose other builds, e.g. for A/B runs). With --url (e.g. a local cluster or a load balancer) it only runs
# the generator; pass --server-pid yourself to watch a process. Writes OUT_DIR/result.json,
# latency.hgrm, report.html, run.log (and server.log); exits with the generator's status.
#
# TLS=1 (with a server this script starts; connect-storm, idle and churn): makes a throw-away CA and
# a server certificate for 127.0.0.1/localhost with openssl in OUT_DIR/tls/, starts the server with
# --tls-cert/--tls-key and passes --url wss://... --ca-file OUT_DIR/tls/ca.pem to the generator.
# TLS_GROUPS=x25519,secp256r1 (with TLS=1) passes --tls-groups to both: key exchange without the
# default post-quantum X25519MLKEM768 (docs/security.md); without it both keep BoringSSL's default.
set -euo pipefail

root=$(cd "$(dirname "$0")/../.." && pwd)
scenario=${1:?usage: run-scenario.sh SCENARIO OUT_DIR [options...]}
out=${2:?usage: run-scenario.sh SCENARIO OUT_DIR [options...]}
shift 2
mkdir -p "$out"
export ROLLCALL_JWT_SECRET=${ROLLCALL_JWT_SECRET:-loadtest-secret-0123456789abcdef0123456789}
server_jar=${SERVER_JAR:-$root/push-server/target/push-server.jar}
loadtest_jar=${LOADTEST_JAR:-$root/loadtest/target/loadtest.jar}

if [[ ! -f "$loadtest_jar" || ! -f "$server_jar" ]]; then
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
    scheme=ws
    tls_server=()
    tls_client=()
    if [[ "${TLS:-0}" == 1 ]]; then
      # A throw-away CA and server certificate (P-256, valid 2 days), used for this run only.
      tls="$out/tls"
      mkdir -p "$tls"
      (cd "$tls"
        openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -keyout ca.key -out ca.pem -days 2 \
          -subj "/CN=rollcall loadtest CA" -addext basicConstraints=critical,CA:TRUE -addext keyUsage=critical,keyCertSign
        openssl req -new -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -keyout server.key -out server.csr -subj /CN=localhost
        printf 'subjectAltName=DNS:localhost,IP:127.0.0.1\n' > san.ext
        openssl x509 -req -in server.csr -CA ca.pem -CAkey ca.key -CAcreateserial -out server.pem -days 2 -extfile san.ext
      ) > "$out/tls.log" 2>&1 || { echo "openssl failed; see $out/tls.log" >&2; exit 3; }
      scheme=wss
      tls_server=(--tls-cert "$tls/server.pem" --tls-key "$tls/server.key")
      tls_client=(--ca-file "$tls/ca.pem")
      if [[ -n "${TLS_GROUPS:-}" ]]; then
        tls_server+=(--tls-groups "$TLS_GROUPS")
        tls_client+=(--tls-groups "$TLS_GROUPS")
      fi
    fi
    # shellcheck disable=SC2086
    java ${SERVER_JAVA_OPTS:--Xmx2g -Xmn32m -XX:G1PeriodicGCInterval=60000 -XX:MinHeapFreeRatio=10 -XX:MaxHeapFreeRatio=30} -jar "$server_jar" --host 127.0.0.1 --admin-host 127.0.0.1 \
      --port "$port" --admin-port "$admin" --jwt-secret "$ROLLCALL_JWT_SECRET" "${tls_server[@]}" ${SERVER_ARGS:-} \
      > "$out/server.log" 2>&1 &
    server=$!
    trap 'kill "$server" 2>/dev/null || true; wait "$server" 2>/dev/null || true' EXIT
    for _ in $(seq 1 100); do
      if curl -fs "http://127.0.0.1:$admin/readyz" > /dev/null 2>&1; then break; fi
      if ! kill -0 "$server" 2>/dev/null; then echo "server exited; see $out/server.log" >&2; exit 3; fi
      sleep 0.1
    done
    target=(--url "$scheme://127.0.0.1:$port/ws" --server-pid "$server" "${tls_client[@]}")
    ;;
esac

status=0
# shellcheck disable=SC2086
java ${LOADTEST_JAVA_OPTS:--Xmx1g} -jar "$loadtest_jar" "$scenario" "${target[@]}" --report-dir "$out" "$@" \
  | tee "$out/run.log" || status=$?
exit "$status"
