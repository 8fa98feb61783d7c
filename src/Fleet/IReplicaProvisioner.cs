namespace Headroom.Fleet;

/// <summary>Provisions a fleet's new replicas: a name no replica of the fleet has had, and a start-up drawn at creation.</summary>
public interface IReplicaProvisioner
{
    /// <summary>A fresh replica name.</summary>
    string NextName();

    /// <summary>The start-up of a replica created at <paramref name="created"/> seconds.</summary>
    ReplicaStartup ColdStart(double created);

    /// <summary>
    /// The start-up of each pod of a replica created at <paramref name="created"/>, leader first; the replica passes
    /// each condition when its last pod does (<see cref="ReplicaStartup.Slowest"/>). One pod, by default.
    /// </summary>
    ReplicaStartup[] ColdStartPods(double created) => [ColdStart(created)];

    /// <summary>The start-up of a replica that is already serving at <paramref name="now"/>, for a fleet that starts warm.</summary>
    ReplicaStartup Warm(double now);
}
