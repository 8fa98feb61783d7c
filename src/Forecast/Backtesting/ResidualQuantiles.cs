using MathNet.Numerics.Statistics;

namespace Headroom.Forecast.Backtesting;

/// <summary>
/// Quantiles of past forecast errors (actual minus forecast) at one horizon, added to a point forecast
/// to give a quantile forecast. Only errors already observed are used, so the intervals are honest.
/// </summary>
public sealed class ResidualQuantiles(int capacity = 500, int minimum = 10)
{
    private readonly Queue<double> _errors = new();

    /// <summary>Errors known.</summary>
    public int Count => _errors.Count;

    /// <summary>Records the error of a forecast whose actual is now known.</summary>
    public void Add(double actual, double forecast)
    {
        if (double.IsNaN(actual) || double.IsNaN(forecast)) return;
        _errors.Enqueue(actual - forecast);
        if (_errors.Count > capacity) _errors.Dequeue();
    }

    /// <summary>The q-quantile forecast, or NaN while fewer than the minimum errors are known.</summary>
    public double Quantile(double point, double q) =>
        _errors.Count < minimum ? double.NaN : point + _errors.ToArray().Quantile(q);
}
