using Headroom.Signals.Pipeline;
using Headroom.Signals.Planning;
using Headroom.Signals.Snapshots;
using Headroom.Signals.Sources;
using Headroom.Signals.Tests.Support;
using Headroom.Signals.Workloads;
using static Headroom.Signals.Tests.Support.Readings;

namespace Headroom.Signals.Tests.Pipeline;

/// <summary>
/// The dispatch factor learned through the pipeline from the waiting the engines report. Four pods each prefill 12,500
/// prompt tokens/s of 15,000-token prompts (a prefill load of 2 at the 25,000 tokens/s prior, each prompt 0.6 s of
/// prefill) and finish 0.83 requests/s; cycles are 2 s apart, per-pod smoothing off, fifteen minutes of them.
/// </summary>
public sealed class SignalPipelineDispatchTests
{
    private const string Chat = "chat";
    private static readonly WorkloadSpec Spec = new()
    {
        Name = Chat,
        Namespace = "ml",
        TokensPerSecondPerReplica = 5_000,
        PrefillTokensPerSecondPerReplica = 25_000,
        KvCacheTokensPerReplica = 400_000,
        ColdStartPrior = TimeSpan.FromSeconds(60),
        ScaleDownStabilization = TimeSpan.Zero,
    };

    private static readonly SignalOptions Options = new() { SmoothingWindow = TimeSpan.Zero };

    private static PodReading Serving(string name, int cycle, double waiting) => Pod(name, null) with
    {
        Engine = new EngineReading(100.0 * 2 * cycle, 12_500.0 * 2 * cycle, waiting, 1, 15_000 / 400_000.0, 0.5,
            RequestsFinishedTotal: 12_500.0 / 15_000 * 2 * cycle),
    };

    private static async Task<ReplicaDecision> Run(Func<int, double> waiting, Func<int, PodReading[]>? extra = null)
    {
        var rig = new PipelineRig(Options, Spec);
        WorkloadSignals w = null!;
        for (var cycle = 0; cycle < 450; cycle++)
        {
            var pods = Enumerable.Range(0, 4).Select(i => Serving($"chat-{i}", cycle, waiting(cycle))).Concat(extra?.Invoke(cycle) ?? []).ToArray();
            w = await rig.CycleAsync(Chat, null, pods);
        }
        return w.Decision!;
    }

    [Fact]
    public async Task Prompts_that_wait_more_than_the_prior_expects_raise_the_factor_and_the_prefill_replicas()
    {
        var none = await Run(_ => 0);
        var many = await Run(_ => 1);

        Assert.True(none.DispatchLoadFactorLearned);
        Assert.True(many.DispatchLoadFactorLearned);
        Assert.Equal(1, none.DispatchLoadFactor);
        Assert.True(many.DispatchLoadFactor > ReplicaSizing.DispatchLoadFactor, $"factor {many.DispatchLoadFactor}");
        Assert.True(many.ForPrefill > none.ForPrefill, $"prefill replicas {none.ForPrefill} without waiting, {many.ForPrefill} with");
    }

    [Fact]
    public async Task While_a_pod_starts_the_waiting_teaches_nothing()
    {
        // A fifth pod that never becomes ready: the fleet is short of what was asked, and requests wait for that.
        var d = await Run(_ => 1, _ => [Pod("chat-new", null, ready: false)]);

        Assert.False(d.DispatchLoadFactorLearned);
        Assert.Equal(ReplicaSizing.DispatchLoadFactor, d.DispatchLoadFactor);
    }
}
