using Headroom.Signals.Catalog;
using Headroom.Signals.Replicas;
using Headroom.Signals.Snapshots;
using Headroom.Signals.Workloads;

namespace Headroom.Signals.Tests.Replicas;

/// <summary>
/// What every replica serves from its own and its peers' owned snapshots: the latest observation of each workload,
/// the same whichever replica composes it, and no data (never zero) where no member has observed one.
/// </summary>
public sealed class SharedSnapshotTests
{
    private static readonly WorkloadSpec Chat = new() { Name = "chat", Namespace = "ml" };
    private static readonly WorkloadSpec Code = new() { Name = "code", Namespace = "ml" };
    private static readonly DateTimeOffset T0 = new(2025, 1, 1, 0, 0, 0, TimeSpan.Zero);

    private static WorkloadSignals Observed(WorkloadSpec spec, DateTimeOffset at, double desired, string? error = null) =>
        new(spec, at, error, new MetricValues { [CatalogMetric.DesiredReplicas] = desired }, [], null);

    [Fact]
    public void Each_workload_is_served_from_its_latest_observation_in_configured_order()
    {
        (string, IReadOnlyList<WorkloadSignals>)[] members =
        [
            ("b", [Observed(Code, T0.AddSeconds(4), 3)]),
            // a owned chat before; its last values are older than b's first, which win.
            ("a", [Observed(Chat, T0, 1), Observed(Code, T0.AddSeconds(2), 2)]),
        ];

        var served = SharedSnapshot.Compose([Chat, Code], T0.AddSeconds(5), members);

        Assert.Equal(["chat", "code"], served.Workloads.Select(w => w.Spec.Name));
        Assert.Equal(1, served.Workloads[0].Values[CatalogMetric.DesiredReplicas]);
        Assert.Equal(3, served.Workloads[1].Values[CatalogMetric.DesiredReplicas]);
        Assert.Equal(T0.AddSeconds(5), served.BuiltAt);
    }

    [Fact]
    public void The_roles_of_one_workload_are_shared_apart_and_round_trip_through_a_peer()
    {
        var prefill = Chat with { Role = new WorkloadRole("prefill", WorkloadRole.LlmdRoleLabel, "prefill") };
        var decode = Chat with { Role = new WorkloadRole("decode", WorkloadRole.LlmdRoleLabel, "decode") };
        var owned = new SignalSnapshot(T0, [Observed(prefill, T0, 6), Observed(decode, T0, 2)]);
        var configured = new[] { prefill, decode }.ToDictionary(w => (w.Namespace, w.Id));

        var (_, decoded) = PeerSnapshots.Decode(PeerSnapshots.Encode("a", 1, owned), configured);
        var served = SharedSnapshot.Compose([prefill, decode], T0, [("a", decoded)]);

        Assert.Equal(["chat/prefill", "chat/decode"], served.Workloads.Select(w => w.Spec.Id));
        Assert.Equal([6.0, 2.0], served.Workloads.Select(w => w.Values[CatalogMetric.DesiredReplicas]!.Value));
    }

    [Fact]
    public void Every_replica_composes_the_same_snapshot_whatever_order_it_holds_its_peers_in()
    {
        (string, IReadOnlyList<WorkloadSignals>) a = ("a", [Observed(Chat, T0, 4)]);
        (string, IReadOnlyList<WorkloadSignals>) b = ("b", [Observed(Chat, T0, 5)]);

        var one = SharedSnapshot.Compose([Chat], T0, [a, b]).Workloads.Single();
        var other = SharedSnapshot.Compose([Chat], T0, [b, a]).Workloads.Single();

        Assert.Same(one, other);
        Assert.Equal(4, one.Values[CatalogMetric.DesiredReplicas]);
    }

    [Fact]
    public void A_workload_no_member_has_observed_is_served_as_not_yet_observed()
    {
        var served = SharedSnapshot.Compose([Chat, Code], T0, [("a", [Observed(Chat, T0, 1)])]);

        var code = served.Workloads[1];
        Assert.Null(code.ObservedAt);
        Assert.Null(code.Values[CatalogMetric.DesiredReplicas]);
    }
}
