using System.Collections.Immutable;

namespace Headroom.Sim.Hpa;

/// <summary>An unstabilized recommendation and when it was made (timestampedRecommendation).</summary>
/// <param name="Replicas">The recommendation.</param>
/// <param name="Timestamp">When it was made.</param>
public sealed record TimestampedRecommendation(int Replicas, TimeSpan Timestamp);

/// <summary>A rescale the controller made (timestampedScaleEvent); only kept for HPAs with behavior.</summary>
/// <param name="ReplicaChange">Pods added or removed, non-negative.</param>
/// <param name="Timestamp">When.</param>
/// <param name="Outdated">Older than the direction's longest policy period when last checked; its slot is reused.</param>
public sealed record ScaleEvent(int ReplicaChange, TimeSpan Timestamp, bool Outdated = false);

/// <summary>What the controller remembers of one HPA between syncs; it lives only in the controller's memory.</summary>
/// <param name="Recommendations">Recent unstabilized recommendations.</param>
/// <param name="ScaleUpEvents">Recent scale-ups.</param>
/// <param name="ScaleDownEvents">Recent scale-downs.</param>
public sealed record HpaHistory(
    ImmutableList<TimestampedRecommendation> Recommendations,
    ImmutableList<ScaleEvent> ScaleUpEvents,
    ImmutableList<ScaleEvent> ScaleDownEvents)
{
    /// <summary>A controller that has never synced this HPA, as after a kube-controller-manager restart.</summary>
    public static HpaHistory Empty { get; } = new([], [], []);

    /// <summary>
    /// The ScalingLimited condition the last normalization set. It is the HPA's status rather than the controller's
    /// memory; it is kept here because a sync that never reaches the limits (its metrics failed, or the replicas were
    /// out of range) leaves the condition as it was.
    /// </summary>
    public ScalingLimit ScalingLimited { get; init; }
}
