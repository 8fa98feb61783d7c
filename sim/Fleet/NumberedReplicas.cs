using Headroom.Fleet;

namespace Headroom.Sim.Fleet;

/// <summary>
/// The simulator's replicas: numbered in creation order, each with a cold start drawn from the fleet's distribution on
/// its seeded stream. A replica of several pods draws one start-up per pod, and passes each condition when its last pod does.
/// </summary>
internal sealed class NumberedReplicas(ColdStartDistribution coldStart, int seed, int podsPerReplica = 1, string prefix = "replica") : IReplicaProvisioner
{
    private readonly Random _random = new(seed);
    private int _named;

    public string NextName() => $"{prefix}-{_named++:D4}";

    public ReplicaStartup ColdStart(double created) => ReplicaStartup.Slowest(ColdStartPods(created));

    public ReplicaStartup[] ColdStartPods(double created)
    {
        var pods = new ReplicaStartup[podsPerReplica];
        for (var pod = 0; pod < pods.Length; pod++) pods[pod] = coldStart.DrawStartup(created, _random);
        return pods;
    }

    public ReplicaStartup Warm(double now) => ReplicaStartup.Warm(now);
}
