using Headroom.Fleet;
using Headroom.Signals.Snapshots;
using Headroom.Sim.Hpa;

namespace Headroom.Sim.Replay;

/// <summary>
/// An autoscaler the replay drives: every <see cref="Period"/> it sees the scale target and the signal snapshot the
/// adapter would serve, and sets the replica count. The HPA model is one; a KEDA model plugs in the same way.
/// </summary>
public interface IReplicaController
{
    /// <summary>Time between syncs.</summary>
    TimeSpan Period { get; }

    /// <summary>The replicas to start with when the fleet gives none.</summary>
    int InitialReplicas { get; }

    /// <summary>The manifest's field that bounds the scale from above, as its users know it.</summary>
    string MaxReplicasField => "maxReplicas";

    /// <summary>One sync: the scale the target should have.</summary>
    ControllerDecision Sync(ControllerView view);
}

/// <summary>What a controller observes at one sync.</summary>
/// <param name="Now">Time since the replay's start.</param>
/// <param name="CurrentReplicas">The scale's spec.replicas: pending and ready replicas, not terminating ones.</param>
/// <param name="Pods">The pods the scale's selector selects: name and whether ready (terminating pods excluded).</param>
/// <param name="Metrics">The metrics APIs, answering from the adapter's latest snapshot.</param>
public sealed record ControllerView(TimeSpan Now, int CurrentReplicas, IReadOnlyList<(string Name, bool Ready)> Pods, SnapshotMetrics Metrics)
{
    /// <summary>What a controller observes of <paramref name="fleet"/> at replay time <paramref name="now"/>, reading <paramref name="metrics"/>.</summary>
    internal static ControllerView Of(FleetModel fleet, double now, SnapshotMetrics metrics)
    {
        var pods = new List<(string Name, bool Ready)>(fleet.Replicas.Count);
        foreach (var p in fleet.Replicas)
        {
            if (!p.Terminating) pods.Add((p.Name, p.ReadyAt <= now));
        }
        // The scale counts the replicas not terminating: these pods.
        return new ControllerView(TimeSpan.FromSeconds(now), pods.Count, pods, metrics);
    }
}

/// <summary>A controller's decision.</summary>
/// <param name="DesiredReplicas">The scale it set.</param>
/// <param name="Proposal">What the metrics asked for before stabilization and limits, when there was a proposal.</param>
public sealed record ControllerDecision(int DesiredReplicas, int? Proposal)
{
    /// <summary>The limit that held the scale away from the controller's recommendation, as the HPA's ScalingLimited condition names it.</summary>
    public ScalingLimit Limited { get; init; }
}
