using Headroom.Signals.Pipeline;
using Headroom.Signals.Snapshots;
using Headroom.Signals.Sources;
using Headroom.Signals.Tests.Support;
using Headroom.Signals.Workloads;
using static Headroom.Signals.Tests.Support.Readings;

namespace Headroom.Signals.Tests.Pipeline;

/// <summary>
/// Learning what one replica sustains: the configured 100 tokens/s is the prior; saturated replicas (work waiting
/// for them and KV cache at 80 % or more) replace it with their served rate, smoothed over five minutes.
/// Cycles are 2 s apart; smoothing of per-pod rates is off so each cycle's rate is exact.
/// </summary>
public sealed class SignalPipelineCapacityTests
{
    private const string Chat = "chat";
    private static readonly WorkloadSpec Spec = new() { Name = Chat, Namespace = "ml", TokensPerSecondPerReplica = 100 };
    private static readonly SignalOptions Options = new() { SmoothingWindow = TimeSpan.Zero };

    private static double Counter(double perSecond, int cycle) => perSecond * 2 * cycle;

    private static PodReading Full(string name, double perSecond, int cycle) =>
        Pod(name, Counter(perSecond, cycle), waiting: 2, kvCache: 0.9);

    [Fact]
    public async Task The_prior_holds_until_replicas_saturate()
    {
        var rig = new PipelineRig(Options, Spec);
        WorkloadSignals w = null!;
        for (var cycle = 0; cycle <= 3; cycle++)
            w = await rig.CycleAsync(Chat, null, Pod("a", Counter(250, cycle), waiting: 0, kvCache: 0.95), Pod("b", Counter(250, cycle), waiting: 3, kvCache: 0.5));

        Assert.False(w.Decision!.CapacityLearned);
        Assert.Equal(100, w.Decision.CapacityPerReplica);
        Assert.Equal(5, w.Decision.ForDemand);  // 500 tokens/s over the prior of 100
    }

    [Fact]
    public async Task A_pod_that_just_started_does_not_dilute_what_a_replica_sustains()
    {
        var rig = new PipelineRig(Options, Spec);
        await rig.CycleAsync(Chat, null, Full("a", 200, 0), Full("b", 200, 0));
        var learned = await rig.CycleAsync(Chat, null, Full("a", 200, 1), Full("b", 200, 1));
        Assert.Equal(200, learned.Decision!.CapacityPerReplica, 9);

        // A third pod comes up full of waiting work: it has no rate yet, and the served sum leaves it out, so
        // dividing that sum by three replicas would say a replica sustains 133 tokens/s.
        var w = await rig.CycleAsync(Chat, null, Full("a", 200, 2), Full("b", 200, 2), Pod("c", 5_000, waiting: 4, kvCache: 0.9));

        Assert.Equal(3, w.Decision!.ReadyReplicas);
        // Demand is the 400 served plus the queue's growth from 4 to 8 in 2 s, 2 requests/s of 256 tokens.
        Assert.Equal(912, w.Decision.Demand, 9);
        Assert.Equal(200, w.Decision.CapacityPerReplica, 9);
        Assert.Equal((int)Math.Ceiling(Math.Max(912, w.Decision.ForecastDemand) / 200), w.Decision.ForDemand);
    }

    [Fact]
    public async Task Only_saturated_replicas_are_measured()
    {
        var rig = new PipelineRig(Options, Spec);
        WorkloadSignals w = null!;
        for (var cycle = 0; cycle <= 1; cycle++)
        {
            // a is full; b has a full KV cache but nothing waiting for it, so its 60 tokens/s is not its limit.
            w = await rig.CycleAsync(Chat, null, Full("a", 300, cycle), Pod("b", Counter(60, cycle), waiting: 0, kvCache: 0.85));
        }

        Assert.True(w.Decision!.CapacityLearned);
        Assert.Equal(300, w.Decision.CapacityPerReplica, 9);
        Assert.Equal(2, w.Decision.ForDemand);  // ceil(360 / 300)
    }

    [Fact]
    public async Task Work_waiting_at_the_gateway_counts_as_waiting_for_the_replicas()
    {
        var rig = new PipelineRig(Options, Spec with { GatewayPool = "chat-pool" });
        WorkloadSignals w = null!;
        for (var cycle = 0; cycle <= 1; cycle++)
            w = await rig.CycleAsync(Chat, 12, Pod("a", Counter(150, cycle), waiting: 0, kvCache: 0.9), Pod("b", Counter(250, cycle), waiting: 0, kvCache: 0.9));

        Assert.True(w.Decision!.CapacityLearned);
        Assert.Equal(200, w.Decision.CapacityPerReplica, 9);
    }

    [Fact]
    public async Task The_learned_capacity_moves_slowly_towards_new_saturated_rates()
    {
        var rig = new PipelineRig(Options, Spec);
        await rig.CycleAsync(Chat, null, Full("a", 200, 0));
        await rig.CycleAsync(Chat, null, Full("a", 200, 1));

        // The replica now serves 400 tokens/s (from counter 400 to 1200 in 2 s); the five-minute EWMA moves 1 - e^(-2/300) of the way.
        var w = await rig.CycleAsync(Chat, null, Pod("a", 1200, waiting: 2, kvCache: 0.9));

        var alpha = 1 - Math.Exp(-2.0 / 300);
        Assert.Equal(200 + alpha * (400 - 200), w.Decision!.CapacityPerReplica, 9);
    }
}
