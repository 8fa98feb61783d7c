namespace Headroom.Forecast.Backtesting;

/// <summary>
/// Quantiles of past forecast errors (actual minus forecast) at one horizon, added to a point forecast
/// to give a quantile forecast: a conformal band from rolling residuals. Only errors already observed are used,
/// so the intervals are honest.
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
        _errors.Count < minimum ? double.NaN : point + Conformal(_errors.ToArray(), q);

    /// <summary>
    /// The split-conformal order statistic of <paramref name="errors"/> for level <paramref name="q"/>: the
    /// ⌈(n + 1)q⌉-th smallest above the median, the ⌊(n + 1)q⌋-th below. A next error from the same distribution
    /// falls at or under it with probability at least q (at most q below the median), where the plain
    /// empirical quantile of a few errors gives a band too narrow by about one error in n.
    /// </summary>
    public static double Conformal(double[] errors, double q)
    {
        ArgumentOutOfRangeException.ThrowIfZero(errors.Length);
        Array.Sort(errors);
        var n = errors.Length;
        var rank = q >= 0.5 ? (int)Math.Ceiling((n + 1) * q - 1e-9) : (int)Math.Floor((n + 1) * q + 1e-9);
        return errors[Math.Clamp(rank, 1, n) - 1];
    }
}
