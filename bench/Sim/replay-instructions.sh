#!/usr/bin/env bash
# Instructions per pass of the (b) Mooncake replay of bench/Sim/replay-scaling.sh, counted by valgrind (Debian's
# `valgrind` package), for this tree and, with --baseline REF, for the simulator as built from git REF. A count of
# instructions does not move with the machine's load, as CPU seconds do on a shared machine, so a change of a few
# percent shows; it does not see cache misses, so CPU time is still the figure the issue asks for. Start-up is taken
# out: a pass's count is that of --loop 12 less that of --loop 4, over 8. The outputs of the two simulators are
# compared too (summary.json but its wall time, timeline.csv, replicas.csv): a speed change must not change a result.
# Usage (from the repo root): bench/Sim/replay-instructions.sh [--baseline REF] [TRACES_DIR]
set -euo pipefail
cd "$(dirname "$0")/../.."
baseline=""
if [[ "${1:-}" == "--baseline" ]]; then baseline="$2"; shift 2; fi
traces="${1:-../shared/traces}"
out="$(mktemp -d)"
trap 'rm -rf "$out"' EXIT
dotnet publish sim -c Release -v q -nologo -o "$out/this" >/dev/null
builds=(this)
if [[ -n "$baseline" ]]; then
  mkdir -p "$out/src"
  git archive "$baseline" | tar -x -C "$out/src"
  dotnet publish "$out/src/sim" -c Release -v q -nologo -o "$out/baseline" >/dev/null
  builds+=(baseline)
fi
sed -E 's/maxReplicas: [0-9]+/maxReplicas: 64/' sim/examples/hpa-headroom.yaml > "$out/hpa.yaml"
instructions() { # build, loop
  DOTNET_EnableWriteXorExecute=0 valgrind --tool=cachegrind --cache-sim=no --cachegrind-out-file=/dev/null \
    dotnet "$out/$1/headroom-sim.dll" replay --no-oracle --trace "$traces/mooncake_synthetic_trace.jsonl" --hpa "$out/hpa.yaml" \
    --rate-scale 4 --loop "$2" --out "$out/r-$1-$2" 2>&1 >/dev/null | sed -nE 's/.*I +refs: +([0-9,]+).*/\1/p' | tr -d ,
}
echo "| simulator | instructions, --loop 4 | instructions, --loop 12 | per pass | per request |"
echo "|---|---:|---:|---:|---:|"
for b in "${builds[@]}"; do
  four=$(instructions "$b" 4)
  twelve=$(instructions "$b" 12)
  requests=$(python3 -c 'import json, sys; print(json.load(open(sys.argv[1]))["requests"] // 12)' "$out/r-$b-12/summary.json")
  name=$([[ "$b" == this ]] && echo "this tree" || echo "$baseline")
  python3 -c 'import sys; a, b, n = map(int, sys.argv[2:5]); p = (b - a) / 8; print(f"| {sys.argv[1]} | {a:,} | {b:,} | {p:,.0f} | {p / n:,.0f} |")' "$name" "$four" "$twelve" "$requests"
done
if [[ -n "$baseline" ]]; then
  for f in timeline.csv replicas.csv; do cmp -s "$out/r-this-12/$f" "$out/r-baseline-12/$f" || echo "note: $f differs from $baseline's"; done
  diff <(grep -v wall_seconds "$out/r-this-12/summary.json") <(grep -v wall_seconds "$out/r-baseline-12/summary.json") >/dev/null \
    || echo "note: summary.json differs from $baseline's"
fi
