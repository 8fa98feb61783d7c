using Headroom.Signals.Catalog;
using Headroom.Signals.Pipeline;
using Headroom.Sim.Fleet;
using Headroom.Sim.Replay;

namespace Headroom.Sim.Tests.Fleet;

public sealed class FleetTests
{
    private static readonly FleetSpec Spec = FleetSpec.Default with { ColdStart = new ColdStartDistribution(30, 60) };

    [Fact]
    public void Arrivals_go_to_the_least_loaded_ready_replica()
    {
        var fleet = new Sim.Fleet.Fleet(Spec, new RecordingSink(), 2);
        for (var i = 0; i < 4; i++) fleet.Arrive(new SimRequest(0, 100, 10), 0);
        Assert.All(fleet.Replicas, r => Assert.Equal(2, r.Waiting));
    }

    [Fact]
    public void With_no_ready_replica_requests_are_held_until_one_is_ready()
    {
        var sink = new RecordingSink();
        var fleet = new Sim.Fleet.Fleet(Spec, sink, 0);
        fleet.ScaleTo(1, 0);
        fleet.Arrive(new SimRequest(0, 100, 10), 0);
        Assert.Equal(1, fleet.Held);
        var readyAt = fleet.Replicas[0].ReadyAt;
        for (var t = 0.0; t < readyAt + 5; t += 0.1) fleet.Step(t, 0.1);
        var c = Assert.Single(sink.Completed);
        Assert.True(c.Started >= readyAt, $"started {c.Started} before ready {readyAt}");
        Assert.Equal(1, fleet.ColdStarts);
    }

    [Fact]
    public void Scaling_down_removes_pending_replicas_first_and_counts_their_replica_seconds()
    {
        var fleet = new Sim.Fleet.Fleet(Spec, new RecordingSink(), 1);
        fleet.ScaleTo(3, 10);
        fleet.ScaleTo(1, 20);
        Assert.Equal(1, fleet.Scale);
        Assert.Equal(0, fleet.Replicas[0].ReadyAt);
        // One replica for 30 s, two pending ones for 10 s each.
        Assert.Equal(30 + 10 + 10, fleet.ReplicaSeconds(30), 9);
    }

    [Fact]
    public void A_terminating_replica_hands_back_its_queue_and_finishes_its_batch()
    {
        var sink = new RecordingSink();
        var fleet = new Sim.Fleet.Fleet(Spec with { Model = Spec.Model with { MaxBatch = 1 } }, sink, 2);
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
    public void Cold_starts_follow_the_lognormal_p50_and_p90()
    {
        var distribution = new ColdStartDistribution(90, 180);
        var random = new Random(7);
        var draws = Enumerable.Range(0, 20_000).Select(_ => distribution.Draw(random)).Order().ToArray();
        Assert.InRange(draws[10_000], 90 * 0.97, 90 * 1.03);
        Assert.InRange(draws[18_000], 180 * 0.96, 180 * 1.04);
    }

    [Fact]
    public void The_signal_pipeline_sees_the_fleets_token_rate_and_queue()
    {
        // Two replicas, 2 requests/s of 500 prompt and 100 output tokens: 200 generated and 1,000 prompt tokens/s.
        var fleet = new Sim.Fleet.Fleet(Spec, new RecordingSink(), 2);
        var signals = new FleetSignals(ReplaySetup.DefaultWorkload(Spec), new SignalOptions());
        var dt = 0.1;
        for (var step = 0; step < 1_200; step++)
        {
            var t = step * dt;
            if (step % 5 == 0) fleet.Arrive(new SimRequest(t, 500, 100), t);
            fleet.Step(t, dt);
            if ((step + 1) % 20 == 0) signals.Cycle(fleet, t + dt);
        }
        var values = signals.Latest.Values;
        Assert.InRange(values[CatalogMetric.TokenThroughput]!.Value, 200 * 0.9, 200 * 1.1);
        Assert.InRange(values[CatalogMetric.PromptThroughput]!.Value, 1_000 * 0.9, 1_000 * 1.1);
        Assert.Equal(0, values[CatalogMetric.QueueDepth]);
        Assert.Equal(2, signals.Latest.Pods.Count);
        Assert.InRange(values[CatalogMetric.GpuDutyCycle]!.Value, 0.01, 1);
        Assert.NotNull(values[CatalogMetric.DesiredReplicas]);
    }
}
