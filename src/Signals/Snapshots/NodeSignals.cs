using Headroom.Signals.Catalog;

namespace Headroom.Signals.Snapshots;

/// <summary>Node-level signals, combined from the ready pods on the node.</summary>
/// <param name="Name">Node name.</param>
/// <param name="ObservedAt">The oldest observation among the workloads that contributed.</param>
/// <param name="Values">Values of the metrics served on nodes.</param>
public sealed record NodeSignals(string Name, DateTimeOffset ObservedAt, MetricValues Values)
{
    /// <summary>Labels of a node's series.</summary>
    public IReadOnlyDictionary<string, string> MetricLabels { get; } = new Dictionary<string, string> { ["node"] = Name };

    internal static IEnumerable<NodeSignals> FromWorkloads(IReadOnlyList<WorkloadSignals> workloads)
    {
        var nodeMetrics = MetricCatalog.All.Where(m => m.OnNodes).ToArray();
        var pods = workloads
            .Where(w => w.ObservedAt is not null)
            .SelectMany(w => w.Pods.Where(p => p.Node is not null).Select(p => (Workload: w, Pod: p)));
        foreach (var node in pods.GroupBy(x => x.Pod.Node!, StringComparer.Ordinal))
        {
            var values = new MetricValues();
            foreach (var metric in nodeMetrics)
            {
                values.Set(metric.Id, Aggregate.Combine(metric.Aggregation, node.Select(x => x.Pod.Values[metric.Id])));
            }
            yield return new NodeSignals(node.Key, node.Min(x => x.Workload.ObservedAt!.Value), values);
        }
    }
}
