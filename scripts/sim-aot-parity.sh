#!/usr/bin/env bash
# The published simulator is compiled ahead of time (sim/Headroom.Sim.csproj), while the unit tests run the JIT
# build. YAML is read by reflection, which ahead-of-time code can lose, so this runs every command on every example
# manifest, fleet and config, and on bad input, through both builds and fails unless their outputs, messages and exit
# codes are the same, byte for byte (but the wall time each replay reports).
# Usage (from the repo root): scripts/sim-aot-parity.sh [TRACES_DIR]
set -euo pipefail
cd "$(dirname "$0")/.."
traces="${1:-../shared/traces}"
[ -d "$traces" ] || { echo "error: $traces: no such directory; the parity runs replay the shared request traces" >&2; exit 1; }
traces="$(realpath "$traces")"
ex="$PWD/sim/examples"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

dotnet build sim -c Release -nologo -v q > "$work/build.log" || { tail -20 "$work/build.log" >&2; exit 1; }
if ! dotnet publish sim -c Release -nologo -v q -o "$work/aot" > "$work/publish.log"; then
  tail -20 "$work/publish.log" >&2
  echo "error: publishing the simulator ahead of time failed; it links with the platform's C toolchain (clang or gcc)" >&2
  exit 1
fi
jit=(dotnet "$PWD/sim/bin/Release/net10.0/headroom-sim.dll")
aot=("$work/aot/headroom-sim")
[ -x "${aot[0]}" ] || { echo "error: publish made no native headroom-sim" >&2; exit 1; }

# Bad input: each must be refused with the same message by both builds.
mkdir -p "$work/bad"
sed 's/averageValue:/averageValu:/' "$ex/hpa-queue.yaml" > "$work/bad/hpa-unknown-field.yaml"
sed 's/^model: .*/model: llama-9b-h100/' "$ex/fleet-8b.yaml" > "$work/bad/fleet-unknown-model.yaml"
sed 's/tokensPerSecondPerReplica: 3200/tokensPerSecondPerReplica: -1/' "$ex/headroom-70b.yaml" > "$work/bad/config-negative.yaml"
sed 's/^  name:/  nme:/' "$ex/keda-prometheus-queue.yaml" > "$work/bad/scaledobject-unknown-field.yaml"
printf 'time_s,headroom_queue_depth\n0,1\n15,not-a-number\n' > "$work/bad/metrics.csv"
printf 'time_s,headroom_queue_depth\n0,4\n15,12\n30,40\n45,\n60,8\n75,2\n' > "$work/metrics.csv"
# The Azure code trace's first hour in the two other CSV formats, BurstGPT's and the generic one.
python3 - "$traces/AzureLLMInferenceTrace_code.csv" "$work" <<'EOF'
import csv, datetime, sys
rows = list(csv.DictReader(open(sys.argv[1])))
at = lambda r: datetime.datetime.fromisoformat(r["TIMESTAMP"][:26])
start = at(rows[0])
rows = [((at(r) - start).total_seconds(), int(r["ContextTokens"]), int(r["GeneratedTokens"])) for r in rows]
rows = [r for r in rows if r[0] < 3600]
with open(f"{sys.argv[2]}/burstgpt.csv", "w") as f:
    f.write("Timestamp,Model,Request tokens,Response tokens,Total tokens,Log Type\n")
    f.writelines(f"{t:.3f},ChatGPT,{p},{o},{p + o},Conversation log\n" for t, p, o in rows)
with open(f"{sys.argv[2]}/generic.csv", "w") as f:
    f.write("timestamp,prompt_tokens,output_tokens\n")
    f.writelines(f"{t:.3f},{p},{o}\n" for t, p, o in rows)
EOF

