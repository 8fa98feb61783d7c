namespace Headroom.Signals.Exposition;

/// <summary>One sample line: its full name (with any <c>_bucket</c>, <c>_sum</c>, <c>_count</c>, <c>_total</c> or <c>_created</c> suffix), labels, value and optional timestamp.</summary>
public readonly record struct Sample(string Name, LabelSet Labels, double Value, long? TimestampMs = null, Exemplar? Exemplar = null);
