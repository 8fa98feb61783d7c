namespace Headroom.Signals.Exposition;

/// <summary>The type a TYPE line declares for a metric family.</summary>
public enum MetricType
{
    /// <summary>No TYPE line in the Prometheus text format, or <c>untyped</c>.</summary>
    Untyped,

    /// <summary>No TYPE line in OpenMetrics, or <c>unknown</c>.</summary>
    Unknown,

    /// <summary>A monotonically increasing count.</summary>
    Counter,

    /// <summary>A value that goes up and down.</summary>
    Gauge,

    /// <summary>Cumulative buckets with <c>le</c> labels, a sum and a count.</summary>
    Histogram,

    /// <summary>An OpenMetrics histogram of current values (<c>_gsum</c>, <c>_gcount</c>).</summary>
    GaugeHistogram,

    /// <summary>Quantiles with <c>quantile</c> labels, a sum and a count.</summary>
    Summary,

    /// <summary>An OpenMetrics <c>_info</c> series whose labels carry the information.</summary>
    Info,

    /// <summary>An OpenMetrics set of boolean states, one sample per state.</summary>
    StateSet,
}
