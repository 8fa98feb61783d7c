namespace Headroom.Forecast.Backtesting;

/// <summary>One rolling-origin forecast and what happened.</summary>
/// <param name="Origin">Index of the first step after the training history.</param>
/// <param name="Target">Index of the step forecast (origin + horizon - 1).</param>
/// <param name="Actual">The observed value there.</param>
/// <param name="Point">The point forecast.</param>
/// <param name="P10">10th percentile, from the errors of earlier origins; NaN until enough are known.</param>
/// <param name="P50">Median, likewise.</param>
/// <param name="P90">90th percentile, likewise.</param>
/// <param name="Scored">
/// False for a forecast made before the first scored origin only to calibrate the bands
/// (<see cref="BacktestOptions.CalibrateFrom"/>).
/// </param>
public readonly record struct ForecastPoint(int Origin, int Target, double Actual, double Point, double P10, double P50, double P90, bool Scored = true);
