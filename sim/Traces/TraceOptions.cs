namespace Headroom.Sim.Traces;

/// <summary>How a trace is stretched, amplified and repeated before replay.</summary>
/// <param name="TimeScale">Multiplies every arrival time: 2 stretches the trace to twice its length at half the rate.</param>
/// <param name="RateScale">Multiplies the request rate: each request arrives ⌊k⌋ times, once more with probability k − ⌊k⌋ (seeded).</param>
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

    /// <summary>The requests of the trace with the options applied, streamed.</summary>
    public IEnumerable<TraceRequest> Apply(TraceReader reader)
    {
        var random = new Random(Seed);
        var whole = Math.Floor(RateScale);
        var fraction = RateScale - whole;
        var offset = 0.0;
        for (var pass = 0; pass < Loop; pass++)
        {
            var last = 0.0;
            long count = 0;
            foreach (var r in reader.Requests())
            {
                last = r.ArrivalSeconds;
                count++;
                var copies = (int)whole + (fraction > 0 && random.NextDouble() < fraction ? 1 : 0);
                var at = offset + r.ArrivalSeconds * TimeScale;
                for (var c = 0; c < copies; c++) yield return r with { ArrivalSeconds = at };
            }
            if (count == 0) yield break;
            offset += (last + (count > 1 ? last / (count - 1) : 1)) * TimeScale;
        }
    }
}
