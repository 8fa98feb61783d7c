namespace Headroom.Sim.Keda;

/// <summary>A ScaledObject manifest that does not parse, that KEDA would reject, or that the simulator cannot model; the message names the field.</summary>
public sealed class ScaledObjectException(string message, Exception? inner = null) : Exception(message, inner);
