#!/usr/bin/env bash
# Replay speed where the fleet actually scales: `headroom-sim replay --no-oracle` end to end (process start, trace
# parsing, fleet model, the adapter's signal tracker every signal interval, the HPA model every 15 s, output files)
# on one core (taskset -c 0), for
#   (a) the Azure conversation trace looped to a week (the fleet stays small: the easy case, for comparison),
#   (b) the Mooncake trace (x4 rate, 128 passes) and the Azure code trace (x4 rate, 60 passes), each >= 2M requests,
#   (c) the Azure code trace on the 70B fleet (x4 rate, 60 passes),
# with Headroom's HPA (maxReplicas 64), each with the event-driven fleet (the default) and with the 100 ms step model
# (--fleet-model step) as the baseline in the same run, runs of the two models alternating. Each row prints requests
# per CPU-second, peak replicas (ready + starting), cold starts and the peak RSS, so that nobody reads a one-replica
# run as a scaling one. The best of REPS runs (default 1) by CPU time. Usage (from the repo root):
# bench/Sim/replay-scaling.sh [TRACES_DIR]
set -euo pipefail
cd "$(dirname "$0")/../.."
traces="${1:-../shared/traces}"
reps="${REPS:-1}"
out="$(mktemp -d)"
trap 'rm -rf "$out"' EXIT
dotnet publish sim -c Release -v q -nologo -o "$out/sim" >/dev/null
sed -E 's/maxReplicas: [0-9]+/maxReplicas: 64/' sim/examples/hpa-headroom.yaml > "$out/hpa.yaml"
echo "| run | fleet model | requests | peak replicas | cold starts | CPU s | requests/s (CPU) | peak RSS MiB |"
echo "|---|---|---|---|---|---|---|---|"
run() { # label, trace, extra args...
  local label="$1" trace="$2"; shift 2
  local model i stats
  declare -A best=()
  for ((i = 0; i < reps; i++)); do
    for model in step event; do
      stats=$( { taskset -c 0 /usr/bin/time -f '%e %U %S %M' "$out/sim/headroom-sim" replay --no-oracle --trace "$trace" \
          --hpa "$out/hpa.yaml" --fleet-model "$model" --out "$out/r-$model" "$@" > /dev/null; } 2>&1 | tail -1)
      best[$model]=$(python3 -c 'import sys; a, b = sys.argv[1], sys.argv[2]; f = lambda s: sum(map(float, s.split()[1:3])); print(b if not a or f(b) < f(a) else a)' "${best[$model]:-}" "$stats")
    done
  done
  for model in step event; do
    python3 - "$label" "$model" "${best[$model]}" "$out/r-$model" <<'PY'
import csv, json, sys
label, model, stats, run = sys.argv[1], sys.argv[2], sys.argv[3].split(), sys.argv[4]
s = json.load(open(f"{run}/summary.json"))
peak = max(int(r['ready']) + int(r['pending']) for r in csv.DictReader(open(f"{run}/timeline.csv")))
cpu = float(stats[1]) + float(stats[2])
name = "step (baseline)" if model == "step" else "event"
print(f"| {label} | {name} | {s['requests']:,} | {peak} | {s['cold_starts']:,} | {cpu:.1f} | {s['requests'] / cpu:,.0f} | {int(stats[3]) / 1024:.0f} |")
PY
  done
}
run "(a) Azure conv, week (--loop 168), 8B" "$traces/AzureLLMInferenceTrace_conv.csv" --loop 168
run "(b) Mooncake x4, 128 passes, 8B" "$traces/mooncake_synthetic_trace.jsonl" --rate-scale 4 --loop 128
run "(b) Azure code x4, 60 passes, 8B" "$traces/AzureLLMInferenceTrace_code.csv" --rate-scale 4 --loop 60
run "(c) Azure code x4, 60 passes, 70B" "$traces/AzureLLMInferenceTrace_code.csv" --rate-scale 4 --loop 60 \
  --fleet sim/examples/fleet-70b.yaml --config sim/examples/headroom-70b.yaml
