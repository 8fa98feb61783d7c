using Headroom.Signals.Engines;
using Headroom.Signals.Sources;
using Headroom.Signals.Workloads;

namespace Headroom.Adapter.Check;

/// <summary>One engine-neutral reading, how to tell it was read, and the engine metric names it comes from.</summary>
/// <param name="Name">The reading as the table names it.</param>
/// <param name="Present">Whether a pod's readings hold it.</param>
/// <param name="Metrics">The metric names that feed it for a workload; empty when the workload does not read it.</param>
public sealed record Reading(string Name, Func<EngineReading, bool> Present, Func<WorkloadSpec, IReadOnlyList<string>> Metrics)
{
    /// <summary>Every reading a workload can have, in the order the table shows them.</summary>
    public static IReadOnlyList<Reading> All { get; } =
    [
        // A source that computes rates itself (Prometheus) reports tokens per second instead of the counter.
        new("generated tokens", r => r.GenerationTokensTotal is not null || r.GenerationTokensPerSecond is not null, w => Names(w, p => p.GenerationTokens)),
        new("prompt tokens", r => r.PromptTokensTotal is not null || r.PromptTokensPerSecond is not null, w => Names(w, p => p.PromptTokens)),
        new("waiting requests", r => r.RequestsWaiting is not null, w => Names(w, p => p.RequestsWaiting)),
        new("running requests", r => r.RequestsRunning is not null, w => Names(w, p => p.RequestsRunning)),
        new("KV-cache use", r => r.KvCacheUsage is not null, w => Names(w, p => p.KvCacheUsage)),
        new("GPU duty cycle", r => r.GpuDutyCycle is not null, w => w.Dcgm ? [.. DcgmPreset.GpuDutyCycle.Candidates.Select(c => c.Sample)] : []),
    ];

    private static IReadOnlyList<string> Names(WorkloadSpec workload, Func<IEnginePreset, ReadingSource> reading) =>
        [.. reading(EnginePresets.For(workload)).Candidates.Select(c => c.Sample).Distinct()];
}
