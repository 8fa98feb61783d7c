namespace Headroom.Signals.Exposition;

/// <summary>An OpenMetrics exemplar: a reference, such as a trace id, attached to a sample.</summary>
public sealed record Exemplar(LabelSet Labels, double Value, long? TimestampMs = null);
