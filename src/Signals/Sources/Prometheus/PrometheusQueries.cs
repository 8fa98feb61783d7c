using System.Globalization;
using Headroom.Signals.Configuration;
using Headroom.Signals.Engines;
using Headroom.Signals.Workloads;

namespace Headroom.Signals.Sources.Prometheus;

/// <summary>
/// The PromQL the Prometheus source runs for one workload, built from the engine preset. Gauges use
/// last_over_time over the lookback, so a series that stopped reporting drops out instead of lingering;
/// counters use irate(), which handles resets. Fallback candidates are joined with <c>or</c>, per pod, so each pod is
/// read from the first name it serves; a fallback's series carry <see cref="CandidateLabel"/>, so that the source
/// can tell which name that was without assuming.
/// </summary>
public sealed class PrometheusQueries(PrometheusOptions options, WorkloadSpec workload)
{
    /// <summary>The label a fallback candidate's per-pod series carry: the candidate's index in its reading source.</summary>
    public const string CandidateLabel = "headroom_candidate";

    private Dictionary<string, string> Matchers(SeriesRef series, bool includeWorkloadLabels)
    {
        var matchers = new Dictionary<string, string>(StringComparer.Ordinal) { [options.NamespaceLabel] = workload.Namespace };
        if (includeWorkloadLabels) foreach (var (k, v) in workload.SeriesLabels) matchers[k] = v;
        foreach (var (k, v) in series.Labels) matchers[k] = v;
        return matchers;
    }

    /// <summary>A per-pod gauge: counts are summed within a pod, ratios averaged.</summary>
    public string? Gauge(ReadingSource source, bool ratio, bool workloadSeries = true) =>
        Join(source, (s, _) => $"{(ratio ? "avg" : "sum")} by ({options.PodLabel}) (last_over_time({PromQl.Selector(s.Sample, Matchers(s, workloadSeries))}[{Duration.Format(options.Lookback)}]))");

    /// <summary>
    /// A per-pod counter rate from the last two samples. rate() divides what it extrapolates from the samples in
    /// its window by the whole window, so for a window's length after a new pod, a Prometheus (re)start or a gap
    /// in scrapes it reads low, fresh and wrong; irate() is exact whenever two samples exist, and the pipeline's
    /// EWMA does the smoothing.
    /// </summary>
    public string? Rate(ReadingSource source) =>
        Join(source, (s, _) => $"sum by ({options.PodLabel}) (irate({PromQl.Selector(s.Sample, Matchers(s, true))}[{Duration.Format(options.RateWindow)}]))");

    /// <summary>
    /// A per-pod ratio of two counters' increases over the rate window, their candidates paired by position (one
    /// generation of names, so one unit); NaN for a pod whose denominator did not move. rate(), not irate(): both sides
    /// extrapolate alike, so the ratio is exact over the window, and smoothed by it.
    /// </summary>
    public string? RatioOfRates(ReadingSource numerator, ReadingSource denominator)
    {
        if (numerator.Candidates.Count != denominator.Candidates.Count)
            throw new ArgumentException($"{numerator.Candidates.Count} candidates over {denominator.Candidates.Count}: they pair by position", nameof(numerator));
        return Join(denominator, (s, i) => $"{PerPodRate(numerator.Candidates[i])} / {PerPodRate(s)}");
    }

    private string PerPodRate(SeriesRef series) =>
        $"sum by ({options.PodLabel}) (rate({PromQl.Selector(series.Sample, Matchers(series, true))}[{Duration.Format(options.RateWindow)}]))";

    /// <summary>
    /// The workload's generated tokens per second, for a range query at <paramref name="step"/>: rate() over one step
    /// (or the rate window, if longer), so that each point is the mean over the step before it. History wants the
    /// mean, not irate()'s last instant.
    /// </summary>
    public string? DemandHistory(ReadingSource generation, TimeSpan step) =>
        Join(generation, (s, _) => $"sum by ({options.PodLabel}) (rate({PromQl.Selector(s.Sample, Matchers(s, true))}[{Duration.Format(step > options.RateWindow ? step : options.RateWindow)}]))") is { } perPod
            ? $"sum({perPod})"
            : null;

    /// <summary>The gateway queue of the workload's inference pool, summed over bands.</summary>
    public string? GatewayQueue()
    {
        if (workload.GatewayPool is not { } pool) return null;
        return string.Join(" or ", GatewayPreset.QueueSize.Candidates.Select(s =>
            $"sum(last_over_time({PromQl.Selector(s.Sample, new Dictionary<string, string> { [GatewayPreset.PoolLabel] = pool })}[{Duration.Format(options.Lookback)}]))"));
    }

    private string? Join(ReadingSource source, Func<SeriesRef, int, string> query)
    {
        if (source.Candidates.Count == 0) return null;
        // The fallbacks' extra label would keep a plain "or" from matching them to the preferred name's series of the
        // same pod, so the join matches on the pod alone.
        return string.Join($" or on ({options.PodLabel}) ", source.Candidates.Select((s, i) =>
        {
            var perPod = i == 0 ? query(s, i) : $"label_replace({query(s, i)}, \"{CandidateLabel}\", \"{i.ToString(CultureInfo.InvariantCulture)}\", \"\", \"\")";
            return s.Scale == 1 ? $"({perPod})" : $"({perPod} * {s.Scale.ToString("R", CultureInfo.InvariantCulture)})";
        }));
    }
}
