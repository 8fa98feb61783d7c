using Headroom.Signals.Catalog;

namespace Headroom.Signals.Snapshots;

/// <summary>One value per catalog metric; a missing value is absent, never zero.</summary>
public sealed class MetricValues
{
    private readonly double[] _values;

    /// <summary>Creates a set where every metric is missing.</summary>
    public MetricValues()
    {
        _values = new double[MetricCatalog.Count];
        Array.Fill(_values, double.NaN);
    }

    /// <summary>The value of a metric, or null when it is missing.</summary>
    public double? this[CatalogMetric metric]
    {
        get
        {
            var v = _values[(int)metric];
            return double.IsNaN(v) ? null : v;
        }
        init => Set(metric, value);
    }

    /// <summary>Sets a value; null, NaN and infinities all mean missing.</summary>
    public void Set(CatalogMetric metric, double? value) =>
        _values[(int)metric] = value is { } v && double.IsFinite(v) ? v : double.NaN;
}
