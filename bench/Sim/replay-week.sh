#!/usr/bin/env bash
# Times `headroom-sim replay` end to end (process start, trace parsing, fleet model, signal tracker, HPA model,
# output files) on one core, over a week made by tiling the Azure conversation trace with --loop 168.
# Baselines in the same run: the same replay over one pass (--loop 1), which is mostly fixed cost, and, with
# --baseline REF, the week replayed by the simulator as built from git REF (say, the commit before a change).
# Each row is the run with the least CPU time of REPS runs (default 3): the machine is shared, and other load
# only ever adds time. Each simulator is run as `dotnet publish sim -c Release` makes it, the documented way to run
# it (docs/simulator.md): native for a tree that compiles it ahead of time, else the framework-dependent program.
# Usage: bench/Sim/replay-week.sh [--baseline REF] [TRACE]
#        (default TRACE: ../shared/traces/AzureLLMInferenceTrace_conv.csv from the repo root)
set -euo pipefail
cd "$(dirname "$0")/../.."
baseline=""
if [[ "${1:-}" == "--baseline" ]]; then baseline="$2"; shift 2; fi
trace="${1:-../shared/traces/AzureLLMInferenceTrace_conv.csv}"
reps="${REPS:-3}"
out="$(mktemp -d)"
trap 'rm -rf "$out"' EXIT
dotnet publish sim -c Release -v q -nologo -o "$out/sim" >/dev/null
sim=("$out/sim/headroom-sim")
if [[ -n "$baseline" ]]; then
  mkdir -p "$out/baseline"
  git archive "$baseline" | tar -x -C "$out/baseline"
  dotnet publish "$out/baseline/sim" -c Release -v q -nologo -o "$out/baseline/bin" >/dev/null
fi
printf '%s\n' "prometheus: {url: \"http://127.0.0.1:9090\"}" "signals: {interval: 15s}" \
  "workloads: [{name: llm, namespace: sim, selector: app=llm, tokensPerSecondPerReplica: 3000}]" > "$out/interval15.yaml"

run() { # label, command array name, extra args...
  local label="$1" cmd="$2"; shift 2
  local -n program="$cmd"
  local best="" i stats
  for ((i = 0; i < reps; i++)); do
    stats=$( { taskset -c 0 /usr/bin/time -f '%e %U %S' "${program[@]}" replay --trace "$trace" --hpa sim/examples/hpa-headroom.yaml \
        --out "$out/r" "$@" > "$out/summary.json"; } 2>&1 | tail -1)
    best=$(python3 -c 'import sys; a, b = sys.argv[1], sys.argv[2]; f = lambda s: sum(map(float, s.split()[1:])); print(b if not a or f(b) < f(a) else a)' "$best" "$stats")
  done
  python3 - "$label" "$best" "$out/summary.json" <<'PY'
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
if [[ -n "$baseline" ]]; then
  base=("$out/baseline/bin/headroom-sim")
  run "baseline: week (--loop 168), built from $baseline" base --loop 168
fi
run "baseline: one pass (--loop 1)" sim --loop 1
run "week (--loop 168)" sim --loop 168
run "week, 10× rate (--loop 168 --rate-scale 10)" sim --loop 168 --rate-scale 10
run "week, 10× rate, signals every 15 s" sim --loop 168 --rate-scale 10 --config "$out/interval15.yaml"
