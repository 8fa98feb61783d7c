using Headroom.Fleet;
using MathNet.Numerics.Distributions;

namespace Headroom.Signals.Sources.Demo;

/// <summary>
/// Provisions a demo workload's pods: Kubernetes-style names, and start-ups drawn phase by phase and compressed;
/// a warm pod is back-dated so that it is serving already and its start-up still feeds the cold-start model.
/// </summary>
internal sealed class DemoReplicas(DemoWorkload workload, double compression, PodNamer namer, Func<string, bool> isTaken, Random random)
    : IReplicaProvisioner
{
    // How long a warm pod has been serving, in real seconds.
    private const double MinWarmAge = 30;
    private const double MaxWarmAge = 600;

    public string NextName() => namer.Next(isTaken);

    public ReplicaStartup ColdStart(double created) => workload.ColdStart.Draw(created, compression, random);

    public ReplicaStartup Warm(double now)
    {
        var fresh = ColdStart(now);
        var age = fresh.Ready - fresh.Created + ContinuousUniform.Sample(random, MinWarmAge, MaxWarmAge);
        return fresh.ShiftedBy(-age);
    }
}
