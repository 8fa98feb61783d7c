namespace Headroom.Signals.Snapshots;

/// <summary>How many of a workload's ready pods run one engine version under one generation of metric names.</summary>
/// <param name="Version">The version read off the pods' image, or <c>unknown</c> (no pod list, a moving tag, a digest alone).</param>
/// <param name="Names"><see cref="Current"/> when every reading came from the preset's newest names, <see cref="Older"/> when a pod read one the engine has renamed since.</param>
/// <param name="Pods">Ready pods (replicas, for grouped workloads) with this version and names.</param>
public sealed record EngineVersionPods(string Version, string Names, int Pods)
{
    /// <summary>The names generation of pods read through the preset's newest names only.</summary>
    public const string Current = "current";

    /// <summary>The names generation of pods that served at least one reading under an older name.</summary>
    public const string Older = "older";
}
