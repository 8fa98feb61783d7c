#!/usr/bin/env bash
# CPU seconds of the (b) Mooncake replay of bench/Sim/replay-scaling.sh for this tree against the simulator as built
# from git REF, the two run in turn (this, REF, this, REF, ...) on one core, N pairs (default 6). A shared machine's
# speed drifts within minutes, so each pair's ratio (this / REF) is taken as well as each build's median: the ratio
# of runs a few seconds apart is what a change can be read from. Prints the medians, requests per CPU-second and the
# pairs' ratios (median, least, most).
# Usage (from the repo root): bench/Sim/replay-pair.sh REF [N] [TRACES_DIR]
set -euo pipefail
cd "$(dirname "$0")/../.."
ref="$1"
pairs="${2:-6}"
traces="${3:-../shared/traces}"
out="$(mktemp -d)"
trap 'rm -rf "$out"' EXIT
dotnet publish sim -c Release -v q -nologo -o "$out/this" >/dev/null
mkdir -p "$out/src"
git archive "$ref" | tar -x -C "$out/src"
dotnet publish "$out/src/sim" -c Release -v q -nologo -o "$out/ref" >/dev/null
sed -E 's/maxReplicas: [0-9]+/maxReplicas: 64/' sim/examples/hpa-headroom.yaml > "$out/hpa.yaml"
cpu() { # build: prints user + system seconds of one run
  { taskset -c 0 /usr/bin/time -f '%U %S' "$out/$1/headroom-sim" replay --no-oracle \
      --trace "$traces/mooncake_synthetic_trace.jsonl" --hpa "$out/hpa.yaml" --rate-scale 4 --loop 128 --out "$out/r-$1" > /dev/null; } 2>&1 \
    | tail -1 | awk '{print $1 + $2}'
}
cpu this > /dev/null # a warm-up of the file cache, not counted
for ((i = 0; i < pairs; i++)); do echo "$(cpu this) $(cpu ref)"; done > "$out/pairs"
python3 - "$out/pairs" "$out/r-this/summary.json" "$ref" <<'PY'
import json, statistics, sys
pairs = [tuple(map(float, l.split())) for l in open(sys.argv[1])]
requests = json.load(open(sys.argv[2]))["requests"]
ratios = sorted(a / b for a, b in pairs)
for name, i in (("this tree", 0), (sys.argv[3], 1)):
    m = statistics.median(p[i] for p in pairs)
    print(f"| {name} | {m:.2f} CPU s (median of {len(pairs)}) | {requests / m:,.0f} requests/s |")
print(f"paired ratio this / {sys.argv[3]}: median {statistics.median(ratios):.3f}, least {ratios[0]:.3f}, most {ratios[-1]:.3f}")
PY
