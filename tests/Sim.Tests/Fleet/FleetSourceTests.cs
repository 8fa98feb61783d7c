using Headroom.Fleet;
using Headroom.Signals.Sources;
using Headroom.Sim.Fleet;
using Headroom.Sim.Replay;
using Headroom.Sim.Tests.Support;

namespace Headroom.Sim.Tests.Fleet;

public sealed class FleetSourceTests
{
    private static readonly FleetSpec Spec = FleetSpec.Default with { ColdStart = new ColdStartDistribution(30, 60) };

    // The source lists the pods in one list it refills every time, so each observation's pods are copied out.
    private static PodReading[] Observe(FleetSource source, FleetModel fleet, double now)
    {
        fleet.RunUntil(now);
        fleet.Settle(now);
        source.Set(fleet, now);
        return source.ObserveAsync(ReplaySetup.DefaultWorkload(Spec), CancellationToken.None).Result.Pods.ToArray();
    }

    [Fact]
    public void An_idle_replica_is_read_as_before_and_a_busy_one_afresh()
    {
        var fleet = Spec.Build(new NullSink(), 2);
        var source = new FleetSource(ReplaySetup.DefaultWorkload(Spec));
        // One request, on the first replica (the least loaded, first in order), served within a couple of seconds.
        fleet.Arrive(new SimRequest(0, 500, 20), 0);
        var busy = Observe(source, fleet, 0.05);
        var done = Observe(source, fleet, 10);
        var idle = Observe(source, fleet, 12);
        fleet.Arrive(new SimRequest(12.5, 500, 2000), 12.5);
        var again = Observe(source, fleet, 14);

        Assert.Equal(1, busy[0].Engine.RequestsRunning);
        Assert.Equal(0, done[0].Engine.RequestsRunning);
        Assert.Equal(20, done[0].Engine.GenerationTokensTotal!.Value, 6);
        // The first replica finished within the last interval: its duty was above zero then, and is zero now.
        Assert.InRange(done[0].Engine.GpuDutyCycle!.Value, 1e-6, 1);
        Assert.NotSame(done[0], idle[0]);
        Assert.Equal(0, idle[0].Engine.GpuDutyCycle);
        // The second replica never served: the same reading every time.
        Assert.Same(done[1], idle[1]);
        Assert.Same(idle[1], busy[1]);
        // Served again: read afresh, the idle second replica still the same.
        Assert.NotSame(idle[0], again[0]);
        Assert.Equal(1, again[0].Engine.RequestsRunning);
        Assert.True(again[0].Engine.GenerationTokensTotal > idle[0].Engine.GenerationTokensTotal);
        Assert.Same(idle[1], again[1]);
        Assert.Equal(idle[1].Engine, again[1].Engine);
    }

    // The source reuses a replica's last reading while every value is the same: a value left out of that comparison
    // would be served stale. Each value of a reading, changed alone, must make it another reading.
    [Fact]
    public void A_reading_that_differs_in_any_one_value_is_not_taken_for_the_same()
    {
        var fleet = Spec.Build(new NullSink(), 1);
        var source = new FleetSource(ReplaySetup.DefaultWorkload(Spec));
        fleet.Arrive(new SimRequest(0, 500, 20), 0);
        var reading = Observe(source, fleet, 0.05)[0].Engine;
        var (replica, duty) = (fleet.Replicas[0], reading.GpuDutyCycle);
        Assert.True(FleetSource.Same(reading, replica, duty));

        var clone = typeof(EngineReading).GetMethod("<Clone>$")!;
        var values = typeof(EngineReading).GetProperties().Where(p => p.CanWrite && p.PropertyType == typeof(double?)).ToArray();
        Assert.Equal(13, values.Length);
        foreach (var value in values)
        {
            var changed = (EngineReading)clone.Invoke(reading, null)!;
            value.SetValue(changed, (double?)value.GetValue(reading) is { } v ? v + 0.5 : 0.5);
            Assert.False(FleetSource.Same(changed, replica, duty), $"{value.Name} changed, yet the reading was taken for the same");
        }
    }
}
