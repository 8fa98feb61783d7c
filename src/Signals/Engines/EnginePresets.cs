using Headroom.Signals.Workloads;

namespace Headroom.Signals.Engines;

/// <summary>Finds the preset of an engine.</summary>
public static class EnginePresets
{
    private static readonly IReadOnlyDictionary<EngineKind, IEnginePreset> ByEngine =
        new IEnginePreset[] { new VllmPreset(), new TgiPreset(), new SglangPreset(), new TritonPreset() }.ToDictionary(p => p.Engine);

    /// <summary>The preset for the engine.</summary>
    /// <exception cref="NotSupportedException">The engine has no preset (custom).</exception>
    public static IEnginePreset For(EngineKind engine) =>
        ByEngine.TryGetValue(engine, out var preset) ? preset
            : throw new NotSupportedException($"engine {engine.ToString().ToLowerInvariant()} has no metrics preset");

    /// <summary>The preset a workload reads with: its engine's, or the one its config spells out for engine: custom.</summary>
    /// <exception cref="NotSupportedException">A custom workload without metric names; the validator does not let one through.</exception>
    public static IEnginePreset For(WorkloadSpec workload) =>
        workload.Engine == EngineKind.Custom
            ? new CustomPreset(workload.CustomMetrics ?? throw new NotSupportedException($"workload {workload.Namespace}/{workload.Name} has engine custom but no metric names"))
            : For(workload.Engine);

    /// <summary>Whether the workload's engine reports KV-cache use (TGI does not; a custom engine when its config names it).</summary>
    public static bool ReadsKvCache(WorkloadSpec workload) =>
        workload.Engine == EngineKind.Custom ? workload.CustomMetrics?.KvCache is not null : For(workload.Engine).KvCacheUsage.Candidates.Count > 0;
}
