using Headroom.Serving.Provider;
using Headroom.Signals.Scaling;

namespace Headroom.Serving.Keda;

/// <summary>
/// What KEDA's external scaler answers for a trigger: GetMetrics' value and IsActive's answer, read through
/// <see cref="IWorkloadMetricsProvider"/>. The gRPC service and the simulator's KEDA model both ask here.
/// Errors are <see cref="MetricsProviderException"/>: NotFound for a workload that is not configured, Unavailable
/// for stale or missing data, which KEDA must never read as zero.
/// </summary>
public sealed class ExternalScalerAnswers(IWorkloadMetricsProvider provider)
{
    /// <summary>The trigger's workload as the provider answers for it.</summary>
    public WorkloadReading Read(ScalerMetadata metadata) => provider.GetWorkload(metadata.Namespace, metadata.Workload, metadata.Role);

    /// <summary>GetMetrics: the current value of the trigger's signal.</summary>
    public double MetricValue(ScalerMetadata metadata) =>
        Read(metadata).Values[metadata.Metric.Id]
            ?? throw new MetricsProviderException(ProviderError.Unavailable,
                $"{metadata.Metric.Name} has no current value for {metadata.Namespace}/{metadata.Workload}");

    /// <summary>
    /// IsActive. Unknown activity is Unavailable, not false: KEDA then keeps the replicas it has instead of scaling
    /// to zero on missing data.
    /// </summary>
    public bool IsActive(ScalerMetadata metadata)
    {
        var reading = Read(metadata);
        var activity = ScalerActivity.Decide(metadata, reading.ReadyPods, reading.Values);
        return activity.IsActive ?? throw new MetricsProviderException(ProviderError.Unavailable,
            $"cannot tell whether {reading.Namespace}/{reading.Workload} is active: no current value of {string.Join(", ", activity.Missing)}");
    }
}
