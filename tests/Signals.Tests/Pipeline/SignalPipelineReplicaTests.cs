using Headroom.Signals.Catalog;
using Headroom.Signals.Pipeline;
using Headroom.Signals.Snapshots;
using Headroom.Signals.Tests.Support;
using Headroom.Signals.Workloads;
using static Headroom.Signals.Tests.Support.Readings;

namespace Headroom.Signals.Tests.Pipeline;

/// <summary>
/// The desired-replicas decision with a known capacity prior of 100 tokens/s per replica, a 60 s cold-start prior,
/// and a 32 s drain target, so that one queued request (256 tokens) asks for 8 tokens/s.
/// Lead time = 60 s cold start + 15 s HPA sync + 2 s interval = 77 s.
/// </summary>
public class SignalPipelineReplicaTests
{
    private const string Chat = "chat";
    private static readonly WorkloadSpec Spec = new()
    {
        Name = Chat,
        Namespace = "ml",
        TokensPerSecondPerReplica = 100,
        ColdStartPrior = TimeSpan.FromSeconds(60),
        QueueDrainTarget = TimeSpan.FromSeconds(32),
    };

    private static double Counter(double perSecond, int cycle) => perSecond * 2 * cycle;

    private static PipelineRig Rig(WorkloadSpec? spec = null) => new(new SignalOptions(), spec ?? Spec);

    [Fact]
    public async Task Steady_demand_sizes_replicas_for_demand_and_for_draining_the_queue()
    {
        var rig = Rig();
        WorkloadSignals w = null!;
        for (var cycle = 0; cycle <= 5; cycle++)
        {
            w = await rig.CycleAsync(Chat, 4, Pod("a", Counter(100, cycle)), Pod("b", Counter(300, cycle)));
        }

        var d = w.Decision!;
        Assert.Equal(2, d.ReadyReplicas);
        Assert.Equal(0, d.BusyReplicas);
        Assert.Equal(100, d.CapacityPerReplica);
        Assert.False(d.CapacityLearned);
        Assert.Equal(400, d.Demand, 6);
        Assert.Equal(400, d.ForecastDemand, 6);
        Assert.Equal(77, d.LeadTimeSeconds, 9);
        Assert.Equal(4 * 256, d.QueueTokens);
        Assert.Equal(4, d.ForDemand);   // ceil(400 / 100)
        Assert.Equal(5, d.ForQueue);    // ceil((400 + 1024 / 32) / 100) = ceil(4.32)
        Assert.Equal(5, d.Desired);
        Assert.Equal(5, w.Values[CatalogMetric.DesiredReplicas]);
        Assert.Equal(400, w.Values[CatalogMetric.TokenDemandForecast]!.Value, 6);
    }

    [Fact]
    public async Task No_decision_before_the_first_rate()
    {
        var w = await Rig().CycleAsync(Chat, 4, Pod("a", 0), Pod("b", 0));

        Assert.Null(w.Decision);
        Assert.Null(w.Values[CatalogMetric.DesiredReplicas]);
    }

    [Fact]
    public async Task A_growing_queue_adds_its_growth_in_tokens_to_demand()
    {
        var rig = Rig();
        await rig.CycleAsync(Chat, 0, Pod("a", Counter(100, 0)), Pod("b", Counter(300, 0)));

        // The gateway queue grew from 0 to 40 in 2 s: 20 requests/s, 5120 tokens/s on top of the 400 served.
        var w = await rig.CycleAsync(Chat, 40, Pod("a", Counter(100, 1)), Pod("b", Counter(300, 1)));

        var d = w.Decision!;
        Assert.Equal(5520, d.Demand, 6);
        Assert.Equal(5520, d.ForecastDemand, 6);
        Assert.Equal(40 * 256, d.QueueTokens);
        Assert.Equal(56, d.ForDemand);  // ceil(55.2)
        Assert.Equal(59, d.ForQueue);   // ceil((5520 + 10240 / 32) / 100) = ceil(58.4)
        Assert.Equal(59, d.Desired);
    }

