namespace Headroom.Fleet.Tests;

public sealed class FleetModelTests
{
    private static readonly FleetRules Rules = new(ModelProfile.Llama8BH100, TimeSpan.FromSeconds(60), TimeSpan.FromSeconds(30));

    private static FleetModel Fleet(IRequestSink sink, int warm, FleetRules? rules = null)
    {
        var fleet = new FleetModel(rules ?? Rules, new CountedReplicas(new ColdStartDistribution(30, 60)), sink);
        fleet.AddWarm(warm, 0);
        return fleet;
    }

    [Fact]
    public void Arrivals_go_to_the_least_loaded_ready_replica()
    {
        var fleet = Fleet(new RecordingSink(), 2);
        for (var i = 0; i < 4; i++) fleet.Arrive(new SimRequest(0, 100, 10), 0);
        Assert.All(fleet.Replicas, r => Assert.Equal(2, r.Waiting));
    }

    [Fact]
    public void With_no_ready_replica_requests_are_held_until_one_is_ready()
    {
        var sink = new RecordingSink();
        var fleet = Fleet(sink, 0);
        fleet.ScaleTo(1, 0);
        fleet.Arrive(new SimRequest(0, 100, 10), 0);
        Assert.Equal(1, fleet.Held);
        var readyAt = fleet.Replicas[0].ReadyAt;
        for (var t = 0.0; t < readyAt + 5; t += 0.1) fleet.Step(t, 0.1);
        var c = Assert.Single(sink.Completed);
        Assert.True(c.Started >= readyAt, $"started {c.Started} before ready {readyAt}");
        Assert.Equal(1, fleet.ColdStarts);
        Assert.Equal([fleet.Replicas[0]], fleet.BecameReady);
    }

    [Fact]
    public void Scaling_down_removes_pending_replicas_first_and_counts_their_replica_seconds()
    {
        var fleet = Fleet(new RecordingSink(), 1);
        fleet.ScaleTo(3, 10);
        fleet.ScaleTo(1, 20);
        Assert.Equal(1, fleet.Scale);
        Assert.Equal(0, fleet.Replicas[0].ReadyAt);
        // One replica for 30 s, two pending ones for 10 s each.
        Assert.Equal(30 + 10 + 10, fleet.ReplicaSeconds(30), 9);
        Assert.Equal(["replica-0", "replica-1", "replica-2"], fleet.History(30).Select(r => r.Name));
    }

    [Fact]
    public void A_terminating_replica_hands_back_its_queue_and_finishes_its_batch()
    {
        var sink = new RecordingSink();
        var fleet = Fleet(sink, 2, Rules with { Model = Rules.Model with { MaxBatch = 1 } });
        for (var i = 0; i < 4; i++) fleet.Arrive(new SimRequest(0, 100, 10), 0);
        fleet.Step(0, 0.1);
        fleet.ScaleTo(1, 0.1);
        Assert.Equal(1, fleet.Scale);
        for (var t = 0.1; t < 10; t += 0.1) fleet.Step(t, 0.1);
        Assert.Equal(4, sink.Completed.Count);
        Assert.Empty(sink.Dropped);
        Assert.Single(fleet.Replicas);
    }

    [Fact]
    public void New_replicas_start_up_as_the_provisioner_draws_them()
    {
        var fleet = Fleet(new RecordingSink(), 0);
        fleet.ScaleTo(1, 7);
        var startup = fleet.Replicas[0].Startup;
        Assert.Equal(7, startup.Created);
        Assert.True(startup.Created < startup.Scheduled && startup.Scheduled < startup.Initialized && startup.Initialized < startup.Ready);
        Assert.Equal(startup.Ready, fleet.Replicas[0].ReadyAt);
    }
}
