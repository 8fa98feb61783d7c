namespace Headroom.Sim.Replay;

/// <summary>One thing for each role of a prefill/decode replay.</summary>
/// <param name="Prefill">The prefill role's.</param>
/// <param name="Decode">The decode role's.</param>
public sealed record RolePair<T>(T Prefill, T Decode);