    [Fact]
    public async Task Desired_never_goes_below_the_replicas_that_have_requests_waiting()
    {
        var rig = Rig(Spec with { TokensPerSecondPerReplica = 1_000_000 });
        WorkloadSignals w = null!;
        for (var cycle = 0; cycle <= 2; cycle++)
        {
            w = await rig.CycleAsync(Chat, null,
                Pod("a", Counter(200, cycle), waiting: 1), Pod("b", Counter(200, cycle), waiting: 2),
                Pod("c", Counter(200, cycle), waiting: 1), Pod("d", Counter(200, cycle), waiting: 0));
        }

        var d = w.Decision!;
        Assert.Equal(4, d.ReadyReplicas);
        Assert.Equal(3, d.BusyReplicas);
        Assert.Equal(1, d.ForDemand);
        Assert.Equal(1, d.ForQueue);
        Assert.Equal(3, d.Desired);
    }

    [Fact]
    public async Task An_idle_workload_desires_no_replicas()
    {
        var rig = Rig();
        await rig.CycleAsync(Chat, 0, Pod("a", 500), Pod("b", 900));

        var w = await rig.CycleAsync(Chat, 0, Pod("a", 500), Pod("b", 900));

        Assert.Equal(0, w.Decision!.Desired);
        Assert.Equal(0, w.Values[CatalogMetric.DesiredReplicas]);
    }

    [Fact]
    public async Task Capacity_is_learned_from_busy_pods_with_a_saturated_kv_cache()
    {
        var rig = Rig();
        await rig.CycleAsync(Chat, null, Pod("a", Counter(100, 0), waiting: 1, kvCache: 0.9), Pod("b", Counter(300, 0), waiting: 1, kvCache: 0.9));

        var w = await rig.CycleAsync(Chat, null, Pod("a", Counter(100, 1), waiting: 1, kvCache: 0.9), Pod("b", Counter(300, 1), waiting: 1, kvCache: 0.9));

        // Saturated: 400 tokens/s served by 2 replicas, so a replica sustains 200.
        var d = w.Decision!;
        Assert.True(d.CapacityLearned);
        Assert.Equal(200, d.CapacityPerReplica, 9);
        Assert.Equal(2, d.ForDemand);  // ceil(400 / 200)
        Assert.Equal(3, d.ForQueue);   // ceil((400 + 512 / 32) / 200) = ceil(2.08)
        Assert.Equal(3, d.Desired);
    }

    [Fact]
    public async Task Capacity_is_not_learned_while_the_kv_cache_has_room()
    {
        var rig = Rig();
        await rig.CycleAsync(Chat, null, Pod("a", Counter(100, 0), waiting: 1, kvCache: 0.5));

        var w = await rig.CycleAsync(Chat, null, Pod("a", Counter(100, 1), waiting: 1, kvCache: 0.5));

        Assert.False(w.Decision!.CapacityLearned);
        Assert.Equal(100, w.Decision.CapacityPerReplica);
    }

    [Fact]
    public async Task Rising_demand_is_forecast_ahead_and_desired_never_falls_below_the_reactive_need()
    {
        var rig = Rig();
        double a = 0, b = 0;
        var forecastAhead = 0;
        for (var cycle = 0; cycle <= 30; cycle++)
        {
            // Each pod's rate rises by 25 tokens/s every cycle.
            a += 2 * (100 + 25 * cycle);
            b += 2 * (100 + 25 * cycle);
            var w = await rig.CycleAsync(Chat, 0, Pod("a", a), Pod("b", b));
            if (w.Decision is not { } d) continue;

            var reactive = (int)Math.Ceiling(d.Demand / d.CapacityPerReplica - 1e-9);
            Assert.True(d.Desired >= reactive, $"cycle {cycle}: desired {d.Desired} < ceil(demand / capacity) {reactive}");
            Assert.Equal((int)Math.Ceiling(Math.Max(d.Demand, d.ForecastDemand) / d.CapacityPerReplica - 1e-9), d.ForDemand);
            if (cycle >= 3)
            {
                Assert.True(d.ForecastDemand > d.Demand, $"cycle {cycle}: forecast {d.ForecastDemand} <= demand {d.Demand}");
                forecastAhead++;
            }
        }
        Assert.Equal(28, forecastAhead);
    }
}
