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
        var combined = new Accumulator(aggregation);
        foreach (var v in values)
        {
            if (!combined.Add(v)) return null;
        }
        return combined.Result;
    }

    /// <summary>Combines values one at a time, as <see cref="Combine"/> does, for a caller that gathers several in one pass.</summary>
    public struct Accumulator(Aggregation aggregation)
    {
        private double _sum;
        private double _max = double.NegativeInfinity;
        private int _count;
        private bool _missing;

        /// <summary>Adds a value; false once the result is known to be missing (a sum with a missing value), and nothing more is counted.</summary>
        public bool Add(double? value)
        {
            if (_missing) return false;
            if (value is not { } x)
            {
                _missing = aggregation == Aggregation.Sum;
                return !_missing;
            }
            _sum += x;
            _max = Math.Max(_max, x);
            _count++;
            return true;
        }

        /// <summary>The combined value; null when no value was added or a sum had one missing.</summary>
        public readonly double? Result => _missing || _count == 0 ? null : aggregation switch
        {
            Aggregation.Sum => _sum,
            Aggregation.Mean => _sum / _count,
            Aggregation.Max => _max,
            _ => throw new ArgumentOutOfRangeException(nameof(aggregation)),
        };
    }
}
