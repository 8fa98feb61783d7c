namespace Headroom.Fleet.Tests;

// The event-driven fleet on the worked cases of ReplicaTests (same profile: a decode iteration of 10 ms whatever the
// batch, 9,090.9 prompt tokens/s with nothing decoding) and on the fleet's own events: replicas becoming ready,
// held requests timing out, a drained replica leaving, and a waiting request admitted at the scheduler's tick.
public sealed class EventFleetTests
{
    private static readonly ModelProfile Simple = new("test", 1, 10, 0, 10_000, 1_000, 256, 1_000_000);
    private static readonly FleetRules Rules = new(Simple, TimeSpan.FromSeconds(60), TimeSpan.FromSeconds(30), TimeSpan.FromMilliseconds(100));

    private static FleetModel Fleet(IRequestSink sink, int warm, FleetRules? rules = null)
    {
        var fleet = new FleetModel(rules ?? Rules, new CountedReplicas(new ColdStartDistribution(30, 60)), sink, FleetTiming.Events);
        fleet.AddWarm(warm, 0);
        return fleet;
    }

    [Fact]
    public void A_lone_request_has_ttft_of_its_prefill_and_tpot_of_one_iteration()
    {
        var sink = new RecordingSink();
        var fleet = Fleet(sink, 1);
        fleet.Arrive(new SimRequest(0.05, 500, 11), 0.05);
        fleet.RunUntil(1);
        var c = Assert.Single(sink.Completed);
        Assert.Equal(0.055, c.FirstToken - c.Arrival, 9);
        Assert.Equal(0.05, c.Started, 9);
        Assert.Equal(0.205, c.Finished, 9);
    }

    [Fact]
    public void A_waiting_request_is_admitted_at_the_first_tick_after_a_slot_frees()
    {
        // As in the step model: A is done at 0.21 s, so B is admitted at 0.3 s, first token at 0.41 s, done at 0.51 s.
        var sink = new RecordingSink();
        var fleet = Fleet(sink, 1, Rules with { Model = Simple with { MaxBatch = 1 } });
        fleet.Arrive(new SimRequest(0, 1_000, 11), 0);
        fleet.Arrive(new SimRequest(0, 1_000, 11), 0);
        Assert.Equal(1, fleet.Replicas[0].Waiting);
        fleet.RunUntil(1);
        Assert.Equal(2, sink.Completed.Count);
        var b = sink.Completed[1];
        Assert.Equal(0.3, b.Started, 9);
        Assert.Equal(0.41, b.FirstToken, 9);
        Assert.Equal(0.51, b.Finished, 9);
    }

    [Fact]
    public void Counters_read_between_events_are_the_step_models_at_the_same_instant()
    {
        // Four requests of 10 prompt and 101 output tokens with t1 = 1 ms, read at 0.75 s in both models.
        var profile = Simple with { DecodeStepPerSequenceMs = 1 };
        var steps = new FleetModel(Rules with { Model = profile }, new CountedReplicas(new ColdStartDistribution(30, 60)), new RecordingSink());
        steps.AddWarm(1, 0);
        var events = Fleet(new RecordingSink(), 1, Rules with { Model = profile });
        for (var i = 0; i < 4; i++)
        {
            steps.Arrive(new SimRequest(0, 10, 101), 0);
            events.Arrive(new SimRequest(0, 10, 101), 0);
        }
        for (var t = 0.0; t < 0.75 - 1e-9; t += 0.05) steps.Step(t, 0.05);
        events.RunUntil(0.75);
        events.Settle(0.75);
        Replica s = steps.Replicas[0], e = events.Replicas[0];
        Assert.Equal(s.GenerationTokensTotal, e.GenerationTokensTotal, 6);
        Assert.Equal(s.PromptTokensTotal, e.PromptTokensTotal, 6);
        Assert.Equal(s.BusySeconds, e.BusySeconds, 9);
        Assert.Equal(s.KvCacheUsage, e.KvCacheUsage, 9);
        Assert.True(e.GenerationTokensTotal > 100, $"decoding had gone on: {e.GenerationTokensTotal}");
    }

