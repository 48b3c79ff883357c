#!/usr/bin/env bash
# Measures the broadcast scenario at several publish rates, each REPEATS times against a fresh
# local server, and prints the medians per rate.
#
#   loadtest/scripts/sweep-broadcast.sh OUT_DIR "5 10 20" [REPEATS] [extra broadcast options...]
#
# Defaults: 3 repeats, --clients 10000 --warmup 5s --duration 20s (override with extra options;
# later options win). Every run's reports stay in OUT_DIR/rate-R-run-N/; the table is also written
# to OUT_DIR/summary.txt. A run that fails its checks is still reported (passed = n of REPEATS).
set -uo pipefail

here=$(cd "$(dirname "$0")" && pwd)
out=${1:?usage: sweep-broadcast.sh OUT_DIR "RATES" [REPEATS] [options...]}
rates=${2:?usage: sweep-broadcast.sh OUT_DIR "RATES" [REPEATS] [options...]}
repeats=${3:-3}
shift $(( $# >= 3 ? 3 : $# ))
mkdir -p "$out"

for rate in $rates; do
  for run in $(seq 1 "$repeats"); do
    prefix="$out/rate-$rate-run-$run"
    echo "=== rate $rate/s, run $run of $repeats"
    "$here/run-scenario.sh" broadcast "$prefix" --clients 10000 --warmup 5s --duration 20s --event "sweep-$rate-$run" \
      --rate "$rate" "$@" | grep -E '^(connect:|sustained|delivery latency|checks|cpu \(measured\)|RESULT)'
  done
done

python3 - "$out" $rates <<'PY' | tee "$out/summary.txt"
import json, statistics, sys, glob
out, rates = sys.argv[1], sys.argv[2:]
print(f"{'rate/s':>7} {'passed':>6} {'deliveries/s':>13} {'p50 ms':>9} {'p99 ms':>9} {'p99.9 ms':>9} {'max ms':>9}"
      f" {'lost+dup+ooo+miss':>17} {'gen cpu':>7} {'srv cpu':>7} {'other':>6}")
for rate in rates:
    runs = [json.load(open(f)) for f in sorted(glob.glob(f"{out}/rate-{rate}-run-*/result.json"))]
    if not runs:
        continue
    med = lambda f: statistics.median(f(r) for r in runs)
    cpu = lambda key: med(lambda r: r.get("cpuCores", {}).get(key, float("nan")))
    bad = med(lambda r: sum(r["checks"][k] for k in ("lost", "duplicates", "outOfOrder", "missingAtEnd")))
    print(f"{rate:>7} {sum(r['passed'] for r in runs):>4}/{len(runs)} {med(lambda r: r['deliveries']['sustainedPerSecond']):>13,.0f}"
          f" {med(lambda r: r['latencyMs']['p50']):>9.1f} {med(lambda r: r['latencyMs']['p99']):>9.1f}"
          f" {med(lambda r: r['latencyMs']['p99.9']):>9.1f} {med(lambda r: r['latencyMs']['max']):>9.1f} {bad:>17,.0f}"
          f" {cpu('generator'):>7.2f} {cpu('server'):>7.2f} {cpu('others'):>6.2f}")
print("(medians of the runs; cpu in cores of", __import__("os").cpu_count(), "; other = the rest of the machine)")
PY
