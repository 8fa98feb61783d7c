namespace Headroom.Sim.Hpa;

// An error the controller gets while computing one metric's proposal; it makes that metric invalid
// for the sync, as an error return does in replica_calculator.go.
internal sealed class MetricException(string message) : Exception(message);
