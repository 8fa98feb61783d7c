using Headroom.Sim.Hpa;

namespace Headroom.Sim.Keda;

// pkg/fallback/fallback.go: what KEDA's metrics server answers the HPA for a trigger whose scaler fails.
internal static class KedaFallback
{
    // GetMetricsWithFallback: the failure count that is already past failureThreshold selects the fallback
    // (NumberOfFailures > FailureThreshold, so threshold 3 falls back from the fourth failure on).
    public static bool Applies(Fallback? fallback, int failures) => fallback is not null && failures > fallback.FailureThreshold;

    // doFallback: a value the HPA turns back into the fallback's replica count. For an AverageValue target
    // that is target × replicas; for a Value target it is divided by the ready pods, as the HPA multiplies
    // a Value ratio by them. With no ready pod a Value target cannot fall back, and the metric stays in error.
    public static MetricSample Sample(Fallback fallback, MetricTarget target, int currentReplicas, IReadOnlyList<PodState> pods)
    {
        double replicas = fallback.Behavior switch
        {
            FallbackBehavior.CurrentReplicas => currentReplicas,
            FallbackBehavior.CurrentReplicasIfHigher => Math.Max(currentReplicas, fallback.Replicas),
            FallbackBehavior.CurrentReplicasIfLower => Math.Min(currentReplicas, fallback.Replicas),
            _ => fallback.Replicas,
        };
        long targetMilli;
        if (target.Type == MetricTargetType.Value)
        {
            // getReadyReplicasCount: pods Running with the Ready condition.
            var ready = pods.Count(p => p.Phase == PodPhase.Running && p.Ready);
            if (ready == 0)
            {
                return MetricSample.Failed("error performing fallback: readyReplicas is zero, cannot do fallback");
            }
            replicas /= ready;
            targetMilli = target.ValueMilli!.Value;
        }
        else
        {
            targetMilli = target.AverageValueMilli!.Value;
        }
        // resource.NewMilliQuantity(int64(normalisationValue*1000*replicas)): truncated to whole milli-units.
        return MetricSample.Total((long)(targetMilli * replicas));
    }
}
