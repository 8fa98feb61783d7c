using Headroom.Signals.Catalog;

namespace Headroom.Signals.Snapshots;

/// <summary>Combines several values of one metric by its aggregation.</summary>
public static class Aggregate
{
    /// <summary>
    /// Combines values; null when none is present, so that nothing missing turns into zero.
    /// A sum with any value missing is null too: a partial sum would be a silently wrong number.
    /// </summary>
    public static double? Combine(Aggregation aggregation, IEnumerable<double?> values)
    {
        var combined = new Combined(aggregation);
        foreach (var v in values)
        {
            if (!combined.Add(v)) return null;
        }
        return combined.Result;
    }

    /// <summary>As <see cref="Combine(Aggregation, IEnumerable{double?})"/>, over a span, without an enumerator.</summary>
    public static double? Combine(Aggregation aggregation, ReadOnlySpan<double?> values)
    {
        var combined = new Combined(aggregation);
        foreach (var v in values)
        {
            if (!combined.Add(v)) return null;
        }
        return combined.Result;
    }

    private struct Combined(Aggregation aggregation)
    {
        private double _sum;
        private double _max = double.NegativeInfinity;
        private int _count;

        // False when the result is already known to be missing (a sum with a missing value).
        public bool Add(double? value)
        {
            if (value is not { } x) return aggregation != Aggregation.Sum;
            _sum += x;
            _max = Math.Max(_max, x);
            _count++;
            return true;
        }

        public readonly double? Result => _count == 0 ? null : aggregation switch
        {
            Aggregation.Sum => _sum,
            Aggregation.Mean => _sum / _count,
            Aggregation.Max => _max,
            _ => throw new ArgumentOutOfRangeException(nameof(aggregation)),
        };
    }
}
