using Headroom.Forecast.Models;

namespace Headroom.Forecast.Backtesting;

/// <summary>The result of comparing methods on one series.</summary>
/// <param name="Selected">The method with the lowest MAE.</param>
/// <param name="Scores">Every method's score, seasonal-naive first as the reference.</param>
/// <param name="Forecasts">Every method's scored forecasts.</param>
public sealed record Selection(string Selected, IReadOnlyList<ForecastScore> Scores, IReadOnlyDictionary<string, IReadOnlyList<ForecastPoint>> Forecasts);

/// <summary>
/// Picks a method per series by rolling-origin backtest error, so each series gets what works for it;
/// call again as data arrives to re-select.
/// </summary>
public static class ModelSelector
{
    /// <summary>The name of the selector's own forecasts in a <see cref="Selection"/>.</summary>
    public const string Auto = "auto";

    /// <summary>Targets looked back over when choosing a method at an origin.</summary>
    public const int SelectionWindow = 100;

    /// <summary>The standard candidates for a series with the given season length (in steps; 0 or 1 for none).</summary>
    public static IReadOnlyList<IForecaster> Candidates(int seasonPeriod)
    {
        var period = Math.Max(1, seasonPeriod);
        var list = new List<IForecaster>
        {
            new SeasonalNaiveForecaster(period),
            new NaiveForecaster(),
            ExponentialSmoothingForecaster.Ewma(),
            ExponentialSmoothingForecaster.Holt(),
        };
        if (period >= 2)
        {
            list.Add(new ExponentialSmoothingForecaster(true, Seasonality.Additive, period));
            list.Add(new ExponentialSmoothingForecaster(true, Seasonality.Multiplicative, period));
        }
        return list;
    }

    /// <summary>Backtests every candidate; the first candidate is the MASE reference.</summary>
    public static Selection Select(IReadOnlyList<IForecaster> candidates, ReadOnlySpan<double> series, BacktestOptions options)
    {
        var forecasts = new Dictionary<string, IReadOnlyList<ForecastPoint>>();
        foreach (var candidate in candidates) forecasts[candidate.Name] = RollingOrigin.Run(candidate, series, options);

        forecasts[Auto] = AutoForecasts(forecasts);
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
        return new Selection(selected, scores, forecasts);
    }

    /// <summary>
    /// The selector as it would run live: at each origin it uses the method with the lowest MAE over the
    /// targets already observed, so its score is out of sample, unlike picking the best method afterwards.
    /// </summary>
    private static IReadOnlyList<ForecastPoint> AutoForecasts(Dictionary<string, IReadOnlyList<ForecastPoint>> forecasts)
    {
        var byOrigin = forecasts.ToDictionary(f => f.Key, f => f.Value.ToDictionary(p => p.Origin));
        var origins = forecasts.Values.SelectMany(f => f.Select(p => p.Origin)).Distinct().Order();
        var result = new List<ForecastPoint>();
        foreach (var origin in origins)
        {
            string? best = null;
            var bestMae = double.PositiveInfinity;
            foreach (var (name, points) in forecasts)
            {
                if (!byOrigin[name].ContainsKey(origin)) continue;
                var known = points.Where(p => p.Target < origin).TakeLast(SelectionWindow).ToArray();
                var mae = known.Length == 0 ? double.PositiveInfinity : known.Average(p => Math.Abs(p.Actual - p.Point));
                if (best is null || mae < bestMae)
                {
                    best = name;
                    bestMae = mae;
                }
            }
            if (best is not null) result.Add(byOrigin[best][origin]);
        }
        return result;
    }
}
