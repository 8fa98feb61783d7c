#!/usr/bin/env bash
# Scaling outcome of every policy in sim/examples (HPA, ScaledObject and PodAutoscaler manifests) on the shared real
# traces, each at its own rate and at 4x, on the 8B and the 70B example fleets (4 warm replicas, at most 64), TTFT
# objective 2 s. Every run replays the clairvoyant oracle and the peers in the same `sim compare`, so each row's
# figures share one baseline. Prints one markdown table: SLO attainment (over attainable requests) / GPU-hours per
# policy, with the oracle's GPU-hours, its attainment, Headroom's peak replicas, and Headroom's attainment over the
# requests that arrived after the first cold start (the oracle's beside it).
# Usage (from the repo root): bench/Sim/scaling-table.sh [TRACES_DIR]; RATES (default "1 4"), FLEETS (default
# "8b 70b") and TRACES (file names in TRACES_DIR, default the three shared request traces) choose other rate scales,
# fleets and traces, e.g. RATES="2 8" FLEETS=8b bench/Sim/scaling-table.sh, or
# TRACES=conversation_trace.jsonl bench/Sim/scaling-table.sh DIR for Mooncake's conversation trace saved in DIR.
set -euo pipefail
cd "$(dirname "$0")/../.."
traces="${1:-../shared/traces}"
out="$(mktemp -d)"
trap 'rm -rf "$out"' EXIT
dotnet build -c Release sim -v q -nologo >/dev/null
policies=()
for f in sim/examples/*.yaml; do
  grep -qE '^kind: (HorizontalPodAutoscaler|ScaledObject|PodAutoscaler)' "$f" || continue
  sed -E 's/maxReplicas: [0-9]+/maxReplicas: 64/; s/maxReplicaCount: [0-9]+/maxReplicaCount: 64/' "$f" > "$out/$(basename "$f")"
  policies+=(--policy "$out/$(basename "$f")")
done
for fleet in 8b 70b; do
  grep -v '^initialReplicas' "sim/examples/fleet-$fleet.yaml" > "$out/fleet-$fleet.yaml"
  echo "initialReplicas: 4" >> "$out/fleet-$fleet.yaml"
done
first=1
for fleet in ${FLEETS:-8b 70b}; do
  config=()
  [[ "$fleet" == 70b ]] && config=(--config sim/examples/headroom-70b.yaml)
  for t in ${TRACES:-AzureLLMInferenceTrace_code.csv AzureLLMInferenceTrace_conv.csv mooncake_synthetic_trace.jsonl}; do
    for rs in ${RATES:-1 4}; do
      run="$out/${fleet}-${t%%.*}-$rs"
      dotnet run --no-build -c Release --project sim -- compare --trace "$traces/$t" --fleet "$out/fleet-$fleet.yaml" "${policies[@]}" \
        "${config[@]}" --slo-ttft 2s --rate-scale "$rs" --out "$run" > "$run.csv"
      python3 - "$run.csv" "$run" "$fleet" "${t%%.*}" "$rs" "$first" <<'PY'
import csv, json, sys, os
path, run, fleet, trace, rate, first = sys.argv[1:]
rows = [l for l in open(path) if l.count(',') >= 8]
table = list(csv.DictReader(rows))
names = [r['policy'] for r in table]
if first == '1':
    print('| fleet | trace | rate | oracle GPU-h (SLO) | ' + ' | '.join(names) + ' | Headroom peak replicas | Headroom SLO after the first cold start (oracle) |')
    print('|' + '---|' * (len(names) + 6))
h = next(r for r in table if 'headroom' in r['policy'])
peak = 0
with open(os.path.join(run, h['policy'], 'timeline.csv')) as f:
    for r in csv.DictReader(f):
        peak = max(peak, int(r['ready']) + int(r['pending']))
cells = [f"{float(r['slo_attainment']):.3f} / {float(r['gpu_hours']):.2f}" for r in table]
with open(os.path.join(run, 'summary.json')) as f:
    mine = next(s for s in json.load(f) if s['policy'] == h['policy'])
after = f"{mine['slo_attainment_after_first_cold_start']:.3f} ({mine['oracle_slo_attainment_after_first_cold_start']:.3f})"
print(f"| {fleet} | {trace} | x{rate} | {float(h['oracle_gpu_hours']):.2f} ({float(h['oracle_slo_attainment']):.3f}) | " + ' | '.join(cells) + f" | {peak} | {after} |")
PY
      first=0
    done
  done
done
