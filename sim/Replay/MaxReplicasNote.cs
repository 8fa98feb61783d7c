namespace Headroom.Sim.Replay;

/// <summary>
/// Whether a policy's own maxReplicas (a ScaledObject's maxReplicaCount) held its scale below what it recommended, as
/// the HPA's ScalingLimited condition (reason TooManyReplicas) would show: its attainment and GPU-hours are then those
/// of a capped fleet, and the oracle, which has no maximum, is no bound on it.
/// </summary>
public static class MaxReplicasNote
{
    /// <summary>A note for the user when maxReplicas held the policy of <paramref name="summary"/>; null when it never did.</summary>
    public static string? Note(ReplaySummary summary)
    {
        if (!(summary.TooManyReplicasSeconds > 0) || summary.HeldAtMaxReplicas is not { } held) return null;
        var asked = summary.MostReplicasAskedOverMax is { } most && most > held ? FormattableString.Invariant($" (up to {most})") : "";
        return FormattableString.Invariant(
            $"{summary.Policy}: {summary.MaxReplicasField} held the scale at {held} below what the controller recommended{asked} for {summary.TooManyReplicasSeconds:F0} s of {summary.SimulatedSeconds:F0} s (ScalingLimited, reason TooManyReplicas). Its attainment and GPU-hours are those of a fleet capped at {held}; raise {summary.MaxReplicasField} to see what the policy would do.");
    }
}
