namespace Headroom.Fleet.Tests;

// The engine's equations on small worked cases. Profile: t0 = 10 ms, t1 = 0 (so a decode iteration is 10 ms
// whatever the batch), Rp = 10,000 prompt tokens/s, chunk 1,000 tokens. With no batch decoding, a prefill
// iteration takes 10 ms + 1,000/10,000 s = 0.11 s for 1,000 tokens: 9,090.9 prompt tokens/s.
public sealed class ReplicaTests
{
    private static readonly ModelProfile Simple = new("test", 1, 10, 0, 10_000, 1_000, 256, 1_000_000);
    private const double Dt = 0.1;

    [Fact]
    public void A_lone_request_has_ttft_of_its_prefill_and_tpot_of_one_iteration()
    {
        // Arrives at 0.05 s; 500 prompt tokens at 9,090.9/s take 0.055 s: first token at 0.105 s, TTFT 0.055 s.
        // Then 10 more tokens at 10 ms each: done at 0.205 s, TPOT 10 ms, no queue wait.
        var (sink, _) = Run(Simple, 0.3, new SimRequest(0.05, 500, 11));
        var c = Assert.Single(sink.Completed);
        Assert.Equal(0.055, c.FirstToken - c.Arrival, 9);
        Assert.Equal(0, c.Started - c.Arrival, 9);
        Assert.Equal(0.205, c.Finished, 9);
        Assert.Equal(0.010, (c.Finished - c.FirstToken) / 10, 9);
    }

    [Fact]
    public void A_full_batch_makes_the_second_request_wait_for_a_slot_at_the_next_step()
    {
        // Batch of one. Request A: prefill 1,000 tokens = 0.11 s, then 10 tokens = 0.1 s: done at 0.21 s.
        // Request B, also at 0, waits; the slot frees during step [0.2, 0.3) and admission happens at step
        // starts, so B starts at 0.3 s: queue wait 0.3 s, first token 0.41 s, done at 0.51 s.
        var (sink, _) = Run(Simple with { MaxBatch = 1 }, 0.7, new SimRequest(0, 1_000, 11), new SimRequest(0, 1_000, 11));
        Assert.Equal(2, sink.Completed.Count);
        var b = sink.Completed[1];
        Assert.Equal(0.3, b.Started, 9);
        Assert.Equal(0.41, b.FirstToken, 9);
        Assert.Equal(0.51, b.Finished, 9);
    }

    [Fact]
    public void The_kv_cache_holds_back_a_request_that_would_not_fit()
    {
        // 1,500 cache tokens; each request reserves 1,000 + 11. The second is admitted only after the first ends.
        var (sink, _) = Run(Simple with { KvCacheTokens = 1_500 }, 0.7, new SimRequest(0, 1_000, 11), new SimRequest(0, 1_000, 11));
        Assert.Equal(0.3, sink.Completed[1].Started, 9);
    }

    [Fact]
    public void Decoding_slows_with_the_batch_and_prefill_shares_iterations()
    {
        // t1 = 1 ms: four sequences decode at 14 ms per iteration. Prompts of 10 tokens prefill back to back at
        // chunk/(t0 + t1·b + chunk/Rp) each. Every one generates 101 tokens; the counters add up exactly.
        var profile = Simple with { DecodeStepPerSequenceMs = 1 };
        var requests = Enumerable.Range(0, 4).Select(_ => new SimRequest(0, 10, 101)).ToArray();
        var (sink, replica) = Run(profile, 3, requests);
        Assert.Equal(4, sink.Completed.Count);
        Assert.Equal(404, replica.GenerationTokensTotal, 6);
        Assert.Equal(40, replica.PromptTokensTotal, 6);
        // Each of the 100 decode tokens takes one 14 ms iteration of the batch of four: 1.4 s. The first request's span
        // is longest: it also waited through the three later prefills, iterations of ~0.11 s that gave it only
        // ~0.03 tokens in their ~3.3 ms.
        var spans = sink.Completed.OrderBy(c => c.FirstToken).Select(c => c.Finished - c.FirstToken).ToArray();
        Assert.All(spans, span => Assert.InRange(span, 1.39, 1.41));
        Assert.Equal(spans.Max(), spans[0]);
        Assert.Equal(1.4029, spans[0], 3);
    }

    [Fact]
    public void A_prompt_is_counted_whole_when_its_prefill_ends_as_vllm_counts_it()
    {
        // 2,000 tokens prefill in two 0.11 s iterations: nothing is counted at 0.2 s, all of it by 0.3 s.
        var sink = new RecordingSink();
        var replica = new Replica("r", Simple, ReplicaStartup.Warm(0));
        replica.Enqueue(new SimRequest(0, 2_000, 5));
        replica.Step(0, Dt, 60, sink);
        replica.Step(Dt, Dt, 60, sink);
        Assert.Equal(0, replica.PromptTokensTotal);
        replica.Step(2 * Dt, Dt, 60, sink);
        Assert.Equal(2_000, replica.PromptTokensTotal);
    }

