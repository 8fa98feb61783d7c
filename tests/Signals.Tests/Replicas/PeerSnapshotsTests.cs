using System.Text;
using System.Text.Json;
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
        var decision = new ReplicaDecision(2, 1, 20_000, 2000, true, false, 100, 200, 1.5, 1e6, 30, 250, "ets", 137, 1, 2, 1, 1, 2, 3, 3, "held");
        var owned = new SignalSnapshot(T0.AddSeconds(1), [new WorkloadSignals(Chat, T0, "slow page", values, [pod], decision) { OlderNames = ["vllm:gpu_cache_usage_perc"] }]);

        var (header, workloads) = PeerSnapshots.Decode(PeerSnapshots.Encode("a", 42, owned), Configured);

        Assert.Equal(("a", 42L, T0.AddSeconds(1)), (header.Member, header.Generation, header.BuiltAt));
        var w = Assert.Single(workloads);
        Assert.Same(Chat, w.Spec);
        Assert.Equal((T0, "slow page"), (w.ObservedAt!.Value, w.LastError));
        foreach (var metric in MetricCatalog.All) Assert.Equal(values[metric.Id], w.Values[metric.Id]);
        Assert.Equal(decision, w.Decision);
        Assert.Equal(["vllm:gpu_cache_usage_perc"], w.OlderNames);
        var p = Assert.Single(w.Pods);
        Assert.Equal(("chat-1", "node-a", "chat"), (p.Name, p.Node, p.Labels["app"]));
        Assert.Equal(3, p.Values[CatalogMetric.QueueDepth]);
        Assert.Null(p.Values[CatalogMetric.TokenThroughput]);
    }

    [Fact]
    public void Workloads_not_configured_here_and_metrics_not_known_here_are_left_out()
    {
        var json = $$"""
            {"member":"a","generation":1,"builtAt":"2025-01-01T00:00:00+00:00","metrics":["headroom_desired_replicas","headroom_from_the_future"],
             "workloads":[{"namespace":"ml","name":"chat","observedAt":"2025-01-01T00:00:00+00:00","values":[4,9],"pods":[]},
                          {"namespace":"ml","name":"elsewhere","values":[1,1],"pods":[]}]}
            """;

        var (_, workloads) = PeerSnapshots.Decode(Encoding.UTF8.GetBytes(json), Configured);

        Assert.Equal(4, Assert.Single(workloads).Values[CatalogMetric.DesiredReplicas]);
        Assert.Throws<JsonException>(() => PeerSnapshots.Decode("[1]"u8, Configured));
    }
}
