using Headroom.Forecast.Backtesting;

namespace Headroom.Forecast.Tests.Backtesting;

public sealed class GuardedAutoTests
{
    private static double Gaussian(Random random) =>
        MathNet.Numerics.Distributions.Normal.Sample(random, 0, 1);

    [Fact]
    public void On_a_random_walk_the_guard_serves_naive_and_is_never_worse_than_it()
    {
        var random = new Random(7);
        var level = 100.0;
        var series = Enumerable.Range(0, 900).Select(_ => level += Gaussian(random)).ToArray();

        var selection = ModelSelector.Select(ModelSelector.Candidates(0, 4), series, new BacktestOptions(Horizon: 4, MinTrain: 200, OriginStep: 2));
        var scores = selection.Scores.ToDictionary(s => s.Model);

        Assert.True(selection.AutoChoices.Count(c => c == "naive") > selection.AutoChoices.Count / 2,
            string.Join(", ", selection.AutoChoices.CountBy(c => c)));
        Assert.True(scores[ModelSelector.Auto].Mae <= 1.02 * scores["naive"].Mae, $"auto {scores[ModelSelector.Auto].Mae} naive {scores["naive"].Mae}");
    }

    [Fact]
    public void On_a_daily_pattern_the_choice_moves_from_naive_to_a_seasonal_method_and_beats_naive_by_a_tenth()
    {
        var random = new Random(3);
        const int day = 48;
        // Peak to trough of 3 by time of day, with noise and a level that wanders from day to day.
        var series = Enumerable.Range(0, 14 * day)
            .Select(t => 100 * (1 + 0.05 * Math.Sin(t / (double)(5 * day))) * (2 + Math.Sin(2 * Math.PI * t / day)) + 6 * Gaussian(random))
            .ToArray();

        var selection = ModelSelector.Select(ModelSelector.Candidates(day, 4), series, new BacktestOptions(Horizon: 4, MinTrain: 2 * day, MaxTrain: 8 * day));
        var scores = selection.Scores.ToDictionary(s => s.Model);

        Assert.Equal("naive", selection.AutoChoices[0]);
        Assert.Contains(selection.AutoChoices.TakeLast(day), c => c.Contains("seasonal", StringComparison.Ordinal) || c.Contains("holt-winters", StringComparison.Ordinal));
        Assert.True(scores[ModelSelector.Auto].Mae < 0.9 * scores["naive"].Mae, $"auto {scores[ModelSelector.Auto].Mae} naive {scores["naive"].Mae}");
    }

    [Fact]
    public void The_conformal_band_of_auto_covers_about_80_percent_of_known_noise()
    {
        var random = new Random(11);
        var series = Enumerable.Range(0, 1500).Select(_ => 500 + 20 * Gaussian(random)).ToArray();

        var selection = ModelSelector.Select(ModelSelector.Candidates(0, 3), series, new BacktestOptions(Horizon: 3, MinTrain: 100));

        Assert.InRange(selection.Scores.Single(s => s.Model == ModelSelector.Auto).Coverage80, 0.76, 0.84);
    }

    [Fact]
    public void Conformal_ranks_are_interpolated_at_n_plus_one_times_q()
    {
        double[] errors = [5, 1, 4, 2, 3, 9, 8, 7, 6];

        // (9 + 1) × 0.9 = 9: the largest; (9 + 1) × 0.1 = 1: the smallest; (9 + 1) × 0.25 = 2.5: between 2 and 3.
        Assert.Equal(9, ResidualQuantiles.Conformal([.. errors], 0.9), 9);
        Assert.Equal(1, ResidualQuantiles.Conformal([.. errors], 0.1), 9);
        Assert.Equal(2.5, ResidualQuantiles.Conformal([.. errors], 0.25), 9);
    }
}
