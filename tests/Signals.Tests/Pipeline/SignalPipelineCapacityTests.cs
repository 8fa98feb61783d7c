using Headroom.Signals.Pipeline;
using Headroom.Signals.Snapshots;
using Headroom.Signals.Sources;
using Headroom.Signals.Tests.Support;
using Headroom.Signals.Workloads;
using static Headroom.Signals.Tests.Support.Readings;

namespace Headroom.Signals.Tests.Pipeline;

/// <summary>
/// Learning what one replica sustains, through the pipeline: the configured 10,000 prompt and 1,000 generated
/// tokens/s are the prior; busy replicas bound it from below, saturated ones measure it. Cycles are 2 s apart;
/// smoothing of per-pod rates is off so each cycle's rate is exact.
/// </summary>
public sealed class SignalPipelineCapacityTests
{
    private const string Chat = "chat";
    private static readonly WorkloadSpec Spec = new()
    {
        Name = Chat,
        Namespace = "ml",
        TokensPerSecondPerReplica = 1000,
        PrefillTokensPerSecondPerReplica = 10_000,
    };
    private static readonly SignalOptions Options = new() { SmoothingWindow = TimeSpan.Zero };
    private static readonly double Weight = 1 - Math.Exp(-2.0 / 300); // one 2 s cycle of a five-minute time constant

    private static PodReading Serving(string name, int cycle, double perSecond, double promptPerSecond, double duty, double waiting = 0,
        double kv = 0.2) =>
        Pod(name, perSecond * 2 * cycle, promptPerSecond * 2 * cycle, waiting, running: 8, kvCache: kv, duty: duty);

    private static async Task<ReplicaDecision> Run(PipelineRig rig, int cycles, Func<int, PodReading[]> pods)
    {
        WorkloadSignals w = null!;
        for (var cycle = 0; cycle < cycles; cycle++) w = await rig.CycleAsync(Chat, null, pods(cycle));
        return w.Decision!;
    }

    [Fact]
    public async Task The_prior_holds_while_replicas_are_neither_busy_nor_saturated()
    {
        var d = await Run(new PipelineRig(Options, Spec), 4, c => [Serving("a", c, 300, 3000, duty: 0.4), Serving("b", c, 300, 3000, duty: 0.4)]);

        Assert.False(d.PrefillCapacityLearned);
        Assert.False(d.DecodeCapacityLearned);
        Assert.Equal(10_000, d.PrefillCapacityPerReplica);
        Assert.Equal(1000, d.DecodeCapacityPerReplica);
    }

    [Fact]
    public async Task A_busy_replica_raises_a_prior_that_is_too_low_over_a_minute()
    {
        // b prefilled 9,000 tokens/s with its GPU busy 60% of the time: flat out it prefills at least 15,000.
        // a generated 1,200 tokens/s: it decodes at least that. Each bound pulls its estimate up with a one-minute
        // time constant, from the second cycle on (the first has no rates).
        var rig = new PipelineRig(Options, Spec);
        var up = 1 - Math.Exp(-2.0 / 60);
        var first = await Run(rig, 2, c => [Serving("a", c, 1200, 1000, duty: 0.3), Serving("b", c, 100, 9000, duty: 0.6)]);
        Assert.True(first.PrefillCapacityLearned);
        Assert.Equal(10_000 + up * (15_000 - 10_000), first.PrefillCapacityPerReplica, 6);
        Assert.True(first.DecodeCapacityLearned);
        Assert.Equal(1000 + up * (1200 - 1000), first.DecodeCapacityPerReplica, 6);

        var later = await Run(rig, 150, c => [Serving("a", c + 2, 1200, 1000, duty: 0.3), Serving("b", c + 2, 100, 9000, duty: 0.6)]);
        Assert.InRange(later.PrefillCapacityPerReplica, 14_900, 15_000); // five minutes on: within 1% of the bound
        Assert.InRange(later.DecodeCapacityPerReplica, 1_196, 1_200);
    }

