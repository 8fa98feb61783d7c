using Headroom.Fleet;
using Headroom.Signals.Catalog;
using Headroom.Signals.Pipeline;
using Headroom.Sim.Fleet;
using Headroom.Sim.Replay;
using Headroom.Sim.Tests.Support;

namespace Headroom.Sim.Tests.Fleet;

public sealed class FleetSignalsTests
{
    private static readonly FleetSpec Spec = FleetSpec.Default with { ColdStart = new ColdStartDistribution(30, 60) };

    [Fact]
    public void The_signal_pipeline_sees_the_fleets_token_rate_and_queue()
    {
        // Two replicas, 2 requests/s of 500 prompt and 100 output tokens: 200 generated and 1,000 prompt tokens/s.
        var fleet = Spec.Build(new NullSink(), 2);
        var signals = new FleetSignals(ReplaySetup.DefaultWorkload(Spec), new SignalOptions());
        for (var i = 0; i < 240; i++)
        {
            var t = i * 0.5;
            fleet.Arrive(new SimRequest(t, 500, 100), t);
            if (i % 4 == 3)
            {
                fleet.RunUntil(t + 0.5);
                signals.Cycle(fleet, t + 0.5);
            }
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
