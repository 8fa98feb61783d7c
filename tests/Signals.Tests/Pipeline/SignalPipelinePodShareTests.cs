using Headroom.Signals.Catalog;
using Headroom.Signals.Pipeline;
using Headroom.Signals.Snapshots;
using Headroom.Signals.Tests.Support;
using Headroom.Signals.Workloads;
using static Headroom.Signals.Tests.Support.Readings;

namespace Headroom.Signals.Tests.Pipeline;

/// <summary>
/// Workload-level values shown on pods: desired replicas and demand forecast are shared evenly over ready pods,
/// so that a Pods metric's average is the per-replica value; cold start is the same on every pod.
/// </summary>
public class SignalPipelinePodShareTests
{
    private const string Chat = "chat";
    private readonly PipelineRig _rig = new(new SignalOptions(), new WorkloadSpec
    {
        Name = Chat,
        Namespace = "ml",
        TokensPerSecondPerReplica = 100,
        ColdStartPrior = TimeSpan.FromSeconds(60),
        QueueDrainTarget = TimeSpan.FromSeconds(32),
    });

    private static double Counter(double perSecond, int cycle) => perSecond * 2 * cycle;

    [Fact]
    public async Task Even_shares_divide_the_workload_value_by_the_ready_pods()
    {
        await _rig.CycleAsync(Chat, 4, Pod("a", Counter(100, 0)), Pod("b", Counter(300, 0)));

        var w = await _rig.CycleAsync(Chat, 4, Pod("a", Counter(100, 1)), Pod("b", Counter(300, 1)));

        // Workload: desired replicas as decided (see the replica tests), forecast 400 tokens/s; two ready pods.
        var desired = w.Decision!.Desired;
        Assert.True(desired > 0);
        Assert.Equal(desired, w.Values[CatalogMetric.DesiredReplicas]);
        Assert.All(w.Pods, p =>
        {
            Assert.Equal(desired / 2.0, p.Values[CatalogMetric.DesiredReplicas]!.Value, 9);
            Assert.Equal(200, p.Values[CatalogMetric.TokenDemandForecast]!.Value, 6);
            Assert.Equal(60, p.Values[CatalogMetric.ColdStartSeconds]);
        });
    }

    [Fact]
    public async Task Shares_count_a_new_ready_pod_and_ignore_an_unready_one()
    {
        await _rig.CycleAsync(Chat, 4, Pod("a", Counter(100, 0)), Pod("b", Counter(300, 0)));
        await _rig.CycleAsync(Chat, 4, Pod("a", Counter(100, 1)), Pod("b", Counter(300, 1)));

        var w = await _rig.CycleAsync(Chat, 4,
            Pod("a", Counter(100, 2)), Pod("b", Counter(300, 2)), Pod("c", 0), Pod("d", 0, ready: false));

        var desired = w.Values[CatalogMetric.DesiredReplicas]!.Value;
        var forecast = w.Values[CatalogMetric.TokenDemandForecast]!.Value;
        Assert.Equal(w.Decision!.Desired, desired);
        Assert.Equal(3, w.Pods.Count);
        Assert.All(w.Pods, p =>
        {
            Assert.Equal(desired / 3, p.Values[CatalogMetric.DesiredReplicas]!.Value, 9);
            Assert.Equal(forecast / 3, p.Values[CatalogMetric.TokenDemandForecast]!.Value, 9);
        });
    }

    [Fact]
    public async Task Pods_show_no_share_of_a_decision_that_could_not_be_made()
    {
        var w = await _rig.CycleAsync(Chat, 4, Pod("a", 0), Pod("b", 0));

        Assert.All(w.Pods, p =>
        {
            Assert.Null(p.Values[CatalogMetric.DesiredReplicas]);
            Assert.Null(p.Values[CatalogMetric.TokenDemandForecast]);
            Assert.Equal(60, p.Values[CatalogMetric.ColdStartSeconds]);
        });
    }
}
