using Headroom.Forecast.Backtesting;
using Headroom.Forecast.Models;

namespace Headroom.Forecast.Tests.Models;

/// <summary>Synthetic series whose right forecast is known exactly.</summary>
public sealed class KnownAnswerTests
{
    private const int Period = 24;

    private static double[] Seasonal(int length) =>
        Enumerable.Range(0, length).Select(t => 100 + 20 * Math.Sin(2 * Math.PI * t / Period)).ToArray();

    [Theory]
    [InlineData(Seasonality.Additive)]
    [InlineData(Seasonality.Multiplicative)]
    public void A_pure_seasonal_series_is_forecast_almost_exactly(Seasonality season)
    {
        var series = Seasonal(10 * Period + Period);
        var history = series[..(10 * Period)];

        var fitted = new ExponentialSmoothingForecaster(true, season, Period).Fit(history);

        for (var h = 1; h <= Period; h++)
            Assert.InRange(fitted.Forecast(h) - series[10 * Period + h - 1], -0.5, 0.5); // under 2.5% of the 20-unit amplitude
    }

    [Fact]
    public void Seasonal_naive_repeats_the_last_season_exactly()
    {
        var series = Seasonal(5 * Period);
        var fitted = new SeasonalNaiveForecaster(Period).Fit(series[..(4 * Period)]);

        for (var h = 1; h <= Period; h++) Assert.Equal(series[4 * Period + h - 1], fitted.Forecast(h), 9);
    }

    [Fact]
    public void A_linear_trend_is_extrapolated()
    {
        var series = Enumerable.Range(0, 300).Select(t => 5 + 2.0 * t).ToArray();

        var fitted = ExponentialSmoothingForecaster.Holt().Fit(series);

        // Truth at h = 10 is 5 + 2 × 309 = 623; the strongest damping allowed (phi 0.995) costs at most 0.6.
        Assert.InRange(fitted.Forecast(10), 622.0, 623.5);
        Assert.InRange(fitted.Forecast(1), 604.5, 605.5);
    }

    [Fact]
    public void A_level_shift_is_followed_within_three_steps()
    {
        var random = new Random(7);
        var series = Enumerable.Range(0, 400).Select(t => (t < 300 ? 100.0 : 200.0) + random.NextDouble() - 0.5).ToArray();

        // Three steps after the shift the smoothed level is already within 5% of the new level.
        var fitted = ExponentialSmoothingForecaster.Ewma().Fit(series[..303]);
        Assert.InRange(fitted.Forecast(1), 190, 210);
        var holt = ExponentialSmoothingForecaster.Holt().Fit(series[..303]);
        Assert.InRange(holt.Forecast(1), 190, 215);
    }

    [Fact]
    public void Missing_steps_are_gaps_not_zeros()
    {
        var series = Enumerable.Repeat(50.0, 200).ToArray();
        for (var t = 150; t < 170; t++) series[t] = double.NaN;

        Assert.InRange(ExponentialSmoothingForecaster.Ewma().Fit(series).Forecast(1), 49.9, 50.1);
        Assert.Equal(50, new NaiveForecaster().Fit(series[..160]).Forecast(1));
    }

    [Fact]
    public void The_p90_forecast_covers_close_to_90_percent_of_gaussian_noise()
    {
        var random = new Random(11);
        double Gaussian() => MathNet.Numerics.Distributions.Normal.Sample(random, 0, 1);
        var series = Enumerable.Range(0, 1200).Select(_ => 50 + 5 * Gaussian()).ToArray();

        var points = RollingOrigin.Run(ExponentialSmoothingForecaster.Ewma(), series, new BacktestOptions(Horizon: 1, MinTrain: 200, MaxTrain: 300))
            .Where(p => !double.IsNaN(p.P90)).ToArray();

        Assert.True(points.Length > 900);
        var belowP90 = points.Count(p => p.Actual <= p.P90) / (double)points.Length;
        var inside80 = points.Count(p => p.Actual >= p.P10 && p.Actual <= p.P90) / (double)points.Length;
        Assert.InRange(belowP90, 0.86, 0.94);
        Assert.InRange(inside80, 0.75, 0.85);
        // For N(0, 5) noise around a known mean, the 90th percentile sits 1.2816 × 5 above it.
        Assert.InRange(points.Average(p => p.P90 - p.Point), 5.2, 7.6);
    }
}
