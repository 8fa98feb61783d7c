using Headroom.Signals.Catalog;
using Headroom.Signals.Snapshots;

namespace Headroom.Signals.Scaling;

/// <summary>Whether a workload should run at all; <see cref="IsActive"/> is null when that cannot be told, and <see cref="Missing"/> says why.</summary>
/// <param name="IsActive">The answer, or null.</param>
/// <param name="Missing">The signals whose absence left the answer open.</param>
public sealed record Activity(bool? IsActive, IReadOnlyList<string> Missing);

/// <summary>
/// Decides whether a workload should run at all, which is KEDA's question for scaling from and to zero. The adapter's
/// external scaler and the simulator's KEDA model both ask here. Any positive evidence wins; with none, an input that
/// is not known leaves the answer open, so KEDA holds.
/// </summary>
public static class ScalerActivity
{
    /// <summary>The workload's activity under a trigger's thresholds, from its values and its ready pods.</summary>
    public static Activity Decide(ScalerMetadata metadata, int readyPods, MetricValues values)
    {
        var missing = new List<string>();

        // Queued work anywhere (engine queues, or the gateway queue when no pod exists) needs a replica to serve it.
        var queue = values[CatalogMetric.QueueDepth];
        if (queue > 0) return new Activity(true, []);
        if (queue is null) missing.Add(MetricCatalog.Get(CatalogMetric.QueueDepth).Name);

        if (metadata.ActivationDemand is { } activationDemand)
        {
            var demand = values[CatalogMetric.TokenDemandForecast];
            if (demand > activationDemand) return new Activity(true, []);
            if (demand is null) missing.Add(MetricCatalog.Get(CatalogMetric.TokenDemandForecast).Name);
        }

        // With no pod, per-pod signals say nothing about demand; only the queue and the forecast can wake the workload.
        if (readyPods > 0)
        {
            var value = values[metadata.Metric.Id];
            if (value > metadata.ActivationTarget) return new Activity(true, []);
            if (value is null) missing.Add(metadata.Metric.Name);
        }

        return new Activity(missing.Count == 0 ? false : null, missing);
    }
}
