namespace Headroom.Forecast.Smoothing;

/// <summary>
/// Online damped-trend Holt smoothing on a regular series: a level and a trend, updated per sample,
/// forecast h steps ahead. Damping keeps a short burst from being extrapolated without bound.
/// </summary>
/// <param name="alpha">Level smoothing, 0 to 1.</param>
/// <param name="beta">Trend smoothing, 0 to 1.</param>
/// <param name="phi">Trend damping, 0 to 1; 1 is undamped.</param>
public sealed class DampedHolt(double alpha, double beta, double phi)
{
    private double _level = double.NaN;
    private double _trend;

    /// <summary>Whether at least one sample has been seen.</summary>
    public bool HasValue => !double.IsNaN(_level);

    /// <summary>Adds the next sample of the series.</summary>
    public void Observe(double value)
    {
        if (double.IsNaN(_level))
        {
            _level = value;
            return;
        }
        var previous = _level;
        _level = alpha * value + (1 - alpha) * (previous + phi * _trend);
        _trend = beta * (_level - previous) + (1 - beta) * phi * _trend;
    }

    /// <summary>The forecast <paramref name="steps"/> samples ahead (fractional steps allowed).</summary>
    public double Forecast(double steps)
    {
        if (double.IsNaN(_level)) throw new InvalidOperationException("No sample has been observed yet.");
        // Sum of phi^1..phi^h, the damped trend's total contribution over h steps.
        var damped = Math.Abs(phi - 1) < 1e-12 ? steps : phi * (1 - Math.Pow(phi, steps)) / (1 - phi);
        return _level + damped * _trend;
    }
}
