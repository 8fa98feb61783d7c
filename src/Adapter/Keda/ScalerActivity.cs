using Headroom.Adapter.Provider;
using Headroom.Signals.Catalog;

namespace Headroom.Adapter.Keda;

/// <summary>
/// Decides whether a workload should run at all, which is KEDA's question for scaling from and to zero.
/// Any positive evidence wins; with none, an input that is not known makes the answer unknown, so KEDA holds.
/// </summary>
public static class ScalerActivity
{
    /// <summary>Whether the workload is active under the trigger's thresholds.</summary>
    /// <exception cref="MetricsProviderException">No input says active and one that could is missing (Unavailable).</exception>
    public static bool IsActive(ScalerMetadata metadata, WorkloadReading reading)
    {
        var unknown = new List<string>();

        // Queued work anywhere (engine queues, or the gateway queue when no pod exists) needs a replica to serve it.
        var queue = reading.Values[CatalogMetric.QueueDepth];
        if (queue > 0) return true;
        if (queue is null) unknown.Add(MetricCatalog.Get(CatalogMetric.QueueDepth).Name);

        if (metadata.ActivationDemand is { } activationDemand)
        {
            var demand = reading.Values[CatalogMetric.TokenDemandForecast];
            if (demand > activationDemand) return true;
            if (demand is null) unknown.Add(MetricCatalog.Get(CatalogMetric.TokenDemandForecast).Name);
        }

        // With no pod, per-pod signals say nothing about demand; only the queue and the forecast can wake the workload.
        if (reading.ReadyPods > 0)
        {
            var value = reading.Values[metadata.Metric.Id];
            if (value > metadata.ActivationTarget) return true;
            if (value is null) unknown.Add(metadata.Metric.Name);
        }

        if (unknown.Count == 0) return false;
        throw new MetricsProviderException(ProviderError.Unavailable,
            $"cannot tell whether {reading.Namespace}/{reading.Workload} is active: no current value of {string.Join(", ", unknown)}");
    }
}
