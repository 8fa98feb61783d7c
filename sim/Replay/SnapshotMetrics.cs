using Headroom.Signals.Catalog;
using Headroom.Signals.Snapshots;
using Headroom.Sim.Hpa;

namespace Headroom.Sim.Replay;

/// <summary>
/// Answers the HPA's metric reads from a signal snapshot as the adapter's provider does: External and Object metrics
/// get the workload's value, Pods metrics each ready pod's value; a missing or stale value is an error, never zero.
/// </summary>
public sealed class SnapshotMetrics(WorkloadSignals workload, DateTimeOffset now, TimeSpan staleAfter)
{
    /// <summary>A workload-level value, or null when missing or stale.</summary>
    public double? Value(CatalogMetric metric) => Fresh() is null ? workload.Values[metric] : null;

    /// <summary>The workload's values and ready pods as Headroom's KEDA scaler reads them, or null when missing or stale.</summary>
    public (int ReadyPods, MetricValues Values)? Workload() => Fresh() is null ? (workload.Pods.Count, workload.Values) : null;

    /// <summary>Each ready pod's value of <paramref name="metric"/> (pods without one left out), or null when the data is missing or stale.</summary>
    public IReadOnlyList<double>? PodValues(CatalogMetric metric)
    {
        if (Fresh() is not null) return null;
        var values = new List<double>(workload.Pods.Count);
        foreach (var pod in workload.Pods)
        {
            if (pod.Values[metric] is { } v) values.Add(v);
        }
        return values;
    }

    /// <summary>Each ready pod's values of two metrics, by pod name, for pods that report both (empty when stale).</summary>
    public IReadOnlyDictionary<string, (double First, double Second)> PodSamples(CatalogMetric first, CatalogMetric second)
    {
        var samples = new Dictionary<string, (double, double)>(StringComparer.Ordinal);
        if (Fresh() is not null) return samples;
        foreach (var pod in workload.Pods)
        {
            if (pod.Values[first] is { } a && pod.Values[second] is { } b) samples[pod.Name] = (a, b);
        }
        return samples;
    }

    /// <summary>The inputs and reason of Headroom's desired-replicas decision, when it could be made.</summary>
    public ReplicaDecision? Decision => workload.Decision;

    /// <summary>Why the workload's values cannot be served, or null when they can.</summary>
    public string? Problem => Fresh();

    /// <summary>What the metrics API returns for one metric of an HPA.</summary>
    public MetricSample Read(MetricSpec metric)
    {
        if (metric.Type is MetricSourceType.Resource or MetricSourceType.ContainerResource)
            return MetricSample.Failed($"the simulator has no resource metrics ({metric.Key}); use a headroom_* metric");
        if (!MetricCatalog.TryGet(metric.Name, out var definition))
            return MetricSample.Failed($"the adapter does not serve {metric.Name}");
        if (Fresh() is { } stale) return MetricSample.Failed(stale);
        if (metric.Type == MetricSourceType.Pods)
        {
            var values = new Dictionary<string, long>(workload.Pods.Count);
            foreach (var pod in workload.Pods)
            {
                if (pod.Values[definition.Id] is { } v) values[pod.Name] = Milli(v);
            }
            return values.Count == 0 ? MetricSample.Failed($"no pod reports {metric.Name}") : MetricSample.PerPod(values);
        }
        return workload.Values[definition.Id] is { } total
            ? MetricSample.Total(Milli(total))
            : MetricSample.Failed($"{metric.Name} is missing for workload {workload.Spec.Name}");
    }

    private string? Fresh()
    {
        if (workload.ObservedAt is not { } at) return "no data yet";
        return now - at > staleAfter ? $"data is {(now - at).TotalSeconds:F0}s old" : null;
    }

    // The adapter writes nano-precision quantities; the controller reads them as MilliValue.
    private static long Milli(double value) => Quantities.Milli(Math.Round((decimal)value, 9));
}
