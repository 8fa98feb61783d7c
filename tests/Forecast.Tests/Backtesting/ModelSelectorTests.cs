using Headroom.Forecast.Backtesting;

namespace Headroom.Forecast.Tests.Backtesting;

public sealed class ModelSelectorTests
{
    [Fact]
    public void On_a_seasonal_series_with_noise_a_seasonal_model_beats_both_baselines()
    {
        var random = new Random(3);
        var series = Enumerable.Range(0, 24 * 12).Select(t => 100 + 30 * Math.Sin(2 * Math.PI * t / 24) + 0.5 * t / 24 + (random.NextDouble() - 0.5) * 4).ToArray();

        var selection = ModelSelector.Select(ModelSelector.Candidates(24), series, new BacktestOptions(Horizon: 3, MinTrain: 24 * 6, OriginStep: 3));

        Assert.StartsWith("holt-winters", selection.Selected);
        var scores = selection.Scores.ToDictionary(s => s.Model);
        Assert.Equal(1.0, scores["seasonal-naive"].Mase, 9);
        Assert.True(scores[selection.Selected].Mase < 1);
        Assert.True(scores[selection.Selected].Mae < scores["naive"].Mae);
        Assert.True(scores[ModelSelector.Auto].Mae < 0.9 * scores["naive"].Mae,
            $"auto MAE {scores[ModelSelector.Auto].Mae}, naive {scores["naive"].Mae}: {string.Join(", ", selection.AutoChoices.CountBy(c => c))}");
    }

    [Fact]
    public void On_a_random_walk_naive_is_hard_to_beat_and_the_selector_says_so()
    {
        var random = new Random(5);
        var level = 100.0;
        var series = Enumerable.Range(0, 400).Select(_ => level += random.NextDouble() * 2 - 1).ToArray();

        var selection = ModelSelector.Select(ModelSelector.Candidates(0), series, new BacktestOptions(Horizon: 1, MinTrain: 100, OriginStep: 2));
        var scores = selection.Scores.ToDictionary(s => s.Model);

        // With no season, seasonal-naive is naive; nothing has structure to exploit, so MASE stays near 1.
        Assert.InRange(scores[selection.Selected].Mase, 0.9, 1.0 + 1e-9);
    }

    [Fact]
    public void Scores_have_the_textbook_values_on_a_hand_made_case()
    {
        ForecastPoint P(int target, double actual, double point) => new(target, target, actual, point, point - 1, point, point + 1);
        var score = ForecastScore.Of("m", [P(0, 10, 8), P(1, 10, 12), P(2, 0, 0)], referenceMae: 4);

        Assert.Equal(4.0 / 3, score.Mae, 9);
        Assert.Equal((2 / 9.0 + 2 / 11.0 + 0) / 3, score.Smape, 9);
        Assert.Equal(1.0 / 3, score.Mase, 9);
        Assert.Equal((0.5 * 2 + 0.5 * 2 + 0) / 3, score.PinballP50, 9);
        Assert.Equal((0.9 * 1 + 0.1 * 3 + 0.1 * 1) / 3, score.PinballP90, 9);
        Assert.Equal(1.0 / 3, score.Coverage80, 9);
    }
}
