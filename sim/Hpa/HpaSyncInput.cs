namespace Headroom.Sim.Hpa;

/// <summary>Everything one sync of the controller observes.</summary>
/// <param name="Now">The sync's instant; only differences between instants matter.</param>
/// <param name="CurrentReplicas">The scale subresource's spec.replicas.</param>
/// <param name="Pods">The pods the scale's selector selects.</param>
/// <param name="Metrics">One sample per entry of spec.metrics, in the same order.</param>
public sealed record HpaSyncInput(TimeSpan Now, int CurrentReplicas, IReadOnlyList<PodState> Pods, IReadOnlyList<MetricSample> Metrics)
{
    /// <summary>The scale subresource's status.replicas, which AverageValue targets of Object and External metrics divide by; spec.replicas when unset.</summary>
    public int? StatusReplicas { get; init; }
}
