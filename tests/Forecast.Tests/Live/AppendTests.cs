using Headroom.Forecast.Backtesting;
using Headroom.Forecast.Models;

namespace Headroom.Forecast.Tests.Live;

/// <summary>Advancing a fit step by step forecasts as the same method would after seeing those steps.</summary>
public sealed class AppendTests
{
    [Fact]
    public void Naive_and_seasonal_naive_appended_equal_a_fit_on_the_longer_history()
    {
        var random = new Random(2);
        var series = Enumerable.Range(0, 60).Select(_ => random.NextDouble() * 100).ToArray();
        series[50] = double.NaN;
        foreach (var method in new IForecaster[] { new NaiveForecaster(), new SeasonalNaiveForecaster(7) })
        {
            var fit = method.Fit(series.AsSpan(0, 40));
            foreach (var y in series[40..]) fit.Append(y);
            var whole = method.Fit(series);
            for (var h = 1; h <= 10; h++) Assert.Equal(whole.Forecast(h), fit.Forecast(h));
        }
    }

    [Fact]
    public void Exponential_smoothing_keeps_its_parameters_and_follows_a_level_shift()
    {
        // A random walk: the fitted level weight is near 1, so the level follows each new step.
        var random = new Random(4);
        var level = 100.0;
        var walk = Enumerable.Range(0, 300).Select(_ => level += random.NextDouble() * 2 - 1).ToArray();
        var fit = ExponentialSmoothingForecaster.Ewma().Fit(walk);
        Assert.Equal(walk[^1], fit.Forecast(1), 2.0);

        for (var i = 0; i < 20; i++) fit.Append(300);

        Assert.Equal(300, fit.Forecast(1), 1.0);
        fit.Append(double.NaN);
        Assert.Equal(300, fit.Forecast(1), 1.0);
    }

    [Fact]
    public void Every_candidate_can_be_advanced()
    {
        var series = Enumerable.Range(0, 24 * 4).Select(t => 50 + 10 * Math.Sin(2 * Math.PI * t / 24)).ToArray();
        // The weekly seasonal change needs more than a week of history; the rest fit on three days.
        foreach (var method in ModelSelector.Candidates(24).Where(m => m.Name != "seasonal-change-week"))
        {
            var fit = method.Fit(series.AsSpan(0, 72));
            foreach (var y in series[72..]) fit.Append(y);
            Assert.True(Math.Abs(fit.Forecast(1) - (50 + 10 * Math.Sin(2 * Math.PI * 96 / 24))) < 12, method.Name);
        }
    }
}
