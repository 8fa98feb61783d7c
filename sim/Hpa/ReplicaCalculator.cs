namespace Headroom.Sim.Hpa;

// pkg/controller/podautoscaler/replica_calculator.go: one metric's replica proposal. Errors throw
// MetricException where the Go code returns an error.
internal static class ReplicaCalculator
{
    // GetResourceReplicas: a Utilization target of a Resource or ContainerResource metric.
    public static int ResourceReplicas(int currentReplicas, int targetUtilization, string resource, Tolerances tolerances,
        IReadOnlyList<PodState> pods, PerPodSample sample)
    {
        if (pods.Count == 0)
        {
            throw new MetricException("no pods returned by selector while calculating replica count");
        }
        var groups = PodGroups.Of(pods, sample.ValuesMilli, resource == "cpu");
        var metrics = groups.UsableMetrics(sample.ValuesMilli);
        if (metrics.Count == 0)
        {
            throw new MetricException("did not receive metrics for targeted pods (pods might be unready)");
        }
        var requests = Requests(pods, sample, resource);
        var (usageRatio, _) = Utilization.ResourceRatio(metrics, requests, targetUtilization);

        var scaleUpWithUnready = groups.Unready.Count > 0 && usageRatio > 1.0;
        if (!scaleUpWithUnready && groups.Missing.Count == 0)
        {
            return tolerances.IsWithin(usageRatio) ? currentReplicas : (int)Math.Ceiling(usageRatio * groups.ReadyPodCount);
        }

        if (groups.Missing.Count > 0)
        {
            if (usageRatio < 1.0)
            {
                // On a scale-down a pod without a metric is taken to use its whole request, or the target when that is higher.
                long fallbackUtilization = Math.Max(100, targetUtilization);
                foreach (var pod in groups.Missing)
                {
                    metrics[pod] = requests[pod] * fallbackUtilization / 100;
                }
            }
            else if (usageRatio > 1.0)
            {
                // On a scale-up it is taken to use nothing.
                foreach (var pod in groups.Missing)
                {
                    metrics[pod] = 0;
                }
            }
        }
        if (scaleUpWithUnready)
        {
            foreach (var pod in groups.Unready)
            {
                metrics[pod] = 0;
            }
        }

        var (newUsageRatio, _) = Utilization.ResourceRatio(metrics, requests, targetUtilization);
        return Rerun(currentReplicas, tolerances, usageRatio, newUsageRatio, metrics.Count);
    }

    // GetRawResourceReplicas: an AverageValue target of a Resource or ContainerResource metric.
    public static int RawResourceReplicas(int currentReplicas, long targetUsage, string resource, Tolerances tolerances,
        IReadOnlyList<PodState> pods, PerPodSample sample) =>
        PlainMetricReplicas(sample.ValuesMilli, currentReplicas, targetUsage, tolerances, pods, resource == "cpu");

    // GetMetricReplicas: a Pods metric; readiness does not matter (the resource passed to groupPods is empty).
    public static int PodsMetricReplicas(int currentReplicas, long targetUsage, Tolerances tolerances,
        IReadOnlyList<PodState> pods, PerPodSample sample) =>
        PlainMetricReplicas(sample.ValuesMilli, currentReplicas, targetUsage, tolerances, pods, isCpu: false);

    // GetObjectMetricReplicas and GetExternalMetricReplicas, which differ only in how they fetch the value:
    // the value over the target, times the ready pods.
    public static int ValueReplicas(int currentReplicas, long targetUsage, long usage, Tolerances tolerances, IReadOnlyList<PodState> pods)
    {
        var usageRatio = (double)usage / targetUsage;
        return UsageRatioReplicaCount(currentReplicas, usageRatio, tolerances, pods);
    }

    // GetObjectPerPodMetricReplicas and GetExternalPerPodMetricReplicas: the tolerance is judged against
    // status.replicas, but the proposal is the value over the per-pod target, whatever the pods.
    public static int PerPodValueReplicas(int statusReplicas, long targetAverageUsage, long usage, Tolerances tolerances)
    {
        var usageRatio = usage / ((double)targetAverageUsage * statusReplicas);
        if (tolerances.IsWithin(usageRatio))
        {
            return statusReplicas;
        }
        // GetExternalPerPodMetricReplicas caps at MaxInt32; the Object variant converts without a cap.
        return CeilingToInt32((double)usage / targetAverageUsage);
    }

