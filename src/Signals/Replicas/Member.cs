namespace Headroom.Signals.Replicas;

/// <summary>A live replica of the group: its name and the address its peers read its snapshot from.</summary>
/// <param name="Identity">The replica's name.</param>
/// <param name="PeerAddress">Its HTTPS base address; null when its Lease names none.</param>
public sealed record Member(string Identity, Uri? PeerAddress);
