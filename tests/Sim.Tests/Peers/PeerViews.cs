using Headroom.Signals.Catalog;
using Headroom.Signals.Snapshots;
using Headroom.Signals.Workloads;
using Headroom.Sim.Replay;

namespace Headroom.Sim.Tests.Peers;

// Controller views over hand-made signals: ready pods with one value each of a catalog metric.
internal static class PeerViews
{
    private static readonly WorkloadSpec Spec = new() { Name = "llm", Namespace = "sim" };

    public static ControllerView View(double seconds, int replicas, CatalogMetric metric, params double[] perPod)
    {
        var at = DateTimeOffset.UnixEpoch.AddSeconds(seconds);
        var pods = perPod.Select((value, i) =>
        {
            var values = new MetricValues();
            values.Set(metric, value);
            return new PodSignals($"pod-{i}", new Dictionary<string, string>(), null, values);
        }).ToArray();
        var workload = new WorkloadSignals(Spec, at, null, new MetricValues(), pods, null);
        var names = Enumerable.Range(0, replicas).Select(i => ($"pod-{i}", i < perPod.Length)).ToArray();
        return new ControllerView(TimeSpan.FromSeconds(seconds), replicas, names, new SnapshotMetrics(workload, at, TimeSpan.FromSeconds(30)));
    }

    public static ControllerView Stale(double seconds, int replicas)
    {
        var workload = WorkloadSignals.NotYetObserved(Spec);
        var names = Enumerable.Range(0, replicas).Select(i => ($"pod-{i}", true)).ToArray();
        return new ControllerView(TimeSpan.FromSeconds(seconds), replicas, names,
            new SnapshotMetrics(workload, DateTimeOffset.UnixEpoch.AddSeconds(seconds), TimeSpan.FromSeconds(30)));
    }
}
