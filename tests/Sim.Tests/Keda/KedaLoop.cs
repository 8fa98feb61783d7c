using Headroom.Sim.Hpa;
using Headroom.Sim.Keda;

namespace Headroom.Sim.Tests.Keda;

// Ticks one KedaController and makes the scale target follow each decision at once.
internal sealed class KedaLoop(ScaledObject scaledObject, int replicas, KedaControllerOptions? options = null)
{
    public KedaController Controller { get; } = new(scaledObject, options);

    public int Replicas => replicas;

    public static TriggerReading Value(double value) => TriggerReading.Of(value);

    public static TriggerReading Error { get; } = TriggerReading.Failed("connection refused");

    public KedaDecision At(double seconds, params TriggerReading[] readings) => At(seconds, null, readings);

    public KedaDecision At(double seconds, IReadOnlyList<PodState>? pods, params TriggerReading[] readings)
    {
        var decision = Controller.Tick(TimeSpan.FromSeconds(seconds), readings, replicas, pods);
        replicas = decision.DesiredReplicas;
        return decision;
    }

    // Ticks every 15 s from `from` to `to` with the same readings; returns the decisions by time.
    public Dictionary<double, KedaDecision> Every15s(double from, double to, params TriggerReading[] readings)
    {
        var decisions = new Dictionary<double, KedaDecision>();
        for (var t = from; t <= to; t += 15)
        {
            decisions[t] = At(t, readings);
        }
        return decisions;
    }
}
