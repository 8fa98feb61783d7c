namespace Headroom.Signals.Sources.Demo;

/// <summary>When a demo pod passes each start-up condition, all drawn when the pod is created.</summary>
/// <remarks>ContainersReady and Ready coincide: the demo pods have no readiness gates.</remarks>
internal sealed record PodTimeline(DateTimeOffset Created, DateTimeOffset Scheduled, DateTimeOffset Initialized, DateTimeOffset Ready)
{
    public TimeSpan Total => Ready - Created;

    public static PodTimeline Draw(DateTimeOffset created, DemoColdStart coldStart, double compression, Random random)
    {
        var scheduled = created + Compressed(coldStart.Scheduling.Sample(random), compression);
        var initialized = scheduled + Compressed(coldStart.ImagePullAndInit.Sample(random), compression);
        var ready = initialized + Compressed(coldStart.ModelLoadAndWarmUp.Sample(random), compression);
        return new PodTimeline(created, scheduled, initialized, ready);
    }

    public PodTimeline ShiftedBy(TimeSpan offset) =>
        new(Created + offset, Scheduled + offset, Initialized + offset, Ready + offset);

    public bool IsReadyAt(DateTimeOffset at) => Ready <= at;

    /// <summary>The timeline as Kubernetes would show it at <paramref name="asOf"/>: conditions not yet reached are absent.</summary>
    public PodLifecycle ToLifecycle(string podName, DateTimeOffset asOf) => new(
        podName,
        Created,
        Reached(Scheduled, asOf),
        Reached(Initialized, asOf),
        Reached(Ready, asOf),
        Reached(Ready, asOf));

    private static DateTimeOffset? Reached(DateTimeOffset at, DateTimeOffset asOf) => at <= asOf ? at : null;

    private static TimeSpan Compressed(double simulatedSeconds, double compression) =>
        TimeSpan.FromSeconds(simulatedSeconds / compression);
}
