using Headroom.Forecast.Models;

namespace Headroom.Forecast.Backtesting;

/// <summary>How a rolling-origin backtest walks the series.</summary>
/// <param name="Horizon">Steps ahead forecast (1 is the next step).</param>
/// <param name="MinTrain">Steps of history before the first origin.</param>
/// <param name="OriginStep">Steps between origins.</param>
/// <param name="MaxTrain">Most recent steps fitted at each origin; older history is dropped to bound cost.</param>
public sealed record BacktestOptions(int Horizon, int MinTrain, int OriginStep = 1, int MaxTrain = int.MaxValue);

/// <summary>
/// Rolling-origin evaluation: at each origin, fit on the history before it and forecast the step
/// <c>horizon</c> ahead. Targets that are missing (NaN) are not scored: a gap is not demand.
/// </summary>
public static class RollingOrigin
{
    /// <summary>Every scored forecast of one method, in origin order.</summary>
    public static IReadOnlyList<ForecastPoint> Run(IForecaster forecaster, ReadOnlySpan<double> series, BacktestOptions options)
    {
        var points = new List<ForecastPoint>();
        var residuals = new ResidualQuantiles();
        var pending = new Queue<(int Target, double Point)>();
        for (var origin = options.MinTrain; origin + options.Horizon - 1 < series.Length; origin += options.OriginStep)
        {
            // Errors of earlier forecasts whose targets are now in the past feed the quantiles.
            while (pending.Count > 0 && pending.Peek().Target < origin)
            {
                var (target, forecast) = pending.Dequeue();
                residuals.Add(series[target], forecast);
            }
            var start = Math.Max(0, origin - options.MaxTrain);
            double point;
            try
            {
                point = forecaster.Fit(series[start..origin]).Forecast(options.Horizon);
            }
            catch (NotSupportedException)
            {
                continue;
            }
            catch (ArgumentException)
            {
                continue;
            }
            var targetIndex = origin + options.Horizon - 1;
            pending.Enqueue((targetIndex, point));
            var actual = series[targetIndex];
            if (double.IsNaN(actual)) continue;
            points.Add(new ForecastPoint(origin, targetIndex, actual, point,
                residuals.Quantile(point, 0.1), residuals.Quantile(point, 0.5), residuals.Quantile(point, 0.9)));
        }
        return points;
    }
}
