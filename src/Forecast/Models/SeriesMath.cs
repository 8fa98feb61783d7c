namespace Headroom.Forecast.Models;

/// <summary>Small helpers over series with NaN for missing steps.</summary>
public static class SeriesMath
{
    /// <summary>The last non-missing value.</summary>
    /// <exception cref="ArgumentException">Every step is missing.</exception>
    public static double LastObserved(ReadOnlySpan<double> history)
    {
        for (var i = history.Length - 1; i >= 0; i--)
            if (!double.IsNaN(history[i])) return history[i];
        throw new ArgumentException("the history has no observed value", nameof(history));
    }

    /// <summary>Mean of the non-missing values; NaN when none.</summary>
    public static double Mean(ReadOnlySpan<double> values)
    {
        double sum = 0;
        var n = 0;
        foreach (var v in values)
        {
            if (double.IsNaN(v)) continue;
            sum += v;
            n++;
        }
        return n == 0 ? double.NaN : sum / n;
    }
}
