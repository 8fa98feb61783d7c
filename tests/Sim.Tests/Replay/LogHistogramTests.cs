using Headroom.Sim.Replay;

namespace Headroom.Sim.Tests.Replay;

public sealed class LogHistogramTests
{
    [Fact]
    public void The_bucket_from_the_bounds_is_the_bucket_of_the_logarithm_for_every_value()
    {
        var random = new Random(7);
        var values = new List<double> { 0, -1, 1e-4, Math.BitIncrement(1e-4), 1e-5, 0.045, 1, 3600, 1e6, 1e300, double.PositiveInfinity, double.NaN };
        // Log-uniform from 1 µs to ~12 days, past both ends of the buckets.
        for (var i = 0; i < 200_000; i++) values.Add(Math.Exp(random.NextDouble() * Math.Log(1e12)) * 1e-6);
        // Every bucket edge and its neighbours, where a wrong table would show.
        for (var edge = 1e-4; edge < 1e6; edge *= 1.01)
        {
            values.Add(edge);
            values.Add(Math.BitDecrement(edge));
            values.Add(Math.BitIncrement(edge));
        }

        foreach (var v in values) Assert.True(LogHistogram.Bucket(v) == LogHistogram.Index(v), $"{v:R}: {LogHistogram.Bucket(v)} vs {LogHistogram.Index(v)}");
    }

    [Fact]
    public void A_quantile_is_the_upper_edge_of_its_bucket()
    {
        var histogram = new LogHistogram();
        foreach (var v in new[] { 0.01, 0.02, 0.03, 0.04, 1.0 }) histogram.Add(v);

        Assert.Null(new LogHistogram().Quantile(0.5));
        Assert.InRange(histogram.Quantile(0.5)!.Value, 0.03, 0.03 * 1.01);
        Assert.InRange(histogram.Quantile(1)!.Value, 1.0, 1.01);
    }
}
