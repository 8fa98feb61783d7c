namespace Headroom.Forecast.Tests.ColdStart;

/// <summary>
/// Hyndman and Fan's definition 8 (approximately median-unbiased), computed independently of MathNet:
/// h = (n + 1/3) q + 1/3 on 1-based ranks, linear between neighbours, clamped to the smallest and largest values.
/// </summary>
internal static class R8Quantile
{
    public static double Of(IEnumerable<double> values, double q)
    {
        var x = values.Order().ToArray();
        var n = x.Length;
        var h = (n + 1.0 / 3) * q + 1.0 / 3;
        if (h <= 1) return x[0];
        if (h >= n) return x[n - 1];
        var below = (int)Math.Floor(h);
        return x[below - 1] + (h - below) * (x[below] - x[below - 1]);
    }
}
