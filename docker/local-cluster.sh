#!/usr/bin/env bash
# The docker-compose topology on one machine without Docker: redis-server, N push nodes
# (java -jar push-server.jar) and nginx as the L7 load balancer, all on loopback.
#
#   docker/local-cluster.sh [start] [options]   runs in the foreground; Ctrl-C stops everything
#   docker/local-cluster.sh stop [--state-dir DIR]  stops a cluster started elsewhere
#
# Interface (also used by tests and load tests; see docker/README.md): once ready, the state
# directory holds `cluster.env` (shell variables: LB_URL, REDIS_URI, NODES, NODE<i>_PID,
# NODE<i>_PORT, NODE<i>_ADMIN_PORT, NGINX_PID, REDIS_PID) and `pids` (one "<name> <pid>" per line,
# only processes this script started); it prints "cluster ready" last. It stops exactly those
# PIDs: SIGTERM (nodes drain), then SIGKILL after --stop-timeout seconds.
set -euo pipefail

usage() {
  cat <<'EOF'
usage: local-cluster.sh [start] [options] | stop [--state-dir DIR]
  --nodes N            push nodes (default 3)
  --lb-port P          nginx listen port on 127.0.0.1; 0 picks a free one (default 8000)
  --base-port P        node i gets public port P+2i-2 and admin port P+2i-1 (default: free ports)
  --redis URI          use this Redis instead of starting redis-server
  --redis-port P       port of the redis-server started here (default: a free port)
  --jar PATH           push-server jar (default push-server/target/push-server.jar)
  --state-dir DIR      logs, generated nginx.conf, cluster.env, pids (default: a new temp dir)
  --jwt-secret S       shared HS256 secret (default: $ROLLCALL_JWT_SECRET or a demo secret)
  --stop-timeout S     seconds a stop waits after SIGTERM before SIGKILL (default 35)
  environment: JAVA (default java), JAVA_OPTS (default -Xmx512m), any ROLLCALL_* setting for the nodes
EOF
}

