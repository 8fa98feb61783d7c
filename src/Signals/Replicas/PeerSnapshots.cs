using System.Text.Json;
using Headroom.Signals.Catalog;
using Headroom.Signals.Snapshots;
using Headroom.Signals.Workloads;

namespace Headroom.Signals.Replicas;

/// <summary>Turns the owned part of a snapshot into a <see cref="PeerSnapshot"/> and back.</summary>
public static class PeerSnapshots
{
    private static readonly string[] MetricNames = MetricCatalog.All.Select(m => m.Name).ToArray();

    /// <summary>The JSON a replica serves its peers.</summary>
    public static byte[] Encode(string member, long generation, SignalSnapshot owned)
    {
        var workloads = owned.Workloads.Select(w => new PeerWorkload(w.Spec.Namespace, w.Spec.Name, w.ObservedAt, w.LastError, ValuesOf(w.Values),
            w.Pods.Select(p => new PeerPod(p.Name, p.Labels, p.Node, ValuesOf(p.Values))).ToArray(), w.Decision,
            w.OlderNames.Count == 0 ? null : w.OlderNames)).ToArray();
        return JsonSerializer.SerializeToUtf8Bytes(new PeerSnapshot(member, generation, owned.BuiltAt, MetricNames, workloads),
            ReplicaJsonContext.Default.PeerSnapshot);
    }

    /// <summary>
    /// Reads a peer's JSON into signals of the configured workloads; workloads not configured here (a peer on another
    /// configuration during a rollout) and metrics this version does not know are left out.
    /// </summary>
    /// <exception cref="JsonException">The JSON is not a peer snapshot.</exception>
    public static (PeerSnapshot Header, IReadOnlyList<WorkloadSignals> Workloads) Decode(ReadOnlySpan<byte> json,
        IReadOnlyDictionary<(string Namespace, string Name), WorkloadSpec> configured)
    {
        var peer = JsonSerializer.Deserialize(json, ReplicaJsonContext.Default.PeerSnapshot)
            ?? throw new JsonException("a peer snapshot is null");
        if (peer.Metrics is null || peer.Workloads is null) throw new JsonException("a peer snapshot lacks its metrics or workloads");
        var metrics = peer.Metrics.Select(n => MetricCatalog.TryGet(n, out var d) ? d.Id : (CatalogMetric?)null).ToArray();
        var workloads = new List<WorkloadSignals>(peer.Workloads.Count);
        foreach (var w in peer.Workloads)
        {
            if (w is null || !configured.TryGetValue((w.Namespace, w.Name), out var spec)) continue;
            var pods = (w.Pods ?? []).Where(p => p?.Name is not null)
                .Select(p => new PodSignals(p.Name, p.Labels ?? new Dictionary<string, string>(), p.Node, ValuesFrom(metrics, p.Values))).ToArray();
            workloads.Add(new WorkloadSignals(spec, w.ObservedAt, w.LastError, ValuesFrom(metrics, w.Values), pods, w.Decision)
            {
                OlderNames = w.OlderNames ?? [],
            });
        }
        return (peer, workloads);
    }

    private static double?[] ValuesOf(MetricValues values)
    {
        var list = new double?[MetricNames.Length];
        for (var i = 0; i < list.Length; i++) list[i] = values[MetricCatalog.All[i].Id];
        return list;
    }

    // Non-finite values read as missing, as MetricValues treats them.
    private static MetricValues ValuesFrom(CatalogMetric?[] metrics, IReadOnlyList<double?>? values)
    {
        var result = new MetricValues();
        if (values is null) return result;
        for (var i = 0; i < Math.Min(metrics.Length, values.Count); i++)
        {
            if (metrics[i] is { } metric) result.Set(metric, values[i]);
        }
        return result;
    }
}