    [Fact]
    public async Task Prompts_counted_whole_when_their_prefill_ends_bound_capacity_by_their_average_not_by_their_lumps()
    {
        // Each replica prefills 9,000 tokens/s busy 60% of the time, but its counter moves only every third cycle, by
        // three cycles' prompts at once, as an engine counts a long prompt when its prefill ends; the replicas take
        // turns. Per cycle a replica reads 27,000 tokens/s, so 45,000 when flat out; over the minute it is 15,000.
        var rig = new PipelineRig(Options, Spec);
        PodReading Lumpy(string name, int cycle, int phase) =>
            Pod(name, 1000.0 * 2 * cycle, 9000.0 * 2 * 3 * ((cycle + phase) / 3), 0, running: 8, kvCache: 0.2, duty: 0.6);
        var d = await Run(rig, 300, c => [Lumpy("a", c, 0), Lumpy("b", c, 1), Lumpy("c", c, 2)]);
        Assert.True(d.PrefillCapacityLearned);
        Assert.InRange(d.PrefillCapacityPerReplica, 14_000, 15_500);
    }

    [Fact]
    public async Task A_saturated_replica_pulls_a_prior_that_is_too_high_down_in_the_dimension_it_spends_its_time_on()
    {
        // Requests wait at both readings and the GPU is busy throughout. Decode takes 400 / 1,000 of the time, prefill 3,000 / 10,000:
        // it is decode-bound, and with prefill's share set aside it decodes 400 / (1 − 0.3) ≈ 571 tokens/s flat out.
        var rig = new PipelineRig(Options, Spec);
        var first = await Run(rig, 2, c => [Serving("a", c, 400, 3000, duty: 1, waiting: 3)]);
        var sample = 400 / (1 - 3000 / 10_000.0);
        Assert.True(first.DecodeCapacityLearned);
        Assert.Equal(1000 + Weight * (sample - 1000), first.DecodeCapacityPerReplica, 6);
        Assert.Equal(10_000, first.PrefillCapacityPerReplica);

        var later = (await rig.CycleAsync(Chat, null, Serving("a", 2, 400, 3000, duty: 1, waiting: 3))).Decision!;
        var expected = first.DecodeCapacityPerReplica + Weight * (400 / (1 - 0.3) - first.DecodeCapacityPerReplica);
        Assert.Equal(expected, later.DecodeCapacityPerReplica, 6);
    }

    [Fact]
    public async Task A_request_waiting_at_one_reading_and_not_the_next_is_not_saturation()
    {
        // vLLM V1 counts a prompt queued behind another's prefill chunks as waiting, so a replica with room to spare,
        // its GPU busy decoding, shows one now and then. Waiting at every other reading, it measures nothing.
        var d = await Run(new PipelineRig(Options, Spec), 60, c => [Serving("a", c, 300, 3000, duty: 1, waiting: c % 2)]);

        Assert.False(d.PrefillCapacityLearned);
        Assert.False(d.DecodeCapacityLearned);
        Assert.Equal(10_000, d.PrefillCapacityPerReplica);
    }

    [Fact]
    public async Task A_prefill_bound_replica_with_a_full_kv_cache_measures_prefill_not_decode()
    {
        // Long prompts fill the KV cache while they wait to be prefilled; the replica generates little. Prefill takes
        // 8,000 / 10,000 of its time, decode 50 / 1,000: it measures prefill, 8,000 / (1 − 0.05) ≈ 8,421 tokens/s.
        var d = await Run(new PipelineRig(Options, Spec), 2, c => [Serving("a", c, 50, 8000, duty: 1, waiting: 5, kv: 0.95)]);

        Assert.Equal(1000, d.DecodeCapacityPerReplica);
        Assert.False(d.DecodeCapacityLearned);
        Assert.True(d.PrefillCapacityLearned);
        Assert.Equal(10_000 + Weight * (8000 / 0.95 - 10_000), d.PrefillCapacityPerReplica, 6);
    }

    [Fact]
    public async Task A_pod_that_just_started_is_not_measured()
    {
        var rig = new PipelineRig(Options, Spec);
        var before = await Run(rig, 2, c => [Serving("a", c, 400, 3000, duty: 1, waiting: 3)]);

        // A second pod comes up full of waiting work: on its first reading it has no rate, and nothing is learned from it.
        var w = await rig.CycleAsync(Chat, null, Serving("a", 2, 400, 3000, duty: 1, waiting: 3), Pod("c", 5_000, 50_000, 4, 8, 0.9, 1));

        var d = w.Decision!;
        Assert.Equal(2, d.ReadyReplicas);
        var expected = before.DecodeCapacityPerReplica + Weight * (400 / (1 - 0.3) - before.DecodeCapacityPerReplica);
        Assert.Equal(expected, d.DecodeCapacityPerReplica, 6);
    }
}