    [Fact]
    public void The_gpu_is_busy_only_while_it_prefills_or_decodes()
    {
        // One request: busy for its prefill (0.055 s) and its 10 decode iterations (0.1 s); idle otherwise.
        var (_, replica) = Run(Simple, 1, new SimRequest(0.05, 500, 11));
        Assert.Equal(0.155, replica.BusySeconds, 9);
    }

    [Fact]
    public void A_request_that_waits_past_the_client_timeout_is_dropped()
    {
        var (sink, _) = Run(Simple with { MaxBatch = 1 }, 2, 0.25, new SimRequest(0, 1_000, 101), new SimRequest(0, 1_000, 11));
        Assert.Single(sink.Completed);
        Assert.Single(sink.Dropped);
    }

    [Fact]
    public void Kv_cache_usage_counts_prompts_and_generated_tokens()
    {
        var sink = new RecordingSink();
        var replica = new Replica("r", Simple with { KvCacheTokens = 10_000 }, ReplicaStartup.Warm(0));
        replica.Enqueue(new SimRequest(0, 1_000, 1_001));
        // After 0.3 s: prefill took 0.11 s, then 0.19 s of decode at 10 ms = 19 tokens past the first.
        for (var i = 0; i < 3; i++) replica.Step(i * Dt, Dt, 60, sink);
        Assert.Equal((1_000 + 19) / 10_000.0, replica.KvCacheUsage, 6);
    }

    [Fact]
    public void A_prompt_queued_behind_another_prefill_waits_and_holds_no_kv_as_vllm_v1_reports_it()
    {
        // A (2,000 tokens) and B (1,000) arrive together and both fit, but prompts are prefilled one at a time: at 0.1 s
        // A has 909.09 tokens prefilled and B none. vLLM V1 gives the step's token budget to A's chunks first, so B is
        // still waiting and holds no KV blocks; a request routed there counts both (least outstanding requests).
        var sink = new RecordingSink();
        var replica = new Replica("r", Simple with { KvCacheTokens = 10_000 }, ReplicaStartup.Warm(0));
        replica.Enqueue(new SimRequest(0, 2_000, 101));
        replica.Enqueue(new SimRequest(0, 1_000, 11));
        replica.Step(0, Dt, 60, sink);
        Assert.Equal((1, 1, 2), (replica.Waiting, replica.Running, replica.Load));
        Assert.Equal(0.1 * 9_090.909 / 10_000, replica.KvCacheUsage, 5);

        // A's prefill ends at 0.22 s and B's begins: both run, nothing waits.
        replica.Step(Dt, Dt, 60, sink);
        replica.Step(2 * Dt, Dt, 60, sink);
        Assert.Equal((0, 2, 2), (replica.Waiting, replica.Running, replica.Load));
        Assert.InRange(replica.KvCacheUsage, 0.2, 0.3);
    }

    [Fact]
    public void Kv_cache_usage_stays_within_zero_and_one_as_batches_come_and_go()
    {
        // Bursts of requests of assorted lengths, so sequences join and leave the shared decode counter at odd values
        // and the batch drains between bursts.
        var sink = new RecordingSink();
        var replica = new Replica("r", ModelProfile.Llama8BH100, ReplicaStartup.Warm(0));
        var random = new Random(5);
        var usages = new List<double>();
        for (var i = 0; i < 3_000; i++)
        {
            if (i % 50 < 10) replica.Enqueue(new SimRequest(i * Dt, random.Next(10, 2_000), random.Next(1, 300)));
            replica.Step(i * Dt, Dt, 60, sink);
            usages.Add(replica.KvCacheUsage);
        }
        Assert.All(usages, u => Assert.InRange(u, 0, 1));
        Assert.Contains(usages, u => u == 0);
        Assert.Contains(usages, u => u > 0);
    }

    private static (RecordingSink Sink, Replica Replica) Run(ModelProfile profile, double until, params SimRequest[] requests) =>
        Run(profile, until, 60, requests);

    private static (RecordingSink Sink, Replica Replica) Run(ModelProfile profile, double until, double timeout, params SimRequest[] requests)
    {
        var sink = new RecordingSink();
        var replica = new Replica("r", profile, ReplicaStartup.Warm(0));
        foreach (var r in requests) replica.Enqueue(r);
        for (var i = 0; i * Dt < until - 1e-9; i++) replica.Step(i * Dt, Dt, timeout, sink);
        return (sink, replica);
    }
}

internal sealed class RecordingSink : IRequestSink
{
    public List<(double Arrival, double Started, double FirstToken, double Finished, int Output)> Completed { get; } = [];

    public List<(double Arrival, double At)> Dropped { get; } = [];

    void IRequestSink.Completed(double arrival, double started, double firstToken, double finished, int promptTokens, int outputTokens) =>
        Completed.Add((arrival, started, firstToken, finished, outputTokens));

    void IRequestSink.Dropped(double arrival, double at, int promptTokens) => Dropped.Add((arrival, at));
}
