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
    public IEnumerable<TraceRequest> Apply(TraceReader reader)
    {
        var random = new Random(Seed);
        var whole = Math.Floor(RateScale);
        var fraction = RateScale - whole;
        var offset = 0.0;
        for (var pass = 0; pass < Loop; pass++)
        {
            TraceRequest? previous = null;
            long count = 0;
            foreach (var r in reader.Requests())
            {
                if (previous is { } p)
                {
                    var copies = CopyCount(random, whole, fraction);
                    for (var c = 0; c < copies; c++) yield return At(p, offset, (r.ArrivalSeconds - p.ArrivalSeconds) * c / copies);
                }
                previous = r;
                count++;
            }
            if (previous is not { } last) yield break;
            var meanGap = count > 1 ? last.ArrivalSeconds / (count - 1) : 1;
            var lastCopies = CopyCount(random, whole, fraction);
            for (var c = 0; c < lastCopies; c++) yield return At(last, offset, meanGap * c / lastCopies);
            offset += (last.ArrivalSeconds + meanGap) * TimeScale;
        }
    }

    private static int CopyCount(Random random, double whole, double fraction) =>
        (int)whole + (fraction > 0 && random.NextDouble() < fraction ? 1 : 0);

    private TraceRequest At(TraceRequest r, double offset, double shift) => r with { ArrivalSeconds = offset + (r.ArrivalSeconds + shift) * TimeScale };
}
