namespace Headroom.Fleet;

/// <summary>When a replica passes each start-up condition, in seconds of the fleet's clock, all drawn when it is created.</summary>
/// <param name="Created">When the replica (its pod) was created.</param>
/// <param name="Scheduled">When it was placed on a node (PodScheduled).</param>
/// <param name="Initialized">When its image was pulled and its init containers ran (Initialized).</param>
/// <param name="Ready">When the engine had loaded its weights and warmed up (ContainersReady and Ready).</param>
public readonly record struct ReplicaStartup(double Created, double Scheduled, double Initialized, double Ready)
{
    /// <summary>A replica that is ready the instant it exists, as a warm fleet's replicas are at the start of a replay.</summary>
    public static ReplicaStartup Warm(double at) => new(at, at, at, at);

    /// <summary>
    /// The start-up of a replica of several pods (<paramref name="pods"/>, at least one): created with its first pod,
    /// passing each condition when its last pod does.
    /// </summary>
    public static ReplicaStartup Slowest(ReadOnlySpan<ReplicaStartup> pods)
    {
        var group = pods[0];
        foreach (var p in pods[1..])
        {
            group = new ReplicaStartup(Math.Min(group.Created, p.Created), Math.Max(group.Scheduled, p.Scheduled),
                Math.Max(group.Initialized, p.Initialized), Math.Max(group.Ready, p.Ready));
        }
        return group;
    }

    /// <summary>The same start-up, <paramref name="seconds"/> later (earlier when negative).</summary>
    public ReplicaStartup ShiftedBy(double seconds) => new(Created + seconds, Scheduled + seconds, Initialized + seconds, Ready + seconds);
}
