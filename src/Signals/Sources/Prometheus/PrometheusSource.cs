using System.Globalization;
using Headroom.Signals.Configuration;
using Headroom.Signals.Engines;
using Headroom.Signals.Selectors;
using Headroom.Signals.Workloads;

namespace Headroom.Signals.Sources.Prometheus;

/// <summary>
/// Reads a workload from Prometheus. Its pods are the values of the pod label on the workload's series
/// (they cannot be listed here, so each pod seen reporting is taken as ready); their labels are those
/// the workload's selector requires, so HPA Pods metrics select them as they select the real pods.
/// </summary>
public sealed class PrometheusSource(PrometheusClient client, PrometheusOptions options, TimeProvider time) : IWorkloadSource, IDemandHistorySource
{
    // Prometheus refuses a range query of more than 11,000 points per series; history is asked for in parts below that.
    private const int MaxPointsPerQuery = 10_000;

    // A pod's gauges linger for lookback after its last sample; the same again covers a Prometheus that lost them.
    private readonly RecentPods _recent = new(options.Lookback);

    /// <inheritdoc />
    public async ValueTask<WorkloadObservation> ObserveAsync(WorkloadSpec workload, CancellationToken cancellationToken)
    {
        var preset = EnginePresets.For(workload);
        var queries = new PrometheusQueries(options, workload);
        // Every query is evaluated at this one instant, the observation's time, however long the cycle takes,
        // so the served age of a value is the age of the data behind it.
        var at = time.GetUtcNow();

        var generation = ByPod(queries.Rate(preset.GenerationTokens), at, cancellationToken);
        var prompt = ByPod(queries.Rate(preset.PromptTokens), at, cancellationToken);
        var finished = ByPod(queries.Rate(preset.RequestsFinished), at, cancellationToken);
        var prefixCache = ByPod(queries.RatioOfRates(preset.PrefixCacheHits, preset.PrefixCacheQueries), at, cancellationToken);
        var waiting = ByPod(queries.Gauge(preset.RequestsWaiting, ratio: false), at, cancellationToken);
        var running = ByPod(queries.Gauge(preset.RequestsRunning, ratio: false), at, cancellationToken);
        var kv = ByPod(queries.Gauge(preset.KvCacheUsage, ratio: true), at, cancellationToken);
        var duty = ByPod(workload.Dcgm ? queries.Gauge(DcgmPreset.GpuDutyCycle, ratio: true, workloadSeries: false) : null, at, cancellationToken);
        var gateway = Scalar(queries.GatewayQueue(), at, cancellationToken);
        await Task.WhenAll(generation, prompt, finished, prefixCache, waiting, running, kv, duty, gateway);

        // The hit ratio is read through both counters' names, so a pod on the older ones names both.
        var engineSeries = new[] { generation.Result, prompt.Result, finished.Result, waiting.Result, running.Result, kv.Result, prefixCache.Result, prefixCache.Result };
        var engineSources = new[] { preset.GenerationTokens, preset.PromptTokens, preset.RequestsFinished, preset.RequestsWaiting, preset.RequestsRunning, preset.KvCacheUsage,
            preset.PrefixCacheQueries, preset.PrefixCacheHits };
        var podNames = engineSeries.SelectMany(r => r.Keys).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToArray();
        // Prometheus cannot list pods: no engine series at all is as likely a Prometheus that lost or has not yet
        // scraped them as a workload with no pods, and reading it as "no pods" would serve zeros. With a gateway
        // queue that Prometheus does report, the workload really has no engine series, and the queue is what counts.
        if (podNames.Length == 0 && gateway.Result is null)
            throw new PodsUnknownException($"Prometheus has no series of workload {workload.Namespace}/{workload.Id}");
        var labels = ImpliedLabels(workload);
        var present = podNames.Select(pod => new PodReading(pod, labels, null, Ready: true, new EngineReading(
                GenerationTokensTotal: null,
                PromptTokensTotal: null,
                RequestsWaiting: Get(waiting.Result, pod),
                RequestsRunning: Get(running.Result, pod),
                KvCacheUsage: Get(kv.Result, pod),
                GpuDutyCycle: Get(duty.Result, pod),
                GenerationTokensPerSecond: Get(generation.Result, pod),
                PromptTokensPerSecond: Get(prompt.Result, pod),
                RequestsFinishedPerSecond: Get(finished.Result, pod),
                PrefixCacheHitRatio: Get(prefixCache.Result, pod)))
        { OlderNames = OlderNames(engineSeries, engineSources, pod) })
            .ToArray();
        return new WorkloadObservation(at, _recent.Reconcile(workload, present, at, labels), [], gateway.Result);
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<(DateTimeOffset StepStart, double Value)>?> LoadDemandAsync(
        WorkloadSpec workload, DateTimeOffset start, DateTimeOffset end, TimeSpan step, CancellationToken cancellationToken)
    {
        var promql = new PrometheusQueries(options, workload).DemandHistory(EnginePresets.For(workload).GenerationTokens, step);
        if (promql is null) return null;
        var points = new List<(DateTimeOffset, double)>();
        // A point at t is the rate over the step that ends at t, so the first point asked for ends the first step.
        for (var from = start + step; from <= end; from += step * MaxPointsPerQuery)
        {
            var to = Min(end, from + step * (MaxPointsPerQuery - 1));
            foreach (var series in await client.QueryRangeAsync(promql, from, to, step, cancellationToken))
                foreach (var (at, value) in series.Values)
                    if (double.IsFinite(value) && value >= 0) points.Add((at - step, value));
        }
        return points;
    }

    private static DateTimeOffset Min(DateTimeOffset a, DateTimeOffset b) => a < b ? a : b;

    private async Task<IReadOnlyDictionary<string, PodValue>> ByPod(string? promql, DateTimeOffset at, CancellationToken ct)
    {
        if (promql is null) return new Dictionary<string, PodValue>();
        var result = new Dictionary<string, PodValue>(StringComparer.Ordinal);
        foreach (var sample in await client.QueryAsync(promql, at, ct))
        {
            if (!sample.Labels.TryGetValue(options.PodLabel, out var pod)) continue;
            var candidate = sample.Labels.TryGetValue(PrometheusQueries.CandidateLabel, out var index)
                && int.TryParse(index, NumberStyles.None, CultureInfo.InvariantCulture, out var i) ? i : 0;
            // NaN or infinite values (a rate over a reset-only window, a broken exporter) are not readings, but the
            // pod is there: it stays, with the reading missing, so that sums over the workload are missing, not short.
            result[pod] = new PodValue(double.IsFinite(sample.Value) ? sample.Value : result.GetValueOrDefault(pod).Value, candidate);
        }
        return result;
    }

    // The names a pod's readings came from that its engine has replaced since: those of the superseded candidates.
    private static IReadOnlyList<string> OlderNames(IReadOnlyDictionary<string, PodValue>[] series, ReadingSource[] sources, string pod)
    {
        List<string>? older = null;
        for (var i = 0; i < series.Length; i++)
            if (series[i].TryGetValue(pod, out var value) && value.Candidate < sources[i].Candidates.Count && sources[i].Candidates[value.Candidate].Superseded)
                (older ??= []).Add(sources[i].Candidates[value.Candidate].Sample);
        return older ?? (IReadOnlyList<string>)[];
    }

    private async Task<double?> Scalar(string? promql, DateTimeOffset at, CancellationToken ct)
    {
        if (promql is null) return null;
        var samples = await client.QueryAsync(promql, at, ct);
        return samples.Count == 1 && double.IsFinite(samples[0].Value) ? samples[0].Value : null;
    }

    private static double? Get(IReadOnlyDictionary<string, PodValue> values, string pod) =>
        values.GetValueOrDefault(pod).Value;

    // One pod's value of a per-pod query, and which of the reading's candidates it came from.
    private readonly record struct PodValue(double? Value, int Candidate);

    private static IReadOnlyDictionary<string, string> ImpliedLabels(WorkloadSpec workload) =>
        LabelSelector.Parse(workload.Selector).Requirements
            .Where(r => r.Operator == SelectorOperator.Equals)
            .ToDictionary(r => r.Key, r => r.Values[0], StringComparer.Ordinal);
}
