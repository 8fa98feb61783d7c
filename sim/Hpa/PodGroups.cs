namespace Headroom.Sim.Hpa;

// The pods of one per-pod metric, sorted as groupPods in replica_calculator.go sorts them.
internal sealed record PodGroups(int ReadyPodCount, IReadOnlyList<string> Unready, IReadOnlyList<string> Missing, IReadOnlyList<string> Ignored)
{
    // groupPods. For cpu the Go code decides readiness from the Ready condition, the pod's start time,
    // --horizontal-pod-autoscaler-cpu-initialization-period and --horizontal-pod-autoscaler-initial-readiness-delay;
    // the model takes PodState.Ready as the outcome of that test. Other metrics ignore readiness.
    public static PodGroups Of(IReadOnlyList<PodState> pods, IReadOnlyDictionary<string, long> metrics, bool isCpu)
    {
        var ready = 0;
        var unready = new List<string>();
        var missing = new List<string>();
        var ignored = new List<string>();
        foreach (var pod in pods)
        {
            if (pod.Deleting || pod.Phase == PodPhase.Failed)
            {
                ignored.Add(pod.Name);
            }
            else if (pod.Phase == PodPhase.Pending)
            {
                unready.Add(pod.Name);
            }
            else if (!metrics.ContainsKey(pod.Name))
            {
                missing.Add(pod.Name);
            }
            else if (isCpu && !pod.Ready)
            {
                unready.Add(pod.Name);
            }
            else
            {
                ready++;
            }
        }
        return new PodGroups(ready, unready, missing, ignored);
    }

    // removeMetricsForPods, for the ignored and the unready pods, as both callers do.
    public Dictionary<string, long> UsableMetrics(IReadOnlyDictionary<string, long> metrics)
    {
        var usable = new Dictionary<string, long>(metrics);
        foreach (var pod in Ignored.Concat(Unready))
        {
            usable.Remove(pod);
        }
        return usable;
    }
}
