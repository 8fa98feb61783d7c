using Headroom.Signals.Engines;
using Headroom.Signals.Sources;
using Headroom.Signals.Workloads;

namespace Headroom.Adapter.Check;

/// <summary>One engine-neutral reading, how to tell it was read, and the engine metric names it comes from.</summary>
/// <param name="Name">The reading as the table names it.</param>
/// <param name="Present">Whether a pod's readings hold it.</param>
/// <param name="Source">The engine series that feed it for a workload, preferred first; none when the workload does not read it.</param>
/// <param name="TellsOlderNames">Whether a pod's reading names the later candidate it was read from (engine presets do; the DCGM join does not).</param>
/// <param name="Refines">Whether the signals hold without it (it only sharpens an estimate), so that its absence is listed but is no problem.</param>
public sealed record Reading(string Name, Func<EngineReading, bool> Present, Func<WorkloadSpec, ReadingSource> Source, bool TellsOlderNames = true,
    bool Refines = false)
{
    /// <summary>Every reading a workload can have, in the order the table shows them.</summary>
    public static IReadOnlyList<Reading> All { get; } =
    [
        // A source that computes rates itself (Prometheus) reports tokens per second instead of the counter.
        new("generated tokens", r => r.GenerationTokensTotal is not null || r.GenerationTokensPerSecond is not null, w => EnginePresets.For(w).GenerationTokens),
        new("prompt tokens", r => r.PromptTokensTotal is not null || r.PromptTokensPerSecond is not null, w => EnginePresets.For(w).PromptTokens),
        // Without it the prompt of a request is taken from KV tokens per running request, which leans long.
        new("finished requests", r => r.RequestsFinishedTotal is not null || r.RequestsFinishedPerSecond is not null, w => EnginePresets.For(w).RequestsFinished,
            Refines: true),
        // Without it prefill is sized on every prompt token, the cached ones too: more replicas, never fewer.
        new("prefix cache", r => r.PrefixCacheQueriesTotal is not null || r.PrefixCacheHitRatio is not null, w => EnginePresets.For(w).PrefixCacheHits,
            Refines: true),
        new("waiting requests", r => r.RequestsWaiting is not null, w => EnginePresets.For(w).RequestsWaiting),
        new("running requests", r => r.RequestsRunning is not null, w => EnginePresets.For(w).RequestsRunning),
        new("KV-cache use", r => r.KvCacheUsage is not null, w => EnginePresets.For(w).KvCacheUsage),
        new("GPU duty cycle", r => r.GpuDutyCycle is not null, w => w.Dcgm ? DcgmPreset.GpuDutyCycle : ReadingSource.None,
            TellsOlderNames: false),
    ];

    /// <summary>The metric names that feed the reading for <paramref name="workload"/>, preferred first; empty when it does not read it.</summary>
    public IReadOnlyList<string> Metrics(WorkloadSpec workload) => Names(Source(workload).Candidates);

    /// <summary>
    /// The names <paramref name="pods"/> of <paramref name="workload"/> were read from, such as "vllm:kv_cache_usage_perc
    /// on 3 pods, vllm:gpu_cache_usage_perc (older name) on 1 pod". A pod tells only the older names it was read from, so
    /// the current ones are joined by " | " where there are several, and every name where the pods tell nothing.
    /// </summary>
    public string Served(WorkloadSpec workload, IReadOnlyList<PodReading> pods)
    {
        var candidates = Source(workload).Candidates;
        var current = string.Join(" | ", Names(candidates.Where(c => !c.Superseded)));
        var older = Names(candidates.Where(c => c.Superseded));
        if (!TellsOlderNames || older.Count == 0) return string.Join(" | ", Names(candidates));
        var groups = pods.GroupBy(p => older.FirstOrDefault(p.OlderNames.Contains) ?? current)
            .OrderBy(g => g.Key == current ? -1 : older.ToList().IndexOf(g.Key)).ToList();
        string Name(string key) => key == current ? key : $"{key} (older name)";
        return groups.Count == 1
            ? Name(groups[0].Key)
            : string.Join(", ", groups.Select(g => $"{Name(g.Key)} on {g.Count()} pod{(g.Count() == 1 ? "" : "s")}"));
    }

    private static IReadOnlyList<string> Names(IEnumerable<SeriesRef> candidates) => [.. candidates.Select(c => c.Sample).Distinct()];
}
