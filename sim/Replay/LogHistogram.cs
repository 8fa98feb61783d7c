using System.Runtime.CompilerServices;

namespace Headroom.Sim.Replay;

/// <summary>
/// A streaming histogram of positive durations in log-spaced buckets (1% wide, from 0.1 ms to beyond a day), so
/// quantiles over tens of millions of requests take fixed memory; a quantile is exact to within one bucket.
/// </summary>
public sealed class LogHistogram
{
    private const double Min = 1e-4;
    private const double Growth = 1.01;
    private const int Buckets = 2200;
    // Keys are a double's exponent and top 7 mantissa bits: one key spans under 0.8%, less than a bucket.
    private const int KeyShift = 52 - 7;
    private static readonly double LogGrowth = Math.Log(Growth);
    // Lower[i]: the least value that Bucket puts in bucket i or above.
    private static readonly double[] Lower = LowerBounds();
    private static readonly long FirstKey = Key(Min);
    // FirstBucket[k]: the bucket of the least value with key FirstKey + k.
    private static readonly ushort[] FirstBucket = FirstBuckets();
    private readonly long[] _counts = new long[Buckets];

    /// <summary>Values recorded.</summary>
    public long Count { get; private set; }

    /// <summary>Records one value, in seconds.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)] // Three values per request; compiled once without a profile, it would stay out of line.
    public void Add(double seconds)
    {
        _counts[Index(seconds)]++;
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

    /// <summary>The bucket of a value: the definition, one logarithm per value.</summary>
    internal static int Bucket(double seconds) =>
        seconds <= Min ? 0 : Math.Min(Buckets - 1, 1 + (int)(Math.Log(seconds / Min) / LogGrowth));

    /// <summary>
    /// The same bucket as <see cref="Bucket"/>, found from the value's bits and the bucket bounds instead of a
    /// logarithm (three values per request make it the replay's busiest arithmetic).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)] // Three values per request; compiled once without a profile, it would stay out of line.
    internal static int Index(double seconds)
    {
        // NaN and values outside the table fail this test and take the definition.
        if (seconds > Min && seconds < Lower[Buckets - 1])
        {
            // A key spans less than a bucket, so the value is in its first bucket or the next. Which of the two is a
            // coin toss, so the step is taken without a branch.
            int i = FirstBucket[Key(seconds) - FirstKey];
            return i + (seconds >= Lower[i + 1] ? 1 : 0);
        }
        return Bucket(seconds);
    }

    private static long Key(double value) => BitConverter.DoubleToInt64Bits(value) >> KeyShift;

    // Bisection over the bit patterns of positive doubles, which order as the values do.
    private static double[] LowerBounds()
    {
        var lower = new double[Buckets];
        var below = BitConverter.DoubleToInt64Bits(Min);
        for (var i = 1; i < Buckets; i++)
        {
            long lo = below, hi = BitConverter.DoubleToInt64Bits(double.MaxValue);
            while (hi - lo > 1)
            {
                var mid = lo + (hi - lo) / 2;
                if (Bucket(BitConverter.Int64BitsToDouble(mid)) >= i) hi = mid;
                else lo = mid;
            }
            lower[i] = BitConverter.Int64BitsToDouble(hi);
            below = lo;
        }
        return lower;
    }

    private static ushort[] FirstBuckets()
    {
        var first = new ushort[Key(Lower[Buckets - 1]) - FirstKey + 1];
        for (var k = 0; k < first.Length; k++) first[k] = (ushort)Bucket(BitConverter.Int64BitsToDouble((FirstKey + k) << KeyShift));
        return first;
    }
}
