namespace Headroom.Signals.Configuration;

// The YAML shape of --config, as written by users. Everything is optional here; ConfigValidator
// checks it in one place and turns it into the immutable HeadroomConfig. YamlDotNet needs settable members.
#pragma warning disable CS1591

/// <summary>The config file as parsed, before validation.</summary>
public sealed class ConfigFile
{
    public PrometheusSection? Prometheus { get; set; }
    public SignalsSection? Signals { get; set; }
    public ScrapeSection? Scrape { get; set; }
    public ForecastSection? Forecast { get; set; }
    public List<WorkloadSection>? Workloads { get; set; }
}

/// <summary>The <c>forecast:</c> section.</summary>
public sealed class ForecastSection
{
    public string? Step { get; set; }
    public string? History { get; set; }
    public string? MinHistory { get; set; }
    public string? Holdout { get; set; }
    public string? FitWindow { get; set; }
    public double? Quantile { get; set; }
    public string? RefitInterval { get; set; }
    public string? RefitBudget { get; set; }
    public bool? WarmStart { get; set; }
}

/// <summary>The <c>prometheus:</c> section.</summary>
public sealed class PrometheusSection
{
    public string? Url { get; set; }
    public string? Timeout { get; set; }
    public string? HistoryTimeout { get; set; }
    public string? Lookback { get; set; }
    public string? RateWindow { get; set; }
    public string? PodLabel { get; set; }
    public string? NamespaceLabel { get; set; }
}

/// <summary>The <c>signals:</c> section.</summary>
public sealed class SignalsSection
{
    public string? Interval { get; set; }
    public string? SmoothingWindow { get; set; }
    public string? StaleAfter { get; set; }
    public Dictionary<string, string>? StaleAfterBySignal { get; set; }
    public string? HpaSyncPeriod { get; set; }
    public double? ColdStartQuantile { get; set; }
    public int? ColdStartMinSamples { get; set; }
    public double? TokensPerRequest { get; set; }
    public int? MaxPodsPerWorkload { get; set; }
}

/// <summary>The <c>scrape:</c> section.</summary>
public sealed class ScrapeSection
{
    public int? Port { get; set; }
    public string? Path { get; set; }
    public string? Timeout { get; set; }
    public int? Concurrency { get; set; }
    public int? MaxBodyBytes { get; set; }
    public DcgmScrapeSection? Dcgm { get; set; }
}

/// <summary>The <c>scrape.dcgm:</c> section: where the DCGM exporter pods are.</summary>
public sealed class DcgmScrapeSection
{
    public string? Namespace { get; set; }
    public string? Selector { get; set; }
    public int? Port { get; set; }
    public string? Path { get; set; }
}

/// <summary>One entry of <c>workloads:</c>.</summary>
public sealed class WorkloadSection
{
    public string? Name { get; set; }
    public string? Namespace { get; set; }
    public string? Deployment { get; set; }
    public string? Engine { get; set; }
    public string? Selector { get; set; }
    public string? Source { get; set; }
    public Dictionary<string, string>? SeriesLabels { get; set; }
    public double? TokensPerSecondPerReplica { get; set; }
    public double? PrefillTokensPerSecondPerReplica { get; set; }
    public double? KvCacheTokensPerReplica { get; set; }
    public string? TtftObjective { get; set; }
    public double? SloAttainment { get; set; }
    public string? ColdStartPrior { get; set; }
    public string? QueueDrainTarget { get; set; }
    public string? ScaleDownStabilization { get; set; }
    public string? GatewayPool { get; set; }
    public bool? Dcgm { get; set; }
    public string? GroupBy { get; set; }
    public string? RoleLabel { get; set; }
    public Dictionary<string, RoleSection?>? Roles { get; set; }
    public CustomMetricsSection? Metrics { get; set; }
}

/// <summary>One entry of a workload's <c>roles:</c>, keyed by the role (<c>prefill</c> or <c>decode</c>).</summary>
public sealed class RoleSection
{
    public string? Deployment { get; set; }
    public string? LabelValue { get; set; }
    public Dictionary<string, string>? SeriesLabels { get; set; }
    public double? TokensPerSecondPerReplica { get; set; }
    public double? PrefillTokensPerSecondPerReplica { get; set; }
    public double? KvCacheTokensPerReplica { get; set; }
    public string? ColdStartPrior { get; set; }
}

/// <summary>The <c>metrics:</c> of a workload with <c>engine: custom</c>.</summary>
public sealed class CustomMetricsSection
{
    public string? GenerationTokens { get; set; }
    public string? PromptTokens { get; set; }
    public string? Finished { get; set; }
    public string? Waiting { get; set; }
    public string? Running { get; set; }
    public string? KvCache { get; set; }
    public double? KvCacheScale { get; set; }
}
#pragma warning restore CS1591
