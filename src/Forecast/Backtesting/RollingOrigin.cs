using Headroom.Forecast.Models;

namespace Headroom.Forecast.Backtesting;

/// <summary>How a rolling-origin backtest walks the series.</summary>
/// <param name="Horizon">Steps ahead forecast (1 is the next step).</param>
/// <param name="MinTrain">Steps of history before the first scored origin.</param>
/// <param name="OriginStep">Steps between origins.</param>
/// <param name="MaxTrain">Most recent steps fitted at each origin; older history is dropped to bound cost.</param>
/// <param name="CalibrateFrom">
/// First origin forecast from, when earlier than <paramref name="MinTrain"/>: the forecasts before it are not scored,
/// only their errors calibrate the bands, so a short series has a band from its first scored origin on. Null: none.
/// </param>
/// <param name="BandTracking">How fast each band bound tracks its misses (<see cref="ConformalBand"/>); 0 is plain conformal.</param>
public sealed record BacktestOptions(int Horizon, int MinTrain, int OriginStep = 1, int MaxTrain = int.MaxValue, int? CalibrateFrom = null,
    double BandTracking = ConformalBand.DefaultStep)
{
    /// <summary>The first origin forecast from: <see cref="MinTrain"/> less whole origin steps, no earlier than <see cref="CalibrateFrom"/>.</summary>
    public int FirstOrigin => CalibrateFrom is { } from && from < MinTrain
        ? MinTrain - (MinTrain - Math.Max(1, from)) / OriginStep * OriginStep
        : MinTrain;
}

/// <summary>
/// Rolling-origin evaluation: at each origin, fit on the history before it and forecast the step
/// <c>horizon</c> ahead. Targets that are missing (NaN) are not scored: a gap is not demand.
/// </summary>
public static class RollingOrigin
{
    /// <summary>Every forecast of one method whose target was observed, in origin order, calibration-only ones first.</summary>
    public static IReadOnlyList<ForecastPoint> Run(IForecaster forecaster, ReadOnlySpan<double> series, BacktestOptions options)
    {
        var points = new List<ForecastPoint>();
        var residuals = new ResidualQuantiles();
        var band = new ConformalBand(trackingStep: options.BandTracking);
        var pending = new Queue<(int Target, double Point, Band Band)>();
        for (var origin = options.FirstOrigin; origin + options.Horizon - 1 < series.Length; origin += options.OriginStep)
        {
            // Earlier forecasts whose targets are now in the past feed the errors and the band's tracking.
            while (pending.Count > 0 && pending.Peek().Target < origin)
            {
                var (target, forecast, made) = pending.Dequeue();
                residuals.Add(series[target], forecast);
                band.Track(series[target], made);
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
            var quantiles = band.Around(point, residuals.ToArray());
            pending.Enqueue((targetIndex, point, quantiles));
            var actual = series[targetIndex];
            if (double.IsNaN(actual)) continue;
            points.Add(new ForecastPoint(origin, targetIndex, actual, point, quantiles.P10, quantiles.P50, quantiles.P90, origin >= options.MinTrain));
        }
        return points;
    }
}
