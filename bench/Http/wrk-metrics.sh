#!/usr/bin/env bash
# Load on the metrics APIs with wrk over TLS and keep-alive, against the demo adapter (Release build).
# Reproduce: bench/Http/wrk-metrics.sh [duration-seconds] [connections] [wrk-threads]
# Installs wrk from Debian's packages when it is missing. Prints one table row per target and the RSS.
set -euo pipefail
cd "$(dirname "$0")/../.."
duration="${1:-20}"
connections="${2:-64}"
threads="${3:-2}"
source bench/Http/wrk-lib.sh
wrk_prepare
review_port=18443; secure_port=16443; metrics_port=18081
cat > "$work/review.kubeconfig" <<KUBE
apiVersion: v1
kind: Config
clusters: [{name: review, cluster: {server: "http://127.0.0.1:$review_port"}}]
users: [{name: review, user: {token: adapter-credential}}]
contexts: [{name: review, context: {cluster: review, user: review}}]
current-context: review
KUBE
dotnet bench/bin/Release/net10.0/Headroom.Bench.dll token-review-stand-in "$review_port" "$token" &
review_pid=$!
dotnet src/Adapter/bin/Release/net10.0/Headroom.Adapter.dll --demo --secure-port "$secure_port" --metrics-port "$metrics_port" \
  --demo-kubeconfig "$work/demo.kubeconfig" --authentication-kubeconfig "$work/review.kubeconfig" >"$work/adapter.log" 2>&1 &
adapter_pid=$!
trap 'kill $adapter_pid $review_pid 2>/dev/null || true; rm -rf "$work"' EXIT
base="https://127.0.0.1:$secure_port"
for _ in $(seq 1 60); do
  code=$(curl -sk -o /dev/null -w '%{http_code}' -H "Authorization: Bearer $token" \
    "$base/apis/external.metrics.k8s.io/v1beta1/namespaces/demo/headroom_token_throughput?labelSelector=workload%3Dchat" || true)
  [ "$code" = 200 ] && break
  sleep 1
done
[ "$code" = 200 ] || { echo "adapter did not serve a value (last status $code)"; cat "$work/adapter.log"; exit 1; }

wrk_header
wrk_row "baseline: /healthz (no auth, no JSON)" "/healthz"
wrk_row "external metric, one workload" "/apis/external.metrics.k8s.io/v1beta1/namespaces/demo/headroom_token_throughput?labelSelector=workload%3Dchat"
wrk_row "custom v1beta2, pods by selector" "/apis/custom.metrics.k8s.io/v1beta2/namespaces/demo/pods/*/headroom_queue_depth?labelSelector=app%3Dchat"
wrk_row "discovery APIResourceList" "/apis/custom.metrics.k8s.io/v1beta2"
echo
echo "adapter RSS after load: $(awk '/VmRSS/ {print $2, $3}' /proc/$adapter_pid/status)"
echo "machine: $(lscpu | awk -F: '/Model name/ {gsub(/^ +/, "", $2); print $2}'), $(nproc) cores; wrk -t$threads -c$connections -d${duration}s, on the same machine"
