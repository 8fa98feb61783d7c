namespace Headroom.Signals.Sources.Prometheus;

/// <summary>Prometheus could not answer a query: unreachable, slow, an error status, or a body that is not its API's JSON.</summary>
public sealed class PrometheusException(string message, Exception? inner = null) : Exception(message, inner);
