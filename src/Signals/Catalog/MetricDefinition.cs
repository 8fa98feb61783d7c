namespace Headroom.Signals.Catalog;

/// <summary>How a metric's workload value is combined from several pods or workloads.</summary>
public enum Aggregation
{
    /// <summary>Added up: rates, counts, replicas.</summary>
    Sum,
    /// <summary>Averaged: ratios such as duty cycle.</summary>
    Mean,
    /// <summary>The largest: durations such as cold start.</summary>
    Max,
}

/// <summary>How a workload-level metric is shown on each of its pods.</summary>
public enum PodShare
{
    /// <summary>The pod's own reading.</summary>
    Own,
    /// <summary>The workload value divided evenly over ready pods, so that a Pods metric's average is the per-replica value.</summary>
    EvenShare,
    /// <summary>The workload value itself, on every pod.</summary>
    Same,
}

/// <summary>One catalog metric: its served name, unit and how it aggregates.</summary>
/// <param name="Id">The metric.</param>
/// <param name="Name">The name clients ask for.</param>
/// <param name="Unit">Unit of the value.</param>
/// <param name="Aggregation">How pods combine into a workload and workloads into a namespace.</param>
/// <param name="PodShare">How the value appears per pod.</param>
/// <param name="OnNodes">Whether the metric is also served on nodes (root-scoped).</param>
/// <param name="Description">One line for docs and OpenAPI.</param>
public sealed record MetricDefinition(
    CatalogMetric Id,
    string Name,
    string Unit,
    Aggregation Aggregation,
    PodShare PodShare,
    bool OnNodes,
    string Description);
