using Headroom.Signals.Engines;
using Headroom.Signals.Sources;
using Headroom.Signals.Workloads;

namespace Headroom.Adapter.Check;

/// <summary>One engine-neutral reading, how to tell it was read, and the engine metric names it comes from.</summary>
/// <param name="Name">The reading as the table names it.</param>
/// <param name="Present">Whether a pod's readings hold it.</param>
/// <param name="Metrics">The metric names that feed it for a workload, preferred first; empty when the workload does not read it.</param>
/// <param name="TellsOlderNames">Whether a pod's reading names the later candidate it was read from (engine presets do; the DCGM join does not).</param>
/// <param name="Refines">Whether the signals hold without it (it only sharpens an estimate), so that its absence is listed but is no problem.</param>
public sealed record Reading(string Name, Func<EngineReading, bool> Present, Func<WorkloadSpec, IReadOnlyList<string>> Metrics, bool TellsOlderNames = true,
    bool Refines = false)
{
    /// <summary>Every reading a workload can have, in the order the table shows them.</summary>
    public static IReadOnlyList<Reading> All { get; } =
    [
        // A source that computes rates itself (Prometheus) reports tokens per second instead of the counter.
        new("generated tokens", r => r.GenerationTokensTotal is not null || r.GenerationTokensPerSecond is not null, w => Names(w, p => p.GenerationTokens)),
        new("prompt tokens", r => r.PromptTokensTotal is not null || r.PromptTokensPerSecond is not null, w => Names(w, p => p.PromptTokens)),
        // Without it the prompt of a request is taken from KV tokens per running request, which leans long.
        new("finished requests", r => r.RequestsFinishedTotal is not null || r.RequestsFinishedPerSecond is not null, w => Names(w, p => p.RequestsFinished),
            Refines: true),
        // Without it prefill is sized on every prompt token, the cached ones too: more replicas, never fewer.
        new("prefix cache", r => r.PrefixCacheQueriesTotal is not null || r.PrefixCacheHitRatio is not null, w => Names(w, p => p.PrefixCacheQueries),
            Refines: true),
        new("waiting requests", r => r.RequestsWaiting is not null, w => Names(w, p => p.RequestsWaiting)),
        new("running requests", r => r.RequestsRunning is not null, w => Names(w, p => p.RequestsRunning)),
        new("KV-cache use", r => r.KvCacheUsage is not null, w => Names(w, p => p.KvCacheUsage)),
        new("GPU duty cycle", r => r.GpuDutyCycle is not null, w => w.Dcgm ? [.. DcgmPreset.GpuDutyCycle.Candidates.Select(c => c.Sample)] : [],
            TellsOlderNames: false),
    ];

    private static IReadOnlyList<string> Names(WorkloadSpec workload, Func<IEnginePreset, ReadingSource> reading) =>
        [.. reading(EnginePresets.For(workload)).Candidates.Select(c => c.Sample).Distinct()];

    /// <summary>
    /// The names <paramref name="pods"/> were read from, such as "vllm:kv_cache_usage_perc on 3 pods,
    /// vllm:gpu_cache_usage_perc (older name) on 1 pod"; all candidates joined by " | " where the pods cannot tell.
    /// </summary>
    public string Served(IReadOnlyList<string> metrics, IReadOnlyList<PodReading> pods)
    {
        if (!TellsOlderNames || metrics.Count < 2) return string.Join(" | ", metrics);
        var groups = pods.GroupBy(p => metrics.Skip(1).FirstOrDefault(p.OlderNames.Contains) ?? metrics[0])
            .OrderBy(g => metrics.ToList().IndexOf(g.Key)).ToList();
        string Name(string metric) => metric == metrics[0] ? metric : $"{metric} (older name)";
        return groups.Count == 1
            ? Name(groups[0].Key)
            : string.Join(", ", groups.Select(g => $"{Name(g.Key)} on {g.Count()} pod{(g.Count() == 1 ? "" : "s")}"));
    }
}
