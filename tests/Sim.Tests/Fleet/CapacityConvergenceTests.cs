using Headroom.Fleet;
using Headroom.Signals.Pipeline;
using Headroom.Sim.Fleet;
using Headroom.Sim.Replay;
using Headroom.Sim.Tests.Support;

namespace Headroom.Sim.Tests.Fleet;

// The capacity estimator, fed by the simulated fleet through the adapter's own tracker, learns what one replica of
// the 8B profile sustains from a wrong prior: prefill under prompt-heavy saturation, decode under decode-heavy
// saturation, each within 10% of the model's true rate after fifteen minutes.
public sealed class CapacityConvergenceTests
{
    private static readonly FleetSpec Spec = FleetSpec.Default;
    private static readonly double TruePrefill = Oracle.UnloadedPrefillTokensPerSecond(Spec.Model);
    private static readonly double TrueDecode = Spec.Model.PeakDecodeTokensPerSecond;

    // Four replicas held (no controller), Poisson arrivals at the given rate, one signal cycle every 2 s.
    private static Signals.Snapshots.ReplicaDecision Run(double prefillPrior, double decodePrior, double perSecond, int prompt, int output)
    {
        var workload = ReplaySetup.DefaultWorkload(Spec) with { PrefillTokensPerSecondPerReplica = prefillPrior, TokensPerSecondPerReplica = decodePrior };
        var fleet = Spec.Build(new NullSink(), 4);
        var signals = new FleetSignals(workload, new SignalOptions());
        var random = new Random(3);
        var next = 0.0;
        for (var cycle = 1; cycle <= 450; cycle++)
        {
            var t = cycle * 2.0;
            for (; next < t; next += -Math.Log(1 - random.NextDouble()) / perSecond) fleet.Arrive(new SimRequest(next, prompt, output), next);
            fleet.RunUntil(t);
            signals.Cycle(fleet, t);
        }
        return signals.Latest.Decision!;
    }

    [Theory]
    [InlineData(0.4)]
    [InlineData(2.4)]
    public void Prefill_capacity_converges_under_prompt_heavy_saturation(double priorFactor)
    {
        // 40 requests/s of 4,000-token prompts: 160,000 prompt tokens/s against four replicas' ~98,000.
        var d = Run(TruePrefill * priorFactor, TrueDecode, 40, 4_000, 8);
        Assert.True(d.PrefillCapacityLearned);
        Assert.InRange(d.PrefillCapacityPerReplica, TruePrefill * 0.9, TruePrefill * 1.1);
    }

    [Theory]
    [InlineData(0.45)]
    [InlineData(2.2)]
    public void Decode_capacity_converges_under_decode_heavy_saturation(double priorFactor)
    {
        // 40 requests/s of 200 prompt and 1,000 output tokens: 40,000 generated tokens/s against four full batches' ~27,000.
        var d = Run(TruePrefill, TrueDecode * priorFactor, 40, 200, 1_000);
        Assert.True(d.DecodeCapacityLearned);
        Assert.InRange(d.DecodeCapacityPerReplica, TrueDecode * 0.9, TrueDecode * 1.1);
    }
}
