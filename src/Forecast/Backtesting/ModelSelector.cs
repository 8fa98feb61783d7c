using Headroom.Forecast.Models;

namespace Headroom.Forecast.Backtesting;

/// <summary>The result of comparing methods on one series.</summary>
/// <param name="Selected">The method with the lowest MAE.</param>
/// <param name="Scores">Every method's score, seasonal-naive first as the reference.</param>
/// <param name="Forecasts">Every method's scored forecasts (calibration-only ones left out).</param>
/// <param name="AutoChoices">What served each of the auto forecasts: a method, or methods joined by <c>+</c> (their mean).</param>
public sealed record Selection(string Selected, IReadOnlyList<ForecastScore> Scores, IReadOnlyDictionary<string, IReadOnlyList<ForecastPoint>> Forecasts,
    IReadOnlyList<string> AutoChoices);

/// <summary>
/// Picks a method per series by rolling-origin backtest error, so each series gets what works for it;
/// call again as data arrives to re-select.
/// </summary>
public static class ModelSelector
{
    /// <summary>The name of the selector's own forecasts in a <see cref="Selection"/>.</summary>
    public const string Auto = "auto";

    /// <summary>
    /// The standard candidates for a series with the given season length (in steps; 0 or 1 for none), forecasting
    /// <paramref name="horizon"/> steps ahead.
    /// </summary>
    public static IReadOnlyList<IForecaster> Candidates(int seasonPeriod, int horizon = 1)
    {
        var period = Math.Max(1, seasonPeriod);
        var list = new List<IForecaster>
        {
            new SeasonalNaiveForecaster(period),
            new NaiveForecaster(),
            ExponentialSmoothingForecaster.Ewma(),
            new HorizonEwmaForecaster(horizon),
            ExponentialSmoothingForecaster.Holt(),
        };
        if (period >= 2)
        {
            list.Add(new ExponentialSmoothingForecaster(true, Seasonality.Additive, period));
            list.Add(new ExponentialSmoothingForecaster(true, Seasonality.Multiplicative, period));
            list.AddRange(SeasonalChangeForecaster.DailyAndWeekly(period, horizon));
        }
        return list;
    }

    /// <summary>Backtests every candidate; the first candidate is the MASE reference, and naive (or, without it, the first) is the auto forecaster's baseline.</summary>
    public static Selection Select(IReadOnlyList<IForecaster> candidates, ReadOnlySpan<double> series, BacktestOptions options)
    {
        var withCalibration = new Dictionary<string, IReadOnlyList<ForecastPoint>>();
        foreach (var candidate in candidates) withCalibration[candidate.Name] = RollingOrigin.Run(candidate, series, options);

        var baseline = candidates.Any(c => c.Name == "naive") ? "naive" : candidates[0].Name;
        var (auto, choices) = new GuardedAuto(baseline, bandTracking: options.BandTracking).Run(withCalibration);
        var forecasts = withCalibration.ToDictionary(f => f.Key, f => (IReadOnlyList<ForecastPoint>)[.. f.Value.Where(p => p.Scored)]);
        forecasts[Auto] = auto;
        var reference = forecasts[candidates[0].Name];
        var scores = candidates.Select(c => c.Name).Append(Auto).Select(name =>
        {
            var points = forecasts[name];
            // MASE compares like with like: the reference's MAE on exactly the targets this method was scored on.
            var targets = points.Select(p => p.Target).ToHashSet();
            var matched = reference.Where(p => targets.Contains(p.Target)).ToArray();
            var referenceMae = matched.Length == 0 ? double.NaN : matched.Average(p => Math.Abs(p.Actual - p.Point));
            return ForecastScore.Of(name, points, referenceMae);
        }).ToArray();
        var selected = scores.Where(s => s.Model != Auto && s.Forecasts > 0 && double.IsFinite(s.Mae)).MinBy(s => s.Mae)?.Model ?? candidates[0].Name;
        return new Selection(selected, scores, forecasts, choices);
    }
}
