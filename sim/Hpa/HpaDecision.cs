namespace Headroom.Sim.Hpa;

/// <summary>One metric's replica proposal, or why it has none.</summary>
/// <param name="Replicas">The proposal, when the metric could be computed.</param>
/// <param name="Error">Why it could not.</param>
public sealed record MetricProposal(int? Replicas, string? Error);

/// <summary>The outcome of one sync.</summary>
/// <param name="Metrics">Per metric, in spec order; empty when the replica count was out of range or scaling disabled.</param>
/// <param name="Proposal">The highest metric proposal; null when metrics were not consulted or could not be used.</param>
/// <param name="Stabilized">The proposal after the stabilization window; null when there was no proposal.</param>
/// <param name="DesiredReplicas">The replica count after rate limits and min/max; the current count when nothing changes.</param>
/// <param name="History">The controller's memory after this sync.</param>
public sealed record HpaDecision(IReadOnlyList<MetricProposal> Metrics, int? Proposal, int? Stabilized, int DesiredReplicas, HpaHistory History)
{
    /// <summary>The ScalingLimited condition's reason while it is True after this sync; None while it is False. A sync that does not reach the limits leaves it as it was.</summary>
    public ScalingLimit Limited => History.ScalingLimited;
}