here="$(cd "$(dirname "$0")" && pwd)"
root="$(dirname "$here")"
command="start"
if [[ $# -gt 0 && "$1" != --* ]]; then command="$1"; shift; fi

nodes=3
lb_port=8000
base_port=""
redis_uri=""
redis_port=""
jar="$root/push-server/target/push-server.jar"
state_dir=""
secret="${ROLLCALL_JWT_SECRET:-local-cluster-demo-secret-at-least-32-bytes}"
stop_timeout=35
while [[ $# -gt 0 ]]; do
  case "$1" in
    --nodes) nodes="$2" ;;
    --lb-port) lb_port="$2" ;;
    --base-port) base_port="$2" ;;
    --redis) redis_uri="$2" ;;
    --redis-port) redis_port="$2" ;;
    --jar) jar="$2" ;;
    --state-dir) state_dir="$2" ;;
    --jwt-secret) secret="$2" ;;
    --stop-timeout) stop_timeout="$2" ;;
    -h|--help) usage; exit 0 ;;
    *) echo "local-cluster: unknown option $1" >&2; usage >&2; exit 2 ;;
  esac
  [[ $# -ge 2 ]] || { echo "local-cluster: $1 needs a value" >&2; exit 2; }
  shift 2
done

log() { echo "local-cluster: $*" >&2 || true; }

# Stops the PIDs listed in the state dir's pids file, newest first (nginx before nodes before Redis).
stop_listed() {
  local file="$1/pids" pids=() line
  [[ -f "$file" ]] || return 0
  while read -r line; do pids=("${line##* }" "${pids[@]}"); done <"$file"
  for pid in "${pids[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done
  local deadline=$((SECONDS + stop_timeout))
  for pid in "${pids[@]}"; do
    while kill -0 "$pid" 2>/dev/null && ((SECONDS < deadline)); do sleep 0.2; done
    if kill -0 "$pid" 2>/dev/null; then log "pid $pid ignored SIGTERM; killing"; kill -KILL "$pid" 2>/dev/null || true; fi
  done
  rm -f "$file"
}

if [[ "$command" == "stop" ]]; then
  [[ -n "$state_dir" ]] || { log "stop needs --state-dir"; exit 2; }
  stop_listed "$state_dir"
  exit 0
fi
[[ "$command" == "start" ]] || { usage >&2; exit 2; }

[[ "$nodes" =~ ^[1-9][0-9]*$ ]] || { log "--nodes: $nodes (expected: a positive integer)"; exit 2; }
for tool in nginx curl "${JAVA:-java}"; do
  command -v "$tool" >/dev/null || { log "$tool is not installed"; exit 1; }
done
[[ -n "$redis_uri" ]] || command -v redis-server >/dev/null || { log "redis-server is not installed (or pass --redis)"; exit 1; }
[[ -f "$jar" ]] || { log "no $jar; build it with ./mvnw -pl push-server -am package -DskipTests"; exit 1; }

state_dir="${state_dir:-$(mktemp -d -t rollcall-cluster-XXXXXX)}"
mkdir -p "$state_dir/nginx"
chmod 755 "$state_dir" "$state_dir/nginx"  # nginx workers run as an unprivileged user when started by root
: >"$state_dir/pids"
env_file="$state_dir/cluster.env"
: >"$env_file"

cleanup() {
  trap - INT TERM EXIT
  # Whoever ran us may have closed our output already; stopping must not die of SIGPIPE.
  trap '' PIPE
  log "stopping what this script started"
  stop_listed "$state_dir"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

started() { echo "$1 $2" >>"$state_dir/pids"; echo "$(echo "$1" | tr '[:lower:]-' '[:upper:]_')_PID=$2" >>"$env_file"; }

# A port nothing listens on now, below the ephemeral range (outgoing connections of other programs
# take ports there) and not handed out before. Another program may still take it; the start then
# fails loudly.
read -r ephemeral_low _ </proc/sys/net/ipv4/ip_local_port_range 2>/dev/null || ephemeral_low=32768
handed_out=" "
free_port() {  # free_port VAR: sets VAR (no subshell, so handed_out is kept)
  local candidate
  while :; do
    candidate=$((10000 + RANDOM % (ephemeral_low - 10000)))
    [[ "$handed_out" == *" $candidate "* ]] && continue
    if ! (exec 3<>"/dev/tcp/127.0.0.1/$candidate") 2>/dev/null; then handed_out+="$candidate "; printf -v "$1" '%s' "$candidate"; return; fi
  done
}

# Waits until the command succeeds or the process it belongs to dies.
await_up() {
  local what="$1" pid="$2"; shift 2
  local deadline=$((SECONDS + 60))
  until "$@" >/dev/null 2>&1; do
    kill -0 "$pid" 2>/dev/null || { log "$what exited; see $state_dir"; exit 1; }
    ((SECONDS < deadline)) || { log "$what not up after 60 s; see $state_dir"; exit 1; }
    sleep 0.2
  done
}

if [[ -z "$redis_uri" ]]; then
  [[ -n "$redis_port" ]] || free_port redis_port
  mkdir -p "$state_dir/redis"
  redis-server --port "$redis_port" --bind 127.0.0.1 --save '' --appendonly no --dir "$state_dir/redis" \
    >"$state_dir/redis.log" 2>&1 &
  started redis $!
  await_up redis-server $! redis-cli -p "$redis_port" ping
  redis_uri="redis://127.0.0.1:$redis_port"
fi
echo "REDIS_URI=$redis_uri" >>"$env_file"

[[ "$lb_port" != 0 ]] || free_port lb_port
upstreams=""
for i in $(seq 1 "$nodes"); do
  if [[ -n "$base_port" ]]; then
    port=$((base_port + 2 * i - 2)); admin_port=$((base_port + 2 * i - 1))
  else
    free_port port; free_port admin_port
  fi
  ROLLCALL_JWT_SECRET="$secret" "${JAVA:-java}" ${JAVA_OPTS:--Xmx512m} -jar "$jar" \
    --node-id "node$i" --host 127.0.0.1 --port "$port" --admin-host 127.0.0.1 --admin-port "$admin_port" \
    --redis "$redis_uri" >"$state_dir/node$i.log" 2>&1 &
  started "node$i" $!
  printf 'NODE%d_PORT=%d\nNODE%d_ADMIN_PORT=%d\n' "$i" "$port" "$i" "$admin_port" >>"$env_file"
  upstreams+="    server 127.0.0.1:$port max_fails=1 fail_timeout=5s;"$'\n'
done
for i in $(seq 1 "$nodes"); do
  pid=$(sed -n "s/^node$i //p" "$state_dir/pids")
  admin_port=$(sed -n "s/^NODE${i}_ADMIN_PORT=//p" "$env_file")
  await_up "node$i" "$pid" curl -sf "http://127.0.0.1:$admin_port/readyz"
done

# Same shape as docker/nginx/nginx.conf, with loopback upstreams and every path in the state dir.
# Each proxied WebSocket holds two descriptors; the cap keeps nginx under a 20,000-fd process limit.
nginx_dir="$state_dir/nginx"
cat >"$nginx_dir/nginx.conf" <<EOF
daemon off;
worker_processes 1;
worker_rlimit_nofile 19000;
pid $nginx_dir/nginx.pid;
error_log $nginx_dir/error.log warn;
events { worker_connections 9000; }
http {
  access_log off;
  client_body_temp_path $nginx_dir/client_body;
  proxy_temp_path $nginx_dir/proxy;
  fastcgi_temp_path $nginx_dir/fastcgi;
  uwsgi_temp_path $nginx_dir/uwsgi;
  scgi_temp_path $nginx_dir/scgi;
  map \$http_upgrade \$connection_upgrade { default upgrade; '' close; }
  upstream rollcall {
$upstreams  }
  server {
    listen 127.0.0.1:$lb_port;
    location / {
      proxy_pass http://rollcall;
      proxy_http_version 1.1;
      proxy_set_header Upgrade \$http_upgrade;
      proxy_set_header Connection \$connection_upgrade;
      proxy_set_header Host \$host;
      proxy_set_header X-Forwarded-For \$proxy_add_x_forwarded_for;
      proxy_connect_timeout 2s;
      proxy_read_timeout 1h;
      proxy_send_timeout 1h;
      proxy_next_upstream error timeout;
    }
  }
}
EOF
nginx -t -q -p "$nginx_dir" -c "$nginx_dir/nginx.conf" 2>"$nginx_dir/test.log" || { cat "$nginx_dir/test.log" >&2; exit 1; }
nginx -p "$nginx_dir" -c "$nginx_dir/nginx.conf" >"$state_dir/nginx.log" 2>&1 &
nginx_pid=$!
started nginx $nginx_pid
await_up nginx $nginx_pid curl -s -o /dev/null "http://127.0.0.1:$lb_port/"
{ echo "LB_URL=ws://127.0.0.1:$lb_port/ws"; echo "NODES=$nodes"; } >>"$env_file"

cat <<EOF
rollcall local cluster ($nodes nodes, state in $state_dir)
  WebSocket via nginx  ws://127.0.0.1:$lb_port/ws
  HTTP API via nginx   http://127.0.0.1:$lb_port/api/v1/events/{eventId}/attendance
  Redis                $redis_uri
EOF
for i in $(seq 1 "$nodes"); do
  echo "  node$i                ws://127.0.0.1:$(sed -n "s/^NODE${i}_PORT=//p" "$env_file")/ws  admin http://127.0.0.1:$(sed -n "s/^NODE${i}_ADMIN_PORT=//p" "$env_file")/metrics"
done
cat <<EOF
  demo token           ROLLCALL_JWT_SECRET='$secret' java -jar $jar token --subject demo --events '*'
  stop                 Ctrl-C, or: $0 stop --state-dir $state_dir
cluster ready
EOF
# nginx runs in the foreground of this script; a node dying (as in a failover drill) does not stop it.
wait "$nginx_pid" || true
log "nginx exited"
