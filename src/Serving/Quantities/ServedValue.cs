namespace Headroom.Serving.Quantities;

/// <summary>A metric value as the metrics APIs put it on the wire, and so as every client reads it.</summary>
public static class ServedValue
{
    /// <summary>
    /// The value rounded to six significant digits: rates and averages carry floating-point noise that
    /// would otherwise print as "300000001n" where "300m" is meant. The HPA reads milli-units anyway.
    /// </summary>
    public static double Round(double value)
    {
        if (value == 0 || !double.IsFinite(value)) return value;
        var magnitude = (int)Math.Floor(Math.Log10(Math.Abs(value))) + 1;
        var scale = Math.Pow(10, 6 - magnitude);
        return Math.Round(value * scale, MidpointRounding.AwayFromZero) / scale;
    }

    /// <summary>The quantity string served for <paramref name="value"/>.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The value is NaN or infinite, which a quantity cannot express.</exception>
    public static string Format(double value) => Quantity.Format(Round(value));

    /// <summary>The exact value of the quantity served for <paramref name="value"/>.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The value is NaN or infinite, which a quantity cannot express.</exception>
    /// <exception cref="OverflowException">The value is beyond the range of a decimal (about 7.9e28).</exception>
    public static decimal Exact(double value) => Quantity.ToDecimal(Round(value));
}
