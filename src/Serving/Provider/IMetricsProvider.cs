using Headroom.Signals.Selectors;

namespace Headroom.Serving.Provider;

/// <summary>A custom metric as discovery lists it: a resource and a metric name.</summary>
public readonly record struct CustomMetricInfo(GroupResource Resource, bool Namespaced, string Metric);

/// <summary>The object a custom metric value describes.</summary>
public sealed record DescribedObject(string Kind, string ApiVersion, string? Namespace, string Name);

/// <summary>One value of a metric, for an object or for a workload.</summary>
/// <param name="Metric">Metric name.</param>
/// <param name="Labels">Labels of the series, matched by metric label selectors.</param>
/// <param name="Timestamp">When the value was observed.</param>
/// <param name="Window">The smoothing window behind the value.</param>
/// <param name="Value">The value.</param>
/// <param name="FreshUntil">The last instant at which the provider serves the value; after it, the value is refused as stale.</param>
public sealed record MetricSample(string Metric, IReadOnlyDictionary<string, string> Labels, DateTimeOffset Timestamp, TimeSpan Window, double Value,
    DateTimeOffset FreshUntil);

/// <summary>A metric sample and the object it describes.</summary>
public sealed record ObjectMetricSample(DescribedObject Object, MetricSample Sample);

/// <summary>What a provider's answers are made from, so that the HTTP layer can tell when an answer it rendered may be reused.</summary>
public interface IMetricsDataVersion
{
    /// <summary>
    /// Changes whenever the data behind the answers changes. While it is the same object, the same question gets the
    /// same answer, for as long as every sample in it is fresh (<see cref="MetricSample.FreshUntil"/>).
    /// </summary>
    object DataVersion { get; }
}

/// <summary>
/// Answers custom-metrics questions. The HTTP layer knows nothing of where numbers come from;
/// it calls only this. Errors are <see cref="MetricsProviderException"/>.
/// </summary>
public interface ICustomMetricsProvider : IMetricsDataVersion
{
    /// <summary>The metric for one named object; <paramref name="ns"/> is null for root-scoped objects.</summary>
    ObjectMetricSample GetMetricByName(string? ns, GroupResource resource, string name, string metric, LabelSelector metricSelector);

    /// <summary>The metric for every object of a resource that the selector matches.</summary>
    IReadOnlyList<ObjectMetricSample> GetMetricBySelector(string? ns, GroupResource resource, LabelSelector selector, string metric, LabelSelector metricSelector);

    /// <summary>Every custom metric served; never empty.</summary>
    IReadOnlyList<CustomMetricInfo> ListAllMetrics();
}

/// <summary>Answers external-metrics questions.</summary>
public interface IExternalMetricsProvider : IMetricsDataVersion
{
    /// <summary>The metric's series in a namespace whose labels the selector matches.</summary>
    IReadOnlyList<MetricSample> GetExternalMetric(string ns, LabelSelector selector, string metric);

    /// <summary>Every external metric name served; never empty.</summary>
    IReadOnlyList<string> ListAllExternalMetrics();
}
