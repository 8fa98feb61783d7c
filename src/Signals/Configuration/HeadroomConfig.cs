using Headroom.Signals.Pipeline;
using Headroom.Signals.Workloads;

namespace Headroom.Signals.Configuration;

/// <summary>The validated configuration: immutable, every value checked.</summary>
/// <param name="Prometheus">Where Prometheus is, when any workload reads from it.</param>
/// <param name="Scrape">How pods are scraped directly.</param>
/// <param name="Signals">How observations become signals.</param>
/// <param name="Workloads">The workloads served.</param>
public sealed record HeadroomConfig(
    PrometheusOptions? Prometheus,
    ScrapeOptions Scrape,
    SignalOptions Signals,
    IReadOnlyList<WorkloadSpec> Workloads);

/// <summary>The Prometheus HTTP API the Prometheus source queries.</summary>
/// <param name="Url">Base URL, such as http://prometheus.monitoring:9090.</param>
/// <param name="Timeout">Per-attempt query timeout.</param>
/// <param name="Lookback">A gauge sample older than this is treated as absent.</param>
/// <param name="RateWindow">The range irate() looks back over for the last two samples of token counters; at least two scrape intervals.</param>
/// <param name="PodLabel">The series label that names the pod.</param>
/// <param name="NamespaceLabel">The series label that names the namespace.</param>
public sealed record PrometheusOptions(Uri Url, TimeSpan Timeout, TimeSpan Lookback, TimeSpan RateWindow, string PodLabel, string NamespaceLabel)
{
    /// <summary>Per-attempt timeout of the range queries that load demand history at start-up; they read days of data, so they get longer than live queries.</summary>
    public TimeSpan HistoryTimeout { get; init; } = TimeSpan.FromSeconds(30);
}

/// <summary>How pods' metrics endpoints are scraped.</summary>
/// <param name="Port">Port of the engine's metrics endpoint.</param>
/// <param name="Path">Path of the metrics endpoint.</param>
/// <param name="Timeout">Per-pod scrape timeout.</param>
/// <param name="Concurrency">Most pods scraped at once.</param>
/// <param name="MaxBodyBytes">A larger page is cut off and reported.</param>
/// <param name="Dcgm">Where the DCGM exporter pods are, for GPU duty cycle; null when not configured.</param>
public sealed record ScrapeOptions(int Port, string Path, TimeSpan Timeout, int Concurrency, int MaxBodyBytes, DcgmScrapeOptions? Dcgm = null)
{
    /// <summary>vLLM's default port and path, a 1 s timeout, 64 at once, 8 MiB.</summary>
    public static ScrapeOptions Default { get; } = new(8000, "/metrics", TimeSpan.FromSeconds(1), 64, 8 << 20);
}

/// <summary>The NVIDIA DCGM exporter pods that source: scrape reads GPU duty cycle from.</summary>
/// <param name="Namespace">Namespace of the exporter pods (the GPU Operator's, for example).</param>
/// <param name="Selector">Label selector of the exporter pods.</param>
/// <param name="Port">Port of the exporter's metrics endpoint.</param>
/// <param name="Path">Path of the exporter's metrics endpoint.</param>
public sealed record DcgmScrapeOptions(string Namespace, string Selector, int Port = 9400, string Path = "/metrics");
