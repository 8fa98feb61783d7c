using Headroom.Signals.Workloads;

namespace Headroom.Signals.Snapshots;

/// <summary>The signals of one workload as of its last successful observation.</summary>
/// <param name="Spec">The configured workload.</param>
/// <param name="ObservedAt">When the values were observed; null before the first success.</param>
/// <param name="LastError">Why the latest observation failed, when it did; the values are then last-known-good.</param>
/// <param name="Values">Workload-level values.</param>
/// <param name="Pods">Ready pods with their values.</param>
/// <param name="Decision">Inputs of the desired-replicas decision, when it could be made.</param>
public sealed record WorkloadSignals(
    WorkloadSpec Spec,
    DateTimeOffset? ObservedAt,
    string? LastError,
    MetricValues Values,
    IReadOnlyList<PodSignals> Pods,
    ReplicaDecision? Decision)
{
    /// <summary>Labels that describe the workload's series: matched by external-metric selectors.</summary>
    public IReadOnlyDictionary<string, string> MetricLabels =>
        // Built when first asked, not per observation: a replay publishes hundreds of thousands that are never served.
        field ??= Spec.Role is { } role
            ? new Dictionary<string, string>
            {
                ["workload"] = Spec.Name,
                ["role"] = role.Name,
                ["engine"] = Spec.Engine.ToString().ToLowerInvariant(),
            }
            : new Dictionary<string, string>
            {
                ["workload"] = Spec.Name,
                ["engine"] = Spec.Engine.ToString().ToLowerInvariant(),
            };

    /// <summary>Cold starts, in seconds, of the pods whose start-up this observation showed for the first time.</summary>
    public IReadOnlyList<double> ColdStartsLearned { get; init; } = [];

    /// <summary>Metric names the latest readings came from that the engine has renamed since, over every ready pod, in order of first use.</summary>
    public IReadOnlyList<string> OlderNames { get; init; } = [];

    /// <summary>The latest ready pods per engine version (from their images) and names generation.</summary>
    public IReadOnlyList<EngineVersionPods> EngineVersions { get; init; } = [];

    /// <summary>A workload that has not been observed yet.</summary>
    public static WorkloadSignals NotYetObserved(WorkloadSpec spec) =>
        new(spec, null, null, new MetricValues(), [], null);
}
