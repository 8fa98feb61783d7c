namespace Headroom.Fleet.Tests;

// Replicas named replica-0, replica-1, … with cold starts drawn on a fixed seed.
internal sealed class CountedReplicas(ColdStartDistribution coldStart) : IReplicaProvisioner
{
    private readonly Random _random = new(1);
    private int _named;

    public string NextName() => $"replica-{_named++}";

    public ReplicaStartup ColdStart(double created) => coldStart.DrawStartup(created, _random);

    public ReplicaStartup Warm(double now) => ReplicaStartup.Warm(now);
}
