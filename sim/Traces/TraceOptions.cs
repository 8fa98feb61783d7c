namespace Headroom.Sim.Traces;

/// <summary>How a trace is stretched, amplified and repeated before replay.</summary>
/// <param name="TimeScale">Multiplies every arrival time: 2 stretches the trace to twice its length at half the rate.</param>
/// <param name="RateScale">Multiplies the request rate: each request arrives ⌊k⌋ times, once more with probability k − ⌊k⌋ (seeded), the copies spread over the gap to the next request.</param>
/// <param name="Loop">Plays the trace this many times back to back, each pass one mean gap after the last.</param>
/// <param name="Seed">Seed of the fractional rate-scale draws.</param>
public sealed record TraceOptions(double TimeScale = 1, double RateScale = 1, int Loop = 1, int Seed = 1)
{
    /// <summary>A message naming the bad option, or null.</summary>
    public string? Problem() =>
        !(TimeScale > 0) || !double.IsFinite(TimeScale) ? $"--time-scale {TimeScale} must be a positive number"
        : !(RateScale > 0) || !double.IsFinite(RateScale) ? $"--rate-scale {RateScale} must be a positive number"
        : Loop < 1 ? $"--loop {Loop} must be at least 1"
        : null;

    /// <summary>
    /// The requests of the trace with the options applied, streamed. The copies of one request are spread evenly
    /// over the gap to the next request, so amplifying the rate does not also stack identical requests in one instant.
    /// </summary>
    internal AppliedTrace Apply(TraceReader reader) => new(this, reader);
}
