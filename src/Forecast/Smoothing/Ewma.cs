using System.Runtime.CompilerServices;

namespace Headroom.Forecast.Smoothing;

/// <summary>
/// Exponentially weighted moving average over irregular time steps: the weight of a sample
/// depends on the time since the last one, so a late cycle does not over- or under-smooth.
/// </summary>
public struct Ewma(TimeSpan window)
{
    private double _value = double.NaN;

    /// <summary>The smoothed value, or null before the first sample.</summary>
    public readonly double? Value
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)] // Every pod every cycle; compiled once without a profile (the simulator), it would stay out of line.
        get => double.IsNaN(_value) ? null : _value;
    }

    /// <summary>Adds a sample taken <paramref name="elapsed"/> after the previous one and returns the new average.</summary>
    public double Update(double sample, TimeSpan elapsed) => Update(sample, Weight(elapsed, window));

    /// <summary>
    /// As <see cref="Update(double, TimeSpan)"/>, with the sample's weight given: <see cref="Weight"/> of the same elapsed
    /// time and this average's window, so that averages stepped together compute the exponential once.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public double Update(double sample, double weight)
    {
        if (double.IsNaN(_value) || window <= TimeSpan.Zero)
        {
            _value = sample;
            return _value;
        }
        _value += weight * (sample - _value);
        return _value;
    }

    /// <summary>The weight of a sample taken <paramref name="elapsed"/> after the previous one, over <paramref name="window"/>.</summary>
    public static double Weight(TimeSpan elapsed, TimeSpan window) =>
        1 - Math.Exp(-Math.Max(0, elapsed.TotalSeconds) / window.TotalSeconds);
}
