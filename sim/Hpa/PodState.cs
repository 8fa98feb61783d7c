namespace Headroom.Sim.Hpa;

/// <summary>The pod phases the controller tells apart.</summary>
public enum PodPhase
{
    /// <summary>Scheduled and started.</summary>
    Running,
    /// <summary>Not yet running; the controller counts it as unready.</summary>
    Pending,
    /// <summary>Failed; the controller ignores it.</summary>
    Failed,
}

/// <summary>A pod selected by the scale target, as the controller's pod lister sees it.</summary>
/// <param name="Name">Pod name; metric samples are keyed by it.</param>
/// <param name="Phase">status.phase.</param>
/// <param name="Ready">The Ready condition. For cpu it stands for the controller's whole readiness test (see groupPods).</param>
/// <param name="Deleting">metadata.deletionTimestamp is set; the controller ignores the pod.</param>
public sealed record PodState(string Name, PodPhase Phase = PodPhase.Running, bool Ready = true, bool Deleting = false);
