namespace Headroom.Sim.Replay;

/// <summary>
/// A streaming histogram of positive durations in log-spaced buckets (1% wide, from 0.1 ms to beyond a day), so
/// quantiles over tens of millions of requests take fixed memory; a quantile is exact to within one bucket.
/// </summary>
public sealed class LogHistogram
{
    private const double Min = 1e-4;
    private const double Growth = 1.01;
    private static readonly double LogGrowth = Math.Log(Growth);
    private readonly long[] _counts = new long[2200];

    /// <summary>Values recorded.</summary>
    public long Count { get; private set; }

    /// <summary>Records one value, in seconds.</summary>
    public void Add(double seconds)
    {
        var index = seconds <= Min ? 0 : Math.Min(_counts.Length - 1, 1 + (int)(Math.Log(seconds / Min) / LogGrowth));
        _counts[index]++;
        Count++;
    }

    /// <summary>The q-quantile (the upper edge of its bucket); null when empty.</summary>
    public double? Quantile(double q)
    {
        if (Count == 0) return null;
        var rank = (long)Math.Ceiling(q * Count);
        long seen = 0;
        for (var i = 0; i < _counts.Length; i++)
        {
            seen += _counts[i];
            if (seen >= Math.Max(1, rank)) return i == 0 ? Min : Min * Math.Pow(Growth, i);
        }
        return Min * Math.Pow(Growth, _counts.Length - 1);
    }
}
