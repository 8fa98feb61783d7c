using Headroom.Signals.Snapshots;

namespace Headroom.Serving.Provider;

/// <summary>Every catalog value of one workload at one instant, for scalers that decide per workload.</summary>
/// <param name="Namespace">The workload's namespace.</param>
/// <param name="Workload">The workload's name.</param>
/// <param name="ObservedAt">When the values were observed.</param>
/// <param name="ReadyPods">Ready pods behind the values; zero when the workload is scaled to zero.</param>
/// <param name="Values">Each catalog metric's value; a missing one is absent, never zero.</param>
public sealed record WorkloadReading(string Namespace, string Workload, DateTimeOffset ObservedAt, int ReadyPods, MetricValues Values);

/// <summary>
/// Answers per-workload questions for KEDA's external scaler and metrics-api. Like the metrics APIs' providers,
/// its callers know nothing of where numbers come from. Errors are <see cref="MetricsProviderException"/>.
/// </summary>
public interface IWorkloadMetricsProvider
{
    /// <summary>
    /// The workload's current values, or those of its <paramref name="role"/> when it has roles: NotFound when no such
    /// workload (or role) is configured, or a workload with roles is asked for without one; Unavailable when they are stale.
    /// </summary>
    WorkloadReading GetWorkload(string ns, string workload, string? role = null);

    /// <summary>Completes when newer values may be available; take it before reading, so that no update is missed.</summary>
    Task NextUpdate { get; }
}
