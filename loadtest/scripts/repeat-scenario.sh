#!/usr/bin/env bash
# Runs one scenario REPEATS times (each against a fresh local server unless --url is given) and
# prints the median of the key figures.
#
#   loadtest/scripts/repeat-scenario.sh SCENARIO OUT_DIR REPEATS [loadtest options...]
#
# Run i keeps its reports in OUT_DIR/run-i/; the medians go to OUT_DIR/summary.txt together with
# the load average at the start, since on a shared machine neighbours move the numbers. The
# environment (TLS=1, SERVER_ARGS, ...) reaches run-scenario.sh unchanged.
set -uo pipefail

here=$(cd "$(dirname "$0")" && pwd)
scenario=${1:?usage: repeat-scenario.sh SCENARIO OUT_DIR REPEATS [options...]}
out=${2:?usage: repeat-scenario.sh SCENARIO OUT_DIR REPEATS [options...]}
repeats=${3:?usage: repeat-scenario.sh SCENARIO OUT_DIR REPEATS [options...]}
shift 3
mkdir -p "$out"
load=$(cut -d' ' -f1-3 /proc/loadavg)

for run in $(seq 1 "$repeats"); do
  echo "=== $scenario run $run of $repeats"
  "$here/run-scenario.sh" "$scenario" "$out/run-$run" "$@" | grep -E '^(connect|sustained|delivery latency|connect rate|connect latency|server rss|polls|traffic|checks|cpu|churn|RESULT)' || true
done

python3 - "$out" "$scenario" "$load" <<'PY' | tee "$out/summary.txt"
import glob, json, statistics, sys
out, scenario, load = sys.argv[1:4]
runs = [json.load(open(f)) for f in sorted(glob.glob(f"{out}/run-*/result.json"))]
def value(run, path):
    v = run
    for key in path.split("."):
        v = v.get(key) if isinstance(v, dict) else None
    return v if isinstance(v, (int, float)) and not isinstance(v, bool) else None
def med(path):
    values = [v for v in (value(r, path) for r in runs) if v is not None]
    return statistics.median(values) if values else float("nan")
figures = {
    "broadcast": ["deliveries.sustainedPerSecond", "latencyMs.p50", "latencyMs.p99", "latencyMs.max", "checks.lost",
                  "deliveries.bytesReceived", "cpuCores.server", "cpuCores.generator", "cpuCores.others"],
    "connect-storm": ["connectionsPerSecond", "steadyConnectionsPerSecond", "connectTimeMs.p50", "connectTimeMs.p99", "connectCpuCores.server",
                      "connectCpuCores.generator", "connectCpuCores.others", "generatorCpuMicrosPerConnection"],
    "idle": ["ready", "serverRssBytes.perConnection", "serverRssBytes.before", "serverRssBytes.connected", "serverRssBytes.end"],
    "churn": ["ready", "ended", "failed", "disconnected", "connectTimeMs.p99"],
    "poll": ["polls", "bytesPerClientSecond", "latencyMs.p50", "latencyMs.p99", "cpuCores.server", "cpuCores.generator",
             "cpuCores.others"],
}
figures["rooms"] = figures["broadcast"]
print(f"{scenario}: {len(runs)} runs, passed {sum(r['passed'] for r in runs)}; load average at start {load}")
for path in figures.get(scenario, []):
    each = ", ".join("-" if value(r, path) is None else f"{value(r, path):,.2f}" for r in runs)
    print(f"  {path:<32} median {med(path):>14,.2f}   runs: {each}")
PY
