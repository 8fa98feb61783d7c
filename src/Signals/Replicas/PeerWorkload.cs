using Headroom.Signals.Snapshots;

namespace Headroom.Signals.Replicas;

/// <summary>One workload's signals in a <see cref="PeerSnapshot"/>.</summary>
/// <param name="Namespace">The workload's namespace.</param>
/// <param name="Name">The workload's name.</param>
/// <param name="ObservedAt">Its owner's last successful observation; null before the first.</param>
/// <param name="LastError">Why the owner's latest observation failed, when it did.</param>
/// <param name="Values">Workload values in the snapshot's metric order; null where missing.</param>
/// <param name="Pods">Ready pods and their values.</param>
/// <param name="Decision">The desired-replicas decision and its inputs.</param>
/// <param name="OlderNames">Renamed engine metric names still read.</param>
public sealed record PeerWorkload(string Namespace, string Name, DateTimeOffset? ObservedAt, string? LastError, IReadOnlyList<double?> Values,
    IReadOnlyList<PeerPod> Pods, ReplicaDecision? Decision, IReadOnlyList<string>? OlderNames);