    // calcPlainMetricReplicas.
    private static int PlainMetricReplicas(IReadOnlyDictionary<string, long> values, int currentReplicas, long targetUsage,
        Tolerances tolerances, IReadOnlyList<PodState> pods, bool isCpu)
    {
        if (pods.Count == 0)
        {
            throw new MetricException("no pods returned by selector while calculating replica count");
        }
        var groups = PodGroups.Of(pods, values, isCpu);
        var metrics = groups.UsableMetrics(values);
        if (metrics.Count == 0)
        {
            throw new MetricException("did not receive metrics for targeted pods (pods might be unready)");
        }
        var usageRatio = Utilization.UsageRatio(metrics, targetUsage);

        var scaleUpWithUnready = groups.Unready.Count > 0 && usageRatio > 1.0;
        if (!scaleUpWithUnready && groups.Missing.Count == 0)
        {
            return tolerances.IsWithin(usageRatio) ? currentReplicas : (int)Math.Ceiling(usageRatio * groups.ReadyPodCount);
        }

        if (groups.Missing.Count > 0)
        {
            // A pod without a metric is taken to be exactly at target on a scale-down, idle on a scale-up.
            long? assumed = usageRatio < 1.0 ? targetUsage : usageRatio > 1.0 ? 0 : null;
            if (assumed is { } value)
            {
                foreach (var pod in groups.Missing)
                {
                    metrics[pod] = value;
                }
            }
        }
        if (scaleUpWithUnready)
        {
            foreach (var pod in groups.Unready)
            {
                metrics[pod] = 0;
            }
        }

        var newUsageRatio = Utilization.UsageRatio(metrics, targetUsage);
        return Rerun(currentReplicas, tolerances, usageRatio, newUsageRatio, metrics.Count);
    }

    // The tail shared by GetResourceReplicas and calcPlainMetricReplicas: with the assumed values filled in,
    // keep the current count if the change is within tolerance or would reverse the direction of scaling.
    private static int Rerun(int currentReplicas, Tolerances tolerances, double usageRatio, double newUsageRatio, int podsCounted)
    {
        if (tolerances.IsWithin(newUsageRatio) || (usageRatio < 1.0 && newUsageRatio > 1.0) || (usageRatio > 1.0 && newUsageRatio < 1.0))
        {
            return currentReplicas;
        }
        var newReplicas = (int)Math.Ceiling(newUsageRatio * podsCounted);
        if ((newUsageRatio < 1.0 && newReplicas > currentReplicas) || (newUsageRatio > 1.0 && newReplicas < currentReplicas))
        {
            return currentReplicas;
        }
        return newReplicas;
    }

    // getUsageRatioReplicaCount: from zero replicas, the ratio alone (so Object and External metrics can
    // scale from zero); otherwise the ratio times the ready pods, unless within tolerance.
    private static int UsageRatioReplicaCount(int currentReplicas, double usageRatio, Tolerances tolerances, IReadOnlyList<PodState> pods)
    {
        if (currentReplicas == 0)
        {
            return (int)Math.Ceiling(usageRatio);
        }
        if (tolerances.IsWithin(usageRatio))
        {
            return currentReplicas;
        }
        return CeilingToInt32(usageRatio * ReadyPodsCount(pods));
    }

    // getReadyPodsCount: running pods whose Ready condition is true.
    private static int ReadyPodsCount(IReadOnlyList<PodState> pods)
    {
        if (pods.Count == 0)
        {
            throw new MetricException("unable to calculate ready pods: no pods returned by selector while calculating replica count");
        }
        return pods.Count(p => p.Phase == PodPhase.Running && p.Ready);
    }

    // calculateRequests: every selected pod needs a request for a utilization.
    private static IReadOnlyDictionary<string, long> Requests(IReadOnlyList<PodState> pods, PerPodSample sample, string resource)
    {
        var requests = sample.RequestsMilli ?? throw new ArgumentException($"a Utilization target of {resource} needs the pods' requests");
        var missing = pods.FirstOrDefault(p => !requests.ContainsKey(p.Name));
        if (missing is not null)
        {
            throw new MetricException($"missing request for {resource} in Pod {missing.Name}");
        }
        return requests;
    }

    private static int CeilingToInt32(double replicas) => replicas > int.MaxValue ? int.MaxValue : (int)Math.Ceiling(replicas);
}
