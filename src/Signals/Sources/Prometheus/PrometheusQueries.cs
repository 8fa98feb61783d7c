using System.Globalization;
using Headroom.Signals.Configuration;
using Headroom.Signals.Engines;
using Headroom.Signals.Workloads;

namespace Headroom.Signals.Sources.Prometheus;

/// <summary>
/// The PromQL the Prometheus source runs for one workload, built from the engine preset. Gauges use
/// last_over_time over the lookback, so a series that stopped reporting drops out instead of lingering;
/// counters use rate(), which handles resets. Fallback candidates are joined with <c>or</c>, per pod.
/// </summary>
public sealed class PrometheusQueries(PrometheusOptions options, WorkloadSpec workload)
{
    private Dictionary<string, string> Matchers(SeriesRef series, bool includeWorkloadLabels)
    {
        var matchers = new Dictionary<string, string>(StringComparer.Ordinal) { [options.NamespaceLabel] = workload.Namespace };
        if (includeWorkloadLabels) foreach (var (k, v) in workload.SeriesLabels) matchers[k] = v;
        foreach (var (k, v) in series.Labels) matchers[k] = v;
        return matchers;
    }

    /// <summary>A per-pod gauge: counts are summed within a pod, ratios averaged.</summary>
    public string? Gauge(ReadingSource source, bool ratio, bool workloadSeries = true) =>
        Join(source, s => $"{(ratio ? "avg" : "sum")} by ({options.PodLabel}) (last_over_time({PromQl.Selector(s.Sample, Matchers(s, workloadSeries))}[{Duration.Format(options.Lookback)}]))");

    /// <summary>A per-pod counter rate, over the configured rate window unless another is given.</summary>
    public string? Rate(ReadingSource source, TimeSpan? window = null) =>
        Join(source, s => $"sum by ({options.PodLabel}) (rate({PromQl.Selector(s.Sample, Matchers(s, true))}[{Duration.Format(window ?? options.RateWindow)}]))");

    /// <summary>
    /// The workload's generated tokens per second, for a range query at <paramref name="step"/>: the rate over
    /// one step (or the rate window, if longer), so that each point is the mean over the step before it.
    /// </summary>
    public string? DemandHistory(ReadingSource generation, TimeSpan step) =>
        Rate(generation, step > options.RateWindow ? step : options.RateWindow) is { } perPod ? $"sum({perPod})" : null;

    /// <summary>The gateway queue of the workload's inference pool, summed over bands.</summary>
    public string? GatewayQueue()
    {
        if (workload.GatewayPool is not { } pool) return null;
        return string.Join(" or ", GatewayPreset.QueueSize.Candidates.Select(s =>
            $"sum(last_over_time({PromQl.Selector(s.Sample, new Dictionary<string, string> { [GatewayPreset.PoolLabel] = pool })}[{Duration.Format(options.Lookback)}]))"));
    }

    private static string? Join(ReadingSource source, Func<SeriesRef, string> query)
    {
        if (source.Candidates.Count == 0) return null;
        return string.Join(" or ", source.Candidates.Select(s =>
            s.Scale == 1 ? $"({query(s)})" : $"({query(s)} * {s.Scale.ToString("R", CultureInfo.InvariantCulture)})"));
    }
}
