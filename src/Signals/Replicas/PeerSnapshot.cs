namespace Headroom.Signals.Replicas;

/// <summary>What one replica serves its peers: the latest signals of the workloads it owns.</summary>
/// <param name="Member">The replica's name.</param>
/// <param name="Generation">Counts the replica's cycles since it started; a peer asks for a later one.</param>
/// <param name="BuiltAt">When the cycle finished.</param>
/// <param name="Metrics">Catalog metric names, in the order of every value list below.</param>
/// <param name="Workloads">The owned workloads' signals.</param>
public sealed record PeerSnapshot(string Member, long Generation, DateTimeOffset BuiltAt, IReadOnlyList<string> Metrics, IReadOnlyList<PeerWorkload> Workloads);
