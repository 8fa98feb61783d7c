using System.Collections.Immutable;

namespace Headroom.Sim.Hpa;

// The rate limits and min/max clamping of horizontal.go.
internal static class ScaleLimits
{
    private const double ScaleUpLimitFactor = 2.0;
    private const double ScaleUpLimitMinimum = 4.0;

    // convertDesiredReplicasWithRules (no behavior): at least minReplicas, at most maxReplicas and the scale-up limit;
    // when the scale-up limit is the lower bound it is the reason, else maxReplicas is.
    public static LimitedReplicas WithRules(int current, int desired, int minReplicas, int maxReplicas)
    {
        var (maximumAllowed, upperLimit) = Upper(ScaleUpLimit(current), maxReplicas);
        if (desired < minReplicas)
        {
            return new(minReplicas, ScalingLimit.TooFewReplicas);
        }
        return desired > maximumAllowed ? new(maximumAllowed, upperLimit) : new(desired, ScalingLimit.None);
    }

    // calculateScaleUpLimit: double the replicas, or 4, whichever is more.
    public static int ScaleUpLimit(int current) => (int)Math.Max(ScaleUpLimitFactor * current, ScaleUpLimitMinimum);

    // convertDesiredReplicasWithBehaviorRate: the behavior's policies bound the change, then max or min replicas; the
    // reason is the policies' limit when it is tighter than max (min) replicas.
    public static LimitedReplicas WithBehaviorRate(HpaBehavior behavior, HpaHistory history, int current, int desired, int minReplicas, int maxReplicas,
        TimeSpan now)
    {
        if (desired > current)
        {
            // A limit below current waits for scale-up events to age out rather than scaling down.
            var scaleUpLimit = Math.Max(ScaleUpLimitWithScalingRules(current, history.ScaleUpEvents, history.ScaleDownEvents, behavior.ScaleUp, now), current);
            var (maximumAllowed, limit) = Upper(scaleUpLimit, maxReplicas);
            return desired > maximumAllowed ? new(maximumAllowed, limit) : new(desired, ScalingLimit.None);
        }
        if (desired < current)
        {
            var scaleDownLimit = Math.Min(ScaleDownLimitWithBehaviors(current, history.ScaleUpEvents, history.ScaleDownEvents, behavior.ScaleDown, now), current);
            var (minimumAllowed, limit) = minReplicas < scaleDownLimit
                ? (scaleDownLimit, ScalingLimit.ScaleDownLimit)
                : (minReplicas, ScalingLimit.TooFewReplicas);
            return desired < minimumAllowed ? new(minimumAllowed, limit) : new(desired, ScalingLimit.None);
        }
        return new(desired, ScalingLimit.None);
    }

    // The lower of the scale-up limit and maxReplicas, and the reason the condition gives when it binds: maxReplicas
    // unless the limit is below it.
    private static (int Allowed, ScalingLimit Limit) Upper(int scaleUpLimit, int maxReplicas) =>
        maxReplicas > scaleUpLimit ? (scaleUpLimit, ScalingLimit.ScaleUpLimit) : (maxReplicas, ScalingLimit.TooManyReplicas);

    // calculateScaleUpLimitWithScalingRules: the most replicas any (Max) or every (Min) policy allows,
    // counted from the replicas at the start of each policy's period.
    public static int ScaleUpLimitWithScalingRules(int current, ImmutableList<ScaleEvent> upEvents, ImmutableList<ScaleEvent> downEvents, ScalingRules rules, TimeSpan now)
    {
        if (rules.SelectPolicy == SelectPolicy.Disabled)
        {
            return current;
        }
        var min = rules.SelectPolicy == SelectPolicy.Min;
        var result = min ? int.MaxValue : int.MinValue;
        foreach (var policy in rules.Policies)
        {
            var periodStart = PeriodStartReplicas(current, policy, upEvents, downEvents, now);
            // Rounded up, or a small percentage of few replicas would never add a pod.
            var proposed = policy.Type == ScalingPolicyType.Pods
                ? periodStart + policy.Value
                : (int)Math.Ceiling(periodStart * (1 + (double)policy.Value / 100));
            result = min ? Math.Min(result, proposed) : Math.Max(result, proposed);
        }
        return result;
    }

    // calculateScaleDownLimitWithBehaviors: the fewest replicas any (Max) or every (Min) policy allows.
    public static int ScaleDownLimitWithBehaviors(int current, ImmutableList<ScaleEvent> upEvents, ImmutableList<ScaleEvent> downEvents, ScalingRules rules, TimeSpan now)
    {
        if (rules.SelectPolicy == SelectPolicy.Disabled)
        {
            return current;
        }
        var min = rules.SelectPolicy == SelectPolicy.Min;
        var result = min ? int.MinValue : int.MaxValue;
        foreach (var policy in rules.Policies)
        {
            var periodStart = PeriodStartReplicas(current, policy, upEvents, downEvents, now);
            // Truncated, as Go's int32 conversion truncates.
            var proposed = policy.Type == ScalingPolicyType.Pods
                ? periodStart - policy.Value
                : (int)(periodStart * (1 - (double)policy.Value / 100));
            result = min ? Math.Max(result, proposed) : Math.Min(result, proposed);
        }
        return result;
    }

    // The replicas before the changes made within the policy's period.
    private static int PeriodStartReplicas(int current, ScalingPolicy policy, ImmutableList<ScaleEvent> upEvents, ImmutableList<ScaleEvent> downEvents, TimeSpan now) =>
        current - ReplicasChangePerPeriod(policy.PeriodSeconds, upEvents, now) + ReplicasChangePerPeriod(policy.PeriodSeconds, downEvents, now);

    // getReplicasChangePerPeriod: the pods changed by events within the period.
    public static int ReplicasChangePerPeriod(int periodSeconds, ImmutableList<ScaleEvent> events, TimeSpan now) =>
        events.Where(e => Window.Contains(e.Timestamp, now, Window.Seconds(periodSeconds))).Sum(e => e.ReplicaChange);
}
