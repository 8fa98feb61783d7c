using Headroom.Signals.Catalog;
using Headroom.Signals.Pipeline;
using Headroom.Signals.Planning;
using Headroom.Signals.Snapshots;
using Headroom.Signals.Sources;
using Headroom.Signals.Tests.Support;
using Headroom.Signals.Workloads;
using static Headroom.Signals.Tests.Support.Readings;

namespace Headroom.Signals.Tests.Pipeline;

/// <summary>
/// A disaggregated workload through the pipeline: its prefill and decode roles, each observed on its own pods, sized on
/// its own dimensions. Capacity prior per replica: 10,000 prompt tokens/s, 1,000 generated tokens/s, 100,000 KV tokens;
/// 2 s cycles, no per-pod smoothing, no extra scale-down stabilization.
/// </summary>
public class SignalPipelineRoleTests
{
    private static readonly WorkloadSpec Workload = new()
    {
        Name = "llama",
        Namespace = "llm",
        Selector = "app=llama",
        TokensPerSecondPerReplica = 1000,
        PrefillTokensPerSecondPerReplica = 10_000,
        KvCacheTokensPerReplica = 100_000,
        ColdStartPrior = TimeSpan.FromSeconds(60),
        ScaleDownStabilization = TimeSpan.Zero,
    };

    private static readonly WorkloadSpec Prefill = Workload with { Role = new WorkloadRole("prefill", WorkloadRole.LlmdRoleLabel, "prefill") };
    private static readonly WorkloadSpec Decode = Workload with { Role = new WorkloadRole("decode", WorkloadRole.LlmdRoleLabel, "decode") };

    private static readonly SignalOptions Options = new() { SmoothingWindow = TimeSpan.Zero };

    // Counters at the end of each 2 s cycle, from per-second rates that change at phase boundaries.
    private sealed class Counters(int pods)
    {
        private readonly double[] _prompt = new double[pods];
        private readonly double[] _generated = new double[pods];

        public (double Prompt, double Generated) Add(int pod, double promptPerSecond, double generatedPerSecond)
        {
            _prompt[pod] += 2 * promptPerSecond;
            _generated[pod] += 2 * generatedPerSecond;
            return (_prompt[pod], _generated[pod]);
        }
    }

    [Fact]
    public async Task Long_prompts_raise_prefill_replicas_while_decode_replicas_stay()
    {
        var rig = new PipelineRig(Options, Prefill, Decode);
        var prefillCounters = new Counters(2);
        var decodeCounters = new Counters(2);
        // Chat: 4 requests/s of 1,000-token prompts and 100-token answers, then the same requests with 10,000-token prompts.
        async Task<(WorkloadSignals Prefill, WorkloadSignals Decode)> Cycle(double promptTokens)
        {
            const double requests = 4, output = 100;
            var prefillPods = Enumerable.Range(0, 2).Select(i =>
            {
                // Prefill pods prefill every prompt and produce its first token; their KV holds the prompts in flight.
                var (prompt, generated) = prefillCounters.Add(i, requests * promptTokens / 2, requests / 2);
                return Pod($"prefill-{i}", generated, prompt, waiting: 0, running: 1, kvCache: promptTokens / 100_000);
            }).ToArray();
            var decodePods = Enumerable.Range(0, 2).Select(i =>
            {
                // Decode pods receive the prompts' KV and generate the rest: no prompt tokens of their own.
                var (prompt, generated) = decodeCounters.Add(i, 0, requests * output / 2);
                return Pod($"decode-{i}", generated, prompt, waiting: 0, running: 20, kvCache: 0.2);
            }).ToArray();
            rig.Observe(Prefill.Id, null, prefillPods).Observe(Decode.Id, null, decodePods);
            var snapshot = (await rig.CycleAsync()).Snapshot;
            return (snapshot.Workloads.Single(w => w.Spec.Id == "llama/prefill"), snapshot.Workloads.Single(w => w.Spec.Id == "llama/decode"));
        }

        // Past the start's floor (one lead time of 77 s) so that each decision is what its demand needs.
        var chat = await Cycle(1_000);
        for (var cycle = 1; cycle < 60; cycle++) chat = await Cycle(1_000);
        var longPrompts = await Cycle(10_000);
        for (var cycle = 1; cycle < 30; cycle++) longPrompts = await Cycle(10_000);

        var (p1, d1) = (chat.Prefill.Decision!, chat.Decode.Decision!);
        var (p2, d2) = (longPrompts.Prefill.Decision!, longPrompts.Decode.Decision!);
        // Prefill: 4,000 then 40,000 prompt tokens/s, at 10,000 per replica: its compute share alone is 1, then 4.
        Assert.Equal(4_000, p1.PromptDemand, 6);
        Assert.Equal(40_000, p2.PromptDemand, 6);
        Assert.Equal(1, p1.ForCompute);
        Assert.Equal(4, p2.ForCompute);
        Assert.True(p2.Desired >= 5 && p2.Desired > p1.Desired + 2, $"prefill went from {p1.Desired} to {p2.Desired}");
        // Decode: the same 400 generated tokens/s and KV use throughout, so the same replicas.
        Assert.Equal(d1.Desired, d2.Desired);
        Assert.Equal(1, d2.ForDecode); // ceil(400 / (0.8 × 1,000))
        Assert.Equal(1, d2.ForKvCache); // ceil(40,000 / (0.85 × 100,000))
        // Each role is sized on its own dimensions only.
        Assert.Equal((0, 0), (p2.ForDecode, p2.ForKvCache));
        Assert.Equal((0, 0), (d2.ForPrefill, d2.ForQueue));
        Assert.Equal("prefill", p2.BoundBy);
        Assert.Equal(p2.Desired, longPrompts.Prefill.Values[CatalogMetric.DesiredReplicas]);
        Assert.Equal(d2.Desired, longPrompts.Decode.Values[CatalogMetric.DesiredReplicas]);
        // Answers carry the role, so that one HPA per Deployment selects workload=llama,role=prefill.
        Assert.Equal("prefill", longPrompts.Prefill.MetricLabels["role"]);
        Assert.Equal("decode", longPrompts.Decode.MetricLabels["role"]);
    }

