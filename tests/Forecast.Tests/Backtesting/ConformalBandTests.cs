using Headroom.Forecast.Backtesting;
using Headroom.Forecast.Models;

namespace Headroom.Forecast.Tests.Backtesting;

/// <summary>
/// The band's calibration on series whose noise is known and changes: the old calibration (plain conformal on the last
/// 500 errors, tracking step 0) is run on the same forecasts, so each test shows what the tracking changes.
/// </summary>
public sealed class ConformalBandTests
{
    private const double Plain = 0;

    private static double Gaussian(Random random) => MathNet.Numerics.Distributions.Normal.Sample(random, 0, 1);

    private static ForecastPoint[] Banded(double[] series, double tracking, int horizon = 3) =>
        [.. RollingOrigin.Run(new NaiveForecaster(), series, new BacktestOptions(horizon, MinTrain: 100, BandTracking: tracking)).Where(p => !double.IsNaN(p.P10))];

    private static double Coverage(ForecastPoint[] points) => points.Count(p => p.Actual >= p.P10 && p.Actual <= p.P90) / (double)points.Length;

    private static double Width(ForecastPoint[] points) => points.Average(p => p.P90 - p.P10);

    [Fact]
    public void Demand_that_quadruples_with_noise_in_proportion_is_covered_80_percent()
    {
        var random = new Random(5);
        // Heteroscedastic: noise of 5% of the level, which steps from 100 to 400; the errors of the first part are a
        // quarter of the size of the second part's.
        var series = Enumerable.Range(0, 1500).Select(t => (t < 600 ? 100 : 400) * (1 + 0.05 * Gaussian(random))).ToArray();

        var tracked = Coverage(Banded(series, ConformalBand.DefaultStep));
        var plain = Coverage(Banded(series, Plain));

        Assert.InRange(tracked, 0.75, 0.88);
        Assert.True(plain < 0.75, $"plain conformal covers {plain:F3}");
    }

    [Fact]
    public void Noise_that_falls_to_a_quarter_narrows_the_band_instead_of_covering_everything()
    {
        var random = new Random(9);
        var series = Enumerable.Range(0, 1200).Select(t => 500 + (t < 400 ? 40 : 10) * Gaussian(random)).ToArray();

        var tracked = Banded(series, ConformalBand.DefaultStep);
        var plain = Banded(series, Plain);

        Assert.InRange(Coverage(tracked), 0.75, 0.88);
        // The first 300 quiet origins, while the last 500 errors are still mostly loud ones: the plain band keeps their
        // width and covers everything; the tracked one narrows until it misses one target in five again.
        var quietTracked = tracked.Where(p => p.Origin is >= 400 and < 700).ToArray();
        var quietPlain = plain.Where(p => p.Origin is >= 400 and < 700).ToArray();
        Assert.InRange(Coverage(quietTracked), 0.75, 0.88);
        Assert.True(Coverage(quietPlain) > 0.95, $"plain conformal covers {Coverage(quietPlain):F3} of the quiet part");
        Assert.True(Width(quietPlain) > 1.5 * Width(quietTracked), $"plain {Width(quietPlain):F1}, tracked {Width(quietTracked):F1}");
    }

    [Fact]
    public void A_bursty_series_that_turns_quiet_is_covered_80_percent_overall_and_after_the_change()
    {
        var random = new Random(2);
        // Requests arrive at 6 a step, then at 0.5 (quiet, many empty steps); each request's tokens are exponential:
        // a bursty, heteroscedastic series like a request trace whose busy hour ends.
        var series = new double[1500];
        for (var t = 0; t < series.Length; t++)
        {
            var arrivals = MathNet.Numerics.Distributions.Poisson.Sample(random, t < 600 ? 6 : 0.5);
            for (var i = 0; i < arrivals; i++) series[t] += MathNet.Numerics.Distributions.Exponential.Sample(random, 1 / 40.0);
        }

        var tracked = Banded(series, ConformalBand.DefaultStep, horizon: 5);
        var plain = Banded(series, Plain, horizon: 5);

        Assert.InRange(Coverage(tracked), 0.75, 0.88);
        var quietTracked = Coverage([.. tracked.Where(p => p.Origin is >= 600 and < 900)]);
        var quietPlain = Coverage([.. plain.Where(p => p.Origin is >= 600 and < 900)]);
        Assert.InRange(quietTracked, 0.75, 0.88);
        Assert.True(quietPlain > 0.95, $"plain conformal covers {quietPlain:F3} of the quiet part");
    }

