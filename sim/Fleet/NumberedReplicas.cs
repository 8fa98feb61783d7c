using Headroom.Fleet;

namespace Headroom.Sim.Fleet;

/// <summary>The simulator's replicas: numbered in creation order, each with a cold start drawn from the fleet's distribution on its seeded stream.</summary>
internal sealed class NumberedReplicas(ColdStartDistribution coldStart, int seed, string prefix = "replica") : IReplicaProvisioner
{
    private readonly Random _random = new(seed);
    private int _named;

    public string NextName() => $"{prefix}-{_named++:D4}";

    public ReplicaStartup ColdStart(double created) => coldStart.DrawStartup(created, _random);

    public ReplicaStartup Warm(double now) => ReplicaStartup.Warm(now);
}
