namespace Headroom.Signals.Sources;

/// <summary>
/// A source that cannot list pods saw none of a workload's: it cannot tell a workload without pods from one whose
/// readings it lost, so it refuses to answer rather than serve zeros.
/// </summary>
public sealed class PodsUnknownException(string message) : Exception(message);
