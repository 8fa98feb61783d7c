using Headroom.Signals.Catalog;
using Headroom.Signals.Replicas;
using Headroom.Signals.Snapshots;
using Headroom.Signals.Workloads;

namespace Headroom.Signals.Tests.Replicas;

/// <summary>The owned snapshot a peer reads: every value, pod and decision input comes back as it went.</summary>
public sealed class PeerSnapshotsTests
{
    private static readonly WorkloadSpec Chat = new() { Name = "chat", Namespace = "ml" };
    private static readonly DateTimeOffset T0 = new(2025, 1, 1, 0, 0, 0, TimeSpan.Zero);
    private static readonly Dictionary<(string, string), WorkloadSpec> Configured = new() { [("ml", "chat")] = Chat };

    [Fact]
    public void A_snapshot_comes_back_value_for_value()
    {
        var values = new MetricValues { [CatalogMetric.DesiredReplicas] = 7, [CatalogMetric.TokenThroughput] = 1234.5678901234 };
        var pod = new PodSignals("chat-1", new Dictionary<string, string> { ["app"] = "chat" }, "node-a",
            new MetricValues { [CatalogMetric.QueueDepth] = 3 });
        var decision = new ReplicaDecision(2, 1, 20_000, 2000, true, false, 100, 200, 1.5, 1e6, 30, 250, "ets", 137, 1, 2, 2, 1, 1, 2, 3, 3, "held");
        var owned = new SignalSnapshot(T0.AddSeconds(1), [new WorkloadSignals(Chat, T0, "slow page", values, [pod], decision)
        {
            OlderNames = ["vllm:gpu_cache_usage_perc"],
            EngineVersions = [new EngineVersionPods("v0.10.1", EngineVersionPods.Current, 3), new EngineVersionPods("v0.8.5", EngineVersionPods.Older, 1)],
        }]);

        var (header, workloads) = PeerSnapshots.Decode(PeerSnapshots.Encode("a", 42, owned), Configured);

        Assert.Equal(("a", 42L, T0.AddSeconds(1)), (header.Member, header.Generation, header.BuiltAt));
        var w = Assert.Single(workloads);
        Assert.Same(Chat, w.Spec);
        Assert.Equal((T0, "slow page"), (w.ObservedAt!.Value, w.LastError));
        foreach (var metric in MetricCatalog.All) Assert.Equal(values[metric.Id], w.Values[metric.Id]);
        Assert.Equal(decision, w.Decision);
        Assert.Equal(["vllm:gpu_cache_usage_perc"], w.OlderNames);
        Assert.Equal([new EngineVersionPods("v0.10.1", "current", 3), new EngineVersionPods("v0.8.5", "older", 1)], w.EngineVersions);
        var p = Assert.Single(w.Pods);
        Assert.Equal(("chat-1", "node-a", "chat"), (p.Name, p.Node, p.Labels["app"]));
        Assert.Equal(3, p.Values[CatalogMetric.QueueDepth]);
        Assert.Null(p.Values[CatalogMetric.TokenThroughput]);
    }

    [Fact]
    public void Workloads_not_configured_here_are_left_out_and_damaged_bytes_are_refused()
    {
        var code = new WorkloadSpec { Name = "code", Namespace = "ml" };
        var owned = new SignalSnapshot(T0, [WorkloadSignals.NotYetObserved(Chat), new WorkloadSignals(code, T0, null,
            new MetricValues { [CatalogMetric.DesiredReplicas] = 4 }, [], null)]);
        var bytes = PeerSnapshots.Encode("a", 1, owned);

        var (_, workloads) = PeerSnapshots.Decode(bytes, new Dictionary<(string, string), WorkloadSpec> { [("ml", "code")] = code });

        Assert.Equal(4, Assert.Single(workloads).Values[CatalogMetric.DesiredReplicas]);
        Assert.Null(PeerSnapshots.Decode(bytes, Configured).Workloads.Single().ObservedAt);
        Assert.Throws<InvalidDataException>(() => PeerSnapshots.Decode(bytes[..^3], Configured));
        Assert.Throws<InvalidDataException>(() => PeerSnapshots.Decode([.. bytes, 0], Configured));
        Assert.Throws<InvalidDataException>(() => PeerSnapshots.Decode("[1]"u8.ToArray(), Configured));
        // A count that claims more elements than bytes remain fails before anything is allocated for it.
        var corrupt = (byte[])bytes.Clone();
        // The metric count follows the magic (4 bytes), the version (1), the member "a" (2), the generation (8) and the instant (8).
        BitConverter.TryWriteBytes(corrupt.AsSpan(23), int.MaxValue);
        Assert.Throws<InvalidDataException>(() => PeerSnapshots.Decode(corrupt, Configured));
    }

    [Fact]
    public void A_version_1_snapshot_from_a_replica_not_yet_upgraded_reads_with_no_engine_versions()
    {
        var owned = new SignalSnapshot(T0, [new WorkloadSignals(Chat, T0, null, new MetricValues { [CatalogMetric.DesiredReplicas] = 5 }, [], null)]);
        var current = PeerSnapshots.Encode("a", 1, owned);
        // Version 1 is version 2 without each workload's engine-version count (here the last 4 bytes, zero).
        var v1 = current[..^4];
        v1[4] = 1;
        var newer = (byte[])current.Clone();
        newer[4] = 3;

        var w = Assert.Single(PeerSnapshots.Decode(v1, Configured).Workloads);

        Assert.Equal(5, w.Values[CatalogMetric.DesiredReplicas]);
        Assert.Empty(w.EngineVersions);
        Assert.Equal(0, BitConverter.ToInt32(current.AsSpan(current.Length - 4)));
        var refused = Assert.Throws<InvalidDataException>(() => PeerSnapshots.Decode(newer, Configured));
        Assert.Contains("version 3", refused.Message);
    }
}
