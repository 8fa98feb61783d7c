#!/usr/bin/env bash
# What a fleet of fixed size reaches on one trace, beside Headroom's and the GPU-duty HPA's policies, for each fleet
# seed (the seed draws cold starts): the bound no autoscaler beats, and how much of a peer's result is its luck with
# cold starts. 8B example fleet with 4 warm replicas, at most 64, TTFT objective 2 s, as in scaling-table.sh.
# Usage (from the repo root): bench/Sim/fixed-fleets.sh TRACE RATE "SIZES" "SEEDS"
#   e.g. bench/Sim/fixed-fleets.sh ../shared/traces/mooncake_synthetic_trace.jsonl 1 "8 9 10" "1 2 3 4"
set -euo pipefail
cd "$(dirname "$0")/../.."
trace="$1" rate="$2" sizes="$3" seeds="$4"
out="$(mktemp -d)"
trap 'rm -rf "$out"' EXIT
dotnet build -c Release sim -v q -nologo >/dev/null
policies=()
for f in hpa-headroom hpa-gpu-duty; do
  sed -E 's/maxReplicas: [0-9]+/maxReplicas: 64/' "sim/examples/$f.yaml" > "$out/$f.yaml"
  policies+=(--policy "$out/$f.yaml")
done
for n in $sizes; do
  sed -E "s/name: llm-gpu-duty/name: fixed-$n/; s/minReplicas: [0-9]+/minReplicas: $n/; s/maxReplicas: [0-9]+/maxReplicas: $n/" \
    sim/examples/hpa-gpu-duty.yaml > "$out/fixed-$n.yaml"
  policies+=(--policy "$out/fixed-$n.yaml")
done
echo "seed,policy,slo_attainment,gpu_hours,cold_starts"
for seed in $seeds; do
  grep -vE '^(initialReplicas|seed):' sim/examples/fleet-8b.yaml > "$out/fleet.yaml"
  printf 'initialReplicas: 4\nseed: %s\n' "$seed" >> "$out/fleet.yaml"
  dotnet run --no-build -c Release --project sim -- compare --trace "$trace" --fleet "$out/fleet.yaml" "${policies[@]}" \
    --slo-ttft 2s --rate-scale "$rate" --out "$out/run-$seed" |
    python3 -c '
import csv, sys
rows = [l for l in sys.stdin if l.count(",") >= 8]
for r in csv.DictReader(rows):
    print(",".join([sys.argv[1]] + [r[k] for k in ("policy", "slo_attainment", "gpu_hours", "cold_starts")]))
' "$seed"
done
