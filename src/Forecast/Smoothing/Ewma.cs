namespace Headroom.Forecast.Smoothing;

/// <summary>
/// Exponentially weighted moving average over irregular time steps: the weight of a sample
/// depends on the time since the last one, so a late cycle does not over- or under-smooth.
/// </summary>
public struct Ewma(TimeSpan window)
{
    private double _value = double.NaN;

    /// <summary>The smoothed value, or null before the first sample.</summary>
    public readonly double? Value => double.IsNaN(_value) ? null : _value;

    /// <summary>Adds a sample taken <paramref name="elapsed"/> after the previous one and returns the new average.</summary>
    public double Update(double sample, TimeSpan elapsed)
    {
        if (double.IsNaN(_value) || window <= TimeSpan.Zero)
        {
            _value = sample;
            return _value;
        }
        var alpha = 1 - Math.Exp(-Math.Max(0, elapsed.TotalSeconds) / window.TotalSeconds);
        _value += alpha * (sample - _value);
        return _value;
    }
}
