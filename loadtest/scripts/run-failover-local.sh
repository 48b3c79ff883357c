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

out=${1:?usage: run-failover-local.sh OUT_DIR [options...]}
shift
mkdir -p "$out"
# shellcheck source=local-nodes.sh
source "$(dirname "$0")/local-nodes.sh"

start_redis
urls=()
node_pids=()
for node in 1 2; do
  start_node "node-$node" --redis "$redis_url"
  urls+=("ws://$node_url/ws")
  node_pids+=("$node_pid")
done

# A graceful drain takes up to drain-lb-delay + 2 x drain-spread + 2 s (go_away batches spread over the
# window, each with a reconnect delay drawn from it): the run waits for the node to exit and its
# clients to resume, so its own drain timeout must cover that (node defaults 5 s + 2 x 10 s + 2 s).
drain_timeout=(--drain-timeout 40s)
case " $* " in
  *" --drain-timeout "* | *" --drain-timeout="*) drain_timeout=() ;;
esac

status=0
# Publish through node 2, which stays up.
publish_host=${urls[1]#ws://}
# shellcheck disable=SC2086
java ${LOADTEST_JAVA_OPTS:--Xmx1g} -jar "$root/loadtest/target/loadtest.jar" failover --url "${urls[0]},${urls[1]}" \
  --http "http://${publish_host%/ws}" --kill-pid "${node_pids[0]}" --report-dir "$out" "${drain_timeout[@]}" "$@" | tee "$out/run.log" || status=$?
exit "$status"
