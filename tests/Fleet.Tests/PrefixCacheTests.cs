namespace Headroom.Fleet.Tests;

// Profile as in ReplicaTests: with no batch decoding, prefill runs at 1,000 tokens per 0.11 s iteration (9,090.9
// tokens/s); blocks of 500 tokens.
public sealed class PrefixCacheTests
{
    private static readonly ModelProfile Simple = new("test", 1, 10, 0, 10_000, 1_000, 256, 1_000_000);
    private const double Dt = 0.1;

    private static PromptBlocks Blocks(params long[] ids) => new(ids, 500, 0);

    [Fact]
    public void A_prompt_whose_leading_blocks_were_prefilled_here_prefills_only_the_rest()
    {
        // The first prompt's two blocks are cached when its prefill ends. The second begins with them: of its 1,500
        // tokens only the last 500 are prefilled, 0.055 s, where all 1,500 would take 0.165 s.
        var (sink, replica) = Run(Simple, 2, new SimRequest(0, 1_000, 2, Blocks(1, 2)), new SimRequest(1, 1_500, 2, Blocks(1, 2, 3)));
        Assert.Equal(0.055, sink.Completed[1].FirstToken - sink.Completed[1].Arrival, 9);
        Assert.Equal(2_500, replica.PrefixCacheQueriesTotal);
        Assert.Equal(1_000, replica.PrefixCacheHitsTotal);
        Assert.Equal(2_500, replica.PromptTokensTotal, 6);
    }

    [Fact]
    public void Only_a_prefix_counts_so_a_block_after_a_miss_is_prefilled_again()
    {
        var (_, replica) = Run(Simple, 2, new SimRequest(0, 1_000, 2, Blocks(1, 2)), new SimRequest(1, 1_000, 2, Blocks(9, 2)));
        Assert.Equal(0, replica.PrefixCacheHitsTotal);
    }

    [Fact]
    public void A_prompt_found_whole_still_prefills_its_last_token()
    {
        var (_, replica) = Run(Simple, 2, new SimRequest(0, 1_000, 2, Blocks(1, 2)), new SimRequest(1, 1_000, 2, Blocks(1, 2)));
        Assert.Equal(999, replica.PrefixCacheHitsTotal);
    }

    [Fact]
    public void An_engine_without_prefix_caching_prefills_every_token()
    {
        var (sink, replica) = Run(Simple with { PrefixCaching = false }, 2, new SimRequest(0, 1_000, 2, Blocks(1, 2)),
            new SimRequest(1, 1_500, 2, Blocks(1, 2, 3)));
        Assert.Equal(0.165, sink.Completed[1].FirstToken - sink.Completed[1].Arrival, 9);
        Assert.Equal(0, replica.PrefixCacheHitsTotal);
        Assert.Equal(0, replica.PrefixCacheQueriesTotal);
    }

    [Fact]
    public void The_cache_holds_the_kv_cache_s_tokens_and_evicts_the_least_recently_used()
    {
        // Room for eight blocks (one set of BlockCache.Ways): the third prompt's blocks evict the first's, so the last
        // prompt finds only block 3.
        var small = Simple with { KvCacheTokens = 4_000 };
        var (_, replica) = Run(small, 4, new SimRequest(0, 1_000, 2, Blocks(1, 2)), new SimRequest(1, 2_000, 2, Blocks(3, 4, 5, 6)),
            new SimRequest(2, 2_000, 2, Blocks(7, 8, 9, 10)), new SimRequest(3, 1_000, 2, Blocks(3, 2)));
        Assert.Equal(500, replica.PrefixCacheHitsTotal);
    }

    [Fact]
    public void Copies_of_a_trace_with_different_salts_share_nothing()
    {
        var (_, replica) = Run(Simple, 2, new SimRequest(0, 1_000, 2, Blocks(1, 2)), new SimRequest(1, 1_000, 2, Blocks(1, 2) with { Salt = 1 }));
        Assert.Equal(0, replica.PrefixCacheHitsTotal);
    }

    [Fact]
    public void Prefix_affinity_sends_a_prompt_to_the_replica_its_prefix_went_to_and_least_loaded_need_not()
    {
        foreach (var (routing, expectedHits) in new[] { (RequestRouting.LeastLoaded, 0.0), (RequestRouting.PrefixAffinity, 1_000.0) })
        {
            var fleet = new FleetModel(new FleetRules(Simple, TimeSpan.FromSeconds(60), TimeSpan.FromSeconds(30)) { Routing = routing },
                new CountedReplicas(new ColdStartDistribution(30, 60)), new RecordingSink());
            fleet.AddWarm(2, 0);
            // The first prompt goes to replica 0 and another to replica 1. When the follow-up arrives, a long request
            // has just made replica 0 one request busier, so least-loaded routing sends the follow-up to replica 1,
            // which has none of it cached; prefix affinity sends it to replica 0, within its slack.
            fleet.Arrive(new SimRequest(0, 1_000, 2, Blocks(1, 2)), 0);
            fleet.Arrive(new SimRequest(0, 500, 2, Blocks(7)), 0);
            for (var t = 0.0; t < 1; t += Dt) fleet.Step(t, Dt);
            fleet.Arrive(new SimRequest(1, 500, 400, Blocks(8)), 1);
            fleet.Arrive(new SimRequest(1, 1_500, 2, Blocks(1, 2, 3)), 1);
            for (var t = 1.0; t < 3; t += Dt) fleet.Step(t, Dt);
            Assert.Equal(expectedHits, fleet.PrefixCache.Hits);
        }
    }

    private static (RecordingSink Sink, Replica Replica) Run(ModelProfile profile, double until, params SimRequest[] requests)
    {
        var sink = new RecordingSink();
        var replica = new Replica("r", profile, ReplicaStartup.Warm(0));
        var next = 0;
        for (var i = 0; i * Dt < until - 1e-9; i++)
        {
            while (next < requests.Length && requests[next].Arrival <= i * Dt + 1e-9) replica.Enqueue(requests[next++]);
            replica.Step(i * Dt, Dt, 60, sink);
        }
        return (sink, replica);
    }
}
