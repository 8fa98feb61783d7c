namespace Headroom.Forecast.Backtesting;

/// <summary>A p10–p50–p90 band made at one origin.</summary>
/// <param name="P10">10th percentile forecast.</param>
/// <param name="P50">Median forecast.</param>
/// <param name="P90">90th percentile forecast.</param>
public readonly record struct Band(double P10, double P50, double P90)
{
    /// <summary>No band: too few errors were known.</summary>
    public static Band None { get; } = new(double.NaN, double.NaN, double.NaN);

    /// <summary>Whether the band has values.</summary>
    public bool Known => !double.IsNaN(P50);
}
