using Headroom.Forecast.Backtesting;
using Headroom.Forecast.Live;
using Headroom.Forecast.Models;

namespace Headroom.Forecast.Tests.Models;

/// <summary>A search started from earlier parameters ends where a search from scratch does, even when the best parameters moved.</summary>
public sealed class WarmStartTests
{
    private const int Period = 24;

    private static double Gaussian(Random random) =>
        MathNet.Numerics.Distributions.Normal.Sample(random, 0, 1);

    private static double Sse(ReadOnlySpan<double> history, bool trend, Seasonality season, SmoothingParameters p) =>
        new ExponentialSmoothing(history, trend, season, Period, p).Run(history).SumSquaredErrors;

    [Theory]
    [InlineData(false, Seasonality.None)]
    [InlineData(true, Seasonality.None)]
    [InlineData(true, Seasonality.Additive)]
    [InlineData(true, Seasonality.Multiplicative)]
    public void A_refit_started_from_the_previous_parameters_fits_as_well_as_a_cold_fit(bool trend, Seasonality season)
    {
        var random = new Random(3);
        var series = Enumerable.Range(0, 20 * Period).Select(t => 200 + 0.2 * t + 40 * Math.Sin(2 * Math.PI * t / Period) + 4 * Gaussian(random)).ToArray();
        var method = new ExponentialSmoothingForecaster(trend, season, Period);
        // The previous refit saw the history up to two seasons ago; this one sees two more seasons.
        var before = method.Fit(series.AsSpan(0, 18 * Period), null).Parameters;

        var cold = method.Fit(series, null);
        var warm = method.Fit(series, before);

        var coldSse = Sse(series, trend, season, cold.Parameters);
        Assert.InRange(Sse(series, trend, season, warm.Parameters), 0, coldSse * 1.005);
        Assert.Equal(cold.Forecast(1), warm.Forecast(1), 2.0);
    }

    [Fact]
    public void A_refit_after_the_demand_turns_into_a_random_walk_moves_the_level_weight()
    {
        var random = new Random(8);
        // Noise around a steady level: the best level weight is small, the mean is the forecast.
        var steady = Enumerable.Range(0, 400).Select(_ => 100 + 5 * Gaussian(random)).ToArray();
        var before = ExponentialSmoothingForecaster.Ewma().Fit(steady, null).Parameters;
        Assert.True(before.Alpha < 0.2, $"alpha on steady demand {before.Alpha}");
        // Then the level shifts every step: the last value is the forecast, a weight near 1.
        var level = 100.0;
        var walk = Enumerable.Range(0, 400).Select(_ => level += 10 * Gaussian(random)).ToArray();

        var warm = ExponentialSmoothingForecaster.Ewma().Fit(walk, before);
        var cold = ExponentialSmoothingForecaster.Ewma().Fit(walk, null);

        Assert.True(warm.Parameters.Alpha > 0.8, $"alpha after the shift {warm.Parameters.Alpha}");
        Assert.InRange(Sse(walk, false, Seasonality.None, warm.Parameters), 0, Sse(walk, false, Seasonality.None, cold.Parameters) * 1.005);
    }

    [Fact]
    public void A_refit_after_a_level_shift_moves_holt_winters_parameters_and_follows_the_new_level()
    {
        var random = new Random(12);
        double Shape(int t) => 40 * Math.Sin(2 * Math.PI * t / Period);
        var series = Enumerable.Range(0, 16 * Period).Select(t => 300 + Shape(t) + 3 * Gaussian(random)).ToArray();
        var method = new ExponentialSmoothingForecaster(true, Seasonality.Additive, Period);
        var before = method.Fit(series.AsSpan(0, 12 * Period), null).Parameters;
        // Demand doubles its level for the last three seasons.
        for (var t = 13 * Period; t < series.Length; t++) series[t] += 300;

        var warm = method.Fit(series, before);
        var cold = method.Fit(series, null);

        Assert.NotEqual(before, warm.Parameters);
        Assert.InRange(Sse(series, true, Seasonality.Additive, warm.Parameters), 0, Sse(series, true, Seasonality.Additive, cold.Parameters) * 1.01);
        for (var h = 1; h <= Period; h++) Assert.Equal(600 + Shape(series.Length + h - 1), warm.Forecast(h), 15.0);
    }

    [Fact]
    public void A_choice_hands_back_the_parameters_of_every_smoothing_method_and_a_warm_choice_matches_a_cold_one()
    {
        var random = new Random(21);
        var series = Enumerable.Range(0, 24 * Period).Select(t => 500 + 80 * Math.Sin(2 * Math.PI * t / Period) + 8 * Gaussian(random)).ToArray();
        var candidates = ModelSelector.Candidates(Period);
        var earlier = HoldoutSelector.Select(candidates, series.AsSpan(0, 22 * Period), horizon: 3, holdout: 3 * Period)!;
        Assert.Equal(["ewma", "holt", "holt-winters-add", "holt-winters-mul"], earlier.Fitted.Keys.Order());

        var cold = HoldoutSelector.Select(candidates, series, horizon: 3, holdout: 3 * Period)!;
        var warm = HoldoutSelector.Select(candidates, series, horizon: 3, holdout: 3 * Period, warmStarts: earlier.Fitted)!;

        Assert.Equal(cold.Name, warm.Name);
        Assert.Equal(cold.Mae, warm.Mae, cold.Mae * 0.02);
    }

    [Fact]
    public void A_refit_from_parameters_fitted_at_the_edge_of_their_range_still_moves()
    {
        var random = new Random(30);
        // A smooth random walk: the best level weight is as close to 1 as the search will go.
        var level = 100.0;
        var walk = Enumerable.Range(0, 2000).Select(_ => level += 5 * Gaussian(random)).ToArray();
        var before = ExponentialSmoothingForecaster.Ewma().Fit(walk, null).Parameters;
        Assert.True(before.Alpha > 0.99, $"alpha on a random walk {before.Alpha}");
        var steady = Enumerable.Range(0, 400).Select(_ => 100 + 5 * Gaussian(random)).ToArray();

        var warm = ExponentialSmoothingForecaster.Ewma().Fit(steady, before);
        var cold = ExponentialSmoothingForecaster.Ewma().Fit(steady, null);

        Assert.True(warm.Parameters.Alpha < 0.2, $"alpha on steady demand {warm.Parameters.Alpha}");
        Assert.InRange(Sse(steady, false, Seasonality.None, warm.Parameters), 0, Sse(steady, false, Seasonality.None, cold.Parameters) * 1.005);
    }
}
