namespace Headroom.Signals.Exposition;

/// <summary>A metric family: its metadata and its samples in page order. Equal when all of those are equal.</summary>
/// <param name="Name">The family name; for OpenMetrics counters it lacks the <c>_total</c> that their samples carry.</param>
/// <param name="Type">The declared type, or untyped/unknown when there was no TYPE line.</param>
/// <param name="Help">The unescaped HELP text, or null when absent or empty.</param>
/// <param name="Unit">The OpenMetrics UNIT, or null when absent or empty.</param>
/// <param name="Samples">The family's samples in page order.</param>
public sealed record MetricFamily(string Name, MetricType Type, string? Help, string? Unit, IReadOnlyList<Sample> Samples)
{
    /// <summary>Whether both families have the same metadata and the same samples in the same order.</summary>
    public bool Equals(MetricFamily? other) =>
        other is not null
        && Name == other.Name
        && Type == other.Type
        && Help == other.Help
        && Unit == other.Unit
        && Samples.SequenceEqual(other.Samples);

    /// <summary>A hash of the metadata and the sample count.</summary>
    public override int GetHashCode() => HashCode.Combine(Name, Type, Help, Unit, Samples.Count);
}
