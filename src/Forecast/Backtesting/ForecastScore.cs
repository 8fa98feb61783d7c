namespace Headroom.Forecast.Backtesting;

/// <summary>Accuracy of one method over a backtest.</summary>
/// <param name="Model">Method name.</param>
/// <param name="Forecasts">Scored forecasts.</param>
/// <param name="Mae">Mean absolute error.</param>
/// <param name="Smape">Symmetric mean absolute percentage error, 0 to 2.</param>
/// <param name="Mase">MAE divided by seasonal-naive's MAE on the same targets; below 1 beats it.</param>
/// <param name="PinballP50">Mean pinball loss of the median forecast (where quantiles were available).</param>
/// <param name="PinballP90">Mean pinball loss of the 90th-percentile forecast.</param>
/// <param name="Coverage80">Share of actuals inside the p10–p90 interval; 0.8 is calibrated.</param>
public sealed record ForecastScore(string Model, int Forecasts, double Mae, double Smape, double Mase, double PinballP50, double PinballP90, double Coverage80)
{
    /// <summary>Scores a method's forecasts against a reference method's MAE on the same targets.</summary>
    public static ForecastScore Of(string model, IReadOnlyList<ForecastPoint> points, double referenceMae)
    {
        if (points.Count == 0) return new ForecastScore(model, 0, double.NaN, double.NaN, double.NaN, double.NaN, double.NaN, double.NaN);
        var mae = points.Average(p => Math.Abs(p.Actual - p.Point));
        var smape = points.Average(p =>
        {
            var denominator = (Math.Abs(p.Actual) + Math.Abs(p.Point)) / 2;
            return denominator == 0 ? 0 : Math.Abs(p.Actual - p.Point) / denominator;
        });
        var withQuantiles = points.Where(p => !double.IsNaN(p.P50)).ToArray();
        return new ForecastScore(model, points.Count, mae, smape,
            referenceMae > 0 ? mae / referenceMae : double.NaN,
            withQuantiles.Length == 0 ? double.NaN : withQuantiles.Average(p => Pinball(p.Actual, p.P50, 0.5)),
            withQuantiles.Length == 0 ? double.NaN : withQuantiles.Average(p => Pinball(p.Actual, p.P90, 0.9)),
            withQuantiles.Length == 0 ? double.NaN : withQuantiles.Count(p => p.Actual >= p.P10 && p.Actual <= p.P90) / (double)withQuantiles.Length);
    }

    /// <summary>The pinball (quantile) loss of one forecast.</summary>
    public static double Pinball(double actual, double forecast, double q) =>
        actual >= forecast ? q * (actual - forecast) : (1 - q) * (forecast - actual);
}