cases=(
  "ok replay --trace $traces/AzureLLMInferenceTrace_code.csv --hpa $ex/hpa-headroom.yaml"
  "ok replay --trace $traces/AzureLLMInferenceTrace_conv.csv --hpa $ex/hpa-gpu-duty.yaml --fleet $ex/fleet-70b.yaml --config $ex/headroom-70b.yaml --rate-scale 2"
  "ok replay --trace $traces/AzureLLMInferenceTrace_code.csv --hpa $ex/hpa-headroom.yaml --fleet $ex/fleet-70b-lws.yaml --config $ex/headroom-70b-lws.yaml"
  "ok replay --trace $traces/mooncake_synthetic_trace.jsonl --scaledobject $ex/keda-prometheus-queue.yaml --fleet-model step --fleet $ex/fleet-8b.yaml"
  "ok replay --trace $traces/mooncake_synthetic_trace.jsonl --hpa $ex/hpa-kv-cache.yaml --rate-scale 4 --no-oracle --scale-to-zero"
  "ok replay --trace $work/burstgpt.csv --hpa $ex/hpa-queue.yaml --time-scale 0.5"
  "ok replay --trace $work/generic.csv --hpa $ex/hpa-wva-saturation.yaml --loop 3"
  "ok compare --trace $traces/AzureLLMInferenceTrace_code.csv --policy $ex/hpa-headroom.yaml --policy $ex/hpa-queue.yaml --policy $ex/hpa-wva-saturation.yaml --policy $ex/aibrix-apa.yaml --policy $ex/aibrix-kpa.yaml --policy $ex/keda-prometheus-queue.yaml --seeds 1,2"
  "ok compare --trace $traces/AzureLLMInferenceTrace_code.csv --fleet $ex/disaggregated/fleet-8b-pd.yaml --policy $ex/disaggregated/pd-headroom.yaml --policy $ex/disaggregated/pd-gpu-duty.yaml"
  "ok tune --trace $traces/AzureLLMInferenceTrace_conv.csv --hpa $ex/hpa-kv-cache.yaml --windows 0,300"
  "ok backtest --trace $traces/servegen_language_m-mid_aggregate_rate.csv --horizon 30m"
  "ok backtest --trace $traces/AzureLLMInferenceTrace_conv.csv --fleet $ex/fleet-8b.yaml"
  "ok hpa --hpa $ex/hpa-queue.yaml --metrics $work/metrics.csv"
  "bad replay --trace $traces/AzureLLMInferenceTrace_code.csv --hpa $work/bad/hpa-unknown-field.yaml"
  "bad replay --trace $traces/AzureLLMInferenceTrace_code.csv --hpa $ex/hpa-queue.yaml --fleet $work/bad/fleet-unknown-model.yaml"
  "bad replay --trace $traces/AzureLLMInferenceTrace_code.csv --hpa $ex/hpa-queue.yaml --config $work/bad/config-negative.yaml"
  "bad replay --trace $traces/AzureLLMInferenceTrace_code.csv --scaledobject $work/bad/scaledobject-unknown-field.yaml"
  "bad replay --trace $work/bad/metrics.csv --hpa $ex/hpa-queue.yaml"
  "bad hpa --hpa $ex/hpa-queue.yaml --metrics $work/bad/metrics.csv"
)

run() { # build name, case index, args...: writes the outputs under $work/<build>/<index>
  local name="$1" i="$2"; shift 2
  local -n exe="$name"
  local dir="$work/out-$name/$i"
  mkdir -p "$dir"
  local out=()
  case "$1" in replay | compare | backtest) out=(--out "$dir/out") ;; esac
  set +e
  "${exe[@]}" "$@" "${out[@]}" > "$dir/stdout" 2> "$dir/stderr"
  echo $? > "$dir/exit"
  set -e
  # The wall time is the one figure that may differ.
  find "$dir" -type f -exec sed -i -E 's/"wall_seconds": [0-9.eE+-]+/"wall_seconds": _/' {} +
}

failed=0
for i in "${!cases[@]}"; do
  read -ra args <<< "${cases[$i]}"
  expect="${args[0]}"
  args=("${args[@]:1}")
  started=$SECONDS
  run jit "$i" "${args[@]}"
  run aot "$i" "${args[@]}"
  echo "  $((SECONDS - started)) s, both builds: ${args[*]:0:1} $(basename "${args[2]}") ${args[*]:3:2}"
  # Two builds failing alike would be the same bytes too: a good case must succeed, a bad one fail with a message.
  status="$(cat "$work/out-jit/$i/exit")"
  if { [ "$expect" = ok ] && [ "$status" != 0 ]; } || { [ "$expect" = bad ] && { [ "$status" = 0 ] || [ ! -s "$work/out-jit/$i/stderr" ]; }; }; then
    echo "FAIL: expected $expect, exit $status, on: ${args[*]}" >&2
    head -5 "$work/out-jit/$i/stderr" >&2
    failed=$((failed + 1))
  elif ! diff -r "$work/out-jit/$i" "$work/out-aot/$i" > "$work/diff-$i"; then
    echo "FAIL: the ahead-of-time build differs on: ${args[*]}" >&2
    head -20 "$work/diff-$i" >&2
    failed=$((failed + 1))
  fi
done
echo "sim ahead-of-time parity: $((${#cases[@]} - failed)) of ${#cases[@]} commands the same"
[ "$failed" -eq 0 ]
