using Headroom.Fleet;

namespace Headroom.Signals.Sources.Demo;

/// <summary>Start-up phases of a new demo pod, each a duration in simulated seconds (divided by the cold-start compression).</summary>
/// <param name="Scheduling">From creation until the PodScheduled condition.</param>
/// <param name="ImagePullAndInit">From PodScheduled until Initialized: image pull and init containers.</param>
/// <param name="ModelLoadAndWarmUp">From Initialized until ContainersReady and Ready: weights load, warm-up, readiness probe.</param>
public sealed record DemoColdStart(LogNormal Scheduling, LogNormal ImagePullAndInit, LogNormal ModelLoadAndWarmUp)
{
    /// <summary>Mean of the whole start-up, in simulated seconds.</summary>
    public double MeanSeconds => Scheduling.Mean + ImagePullAndInit.Mean + ModelLoadAndWarmUp.Mean;

    /// <summary>Draws the start-up of a pod created at <paramref name="created"/> seconds, its phases divided by <paramref name="compression"/>.</summary>
    internal ReplicaStartup Draw(double created, double compression, Random random)
    {
        var scheduled = created + Scheduling.Sample(random) / compression;
        var initialized = scheduled + ImagePullAndInit.Sample(random) / compression;
        return new ReplicaStartup(created, scheduled, initialized, initialized + ModelLoadAndWarmUp.Sample(random) / compression);
    }

    internal void Validate(string workload)
    {
        Scheduling.Validate($"Scheduling of demo workload '{workload}'");
        ImagePullAndInit.Validate($"Image pull of demo workload '{workload}'");
        ModelLoadAndWarmUp.Validate($"Model load of demo workload '{workload}'");
    }
}
