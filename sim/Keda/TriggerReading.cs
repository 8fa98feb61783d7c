using Headroom.Sim.Hpa;

namespace Headroom.Sim.Keda;

/// <summary>What one trigger's scaler returns at one instant: a value, or an error.</summary>
public abstract record TriggerReading
{
    /// <summary>The scaler's metric value; <paramref name="active"/> overrides the activation test (value &gt; activation threshold), as an external scaler's IsActive does.</summary>
    public static TriggerReading Of(double value, bool? active = null) => new ValueReading(value, active);

    /// <summary>The scaler returned an error.</summary>
    public static TriggerReading Failed(string reason) => new FailedReading(reason);

    /// <summary>For a cpu or memory trigger: what the resource metrics API returns for the pods.</summary>
    public static TriggerReading Resource(PerPodSample sample) => new ResourceReading(sample);
}

/// <summary>A metric value from a scaler KEDA polls.</summary>
/// <param name="Value">The value, before KEDA turns it into a quantity.</param>
/// <param name="Active">The scaler's own activity answer, when it gives one; otherwise value &gt; activation threshold.</param>
public sealed record ValueReading(double Value, bool? Active) : TriggerReading;

/// <summary>A scaler error.</summary>
/// <param name="Reason">The error.</param>
public sealed record FailedReading(string Reason) : TriggerReading;

/// <summary>Per-pod usage for a cpu or memory trigger, which the HPA reads from the resource metrics API.</summary>
/// <param name="Sample">The usage and requests.</param>
public sealed record ResourceReading(PerPodSample Sample) : TriggerReading;
