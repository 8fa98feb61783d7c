using Headroom.Forecast.Backtesting;
using Headroom.Forecast.Live;
using Headroom.Forecast.Models;

namespace Headroom.Forecast.Tests.Live;

public sealed class HoldoutSelectorTests
{
    [Fact]
    public void A_seasonal_series_gets_a_seasonal_model_that_forecasts_the_next_season()
    {
        var random = new Random(11);
        double Shape(int t) => 100 + 40 * Math.Sin(2 * Math.PI * t / 24);
        var series = Enumerable.Range(0, 24 * 20).Select(t => Shape(t) + (random.NextDouble() - 0.5) * 2).ToArray();

        var model = HoldoutSelector.Select(ModelSelector.Candidates(24), series, horizon: 6, holdout: 24 * 5);

        Assert.NotNull(model);
        Assert.True(model.Name is "holt-winters-add" or "holt-winters-mul" or "seasonal-naive", model.Name);
        // The model has been advanced to the end: six steps ahead is step 480 + 5.
        Assert.Equal(Shape(24 * 20 + 5), model.Fit.Forecast(6), 2.5);
        Assert.True(model.Mae < 2, $"held-out MAE {model.Mae}");
    }

    [Fact]
    public void The_p90_of_held_out_errors_covers_about_90_percent_of_later_noise()
    {
        var noise = new MathNet.Numerics.Distributions.Normal(0, 10, new Random(5));
        double Noise() => noise.Sample();
        var series = Enumerable.Range(0, 3000).Select(_ => 500 + Noise()).ToArray();

        var model = HoldoutSelector.Select(ModelSelector.Candidates(0), series, horizon: 3, holdout: 1000)!;
        var p90 = model.Quantile(model.Fit.Forecast(3), 0.9);
        var covered = Enumerable.Range(0, 4000).Count(_ => 500 + Noise() <= p90) / 4000.0;

        Assert.InRange(covered, 0.85, 0.95);
    }

    [Fact]
    public void On_a_random_walk_the_live_choice_is_naive_unless_another_method_beats_it_by_the_margin()
    {
        var random = new Random(21);
        var level = 1000.0;
        var walk = Enumerable.Range(0, 3000).Select(_ => level += 5 * (random.NextDouble() - 0.5)).ToArray();

        var model = HoldoutSelector.Select(ModelSelector.Candidates(0, 5), walk, horizon: 5, holdout: 360)!;
        var naive = HoldoutSelector.Select([new NaiveForecaster()], walk, horizon: 5, holdout: 360)!;

        Assert.True(model.Name == "naive" || model.Mae < (1 - HoldoutSelector.Margin) * naive.Mae, $"{model.Name}: {model.Mae} against naive {naive.Mae}");
    }

    [Fact]
    public void Too_short_a_history_gives_no_model() =>
        Assert.Null(HoldoutSelector.Select(ModelSelector.Candidates(0), Enumerable.Repeat(1.0, 20).ToArray(), horizon: 4, holdout: 100));

    [Fact]
    public void Baselines_win_ties_because_they_come_first()
    {
        var model = HoldoutSelector.Select([new NaiveForecaster(), ExponentialSmoothingForecaster.Ewma()], Enumerable.Repeat(7.0, 200).ToArray(), 2, 60);

        Assert.Equal("naive", model!.Name);
        Assert.Equal(7, model.Quantile(model.Fit.Forecast(2), 0.9));
    }
}