    [Fact]
    public async Task A_prefill_pods_prompt_is_the_counters_mean_not_kv_per_running_request()
    {
        // Each prefill pod finishes 2 requests/s of 2,000-token prompts; at every reading one prompt is half prefilled
        // (1,000 tokens of KV, the one running request) and two wait behind it holding none, as vLLM V1 reports them.
        // KV per running request would read 1,000 tokens; the counters' mean is 2,000, so the 4 waiting hold 8,000.
        var rig = new PipelineRig(Options, Prefill);
        WorkloadSignals w = null!;
        for (var cycle = 0; cycle < 30; cycle++)
        {
            var pods = Enumerable.Range(0, 2).Select(i => Pod($"prefill-{i}", null) with
            {
                Engine = new EngineReading(GenerationTokensTotal: 2.0 * 2 * cycle, PromptTokensTotal: 4_000.0 * 2 * cycle, RequestsWaiting: 2,
                    RequestsRunning: 1, KvCacheUsage: 1_000 / 100_000.0, GpuDutyCycle: null, RequestsFinishedTotal: 2.0 * 2 * cycle),
            }).ToArray();
            w = await rig.CycleAsync(Prefill.Id, null, pods);
        }

        Assert.Equal(4 * 2_000, w.Decision!.QueueTokens, 6);
    }

    [Fact]
    public void A_role_carries_only_its_own_work_and_needs_nothing_in_the_others_dimensions()
    {
        var demand = new Demand(PromptTokensPerSecond: 30_000, GenerationTokensPerSecond: 4_000, PromptDispersionTokens: 4_000,
            KvTokensInUse: 170_000, QueuedPromptTokens: 0, PromptTokensPerRequest: 2_000);
        var capacity = new ReplicaCapacity(10_000, 1_000, 100_000);
        var objective = new ServiceObjective(TimeSpan.FromSeconds(2), 0.99);
        var drain = TimeSpan.FromSeconds(30);

        var whole = RoleSizing.Size(demand, SizedDimensions.All, capacity, objective, drain);
        var prefill = RoleSizing.Size(demand, SizedDimensions.PrefillRole, capacity, objective, drain);
        var decode = RoleSizing.Size(demand, SizedDimensions.DecodeRole, capacity, objective, drain);

        Assert.Equal(ReplicaSizing.Size(demand, capacity, objective, drain), whole);
        // Compute shares: 30,000 / 10,000 = 3 for prefill, 4,000 / 1,000 = 4 for decode; together 7, as the whole needs.
        Assert.Equal(7, whole.Compute);
        Assert.Equal(new ReplicaNeeds(whole.Prefill, 3, 0, 0, 0), prefill);
        Assert.Equal(new ReplicaNeeds(0, 4, 5, 2, 0), decode);
    }
}
