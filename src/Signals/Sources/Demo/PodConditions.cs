using Headroom.Fleet;

namespace Headroom.Signals.Sources.Demo;

/// <summary>A demo pod's start-up as Kubernetes shows it at an instant: conditions not yet reached are absent.</summary>
/// <remarks>ContainersReady and Ready coincide: the demo pods have no readiness gates.</remarks>
internal static class PodConditions
{
    /// <summary>The lifecycle of pod <paramref name="name"/> as of <paramref name="asOf"/> seconds after <paramref name="origin"/>.</summary>
    public static PodLifecycle Lifecycle(string name, ReplicaStartup startup, double asOf, DateTimeOffset origin)
    {
        DateTimeOffset? Reached(double at) => at <= asOf ? origin + TimeSpan.FromSeconds(at) : null;
        return new PodLifecycle(name, origin + TimeSpan.FromSeconds(startup.Created), Reached(startup.Scheduled),
            Reached(startup.Initialized), Reached(startup.Ready), Reached(startup.Ready));
    }
}
