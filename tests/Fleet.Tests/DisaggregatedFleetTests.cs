namespace Headroom.Fleet.Tests;

// Prefill/decode disaggregation on the worked profile of EventFleetTests: a decode iteration of 10 ms whatever the
// batch, a 500-token prompt prefilled in 55 ms with nothing decoding. The KV transfer takes 20 ms plus 10 µs a token.
public sealed class DisaggregatedFleetTests
{
    private static readonly ModelProfile Simple = new("test", 1, 10, 0, 10_000, 1_000, 256, 1_000_000);
    private static readonly FleetRules Rules = new(Simple, TimeSpan.FromSeconds(60), TimeSpan.FromSeconds(30), TimeSpan.FromMilliseconds(100));
    private static readonly KvTransfer Transfer = new(0.02, 1e-5);

    private static DisaggregatedFleet Fleet(IRequestSink sink, int prefill, int decode, FleetTiming timing = FleetTiming.Events)
    {
        var fleet = new DisaggregatedFleet(Rules, new CountedReplicas(new ColdStartDistribution(30, 60)),
            Rules, new CountedReplicas(new ColdStartDistribution(30, 60)), Transfer, sink, timing);
        fleet.Prefill.AddWarm(prefill, 0);
        fleet.Decode.AddWarm(decode, 0);
        return fleet;
    }

    [Fact]
    public void A_request_is_prefilled_on_a_prefill_replica_then_generated_on_a_decode_replica_after_its_kv_moves()
    {
        var sink = new RecordingSink();
        var fleet = Fleet(sink, 1, 1);

        fleet.Arrive(0.05, 500, 11, 0.05);
        fleet.RunUntil(0.11);
        // Prefilled at 0.105 s; the KV is in transfer until 0.105 + 0.02 + 500 × 1e-5 = 0.13 s.
        Assert.Equal(1, fleet.InTransfer);
        Assert.False(fleet.Idle);
        fleet.RunUntil(1);

        var c = Assert.Single(sink.Completed);
        Assert.Equal(0.05, c.Arrival, 9);
        // The first token the client sees comes from the decode replica as the KV lands; ten more, one per 10 ms iteration.
        Assert.Equal(0.13, c.FirstToken, 9);
        Assert.Equal(0.23, c.Finished, 9);
        Assert.Equal(11, c.Output);
        var (prefill, decode) = (fleet.Prefill.Replicas[0], fleet.Decode.Replicas[0]);
        // Each role's engine counts what its pods would: prompts and one token on prefill, the output on decode.
        Assert.Equal((500, 1), (prefill.PromptTokensTotal, prefill.GenerationTokensTotal));
        Assert.Equal((0, 11), (decode.PromptTokensTotal, decode.GenerationTokensTotal));
        Assert.True(fleet.Idle);
        Assert.Empty(sink.Dropped);
    }

    [Fact]
    public void The_decode_replica_holds_the_prompts_kv_while_it_generates()
    {
        var fleet = Fleet(new RecordingSink(), 1, 1);

        fleet.Arrive(0, 10_000, 101, 0);
        fleet.RunUntil(1.6);
        fleet.Decode.Settle(1.6);

        var (prefill, decode) = (fleet.Prefill.Replicas[0], fleet.Decode.Replicas[0]);
        Assert.Equal(0, prefill.KvCacheUsage);
        Assert.Equal(1, decode.Running);
        Assert.InRange(decode.KvCacheUsage * Simple.KvCacheTokens, 10_000, 10_101);
    }

    [Fact]
    public void With_step_timing_a_transfer_lands_at_the_first_step_after_it()
    {
        var sink = new RecordingSink();
        var fleet = Fleet(sink, 1, 1, FleetTiming.Steps);

        fleet.Arrive(0.05, 500, 11, 0);
        for (var step = 0; step < 10; step++) fleet.Step(step * 0.1, 0.1);

        var c = Assert.Single(sink.Completed);
        Assert.Equal(0.2, c.FirstToken, 9);
        Assert.Equal(11, c.Output);
    }

    [Fact]
    public void A_request_the_prefill_fleet_gives_up_is_dropped_once_and_never_reaches_decode()
    {
        var sink = new RecordingSink();
        var fleet = Fleet(sink, 0, 1);

        fleet.Arrive(0, 500, 11, 0);
        fleet.RunUntil(61);

        var dropped = Assert.Single(sink.Dropped);
        Assert.Equal((0, 60), dropped);
        Assert.Empty(sink.Completed);
        Assert.Equal(0, fleet.Decode.Replicas[0].GenerationTokensTotal);
    }

    [Fact]
    public void Requests_arriving_at_one_instant_keep_their_own_sizes()
    {
        var sink = new RecordingSink();
        var fleet = Fleet(sink, 2, 1);

        fleet.Arrive(0, 500, 3, 0);
        fleet.Arrive(0, 5_000, 7, 0);
        fleet.RunUntil(5);

        Assert.Equal([3, 7], sink.Completed.Select(c => c.Output).Order());
        Assert.Equal(5_500, fleet.Prefill.Replicas.Sum(r => r.PromptTokensTotal), 6);
    }
}
