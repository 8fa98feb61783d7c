namespace Headroom.Sim.Hpa;

/// <summary>
/// Why a controller set fewer or more replicas than its stabilized recommendation: the reason of the HPA's
/// <c>ScalingLimited</c> condition when it is True (pkg/controller/podautoscaler/horizontal.go), named as the HPA names it.
/// </summary>
public enum ScalingLimit
{
    /// <summary>The condition is False: the recommendation was within range (DesiredWithinRange).</summary>
    None,
    /// <summary>maxReplicas held the scale below the recommendation.</summary>
    TooManyReplicas,
    /// <summary>minReplicas held the scale above the recommendation.</summary>
    TooFewReplicas,
    /// <summary>The scale-up rate (the behavior's policies, or doubling and four pods without one) held it below.</summary>
    ScaleUpLimit,
    /// <summary>The behavior's scale-down policies held it above.</summary>
    ScaleDownLimit,
}

/// <summary>The ScalingLimited condition as the HPA reports it.</summary>
public static class ScalingLimits
{
    /// <summary>The condition's reason when it is True; null when it is False.</summary>
    public static string? Reason(this ScalingLimit limit) => limit == ScalingLimit.None ? null : limit.ToString();
}

/// <summary>A replica count after a controller's limits, and which limit changed it.</summary>
/// <param name="Replicas">The count the controller sets.</param>
/// <param name="Limit">The limit that moved it from the recommendation; <see cref="ScalingLimit.None"/> when none did.</param>
public readonly record struct LimitedReplicas(int Replicas, ScalingLimit Limit)
{
    /// <summary><paramref name="recommended"/> clamped to [<paramref name="min"/>, <paramref name="max"/>], for controllers whose only limits are those.</summary>
    public static LimitedReplicas Clamp(int recommended, int min, int max) =>
        recommended > max ? new(max, ScalingLimit.TooManyReplicas)
        : recommended < min ? new(min, ScalingLimit.TooFewReplicas)
        : new(recommended, ScalingLimit.None);
}
