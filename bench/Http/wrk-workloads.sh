#!/usr/bin/env bash
# Load on the metrics APIs with wrk over TLS and keep-alive, with many workloads configured (default 1,000 in
# 10 namespaces), read through the Prometheus source from a stand-in (bench/Http/PrometheusStandIn.cs).
# Reproduce: bench/Http/wrk-workloads.sh [workloads] [duration-seconds] [connections] [wrk-threads]
# Prints one table row per target, the adapter's RSS and its pipeline cycle time. Baseline: /healthz, same run.
set -euo pipefail
cd "$(dirname "$0")/../.."
workloads="${1:-1000}"
duration="${2:-20}"
connections="${3:-16}"
threads="${4:-1}"
load_before="$(cut -d' ' -f1-3 /proc/loadavg)"
source bench/Http/wrk-lib.sh
wrk_prepare
review_port=18443; prometheus_port=18090; secure_port=16443; metrics_port=18081
cat > "$work/review.kubeconfig" <<KUBE
apiVersion: v1
kind: Config
clusters: [{name: review, cluster: {server: "http://127.0.0.1:$review_port"}}]
users: [{name: review, user: {token: adapter-credential}}]
contexts: [{name: review, context: {cluster: review, user: review}}]
current-context: review
KUBE
{
  echo "prometheus: {url: http://127.0.0.1:$prometheus_port, timeout: 2s}"
  echo "signals: {interval: 10s, staleAfter: 10m}"
  echo "workloads:"
  for i in $(seq 0 $((workloads - 1))); do
    echo "  - {name: w-$i, namespace: ns-$((i % 10)), selector: app=w-$i, seriesLabels: {job: w-$i}, dcgm: false}"
  done
} > "$work/headroom.yaml"
# Client CAs by flag, so the adapter does not look for the cluster's extension-apiserver-authentication ConfigMap.
openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -keyout "$work/ca.key" -out "$work/ca.pem" \
  -subj /CN=bench-client-ca -days 1 2>/dev/null
dotnet bench/bin/Release/net10.0/Headroom.Bench.dll token-review-stand-in "$review_port" "$token" &
review_pid=$!
dotnet bench/bin/Release/net10.0/Headroom.Bench.dll prometheus-stand-in "$prometheus_port" &
prometheus_pid=$!
dotnet src/Adapter/bin/Release/net10.0/Headroom.Adapter.dll --config "$work/headroom.yaml" --secure-port "$secure_port" \
  --metrics-port "$metrics_port" --bind-address 127.0.0.1 --authentication-kubeconfig "$work/review.kubeconfig" \
  --client-ca-file "$work/ca.pem" --requestheader-client-ca-file "$work/ca.pem" >"$work/adapter.log" 2>&1 &
adapter_pid=$!
trap 'kill $adapter_pid $review_pid $prometheus_pid 2>/dev/null || true; rm -rf "$work"' EXIT
base="https://127.0.0.1:$secure_port"
last=$((workloads - 1))
for _ in $(seq 1 120); do
  code=$(curl -sk -o /dev/null -w '%{http_code}' -H "Authorization: Bearer $token" \
    "$base/apis/external.metrics.k8s.io/v1beta1/namespaces/ns-$((last % 10))/headroom_queue_depth?labelSelector=workload%3Dw-$last" || true)
  [ "$code" = 200 ] && break
  sleep 1
done
[ "$code" = 200 ] || { echo "adapter did not serve a value (last status $code)"; tail -20 "$work/adapter.log"; exit 1; }

wrk_header
wrk_row "baseline: /healthz (no auth, no JSON)" "/healthz"
wrk_row "external metric, one workload of $((workloads / 10)) in its namespace" "/apis/external.metrics.k8s.io/v1beta1/namespaces/ns-5/headroom_queue_depth?labelSelector=workload%3Dw-5"
wrk_row "external metric, every workload of a namespace ($((workloads / 10)))" "/apis/external.metrics.k8s.io/v1beta1/namespaces/ns-5/headroom_queue_depth"
wrk_row "custom v1beta2, pods by selector" "/apis/custom.metrics.k8s.io/v1beta2/namespaces/ns-5/pods/*/headroom_queue_depth?labelSelector=app%3Dw-5"
echo
echo "adapter RSS after load: $(awk '/VmRSS/ {print $2, $3}' /proc/$adapter_pid/status)"
curl -s "http://127.0.0.1:$metrics_port/metrics" | awk '/^headroom_pipeline_cycle_seconds_(sum|count)/ {v[$1]=$2} END {if (v["headroom_pipeline_cycle_seconds_count"] > 0) printf "pipeline cycle (%d workloads): %.0f ms mean over %d cycles\n", '"$workloads"', 1000*v["headroom_pipeline_cycle_seconds_sum"]/v["headroom_pipeline_cycle_seconds_count"], v["headroom_pipeline_cycle_seconds_count"]}'
echo "machine: $(lscpu | awk -F: '/Model name/ {gsub(/^ +/, "", $2); print $2}'), $(nproc) cores, load average before the run: $load_before, after: $(cut -d' ' -f1-3 /proc/loadavg); wrk -t$threads -c$connections -d${duration}s, on the same machine"
