namespace Headroom.Signals.Snapshots;

/// <summary>The signals of one ready pod.</summary>
/// <param name="Name">Pod name.</param>
/// <param name="Labels">Pod labels.</param>
/// <param name="Node">Node it runs on, when known.</param>
/// <param name="Values">Its metric values, including its share of workload-level metrics.</param>
public sealed record PodSignals(string Name, IReadOnlyDictionary<string, string> Labels, string? Node, MetricValues Values);