    [Fact]
    public void An_idle_replica_has_no_event_and_reads_the_same_later()
    {
        var sink = new RecordingSink();
        var fleet = Fleet(sink, 2);
        fleet.Arrive(new SimRequest(0, 500, 11), 0);
        fleet.RunUntil(10);
        Assert.True(fleet.Idle);
        fleet.Settle(3_600);
        Assert.Equal(0.155, fleet.BusySeconds, 9);
        Assert.Equal(2 * 3_600, fleet.ReplicaSeconds(3_600), 9);
    }

    [Fact]
    public void Held_requests_go_to_a_replica_at_the_first_tick_once_it_is_ready()
    {
        var sink = new RecordingSink();
        var fleet = Fleet(sink, 0);
        fleet.ScaleTo(1, 0);
        fleet.Arrive(new SimRequest(1, 500, 11), 1);
        Assert.Equal(1, fleet.Held);
        var readyAt = fleet.Replicas[0].ReadyAt;
        fleet.RunUntil(readyAt + 5);
        var c = Assert.Single(sink.Completed);
        // As the step model routes at each step's start: the first 100 ms tick at or after the ready instant.
        Assert.Equal(Math.Ceiling(readyAt / 0.1 - 1e-9) * 0.1, c.Started, 9);
        Assert.True(c.Started - readyAt is >= 0 and < 0.1, $"started {c.Started}, ready {readyAt}");
        Assert.Equal([fleet.Replicas[0]], fleet.BecameReady);
    }

    [Fact]
    public void The_router_sees_the_loads_of_the_ticks_start_as_the_step_model_does()
    {
        // Two one-token requests on replica-0 end by 0.022 s; a long prompt holds replica-1. Within the first 100 ms tick
        // the router still counts the two that left replica-0 (2 against 1), so C goes to replica-1; in the next tick,
        // replica-0 is empty and takes D.
        var fleet = Fleet(new RecordingSink(), 2);
        fleet.Arrive(new SimRequest(0, 100, 1), 0);
        fleet.Arrive(new SimRequest(0, 5_000, 10), 0);
        fleet.Arrive(new SimRequest(0, 100, 1), 0);
        fleet.Arrive(new SimRequest(0.05, 100, 10), 0.05);
        Assert.Equal([0, 2], fleet.Replicas.Select(r => r.Load));
        fleet.Arrive(new SimRequest(0.15, 100, 10), 0.15);
        Assert.Equal(1, fleet.Replicas[0].Load);
    }

    [Fact]
    public void A_held_request_is_dropped_when_the_client_gives_up()
    {
        var sink = new RecordingSink();
        var fleet = Fleet(sink, 0);
        fleet.Arrive(new SimRequest(2, 500, 11), 2);
        fleet.RunUntil(100);
        Assert.Equal([(2.0, 62.0)], sink.Dropped);
        Assert.Equal(0, fleet.Held);
    }

    [Fact]
    public void A_terminating_replica_hands_back_its_queue_finishes_its_batch_and_leaves()
    {
        var sink = new RecordingSink();
        var fleet = Fleet(sink, 2, Rules with { Model = Simple with { MaxBatch = 1 } });
        for (var i = 0; i < 4; i++) fleet.Arrive(new SimRequest(0, 1_000, 11), 0);
        fleet.RunUntil(0.1);
        fleet.ScaleTo(1, 0.1);
        Assert.Equal(1, fleet.Scale);
        fleet.RunUntil(10);
        Assert.Equal(4, sink.Completed.Count);
        Assert.Empty(sink.Dropped);
        Assert.Single(fleet.Replicas);
        // The removed replica left when its one request was done, at 0.21 s.
        Assert.Equal(0.21, fleet.History(10).Single(r => r.Removed < 10).Removed, 9);
    }

    [Fact]
    public void A_fleet_with_step_timing_refuses_events_and_one_with_event_timing_refuses_steps()
    {
        var events = Fleet(new RecordingSink(), 1);
        Assert.Throws<InvalidOperationException>(() => events.Step(0, 0.1));
        var steps = new FleetModel(Rules, new CountedReplicas(new ColdStartDistribution(30, 60)), new RecordingSink());
        Assert.Throws<InvalidOperationException>(() => steps.RunUntil(1));
    }
}
