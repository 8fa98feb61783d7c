using Headroom.Signals.Catalog;
using Headroom.Signals.Snapshots;
using Prometheus;

namespace Headroom.Adapter.Observability;

/// <summary>
/// The values the adapter serves, per workload, under their served names, and whether each ready pod's engine could be
/// read: a dashboard over Prometheus sees what the HPA and KEDA read without going through the metrics APIs.
/// </summary>
public sealed class ServedSignalMetrics
{
    private readonly Gauge[] _signals;
    private readonly Gauge _podReadings;
    // Pods with a series now, per workload, so that a pod that is gone loses its series; only the cycle thread records.
    private readonly Dictionary<(string Namespace, string Workload), HashSet<string>> _pods = [];

    /// <summary>Registers the metrics.</summary>
    public ServedSignalMetrics(MetricFactory factory)
    {
        _signals = [.. MetricCatalog.All.Select(m => factory.CreateGauge(m.Name, $"{m.Description} As served ({m.Unit}).", "namespace", "workload"))];
        _podReadings = factory.CreateGauge("headroom_pod_readings_up",
            "1 when the ready pod's engine readings were read in the last observation, 0 when the pod could not be read.",
            "namespace", "workload", "pod");
    }

    /// <summary>Records a workload's latest observation.</summary>
    public void Record(WorkloadSignals workload)
    {
        var (ns, name) = (workload.Spec.Namespace, workload.Spec.Id);
        foreach (var metric in MetricCatalog.All)
        {
            // An absent value has no series, so that a dashboard shows a gap rather than a stale number.
            if (workload.Values[metric.Id] is { } value) _signals[(int)metric.Id].WithLabels(ns, name).Set(value);
            else _signals[(int)metric.Id].RemoveLabelled(ns, name);
        }

        if (!_pods.TryGetValue((ns, name), out var known)) _pods[(ns, name)] = known = [];
        var current = new HashSet<string>(StringComparer.Ordinal);
        foreach (var pod in workload.Pods)
        {
            current.Add(pod.Name);
            _podReadings.WithLabels(ns, name, pod.Name).Set(WasRead(pod) ? 1 : 0);
        }
        foreach (var gone in known.Where(p => !current.Contains(p))) _podReadings.RemoveLabelled(ns, name, gone);
        _pods[(ns, name)] = current;
    }

    // A pod that could not be read has none of its own readings; one engine reading is enough to show it answered.
    private static bool WasRead(PodSignals pod) =>
        pod.Values[CatalogMetric.QueueDepth] is not null || pod.Values[CatalogMetric.RunningRequests] is not null
        || pod.Values[CatalogMetric.KvCacheUtilization] is not null || pod.Values[CatalogMetric.TokenThroughput] is not null;
}
