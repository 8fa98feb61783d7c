namespace Headroom.Forecast.Backtesting;

/// <summary>
/// Quantiles of past forecast errors (actual minus forecast) at one horizon, added to a point forecast
/// to give a quantile forecast: the rolling residuals a <see cref="ConformalBand"/> is made from. Only errors already
/// observed are kept, so the intervals are honest.
/// </summary>
public sealed class ResidualQuantiles(int capacity = 500)
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

    /// <summary>A copy of the errors known, oldest first.</summary>
    public double[] ToArray() => [.. _errors];

    /// <summary>
    /// The conformal quantile of <paramref name="errors"/> for level <paramref name="q"/>: the order statistic at rank
    /// (n + 1)q, interpolated between neighbours. A next error from the same distribution falls below the k-th smallest
    /// of n with probability k / (n + 1), so this rank gives a band that covers q on average even from a few errors,
    /// where the plain empirical quantile is too narrow by about one error in n.
    /// </summary>
    public static double Conformal(double[] errors, double q)
    {
        ArgumentOutOfRangeException.ThrowIfZero(errors.Length);
        Array.Sort(errors);
        var rank = Math.Clamp((errors.Length + 1) * q, 1, errors.Length);
        var below = (int)Math.Floor(rank);
        if (below == errors.Length) return errors[^1];
        return errors[below - 1] + (rank - below) * (errors[below] - errors[below - 1]);
    }
}
