namespace Headroom.Signals.Replicas;

/// <summary>One ready pod's signals in a <see cref="PeerWorkload"/>.</summary>
/// <param name="Name">The pod's name.</param>
/// <param name="Labels">Its labels.</param>
/// <param name="Node">Its node, when known.</param>
/// <param name="Values">Its values in the snapshot's metric order; null where missing.</param>
public sealed record PeerPod(string Name, IReadOnlyDictionary<string, string> Labels, string? Node, IReadOnlyList<double?> Values);
