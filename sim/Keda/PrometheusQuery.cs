using System.Text.RegularExpressions;
using Headroom.Signals.Catalog;
using Headroom.Signals.Engines;
using Headroom.Signals.Workloads;
using Headroom.Sim.Replay;

namespace Headroom.Sim.Keda;

/// <summary>
/// A prometheus trigger's query, as far as the replay can answer it: an engine or DCGM metric that the fleet model
/// reports, optionally inside rate()/irate() (counters) or avg_over_time()/max_over_time() (gauges), optionally
/// aggregated over pods with sum, avg, max or min. The query's value is computed from the same per-pod readings the
/// adapter would have, in the metric's own unit (a DCGM percentage stays a percentage).
/// </summary>
internal sealed partial class PrometheusQuery
{
    private readonly CatalogMetric _signal;
    private readonly double _scale;
    private readonly string? _aggregation;
    private readonly string _text;

    private PrometheusQuery(string text, CatalogMetric signal, double scale, string? aggregation)
    {
        _text = text;
        _signal = signal;
        _scale = scale;
        _aggregation = aggregation;
    }

    /// <summary>Reads <paramref name="query"/>; a query the replay cannot answer is refused with the reason.</summary>
    /// <exception cref="ScaledObjectException">The query is not one the fleet model can answer.</exception>
    public static PrometheusQuery Parse(string query, string path)
    {
        var match = Shape().Match(query);
        if (!match.Success)
            throw new ScaledObjectException($"{path}.query: \"{query}\" is not a query the replay can answer: an engine metric, optionally in rate(), irate(), avg_over_time() or max_over_time(), optionally under sum, avg, max or min");
        var aggregation = match.Groups["agg"].Success ? match.Groups["agg"].Value : null;
        var function = match.Groups["fn"].Success ? match.Groups["fn"].Value : null;
        var name = match.Groups["name"].Value;
        if (!TryKnown(name, match.Groups["selector"].Value, out var known))
            throw new ScaledObjectException($"{path}.query: {name} is not a metric of vLLM, TGI, SGLang, Triton or the DCGM exporter that the fleet model reports");
        var isRate = function is "rate" or "irate";
        if (known.Counter != isRate)
            throw new ScaledObjectException(known.Counter
                ? $"{path}.query: {name} is a counter; the replay answers it inside rate() or irate()"
                : $"{path}.query: {name} is a gauge; rate() of it is not a signal the replay has");
        return new PrometheusQuery(query, known.Signal, known.Scale, aggregation);
    }

    /// <summary>The query's value at a poll, or an error as KEDA's prometheus scaler would give it.</summary>
    public TriggerReading Read(SnapshotMetrics metrics)
    {
        if (metrics.PodValues(_signal) is not { } values) return TriggerReading.Failed(metrics.Problem ?? "no data");
        // The metric's own unit: the catalog keeps ratios where the engine may report a percentage.
        var raw = values.Select(v => v / _scale).ToArray();
        if (_aggregation is null)
        {
            return raw.Length == 1
                ? TriggerReading.Of(raw[0])
                : TriggerReading.Failed($"prometheus query {_text} returned {raw.Length} elements; KEDA needs one (aggregate with sum or avg)");
        }
        // An aggregation over no series is an empty result, which KEDA reads as an error unless told to ignore it.
        if (raw.Length == 0) return TriggerReading.Failed($"prometheus query {_text} returned no elements");
        return TriggerReading.Of(_aggregation switch
        {
            "sum" => raw.Sum(),
            "avg" => raw.Average(),
            "max" => raw.Max(),
            _ => raw.Min(),
        });
    }

    // Every engine preset's and DCGM's series, with the signal each feeds and the scale to the signal's unit. One sample
    // name can feed several signals, told apart by a label (Triton's nv_trt_llm_request_metrics: waiting or active).
    private static readonly List<(SeriesRef Series, CatalogMetric Signal, bool Counter)> Known = BuildKnown();

    private static bool TryKnown(string name, string selector, out (CatalogMetric Signal, double Scale, bool Counter) known)
    {
        foreach (var (series, signal, counter) in Known)
        {
            if (series.Sample != name || !series.Labels.All(l => selector.Contains($"{l.Key}=\"{l.Value}\"", StringComparison.Ordinal))) continue;
            known = (signal, series.Scale, counter);
            return true;
        }
        known = default;
        return false;
    }

    private static List<(SeriesRef, CatalogMetric, bool)> BuildKnown()
    {
        var known = new List<(SeriesRef, CatalogMetric, bool)>();
        void Add(ReadingSource source, CatalogMetric signal, bool counter)
        {
            foreach (var series in source.Candidates) known.Add((series, signal, counter));
        }
        foreach (var engine in Enum.GetValues<EngineKind>().Where(e => e != EngineKind.Custom))
        {
            var preset = EnginePresets.For(engine);
            Add(preset.GenerationTokens, CatalogMetric.TokenThroughput, counter: true);
            Add(preset.PromptTokens, CatalogMetric.PromptThroughput, counter: true);
            Add(preset.RequestsWaiting, CatalogMetric.QueueDepth, counter: false);
            Add(preset.RequestsRunning, CatalogMetric.RunningRequests, counter: false);
            Add(preset.KvCacheUsage, CatalogMetric.KvCacheUtilization, counter: false);
        }
        Add(DcgmPreset.GpuDutyCycle, CatalogMetric.GpuDutyCycle, counter: false);
        return known;
    }

    [GeneratedRegex("""^\s*(?:(?<agg>sum|avg|max|min)\s*(?:by\s*\([^)]*\)\s*)?\(\s*)?(?:(?<fn>rate|irate|avg_over_time|max_over_time)\s*\(\s*)?(?<name>[A-Za-z_:][A-Za-z0-9_:]*)\s*(?<selector>\{[^}]*\})?\s*(?:\[\s*\d+[smh]\s*\])?\s*(?(fn)\)\s*)(?(agg)\)\s*)$""")]
    private static partial Regex Shape();
}
