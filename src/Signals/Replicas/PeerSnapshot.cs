namespace Headroom.Signals.Replicas;

/// <summary>Who sent a peer snapshot and which of its cycles it is.</summary>
/// <param name="Member">The replica's name.</param>
/// <param name="Generation">Counts the replica's cycles since it started; a peer asks for a later one.</param>
/// <param name="BuiltAt">When the cycle finished.</param>
public sealed record PeerSnapshot(string Member, long Generation, DateTimeOffset BuiltAt);
