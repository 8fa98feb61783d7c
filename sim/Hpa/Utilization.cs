namespace Headroom.Sim.Hpa;

// pkg/controller/podautoscaler/metrics/utilization.go. The integer divisions are the controller's:
// utilization is a whole percent and an average usage a whole number of milli-units.
internal static class Utilization
{
    // GetResourceUtilizationRatio: sum of usage over sum of requests, over the pods that have a request.
    public static (double Ratio, int Utilization) ResourceRatio(IReadOnlyDictionary<string, long> metrics, IReadOnlyDictionary<string, long> requests, int targetUtilization)
    {
        long metricsTotal = 0;
        long requestsTotal = 0;
        foreach (var (pod, value) in metrics)
        {
            // The Go code checks missing requests elsewhere; a metric without one is extraneous.
            if (!requests.TryGetValue(pod, out var request))
            {
                continue;
            }
            metricsTotal += value;
            requestsTotal += request;
        }
        if (requestsTotal == 0)
        {
            throw new MetricException("no metrics returned matched known pods");
        }
        var utilization = (int)(metricsTotal * 100 / requestsTotal);
        return ((double)utilization / targetUtilization, utilization);
    }

    // GetMetricUsageRatio: the mean per-pod value over the target.
    public static double UsageRatio(IReadOnlyDictionary<string, long> metrics, long targetUsage)
    {
        long metricsTotal = 0;
        foreach (var value in metrics.Values)
        {
            metricsTotal += value;
        }
        var currentUsage = metricsTotal / metrics.Count;
        return (double)currentUsage / targetUsage;
    }
}
