using Headroom.Forecast.Models;

namespace Headroom.Forecast.Live;

/// <summary>
/// Chooses a method for a live series cheaply enough to run on every series: each candidate is fitted once
/// on the history before a held-out tail, then walked through the tail with its parameters fixed, forecasting
/// <c>horizon</c> steps ahead at every step. The lowest mean absolute error wins, but a method other than naive
/// only when it beats naive's by <see cref="Margin"/>; its held-out errors give the quantiles. Unlike <see cref="Backtesting.RollingOrigin"/>, parameters are not refitted at every origin, and
/// they are fitted on at most the last <c>fitWindow</c> steps before the tail: that is what makes a refit of
/// a week at one-minute steps affordable for a thousand series.
/// </summary>
public static class HoldoutSelector
{
    /// <summary>Fewest scored held-out forecasts for a choice to be made.</summary>
    public const int MinErrors = 10;

    /// <summary>
    /// Share of naive's held-out error another method must save to be chosen: among many candidates, one is lowest on
    /// a few hours by chance; the margin makes a switch away from the last value pay for that.
    /// </summary>
    public const double Margin = 0.005;

    /// <summary>The best candidate advanced to the end of the series, or null when none could be scored.</summary>
    /// <param name="candidates">Methods to compare; on a tie the earlier wins, so put baselines first.</param>
    /// <param name="series">The history, NaN for missing steps.</param>
    /// <param name="horizon">Steps ahead scored.</param>
    /// <param name="holdout">Most recent steps held out; at most a third of the series is.</param>
    /// <param name="fitWindow">Most steps before the held-out tail that parameters are fitted on.</param>
    /// <param name="warmStarts">
    /// Parameters the smoothing methods fitted at the series' previous refit, by method name: their searches start
    /// there (see <see cref="DemandModel.Fitted"/>). Null or a missing name: a cold search.
    /// </param>
    public static DemandModel? Select(IReadOnlyList<IForecaster> candidates, ReadOnlySpan<double> series, int horizon, int holdout,
        int fitWindow = int.MaxValue, IReadOnlyDictionary<string, SmoothingParameters>? warmStarts = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(horizon, 1);
        var held = Math.Min(holdout, series.Length / 3);
        if (held < horizon + MinErrors - 1) return null;
        var trainEnd = series.Length - held;
        var trainStart = Math.Max(0, trainEnd - fitWindow);
        DemandModel? best = null;
        DemandModel? naive = null;
        var fitted = new Dictionary<string, SmoothingParameters>();
        foreach (var candidate in candidates)
        {
            IFittedForecast fit;
            try
            {
                if (candidate is ExponentialSmoothingForecaster smoothing)
                {
                    var from = warmStarts is not null && warmStarts.TryGetValue(candidate.Name, out var known) ? known : (SmoothingParameters?)null;
                    var smoothed = smoothing.Fit(series[trainStart..trainEnd], from);
                    fitted[candidate.Name] = smoothed.Parameters;
                    fit = smoothed;
                }
                else fit = candidate.Fit(series[trainStart..trainEnd]);
            }
            catch (Exception ex) when (ex is NotSupportedException or ArgumentException)
            {
                continue;
            }
            var errors = new List<double>(held);
            for (var t = trainEnd; t < series.Length; t++)
            {
                var target = t + horizon - 1;
                if (target < series.Length && !double.IsNaN(series[target])) errors.Add(series[target] - fit.Forecast(horizon));
                fit.Append(series[t]);
            }
            if (errors.Count < MinErrors || errors.Any(e => !double.IsFinite(e)) || !double.IsFinite(fit.Forecast(horizon))) continue;
            var mae = errors.Average(Math.Abs);
            // A model sorts its errors: only the ones that may be served are built.
            if (candidate is NaiveForecaster) naive = new DemandModel(candidate.Name, fit, horizon, mae, errors, fitted);
            else if (best is null || mae < best.Mae) best = new DemandModel(candidate.Name, fit, horizon, mae, errors, fitted);
        }
        if (best is null || naive is null) return best ?? naive;
        return best.Mae < (1 - Margin) * naive.Mae ? best : naive;
    }
}