    [Fact]
    public void On_stationary_noise_the_tracked_band_costs_at_most_an_eighth_of_width()
    {
        var random = new Random(13);
        var series = Enumerable.Range(0, 1500).Select(_ => 500 + 20 * Gaussian(random)).ToArray();

        var tracked = Banded(series, ConformalBand.DefaultStep);
        var plain = Banded(series, Plain);

        // The price of tracking on a series that needs none: the bounds wander around the right quantiles, which costs
        // width (3–10% over ten seeds of this series).
        Assert.InRange(Coverage(tracked), 0.77, 0.83);
        Assert.InRange(Width(tracked) / Width(plain), 0.98, 1.12);
    }

    [Fact]
    public void Calibration_origins_give_a_short_series_a_band_at_every_scored_origin_and_are_not_scored()
    {
        var random = new Random(4);
        var series = Enumerable.Range(0, 60).Select(_ => 100 + 10 * Gaussian(random)).ToArray();
        var options = new BacktestOptions(Horizon: 5, MinTrain: 20);

        var selection = ModelSelector.Select(ModelSelector.Candidates(0, 5), series, options with { CalibrateFrom = 1 });
        var without = ModelSelector.Select(ModelSelector.Candidates(0, 5), series, options);

        var auto = selection.Forecasts[ModelSelector.Auto];
        Assert.Equal(without.Forecasts[ModelSelector.Auto].Count, auto.Count);
        Assert.Equal(20, auto[0].Origin);
        Assert.All(auto, p => Assert.False(double.IsNaN(p.P10)));
        Assert.Contains(without.Forecasts[ModelSelector.Auto], p => double.IsNaN(p.P10));
        Assert.Equal(without.Scores.Single(s => s.Model == "naive").Mae, selection.Scores.Single(s => s.Model == "naive").Mae, 9);
    }

    [Fact]
    public void A_bound_moves_out_after_a_miss_and_in_after_a_hit_in_units_of_the_errors_size()
    {
        var band = new ConformalBand();
        double[] errors = [-2, -1, 0, 1, 2, -2, -1, 0, 1, 2];
        var first = band.Around(100, [.. errors]);

        band.Track(first.P90 + 5, first);
        var afterMiss = band.Around(100, [.. errors]);
        band.Track(first.P50, afterMiss);
        var afterHit = band.Around(100, [.. errors]);

        // Scale 1.2 (mean |error|), step 0.5: a miss above moves the top out by 0.9 × 0.6 and the bottom in by 0.1 × 0.6.
        Assert.Equal(first.P90 + 0.54, afterMiss.P90, 9);
        Assert.Equal(first.P10 + 0.06, afterMiss.P10, 9);
        Assert.Equal(afterMiss.P90 - 0.06, afterHit.P90, 9);
        Assert.Equal(afterMiss.P10 + 0.06, afterHit.P10, 9);
        Assert.Equal(first.P50, afterHit.P50, 9);

        // The shifts are kept in units of the errors' mean absolute size: from errors twice as large, twice as far.
        double[] doubled = [.. errors.Select(e => 2 * e)];
        var wider = band.Around(100, [.. doubled]);
        Assert.Equal(100 + ResidualQuantiles.Conformal([.. doubled], 0.9) + 2 * (afterHit.P90 - first.P90), wider.P90, 9);
    }
}
