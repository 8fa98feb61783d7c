using Headroom.Signals.Catalog;
using Headroom.Signals.Pipeline;
using Headroom.Signals.Snapshots;
using Headroom.Signals.Tests.Support;
using Headroom.Signals.Workloads;
using static Headroom.Signals.Tests.Support.Readings;

namespace Headroom.Signals.Tests.Pipeline;

/// <summary>
/// Each pod's memory follows its name, whatever order a source lists the pods in, and a published snapshot keeps the
/// pods' values of its own cycle however late they are read.
/// </summary>
public class SignalPipelinePodOrderTests
{
    private const string Chat = "chat";
    private readonly PipelineRig _rig = new(new SignalOptions(), new WorkloadSpec
    {
        Name = Chat,
        Namespace = "ml",
        TokensPerSecondPerReplica = 100,
    });

    // Two-second cycles: a counter at perSecond * 2 * cycle rises at perSecond.
    private static double Counter(double perSecond, int cycle) => perSecond * 2 * cycle;

    private static double? Rate(WorkloadSignals w, string pod) =>
        w.Pods.Single(p => p.Name == pod).Values[CatalogMetric.TokenThroughput];

    [Fact]
    public async Task Pods_listed_in_another_order_keep_their_own_rates()
    {
        await _rig.CycleAsync(Chat, 0, Pod("a", Counter(100, 0)), Pod("b", Counter(300, 0)), Pod("c", Counter(500, 0)));
        await _rig.CycleAsync(Chat, 0, Pod("a", Counter(100, 1)), Pod("b", Counter(300, 1)), Pod("c", Counter(500, 1)));

        var w = await _rig.CycleAsync(Chat, 0, Pod("c", Counter(500, 2)), Pod("a", Counter(100, 2)), Pod("b", Counter(300, 2)));

        Assert.Equal(["c", "a", "b"], w.Pods.Select(p => p.Name));
        Assert.Equal(100, Rate(w, "a")!.Value, 9);
        Assert.Equal(300, Rate(w, "b")!.Value, 9);
        Assert.Equal(500, Rate(w, "c")!.Value, 9);
        Assert.Equal(900, w.Values[CatalogMetric.TokenThroughput]!.Value, 9);
    }

    [Fact]
    public async Task A_pod_that_left_starts_afresh_when_it_is_back()
    {
        await _rig.CycleAsync(Chat, 0, Pod("a", Counter(100, 0)), Pod("b", Counter(300, 0)));
        await _rig.CycleAsync(Chat, 0, Pod("a", Counter(100, 1)), Pod("b", Counter(300, 1)));
        await _rig.CycleAsync(Chat, 0, Pod("a", Counter(100, 2)));

        var w = await _rig.CycleAsync(Chat, 0, Pod("a", Counter(100, 3)), Pod("b", Counter(300, 3)));

        // Forgotten while it was away: back, it is a new pod, with no rate until its second reading.
        Assert.Equal(100, Rate(w, "a")!.Value, 9);
        Assert.Null(Rate(w, "b"));
    }

    [Fact]
    public async Task A_snapshot_read_after_later_cycles_shows_its_own_cycle()
    {
        await _rig.CycleAsync(Chat, 0, Pod("a", Counter(100, 0), waiting: 1));
        var first = await _rig.CycleAsync(Chat, 0, Pod("a", Counter(100, 1), waiting: 2));

        var second = (await _rig.CycleAsync(Chat, 0, Pod("a", Counter(100, 1) + 2000, waiting: 7), Pod("b", 0))).Pods;

        // The first snapshot's pods are read only now, after the pods' memory moved on.
        var firstPod = first.Pods.Single().Values;
        var firstDesired = first.Values[CatalogMetric.DesiredReplicas];
        Assert.Equal(100, firstPod[CatalogMetric.TokenThroughput]!.Value, 9);
        Assert.Equal(2, firstPod[CatalogMetric.QueueDepth]);
        Assert.Equal(firstDesired, firstPod[CatalogMetric.DesiredReplicas]);
        Assert.Equal(2, second.Count);
        Assert.Equal(7, second[0].Values[CatalogMetric.QueueDepth]);
        Assert.True(second[0].Values[CatalogMetric.TokenThroughput] > 100);
    }
}
