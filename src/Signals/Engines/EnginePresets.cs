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
}
