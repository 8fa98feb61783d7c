namespace Headroom.Sim.Hpa;

/// <summary>An HPA manifest that does not parse, or that the API server would reject.</summary>
public sealed class HpaSpecException(string message, Exception? inner = null) : Exception(message, inner);
