using Headroom.Signals.Catalog;
using Headroom.Signals.Pipeline;
using Headroom.Signals.Snapshots;
using Headroom.Signals.Sources;
using Headroom.Signals.Tests.Support;
using Headroom.Signals.Workloads;
using static Headroom.Signals.Tests.Support.Readings;

namespace Headroom.Signals.Tests.Pipeline;

/// <summary>
/// Prefill is sized on the prompt tokens replicas compute: where pods report their prefix cache, the tokens it answered
/// are left out of prompt demand, while the served prompt throughput and the KV cache keep every prompt token. Capacity
/// prior: 10,000 prompt tokens/s of prefill, 1,000 generated tokens/s of decode, 100,000 KV tokens per replica;
/// objective 2 s for 99%; per-pod smoothing off, so each cycle's rates are exact; cycles 2 s apart.
/// </summary>
public class SignalPipelinePrefixCacheTests
{
    private const string Chat = "chat";
    private const double Generated = 200, Prompt = 20_000;  // per pod and second: prompt-heavy, so prefill binds

    private static readonly WorkloadSpec Spec = new()
    {
        Name = Chat,
        Namespace = "ml",
        TokensPerSecondPerReplica = 1000,
        PrefillTokensPerSecondPerReplica = 10_000,
        KvCacheTokensPerReplica = 100_000,
        ColdStartPrior = TimeSpan.FromSeconds(60),
        ScaleDownStabilization = TimeSpan.Zero,
    };

    // Two pods, each prefilling Prompt tokens/s with 4 requests running and a tenth of its KV cache in use; with
    // hitShare, its prefix cache counters say that share of every prompt token was found cached.
    private static async Task<WorkloadSignals> Steady(double? hitShare)
    {
        var rig = new PipelineRig(new SignalOptions { SmoothingWindow = TimeSpan.Zero }, Spec);
        WorkloadSignals w = null!;
        for (var cycle = 0; cycle < 6; cycle++)
            w = await rig.CycleAsync(Chat, null, Serving("a", cycle, hitShare), Serving("b", cycle, hitShare));
        return w;
    }

    private static PodReading Serving(string name, int cycle, double? hitShare)
    {
        var pod = Pod(name, Generated * 2 * cycle, Prompt * 2 * cycle, waiting: 0, running: 4, kvCache: 0.1);
        if (hitShare is not { } share) return pod;
        var queried = Prompt * 2 * cycle;
        return pod with { Engine = pod.Engine with { PrefixCacheQueriesTotal = queried, PrefixCacheHitsTotal = queried * share } };
    }

    [Fact]
    public async Task Half_the_prompt_tokens_found_cached_ask_for_fewer_replicas_than_the_same_load_with_none()
    {
        var none = (await Steady(hitShare: 0)).Decision!;
        var half = await Steady(hitShare: 0.5);
        var d = half.Decision!;

        Assert.Equal(2 * Prompt, none.PromptDemand, 6);
        Assert.Equal(Prompt, d.PromptDemand, 6);
        Assert.Equal(0.5, d.PrefixCacheHitRatio!.Value, 9);
        Assert.Equal(0, none.PrefixCacheHitRatio!.Value, 9);
        Assert.True(d.ForPrefill < none.ForPrefill, $"prefill replicas with half cached {d.ForPrefill}, with none {none.ForPrefill}");
        Assert.True(d.Needed < none.Needed, $"needed with half cached {d.Needed}, with none {none.Needed}");
        // A request's own prefill is half its prompt too: KV tokens per running request (0.1 of 100,000 / 4 = 2,500)
        // hold the cached blocks, so the prompt prefilled is 1,250, and the dispersion floor is twice that.
        Assert.Equal(2_500, d.PromptDispersion, 6);
        Assert.Equal(5_000, none.PromptDispersion, 6);
        // The KV cache holds cached blocks too, and the served prompt throughput is what vLLM's counter says.
        Assert.Equal(none.KvTokensInUse, d.KvTokensInUse, 6);
        Assert.Equal(2 * Prompt, half.Values[CatalogMetric.PromptThroughput]!.Value, 6);
    }

    [Fact]
    public async Task Pods_that_do_not_report_their_prefix_cache_are_sized_on_every_prompt_token()
    {
        var unreported = (await Steady(hitShare: null)).Decision!;
        var none = (await Steady(hitShare: 0)).Decision!;

        Assert.Null(unreported.PrefixCacheHitRatio);
        Assert.Equal(none.PromptDemand, unreported.PromptDemand, 6);
        Assert.Equal(none.PromptDispersion, unreported.PromptDispersion, 6);
        Assert.Equal(none.ForPrefill, unreported.ForPrefill);
        Assert.Equal(none.Desired, unreported.Desired);
    }

    [Fact]
    public async Task A_pod_without_the_counters_beside_one_with_them_keeps_all_of_its_prompt_tokens()
    {
        var rig = new PipelineRig(new SignalOptions { SmoothingWindow = TimeSpan.Zero }, Spec);
        ReplicaDecision d = null!;
        for (var cycle = 0; cycle < 6; cycle++)
            d = (await rig.CycleAsync(Chat, null, Serving("a", cycle, hitShare: 0.5), Serving("b", cycle, hitShare: null))).Decision!;

        // 10,000 prefilled by a, 20,000 by b: a quarter of the 40,000 served was answered by a's cache.
        Assert.Equal(1.5 * Prompt, d.PromptDemand, 6);
        Assert.Equal(0.25, d.PrefixCacheHitRatio!.Value, 9);
    }
}
