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
        double sum = 0, max = double.NegativeInfinity;
        var count = 0;
        foreach (var v in values)
        {
            if (v is not { } x)
            {
                if (aggregation == Aggregation.Sum) return null;
                continue;
            }
            sum += x;
            max = Math.Max(max, x);
            count++;
        }
        if (count == 0) return null;
        return aggregation switch
        {
            Aggregation.Sum => sum,
            Aggregation.Mean => sum / count,
            Aggregation.Max => max,
            _ => throw new ArgumentOutOfRangeException(nameof(aggregation)),
        };
    }
}
