using Headroom.Adapter.Hosting;
using Headroom.Signals.Catalog;

namespace Headroom.Adapter.Demo;

/// <summary>What the demo prints on start: where the kubeconfig is, the live page's address and commands to try.</summary>
public static class DemoBanner
{
    /// <summary>Prints the banner to standard output.</summary>
    public static void Print(string kubeconfig, RunningAdapter adapter)
    {
        var k = $"kubectl --kubeconfig {kubeconfig}";
        var metric = MetricCatalog.Get(CatalogMetric.TokenThroughput).Name;
        Console.WriteLine($"""

            Headroom demo is serving {adapter.SecureUrl} (own metrics: {adapter.MetricsUrl}metrics; KEDA external scaler: {adapter.GrpcUrl.Authority})
            Kubeconfig: {kubeconfig}
            Live page: {adapter.DemoPageUrl}
              (open it in a browser on this machine; the token logs the browser in for this run only. The browser
              does not know the demo's own CA: accept its warning for this address once.)

            Try:
              {k} get --raw /apis/external.metrics.k8s.io/v1beta1
              {k} get --raw '/apis/external.metrics.k8s.io/v1beta1/namespaces/demo/{metric}?labelSelector=workload%3Dchat'
              {k} get --raw '/apis/external.metrics.k8s.io/v1beta1/namespaces/demo/headroom_desired_replicas?labelSelector=workload%3Dcode'
              {k} get --raw '/apis/custom.metrics.k8s.io/v1beta2/namespaces/demo/pods/*/headroom_queue_depth?labelSelector=app%3Dchat'
              {k} get --raw /apis/custom.metrics.k8s.io/v1beta1/namespaces/demo/deployments.apps/chat/headroom_kv_cache_utilization
              {k} get --raw /apis/custom.metrics.k8s.io/v1beta2/namespaces/demo/metrics/headroom_token_demand_forecast
              {k} api-resources --api-group=external.metrics.k8s.io
              {k} get --raw /keda/v1/namespaces/demo/workloads/chat
              {k} get --raw /debug/workloads

            """);
    }
}
