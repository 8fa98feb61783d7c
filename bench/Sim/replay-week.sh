#!/usr/bin/env bash
# Times `headroom-sim replay` end to end (process start, trace parsing, fleet model, signal tracker, HPA model,
# output files) on one core, over a week made by tiling the Azure conversation trace with --loop 168.
# Baseline in the same run: the same replay over one pass (--loop 1), which is mostly fixed cost.
# Usage: bench/Sim/replay-week.sh [TRACE]   (default: ../shared/traces/AzureLLMInferenceTrace_conv.csv from the repo root)
set -euo pipefail
cd "$(dirname "$0")/../.."
trace="${1:-../shared/traces/AzureLLMInferenceTrace_conv.csv}"
dotnet build sim -c Release -v q -nologo >/dev/null
sim=(dotnet sim/bin/Release/net10.0/headroom-sim.dll)
out="$(mktemp -d)"
trap 'rm -rf "$out"' EXIT
printf '%s\n' "prometheus: {url: \"http://127.0.0.1:9090\"}" "signals: {interval: 15s}" \
  "workloads: [{name: llm, namespace: sim, selector: app=llm, tokensPerSecondPerReplica: 3000}]" > "$out/interval15.yaml"

run() { # label, extra args...
  local label="$1"; shift
  local stats
  stats=$( { taskset -c 0 /usr/bin/time -f '%e %U %S' "${sim[@]}" replay --trace "$trace" --hpa sim/examples/hpa-headroom.yaml \
      --out "$out/r" "$@" > "$out/summary.json"; } 2>&1 | tail -1)
  python3 - "$label" "$stats" "$out/summary.json" <<'PY'
import json, sys
label, stats, path = sys.argv[1], sys.argv[2].split(), sys.argv[3]
s = json.load(open(path))
wall, user, sys_ = map(float, stats)
cpu = user + sys_
print(f"| {label} | {s['requests']:,} | {s['simulated_seconds']/86400:.2f} d | {wall:.1f} | {cpu:.1f} | {s['requests']/wall:,.0f} | {s['requests']/cpu:,.0f} |")
PY
}

echo "| run | requests | simulated | wall s | CPU s | requests/s (wall) | requests/s (CPU) |"
echo "|---|---|---|---|---|---|---|"
run "baseline: one pass (--loop 1)" --loop 1
run "week (--loop 168)" --loop 168
run "week, 10× rate (--loop 168 --rate-scale 10)" --loop 168 --rate-scale 10
run "week, 10× rate, signals every 15 s" --loop 168 --rate-scale 10 --config "$out/interval15.yaml"
